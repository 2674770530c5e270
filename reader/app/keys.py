"""Key tables for help: read from the bindings themselves, so they never drift."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "space": "space",
    "enter": "enter",
    "escape": "esc",
}


@dataclass(frozen=True, slots=True)
class KeyGroup:
    title: str
    keys: list[tuple[str, str]]


def key_display(key: str) -> str:
    return " ".join(KEY_NAMES.get(part, part) for part in key.split(","))


def key_group(title: str, node: DOMNode | type[DOMNode]) -> KeyGroup:
    keys: list[tuple[str, str]] = []
    seen: set[str] = set()
    bindings: list[BindingType] = list(getattr(node, "BINDINGS", []))
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if binding.action in seen:
            continue
        seen.add(binding.action)
        keys.append((key_display(binding.key), binding.description))
    return KeyGroup(title, keys)
