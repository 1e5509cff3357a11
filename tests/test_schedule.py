"""The AWS cron schedule model: what AWS accepts and rejects, and next run times."""

from __future__ import annotations

import datetime as dt

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events

import cdk_backup as backup
from cdk_backup.schedule import schedule_expression, timezone_name

VALID = [
    "cron(0 5 * * ? *)",
    "cron(0 5 ? * SAT *)",
    "cron(15 * ? * * *)",            # hourly at :15
    "cron(0 5 L * ? *)",             # last day of the month
    "cron(0 5 15W * ? *)",           # weekday nearest the 15th
    "cron(0 5 ? * 6#3 *)",           # third Friday
    "cron(0 5 ? * MON-FRI *)",
    "cron(0 0/4 ? * * *)",           # every four hours
    "cron(0 5 ? JAN-MAR 2 2027)",
    "cron(0 5 LW * ? *)",
    "cron(0 5 ? * 6L *)",
]


@pytest.mark.parametrize("expression", VALID)
def test_valid_expressions(expression: str) -> None:
    assert backup.BackupSchedule.parse(expression).expression == expression


INVALID = [
    ("cron(0 5 * * *)", "found 5 fields"),
    ("0 5 * * ? *", "must be an AWS cron expression"),
    ("rate(1 day)", "must be an AWS cron expression"),
    ("cron(0 5 * * * *)", "One must be a question mark"),
    ("cron(0 5 ? * 0 *)", "day-of-week"),
    ("cron(0 25 * * ? *)", "hour"),
    ("cron(0 5 32 * ? *)", "day-of-month"),
    ("cron(* 5 * * ? *)", "must not run more often than once an hour"),
    ("cron(0/30 * ? * * *)", "must not run more often than once an hour"),
    ("cron(0,30 * ? * * *)", "must not run more often than once an hour"),
]


@pytest.mark.parametrize("expression, message", INVALID)
def test_invalid_expressions(expression: str, message: str) -> None:
    with pytest.raises(backup.ValidationError, match=message):
        backup.BackupSchedule.parse(expression, where="Plan/Daily")


def test_events_schedule_cron_without_minute_is_caught() -> None:
    with pytest.raises(backup.ValidationError, match=r"Plan: schedule_expression must not run more often"):
        schedule_expression("Plan", events.Schedule.cron(hour="5"))
    assert schedule_expression("Plan", events.Schedule.cron(minute="0", hour="5")) == "cron(0 5 * * ? *)"


@pytest.mark.parametrize("expression, start, expected", [
    ("cron(0 5 ? * 6#3 *)", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), [16, 20, 20]),
    ("cron(0 5 L * ? *)", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), [31, 28, 31]),
    ("cron(0 5 15W * ? *)", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), [15, 16, 16]),
])
def test_next_runs_handle_l_w_and_hash(expression: str, start: dt.datetime, expected: list[int]) -> None:
    runs = backup.BackupSchedule.parse(expression).next_runs(3, start=start)
    assert [r.day for r in runs] == expected


def test_next_runs_in_a_time_zone_follow_daylight_saving() -> None:
    schedule = backup.BackupSchedule.parse("cron(0 1 ? * * *)")
    winter, summer = (schedule.next_runs(1, start=start, timezone="America/Los_Angeles")[0]
                      for start in (dt.datetime(2026, 1, 10, tzinfo=dt.timezone.utc),
                                    dt.datetime(2026, 7, 10, tzinfo=dt.timezone.utc)))
    assert winter.hour == summer.hour == 1
    assert winter.utcoffset() == dt.timedelta(hours=-8) and summer.utcoffset() == dt.timedelta(hours=-7)


def test_min_interval_and_midnight_step() -> None:
    assert backup.BackupSchedule.parse("cron(0 5 1 * ? *)").min_interval().days >= 28
    assert backup.BackupSchedule.parse("cron(0 5 ? * SAT *)").min_interval() == dt.timedelta(days=7)
    assert backup.BackupSchedule.parse("cron(0 13/12 ? * * *)").crosses_midnight_step()
    assert not backup.BackupSchedule.parse("cron(0 1/12 ? * * *)").crosses_midnight_step()


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/Los_Angeles", "Asia/Kolkata"])
def test_time_zones_accepted(zone: str) -> None:
    assert timezone_name("W", zone) == zone


def test_cdk_time_zone_accepted() -> None:
    assert timezone_name("W", cdk.TimeZone.EUROPE_LONDON) == "Europe/London"


@pytest.mark.parametrize("zone", ["PST", "America/Los Angeles", "UTC+2", "", "../etc/passwd"])
def test_time_zones_rejected(zone: str) -> None:
    with pytest.raises(backup.ValidationError, match=r"must be an IANA time zone name.*\[A-R11/C-R15\]"):
        timezone_name("W", zone)
