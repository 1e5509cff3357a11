"""The rule catalogue: every check cdk_backup makes, as data plus small pure functions.

``CATALOGUE`` lists every rule (its id, severity, construct, property, message and source); the
README's rules table is generated from it. Constructs run the functions on the values they were
given; the whole-app checker runs the same functions on values read from templates.
"""

from __future__ import annotations

from cdk_backup.rules._core import (
    Bound,
    Pattern,
    Rule,
    Severity,
    Text,
    Unresolved,
    Violation,
    known,
    rules_of,
    show,
)

__all__ = ["Bound", "Pattern", "Rule", "Severity", "Text", "Unresolved", "Violation", "catalogue", "known", "show"]

_MODULES = ("common", "vault", "plan", "selection", "audit", "restore_testing", "legal_hold", "tiering",
            "organization", "settings", "template")


def catalogue() -> list[Rule]:
    """Every rule of every area, in a stable order (ids are unique: a test checks)."""
    import importlib
    import importlib.util

    found: list[Rule] = []
    for name in _MODULES:
        if importlib.util.find_spec(f"cdk_backup.rules.{name}") is None:
            continue
        module = importlib.import_module(f"cdk_backup.rules.{name}")
        found.extend(rule for rule in rules_of(vars(module)) if rule not in found)  # once, where defined
    return found
