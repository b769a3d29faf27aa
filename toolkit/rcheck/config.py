"""Settings from `rcheck.toml` or `[tool.rcheck]` in `pyproject.toml`, found upward from a file.

The closest file wins, as in ruff. Keys: `select`, `ignore`, `fail-on`, `lexicons`,
`per-file-ignores` (glob -> codes), `tokenizer`, `template`, `max-size` (MB),
`graph-max-lead-share` (G101: the share of all measures one unit may lead, above 0 and at most 1),
`severity` (code -> error|warning|info), `allow` (phrases never reported), `extend` (a settings
file this one inherits from, relative to it). With no file found upward, the user's own
`$XDG_CONFIG_HOME/rcheck/rcheck.toml` (default `~/.config/rcheck/`) applies.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rcheck.errors import ConfigError
from rcheck.finding import SEVERITIES
from rcheck.tomlfile import TomlFileError, read_toml

CONFIG_NAMES = ("rcheck.toml", ".rcheck.toml", "pyproject.toml")


@dataclass(frozen=True)
class Config:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    lexicons: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    tokenizer: str = "rjieba"
    template: str = "auto"
    max_size_mb: int = 20
    graph_max_lead_share: float = 0.4
    severity: dict[str, str] = field(default_factory=dict)  # rule code -> severity it reports at
    allow: list[str] = field(default_factory=list)  # words: a finding on any of them is suppressed
    source: str | None = None  # the file these settings came from

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)

    def ignores_for(self, path: str) -> list[str]:
        name = Path(path).name
        out: list[str] = []
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(name, pattern):
                out.extend(codes)
        return out


def _lexicon_dirs(value: Any, path: str) -> list[str]:
    """Directories relative to the settings file; each must exist (a path may hold spaces)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{path}: lexicons: 应为目录列表 / must be a list of directories")
    base = Path(path).parent
    dirs = [str((base / d).resolve()) for d in value]
    for name, d in zip(value, dirs, strict=True):
        if not Path(d).is_dir():
            raise ConfigError(f"{path}: lexicons: 词表目录不存在 / no such directory: {name}")
    return dirs


def _codes(value: Any, path: str, key: str) -> list[str]:
    if isinstance(value, str):
        value = [v for v in value.replace(" ", ",").split(",") if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key}: 应为规则代码列表 / must be a list of rule codes")
    # Whether each names a rule is checked where the rules are known (rules.validate_rule_codes),
    # so that settings do not import the rules that are built on them.
    return value


def _severities(value: Any, path: str, base: dict[str, str]) -> dict[str, str]:
    """Codes or rule names to levels; the codes are checked with the other rule codes."""
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: severity: 应为“规则代码 = 级别”的表 / must be a table of CODE = severity")
    out = dict(base)
    for code, level in value.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{path}: severity.{code}: 应为 error、warning 或 info / "
                              f"must be one of {', '.join(SEVERITIES)}")
        out[code] = level
    return out


def parse_config(data: dict[str, Any], path: str, base: Config | None = None) -> Config:
    """Settings of one file; `base` is what it extends (its keys are kept unless set here)."""
    known = {"select", "ignore", "fail-on", "lexicons", "per-file-ignores", "tokenizer",
             "max-size", "template", "graph-max-lead-share", "severity", "allow", "extend"}
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"{path}: 未知的键 / unknown key(s): {', '.join(sorted(unknown))}")
    cfg = (base or Config()).replace(source=path)
    changes: dict[str, Any] = {}
    if "severity" in data:
        changes["severity"] = _severities(data["severity"], path, cfg.severity)
    if "allow" in data:
        allow = data["allow"]
        if not isinstance(allow, list) or not all(isinstance(a, str) and a for a in allow):
            raise ConfigError(f"{path}: allow: 应为非空字符串的列表 / must be a list of non-empty strings")
        changes["allow"] = [*cfg.allow, *allow]
    if "select" in data:
        changes["select"] = _codes(data["select"], path, "select")
    if "ignore" in data:
        changes["ignore"] = _codes(data["ignore"], path, "ignore")
    if "fail-on" in data:
        if data["fail-on"] not in SEVERITIES:
            raise ConfigError(f"{path}: fail-on: 应为 error、warning 或 info / "
                              f"must be one of {', '.join(SEVERITIES)}")
        changes["fail_on"] = data["fail-on"]
    if "lexicons" in data:
        changes["lexicons"] = _lexicon_dirs(data["lexicons"], path)
    if "per-file-ignores" in data:
        pfi = data["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{path}: per-file-ignores: 应为“文件模式 = [规则代码]”的表 / "
                              "must be a table of glob = [codes]")
        changes["per_file_ignores"] = {k: _codes(v, path, f"per-file-ignores.{k}")
                                       for k, v in pfi.items()}
    if "tokenizer" in data:
        if data["tokenizer"] not in ("rjieba", "jieba"):
            raise ConfigError(f"{path}: tokenizer: 应为 rjieba 或 jieba / must be rjieba or jieba")
        changes["tokenizer"] = data["tokenizer"]
    if "template" in data:
        if not isinstance(data["template"], str):
            raise ConfigError(f"{path}: template: 应为模板 key 或 auto / must be a template key or auto")
        changes["template"] = data["template"]
    if "max-size" in data:
        size = data["max-size"]
        # bool is an int in Python: `true` must not pass as 1 MB.
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise ConfigError(f"{path}: max-size: 应为正整数（MB）/ must be a positive whole number of MB")
        changes["max_size_mb"] = data["max-size"]
    if "graph-max-lead-share" in data:
        share = data["graph-max-lead-share"]
        # bool is an int in Python: `true` must not pass as 1.
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share <= 1:
            raise ConfigError(f"{path}: graph-max-lead-share: 应为大于 0、不超过 1 的数 / "
                              "must be a number above 0 and at most 1 (a share of all measures, such as 0.4)")
        changes["graph_max_lead_share"] = float(share)
    return cfg.replace(**changes)


