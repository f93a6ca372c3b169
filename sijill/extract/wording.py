"""What readers and editors are told about each line: the Arabic names of roles and rules.

The packaged wording (`data/rules.yaml`) with a project's own wording file laid
over it, key by key (site.toml's `[editorial]`), so a project rewords a reason
or names its own profiles' rules without touching the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ..config import defaults, editorial
from ..engine.files import safe_yaml
from ..errors import WordingError

TABLES = ("roles", "rules")


@dataclass(frozen=True)
class Wording:
    """The Arabic names of roles and rules."""

    roles: dict[str, str]
    rules: dict[str, str]

    def role(self, role: str) -> str:
        return self.roles.get(role, role)

    def reason(self, rule: str) -> str:
        """The Arabic reason for a rule; an unnamed rule is shown by its name, never hidden."""
        return self.rules.get(rule, rule)


def wording() -> Wording:
    """The running build's wording: packaged, with the project's file laid over it."""
    return _wording(defaults.WORDING, *editorial.current().state("wording"))


@cache
def _wording(path: Path, overlay: Path | None, digest: str) -> Wording:
    data = _read(path)
    label = path.name
    if overlay is not None:
        data, label = editorial.overlay(data, _read(overlay)), overlay.name
    for table in data:
        if table not in TABLES:
            raise WordingError(f"{label}: unknown table {table} (expected roles and rules)")
    tables = {}
    for table in TABLES:
        names = data.get(table) or {}
        if not isinstance(names, dict):
            raise WordingError(f"{label}: {table} must be a mapping of name: Arabic wording")
        for key, text in names.items():
            if not isinstance(text, str) or not text.strip():
                raise WordingError(f"{label}: {table}.{key} must be a non-empty string")
        tables[table] = dict(names)
    return Wording(roles=tables["roles"], rules=tables["rules"])


def _read(path: Path) -> dict:
    try:
        data = safe_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise WordingError(f"{path.name}: {error}") from error
    except OSError as error:
        raise WordingError(f"{path.name}: cannot be read: {error}") from error
    if not isinstance(data, dict):
        raise WordingError(f"{path.name}: expected the tables roles and rules at the top level")
    return data
