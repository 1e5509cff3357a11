"""The rule catalogue: unique ids, well-formed messages, and a test for every rule."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from cdk_backup.rules import Rule, catalogue

RULES = catalogue()
TESTS = Path(__file__).parent


def test_rule_ids_are_unique_and_lower_camel() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for rule_id in ids:
        assert re.fullmatch(r"[a-z][a-zA-Z0-9]+", rule_id), rule_id


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_message_template_names_prop_and_got(rule: Rule) -> None:
    assert "{prop}" in rule.message and "{got}" in rule.message
    assert rule.severity in ("error", "warning") and rule.source


@functools.cache
def _test_text() -> str:
    return "\n".join(p.read_text() for p in TESTS.glob("test_*.py") if p.name != "test_rules.py")


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_is_named_by_a_test(rule: Rule) -> None:
    """A rule nobody tests can silently stop working: each id must appear in some test."""
    assert rule.id in _test_text(), f"no test mentions rule {rule.id}"
