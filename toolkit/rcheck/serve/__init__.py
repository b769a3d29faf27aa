"""`rcheck serve`: a local web page and JSON API over the library, for people who work in a browser.

Nothing here is imported by the rest of rcheck: the web packages (Starlette, uvicorn,
python-multipart) come with the extra `pip install 'rcheck[serve]'`, and `missing_packages`
says which of them are absent before anything imports them.
"""

from __future__ import annotations

import importlib.util

# Import name -> the distribution that provides it, for the install hint.
_NEEDED = {"starlette": "starlette", "uvicorn": "uvicorn", "python_multipart": "python-multipart"}
INSTALL_HINT = "pip install 'rcheck[serve]'"


def missing_packages() -> list[str]:
    """The distributions of the serve extra that cannot be imported here."""
    return [dist for module, dist in _NEEDED.items() if importlib.util.find_spec(module) is None]


__all__ = ["INSTALL_HINT", "missing_packages"]
