"""BackupPlan and BackupPlanRule: presets, drop-in equivalence, every rule, snapshots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_backup as aws_backup
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam

import cdk_backup as backup
from tests.conftest import assert_rejected, new_stack, only, resources_of, table_ids, warnings_of

days = cdk.Duration.days
minutes = cdk.Duration.minutes


def _rules(template: dict[str, Any]) -> list[dict[str, Any]]:
    return only(template, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanRule"]  # type: ignore[no-any-return]


# ---------------------------------------------------------------- drop-in equivalence with aws-cdk-lib
PLAN_PRESETS = ["daily35_day_retention", "daily_monthly1_year_retention",
                "daily_weekly_monthly5_year_retention", "daily_weekly_monthly7_year_retention"]
RULE_PRESETS = ["daily", "weekly", "monthly1_year", "monthly5_year", "monthly7_year"]


def _build(module: Any, preset: str, with_vault: bool) -> dict[str, Any]:
    stack = new_stack()
    vault = module.BackupVault(stack, "Shared") if with_vault else None
    plan = getattr(module.BackupPlan, preset)(stack, "Plan", vault)
    plan.add_selection("Sel", resources=[module.BackupResource.from_tag("backup", "yes")])
    from aws_cdk.assertions import Template

    return Template.from_stack(stack).to_json()  # type: ignore[no-any-return]


@pytest.mark.parametrize("preset", PLAN_PRESETS)
@pytest.mark.parametrize("with_vault", [False, True])
def test_ready_made_plans_equal_aws_cdk_lib(preset: str, with_vault: bool) -> None:
    ours, theirs = _build(backup, preset, with_vault), _build(aws_backup, preset, with_vault)
    from tests.conftest import assert_lint_clean

    assert_lint_clean(ours)
    kinds = lambda t: sorted(r["Type"] for r in t["Resources"].values())  # noqa: E731
    assert kinds(ours) == kinds(theirs)
    assert _rules(ours) == _rules(theirs)
    vaults = lambda t: {k: v for k, v in resources_of(t, "AWS::Backup::BackupVault").items()}  # noqa: E731
    assert vaults(ours) == vaults(theirs)
    # documented difference: a unique default plan name instead of the construct id
    assert only(theirs, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanName"] == "Plan"
    assert only(ours, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanName"].startswith("TestStackPlan")


@pytest.mark.parametrize("preset", RULE_PRESETS)
def test_ready_made_rules_equal_aws_cdk_lib(preset: str) -> None:
    def render(module: Any) -> list[dict[str, Any]]:
        stack = new_stack()
        plan = module.BackupPlan(stack, "Plan", backup_vault=module.BackupVault(stack, "V"))
        plan.add_rule(getattr(module.BackupPlanRule, preset)())
        from aws_cdk.assertions import Template

        return _rules(Template.from_stack(stack).to_json())

    assert render(backup) == render(aws_backup)
    rule = getattr(backup.BackupPlanRule, preset)()
    theirs = getattr(aws_backup.BackupPlanRule, preset)()
    assert rule.props.delete_after.to_days() == theirs.props.delete_after.to_days()


@pytest.mark.parametrize("preset", RULE_PRESETS)
def test_ready_made_rules_without_a_vault_are_made_once(preset: str) -> None:
    make = getattr(backup.BackupPlanRule, preset)
    assert make() is make()  # values: sharing them keeps no Python object per plan
    stack = new_stack()
    vault = backup.BackupVault(stack, "V")
    own = make(vault)
    assert own is not make() and own.backup_vault is vault and make().backup_vault is None


def test_shared_ready_made_rules_serve_every_plan_alike() -> None:
    stack = new_stack()
    plans = [backup.BackupPlan.daily_weekly_monthly5_year_retention(stack, f"Plan{i}", backup.BackupVault(stack, f"V{i}"))
             for i in range(2)]
    plans.append(backup.BackupPlan(stack, "Custom", backup_vault=backup.BackupVault(stack, "V2"),
                                   backup_plan_rules=[backup.BackupPlanRule.daily()]))
    from aws_cdk.assertions import Template

    template = Template.from_stack(stack).to_json()
    rendered = {logical: [(r["RuleName"], r["TargetBackupVault"]) for r in res["Properties"]["BackupPlan"]["BackupPlanRule"]]
                for logical, res in template["Resources"].items() if res["Type"] == "AWS::Backup::BackupPlan"}
    vaults = {logical for logical, res in template["Resources"].items() if res["Type"] == "AWS::Backup::BackupVault"}
    assert len(rendered) == 3 and len(vaults) == 3
    targets = {logical: {t["Fn::GetAtt"][0] for _, t in rules} for logical, rules in rendered.items()}
    assert all(len(t) == 1 for t in targets.values()) and len(set.union(*targets.values())) == 3
    assert backup.BackupPlanRule.continuous() is not backup.BackupPlanRule.continuous()  # changed after it is made


def test_plans_of_one_ready_made_kind_share_their_rules_until_one_changes() -> None:
    stack = new_stack()
    first, second = (backup.BackupPlan.daily_weekly_monthly5_year_retention(stack, f"P{i}", backup.BackupVault(stack, f"V{i}"))
                     for i in range(2))
    assert first._rules is second._rules  # one tuple for every plan of this kind
    first.add_rule(backup.BackupPlanRule(rule_name="Extra", schedule_expression="cron(0 9 * * ? *)"))
    assert [r.rule_name for r in first.rules][-1] == "Extra" and len(second.rules) == 3
    own = backup.BackupPlan(stack, "Own", backup_vault=backup.BackupVault(stack, "V9"),
                            backup_plan_rules=[backup.BackupPlanRule(rule_name="R", schedule_expression="cron(0 9 * * ? *)")])
    assert own._rules is not first._rules and len(own.rules) == 1


def test_selections_are_listed_on_their_plan() -> None:
    stack = new_stack()
    plan = backup.BackupPlan.daily35_day_retention(stack, "P", backup.BackupVault(stack, "V"))
    assert plan.selections == []
    one = plan.add_selection("A", resources=[backup.BackupResource.from_tag("a", "b")])
    two = backup.Selection(stack, "B", backup_plan=plan, resources=[backup.BackupResource.from_arn("arn:aws:s3:::x")])
    assert plan.selections == [one, two]
    plan.selections.clear()  # a copy: the plan's checks still see both
    assert plan.selections == [one, two]


def test_same_rules_from_the_same_keywords() -> None:
    """An app written for aws_cdk.aws_backup, switched by its import line."""
    def app(module: Any) -> dict[str, Any]:
        stack = new_stack()
        vault = module.BackupVault(stack, "Vault")
        secondary = module.BackupVault.from_backup_vault_arn(
            stack, "Dr", "arn:aws:backup:eu-west-1:111122223333:backup-vault:dr")
        plan = module.BackupPlan(stack, "Plan", backup_vault=vault, windows_vss=True)
        plan.add_rule(module.BackupPlanRule(
            rule_name="Hourly", schedule_expression=events.Schedule.cron(minute="0"),
            schedule_expression_timezone=cdk.TimeZone.EUROPE_PARIS, start_window=cdk.Duration.hours(1),
            completion_window=cdk.Duration.hours(2), delete_after=days(120),
            move_to_cold_storage_after=days(30), recovery_point_tags={"team": "data"},
            copy_actions=[module.BackupPlanCopyActionProps(destination_backup_vault=secondary,
                                                           delete_after=days(120))]))
        plan.add_rule(module.BackupPlanRule(rule_name="Pitr", enable_continuous_backup=True))
        plan.add_selection("All", resources=[module.BackupResource.from_arn("arn:aws:ec2:*:*:instance/*")])
        from aws_cdk.assertions import Template

        return Template.from_stack(stack).to_json()

    ours, theirs = app(backup), app(aws_backup)
    assert _rules(ours) == _rules(theirs)
    assert (only(ours, "AWS::Backup::BackupPlan")["BackupPlan"]["AdvancedBackupSettings"]
            == only(theirs, "AWS::Backup::BackupPlan")["BackupPlan"]["AdvancedBackupSettings"])


# ---------------------------------------------------------------- snapshots of features
def test_plan_with_every_rule_feature(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    vault = backup.BackupVault(stack, "Vault")
    lag = backup.LogicallyAirGappedVault(stack, "Lag", min_retention=days(7), max_retention=days(400))
    remote = backup.BackupVault.from_backup_vault_arn(
        stack, "Remote", "arn:aws:backup:eu-west-1:222233334444:backup-vault:central")
    scanner = iam.Role(stack, "ScannerRole", assumed_by=iam.ServicePrincipal("malware-protection.guardduty.amazonaws.com"))
    plan = backup.BackupPlan(
        stack, "Plan", backup_plan_name="everything", backup_vault=vault, windows_vss=True,
        s3_backup_acls=False, s3_backup_object_tags=True, backup_plan_tags={"owner": "platform"},
        scan_settings=[backup.ScanSetting(resource_types=[backup.ScanResourceType.EBS], scanner_role=scanner)])
    plan.add_rule(backup.BackupPlanRule(
        rule_name="Monthly", schedule_expression="cron(0 3 1 * ? *)", schedule_expression_timezone="Europe/Paris",
        start_window=minutes(60), completion_window=cdk.Duration.hours(8), move_to_cold_storage_after=days(30),
        delete_after=days(400), opt_in_to_archive_for_supported_resources=True,
        recovery_point_tags={"tier": "gold"},
        copy_actions=[backup.BackupPlanCopyActionProps(remote, delete_after=days(400)),
                      backup.BackupPlanCopyActionProps(lag, delete_after=days(365))],
        index_actions=[backup.BackupPlanIndexActionProps(resource_types=[backup.IndexActionResourceType.EBS])],
        scan_actions=[backup.ScanAction(scan_mode=backup.ScanMode.INCREMENTAL_SCAN)]))
    plan.add_rule(backup.BackupPlanRule(rule_name="Direct", schedule_expression="cron(0 4 * * ? *)",
                                        delete_after=days(30), logically_air_gapped_backup_vault=lag))
    plan.add_rule(backup.BackupPlanRule.continuous())
    plan.add_selection("Sel", resources=[backup.BackupResource.from_arn("arn:aws:ec2:*:*:instance/*")])
    template = synth(stack)
    rules = _rules(template)
    assert rules[0]["Lifecycle"] == {"DeleteAfterDays": 400, "MoveToColdStorageAfterDays": 30,
                                     "OptInToArchiveForSupportedResources": True}
    assert rules[1]["TargetLogicallyAirGappedBackupVaultArn"] == {"Fn::GetAtt": ["Lag7B67205A", "BackupVaultArn"]}
    assert rules[2] == {"EnableContinuousBackup": True, "Lifecycle": {"DeleteAfterDays": 35}, "RuleName": "Continuous",
                        "TargetBackupVault": {"Fn::GetAtt": ["Vault23237E5B", "BackupVaultName"]}}
    assert template == snapshot_json


def test_more_presets(synth: Any, snapshot_json: Any) -> None:
    stack = new_stack()
    dr = backup.BackupVault.from_backup_vault_arn(stack, "Dr", "arn:aws:backup:us-west-2:111122223333:backup-vault:dr")
    backup.BackupPlan.continuous_and_daily35_day_retention(stack, "Pitr")
    backup.BackupPlan.grandfather_father_son(stack, "Gfs", copy_to=dr)
    template = synth(stack)
    plans = [p["Properties"]["BackupPlan"]["BackupPlanRule"] for p in resources_of(template, "AWS::Backup::BackupPlan").values()]
    assert [r["RuleName"] for r in plans[0]] == ["Continuous", "Daily"]
    assert [r["CopyActions"][0]["Lifecycle"] for r in plans[1]] == [
        {"DeleteAfterDays": 35}, {"DeleteAfterDays": 90}, {"DeleteAfterDays": 365, "MoveToColdStorageAfterDays": 30}]
    assert template == snapshot_json


def test_imported_plan_takes_selections(stack: cdk.Stack, synth: Any) -> None:
    plan = backup.BackupPlan.from_backup_plan_id(stack, "Imported", "abc-123")
    plan.add_selection("Sel", resources=[backup.BackupResource.from_tag("a", "b")])
    assert only(synth(stack), "AWS::Backup::BackupSelection")["BackupPlanId"] == "abc-123"


def test_default_rule_names_and_unique_plan_names() -> None:
    names = []
    for stack_name in ("One", "Two"):
        stack = new_stack(name=stack_name)
        plan = backup.BackupPlan(stack, "Plan")
        plan.add_rule(backup.BackupPlanRule(schedule_expression="cron(0 5 * * ? *)", delete_after=days(7)))
        names.append(plan.backup_plan_name)
        assert plan.rules[0].rule_name is None
        from aws_cdk.assertions import Template

        assert _rules(Template.from_stack(stack).to_json())[0]["RuleName"] == "PlanRule0"
    assert names[0] != names[1]


# ---------------------------------------------------------------- bad inputs
def _rule(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: backup.BackupPlanRule(**kwargs)


def _plan(*rules: Any, **kwargs: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: backup.BackupPlan(stack, "Plan", backup_plan_rules=[r() for r in rules], **kwargs)


daily = "cron(0 5 * * ? *)"
BAD_INPUTS = [
    (_rule(rule_name="nightly backup"), r"BackupPlanRule\(nightly backup\): rule_name must be 1 to 50 .*\[C-R3/A-R1\]"),
    (_rule(rule_name="x" * 51), r"rule_name must be 1 to 50"),
    (_rule(schedule_expression="cron(0 5 * * *)"), r"found 5 fields"),
    (_rule(schedule_expression="rate(1 day)"), r"schedule_expression must be an AWS cron"),
    (_rule(schedule_expression="cron(* 5 * * ? *)"), r"must not run more often than once an hour"),
    (_rule(schedule_expression=events.Schedule.rate(cdk.Duration.days(1))), r"must be an AWS cron"),
    (_rule(schedule_expression=daily, schedule_expression_timezone="PST"), r"must be an IANA time zone name, .*got 'PST'"),
    (_rule(start_window=minutes(30)), r"start_window must be between 60 and 52,560,000 minutes, got 30 minutes \[C-R16/A-R18\]"),
    (_rule(start_window=minutes(52_560_001)), r"start_window must be between 60"),
    (_rule(start_window=cdk.Duration.seconds(3630)), r"start_window must be a whole number of minutes"),
    (_rule(completion_window=minutes(0)), r"completion_window must be between 1 and"),
    (_rule(delete_after=days(0)), r"delete_after must be between 1 and 36,500 days, got 0 days"),
    (_rule(delete_after=days(36501)), r"delete_after must be between 1 and 36,500 days, got 36501 days"),
    (_rule(delete_after=cdk.Duration.hours(36)), r"delete_after must be a whole number of days, got 1 day 12 hours"),
    (_rule(move_to_cold_storage_after=days(30), delete_after=days(100)), r"delete_after must be at least 90 days after move_to_cold_storage_after \(30 days\), i.e. at least 120 days, got 100 days \[A-R22/C-R19/A-R34\]"),
    (_rule(move_to_cold_storage_after=days(30), delete_after=days(30)), r"at least 120 days, got 30 days"),
    (_rule(move_to_cold_storage_after=days(36501)), r"move_to_cold_storage_after must be between 1 and 36,500"),
    (_rule(enable_continuous_backup=True, delete_after=days(36)), r"delete_after must be between 1 and 35 days, got 36 days \[A-R35/C-R21\]"),
    (_rule(enable_continuous_backup=True, move_to_cold_storage_after=days(7)), r"move_to_cold_storage_after must not be set with enable_continuous_backup, got 7 days \[A-R36\]"),
    (_rule(schedule_expression=daily, move_to_cold_storage_after=days(30), delete_after=days(120), opt_in_to_archive_for_supported_resources=True), r"opt_in_to_archive_for_supported_resources needs a schedule that runs monthly or less often .*runs every 1 days"),
    (_rule(schedule_expression="cron(0 5 ? * SAT *)", move_to_cold_storage_after=days(30), delete_after=days(120), opt_in_to_archive_for_supported_resources=True), r"runs every 7 days"),
    (_rule(copy_actions=[backup.BackupPlanCopyActionProps("my-vault")]), r"destination_backup_vault must be a backup vault ARN"),
    (_rule(copy_actions=[backup.BackupPlanCopyActionProps("arn:aws:backup:eu-west-1:111122223333:backup-vault:x", move_to_cold_storage_after=days(10), delete_after=days(50))]), r"copy_actions\[0\]: delete_after must be at least 90 days after"),
    (_rule(copy_actions=[backup.BackupPlanCopyActionProps("arn:aws:backup:eu-west-1:111122223333:backup-vault:x", delete_after=days(40000))]), r"delete_after must be between 1 and 36,500"),
    (_rule(index_actions=[backup.BackupPlanIndexActionProps([backup.IndexActionResourceType.S3])] * 2), r"index_actions must hold at most one action"),
    (_rule(index_actions=[backup.BackupPlanIndexActionProps([])]), r"index_actions must hold at most one action"),
    (_rule(index_actions=[backup.BackupPlanIndexActionProps([backup.IndexActionResourceType("EFS")])]), r"got \['EFS'\]"),
    (_rule(recovery_point_tags={f"k{i}": "v" for i in range(51)}), r"recovery_point_tags must be between 0 and 50 tags, got 51 tags \[A-R109\]"),
    (lambda s: backup.BackupPlanRule(backup_vault=backup.LogicallyAirGappedVault(s, "L", min_retention=days(7), max_retention=days(8))), r"backup_vault must be a standard vault"),
    (lambda s: backup.BackupPlan(s, "Plan", backup_vault=backup.LogicallyAirGappedVault(s, "L", min_retention=days(7), max_retention=days(8)), backup_plan_rules=[backup.BackupPlanRule.daily()]), r"TestStack/Plan/Daily: backup_vault must be a standard vault"),
    (_plan(backup.BackupPlanRule.daily, backup.BackupPlanRule.daily), r"TestStack/Plan/Daily: rule_name must be unique within a plan, got 'Daily' \[A-R7\]"),
    (lambda s: [backup.BackupPlan(s, f"P{i}", backup_plan_name="prod", backup_plan_rules=[backup.BackupPlanRule.daily()]) for i in range(2)], r"TestStack/P1: backup_plan_name must be unique among the plans of a stack \(also used by TestStack/P0\), got 'prod' \[A-R2\]"),
    (_plan(backup_plan_name="prod plan"), r"TestStack/Plan: backup_plan_name must be 1 to 50 .*got 'prod plan' \[C-R2\]"),
    (lambda s: backup.BackupPlan(s, "Plan", backup_plan_rules=[backup.BackupPlanRule(rule_name="A", enable_continuous_backup=True, backup_vault=backup.BackupVault(s, "V1")), backup.BackupPlanRule(rule_name="B", enable_continuous_backup=True, backup_vault=backup.BackupVault(s, "V2"))]), r"TestStack/Plan/B: backup_vault continuous rules of one plan must target the same vault, got two continuous rules with different vaults \[A-R37\]"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS, ids=table_ids(BAD_INPUTS))
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


# ---------------------------------------------------------------- checks at synth
def _synth_error(stack: cdk.Stack) -> str:
    with pytest.raises(Exception) as error:
        stack.node.root.synth()  # type: ignore[attr-defined]
    return str(error.value)


def test_plan_without_rules_fails_at_synth() -> None:
    stack = new_stack()
    backup.BackupPlan(stack, "Plan")
    assert "TestStack/Plan: backup_plan_rules must hold at least one rule (checked at synth), got no rules" in _synth_error(stack)


@pytest.mark.parametrize("rule, fragment", [
    (backup.BackupPlanRule(rule_name="Short", schedule_expression="cron(0 5 * * ? *)", delete_after=days(7)),
     "TestStack/Plan/Short: delete_after must be at least 30 days (min retention of TestStack/Vault), got 7 days"),
    (backup.BackupPlanRule(rule_name="Forever", schedule_expression="cron(0 5 * * ? *)"),
     "TestStack/Plan/Forever: delete_after must be at most 365 days (max retention of TestStack/Vault), got none"),
    (backup.BackupPlanRule.monthly5_year(),
     "TestStack/Plan/Monthly5Year: delete_after must be at most 365 days (max retention of TestStack/Vault), got 1825"),
])
def test_rule_outside_the_lock_range_fails_at_synth(rule: backup.BackupPlanRule, fragment: str) -> None:
    stack = new_stack()
    vault = backup.BackupVault(stack, "Vault")
    backup.BackupPlan(stack, "Plan", backup_vault=vault, backup_plan_rules=[rule])
    vault.lock(min_retention=days(30), max_retention=days(365))  # the lock may come after the plan
    assert fragment in _synth_error(stack)


def test_copy_outside_air_gapped_range_fails_at_synth() -> None:
    stack = new_stack()
    lag = backup.LogicallyAirGappedVault(stack, "Lag", min_retention=days(7), max_retention=days(35))
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="D", schedule_expression="cron(0 5 * * ? *)", delete_after=days(90),
        copy_actions=[backup.BackupPlanCopyActionProps(lag)])])
    assert ("TestStack/Plan/D copy_actions[0]: delete_after must be at most 35 days (max retention of "
            "TestStack/Lag), got 90 days") in _synth_error(stack)


def test_seven_year_preset_against_a_seven_calendar_year_lock() -> None:
    stack = new_stack()
    vault = backup.BackupVault(stack, "Vault", lock_configuration=backup.LockConfiguration(min_retention=days(2557)))
    backup.BackupPlan(stack, "Plan", backup_vault=vault, backup_plan_rules=[backup.BackupPlanRule.monthly7_year()])
    assert "delete_after must be at least 2557 days" in _synth_error(stack)


def test_copy_into_another_accounts_default_vault_fails_at_synth() -> None:
    stack = new_stack(env=cdk.Environment(account="111122223333", region="us-east-1"))
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="D", schedule_expression="cron(0 5 * * ? *)", delete_after=days(7),
        copy_actions=[backup.BackupPlanCopyActionProps(
            "arn:aws:backup:us-east-1:222233334444:backup-vault:Default", delete_after=days(7))])])
    assert ("TestStack/Plan/D copy_actions[0]: destination_backup_vault must not be another account's Default vault"
            in _synth_error(stack))


def test_copy_into_a_default_vault_of_an_unknown_account_warns() -> None:
    stack = new_stack()
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="D", schedule_expression="cron(0 5 * * ? *)", delete_after=days(7),
        copy_actions=[backup.BackupPlanCopyActionProps(
            "arn:aws:backup:us-east-1:222233334444:backup-vault:Default", delete_after=days(7))])])
    stack.node.root.synth()  # type: ignore[attr-defined]
    assert any("cdk-backup:copyToDefaultVault" in w for w in warnings_of(stack))


def test_s3_continuous_and_periodic_in_different_vaults_fail_at_synth() -> None:
    from aws_cdk import aws_s3 as s3

    stack = new_stack()
    plan = backup.BackupPlan(stack, "Plan", backup_vault=backup.BackupVault(stack, "A"), backup_plan_rules=[
        backup.BackupPlanRule.continuous(),
        backup.BackupPlanRule(rule_name="Daily", schedule_expression="cron(0 5 * * ? *)", delete_after=days(35),
                              backup_vault=backup.BackupVault(stack, "B"))])
    plan.add_selection("Buckets", resources=[backup.BackupResource.from_s3_bucket(s3.Bucket(stack, "X", versioned=True))])
    assert ("TestStack/Plan/Daily: backup_vault continuous and periodic rules must use the same vault when the "
            "plan selects S3 buckets") in _synth_error(stack)


def test_rds_copy_to_another_region_and_account_fails_at_synth() -> None:
    stack = new_stack(env=cdk.Environment(account="111122223333", region="us-east-1"))
    plan = backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="D", schedule_expression="cron(0 5 * * ? *)", delete_after=days(7),
        copy_actions=[backup.BackupPlanCopyActionProps(
            "arn:aws:backup:eu-west-1:222233334444:backup-vault:dr", delete_after=days(7))])])
    plan.add_selection("Db", resources=[backup.BackupResource.from_arn("arn:aws:rds:us-east-1:111122223333:db:orders")])
    assert "TestStack/Plan/D: destination_backup_vault must not be in both another Region and another account" \
        in _synth_error(stack)


def test_scan_action_without_scan_setting_fails_at_synth() -> None:
    stack = new_stack()
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="Scan", schedule_expression="cron(0 5 * * ? *)", delete_after=days(7),
        scan_actions=[backup.ScanAction()])])
    assert "TestStack/Plan/Scan: scan_actions needs a plan scan setting for GUARDDUTY" in _synth_error(stack)


# ---------------------------------------------------------------- edges that must pass
EDGES = [
    backup.BackupPlanRule(rule_name="a", schedule_expression="cron(0 5 * * ? *)", delete_after=days(1)),
    backup.BackupPlanRule(rule_name="x" * 50, schedule_expression="cron(0 * ? * * *)", delete_after=days(36500)),
    backup.BackupPlanRule(rule_name="w", start_window=minutes(60), completion_window=minutes(52_560_000),
                          schedule_expression="cron(0 5 * * ? *)", delete_after=days(7)),
    backup.BackupPlanRule(rule_name="c", schedule_expression="cron(0 5 * * ? *)",
                          move_to_cold_storage_after=days(30), delete_after=days(120)),
    backup.BackupPlanRule(rule_name="p1", enable_continuous_backup=True, delete_after=days(1)),
    backup.BackupPlanRule(rule_name="p35", enable_continuous_backup=True, delete_after=days(35)),
    backup.BackupPlanRule(rule_name="arch", schedule_expression="cron(0 5 1 * ? *)", move_to_cold_storage_after=days(30),
                          delete_after=days(120), opt_in_to_archive_for_supported_resources=True),
    backup.BackupPlanRule(rule_name="t", schedule_expression="cron(0 5 * * ? *)",
                          schedule_expression_timezone=cdk.TimeZone.ASIA_TOKYO, delete_after=days(7),
                          recovery_point_tags={f"k{i}": "v" for i in range(50)}),
]


@pytest.mark.parametrize("rule", EDGES, ids=[str(i) for i in range(len(EDGES))])
def test_edge_values_pass_and_lint(rule: backup.BackupPlanRule, synth: Any) -> None:
    stack = new_stack()
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[rule])
    synth(stack)


def test_tokens_are_never_rejected(synth: Any) -> None:
    stack = new_stack()
    number = cdk.CfnParameter(stack, "Days", type="Number").value_as_number
    text = cdk.CfnParameter(stack, "Text").value_as_string
    rule = backup.BackupPlanRule(
        rule_name=text, schedule_expression=text, schedule_expression_timezone=text,
        start_window=minutes(number), completion_window=minutes(number),
        move_to_cold_storage_after=days(number), delete_after=days(number),
        copy_actions=[backup.BackupPlanCopyActionProps(text, delete_after=days(number),
                                                       move_to_cold_storage_after=days(number))])
    vault = backup.BackupVault(stack, "V")
    vault.lock(min_retention=days(number))
    backup.BackupPlan(stack, "Plan", backup_plan_name=text, backup_vault=vault, backup_plan_rules=[rule])
    assert _rules(synth(stack))[0]["Lifecycle"] == {"DeleteAfterDays": {"Ref": "Days"},
                                                     "MoveToColdStorageAfterDays": {"Ref": "Days"}}


# ---------------------------------------------------------------- warnings
@pytest.mark.parametrize("rule, warning_id", [
    (backup.BackupPlanRule(rule_name="c", schedule_expression="cron(0 5 * * ? *)", delete_after=days(7),
                           copy_actions=[backup.BackupPlanCopyActionProps(
                               "arn:aws:backup:eu-west-1:111122223333:backup-vault:x")]), "copyWithoutLifecycle"),
    (backup.BackupPlanRule(rule_name="w", schedule_expression="cron(0 5 * * ? *)", delete_after=days(7),
                           start_window=minutes(120), completion_window=minutes(120)), "completionWindowNotLonger"),
    (backup.BackupPlanRule(rule_name="n", delete_after=days(7)), "ruleWithoutSchedule"),
    (backup.BackupPlanRule(rule_name="m", schedule_expression="cron(0 13/12 ? * * *)", delete_after=days(7)),
     "hourStepCrossesMidnight"),
    (backup.BackupPlanRule(rule_name="k", schedule_expression="cron(0 5 * * ? *)",
                           move_to_cold_storage_after=days(30)), "coldWithoutDelete"),
    (backup.BackupPlanRule(rule_name="a", schedule_expression="cron(0 5 1 * ? *)", delete_after=days(90),
                           opt_in_to_archive_for_supported_resources=True), "archiveWithoutCold"),
])
def test_risky_but_legal_input_warns(rule: backup.BackupPlanRule, warning_id: str) -> None:
    stack = new_stack()
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[rule])
    found = [w for w in warnings_of(stack) if f"cdk-backup:{warning_id}" in w]
    assert found and found[0].startswith(f"TestStack/Plan/{rule.rule_name}:")
