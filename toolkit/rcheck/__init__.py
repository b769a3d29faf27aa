"""rcheck: check and compare Chinese official report drafts （党政机关工作报告）.

Library use::

    import rcheck
    findings = rcheck.lint(pathlib.Path("draft.txt"), select=["P", "T1"])
    doc = rcheck.load("draft.txt")

The library never prints and never exits; errors are `rcheck.errors.RcheckError`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from rcheck.config import Config
from rcheck.errors import ConfigError, InputError, LexiconError, RcheckError
from rcheck.finding import Finding
from rcheck.linter import lint, lint_document
from rcheck.settings import Settings, settings_from_config
from rcheck.text.document import Document
from rcheck.text.readers import load

__all__ = [
    "Config",
    "ConfigError",
    "Document",
    "Finding",
    "InputError",
    "LexiconError",
    "RcheckError",
    "Settings",
    "__version__",
    "lint",
    "lint_document",
    "load",
    "settings_from_config",
]
