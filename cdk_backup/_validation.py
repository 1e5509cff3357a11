"""Helpers every construct shares: token detection, durations, bounds, names, messages.

They run in Python and cost at most one or two jsii calls each, because every call into
aws-cdk-lib crosses a process boundary.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TypeVar, Union

from cdk_backup._errors import ValidationError
from cdk_backup._rules import Bound, Pattern, Rule

if TYPE_CHECKING:
    import aws_cdk as cdk
    from constructs import IConstruct

RULES_SEEN: set[str] = set()
"""Ids of the rules that raised or warned in this process (the test suite checks every rule is hit)."""
_RULE_ID = re.compile(r"\[([A-Z][A-Za-z0-9/.-]*-[A-Za-z0-9/.-]+)\]$")


def _seen(message: str) -> None:
    match = _RULE_ID.search(message)
    if match:
        RULES_SEEN.add(match.group(1))


_TOKEN_MARKERS = ("${Token[", "#{Token[", "${AWS::", "${Aws.", "{{resolve:")
# aws-cdk-lib encodes number tokens as doubles just below -1.8881545897087e+289.
_NUMBER_TOKEN_LIMIT = -1.0e288


class Where:
    """A construct path, computed on first use: reading ``node.path`` costs two jsii calls, and most
    values are valid, so messages ask for it only when they are raised or warned."""

    __slots__ = ("_path", "_scope", "_suffix")

    def __init__(self, scope: IConstruct, suffix: str = "") -> None:
        self._scope = scope
        self._suffix = suffix
        self._path: str | None = None

    def child(self, name: str) -> Where:
        """The path of ``name`` below this one."""
        return Where(self._scope, f"{self._suffix}/{name}")

    def __str__(self) -> str:
        if self._path is None:
            from cdk_backup._paths import path_of

            self._path = f"{path_of(self._scope)}{self._suffix}"
        return self._path

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


Loc = Union[str, Where]  # noqa: UP007  (a runtime alias; `|` needs 3.10 objects)
"""Where a message points: a literal label or a lazily read construct path."""


def is_unresolved(value: object) -> bool:
    """True when ``value`` is (or contains) an unresolved CDK token.

    Strings and numbers are checked in Python; other jsii objects go to ``Token.is_unresolved``.
    """
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str):
        return any(marker in value for marker in _TOKEN_MARKERS)
    if isinstance(value, (int, float)):
        return math.isfinite(value) and value < _NUMBER_TOKEN_LIMIT
    if isinstance(value, (list, tuple)):
        return any(is_unresolved(item) for item in value)
    if isinstance(value, Mapping):
        return any(is_unresolved(k) or is_unresolved(v) for k, v in value.items())
    if getattr(type(value), "__jsii_type__", None) is None:
        return False  # a plain Python object cannot be a token
    import aws_cdk as cdk

    if isinstance(value, cdk.Duration):
        return bool(value.is_unresolved())
    return bool(cdk.Token.is_unresolved(value))


def fail(where: Loc, prop: str, requirement: str, got: str, rule: Rule) -> NoReturn:
    """Raise the standard message: ``Path: prop must …, got … [rule]``."""
    RULES_SEEN.add(rule.id)
    raise ValidationError(
        f"{where}: {prop} {requirement}, got {got} [{rule.id}]", path=str(where), prop=prop, rule=rule.id
    )


def fail_rule(where: Loc, got: str, rule: Rule, prop: str | None = None) -> NoReturn:
    """Raise with the rule's own property name and requirement."""
    fail(where, prop or rule.prop, rule.requirement, got, rule)


