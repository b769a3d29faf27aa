"""What a run is configured with, resolved once from `Config` and passed whole.

Lexicon, tokenizer, template and rule options used to travel as loose parameters and got
lost on the way (user words never reached the tokenizer; diff read metrics with the shipped
lexicon). A `Settings` carries them together: every command builds one, and every library
entry point accepts one (or builds one from its old keyword parameters).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rcheck.config import Config
    from rcheck.lexicon import Lexicon
    from rcheck.text.tokenize import Tokenizer

DEFAULT_ENGINE = "rjieba"
DEFAULT_MAX_LEAD_SHARE = 0.4


@dataclass(frozen=True, eq=False)
class Settings:
    """One run's lexicon, tokenizer, template choice and typed rule options.

    The tokenizer is built on first use with the lexicon's words (user directories included),
    so a run whose rules need no words never loads a dictionary."""

    lexicon: Lexicon
    engine: str = DEFAULT_ENGINE
    template: str = "auto"
    graph_max_lead_share: float = DEFAULT_MAX_LEAD_SHARE
    # A ready tokenizer given by a library caller: used as it is.
    given_tokenizer: Tokenizer | None = field(default=None, repr=False)

    @cached_property
    def tokenizer(self) -> Tokenizer:
        if self.given_tokenizer is not None:
            return self.given_tokenizer
        from rcheck.text.tokenize import get_tokenizer

        return get_tokenizer(self.engine, words=tuple(self.lexicon.strings("words", "words")))

    def with_template(self, template: str | None) -> Settings:
        """The same settings (tokenizer included, once built) for another report kind."""
        if template is None or template == self.template:
            return self
        out = Settings(self.lexicon, self.engine, template, self.graph_max_lead_share,
                       self.given_tokenizer)
        if "tokenizer" in vars(self):
            vars(out)["tokenizer"] = self.tokenizer
        return out


def settings_from_config(config: Config | None = None, extra_lexicons: Sequence[str] = ()) -> Settings:
    """`config` resolved: its lexicon directories (and `extra_lexicons`) loaded and checked."""
    from rcheck.config import Config
    from rcheck.lexicon import load_lexicon

    config = config or Config()
    lexicon = load_lexicon(tuple([*config.lexicons, *extra_lexicons]))
    return Settings(lexicon, config.tokenizer, config.template, config.graph_max_lead_share)


def resolve_settings(settings: Settings | None = None, *, lexicon: Lexicon | None = None,
                     tokenizer: Tokenizer | str | None = None,
                     template: str | None = None) -> Settings:
    """`settings` when given (with `template` when that is given too), else one built from the
    old keyword parameters a library caller may still pass."""
    if settings is not None:
        if lexicon is not None and lexicon is not settings.lexicon:
            raise ValueError("give either settings or lexicon, not both")
        if tokenizer is not None:
            raise ValueError("give either settings or tokenizer, not both")
        return settings.with_template(template)
    if lexicon is None:
        from rcheck.lexicon import load_lexicon

        lexicon = load_lexicon()
    if tokenizer is None or isinstance(tokenizer, str):
        return Settings(lexicon, tokenizer or DEFAULT_ENGINE, template or "auto")
    return Settings(lexicon, getattr(tokenizer, "name", DEFAULT_ENGINE), template or "auto",
                    given_tokenizer=tokenizer)
