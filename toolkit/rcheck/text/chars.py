"""Character classes shared by the rules. `\\b` has no meaning between Han characters, so
rules test neighbours with these instead."""

from __future__ import annotations


def is_han(ch: str) -> bool:
    if not ch:
        return False
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FA1F
            or 0xF900 <= o <= 0xFAFF or o == 0x3007)


def is_cjk_punct(ch: str) -> bool:
    if not ch:
        return False
    o = ord(ch)
    return (0x3000 < o <= 0x303F or 0xFF01 <= o <= 0xFF0F or 0xFF1A <= o <= 0xFF20
            or 0xFF3B <= o <= 0xFF40 or 0xFF5B <= o <= 0xFF65 or ch in "“”‘’…—·")


def is_cjk(ch: str) -> bool:
    """Han characters and Chinese punctuation: the context in which typography rules apply."""
    return is_han(ch) or is_cjk_punct(ch)


def is_ascii_alnum(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalnum()
