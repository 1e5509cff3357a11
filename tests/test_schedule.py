"""AWS cron schedules and time zones: what AWS accepts and rejects, next run times, the door."""

from __future__ import annotations

import datetime as dt

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events

import cdk_backup as backup
from cdk_backup.rules import Unresolved
from cdk_backup.schedule import schedule_expression, schedule_text, timezone_name, timezone_text
from tests.conftest import new_stack

UTC = dt.timezone.utc
JAN_2026 = dt.datetime(2026, 1, 1, tzinfo=UTC)

VALID = [
    pytest.param("cron(0 5 * * ? *)", id="daily"),
    pytest.param("cron(0 5 ? * SAT *)", id="saturdays"),
    pytest.param("cron(15 * ? * * *)", id="hourly-at-15"),
    pytest.param("cron(0 5 L * ? *)", id="last-day-of-month"),
    pytest.param("cron(0 5 15W * ? *)", id="weekday-nearest-15th"),
    pytest.param("cron(0 5 ? * 6#3 *)", id="third-friday"),
    pytest.param("cron(0 5 ? * MON-FRI *)", id="weekdays"),
    pytest.param("cron(0 0/4 ? * * *)", id="every-four-hours"),
    pytest.param("cron(0 5 ? JAN-MAR 2 2199)", id="last-year-aws-takes"),
    pytest.param("cron(0 5 LW * ? *)", id="last-weekday"),
    pytest.param("cron(0 5 ? * 6L *)", id="last-friday"),
    pytest.param("cron(0 5 29 2 ? *)", id="feb-29"),
    pytest.param("cron(0 5 1 * ? 2199)", id="single-year"),
    pytest.param("cron(0 22-2 ? * FRI-MON *)", id="wrapping-ranges"),
]


@pytest.mark.parametrize("expression", VALID)
def test_valid_expressions(expression: str) -> None:
    schedule = backup.BackupSchedule.parse(expression)
    assert schedule.expression == expression
    assert schedule.next_runs(2, start=JAN_2026)  # never crashes, always runs again


INVALID = [
    pytest.param("cron(0 5 * * *)", "found 5 fields", id="five-fields"),
    pytest.param("0 5 * * ? *", "must be an AWS cron expression", id="no-cron-wrapper"),
    pytest.param("rate(1 day)", "must be an AWS cron expression", id="rate"),
    pytest.param("cron(0 5 * * * *)", "One must be a question mark", id="both-day-fields"),
    pytest.param("cron(0 5 ? * 0 *)", "day-of-week", id="day-of-week-zero"),
    pytest.param("cron(0 25 * * ? *)", "hour", id="hour-25"),
    pytest.param("cron(0 5 32 * ? *)", "day-of-month", id="day-32"),
    pytest.param("cron(* 5 * * ? *)", r"must not run more often than once an hour.*\[scheduleAtMostHourly\]", id="every-minute"),
    pytest.param("cron(0/30 * ? * * *)", "must not run more often than once an hour", id="every-30-minutes"),
    pytest.param("cron(0,30 * ? * * *)", "must not run more often than once an hour", id="twice-an-hour"),
    pytest.param("cron(0 5 30 2 ? *)", r"must have a run after now, .* which matches no date at all \[scheduleNeverRuns\]", id="feb-30"),
    pytest.param("cron(0 5 31 4,6,9,11 ? *)", r"matches no date at all \[scheduleNeverRuns\]", id="31st-of-short-months"),
    pytest.param("cron(0 5 1 1 ? 2020)", r"which only matches dates in the past \[scheduleNeverRuns\]", id="past-year"),
]


@pytest.mark.parametrize("expression, message", INVALID)
def test_invalid_expressions(expression: str, message: str) -> None:
    with pytest.raises(backup.ValidationError, match=message) as caught:
        backup.BackupSchedule.parse(expression, where="Plan/Daily")
    assert str(caught.value).startswith("Plan/Daily: schedule_expression ")


def test_parse_refuses_wrong_types_and_tokens() -> None:
    with pytest.raises(backup.ValidationError, match=r"schedule_expression must be a string, got int 5 \[inputType\]"):
        backup.BackupSchedule.parse(5)  # type: ignore[arg-type]
    token = cdk.CfnParameter(new_stack(), "P").value_as_string
    with pytest.raises(backup.ValidationError, match=r"a literal cron expression \(not a token\)"):
        backup.BackupSchedule.parse(token)


def test_restore_testing_may_run_more_often_than_hourly_checks() -> None:
    assert schedule_expression("Plan", "cron(0/30 * ? * * *)", hourly_limit=False) == "cron(0/30 * ? * * *)"


def test_events_schedule_cron_without_minute_is_caught() -> None:
    with pytest.raises(backup.ValidationError, match=r"^Plan: schedule_expression must not run more often"):
        schedule_expression("Plan", events.Schedule.cron(hour="5"))
    assert schedule_expression("Plan", events.Schedule.cron(minute="0", hour="5")) == "cron(0 5 * * ? *)"
    assert schedule_expression("Plan", "cron( 0  5 * * ? * )") == "cron(0 5 * * ? *)"  # spaces normalized


