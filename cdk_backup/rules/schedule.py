"""Rules of AWS cron schedules and time zones, shared by backup rules and restore testing plans.

The syntax check is ``aws-cron-expression-validator`` (EventBridge's six-field AWS cron dialect).
Run times are computed here, from the fields of an expression that passed that check: a small
evaluator that walks years, months and days, so that every valid schedule has an answer (Feb 29,
a single year, ``L``, ``LW``, ``15W``, ``6L``, ``6#3``, wrapping ranges) and a schedule that never
runs again is reported instead of crashing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
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
    "{prop} must have a run after now, got {got}, which {reason}", "A-R8",
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
_MONTHS = {name: number for number, name in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}
_WEEKDAYS = {name: number for number, name in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), start=1)}
_EPOCH = dt.datetime(2025, 1, 1)
"""Where interval sampling starts (a fixed date, so that the answer does not depend on today)."""


def cron_body(expression: str) -> str | None:
    """The six fields of ``cron(...)``, spaces normalized, or ``None`` when it is not a cron()."""
    match = _CRON.fullmatch(expression.strip())
    return " ".join(match.group("body").split()) if match else None


def expression(text: str, *, hourly_limit: bool = True, now: dt.datetime | None = None) -> Iterator[Violation]:
    """Syntax, at most hourly, and a run after ``now`` (a token or intrinsic is never passed here)."""
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
    cron = parse(body)
    start = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(tzinfo=None)
    if next(cron.runs_after(start), None) is None:
        ever = next(cron.runs_after(dt.datetime(1969, 12, 31)), None)
        reason = "matches no date at all" if ever is None else "only matches dates in the past"
        yield SCHEDULE_NEVER_RUNS.violation(text, reason=reason)
        return
    if "/" in fields[1] and cron.runs_per_day_at_most == 1:
        yield SCHEDULE_MIDNIGHT.violation(Text(f"cron({body})"))


# ---------------------------------------------------------------- run times
@dataclass(frozen=True)
class Cron:
    """The fields of a valid AWS cron expression, ready to list run times (wall clock, no zone)."""

    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    days_of_month: str
    """The raw field: ``?``, ``L``, ``LW``, ``15W`` or a list of values, ranges and steps."""
    months: tuple[int, ...]
    days_of_week: str
    """The raw field: ``?``, ``L``, ``6L``, ``L-6``, ``6#3`` or a list of values and ranges (1 = Sunday)."""
    years: tuple[int, ...]

    @property
    def runs_per_day_at_most(self) -> int:
        """How many times a day the schedule can run (1 for daily or rarer)."""
        return len(self.hours) * len(self.minutes)

    def days(self, year: int, month: int) -> list[int]:
        """The days of ``month`` the schedule runs on, in order."""
        last = calendar.monthrange(year, month)[1]
        if self.days_of_month != "?":
            return _days_of_month(self.days_of_month, year, month, last)
        return _days_of_week(self.days_of_week, year, month, last)

    def runs_after(self, after: dt.datetime) -> Iterator[dt.datetime]:
        """Every run strictly after ``after`` (a naive wall-clock time), in order, up to 2199."""
        times = [(hour, minute) for hour in self.hours for minute in self.minutes]
        day_after = (after.year, after.month, after.day)
        for year in self.years:
            if year < after.year:
                continue
            for month in self.months:
                if (year, month) < day_after[:2]:
                    continue
                for day in self.days(year, month):
                    if (year, month, day) < day_after:
                        continue
                    for hour, minute in times:
                        run = dt.datetime(year, month, day, hour, minute)
                        if run > after:
                            yield run


@functools.lru_cache(maxsize=256)
def parse(body: str) -> Cron:
    """The fields of a body that passed the syntax check (``cron_body`` of a valid expression)."""
    minute, hour, day_of_month, month, day_of_week, year = body.upper().split(" ")
    return Cron(
        minutes=_values(minute, 0, 59), hours=_values(hour, 0, 23), days_of_month=day_of_month,
        months=_values(month, 1, 12, _MONTHS), days_of_week=day_of_week, years=_values(year, 1970, 2199),
    )


def _number(text: str, names: dict[str, int] | None) -> int:
    return names[text] if names and text in names else int(text)


