"""rcheck: check and compare Chinese official report drafts （党政机关工作报告）.

Library use::

    import rcheck
    findings = rcheck.lint(pathlib.Path("draft.txt"), select=["P", "T1"])
    doc = rcheck.load("draft.txt")

The library never prints and never exits; errors are `rcheck.errors.RcheckError`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .config import Config  # noqa: E402
from .document import Document  # noqa: E402
from .errors import ConfigError, InputError, LexiconError, RcheckError  # noqa: E402
from .finding import Finding  # noqa: E402
from .linter import lint, lint_document  # noqa: E402
from .readers import load  # noqa: E402

__all__ = [
    "Config",
    "ConfigError",
    "Document",
    "Finding",
    "InputError",
    "LexiconError",
    "RcheckError",
    "__version__",
    "lint",
    "lint_document",
    "load",
]
