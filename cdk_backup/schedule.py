"""AWS cron schedules and time zones at the door, and ``BackupSchedule`` for users who want run times.

The checks themselves are the rules of :mod:`cdk_backup.rules.schedule` (syntax, at most hourly,
a run after now, IANA zones); this module turns what users pass (``events.Schedule``,
``"cron(...)"``, ``cdk.TimeZone``, an IANA name, a token) into the plain text those rules take.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import aws_cdk as cdk

from cdk_backup import _inputs as inputs
from cdk_backup.rules import Violation, known
from cdk_backup.rules import schedule as rules

if TYPE_CHECKING:
    from aws_cdk import aws_events as events

    from cdk_backup._inputs import Str, Where

SCHEDULE_EXPECTED = "a Schedule (events.Schedule.cron(...)) or a 'cron(...)' string"
TIMEZONE_EXPECTED = "a cdk.TimeZone or an IANA time zone name"


@dataclass(frozen=True)
class BackupSchedule:
    """A valid AWS cron expression, ``cron(minutes hours day-of-month month day-of-week year)``.

    Example::

        backup.BackupSchedule.parse("cron(0 5 ? * 6#3 *)").next_runs(3, timezone="Europe/Paris")
    """

    expression: str
    """The full expression, e.g. ``cron(0 5 ? * SAT *)``, spaces normalized."""

    @classmethod
    def parse(cls, expression: str, *, where: Where = "schedule", prop: str = "schedule_expression",
              hourly_limit: bool = True) -> BackupSchedule:
        """Check an expression as AWS Backup does (:class:`ValidationError` otherwise)."""
        text = inputs.required_str(where, prop, expression)
        if not known(text):
            inputs.type_error(where, prop, "a literal cron expression (not a token) to parse", expression)
        inputs.enforce(where, named(prop, rules.expression(str(text), hourly_limit=hourly_limit)))
        return cls(f"cron({rules.cron_body(str(text))})")

    @property
    def body(self) -> str:
        """The six fields without ``cron( )``."""
        body = rules.cron_body(self.expression)
        assert body is not None
        return body

    def runs_per_day_at_most(self) -> int:
        """How many times a day it can run (1 for daily or rarer)."""
        return rules.runs_per_day_at_most(self.body)

    def crosses_midnight_step(self) -> bool:
        """True for an hour step such as ``13/12`` that only fits once before midnight (A-R12)."""
        return "/" in self.body.split(" ")[1] and self.runs_per_day_at_most() == 1

    def next_runs(self, count: int, *, start: dt.datetime | None = None,
                  timezone: str | None = None) -> list[dt.datetime]:
        """The next ``count`` run times after ``start`` (default: now), in ``timezone`` (default UTC).

        Fewer when the schedule ends (a year field), none when it never runs again.
        """
        return rules.next_runs(self.body, count, start=start, timezone=timezone)

    def min_interval(self, *, timezone: str | None = None, sample: int = 60) -> dt.timedelta:
        """The shortest wall-clock gap between consecutive runs, over ``sample`` runs from 2025.

        ``timedelta.max`` when fewer than two runs are left.
        """
        days = rules.min_interval_days(self.body, timezone, sample)
        return dt.timedelta.max if days is None else dt.timedelta(days=days)

    def __str__(self) -> str:
        return self.expression


# ---------------------------------------------------------------- the door
def schedule_text(where: Where, prop: str, value: object) -> Str | None:
    """The expression of an ``events.Schedule`` or string (spaces normalized), a token as :class:`Unresolved`.

    Only the type is checked here; the rules of :mod:`cdk_backup.rules.schedule` judge the text.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text: object = value
    elif hasattr(value, "expression_string"):  # aws_events.Schedule (and aws_applicationautoscaling's)
        text = value.expression_string
    else:
        inputs.type_error(where, prop, SCHEDULE_EXPECTED, value)
    normalized = inputs.required_str(where, prop, text)
    if not known(normalized):
        return normalized
    body = rules.cron_body(str(normalized))
    return str(normalized) if body is None else f"cron({body})"


def timezone_text(where: Where, prop: str, value: object) -> Str | None:
    """The IANA name of a ``cdk.TimeZone`` or string, a token as :class:`Unresolved`."""
    if value is None:
        return None
    if isinstance(value, cdk.TimeZone):
        return inputs.required_str(where, prop, value.timezone_name)
    if isinstance(value, str):
        return inputs.required_str(where, prop, value)
    inputs.type_error(where, prop, TIMEZONE_EXPECTED, value)


def schedule_expression(where: Where, value: events.Schedule | str | None, prop: str = "schedule_expression", *,
                        hourly_limit: bool = True) -> str | None:
    """The expression to render, checked unless it is a token (errors raise; warnings are dropped)."""
    text = schedule_text(where, prop, value)
    if isinstance(text, str):
        inputs.enforce(where, named(prop, rules.expression(text, hourly_limit=hourly_limit)))
    return inputs.rendered(text)  # type: ignore[no-any-return]


def timezone_name(where: Where, value: cdk.TimeZone | str | None,
                  prop: str = "schedule_expression_timezone") -> str | None:
    """The time zone name to render, checked unless it is a token."""
    name = timezone_text(where, prop, value)
    if isinstance(name, str):
        inputs.enforce(where, named(prop, rules.timezone(name)))
    return inputs.rendered(name)  # type: ignore[no-any-return]


def named(prop: str, violations: Iterable[Violation]) -> Iterator[Violation]:
    """The same violations, about ``prop`` (the keyword as the caller spells it)."""
    for violation in violations:
        yield violation if violation.prop == prop else replace(violation, prop=prop)
