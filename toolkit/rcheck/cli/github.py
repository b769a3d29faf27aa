"""The GitHub step summary of `rcheck lint --format github`, when Actions provides the file."""

from __future__ import annotations

import os

from rcheck.formats import FileResult


def write_step_summary(results: list[FileResult]) -> None:
    """Append the findings table to `$GITHUB_STEP_SUMMARY` (Actions appends each step's part);
    outside Actions the variable is unset and nothing is written."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from rcheck.formats.github import render_step_summary

    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(render_step_summary(results))
    except OSError as exc:
        from rcheck.output import OutputError, describe_os_error

        raise OutputError(target, describe_os_error(exc)) from None