def _values(field: str, low: int, high: int, names: dict[str, int] | None = None) -> tuple[int, ...]:
    """Values, ranges (``a-b``, ``*-b``, ``a-*``; wrapping when ``a > b``), steps (``*/n``, ``a/n``, ``a-b/n``)
    and lists of them, as the sorted values they allow."""
    found: set[int] = set()
    for part in field.split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            step = int(step_text)
            if part != "*" and "-" not in part:
                part = f"{part}-*"  # a/n: from a to the end of the range
        if part == "*":
            start, end = low, high
        elif "-" in part:
            first, last = part.split("-", 1)
            start = low if first == "*" else _number(first, names)
            end = high if last == "*" else _number(last, names)
        else:
            start = end = _number(part, names)
        span = list(range(start, end + 1)) if start <= end else [*range(start, high + 1), *range(low, end + 1)]
        found.update(span[::step])
    return tuple(sorted(value for value in found if low <= value <= high))


def _weekday(year: int, month: int, day: int) -> int:
    """AWS's day-of-week number: 1 = Sunday … 7 = Saturday."""
    return (dt.date(year, month, day).weekday() + 1) % 7 + 1


def _days_of_month(field: str, year: int, month: int, last: int) -> list[int]:
    if field == "L":
        return [last]
    if field == "LW":
        day = last
        while _weekday(year, month, day) in (1, 7):
            day -= 1
        return [day]
    if field.endswith("W"):  # the weekday nearest to day n, without leaving the month
        day = int(field[:-1])
        if day > last:
            return []
        weekday = _weekday(year, month, day)
        if weekday == 7:  # Saturday: the Friday before, or the Monday after on the 1st
            day = day - 1 if day > 1 else day + 2
        elif weekday == 1:  # Sunday: the Monday after, or the Friday before on the last day
            day = day + 1 if day < last else day - 2
        return [day]
    return [day for day in _values(field, 1, 31) if day <= last]


def _days_of_week(field: str, year: int, month: int, last: int) -> list[int]:
    every = range(1, last + 1)
    if field == "*":
        return list(every)
    if field == "L":  # the last day of the week: Saturday
        return [day for day in every if _weekday(year, month, day) == 7]
    if field.endswith("L") or field.startswith("L-"):  # the last such weekday of the month
        weekday = _number(field[:-1] if field.endswith("L") else field[2:], _WEEKDAYS)
        return [max(day for day in every if _weekday(year, month, day) == weekday)]
    if "#" in field:  # the n-th such weekday of the month
        weekday_text, nth = field.split("#")
        weekday = _number(weekday_text, _WEEKDAYS)
        matching = [day for day in every if _weekday(year, month, day) == weekday]
        return matching[int(nth) - 1:int(nth)]
    weekdays = set(_values(field, 1, 7, _WEEKDAYS))
    return [day for day in every if _weekday(year, month, day) in weekdays]


def next_runs(body: str, count: int, *, start: dt.datetime | None = None,
              timezone: str | None = None) -> list[dt.datetime]:
    """The next ``count`` run times after ``start`` (default: now) in ``timezone`` (default UTC).

    Fewer than ``count`` when the schedule ends (a single year), none when it never runs again.
    The schedule is read on the zone's wall clock, as AWS Backup does.
    """
    zone = ZoneInfo(timezone or "UTC")
    begin = start or dt.datetime.now(dt.timezone.utc)
    if begin.tzinfo is None:
        begin = begin.replace(tzinfo=dt.timezone.utc)
    wall = begin.astimezone(zone).replace(tzinfo=None)
    return [run.replace(tzinfo=zone) for run in itertools.islice(parse(body).runs_after(wall), count)]


@functools.lru_cache(maxsize=256)
def min_interval_days(body: str, timezone: str | None = None, sample: int = 60) -> float | None:
    """The shortest wall-clock gap between consecutive runs over ``sample`` runs from 2025, in days.

    ``None`` when fewer than two runs are left. ``timezone`` does not change wall-clock gaps; it is
    accepted for callers that have one.
    """
    runs = list(itertools.islice(parse(body).runs_after(_EPOCH), sample))
    if len(runs) < 2:
        return None
    gap = min(b - a for a, b in itertools.pairwise(runs))
    return gap.total_seconds() / 86_400


def runs_per_day_at_most(body: str) -> int:
    """How many times a day the schedule can run (1 for daily or rarer)."""
    return parse(body).runs_per_day_at_most


# ---------------------------------------------------------------- time zones
@functools.lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


_NOT_ZONES = ("posixrules", "Factory", "localtime")


def timezone(name: str) -> Iterator[Violation]:
    """An IANA zone name of the tz database (not ``posixrules``, ``Factory``, ``right/…`` or a file path)."""
    if not valid_zone(name):
        yield SCHEDULE_TIMEZONE.violation(name)


def valid_zone(name: str) -> bool:
    """True for a zone name AWS takes: one of the tz database's zones, spelled exactly."""
    if name not in _zones() or name in _NOT_ZONES or name.startswith(("posix/", "right/")):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
