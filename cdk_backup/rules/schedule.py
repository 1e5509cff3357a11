"""Rules of AWS cron schedules and time zones, shared by backup rules and restore testing plans.

Syntax checks use ``aws-cron-expression-validator`` (EventBridge's AWS cron dialect); run times
come from ``pyawscron``. Both are small PyPI packages, so no cron parser is written here.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from cdk_backup.rules._core import Rule, Text, Violation

SCHEDULE_CRON = Rule(
    "scheduleCron", "error", "BackupPlanRule, RestoreTestingPlan", "schedule_expression",
    "{prop} must be an AWS cron expression with 6 fields, cron(minutes hours day-of-month month day-of-week "
    "year), one of the day fields '?'{detail}, got {got}", "A-R8/C-R13",
)
SCHEDULE_HOURLY = Rule(
    "scheduleAtMostHourly", "error", "BackupPlanRule", "schedule_expression",
    "{prop} must not run more often than once an hour (the minutes field must be one number), got {got}",
    "A-R9/C-R14",
)
SCHEDULE_NEVER_RUNS = Rule(
    "scheduleNeverRuns", "error", "BackupPlanRule, RestoreTestingPlan", "schedule_expression",
    "{prop} must run at least once in the future, got {got}, whose last run is past", "A-R8",
)
SCHEDULE_TIMEZONE = Rule(
    "scheduleTimezone", "error", "BackupPlanRule, RestoreTestingPlan", "schedule_expression_timezone",
    "{prop} must be an IANA time zone name, e.g. Europe/Paris, got {got}", "A-R11/C-R15",
)
SCHEDULE_MIDNIGHT = Rule(
    "hourStepCrossesMidnight", "warning", "BackupPlanRule", "schedule_expression",
    "{prop} {got} has an hour step that only fits once before midnight; AWS evaluates cron between 00:00 and "
    "23:59, so it runs once a day", "A-R12",
)

_CRON = re.compile(r"cron\((?P<body>[^()]*)\)")
_SINGLE_MINUTE = re.compile(r"\d{1,2}", re.ASCII)


def cron_body(expression: str) -> str | None:
    """The six fields of ``cron(...)``, spaces normalized, or ``None`` when it is not a cron()."""
    match = _CRON.fullmatch(expression.strip())
    return " ".join(match.group("body").split()) if match else None


def expression(text: str, *, hourly_limit: bool = True) -> Iterator[Violation]:
    """Syntax, at most hourly, and a next run (a token or intrinsic is never passed here)."""
    body = cron_body(text)
    if body is None:
        yield SCHEDULE_CRON.violation(text, detail="")
        return
    fields = body.split(" ")
    if len(fields) != 6:
        yield SCHEDULE_CRON.violation(text, detail=f" (found {len(fields)} fields)")
        return
    from aws_cron_expression_validator.validator import AWSCronExpressionValidator

    try:
        AWSCronExpressionValidator.validate(body)
    except ValueError as error:
        yield SCHEDULE_CRON.violation(text, detail=f": {error}")
        return
    if hourly_limit and _SINGLE_MINUTE.fullmatch(fields[0]) is None:
        yield SCHEDULE_HOURLY.violation(text)
        return
    if next_runs(body, 1) == []:
        yield SCHEDULE_NEVER_RUNS.violation(text)
        return
    hours = fields[1]
    if "/" in hours and runs_per_day_at_most(body) == 1:
        yield SCHEDULE_MIDNIGHT.violation(Text(f"cron({body})"))


def runs_per_day_at_most(body: str) -> int:
    """How many times a day the schedule can run (1 for daily or rarer)."""
    from pyawscron import AWSCron

    cron = AWSCron(body)
    return len(cron.hours) * len(cron.minutes)


_EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


def next_runs(body: str, count: int, *, start: dt.datetime | None = None,
              timezone: str | None = None) -> list[dt.datetime] | None:
    """The next ``count`` run times after ``start`` (default: now) in ``timezone`` (default UTC).

    Fewer than ``count`` when the schedule ends (a single year); ``None`` when they cannot be computed.
    """
    from pyawscron import AWSCron

    zone = ZoneInfo(timezone or "UTC")
    begin = (start or dt.datetime.now(dt.timezone.utc)).astimezone(zone)
    wall = begin.replace(tzinfo=dt.timezone.utc)  # pyawscron works on UTC wall clocks
    runs: list[dt.datetime] = []
    cron = AWSCron(body)
    try:
        for _ in range(count):
            found = cron.occurrence(wall).next()
            if found is None:
                break
            runs.append(found.replace(tzinfo=zone))
            wall = found
    except (ValueError, AttributeError, TypeError, IndexError):
        # pyawscron cannot step through some valid schedules (Feb 29, a single year): say so.
        return runs or None
    return runs


@functools.lru_cache(maxsize=256)
def min_interval_days(body: str, timezone: str | None = None, sample: int = 60) -> float | None:
    """The shortest gap between consecutive runs over the next ``sample`` runs, in days."""
    runs = next_runs(body, sample, start=_EPOCH, timezone=timezone)
    if not runs or len(runs) < 2:
        return None
    gap = min(b - a for a, b in itertools.pairwise(runs))
    return gap.total_seconds() / 86_400


@functools.lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def timezone(name: str) -> Iterator[Violation]:
    """An IANA zone name of the tz database (not ``posixrules``, ``right/…`` or a file path)."""
    if not _valid_zone(name):
        yield SCHEDULE_TIMEZONE.violation(name)


def _valid_zone(name: str) -> bool:
    if name in _zones():
        return name not in ("posixrules", "Factory", "localtime") and not name.startswith(("posix/", "right/"))
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return False
