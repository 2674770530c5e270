"""What page furniture says, as data: the last resort after the text signals.

Every list here is matched against whole, short lines (or their start), never
searched inside article paragraphs, so a story that mentions "cookies" or
"newsletters" keeps its sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

T = TypeVar("T")
MEMO_LINES = 1 << 16  # distinct lines whose verdicts are remembered


def memo_lines(limit: int, longer: T) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Remember a pure verdict on lines of up to `limit` characters; a longer
    text gets `longer` without a look. A site prints the same menus, share
    bars and credits on every page, so each is judged once; paragraphs are
    never kept (a cache of them would hold a corpus's text)."""

    def wrap(function: Callable[[str], T]) -> Callable[[str], T]:
        remembered = lru_cache(maxsize=MEMO_LINES)(function)

        @wraps(function)
        def verdict(text: str) -> T:
            return longer if len(text) > limit else remembered(text)

        return verdict

    return wrap


# Lines that are furniture whatever surrounds them. This pattern and the next
# are written in lower case and matched against the lowered line: that is
# twice as fast as IGNORECASE, which folds case at every comparison.
FURNITURE = re.compile(
    r"""^(?:
        an?\ icon\ (?:of|representing|that|used|indicating|displaying)\b
      | \[\[[^\]]*\]\]
      | \{\{[^}]*\}\}
      | (?:already\ a\ subscriber|subscribe|subscribers?\ only|sign\ (?:in|up)|log\ ?in|register|create\ an?\ account)\b.{0,80}$
      | (?:advertisement|advertising|sponsored(?:\ content)?|ad|promoted|anzeige|publicité|publicidad)$
      | (?:share|tweet|email|print|comment|comments|reply|like|follow|save|copy\ link|whatsapp|facebook|twitter|linkedin|pinterest|reddit|flipboard)(?:\ (?:this|on\ \w+|via\ \w+|article|story|link))*\s*:?$
      | click\ to\ (?:share|print|email)\b.*$
      | share\ (?:on|to|via|this)\b.{0,60}$
      | (?:read|see|view|show|load)\ (?:more|all|less)\b.{0,40}$
      | (?:read\ also|also\ read|read\ more|more|see\ also|related|lire\ aussi|à\ lire\ aussi|voir\ aussi|leia\ (?:também|mais)|veja\ também|leer\ más|lee\ también|ver\ también|leggi\ anche|vedi\ anche|mehr\ zum\ thema|lesen\ sie\ auch|auch\ interessant|baca\ juga|simak\ juga|читайте\ также|смотрите\ также|関連記事|관련\ 기사)\s*[:：].{0,200}$
      | (?:©|\(c\)\ |copyright\b).{0,200}$
      | all\ rights\ reserved.{0,80}$
      | (?:accept|reject|manage)\ (?:all\ )?cookies.{0,40}$
      | (?:skip\ to|jump\ to|back\ to\ top|go\ to)\b.{0,40}$
      | (?:most\ (?:read|popular|viewed|shared|commented)|trending(?:\ now)?|related(?:\ (?:articles?|stories|posts|content|coverage|news))?|more\ (?:from|stories|news|on)\b.{0,60}|editor'?s\ picks|recommended(?:\ for\ you)?|you\ (?:may|might)\ also\ like|don'?t\ miss|popular\ (?:now|stories)|top\ stories|latest\ (?:news|stories)|also\ on\ \w+)$
      | (?:leave\ a\ (?:reply|comment)|post\ a\ comment|\d+\ comments?|join\ the\ (?:conversation|discussion))\b.{0,40}$
      | (?:newsletter|sign\ up\ for\ (?:our|the)\b).{0,120}$
      | (?:tags?|topics?|filed\ under|categories|category)\s*:.{0,200}$
      | (?:image|photo|video)\ \d+\ of\ \d+$
      | \d+\ of\ \d+$
      | (?:loading|please\ wait)\W*$
      | (?:menu|search|home|close|open|next|previous|prev|back|more|toggle\ navigation|navigation)$
    )""",
    re.VERBOSE,
)

