"""What a run learns about one draft, computed once and owned by one object.

The Simplified view, debris, cut positions and report kind are each needed by several rules
and by extraction under them; a `DraftFacts` is made per document per run and computes each on
first use, so nothing about a draft is cached on shared objects or keyed on its whole text.
`memo` holds what the layers above build on these (the commitments, allocation and figures the
rules read, the formulation scan), so this module depends on nothing above it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar, cast

from rcheck.timings import timed

if TYPE_CHECKING:
    from rcheck.facts.debris import DebrisEntry
    from rcheck.facts.templates import KindDetection
    from rcheck.settings import Settings
    from rcheck.text.document import Document
    from rcheck.timings import Timings

T = TypeVar("T")


class DraftFacts:
    """Derived facts about `doc` under `settings`, each computed on first use only."""

    def __init__(self, doc: Document, settings: Settings) -> None:
        self.doc = doc
        self.settings = settings
        self._memo: dict[str, object] = {}
        # Set by a profiled run (rcheck lint --profile): each fact's time, apart from the rules'.
        self.timings: Timings | None = None

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` once per draft under `key`: a scan several rules read."""
        if key not in self._memo:
            with timed(self.timings, key):
                self._memo[key] = compute()
        return cast(T, self._memo[key])

    def forget(self, key: str) -> None:
        """Drop a scan no rule still to run reads: a large draft's scans are not all held at
        once. Asked for again, it is computed again (the same value: it depends on the draft
        and the settings only)."""
        self._memo.pop(key, None)

    @property
    def simplified(self) -> str:
        """The text with Traditional characters made Simplified, offsets unchanged."""
        return self.doc.simplified

    @cached_property
    def debris(self) -> tuple[tuple[int, int, DebrisEntry], ...]:
        """(start, end, entry) of each piece of web debris (D101), in order."""
        from rcheck.facts.debris import find_debris

        with timed(self.timings, "debris"):
            return find_debris(self.doc.text, self.settings.lexicon, view=self.simplified)

    @cached_property
    def cuts(self) -> list[int]:
        """Where a web page cut the text (此处隐藏N字)."""
        from rcheck.facts.debris import cut_positions

        with timed(self.timings, "cuts"):
            return cut_positions(self.doc, self.settings.lexicon)

    @cached_property
    def kind(self) -> KindDetection:
        """The report kind and its template (forced by the settings, else detected)."""
        from rcheck.facts.templates import choose_template

        with timed(self.timings, "kind"):
            return choose_template(self.doc, self.settings.lexicon, self.settings.template)
