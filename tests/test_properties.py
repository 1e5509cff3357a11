"""Property-based tests: random valid configurations synthesize and lint clean; random invalid values
raise ValidationError with a readable message, never a jsii traceback or a KeyError."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cdk_backup as backup
from tests.conftest import new_stack, synth_template

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
days, minutes = cdk.Duration.days, cdk.Duration.minutes
ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]


@st.composite
def valid_rules(draw: Any) -> dict[str, Any]:
    continuous = draw(st.booleans())
    if continuous:
        return {"enable_continuous_backup": True, "delete_after": days(draw(st.integers(1, 35)))}
    delete = draw(st.integers(1, 36500))
    rule: dict[str, Any] = {
        "schedule_expression": f"cron({draw(st.integers(0, 59))} {draw(st.integers(0, 23))} "
                               + draw(st.sampled_from(["* * ? *", "? * MON-FRI *", "1 * ? *", "L * ? *",
                                                       "? * 6#3 *"])) + ")",
        "schedule_expression_timezone": draw(st.sampled_from(ZONES)),
        "delete_after": days(delete),
    }
    if delete >= 91 and draw(st.booleans()):
        rule["move_to_cold_storage_after"] = days(draw(st.integers(1, delete - 90)))
    start = draw(st.integers(60, 2880))
    rule["start_window"] = minutes(start)
    rule["completion_window"] = minutes(draw(st.integers(start + 1, start + 10080)))
    if draw(st.booleans()):
        rule["copy_actions"] = [backup.BackupPlanCopyActionProps(
            "arn:aws:backup:eu-west-1:111122223333:backup-vault:dr", delete_after=days(delete))]
    return rule


@SETTINGS
@given(rules=st.lists(valid_rules(), min_size=1, max_size=4),
       lock=st.one_of(st.none(), st.tuples(st.integers(1, 36500), st.integers(0, 36500))),
       arns=st.integers(1, 1200), tags=st.integers(0, 30), conditions=st.integers(0, 30))
def test_random_valid_configurations_synthesize_and_lint(rules: list[dict[str, Any]], lock: Any, arns: int,
                                                         tags: int, conditions: int) -> None:
    stack = new_stack()
    vault = backup.BackupVault(stack, "Vault")
    plan = backup.BackupPlan(stack, "Plan", backup_vault=vault)
    continuous_seen = False
    for index, props in enumerate(rules):
        if props.get("enable_continuous_backup"):
            if continuous_seen:
                continue
            continuous_seen = True
        plan.add_rule(backup.BackupPlanRule(rule_name=f"R{index}", **props))
    if lock is not None:
        retentions = [r.delete_after_days for r in plan.rules]
        low = min(lock[0], *[int(d) for d in retentions if d is not None])
        high = max(low, *[int(d) for d in retentions if d is not None], lock[1])
        vault.lock(min_retention=days(low), max_retention=days(high) if all(retentions) else None)
    resources = [backup.BackupResource.from_arn(f"arn:aws:dynamodb:us-east-1:111122223333:table/t{i}")
                 for i in range(arns)]
    resources += [backup.BackupResource.from_tag(f"k{i}", "v") for i in range(tags)]
    plan.add_selection("Sel", resources=resources,
                       conditions=[backup.TagCondition(f"c{i}", "v") for i in range(conditions)])
    template = synth_template(stack)
    selections = [r for r in template["Resources"].values() if r["Type"] == "AWS::Backup::BackupSelection"]
    assert sum(len(s["Properties"]["BackupSelection"].get("Resources", [])) for s in selections) == arns


# Durations cannot be negative in aws-cdk-lib itself, so the bad values start at 0.
BAD_NUMBERS = {
    "start_window": (minutes, st.one_of(st.integers(0, 59), st.integers(52_560_001, 10**9))),
    "completion_window": (minutes, st.one_of(st.integers(0, 0), st.integers(52_560_001, 10**9))),
    "delete_after": (days, st.one_of(st.integers(0, 0), st.integers(36501, 10**7))),
    "move_to_cold_storage_after": (days, st.one_of(st.integers(0, 0), st.integers(36501, 10**7))),
}


@SETTINGS
@given(prop=st.sampled_from(sorted(BAD_NUMBERS)), data=st.data())
def test_random_out_of_bounds_numbers_raise_validation_errors(prop: str, data: Any) -> None:
    unit, values = BAD_NUMBERS[prop]
    value = data.draw(values)
    try:
        backup.BackupPlanRule(rule_name="R", **{prop: unit(value)})
    except backup.ValidationError as error:
        assert str(error).startswith("BackupPlanRule(R): ") and "[" in str(error) and "got" in str(error)
    else:
        raise AssertionError(f"{prop}={value} was accepted")


@SETTINGS
@given(text=st.text(min_size=0, max_size=80))
def test_random_names_and_schedules_never_crash(text: str) -> None:
    """Any string is either accepted or refused with a ValidationError, never another exception."""
    stack = new_stack()
    for build in (
        lambda: backup.BackupVault(stack, "V" + str(abs(hash(text)) % 10**6), backup_vault_name=text),
        lambda: backup.BackupPlanRule(rule_name=text),
        lambda: backup.BackupPlanRule(schedule_expression=text),
        lambda: backup.BackupPlanRule(schedule_expression=f"cron({text})"),
        lambda: backup.BackupPlanRule(schedule_expression_timezone=text or "x"),
        lambda: backup.FrameworkControl.backup_resources_protected_by_cross_account([text]),
    ):
        try:
            build()
        except backup.ValidationError as error:
            assert "got" in str(error) and "[" in str(error)


@SETTINGS
@given(low=st.integers(0, 40000), high=st.integers(0, 40000), grace=st.integers(0, 40000))
def test_random_locks_are_valid_or_refused(low: int, high: int, grace: int) -> None:
    stack = new_stack()
    vault = backup.BackupVault(stack, "Vault")
    valid = 1 <= low <= high <= 36500 and 3 <= grace <= 36500
    try:
        vault.lock(min_retention=days(low), max_retention=days(high), changeable_for=days(grace))
    except backup.ValidationError:
        assert not valid
    else:
        assert valid
        synth_template(stack)
