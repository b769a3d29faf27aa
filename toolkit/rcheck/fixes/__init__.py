"""Fixes and suppressions: what a finding's fix is, applying fixes, baselines, ignores."""

from rcheck.fixes.edits import Edit, Fix

__all__ = ["Edit", "Fix"]
