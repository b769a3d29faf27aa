"""What a run learns about one draft, computed once and owned by one object.

The Simplified view, debris, cut positions, report kind, commitments and allocation are each
needed by several rules (and by extraction under them); a `DraftFacts` is made per document
per run and computes each on first use, so nothing about a draft is cached on shared objects
or keyed on its whole text. `memo` holds scans that several rules share.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from rcheck.extract.types import Commitment
    from rcheck.facts.debris import DebrisEntry
    from rcheck.facts.templates import KindDetection
    from rcheck.figures import Figure
    from rcheck.graph import Allocation
    from rcheck.settings import Settings
    from rcheck.text.document import Document

T = TypeVar("T")


class DraftFacts:
    """Derived facts about `doc` under `settings`, each computed on first use only."""

    def __init__(self, doc: Document, settings: Settings) -> None:
        self.doc = doc
        self.settings = settings
        self._memo: dict[str, object] = {}

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` once per draft under `key`: a scan several rules read."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    @property
    def simplified(self) -> str:
        """The text with Traditional characters made Simplified, offsets unchanged."""
        return self.doc.simplified

    @cached_property
    def debris(self) -> tuple[tuple[int, int, DebrisEntry], ...]:
        """(start, end, entry) of each piece of web debris (D101), in order."""
        from rcheck.facts.debris import find_debris

        return find_debris(self.doc.text, self.settings.lexicon, view=self.simplified)

    @cached_property
    def cuts(self) -> list[int]:
        """Where a web page cut the text (此处隐藏N字)."""
        from rcheck.facts.debris import cut_positions

        return cut_positions(self.doc, self.settings.lexicon)

    @cached_property
    def kind(self) -> KindDetection:
        """The report kind and its template (forced by the settings, else detected)."""
        from rcheck.facts.templates import choose_template

        return choose_template(self.doc, self.settings.lexicon, self.settings.template)

    @cached_property
    def commitments(self) -> list[Commitment]:
        """The draft's commitments without target subjects: what rules need, no tokenizer."""
        from rcheck.extract import commitments_of

        return commitments_of(self, detail=False)

    @cached_property
    def allocation(self) -> Allocation:
        """Units and their roles in the draft's measures (rules G1xx), without networkx."""
        from rcheck.graph import allocate

        return allocate([(self.doc, self.commitments)], self.settings.lexicon)

    @cached_property
    def figures(self) -> list[Figure]:
        """The draft's counted figures (the metric scan without subjects: no tokenizer), rules N1xx."""
        from rcheck.figures import figures_of

        return figures_of(self.doc.text, self.settings.lexicon)
