"""Write the hostile corpus: scraped files that try to crash, hang or take over the reader.

    python tests/data/make_hostile.py [FOLDER]     (default: tests/data/hostile)

Everything is made here, deterministically, so the committed files can be
checked against this script (tests/test_hostile.py does). Cases too big to
commit (a folder of 50,000 empty files) are made by the tests in tmp_path;
`empty_files()` below is the shared recipe.

What is in it:

  escapes.raw.txt        ESC/CSI/OSC: colours, cursor moves, clear screen, OSC 52
                         clipboard write, OSC 8 link, window title, DCS, 8-bit CSI
  controls.raw.txt       every C0 control but NUL, DEL, every C1 control, CR tricks
  bidi.raw.txt           U+202A–U+202E and U+2066–U+2069 in title, byline and body
  markup.raw.txt         Rich markup, Textual content markup and Markdown in the
                         title, byline, captions and paragraphs
  markup.clean.txt       the same as a clean text (every paragraph is kept)
  pair/story.raw.txt     a raw dump and its clean text, escapes in both, so the
  pair/story.clean.txt   article has two versions and the diff shows them
  lynx.txt               a `lynx -dump` with escapes in link text and references
  utf16-escapes.txt      UTF-16 with a BOM, escapes inside
  dump-20000-lines.txt   a 20,000-line page dump
  paragraph-1mb.txt      a 1 MB paragraph
  word-100k.clean.txt    a 100,000-character word
  captions-10000.txt     a page with 10,000 captions
  nested/d/d/…/deep.txt  a file 100 folders down
  names/                 file names with a newline, invalid UTF-8 bytes, an ESC
                         sequence, a bidi override, markup and C1 controls
  nul.txt, empty.txt, blank.txt, only-controls.txt   files with no article
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_FOLDER = HERE / "hostile"

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"

# Every escape a page could use to take over a terminal, with a name for each.
ESCAPES = {
    "red": ESC + "[31m",
    "reset": ESC + "[0m",
    "bold-blink": ESC + "[1;5m",
    "truecolour": ESC + "[38;2;255;0;0m",
    "clear-screen": ESC + "[2J" + ESC + "[H",
    "cursor-up": ESC + "[10A",
    "cursor-to": ESC + "[5;20H",
    "erase-line": ESC + "[2K",
    "save-restore": ESC + "7" + ESC + "8",
    "alt-screen": ESC + "[?1049h",
    "hide-cursor": ESC + "[?25l",
    "mouse-on": ESC + "[?1000h",
    "osc52-clipboard": ESC + "]52;c;cm0gLXJmIH4vKgo=" + BEL,  # base64 of "rm -rf ~/*"
    "osc8-link": ESC + "]8;;https://evil.example/" + ST + "innocent link" + ESC + "]8;;" + ST,
    "title": ESC + "]0;pwned window title" + BEL,
    "title-st": ESC + "]2;another title" + ST,
    "dcs": ESC + "P1$r0m" + ST,
    "c1-csi": "\x9b31m",  # the 8-bit CSI, as a code point
    "c1-osc": "\x9d0;c1 title\x9c",
    "device-status": ESC + "[6n",  # asks the terminal to type a reply
}
C0 = [chr(c) for c in range(1, 0x20) if c not in (0x09, 0x0A, 0x0D)]
C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]

RICH_MARKUP = [
    "[bold]bold[/bold]",
    "[bold red]alarm[/]",
    "[link=https://evil.example]click here[/link]",
    "[@click=app.quit]quit the app[/]",
    "[@click=app.bell]ring[/]",
    "[/]",
    "[$100]",
    "[on red]",
    "[blink reverse]",
    "\\[escaped]",
]
TEXTUAL_MARKUP = [
    "[b $accent]accent[/]",
    "$accent",
    "[$text-error]error[/]",
    "[@click=screen.dismiss]dismiss[/]",
    "[link='https://evil.example']quoted link[/link]",
    "{{ template }}",
]
MARKDOWN = [
    "# A heading in the text",
    "## Another heading",
    "[a link](https://evil.example/)",
    "![an image](https://evil.example/pixel.png)",
    "<script>alert(1)</script>",
    "<b>html bold</b> <img src=x onerror=alert(1)>",
    "| col a | col b |",
    "|-------|-------|",
    "* a list item",
    "1. a numbered item",
    "> a quote",
    "```python",
    "---",
    "**strong** and _em_ and `code`",
    "&amp; &lt;tag&gt; &#x1b;",
    "<https://autolink.example>",
]

VOCABULARY = (
    "the harbour board met on Tuesday to discuss budget councillors said dredging plan "
    "would cost more than expected fishermen welcomed decision but asked for consultation "
    "next meeting scheduled March spokesman declined comment figures storm coast wall "
    "bridge closed residents evening ferry service village mayor engineers report"
)
WORDS = tuple(VOCABULARY.split())


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def prose(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def nav() -> str:
    return "\n".join(["Home", "News", "Sport", "Weather", "Sign in", "Subscribe", "Menu", ""])


def page(title: str, byline: str, published: str, paragraphs: list[str], tail: str = "") -> str:
    """An innerText-style dump: navigation, headline block, one block per paragraph."""
    body = "\n\n".join(paragraphs)
    return f"{nav()}\n{title}\n\n{byline}\n{published}\n\n{body}\n\nMost Read\n\n{tail}Sign in\n"


def escapes_raw(rng: random.Random) -> str:
    names = list(ESCAPES)
    paragraphs = []
    for index, name in enumerate(names):
        seq = ESCAPES[name]
        paragraphs.append(
            f"Paragraph {index} hides {name} here {seq}right in the middle{ESCAPES['reset']} "
            f"of the sentence. {prose(rng, 3)}"
        )
    paragraphs.append("All escapes at once: " + "".join(ESCAPES.values()) + " " + prose(rng, 3))
    title = f"Harbour {ESCAPES['red']}board{ESCAPES['reset']} news {ESCAPES['title']}today"
    byline = f"By Ann {ESCAPES['osc52-clipboard']}Reporter"
    return page(title, byline, "12 March 2026", paragraphs)


def controls_raw(rng: random.Random) -> str:
    paragraphs = []
    for start in range(0, len(C0), 4):
        chunk = "".join(C0[start : start + 4])
        paragraphs.append(f"C0 controls {chunk} inside words{chunk}here. {prose(rng, 3)}")
    for start in range(0, len(C1), 4):
        chunk = "".join(C1[start : start + 4])
        paragraphs.append(f"C1 controls {chunk} inside words{chunk}here. {prose(rng, 3)}")
    paragraphs.append(f"A carriage return overwrites:\rEVIL text after it. {prose(rng, 3)}")
    paragraphs.append(f"Backspaces hide\b\b\b\bwords and DEL\x7f too. {prose(rng, 3)}")
    title = "Controls \x07 bell \x08 backspace \x0b tab \x9b in the headline today"
    return page(title, "By Con\x00trol Person".replace("\x00", "\x01"), "1 April 2026", paragraphs)


def bidi_raw(rng: random.Random) -> str:
    paragraphs = []
    for mark in BIDI:
        paragraphs.append(
            f"Override U+{ord(mark):04X} {mark}reversed text here\u202c then back. {prose(rng, 3)}"
        )
    paragraphs.append(
        "Trojan source: access\u202e\u2066// check if admin\u2069\u2066 level. " + prose(rng, 3)
    )
    title = "Bidi \u202eeltit desrever\u202c headline about the harbour"
    return page(title, "By \u2067Isolate\u2069 Writer", "2 May 2026", paragraphs)


def _markup_paragraphs(rng: random.Random) -> list[str]:
    paragraphs = []
    for index, piece in enumerate(RICH_MARKUP + TEXTUAL_MARKUP):
        paragraphs.append(
            f"Markup {index}: {piece} stays literal in this paragraph. {prose(rng, 2)}"
        )
    for piece in MARKDOWN:
        paragraphs.append(f"{piece} {prose(rng, 2)}")
    paragraphs.append(
        "A table in prose: | a | b | then |---|---| and | 1 | 2 | with more words. " + prose(rng, 2)
    )
    return paragraphs


def markup_raw(rng: random.Random) -> str:
    paragraphs = _markup_paragraphs(rng)
    caption = "The [bold]harbour[/bold] wall [@click=app.quit]at dusk[/] in a photo"
    paragraphs.insert(3, caption)
    paragraphs.insert(4, caption + " (Photo: [link=https://evil.example]Agency[/link]/AP)")
    title = (
        "[bold]Breaking[/bold] [@click=app.quit]news[/] # about [link=https://x.example]x[/link]"
    )
    return page(title, "By [red]Nobody[/red] *Star*", "3 June 2026", paragraphs)


def markup_clean(rng: random.Random) -> str:
    lead = "[@click=app.quit]Lead caption[/] with [bold]markup[/] (Photo: [i]Agency[/i]/AP)"
    return f" date 2026-06-03 {lead}\n\n" + "\n\n".join(_markup_paragraphs(rng)) + "\n"


def story_pair(rng: random.Random) -> tuple[str, str]:
    paragraphs = [prose(rng, 4) for _ in range(10)]
    paragraphs[1] = f"The {ESCAPES['red']}red{ESCAPES['reset']} flag was raised. " + paragraphs[1]
    paragraphs[4] = f"Copy this {ESCAPES['osc52-clipboard']}now [bold]please[/]. " + paragraphs[4]
    paragraphs[7] = f"Reversed \u202etext\u202c and {ESCAPES['osc8-link']}. " + paragraphs[7]
    raw = page(
        f"Storm {ESCAPES['title']}hits the {ESCAPES['red']}coast{ESCAPES['reset']}",
        "By Ann Reporter",
        "10 February 2026",
        [*paragraphs[:8], "An old paragraph that the clean text dropped, with \x1b[2J in it."],
    )
    edited = list(paragraphs)
    edited[2] = edited[2].replace("harbour", "port", 1) + " An added sentence [@click=app.quit]."
    edited[5] = f"{ESCAPES['clear-screen']}Inserted paragraph [link=https://evil.example]x[/]."
    lead = f"The {ESCAPES['red']}sea wall{ESCAPES['reset']} at dusk (Jo Lens/AP)"
    clean = f" date 2026-02-10 {lead}\n\n" + "\n\n".join(edited) + "\n"
    return raw, clean


def lynx(rng: random.Random) -> str:
    lines = ["   [1]Home [2]News [3]Sport", "", "Lynx headline with \x1b[31mred\x1b[0m", ""]
    for _ in range(12):
        text = prose(rng, 3) + " [4]link \x1b]8;;https://evil.example\x1b\\text\x1b]8;;\x1b\\."
        words = text.split()
        line = "  "
        for word in words:
            if len(line) + 1 + len(word) > 76:
                lines.append(line)
                line = "  "
            line += " " + word
        lines.append(line)
        lines.append("")
    lines += ["References", ""]
    lines += [f"   {n}. https://evil.example/\x1b[31m{n}" for n in range(1, 6)]
    return "\n".join(lines) + "\n"


def dump_lines(rng: random.Random, count: int = 20_000) -> str:
    lines = []
    for n in range(count):
        if n % 50 == 0:
            lines.append("")
        kind = n % 7
        if kind == 0:
            lines.append(sentence(rng, 8))
        elif kind == 3:
            lines.append(f"Item {n} \x1b[3{n % 8}m[bold]x[/]")
        else:
            lines.append(rng.choice(WORDS).title())
    return "\n".join(lines) + "\n"


def paragraph_1mb(rng: random.Random) -> str:
    pieces: list[str] = []
    size = 0
    while size < 1_000_000:
        piece = sentence(rng, 16) + " "
        if len(pieces) % 500 == 0:
            piece = f"Escape {ESCAPES['red']}here[bold]![/] " + piece
        pieces.append(piece)
        size += len(piece)
    return page(
        "A page of one enormous paragraph", "By Long Winded", "7 July 2026", ["".join(pieces)]
    )


def word_100k(rng: random.Random) -> str:
    word = ("abcdefghij" * 10_000)[:100_000]
    lead = "One hundred thousand letters in a single word (Staff/AP)"
    return (
        f" date 2026-08-08 {lead}\n\n{prose(rng, 2)}\n\nBefore {word} after.\n\n"
        f"{word}\n\n{prose(rng, 2)}\n"
    )


def captions_10k(rng: random.Random) -> str:
    """A story with 10,000 photos, each with its credit, a paragraph every ten."""
    paragraphs = []
    for n in range(10_000):
        if n % 10 == 0:
            paragraphs.append(prose(rng, 2))
        paragraphs.append(f"Picture {n} of the harbour at dusk (Jo Lens {n}/AP)")
    return page(
        "Ten thousand captions around a story", "By Photo Desk", "9 September 2026", paragraphs
    )


def deep_path(depth: int = 100) -> Path:
    return Path("nested", *(["d"] * depth), "deep.txt")


# File names as bytes: a newline, invalid UTF-8, an escape sequence, a bidi override,
# markup, C1 controls.
NAMES = [
    b"line\nbreak.txt",
    b"bad-utf8-\xff\xfe\xc3(.txt",
    b"\x1b[31mred\x1b[0m-\x1b]0;title\x07.txt",
    "evil\u202etxt.exe".encode() + b".txt",
    b"[bold]markup[-bold].txt",
    b"c1-\x9b31m-byte-\xc2\x9b31m-code-point.txt",  # 8-bit CSI: a raw byte, then U+009B
]


def corpus() -> dict[bytes, bytes]:
    """Every file of the corpus: relative path (bytes) -> content."""
    rng = random.Random(6)
    story_raw, story_clean = story_pair(rng)
    files: dict[str, bytes] = {
        "escapes.raw.txt": escapes_raw(rng).encode(),
        "controls.raw.txt": controls_raw(rng).encode(),
        "bidi.raw.txt": bidi_raw(rng).encode(),
        "markup.raw.txt": markup_raw(rng).encode(),
        "markup.clean.txt": markup_clean(rng).encode(),
        "pair/story.raw.txt": story_raw.encode(),
        "pair/story.clean.txt": story_clean.encode(),
        "lynx.txt": lynx(rng).encode(),
        "utf16-escapes.txt": b"\xff\xfe" + escapes_raw(rng).encode("utf-16-le"),
        "dump-20000-lines.txt": dump_lines(rng).encode(),
        "paragraph-1mb.txt": paragraph_1mb(rng).encode(),
        "word-100k.clean.txt": word_100k(rng).encode(),
        "captions-10000.txt": captions_10k(rng).encode(),
        deep_path().as_posix(): page(
            "Found a hundred folders down", "By Deep Diver", "1 October 2026", [prose(rng, 5)]
        ).encode(),
        "nul.txt": b"Binary\x00with NUL bytes\x00 " + prose(rng, 2).encode(),
        "empty.txt": b"",
        "blank.txt": b"   \n\n\t\n",
        "only-controls.txt": "".join(C0 + C1 + BIDI).encode() * 3,
    }
    result = {name.encode(): data for name, data in files.items()}
    for name in NAMES:
        result[b"names/" + name] = page(
            "A file with a hostile name",
            "By Name Giver",
            "11 November 2026",
            [prose(rng, 4), prose(rng, 4)],
        ).encode()
    return result


def write(folder: Path) -> None:
    """Write the corpus under `folder` (created; existing files are overwritten)."""
    root = os.fsencode(folder)
    for name, data in corpus().items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)


def empty_files(folder: Path, count: int = 50_000) -> None:
    """A folder of `count` empty files (too many to commit; the tests make it)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"{n:05d}.txt").touch()


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER)