# Headings after which the page stops being the article.
END_OF_ARTICLE = re.compile(
    r"""^(?:
        most\ (?:read|popular|viewed|shared|commented)
      | more\ from\b.{0,60}
      | (?:meistgelesen|am\ meisten\ gelesen|les\ plus\ lus|lo\ más\ leído|más\ leídas|mais\ lidas|più\ letti|terpopuler|самое\ читаемое|популярное)
      | (?:kommentare|commentaires|comentarios|comentários|commenti|komentar|комментарии)(?:\ \(\d+\))?
      | related(?:\ (?:articles?|stories|posts|content|coverage|news|topics))?
      | (?:you\ (?:may|might)\ also\ like|recommended(?:\ for\ you)?|read\ next|what\ to\ read\ next|editor'?s\ picks|popular\ (?:now|stories)|top\ stories|latest\ (?:news|stories)|trending(?:\ now)?)
      | (?:вам\ (?:также\ )?(?:может\ быть\ интересно|может\ понравиться)|похожие\ (?:статьи|записи|новости)|das\ könnte\ sie\ auch\ interessieren|ähnliche\ artikel|weitere\ artikel|vous\ aimerez\ aussi|sur\ le\ même\ sujet|articles\ similaires|(?:también\ )?te\ puede\ interesar|(?:artículos|noticias)\ relacionad[oa]s|você\ também\ pode\ gostar|(?:notícias|artigos)\ relacionad[oa]s|potrebbe\ interessarti(?:\ anche)?|articoli\ correlati|(?:berita|artikel)\ terkait|おすすめ記事|많이\ 본\ 뉴스)
      | (?:comments?|\d+\ comments?|leave\ a\ (?:reply|comment)|post\ a\ comment|join\ the\ (?:conversation|discussion))
      | already\ a\ subscriber\?.{0,40}
      | share\ this\ (?:article|story):?
    )\W*$""",
    re.VERBOSE,
)


_COOKIES = re.compile(
    r"\b(?:uses?|use of|accept|consent|such as|store)\b.{0,80}\bcookies\b"
    r"|\bcookies\b.{0,200}\b(?:partners|consent|preferences|privacy policy)\b",
    re.IGNORECASE,
)


@memo_lines(400, (False, False))
def line_verdicts(text: str) -> tuple[bool, bool]:
    """(is_furniture, ends_article) of a line. The one is asked of every line
    and the other of most: both come from one lowering and one memo entry."""
    lowered = text.lower()
    furniture = (
        ("ookie" in text or "OOKIE" in text) and _COOKIES.search(text) is not None
    ) or FURNITURE.match(lowered) is not None
    ends = len(text) <= 80 and END_OF_ARTICLE.match(lowered) is not None
    return furniture, ends


def is_furniture(text: str) -> bool:
    return line_verdicts(text)[0]


def ends_article(text: str) -> bool:
    return line_verdicts(text)[1]


# Headings that open the readers' comments ...
COMMENTS = re.compile(
    r"""^(?:
        (?:\d+\ )?(?:comments|responses|replies)(?:\ \(\d+\))?
      | \d+\ (?:comment|response|reply)
      | \d+\ (?:comments?|responses?|replies|thoughts)\ (?:to|on)\ .{1,200}
      | (?:leave\ a\ (?:reply|comment)|post\ a\ comment|add\ a\ comment)(?:\ cancel\ reply)?
      | (?:добавить|оставить)\ комментарий(?:\ отменить\ ответ)?
      | (?:schreibe\ einen|kommentar)\ (?:kommentar|verfassen|schreiben)(?:\ antworten\ abbrechen)?
      | laisser\ un(?:e\ réponse|\ commentaire)(?:\ annuler\ la\ réponse)?
      | (?:deja|dejar)\ un(?:\ comentario|a\ respuesta)(?:\ cancelar\ respuesta)?
      | deixe\ um(?:\ comentário|a\ resposta)(?:\ cancelar\ resposta)?
      | lascia\ un(?:\ commento|a\ risposta)(?:\ annulla\ risposta)?
      | tinggalkan\ (?:balasan|komentar)(?:\ batalkan\ balasan)?
      | comments\ are\ closed
      | join\ the\ (?:conversation|discussion)|show\ comments|view\ comments
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)
# ... and the first comment itself, "Ann says:": a pattern of its own, tried
# only on lines with a colon (it costs more than the headings together).
COMMENT_BY_READER = re.compile(
    r"""^(?:
        \S{1,40}\ (?:says|wrote):
      | .{1,60}\ on\ .{4,40}\d.{0,30}\ (?:said|says|wrote):
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)


@memo_lines(120, False)
def starts_comments(text: str) -> bool:
    return COMMENTS.match(text) is not None or (
        ":" in text and COMMENT_BY_READER.match(text) is not None
    )


_PROMOTION = re.compile(
    r"\b(?:subscribe|subscription|subscribing|sign\ up|newsletter|download\ (?:our|the)\ app)\b",
    re.IGNORECASE,
)


def is_promotion(text: str) -> bool:
    """A call to subscribe or sign up (under a promotional image, say)."""
    return _PROMOTION.search(text) is not None
