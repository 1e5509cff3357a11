"""The shape of a rule: an id, a severity and a message template, applied to plain values.

Rules never touch jsii. Constructs normalize their props into plain values and run the rules on
them; the whole-app checker parses CloudFormation into the same values and runs the same rules.
A value that is not known before deployment (a CDK token, or a CloudFormation intrinsic) is an
:class:`Unresolved`, and every rule skips it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Unresolved:
    """A value known only at deployment: a CDK token or a CloudFormation intrinsic function."""

    raw: Any = None
    """The token (as the user gave it) or the intrinsic (as the template holds it)."""

    def __str__(self) -> str:
        return "a token"


class Text(str):
    """Text already written for a message (shown as is, not quoted)."""


def known(value: object) -> bool:
    """True for a value the rules can judge (not ``None``, not :class:`Unresolved`)."""
    return value is not None and not isinstance(value, Unresolved)


def show(value: object) -> str:
    """A value as it appears after 'got' in a message."""
    if isinstance(value, Unresolved):
        return "a token"
    if isinstance(value, Text):
        return str(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(item) for item in value) + "]"
    return str(value)


def number(value: float) -> str:
    """A bound as written in a message: 36,500, 1.5."""
    return f"{int(value):,}" if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class Rule:
    """One check of the catalogue.

    ``message`` is a template: ``{prop}`` and ``{got}`` are always filled in, other fields come
    from the values passed to :meth:`violation`. It reads as the end of a sentence that starts with
    the construct path, e.g. ``{prop} must be at least 60 minutes, got {got}``.
    """

    id: str
    """Unique, stable, lowerCamel: also the warning id (``cdk-backup:<id>``) users acknowledge."""
    severity: Severity
    construct: str
    """Which constructs (or CloudFormation types) the rule applies to, for the README table."""
    prop: str
    """The property the rule is about, as users spell it."""
    message: str
    source: str
    """Where the rule comes from: digest rule ids (``A-R…``, ``B-R…``, ``C-R…``) or ``S-<schema>``."""

    def violation(self, got: object = None, *, prop: str | None = None, **values: object) -> Violation:
        """This rule broken by ``got`` (shown after 'got' in the message)."""
        return Violation(self, prop or self.prop, got, values)

    @property
    def summary(self) -> str:
        """The requirement as one line for tables: the template with its fields shown as '…'."""
        text = re.sub(r",? got \{got\}$", "", self.message)
        text = re.sub(r"^\{prop\}:?\s*", "", text)
        return re.sub(r"\{[a-z_]+\}", "…", text)


@dataclass(frozen=True)
class Violation:
    """A rule broken by a value: everything a message, a finding or an exception needs."""

    rule: Rule
    prop: str
    got: object
    values: dict[str, object] = field(default_factory=dict)

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def message(self) -> str:
        """The message without the path: ``prop must …, got … [id]``."""
        fields = {k: (v if isinstance(v, str) else show(v)) for k, v in self.values.items()}
        text = self.rule.message.format(prop=self.prop, got=show(self.got), **fields)
        return f"{text} [{self.rule.id}]"


@dataclass(frozen=True)
class Bound:
    """An inclusive numeric range rule: ``low``..``high`` in ``unit`` (``None`` = open)."""

    rule: Rule
    low: float | None
    high: float | None
    unit: str

    def describe(self) -> str:
        if self.low is not None and self.high is not None:
            return f"between {number(self.low)} and {number(self.high)} {self.unit}"
        if self.low is not None:
            return f"at least {number(self.low)} {self.unit}"
        return f"at most {number(self.high or 0)} {self.unit}"

    def check(self, value: object, *, prop: str | None = None) -> Iterator[Violation]:
        """A violation when a known number lies outside the range."""
        if not known(value) or isinstance(value, bool) or not isinstance(value, (int, float)):
            return
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            yield self.rule.violation(_with_unit(value, self.unit), prop=prop)


def _with_unit(value: float, unit: str) -> Text:
    return Text(f"{show(value)} {unit}")


@dataclass(frozen=True)
class Pattern:
    """A full-match regular expression rule, compiled on first use."""

    rule: Rule
    source: str
    description: str

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.source, re.ASCII)

    def matches(self, value: str) -> bool:
        return self.regex.fullmatch(value) is not None

    def check(self, value: object, *, prop: str | None = None) -> Iterator[Violation]:
        """A violation when a known string does not full-match."""
        if not known(value):
            return
        if not isinstance(value, str) or not self.matches(value):
            yield self.rule.violation(value, prop=prop)


def bound(rule_id: str, construct: str, prop: str, low: float | None, high: float | None, unit: str,
          source: str, severity: Severity = "error") -> Bound:
    """A :class:`Bound` whose rule message states the range."""
    described = Bound(Rule(rule_id, severity, construct, prop, "", source), low, high, unit).describe()
    rule = Rule(rule_id, severity, construct, prop, f"{{prop}} must be {described}, got {{got}}", source)
    return Bound(rule, low, high, unit)


def pattern(rule_id: str, construct: str, prop: str, regex: str, description: str, source: str) -> Pattern:
    """A :class:`Pattern` whose rule message states the format."""
    rule = Rule(rule_id, "error", construct, prop, f"{{prop}} must be {description}, got {{got}}", source)
    return Pattern(rule, regex, description)


def collect(*groups: Iterable[Violation]) -> list[Violation]:
    """All violations of several checks, in order."""
    return [violation for group in groups for violation in group]


def rules_of(namespace: dict[str, Any]) -> list[Rule]:
    """Every rule defined in a module namespace (rules, bounds and patterns)."""
    found: list[Rule] = []
    for value in namespace.values():
        if isinstance(value, Rule):
            found.append(value)
        elif isinstance(value, (Bound, Pattern)):
            found.append(value.rule)
    return found
