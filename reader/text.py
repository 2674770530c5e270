"""Text made safe for a terminal: what a scraped string may not do there."""

from __future__ import annotations


def _control_pictures() -> dict[int, str]:
    table = {c: chr(0x2400 + c) for c in range(0x20)}
    table[0x7F] = "␡"
    for c in range(0x80, 0xA0):
        table[c] = f"<U+{c:04X}>"
    # Bidirectional overrides could reorder what the terminal shows.
    for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        table[c] = f"<U+{c:04X}>"
    # Bytes of a file name that were not UTF-8 arrive as lone surrogates
    # (os.fsdecode); no UTF-8 writer accepts them.
    for c in range(0xDC80, 0xDD00):
        table[c] = f"\\x{c - 0xDC00:02x}"
    return table


_CONTROL_PICTURES = _control_pictures()


def visible_controls(text: str) -> str:
    """Control characters as their visible symbols (␛ for ESC, ␊ for a newline),
    bidi overrides and C1 controls as <U+…>, stray bytes of a name as \\xNN."""
    if text.isprintable():  # every character it would change is not
        return text
    return text.translate(_CONTROL_PICTURES)
