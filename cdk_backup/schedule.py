"""The AWS cron schedule model shared by backup rules and restore testing plans.

Syntax checks use ``aws-cron-expression-validator`` (EventBridge's AWS cron dialect: six
fields, ``?``, names, ranges, ``L``, ``W``, ``#``); next run times come from ``pyawscron``.
Both are small, maintained PyPI packages, so no cron parser is written here. Time zones use
the standard library's ``zoneinfo`` (with ``tzdata`` where the system has no database).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cdk_backup import _rules as R
from cdk_backup._validation import Loc, fail, fail_rule, is_unresolved, show

if TYPE_CHECKING:
    import aws_cdk as cdk
    from aws_cdk import aws_events as events

_CRON = re.compile(r"cron\((?P<body>[^()]*)\)")
_SINGLE_MINUTE = re.compile(r"\d{1,2}")


@dataclass(frozen=True)
class BackupSchedule:
    """A parsed AWS cron expression, ``cron(minutes hours day-of-month month day-of-week year)``."""

    expression: str
    """The full expression, e.g. ``cron(0 5 ? * SAT *)``."""

    @property
    def body(self) -> str:
        """The six fields without ``cron( )``."""
        match = _CRON.fullmatch(self.expression)
        assert match is not None
        return match.group("body").strip()

    @classmethod
    def parse(cls, expression: str, *, where: Loc = "schedule", prop: str = "schedule_expression") -> BackupSchedule:
        """Check an expression the way AWS Backup does; raise ValidationError otherwise."""
        match = _CRON.fullmatch(expression.strip())
        if match is None:
            fail_rule(where, show(expression), R.SCHEDULE_CRON, prop)
        body = " ".join(match.group("body").split())
        fields = body.split(" ")
        if len(fields) != 6:
            fail(where, prop, f"{R.SCHEDULE_CRON.requirement} (found {len(fields)} fields)", show(expression),
                 R.SCHEDULE_CRON)
        from aws_cron_expression_validator.validator import AWSCronExpressionValidator

        try:
            AWSCronExpressionValidator.validate(body)
        except ValueError as error:
            fail(where, prop, f"{R.SCHEDULE_CRON.requirement}: {error}", show(expression), R.SCHEDULE_CRON)
        if _SINGLE_MINUTE.fullmatch(fields[0]) is None:
            fail(where, prop, f"{R.SCHEDULE_HOURLY.requirement} (the minutes field must be one number)",
                 show(expression), R.SCHEDULE_HOURLY)
        return cls(f"cron({body})")

    def _cron(self) -> object:
        from pyawscron import AWSCron

        return AWSCron(self.body)

    def runs_per_day_at_most(self) -> int:
        """How many times a day it can run (1 for daily or rarer)."""
        cron = self._cron()
        return len(cron.hours) * len(cron.minutes)  # type: ignore[attr-defined]

    def crosses_midnight_step(self) -> bool:
        """True for an hour step such as ``13/12`` that only fits once before midnight (A-R12)."""
        hours = self.body.split(" ")[1]
        return "/" in hours and self.runs_per_day_at_most() == 1

    def next_runs(self, count: int, *, start: dt.datetime | None = None,
                  timezone: str | None = None) -> list[dt.datetime]:
        """The next ``count`` run times after ``start`` (default: now), in ``timezone`` (default UTC)."""
        from pyawscron import AWSCron

        zone = ZoneInfo(timezone or "UTC")
        begin = (start or dt.datetime.now(dt.timezone.utc)).astimezone(zone)
        # pyawscron works on UTC wall clocks: evaluate on the local wall clock, then re-attach the zone.
        wall = begin.replace(tzinfo=dt.timezone.utc)
        runs = AWSCron.get_next_n_schedule(count, wall, self.body)
        return [run.replace(tzinfo=zone) for run in runs]

    def min_interval(self, *, start: dt.datetime | None = None, timezone: str | None = None,
                     sample: int = 60) -> dt.timedelta:
        """The shortest gap between consecutive runs over the next ``sample`` runs."""
        first = start or dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
        runs = self.next_runs(sample, start=first, timezone=timezone)
        return min((b - a for a, b in itertools.pairwise(runs)), default=dt.timedelta.max)

    def __str__(self) -> str:
        return self.expression


def schedule_expression(where: Loc, value: events.Schedule | str | None,
                        prop: str = "schedule_expression") -> str | None:
    """The expression string of a Schedule or string, checked unless it is a token."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value.expression_string)
    if is_unresolved(text):
        return text
    return BackupSchedule.parse(text, where=where, prop=prop).expression


@functools.lru_cache(maxsize=512)
def _zone_exists(name: str) -> bool:
    if not name or name != name.strip() or " " in name or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def timezone_name(where: Loc, value: cdk.TimeZone | str | None,
                  prop: str = "schedule_expression_timezone") -> str | None:
    """An IANA time zone name from a ``TimeZone`` or a string, checked unless it is a token."""
    if value is None:
        return None
    name = value if isinstance(value, str) else str(value.timezone_name)
    if not is_unresolved(name) and not _zone_exists(name):
        fail_rule(where, show(name), R.SCHEDULE_TIMEZONE, prop)
    return name