def _rcheck_table(data: dict[str, Any], path: str) -> dict[str, Any] | None:
    """`[tool.rcheck]` of a pyproject.toml, None when it has none; a wrong type is an error."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: tool: 应为表 / must be a table ([tool])")
    if "rcheck" not in tool:
        return None
    if not isinstance(tool["rcheck"], dict):
        raise ConfigError(f"{path}: tool.rcheck: 应为表 / must be a table ([tool.rcheck])")
    return tool["rcheck"]


_MAX_EXTEND = 16


def read_config(path: str | Path, _chain: tuple[Path, ...] = ()) -> Config:
    p = Path(path)
    try:
        data = read_toml(p)
    except TomlFileError as exc:
        raise ConfigError(f"{p}: {exc}") from None
    if p.name == "pyproject.toml":
        data = _rcheck_table(data, str(p)) or {}
    base = None
    if "extend" in data:
        parent = data["extend"]
        if not isinstance(parent, str) or not parent:
            raise ConfigError(f"{p}: extend: 应为配置文件路径 / must be the path of a settings file")
        target = _absolute(p.parent / Path(parent).expanduser())
        if target in _chain or target == _absolute(p) or len(_chain) >= _MAX_EXTEND:
            raise ConfigError(f"{p}: extend: 循环继承 / settings extend each other in a loop: {parent}")
        if not target.is_file():
            raise ConfigError(f"{p}: extend: 文件不存在 / no such file: {parent}")
        base = read_config(target, (*_chain, _absolute(p)))
    return parse_config(data, str(p), base)


def user_config() -> Path | None:
    """The user's own settings, `$XDG_CONFIG_HOME/rcheck/rcheck.toml`, used when a draft's
    folders hold none (as ruff's user-level file)."""
    root = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    for name in ("rcheck.toml", ".rcheck.toml"):
        candidate = Path(root) / "rcheck" / name
        if candidate.is_file():
            return candidate
    return None


def _absolute(start: str | Path) -> Path:
    try:
        return Path(start).resolve()
    except (OSError, RuntimeError):  # a symlink loop: its own error comes when it is read
        return Path(os.path.abspath(start))


def find_config(start: str | Path) -> Path | None:
    """The closest `rcheck.toml`, `.rcheck.toml` or `pyproject.toml` with `[tool.rcheck]`.

    A pyproject.toml that cannot be read is skipped unless it mentions rcheck: then it is
    an error, never a silent fall-back to the defaults."""
    p = _absolute(start)
    directory = p if p.is_dir() else p.parent
    for d in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = d / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return candidate
            try:
                data = read_toml(candidate)
            except TomlFileError as exc:
                if _mentions_rcheck(candidate):
                    raise ConfigError(f"{candidate}: {exc}") from None
                continue
            if _rcheck_table(data, str(candidate)) is not None:
                return candidate
    return user_config()


def _mentions_rcheck(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            data = fh.read(1024 * 1024)
    except OSError:
        return True  # unreadable: it may well hold the settings
    return b"rcheck" in data or b"rcheck" in data.replace(b"\x00", b"")
