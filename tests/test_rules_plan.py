"""The pure rules of plans and schedules (cdk_backup.rules.plan, cdk_backup.rules.schedule): no jsii, fast."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from zoneinfo import available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdk_backup.rules import Unresolved, Violation
from cdk_backup.rules import plan as rules
from cdk_backup.rules import schedule as schedule_rules
from cdk_backup.rules.plan import CopyAction, Lifecycle, PlanRule

FAST = settings(max_examples=150, deadline=None)


def ids(violations: object) -> list[str]:
    return [v.rule.id for v in violations]  # type: ignore[attr-defined]


def errors(violations: object) -> list[Violation]:
    return [v for v in violations if v.severity == "error"]  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the catalogue of this area
def test_ids_of_plan_and_schedule_rules_are_prefix_free() -> None:
    """No id is the start of another, so a search for one id finds only that rule."""
    from cdk_backup.rules import rules_of

    found = sorted(r.id for r in rules_of(vars(rules)) + rules_of(vars(schedule_rules)))
    assert len(found) == len(set(found))
    clashes = [(a, b) for a in found for b in found if a != b and b.startswith(a)]
    assert not clashes


def test_old_warning_ids_are_kept() -> None:
    """Users acknowledge warnings by id; the ids of the warnings the old code gave stay the same."""
    from cdk_backup.rules import rules_of

    warnings = {r.id for r in rules_of(vars(rules)) + rules_of(vars(schedule_rules)) if r.severity == "warning"}
    assert {"archiveWithoutCold", "coldWithoutDelete", "completionWindowNotLonger", "copyToDefaultVault",
            "copyWithoutLifecycle", "hourStepCrossesMidnight", "ruleWithoutSchedule",
            "windowsVssWithoutEc2"} <= warnings


# ---------------------------------------------------------------- lifecycles and rules
days_or_none = st.one_of(st.none(), st.integers(-3, 37_000))


@FAST
@given(delete=days_or_none, cold=days_or_none)
def test_lifecycle_accepts_exactly_what_aws_accepts(delete: int | None, cold: int | None) -> None:
    found = errors(rules.lifecycle(Lifecycle(delete_after=delete, move_to_cold_storage_after=cold)))
    valid = ((delete is None or 1 <= delete <= 36_500) and (cold is None or 1 <= cold <= 36_500)
             and (delete is None or cold is None or delete >= cold + 90))
    assert (not found) == valid
    for violation in found:
        assert violation.message.endswith(f"[{violation.rule.id}]")
        assert violation.rule.id in ("deleteAfter", "coldStorageAfter", "coldStorageGap")


@FAST
@given(delete=days_or_none, cold=days_or_none)
def test_lifecycle_skips_tokens(delete: int | None, cold: int | None) -> None:
    token = Unresolved()
    one_token = [Lifecycle(delete_after=token, move_to_cold_storage_after=cold),
                 Lifecycle(delete_after=delete, move_to_cold_storage_after=token)]
    for life in one_token:  # the token is not judged, nor the gap that needs it
        assert not [v for v in rules.lifecycle(life) if v.rule.id == "coldStorageGap"]
    assert not list(rules.lifecycle(Lifecycle(delete_after=token, move_to_cold_storage_after=token)))


@FAST
@given(delete=st.one_of(st.none(), st.integers(-3, 60)), cold=st.one_of(st.none(), st.integers(1, 100)))
def test_continuous_rules(delete: int | None, cold: int | None) -> None:
    rule = PlanRule(name="P", continuous=True, lifecycle=Lifecycle(delete_after=delete, move_to_cold_storage_after=cold))
    found = ids(errors(rules.rule(rule)))
    assert ("continuousNoColdStorage" in found) == (cold is not None)
    assert ("continuousRetention" in found) == (delete is not None and not 1 <= delete <= 35)
    assert rule.delete_days == (35 if delete is None else delete)


@FAST
@given(start=st.one_of(st.none(), st.integers(0, 200)), completion=st.one_of(st.none(), st.integers(0, 200)))
def test_windows(start: int | None, completion: int | None) -> None:
    found = list(rules.rule(PlanRule(name="W", schedule="cron(0 5 * * ? *)", start_minutes=start,
                                     completion_minutes=completion)))
    assert ("startWindowRange" in ids(found)) == (start is not None and start < 60)
    assert ("completionWindowRange" in ids(found)) == (completion is not None and completion < 1)
    assert ("completionWindowNotLonger" in ids(found)) == (
        start is not None and completion is not None and completion <= start)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=140), st.text(max_size=260), max_size=55))
def test_recovery_point_tags(tags: dict[str, str]) -> None:
    found = ids(errors(rules.rule(PlanRule(name="T", schedule="cron(0 5 * * ? *)", recovery_point_tags=dict(tags)))))
    bad_key = any(not 1 <= len(k) <= 128 or k.lower().startswith("aws:") for k in tags)
    assert ("tagKey" in found) == bad_key
    assert ("tagValue" in found) == any(len(v) > 256 for v in tags.values())
    assert ("recoveryPointTagCount" in found) == (len(tags) > 50)


@pytest.mark.parametrize("index_types, count, ok", [
    pytest.param(("EBS",), 1, True, id="ebs"),
    pytest.param(("S3",), 1, True, id="s3"),
    pytest.param((Unresolved(),), 1, True, id="token"),
    pytest.param(("EFS",), 1, False, id="unknown-type"),
    pytest.param(("EBS", "S3"), 1, False, id="two-types"),
    pytest.param((), 1, False, id="no-type"),
    pytest.param(("EBS",), 2, False, id="two-actions"),
])
def test_index_actions(index_types: tuple[object, ...], count: int, ok: bool) -> None:
    found = ids(rules.rule(PlanRule(name="I", schedule="cron(0 5 * * ? *)", index_resource_types=index_types,
                                    index_action_count=count)))
    assert ("indexActions" not in found) == ok


def test_warnings_of_a_rule() -> None:
    no_schedule = ids(rules.rule(PlanRule(name="N")))
    assert no_schedule == ["ruleWithoutSchedule"]
    cold_only = ids(rules.rule(PlanRule(name="C", schedule="cron(0 5 1 * ? *)",
                                        lifecycle=Lifecycle(move_to_cold_storage_after=30))))
    assert cold_only == ["coldWithoutDelete"]
    archive = PlanRule(name="A", schedule="cron(0 5 * * ? *)", min_interval_days=1.0,
                       lifecycle=Lifecycle(delete_after=200, opt_in_to_archive=True))
    assert ids(rules.rule(archive)) == ["archiveWithoutCold", "archiveNeedsMonthly"]
    copy = PlanRule(name="K", schedule="cron(0 5 * * ? *)", lifecycle=Lifecycle(delete_after=7),
                    copies=(CopyAction("arn:aws:backup:us-east-1:111122223333:backup-vault:dr"),))
    [warning] = rules.rule(copy)
    assert warning.rule.id == "copyWithoutLifecycle" and "(7 days)" in warning.message
    assert warning.prop == "copy_actions[0].delete_after"


# ---------------------------------------------------------------- plans
def test_plan_has_rules_unique_names_one_continuous_vault() -> None:
    assert ids(rules.plan([])) == ["planHasRules"]
    twice = [PlanRule(name="D"), PlanRule(name="D"), PlanRule(name=Unresolved()), PlanRule(name=Unresolved())]
    assert ids(rules.plan(twice)) == ["duplicateRuleName"]
    continuous = [PlanRule(name="A", continuous=True, vault="v1"), PlanRule(name="B", continuous=True, vault="v2")]
    assert ids(rules.plan(continuous)) == ["continuousOneVault"]
    unknown = [PlanRule(name="A", continuous=True, vault=Unresolved()), PlanRule(name="B", continuous=True, vault="v")]
    assert not list(rules.plan(unknown))


def test_s3_continuous_and_periodic_share_a_vault() -> None:
    same = [PlanRule(name="A", continuous=True, vault="v"), PlanRule(name="B", vault="v")]
    assert not list(rules.s3_same_vault(same))
    split = [PlanRule(name="A", continuous=True, vault="v"), PlanRule(name="B", vault="w")]
    assert ids(rules.s3_same_vault(split)) == ["s3ContinuousSameVault"]
    assert not list(rules.s3_same_vault([PlanRule(name="B", vault="w")]))


@FAST
@given(kept=st.one_of(st.none(), st.integers(1, 40_000)), low=st.one_of(st.none(), st.integers(1, 40_000)),
       high=st.one_of(st.none(), st.integers(1, 40_000)))
def test_retention_in_lock(kept: int | None, low: int | None, high: int | None) -> None:
    found = list(rules.retention_in_lock(kept, low, high, vault="S/Vault"))
    if low is None and high is None:
        inside = True
    elif kept is None:  # kept for ever
        inside = high is None
    else:
        inside = (low is None or kept >= low) and (high is None or kept <= high)
    assert (not found) == inside
    if found:
        assert "S/Vault" in found[0].message and found[0].rule.id == "retentionInLockRange"


def test_retention_in_lock_skips_tokens() -> None:
    assert not list(rules.retention_in_lock(Unresolved(), 30, 60, vault="V"))
    assert not list(rules.retention_in_lock(7, Unresolved(), Unresolved(), vault="V"))


@pytest.mark.parametrize("destination, account, expected", [
    pytest.param("arn:aws:backup:us-east-1:222233334444:backup-vault:Default", "111122223333",
                 ["copyToForeignDefaultVault"], id="another-accounts-default"),
    pytest.param("arn:aws:backup:us-east-1:111122223333:backup-vault:Default", "111122223333", [], id="own-default"),
    pytest.param("arn:aws:backup:us-east-1:222233334444:backup-vault:Default", None, ["copyToDefaultVault"],
                 id="unknown-account-warns"),
    pytest.param("arn:aws:backup:us-east-1:222233334444:backup-vault:dr", "111122223333", [], id="named-vault"),
    pytest.param(Unresolved(), "111122223333", [], id="token"),
])
def test_copy_to_default_vault(destination: object, account: str | None, expected: list[str]) -> None:
    assert ids(rules.copy_to_default_vault(destination, account)) == expected


def test_rds_copies_are_cross_region_or_cross_account() -> None:
    assert ids(rules.copy_cross_region_and_account(0, True, True, True)) == ["rdsCopyRegionAndAccount"]
    assert not list(rules.copy_cross_region_and_account(0, True, False, True))
    assert not list(rules.copy_cross_region_and_account(0, True, True, False))


@pytest.mark.parametrize("types, role, expected", [
    pytest.param(["EBS", "S3"], "arn:aws:iam::111122223333:role/Scanner", [], id="valid"),
    pytest.param(["EBS", Unresolved()], Unresolved(), [], id="tokens"),
    pytest.param(["EFS"], "arn:aws:iam::111122223333:role/Scanner", ["scanResourceTypes"], id="unknown-type"),
    pytest.param(["EBS", "EBS"], "arn:aws:iam::111122223333:role/Scanner", ["uniqueItems"], id="repeated-type"),
    pytest.param(["S3"], "arn:aws:s3:::bucket", ["scannerRoleArn"], id="not-a-role"),
    pytest.param(["S3"], "Scanner", ["scannerRoleArn"], id="role-name"),
])
def test_scan_settings(types: list[object], role: object, expected: list[str]) -> None:
    assert ids(rules.scan_setting(types, role)) == expected


def test_scanners_used_need_a_setting() -> None:
    scanning = [PlanRule(name="S", scanners=("GUARDDUTY",))]
    assert ids(rules.scanners_configured(scanning, [])) == ["scanSettings"]
    assert not list(rules.scanners_configured(scanning, ["GUARDDUTY"]))


def test_direct_air_gapped_target_is_local() -> None:
    arn = "arn:aws:backup:eu-west-1:222233334444:backup-vault:lag"
    assert ids(rules.air_gapped_target_local(arn, "111122223333", "eu-west-1")) == ["airGappedTargetElsewhere"]
    assert ids(rules.air_gapped_target_local(arn, "222233334444", "us-east-1")) == ["airGappedTargetElsewhere"]
    assert not list(rules.air_gapped_target_local(arn, "222233334444", "eu-west-1"))
    assert not list(rules.air_gapped_target_local(arn, None, None))
    assert not list(rules.air_gapped_target_local(Unresolved(), "111122223333", "eu-west-1"))


def test_windows_vss_without_ec2() -> None:
    assert ids(rules.windows_vss(True, False)) == ["windowsVssWithoutEc2"]
    assert not list(rules.windows_vss(True, None)) and not list(rules.windows_vss(True, True))
    assert not list(rules.windows_vss(False, False))


# ---------------------------------------------------------------- schedules
minute = st.integers(0, 59).map(str)
hour_field = st.one_of(
    st.just("*"), st.integers(0, 23).map(str),
    st.tuples(st.integers(0, 23), st.integers(0, 23)).map(lambda t: f"{t[0]}-{t[1]}"),
    st.tuples(st.integers(0, 23), st.integers(1, 12)).map(lambda t: f"{t[0]}/{t[1]}"),
    st.lists(st.integers(0, 23), min_size=1, max_size=3).map(lambda v: ",".join(map(str, v))),
)
day_of_month = st.one_of(
    st.just("*"), st.just("L"), st.just("LW"), st.integers(1, 31).map(str), st.integers(1, 31).map(lambda d: f"{d}W"),
    st.tuples(st.integers(1, 31), st.integers(1, 31)).map(lambda t: f"{t[0]}-{t[1]}"),
    st.tuples(st.integers(1, 31), st.integers(1, 10)).map(lambda t: f"{t[0]}/{t[1]}"),
)
weekday = st.one_of(st.integers(1, 7).map(str), st.sampled_from(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]))
day_of_week = st.one_of(
    st.just("*"), st.just("L"), weekday, weekday.map(lambda d: f"{d}L"), st.integers(1, 7).map(lambda d: f"L-{d}"),
    st.tuples(weekday, st.integers(1, 5)).map(lambda t: f"{t[0]}#{t[1]}"),
    st.tuples(weekday, weekday).map(lambda t: f"{t[0]}-{t[1]}"),
    st.lists(weekday, min_size=1, max_size=3).map(",".join),
)
month = st.one_of(
    st.just("*"), st.integers(1, 12).map(str), st.sampled_from(["JAN", "FEB", "MAR-MAY", "NOV-FEB", "2/3", "*/6"]),
)
year = st.one_of(st.just("*"), st.integers(2026, 2199).map(str), st.integers(1970, 2199).map(lambda y: f"{y}-*"),
                 st.integers(2020, 2199).map(lambda y: f"{y}/4"))


@st.composite
def crons(draw: st.DrawFn) -> str:
    days = (draw(day_of_month), "?") if draw(st.booleans()) else ("?", draw(day_of_week))
    return f"cron({draw(minute)} {draw(hour_field)} {days[0]} {draw(month)} {days[1]} {draw(year)})"


START = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)


@settings(max_examples=200, deadline=None)
@given(crons())
def test_every_valid_cron_has_an_answer(expression: str) -> None:
    """The check never crashes; when it passes, the next runs exist, ascend and match the fields."""
    found = list(schedule_rules.expression(expression, now=START))
    if errors(found):
        assert ids(errors(found))[0] in ("scheduleCron", "scheduleNeverRuns")
        return
    body = schedule_rules.cron_body(expression)
    assert body is not None
    cron = schedule_rules.parse(body)
    runs = schedule_rules.next_runs(body, 5, start=START)
    assert runs and all(a < b for a, b in itertools.pairwise(runs))
    for run in runs:
        assert run.minute in cron.minutes and run.hour in cron.hours
        assert run.month in cron.months and run.year in cron.years
        assert run.day in cron.days(run.year, run.month)
        assert run.replace(tzinfo=None) > START.replace(tzinfo=None)


@settings(max_examples=100, deadline=None)
@given(crons(), st.integers(2026, 2060), st.integers(1, 12))
def test_days_of_a_month_are_real_days(expression: str, y: int, m: int) -> None:
    body = schedule_rules.cron_body(expression)
    assert body is not None
    if errors(schedule_rules.expression(expression, now=START)):
        return
    found = schedule_rules.parse(body).days(y, m)
    assert found == sorted(set(found)) and all(1 <= d <= calendar.monthrange(y, m)[1] for d in found)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 59), min_size=2, max_size=3, unique=True))
def test_more_than_hourly_is_refused(minutes: list[int]) -> None:
    expression = f"cron({','.join(map(str, minutes))} * ? * * *)"
    assert ids(schedule_rules.expression(expression)) == ["scheduleAtMostHourly"]


ZONES = sorted(available_timezones())


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.sampled_from(ZONES), st.text(max_size=30)))
def test_time_zones_are_exactly_the_iana_zones(name: str) -> None:
    refused = bool(list(schedule_rules.timezone(name)))
    reserved = name in ("posixrules", "Factory", "localtime") or name.startswith(("posix/", "right/"))
    assert refused == (name not in ZONES or reserved)