def test_the_door_passes_tokens_and_names_the_property() -> None:
    stack = new_stack()
    text = cdk.CfnParameter(stack, "Text").value_as_string
    assert isinstance(schedule_text("W", "schedule_expression", text), Unresolved)
    assert isinstance(schedule_text("W", "schedule_expression", events.Schedule.expression(text)), Unresolved)
    assert isinstance(timezone_text("W", "schedule_expression_timezone", text), Unresolved)
    assert schedule_expression("W", text) == text and timezone_name("W", text) == text
    with pytest.raises(backup.ValidationError, match=r"^W: schedule_expression must be a Schedule .*got int 5"):
        schedule_text("W", "schedule_expression", 5)
    with pytest.raises(backup.ValidationError, match=r"^W: tz must be a cdk.TimeZone or an IANA time zone name, got int 1"):
        timezone_text("W", "tz", 1)


@pytest.mark.parametrize("expression, start, expected", [
    pytest.param("cron(0 5 ? * 6#3 *)", JAN_2026, [16, 20, 20], id="third-friday"),
    pytest.param("cron(0 5 L * ? *)", JAN_2026, [31, 28, 31], id="last-day"),
    pytest.param("cron(0 5 15W * ? *)", JAN_2026, [15, 16, 16], id="nearest-weekday"),
    pytest.param("cron(0 5 1W * ? *)", dt.datetime(2026, 2, 1, tzinfo=UTC), [2, 2, 1], id="1W-on-a-sunday-stays-in-month"),
    pytest.param("cron(0 5 31W * ? *)", dt.datetime(2026, 5, 1, tzinfo=UTC), [29, 31, 31], id="31W-on-a-sunday"),
    pytest.param("cron(0 5 LW * ? *)", JAN_2026, [30, 27, 31], id="last-weekday"),
    pytest.param("cron(0 5 ? * 2L *)", JAN_2026, [26, 23, 30], id="last-monday"),
    pytest.param("cron(0 5 ? * L *)", JAN_2026, [3, 10, 17], id="L-is-saturday"),
])
def test_next_runs_handle_l_w_and_hash(expression: str, start: dt.datetime, expected: list[int]) -> None:
    runs = backup.BackupSchedule.parse(expression).next_runs(3, start=start)
    assert [r.day for r in runs] == expected


def test_rare_schedules_never_crash() -> None:
    leap = backup.BackupSchedule.parse("cron(0 5 29 2 ? *)").next_runs(3, start=JAN_2026)
    assert [r.year for r in leap] == [2028, 2032, 2036] and {(r.month, r.day) for r in leap} == {(2, 29)}
    single = backup.BackupSchedule.parse("cron(0 5 1 * ? 2030)").next_runs(20, start=JAN_2026)
    assert len(single) == 12 and single[0].replace(tzinfo=None) == dt.datetime(2030, 1, 1, 5)
    ended = backup.BackupSchedule("cron(0 5 1 1 ? 2020)")
    assert ended.next_runs(3, start=JAN_2026) == [] and ended.min_interval() == dt.timedelta.max


def test_next_runs_in_a_time_zone_follow_daylight_saving() -> None:
    schedule = backup.BackupSchedule.parse("cron(0 1 ? * * *)")
    winter, summer = (schedule.next_runs(1, start=start, timezone="America/Los_Angeles")[0]
                      for start in (dt.datetime(2026, 1, 10, tzinfo=UTC), dt.datetime(2026, 7, 10, tzinfo=UTC)))
    assert winter.hour == summer.hour == 1
    assert winter.utcoffset() == dt.timedelta(hours=-8) and summer.utcoffset() == dt.timedelta(hours=-7)


def test_min_interval_and_midnight_step() -> None:
    assert backup.BackupSchedule.parse("cron(0 5 1 * ? *)").min_interval() == dt.timedelta(days=28)
    assert backup.BackupSchedule.parse("cron(0 5 ? * SAT *)").min_interval() == dt.timedelta(days=7)
    assert backup.BackupSchedule.parse("cron(0 * ? * * *)").min_interval() == dt.timedelta(hours=1)
    assert backup.BackupSchedule.parse("cron(0 13/12 ? * * *)").crosses_midnight_step()
    assert not backup.BackupSchedule.parse("cron(0 1/12 ? * * *)").crosses_midnight_step()
    assert backup.BackupSchedule.parse("cron(0 1/12 ? * * *)").runs_per_day_at_most() == 2


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/Los_Angeles", "Asia/Kolkata", "Etc/GMT+5"])
def test_time_zones_accepted(zone: str) -> None:
    assert timezone_name("W", zone) == zone


def test_cdk_time_zone_accepted() -> None:
    assert timezone_name("W", cdk.TimeZone.EUROPE_LONDON) == "Europe/London"


@pytest.mark.parametrize("zone", [
    pytest.param("PST", id="abbreviation"),
    pytest.param("America/Los Angeles", id="space"),
    pytest.param("UTC+2", id="offset"),
    pytest.param("", id="empty"),
    pytest.param("../etc/passwd", id="relative-path"),
    pytest.param("/usr/share/zoneinfo/UTC", id="absolute-path"),
    pytest.param("posixrules", id="posixrules"),
    pytest.param("right/UTC", id="right-leap-seconds"),
    pytest.param("posix/Europe/Paris", id="posix-copy"),
    pytest.param("Factory", id="factory"),
    pytest.param("localtime", id="localtime"),
    pytest.param("europe/paris", id="wrong-case"),
])
def test_time_zones_rejected(zone: str) -> None:
    with pytest.raises(backup.ValidationError, match=r"^W: schedule_expression_timezone must be an IANA time zone name.*\[scheduleTimezone\]"):
        timezone_name("W", zone)
