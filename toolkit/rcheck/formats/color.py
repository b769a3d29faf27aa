"""Terminal colour: SGR codes around text, for every command's text output."""

from __future__ import annotations

BOLD, RED, GREEN, YELLOW, CYAN = "1", "31", "32", "33", "36"


def paint(text: str, code: str, color: bool) -> str:
    """`text` in colour `code` when `color`, else unchanged."""
    return f"\x1b[{code}m{text}\x1b[0m" if color else text
