"""Settings the user changes from the app: theme, sidebar shown, sort order.

A small JSON file in the config folder, replaced atomically on save (written
beside it, then renamed), so a crash leaves the old file or the new one,
never half of one. Unknown or bad values fall back to the defaults with a
notice; unknown keys written by a newer reader are kept.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

SETTINGS_FILE = "settings.json"
SORT_KEYS = ("date", "title", "publisher", "versions")


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str | None = None  # None: Textual's default
    sidebar: bool = False
    sort: str = "date"
    reverse: bool = False


def load_settings(folder: Path) -> tuple[Settings, list[str]]:
    """The saved settings (defaults for anything missing or bad) and notices."""
    path = folder / SETTINGS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), []
    except (OSError, ValueError) as error:
        return Settings(), [f"settings: cannot read {path} ({error}); using defaults"]
    if not isinstance(raw, dict):
        return Settings(), [f"settings: {path} is not a JSON object; using defaults"]
    settings = Settings()
    notices: list[str] = []
    checks: dict[str, Any] = {
        "theme": lambda v: v is None or isinstance(v, str),
        "sidebar": lambda v: isinstance(v, bool),
        "sort": lambda v: v in SORT_KEYS,
        "reverse": lambda v: isinstance(v, bool),
    }
    for field in fields(Settings):
        if field.name not in raw:
            continue
        value = raw[field.name]
        if checks[field.name](value):
            settings = replace(settings, **{field.name: value})
        else:
            notices.append(f"settings: ignoring {field.name} = {value!r} in {path}")
    return settings, notices


def save_settings(folder: Path, settings: Settings) -> str | None:
    """Write the settings; returns a notice when that was not possible."""
    path = folder / SETTINGS_FILE
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(kept, dict):
            kept = {}
    except (OSError, ValueError):
        kept = {}
    kept.update(asdict(settings))
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(kept, indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        return f"settings: cannot save {path} ({error.strerror})"
    return None