def show(value: object) -> str:
    """A value as it should appear after 'got' in a message."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_bound(where: Loc, value: float | None, bound: Bound, prop: str | None = None) -> None:
    """Raise unless ``value`` lies in ``bound``; ``None`` and tokens pass."""
    if value is None or is_unresolved(value):
        return
    if (bound.low is not None and value < bound.low) or (bound.high is not None and value > bound.high):
        fail(where, prop or bound.rule.prop, f"must be {bound.describe()}", f"{show(value)} {bound.unit}", bound.rule)


def check_count(where: Loc, items: Iterable[object] | None, bound: Bound, prop: str | None = None) -> None:
    """Raise unless the number of items lies in ``bound`` (a token list passes)."""
    if items is None or is_unresolved(items):
        return
    count = len(list(items))
    check_bound(where, count, bound, prop)


E = TypeVar("E", bound=Enum)


def enum_value(value: object) -> str:
    """The string behind an enum member (ours or aws-cdk-lib's), or a plain string as given."""
    return str(getattr(value, "value", value))


def enum_member(enum: type[E], value: object) -> E | None:
    """The member of ``enum`` for a member, an aws-cdk-lib enum or a string; None if there is none."""
    text = enum_value(value)
    try:
        return enum(text)
    except ValueError:
        return None


def check_min_le_max(where: Loc, low: float | str | None, high: float | str | None, rule: Rule,
                     prop: str = "max_retention", unit: str = "days") -> None:
    """Raise when a maximum is below its minimum (both known); equal is allowed."""
    if low is None or high is None or is_unresolved(low) or is_unresolved(high):
        return
    if float(high) < float(low):
        fail(where, prop, f"must be at least min_retention ({show(float(low))} {unit})", f"{show(float(high))} {unit}",
             rule)


def check_pattern(where: Loc, value: str | None, pattern: Pattern, prop: str | None = None) -> None:
    """Raise unless ``value`` full-matches ``pattern``; ``None`` and tokens pass."""
    if value is None or is_unresolved(value):
        return
    if not isinstance(value, str) or pattern.regex.fullmatch(value) is None:
        fail(where, prop or pattern.rule.prop, f"must be {pattern.description}", show(value), pattern.rule)


def duration_amount(duration: cdk.Duration, unit: str, where: Loc, prop: str, rule: Rule) -> float:
    """A Duration as a whole number of ``unit`` (days, hours or minutes).

    A token passes through as the token number, when it was given in that unit.
    """
    seconds_per = {"days": 86400, "hours": 3600, "minutes": 60}[unit]
    if duration.is_unresolved():
        converter = {"days": duration.to_days, "hours": duration.to_hours, "minutes": duration.to_minutes}[unit]
        try:
            return float(converter())
        except Exception:
            fail(where, prop, f"must be given in {unit} when it is a token (Duration.{unit}(token))",
                 "a token in another unit", rule)
    seconds = float(duration.to_seconds())
    amount = seconds / seconds_per
    if not amount.is_integer():
        fail(where, prop, f"must be a whole number of {unit}", duration.to_human_string(), rule)
    return amount


def duration_days(duration: cdk.Duration | None, where: Loc, prop: str) -> float | None:
    """Whole days of an optional Duration (the unit of every AWS Backup lifecycle)."""
    from cdk_backup._rules import WHOLE_DAYS

    if duration is None:
        return None
    return duration_amount(duration, "days", where, prop, WHOLE_DAYS)


def as_int(value: float | None) -> int | float | None:
    """Render a whole float as an int for templates; tokens stay floats."""
    if value is None:
        return None
    if is_unresolved(value):
        return value
    return int(value)


def warn(scope: IConstruct, warning_id: str, message: str) -> None:
    """A warning annotation with a stable id, for input that is legal but risky."""
    import aws_cdk as cdk

    _seen(message)
    cdk.Annotations.of(scope).add_warning_v2(f"cdk-backup:{warning_id}", message)


def acknowledge_key(warning_id: str) -> str:
    """The id to pass to ``Annotations.acknowledge_warning`` for one of our warnings."""
    return f"cdk-backup:{warning_id}"


_ARN = re.compile(r"arn:(?P<partition>[a-z0-9-]+):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):"
                  r"(?P<account>\d{12}|aws|\*)?:(?P<resource>.+)")


def parse_arn(arn: str) -> dict[str, str] | None:
    """Split a literal ARN into its parts (``None`` for tokens or malformed ARNs)."""
    if is_unresolved(arn):
        return None
    match = _ARN.fullmatch(arn)
    return match.groupdict() if match else None




_CHECKS: dict[int, tuple[IConstruct, list[Any]]] = {}


class SynthChecked(Protocol):
    """A construct with checks that need the whole app."""

    def _validate(self) -> list[str]: ...


def add_synth_check(scope: IConstruct, checked: SynthChecked) -> None:
    """Run ``checked._validate() -> list[str]`` when the app synthesizes (``node.add_validation``).

    One validation is registered per parent scope (usually the stack) and runs the checks of all
    constructs created in it: one jsii object and one callback instead of one per construct. The
    construct itself is kept, not a bound method: one object fewer per construct.
    """
    # Our constructs pass their checks up to the scope they were created in (usually the stack).
    while getattr(scope, "_checks_scope", None) is not None:
        scope = scope._checks_scope  # type: ignore[attr-defined]
    key = id(scope)
    entry = _CHECKS.get(key)
    if entry is not None and entry[0] is scope:
        entry[1].append(checked)
        return
    checks: list[SynthChecked] = [checked]
    _CHECKS[key] = (scope, checks)
    import jsii
    from constructs import IValidation

    @jsii.implements(IValidation)
    class _Checks:
        def validate(self) -> list[str]:
            messages = [message for each in checks for message in each._validate()]
            for message in messages:
                _seen(message)
            return messages

    scope.node.add_validation(_Checks())
