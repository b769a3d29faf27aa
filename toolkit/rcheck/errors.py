"""Errors the library raises; the CLI turns each into one line on stderr and exit code 2."""

from __future__ import annotations


class RcheckError(Exception):
    """Base class of every error rcheck raises on purpose."""


class InputError(RcheckError):
    """A file or stream that cannot be read as a draft."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LexiconError(RcheckError):
    """A lexicon or template file that is malformed."""

    def __init__(self, path: str, key: str, reason: str) -> None:
        where = f"{path}: {key}" if key else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.key = key
        self.reason = reason


class ConfigError(RcheckError):
    """A configuration file or option that cannot be used."""
