"""BackupPlan and BackupPlanRule: ready-made plans, drop-in equivalence, every input, checks at synth, snapshots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_backup as aws_backup
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Template
from constructs import Construct

import cdk_backup as backup
from tests.conftest import (
    assert_lint_clean,
    assert_rejected,
    new_stack,
    only,
    resources_of,
    synth_errors,
    warnings_of,
)

days = cdk.Duration.days
minutes = cdk.Duration.minutes
DAILY = "cron(0 5 * * ? *)"
REMOTE = "arn:aws:backup:eu-west-1:111122223333:backup-vault:dr"


def _rules(template: dict[str, Any]) -> list[dict[str, Any]]:
    return only(template, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanRule"]  # type: ignore[no-any-return]


def _template(stack: cdk.Stack) -> dict[str, Any]:
    return Template.from_stack(stack).to_json()  # type: ignore[no-any-return]


# ---------------------------------------------------------------- drop-in equivalence with aws-cdk-lib
PLAN_PRESETS = ["daily35_day_retention", "daily_monthly1_year_retention",
                "daily_weekly_monthly5_year_retention", "daily_weekly_monthly7_year_retention"]
RULE_PRESETS = ["daily", "weekly", "monthly1_year", "monthly5_year", "monthly7_year"]


def _build(module: Any, preset: str, with_vault: bool) -> dict[str, Any]:
    stack = new_stack()
    vault = module.BackupVault(stack, "Shared") if with_vault else None
    plan = getattr(module.BackupPlan, preset)(stack, "Plan", vault)
    plan.add_selection("Sel", resources=[module.BackupResource.from_tag("backup", "yes")])
    return _template(stack)


@pytest.mark.parametrize("preset", PLAN_PRESETS)
@pytest.mark.parametrize("with_vault", [False, True], ids=["own-vault", "given-vault"])
def test_ready_made_plans_equal_aws_cdk_lib(preset: str, with_vault: bool) -> None:
    ours, theirs = _build(backup, preset, with_vault), _build(aws_backup, preset, with_vault)
    if not with_vault:  # one cfn-lint run per preset: the given vault changes only the vault
        assert_lint_clean(ours)
    kinds = lambda t: sorted(r["Type"] for r in t["Resources"].values())  # noqa: E731
    assert kinds(ours) == kinds(theirs)
    assert _rules(ours) == _rules(theirs)
    assert resources_of(ours, "AWS::Backup::BackupVault") == resources_of(theirs, "AWS::Backup::BackupVault")
    # documented difference: a unique default plan name instead of the construct id
    assert only(theirs, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanName"] == "Plan"
    assert only(ours, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanName"].startswith("TestStackPlan")


@pytest.mark.parametrize("preset", RULE_PRESETS)
def test_ready_made_rules_equal_aws_cdk_lib(preset: str) -> None:
    def render(module: Any) -> list[dict[str, Any]]:
        stack = new_stack()
        plan = module.BackupPlan(stack, "Plan", backup_vault=module.BackupVault(stack, "V"))
        plan.add_rule(getattr(module.BackupPlanRule, preset)())
        return _rules(_template(stack))

    assert render(backup) == render(aws_backup)
    rule, theirs = getattr(backup.BackupPlanRule, preset)(), getattr(aws_backup.BackupPlanRule, preset)()
    assert rule.props.delete_after.to_days() == theirs.props.delete_after.to_days()
    assert rule.props.schedule_expression.expression_string == theirs.props.schedule_expression.expression_string
    assert rule.props.rule_name == theirs.props.rule_name


def test_ready_made_rules_are_fresh_values() -> None:
    """No shared instances: each call makes its own rule, with its own vault."""
    stack = new_stack()
    vault = backup.BackupVault(stack, "V")
    assert backup.BackupPlanRule.daily() is not backup.BackupPlanRule.daily()
    assert backup.BackupPlanRule.daily(vault).backup_vault is vault and backup.BackupPlanRule.daily().backup_vault is None


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
                                                           delete_after=days(120))],
            index_actions=[module.BackupPlanIndexActionProps(resource_types=[module.IndexActionResourceType.EBS])]))
        plan.add_rule(module.BackupPlanRule(rule_name="Pitr", enable_continuous_backup=True))
        plan.add_rule(module.BackupPlanRule(schedule_expression=events.Schedule.cron(minute="0", hour="3")))
        plan.add_selection("All", resources=[module.BackupResource.from_arn("arn:aws:ec2:*:*:instance/*")])
        return _template(stack)

    ours, theirs = app(backup), app(aws_backup)
    assert _rules(ours) == _rules(theirs)
    assert (only(ours, "AWS::Backup::BackupPlan")["BackupPlan"]["AdvancedBackupSettings"]
            == only(theirs, "AWS::Backup::BackupPlan")["BackupPlan"]["AdvancedBackupSettings"])
    assert _rules(ours)[2]["RuleName"] == "PlanRule2"  # aws-cdk-lib's default name


# ---------------------------------------------------------------- a real Resource, objects of both libraries
def test_plan_is_a_resource_like_aws_cdk_libs() -> None:
    stack = new_stack(env=cdk.Environment(account="111122223333", region="eu-west-1"))
    plan = backup.BackupPlan.daily35_day_retention(stack, "Plan")
    assert cdk.Resource.is_resource(plan) and plan.stack is stack
    assert (plan.env.account, plan.env.region) == ("111122223333", "eu-west-1")
    assert isinstance(plan.node.default_child, aws_backup.CfnBackupPlan)
    assert stack.resolve(plan.backup_plan_ref.backup_plan_id) == {"Fn::GetAtt": ["PlanDAF4E53A", "BackupPlanId"]}
    assert stack.resolve(plan.backup_plan_arn) == {"Fn::GetAtt": ["PlanDAF4E53A", "BackupPlanArn"]}
    assert stack.resolve(plan.version_id) == {"Fn::GetAtt": ["PlanDAF4E53A", "VersionId"]}
    plan.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
    assert resources_of(_template(stack), "AWS::Backup::BackupPlan")["PlanDAF4E53A"]["DeletionPolicy"] == "Retain"


def test_our_plan_takes_aws_cdk_lib_vaults_rules_and_selections() -> None:
    stack = new_stack()
    theirs = aws_backup.BackupVault(stack, "Theirs")
    plan = backup.BackupPlan(stack, "Plan", backup_vault=theirs, backup_plan_rules=[aws_backup.BackupPlanRule.daily()])
    plan.add_rule(aws_backup.BackupPlanRule(rule_name="Copy", schedule_expression=events.Schedule.cron(minute="0", hour="2"),
                                            delete_after=days(7), copy_actions=[aws_backup.BackupPlanCopyActionProps(
                                                destination_backup_vault=backup.BackupVault(stack, "Dr"), delete_after=days(7))],
                                            index_actions=[aws_backup.BackupPlanIndexActionProps(
                                                resource_types=[aws_backup.IndexActionResourceType.S3])]))
    aws_backup.BackupSelection(stack, "TheirSelection", backup_plan=plan,
                               resources=[aws_backup.BackupResource.from_tag("a", "b")])
    template = _template(stack)
    rules = _rules(template)
    assert [r["RuleName"] for r in rules] == ["Daily", "Copy"]
    theirs_id = stack.get_logical_id(theirs.node.default_child)  # type: ignore[arg-type]
    assert rules[0]["TargetBackupVault"] == {"Fn::GetAtt": [theirs_id, "BackupVaultName"]}
    assert rules[1]["CopyActions"][0]["DestinationBackupVaultArn"]["Fn::GetAtt"][1] == "BackupVaultArn"
    assert rules[1]["IndexActions"] == [{"ResourceTypes": ["S3"]}]
    assert only(template, "AWS::Backup::BackupSelection")["BackupPlanId"] == {"Fn::GetAtt": ["PlanDAF4E53A", "BackupPlanId"]}


def test_aws_cdk_lib_plan_takes_our_vaults_even_locked_and_blocked() -> None:
    stack = new_stack()
    vault = backup.BackupVault(stack, "Vault", block_recovery_point_deletion=True,
                               lock_configuration=backup.LockConfiguration(min_retention=days(7)))
    plan = aws_backup.BackupPlan(stack, "Plan", backup_vault=vault)
    plan.add_rule(aws_backup.BackupPlanRule.daily())
    plan.add_rule(aws_backup.BackupPlanRule.weekly(vault))
    assert _rules(_template(stack))[0]["TargetBackupVault"] == {"Fn::GetAtt": ["Vault23237E5B", "BackupVaultName"]}


def test_lock_of_an_aws_cdk_lib_vault_is_checked_too() -> None:
    stack = new_stack()
    vault = aws_backup.BackupVault(stack, "Vault", lock_configuration=aws_backup.LockConfiguration(
        min_retention=days(36), max_retention=days(60)))
    backup.BackupPlan(stack, "Plan", backup_vault=vault, backup_plan_rules=[backup.BackupPlanRule.daily()])
    assert "rule Daily: delete_after must lie inside the lock range of vault TestStack/Vault (36..60 days)" in \
        _synth_error(stack)


def test_an_l1_vault_is_referenced_and_its_lock_checked() -> None:
    """aws-cdk-lib's plans take a ``CfnBackupVault`` (an ``IBackupVaultRef``); ours render it the same way."""
    def build(module: Any, min_days: int) -> cdk.Stack:
        stack = new_stack()
        vault = aws_backup.CfnBackupVault(stack, "L1", backup_vault_name="l1-vault",
                                          lock_configuration=aws_backup.CfnBackupVault.LockConfigurationTypeProperty(
                                              min_retention_days=min_days))
        plan = module.BackupPlan(stack, "Plan", backup_vault=vault)
        plan.add_rule(module.BackupPlanRule(rule_name="D", schedule_expression=events.Schedule.cron(minute="0", hour="5"),
                                            delete_after=days(35), copy_actions=[module.BackupPlanCopyActionProps(
                                                destination_backup_vault=vault, delete_after=days(35))]))
        return stack

    assert _rules(_template(build(backup, 7))) == _rules(_template(build(aws_backup, 7)))
    assert _rules(_template(build(backup, 7)))[0]["TargetBackupVault"] == {"Ref": "L1"}
    assert ("TestStack/Plan: rule D: delete_after must lie inside the lock range of vault TestStack/L1 "
            "(40..no maximum days)") in _synth_error(build(backup, 40))


def test_imported_plan_is_a_resource_and_takes_selections() -> None:
    stack = new_stack()
    plan = backup.BackupPlan.from_backup_plan_id(stack, "Imported", "abc-123")
    assert cdk.Resource.is_resource(plan) and plan.backup_plan_id == "abc-123"
    assert stack.resolve(plan.backup_plan_ref.backup_plan_arn)["Fn::Join"][1][-1] == ":backup-plan:abc-123"
    plan.add_selection("Sel", resources=[backup.BackupResource.from_tag("a", "b")])
    aws_backup.BackupSelection(stack, "Theirs", backup_plan=plan, resources=[aws_backup.BackupResource.from_tag("c", "d")])
    selections = resources_of(_template(stack), "AWS::Backup::BackupSelection")
    assert {s["Properties"]["BackupPlanId"] for s in selections.values()} == {"abc-123"}


def test_selections_are_listed_on_their_plan() -> None:
    stack = new_stack()
    plan = backup.BackupPlan.daily35_day_retention(stack, "P", backup.BackupVault(stack, "V"))
    assert plan.selections == []
    one = plan.add_selection("A", resources=[backup.BackupResource.from_tag("a", "b")])
    two = backup.BackupSelection(stack, "B", backup_plan=plan, resources=[backup.BackupResource.from_arn("arn:aws:s3:::x")])
    assert plan.selections == [one, two]
    plan.selections.clear()  # a copy: the plan's checks still see both
    assert plan.selections == [one, two]


def test_rules_read_back() -> None:
    rule = backup.BackupPlanRule(rule_name="R", schedule_expression="cron( 0 5 1 * ? * )", delete_after=days(400),
                                 move_to_cold_storage_after=days(30), schedule_expression_timezone=cdk.TimeZone.ASIA_TOKYO)
    assert rule.model.lifecycle.delete_after == 400 and rule.model.schedule == "cron(0 5 1 * ? *)"
    assert rule.schedule is not None and rule.schedule.min_interval().days == 28
    assert (rule.rule_name, rule.delete_after_days, rule.schedule_expression_timezone) == ("R", 400, "Asia/Tokyo")
    continuous = backup.BackupPlanRule.continuous()
    assert continuous.enable_continuous_backup and continuous.delete_after_days == 35
    assert continuous.props.delete_after.to_days() == 35 == aws_backup.BackupPlanRule(
        enable_continuous_backup=True).props.delete_after.to_days()


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


def test_scan_settings_added_later_render() -> None:
    stack = new_stack()
    plan = backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="Scan", schedule_expression=DAILY, delete_after=days(7), scan_actions=[{"scan_mode": "FULL_SCAN"}])])
    plan.add_scan_setting({"resource_types": ["EBS", backup.ScanResourceType.S3],
                           "scanner_role": "arn:aws:iam::111122223333:role/Scanner"})
    props = only(_template(stack), "AWS::Backup::BackupPlan")["BackupPlan"]
    assert props["ScanSettings"] == [{"MalwareScanner": "GUARDDUTY", "ResourceTypes": ["EBS", "S3"],
                                      "ScannerRoleArn": "arn:aws:iam::111122223333:role/Scanner"}]
    assert props["BackupPlanRule"][0]["ScanActions"] == [{"MalwareScanner": "GUARDDUTY", "ScanMode": "FULL_SCAN"}]


def test_default_rule_names_and_unique_plan_names() -> None:
    names = []
    for stack_name in ("One", "Two"):
        stack = new_stack(name=stack_name)
        plan = backup.BackupPlan(stack, "Plan")
        plan.add_rule(backup.BackupPlanRule(schedule_expression=DAILY, delete_after=days(7)))
        names.append(plan.backup_plan_name)
        assert plan.rules[0].rule_name is None
        assert _rules(_template(stack))[0]["RuleName"] == "PlanRule0"
    assert names[0] != names[1]


def test_same_explicit_name_in_two_stacks_or_two_apps_is_fine() -> None:
    for stack in (new_stack(name="A"), new_stack(name="B"), new_stack(name="A")):
        backup.BackupPlan(stack, "Plan", backup_plan_name="prod", backup_plan_rules=[backup.BackupPlanRule.daily()])


# ---------------------------------------------------------------- bad values (value errors)
def _rule(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: backup.BackupPlanRule(**kwargs)


def _plan(*rules: Any, **kwargs: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: backup.BackupPlan(stack, "Plan", backup_plan_rules=[r() for r in rules], **kwargs)


def _copy(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: backup.BackupPlanRule(schedule_expression=DAILY, delete_after=days(100),
                                               copy_actions=[backup.BackupPlanCopyActionProps(REMOTE, **kwargs)])


def _two_named(stack: cdk.Stack, first: str, second: str) -> None:
    backup.BackupPlan(stack, "P0", backup_plan_name=first, backup_plan_rules=[backup.BackupPlanRule.daily()])
    backup.BackupPlan(stack, "P1", backup_plan_name=second, backup_plan_rules=[backup.BackupPlanRule.daily()])


def _lag(stack: cdk.Stack) -> backup.LogicallyAirGappedVault:
    return backup.LogicallyAirGappedVault(stack, "L", min_retention=days(7), max_retention=days(8))


BAD_INPUTS = [
    pytest.param(_rule(rule_name="nightly backup"), r"^BackupPlanRule\(nightly backup\): rule_name must be 1 to 50 .*got 'nightly backup' \[ruleName\]$", id="rule-name-space"),
    pytest.param(_rule(rule_name="x" * 51), r"rule_name must be 1 to 50", id="rule-name-51"),
    pytest.param(_rule(rule_name=""), r"rule_name must be 1 to 50", id="rule-name-empty"),
    pytest.param(_rule(schedule_expression="cron(0 5 * * *)"), r"found 5 fields.*\[scheduleCron\]", id="cron-5-fields"),
    pytest.param(_rule(schedule_expression="rate(1 day)"), r"schedule_expression must be an AWS cron", id="rate"),
    pytest.param(_rule(schedule_expression="cron(* 5 * * ? *)"), r"must not run more often than once an hour", id="every-minute"),
    pytest.param(_rule(schedule_expression=events.Schedule.rate(cdk.Duration.days(1))), r"must be an AWS cron", id="events-rate"),
    pytest.param(_rule(schedule_expression=events.Schedule.cron(hour="5")), r"\[scheduleAtMostHourly\]", id="events-cron-without-minute"),
    pytest.param(_rule(schedule_expression="cron(0 5 30 2 ? *)"), r"matches no date at all \[scheduleNeverRuns\]", id="feb-30"),
    pytest.param(_rule(schedule_expression="cron(0 5 1 * ? 2020)"), r"only matches dates in the past \[scheduleNeverRuns\]", id="past-year"),
    pytest.param(_rule(schedule_expression=DAILY, schedule_expression_timezone="PST"), r"must be an IANA time zone name, .*got 'PST' \[scheduleTimezone\]", id="tz-abbreviation"),
    pytest.param(_rule(schedule_expression=DAILY, schedule_expression_timezone="posixrules"), r"\[scheduleTimezone\]", id="tz-posixrules"),
    pytest.param(_rule(schedule_expression=DAILY, schedule_expression_timezone="right/UTC"), r"\[scheduleTimezone\]", id="tz-right"),
    pytest.param(_rule(schedule_expression=DAILY, schedule_expression_timezone=cdk.TimeZone.of("Mars/Olympus")), r"got 'Mars/Olympus' \[scheduleTimezone\]", id="tz-custom-timezone"),
    pytest.param(_rule(start_window=minutes(59)), r"start_window must be between 60 and 52,560,000 minutes, got 59 minutes \[startWindowRange\]", id="start-window-59-minutes"),
    pytest.param(_rule(start_window=minutes(52_560_001)), r"start_window must be between 60", id="start-window-too-long"),
    pytest.param(_rule(start_window=cdk.Duration.seconds(3630)), r"start_window must be a whole number of minutes.*\[wholeUnits\]", id="start-window-seconds"),
    pytest.param(_rule(start_window=minutes(90.5)), r"start_window must be a whole number of minutes", id="start-window-fraction"),
    pytest.param(_rule(completion_window=minutes(0)), r"completion_window must be between 1 and .*\[completionWindowRange\]", id="completion-window-0"),
    pytest.param(_rule(delete_after=days(0)), r"delete_after must be between 1 and 36,500 days, got 0 days \[deleteAfter\]", id="delete-0"),
    pytest.param(_rule(delete_after=days(36501)), r"delete_after must be between 1 and 36,500 days, got 36,501 days", id="delete-36501"),
    pytest.param(_rule(delete_after=cdk.Duration.hours(36)), r"delete_after must be a whole number of days, got 1 day 12 hours \[wholeUnits\]", id="delete-36-hours"),
    pytest.param(_rule(delete_after=minutes(5754.13)), r"delete_after must be a whole number of days", id="delete-fractional-minutes"),
    pytest.param(_rule(move_to_cold_storage_after=days(30), delete_after=days(119)), r"delete_after must be at least 90 days after move_to_cold_storage_after \(30 days\), i.e. at least 120 days, got 119 days \[coldStorageGap\]", id="cold-gap-119"),
    pytest.param(_rule(move_to_cold_storage_after=days(30), delete_after=days(30)), r"at least 120 days, got 30 days", id="cold-gap-equal"),
    pytest.param(_rule(move_to_cold_storage_after=days(36501)), r"move_to_cold_storage_after must be between 1 and 36,500 .*\[coldStorageAfter\]", id="cold-36501"),
    pytest.param(_rule(enable_continuous_backup=True, delete_after=days(36)), r"delete_after must be between 1 and 35 days, got 36 days \[continuousRetention\]", id="continuous-36-days"),
    pytest.param(lambda s: backup.BackupPlanRule.continuous(delete_after=days(36)), r"^BackupPlanRule\(Continuous\): delete_after must be between 1 and 35 days", id="continuous-factory-36-days"),
    pytest.param(_rule(enable_continuous_backup=True, move_to_cold_storage_after=days(7)), r"move_to_cold_storage_after must not be set with enable_continuous_backup, got 7 days \[continuousNoColdStorage\]", id="continuous-cold"),
    pytest.param(_rule(schedule_expression=DAILY, move_to_cold_storage_after=days(30), delete_after=days(120), opt_in_to_archive_for_supported_resources=True), r"opt_in_to_archive_for_supported_resources needs a schedule that runs monthly or less often .*runs every 1 days\) \[archiveNeedsMonthly\]", id="archive-daily"),
    pytest.param(_rule(schedule_expression="cron(0 5 ? * SAT *)", move_to_cold_storage_after=days(30), delete_after=days(120), opt_in_to_archive_for_supported_resources=True), r"runs every 7 days", id="archive-weekly"),
    pytest.param(lambda s: backup.BackupPlanCopyActionProps("my-vault"), r"^BackupPlanCopyActionProps: destination_backup_vault must be a backup vault ARN.*got 'my-vault' \[backupVaultArn\]", id="copy-name-not-arn"),
    pytest.param(lambda s: backup.BackupPlanCopyActionProps("junk:backup-vault:x"), r"\[backupVaultArn\]", id="copy-junk-arn"),
    pytest.param(lambda s: backup.BackupPlanCopyActionProps("arn:aws:backup:us-east-1:111122223333:backup-vault:"), r"\[backupVaultArn\]", id="copy-arn-empty-name"),
    pytest.param(lambda s: backup.BackupPlanCopyActionProps("arn:aws:backup:us-east-1:111122223333:backup-vault:has space"), r"\[backupVaultArn\]", id="copy-arn-space"),
    pytest.param(lambda s: backup.BackupPlanCopyActionProps("arn:aws:backup:us-east-1:١١١١٢٢٢٢٣٣٣٣:backup-vault:ab"), r"\[backupVaultArn\]", id="copy-arn-unicode-digits"),
    pytest.param(_copy(move_to_cold_storage_after=days(10), delete_after=days(50)), r"^BackupPlanCopyActionProps: delete_after must be at least 90 days after", id="copy-cold-gap"),
    pytest.param(_copy(delete_after=days(40000)), r"delete_after must be between 1 and 36,500", id="copy-delete-40000"),
    pytest.param(_rule(copy_actions=[{"destination_backup_vault": REMOTE, "delete_after": days(0)}]), r"^BackupPlanRule: copy_actions\[0\]\.delete_after must be between 1 and 36,500 days, got 0 days", id="copy-dict-checked-in-rule"),
    pytest.param(_rule(copy_actions=[aws_backup.BackupPlanCopyActionProps(destination_backup_vault=backup.BackupVault.from_backup_vault_arn(new_stack(), "I", REMOTE), delete_after=days(40000))]), r"copy_actions\[0\]\.delete_after must be between", id="copy-aws-cdk-lib-struct"),
    pytest.param(_rule(index_actions=[backup.BackupPlanIndexActionProps([backup.IndexActionResourceType.S3])] * 2), r"index_actions must hold at most one action.*got 2 actions \[indexActions\]", id="index-two-actions"),
    pytest.param(_rule(index_actions=[backup.BackupPlanIndexActionProps([])]), r"index_actions must hold at most one action", id="index-no-type"),
    pytest.param(_rule(index_actions=[backup.BackupPlanIndexActionProps([backup.IndexActionResourceType("EFS")])]), r"got \['EFS'\] \[indexActions\]", id="index-efs"),
    pytest.param(_rule(recovery_point_tags={f"k{i}": "v" for i in range(51)}), r"recovery_point_tags must be between 0 and 50 tags, got 51 tags \[recoveryPointTagCount\]", id="51-recovery-point-tags"),
    pytest.param(_rule(recovery_point_tags={"aws:backup": "v"}), r"recovery_point_tags keys must be 1 to 128 characters and must not start with 'aws:', got 'aws:backup' \[tagKey\]", id="recovery-point-tag-aws-prefix"),
    pytest.param(_rule(recovery_point_tags={"": "v"}), r"\[tagKey\]", id="recovery-point-tag-empty-key"),
    pytest.param(_rule(recovery_point_tags={"k" * 129: "v"}), r"\[tagKey\]", id="recovery-point-tag-key-129"),
    pytest.param(_rule(recovery_point_tags={"k": "v" * 257}), r"recovery_point_tags\['k'\] must be between 0 and 256 characters, got 257 characters \[tagValue\]", id="recovery-point-tag-value-257"),
    pytest.param(lambda s: backup.BackupPlanRule(backup_vault=_lag(s)), r"^BackupPlanRule: backup_vault must be a standard vault .*\[airGappedNotTarget\]", id="air-gapped-as-rule-vault"),
    pytest.param(lambda s: backup.BackupPlanRule(logically_air_gapped_backup_vault=backup.BackupVault(s, "V")), r"logically_air_gapped_backup_vault must be a logically air-gapped vault, got a standard BackupVault \[airGappedTargetKind\]", id="standard-as-air-gapped-target"),
    pytest.param(lambda s: backup.BackupPlanRule(logically_air_gapped_backup_vault=aws_backup.BackupVault(s, "V")), r"\[airGappedTargetKind\]", id="aws-cdk-lib-vault-as-air-gapped-target"),
    pytest.param(lambda s: backup.BackupPlanRule(logically_air_gapped_backup_vault="lag"), r"logically_air_gapped_backup_vault must be a backup vault ARN.* \[backupVaultArn\]", id="air-gapped-target-not-arn"),
    pytest.param(lambda s: backup.BackupPlan(s, "Plan", backup_vault=_lag(s), backup_plan_rules=[backup.BackupPlanRule.daily()]), r"^TestStack/Plan: backup_vault must be a standard vault", id="air-gapped-as-plan-vault"),
    pytest.param(_plan(backup.BackupPlanRule.daily, backup.BackupPlanRule.daily), r"^TestStack/Plan: rule Daily: rule_name must be unique within a plan, got 'Daily' twice \[duplicateRuleName\]$", id="duplicate-rule-name"),
    pytest.param(lambda s: backup.BackupPlan(s, "Plan", backup_plan_rules=[backup.BackupPlanRule(rule_name="PlanRule1", schedule_expression=DAILY), backup.BackupPlanRule(schedule_expression=DAILY)]), r"rule PlanRule1: rule_name must be unique", id="default-name-clashes-with-given"),
    pytest.param(lambda s: _two_named(s, "prod", "prod"), r"^TestStack/P1: backup_plan_name must be unique among the plans of an account and Region \(AlreadyExistsException\), got 'prod', already the name of TestStack/P0 \[duplicatePlanName\]$", id="duplicate-plan-name"),
    pytest.param(lambda s: [backup.BackupPlan(Construct(s, f"Scope{i}"), "P", backup_plan_name="prod", backup_plan_rules=[backup.BackupPlanRule.daily()]) for i in range(2)], r"^TestStack/Scope1/P: .*already the name of TestStack/Scope0/P", id="duplicate-plan-name-other-scope"),
    pytest.param(_plan(backup_plan_name="prod plan"), r"^TestStack/Plan: backup_plan_name must be 1 to 50 .*got 'prod plan' \[planName\]$", id="plan-name-space"),
    pytest.param(_plan(backup_plan_name="p" * 51), r"\[planName\]", id="plan-name-51"),
    pytest.param(lambda s: backup.BackupPlan(s, "Plan", backup_plan_rules=[backup.BackupPlanRule(rule_name="A", enable_continuous_backup=True, backup_vault=backup.BackupVault(s, "V1")), backup.BackupPlanRule(rule_name="B", enable_continuous_backup=True, backup_vault=backup.BackupVault(s, "V2"))]), r"^TestStack/Plan: rule B: backup_vault: continuous rules of one plan must target the same vault, got \['TestStackV1.*', 'TestStackV2.*'\] \[continuousOneVault\]$", id="continuous-rules-two-vaults"),
    pytest.param(_plan(backup_plan_tags={"aws:owner": "x"}), r"^TestStack/Plan: backup_plan_tags keys must be 1 to 128 characters .*\[tagKey\]", id="plan-tag-aws-prefix"),
    pytest.param(_plan(backup_plan_tags={"k": "v" * 257}), r"\[tagValue\]", id="plan-tag-value-257"),
    pytest.param(_plan(scan_settings=[backup.ScanSetting(resource_types=["EBS", "EBS"], scanner_role="arn:aws:iam::111122223333:role/S")]), r"scan_settings\[0\]\.resource_types must not repeat an item, got 'EBS' twice \[uniqueItems\]", id="scan-types-repeated"),
    pytest.param(_plan(scan_settings=[backup.ScanSetting(resource_types=["EBS"], scanner_role="Scanner")]), r"scan_settings\[0\]\.scanner_role must be an IAM role ARN.*got 'Scanner' \[scannerRoleArn\]", id="scan-role-name"),
    pytest.param(lambda s: backup.ScanSetting(resource_types=["EFS"], scanner_role="arn:aws:iam::111122223333:role/S"), r"^ScanSetting: resource_types\[0\] must be one of EBS, EC2, S3, got 'EFS' \[inputEnum\]$", id="scan-type-unknown"),
    pytest.param(lambda s: backup.ScanAction(scan_mode="FAST"), r"^ScanAction: scan_mode must be one of FULL_SCAN, INCREMENTAL_SCAN, got 'FAST' \[inputEnum\]$", id="scan-mode-unknown"),
    pytest.param(lambda s: backup.ScanAction(malware_scanner="CLAMAV"), r"malware_scanner must be one of GUARDDUTY", id="scanner-unknown"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS)
def test_bad_values_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


# ---------------------------------------------------------------- wrong types: every keyword (issue 24)
def _plan_kw(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: backup.BackupPlan(stack, "Plan", **kwargs)


WRONG_TYPES = [
    pytest.param(_rule(rule_name="Daily", delete_after=35), r"^BackupPlanRule\(Daily\): delete_after must be a Duration \(e.g. Duration.days\(35\)\), got int 35 \[inputType\]$", id="rule-delete-int"),
    pytest.param(_rule(rule_name=12), r"^BackupPlanRule: rule_name must be a string, got int 12 \[inputType\]$", id="rule-name-int"),
    pytest.param(_rule(backup_vault="my-vault"), r"backup_vault must be a backup vault \(an IBackupVault, e.g. BackupVault\), got str 'my-vault'", id="rule-vault-str"),
    pytest.param(_rule(backup_vault={"name": "v"}), r"backup_vault must be a backup vault .*got dict", id="rule-vault-dict"),
    pytest.param(_rule(schedule_expression=5), r"schedule_expression must be a Schedule \(events.Schedule.cron\(...\)\) or a 'cron\(...\)' string, got int 5", id="rule-schedule-int"),
    pytest.param(_rule(schedule_expression=cdk.Duration.days(1)), r"schedule_expression must be a Schedule .*got Duration", id="rule-schedule-duration"),
    pytest.param(_rule(schedule_expression_timezone=3600), r"schedule_expression_timezone must be a cdk.TimeZone or an IANA time zone name, got int 3600", id="rule-tz-int"),
    pytest.param(_rule(start_window=60), r"start_window must be a Duration .*got int 60", id="rule-start-int"),
    pytest.param(_rule(completion_window="2h"), r"completion_window must be a Duration .*got str '2h'", id="rule-completion-str"),
    pytest.param(_rule(move_to_cold_storage_after=30.0), r"move_to_cold_storage_after must be a Duration .*got float 30.0", id="rule-cold-float"),
    pytest.param(_rule(enable_continuous_backup="true"), r"enable_continuous_backup must be a bool \(True or False\), got str 'true'", id="rule-continuous-str"),
    pytest.param(_rule(enable_continuous_backup=1), r"enable_continuous_backup must be a bool .*got int 1", id="rule-continuous-int"),
    pytest.param(_rule(opt_in_to_archive_for_supported_resources="yes"), r"opt_in_to_archive_for_supported_resources must be a bool", id="rule-archive-str"),
    pytest.param(_rule(copy_actions=backup.BackupPlanCopyActionProps(REMOTE)), r"copy_actions must be a list, got BackupPlanCopyActionProps", id="rule-copies-not-list"),
    pytest.param(_rule(copy_actions=[REMOTE]), r"copy_actions\[0\] must be a BackupPlanCopyActionProps \(or a dict of its keywords\), got str", id="rule-copy-str"),
    pytest.param(_rule(copy_actions=[{"destination": REMOTE}]), r"copy_actions\[0\] must be a BackupPlanCopyActionProps", id="rule-copy-dict-unknown-key"),
    pytest.param(_rule(copy_actions=[{"delete_after": days(7)}]), r"copy_actions\[0\]\.destination_backup_vault must be a backup vault or a backup vault ARN, got None", id="rule-copy-dict-no-destination"),
    pytest.param(_rule(copy_actions=None, recovery_point_tags=["k"]), r"recovery_point_tags must be a dict of strings, got list \['k'\]", id="rule-tags-list"),
    pytest.param(_rule(recovery_point_tags={"k": 1}), r"recovery_point_tags\['k'\] must be a string, got int 1", id="rule-tag-value-int"),
    pytest.param(_rule(recovery_point_tags={1: "v"}), r"recovery_point_tags key must be a string, got int 1", id="rule-tag-key-int"),
    pytest.param(_rule(index_actions=[backup.IndexActionResourceType.S3]), r"index_actions\[0\] must be a BackupPlanIndexActionProps", id="rule-index-type-not-action"),
    pytest.param(_rule(index_actions=backup.BackupPlanIndexActionProps(["S3"])), r"index_actions must be a list", id="rule-index-not-list"),
    pytest.param(lambda s: backup.BackupPlanIndexActionProps(resource_types="S3"), r"^BackupPlanIndexActionProps: resource_types must be a list, got str 'S3'", id="index-types-str"),
    pytest.param(lambda s: backup.BackupPlanIndexActionProps(resource_types=[3]), r"resource_types\[0\] must be an IndexActionResourceType or its string value, got int 3", id="index-type-int"),
    pytest.param(lambda s: backup.BackupPlanIndexActionProps(resource_types=None), r"resource_types must be a list, got None", id="index-types-none"),
    pytest.param(_rule(scan_actions=backup.ScanAction()), r"scan_actions must be a list, got ScanAction", id="rule-scans-not-list"),
    pytest.param(_rule(scan_actions=["FULL_SCAN"]), r"scan_actions\[0\] must be a ScanAction \(or a dict of its keywords\), got str", id="rule-scan-str"),
    pytest.param(lambda s: backup.ScanAction(scan_mode=1), r"^ScanAction: scan_mode must be a ScanMode or its string value, got int 1", id="scan-mode-int"),
    pytest.param(_rule(logically_air_gapped_backup_vault=42), r"logically_air_gapped_backup_vault must be a LogicallyAirGappedVault or its ARN, got int 42", id="rule-lag-int"),
    pytest.param(lambda s: backup.BackupPlanCopyActionProps(None), r"^BackupPlanCopyActionProps: destination_backup_vault must be a backup vault or a backup vault ARN, got None \[inputType\]$", id="copy-destination-none"),
    pytest.param(lambda s: backup.BackupPlanCopyActionProps(123), r"destination_backup_vault must be a backup vault or a backup vault ARN, got int 123", id="copy-destination-int"),
    pytest.param(lambda s: backup.BackupPlanCopyActionProps(REMOTE, delete_after=7), r"^BackupPlanCopyActionProps: delete_after must be a Duration .*got int 7", id="copy-delete-int"),
    pytest.param(lambda s: backup.BackupPlanCopyActionProps(REMOTE, move_to_cold_storage_after="30"), r"move_to_cold_storage_after must be a Duration", id="copy-cold-str"),
    pytest.param(lambda s: backup.BackupPlanCopyActionProps(REMOTE, opt_in_to_archive_for_supported_resources="no"), r"opt_in_to_archive_for_supported_resources must be a bool", id="copy-archive-str"),
    pytest.param(_plan_kw(backup_plan_name=5), r"^TestStack/Plan: backup_plan_name must be a string, got int 5 \[inputType\]$", id="plan-name-int"),
    pytest.param(_plan_kw(backup_vault="vault"), r"^TestStack/Plan: backup_vault must be a backup vault .*got str 'vault'", id="plan-vault-str"),
    pytest.param(_plan_kw(backup_plan_rules=backup.BackupPlanRule.daily()), r"backup_plan_rules must be a list, got BackupPlanRule", id="plan-rules-not-list"),
    pytest.param(_plan_kw(backup_plan_rules=["Daily"]), r"backup_plan_rules\[0\] must be a BackupPlanRule \(ours or aws-cdk-lib's\), got str 'Daily'", id="plan-rule-str"),
    pytest.param(_plan_kw(backup_plan_rules=[None]), r"backup_plan_rules\[0\] must be a BackupPlanRule .*got None", id="plan-rule-none"),
    pytest.param(_plan_kw(windows_vss="true"), r"windows_vss must be a bool .*got str 'true'", id="plan-vss-str"),
    pytest.param(_plan_kw(s3_backup_acls="false"), r"^TestStack/Plan: s3_backup_acls must be a bool \(True or False\), got str 'false' \[inputType\]$", id="plan-acls-str"),
    pytest.param(_plan_kw(s3_backup_object_tags=0), r"s3_backup_object_tags must be a bool .*got int 0", id="plan-object-tags-int"),
    pytest.param(_plan_kw(scan_settings=backup.ScanSetting(["EBS"], "arn:aws:iam::111122223333:role/S")), r"scan_settings must be a list, got ScanSetting", id="plan-scan-not-list"),
    pytest.param(_plan_kw(scan_settings=["GUARDDUTY"]), r"scan_settings\[0\] must be a ScanSetting \(or a dict of its keywords\), got str", id="plan-scan-str"),
    pytest.param(_plan_kw(scan_settings=[{"resource_types": ["EBS"]}]), r"scan_settings\[0\] must be a ScanSetting", id="plan-scan-dict-missing-role"),
    pytest.param(lambda s: backup.ScanSetting(resource_types="EBS", scanner_role="arn:aws:iam::111122223333:role/S"), r"^ScanSetting: resource_types must be a list, got str 'EBS'", id="scan-types-str"),
    pytest.param(lambda s: backup.ScanSetting(resource_types=["EBS"], scanner_role=5), r"^ScanSetting: scanner_role must be an iam.IRole or a role ARN, got int 5", id="scan-role-int"),
    pytest.param(_plan_kw(backup_plan_tags=["k"]), r"backup_plan_tags must be a dict of strings, got list \['k'\]", id="plan-tags-list"),
    pytest.param(_plan_kw(backup_plan_tags={"k": None}), r"backup_plan_tags\['k'\] must be a string, got None", id="plan-tag-value-none"),
    pytest.param(lambda s: backup.BackupPlan(s, "Plan").add_rule("Daily"), r"^TestStack/Plan: rule must be a BackupPlanRule .*got str 'Daily'", id="add-rule-str"),
    pytest.param(lambda s: backup.BackupPlan(s, "Plan").add_rule(None), r"rule must be a BackupPlanRule .*got None", id="add-rule-none"),
    pytest.param(lambda s: backup.BackupPlan(s, "Plan").add_scan_setting("x"), r"setting must be a ScanSetting", id="add-scan-setting-str"),
    pytest.param(lambda s: backup.BackupPlan(s, "Plan").add_selection(5, resources=[]), r"^TestStack/Plan: id must be a string, got int 5", id="add-selection-id-int"),
    pytest.param(lambda s: backup.BackupPlan.from_backup_plan_id(s, "I", None), r"^TestStack/I: backup_plan_id must be a string, got None \[inputType\]$", id="import-id-none"),
    pytest.param(lambda s: backup.BackupPlan.from_backup_plan_id(s, "I", 5), r"backup_plan_id must be a string, got int 5", id="import-id-int"),
    pytest.param(lambda s: backup.BackupPlan.daily35_day_retention(s, "P", "vault"), r"^TestStack/P: backup_vault must be a backup vault", id="ready-made-vault-str"),
    pytest.param(lambda s: backup.BackupPlanRule.daily("vault"), r"^BackupPlanRule\(Daily\): backup_vault must be a backup vault", id="ready-made-rule-vault-str"),
    pytest.param(lambda s: backup.BackupPlan.grandfather_father_son(s, "P", copy_to=5), r"^BackupPlanCopyActionProps: destination_backup_vault must be a backup vault or a backup vault ARN, got int 5", id="gfs-copy-to-int"),
    pytest.param(lambda s: backup.BackupPlanRule(delete_after=cdk.Duration.hours(cdk.CfnParameter(s, "H", type="Number").value_as_number)), r"^BackupPlanRule: delete_after must be Duration\.days\(\S+\) when it(s amount)? is a token, got a token Duration in another unit \[inputType\]$", id="token-duration-in-hours"),
]


@pytest.mark.parametrize("build, message", WRONG_TYPES)
def test_wrong_types_get_a_validation_error(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


def test_error_names_everything() -> None:
    with pytest.raises(backup.ValidationError) as caught:
        backup.BackupPlanRule(rule_name="Daily", delete_after=35)  # type: ignore[arg-type]
    assert (caught.value.path, caught.value.prop, caught.value.rule) == ("BackupPlanRule(Daily)", "delete_after", "inputType")


# ---------------------------------------------------------------- checks at synth
def _synth_error(stack: cdk.Stack) -> str:
    """The errors the app's synthesis reports (it must report some), one per line."""
    errors = synth_errors(stack)
    assert errors, "the synthesis passed"
    return "\n".join(errors)


def test_plan_without_rules_fails_at_synth() -> None:
    stack = new_stack()
    backup.BackupPlan(stack, "Plan")
    assert "TestStack/Plan: backup_plan_rules must hold at least one rule, got no rules [planHasRules]" in _synth_error(stack)


@pytest.mark.parametrize("rule, fragment", [
    pytest.param(backup.BackupPlanRule(rule_name="Short", schedule_expression=DAILY, delete_after=days(29)),
                 "rule Short: delete_after must lie inside the lock range of vault TestStack/Vault (30..365 days), "
                 "or every job into it fails, got 29 days [retentionInLockRange]", id="one-day-short"),
    pytest.param(backup.BackupPlanRule(rule_name="Forever", schedule_expression=DAILY),
                 "rule Forever: delete_after must lie inside the lock range of vault TestStack/Vault (30..365 days), "
                 "or every job into it fails, got no delete_after (kept for ever)", id="kept-for-ever"),
    pytest.param(backup.BackupPlanRule.monthly5_year(), "rule Monthly5Year: delete_after must lie inside the lock "
                 "range of vault TestStack/Vault (30..365 days), or every job into it fails, got 1825 days", id="five-years"),
])
def test_rule_outside_the_lock_range_fails_at_synth(rule: backup.BackupPlanRule, fragment: str) -> None:
    stack = new_stack()
    vault = backup.BackupVault(stack, "Vault")
    backup.BackupPlan(stack, "Plan", backup_vault=vault, backup_plan_rules=[rule])
    vault.lock(min_retention=days(30), max_retention=days(365))  # the lock may come after the plan
    assert f"TestStack/Plan: {fragment}" in _synth_error(stack)


def test_copy_outside_air_gapped_range_fails_at_synth() -> None:
    stack = new_stack()
    lag = backup.LogicallyAirGappedVault(stack, "Lag", min_retention=days(7), max_retention=days(35))
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="D", schedule_expression=DAILY, delete_after=days(90),
        copy_actions=[backup.BackupPlanCopyActionProps(lag)])])
    assert ("rule D: copy_actions[0].delete_after must lie inside the lock range of vault TestStack/Lag (7..35 days), "
            "or every job into it fails, got 90 days") in _synth_error(stack)


def test_direct_air_gapped_target_outside_its_range_fails_at_synth() -> None:
    stack = new_stack()
    lag = backup.LogicallyAirGappedVault(stack, "Lag", min_retention=days(7), max_retention=days(35))
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="D", schedule_expression=DAILY, delete_after=days(90), logically_air_gapped_backup_vault=lag)])
    assert "rule D: delete_after must lie inside the lock range of vault TestStack/Lag" in _synth_error(stack)


def test_direct_air_gapped_target_in_another_account_fails_at_synth() -> None:
    stack = new_stack(env=cdk.Environment(account="111122223333", region="eu-west-1"))
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="D", schedule_expression=DAILY, delete_after=days(9),
        logically_air_gapped_backup_vault="arn:aws:backup:eu-west-1:222233334444:backup-vault:lag")])
    assert ("rule D: logically_air_gapped_backup_vault must be a vault in the plan's own account and Region "
            "(111122223333, eu-west-1)") in _synth_error(stack)


def test_seven_year_preset_against_a_seven_calendar_year_lock() -> None:
    stack = new_stack()
    vault = backup.BackupVault(stack, "Vault", lock_configuration=backup.LockConfiguration(min_retention=days(2557)))
    backup.BackupPlan(stack, "Plan", backup_vault=vault, backup_plan_rules=[backup.BackupPlanRule.monthly7_year()])
    assert "(2557..no maximum days)" in _synth_error(stack)


def test_copy_into_another_accounts_default_vault_fails_at_synth() -> None:
    stack = new_stack(env=cdk.Environment(account="111122223333", region="us-east-1"))
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="D", schedule_expression=DAILY, delete_after=days(7),
        copy_actions=[backup.BackupPlanCopyActionProps(
            "arn:aws:backup:us-east-1:222233334444:backup-vault:Default", delete_after=days(7))])])
    assert ("rule D: copy_actions[0].destination_backup_vault must not be another account's Default vault"
            in _synth_error(stack))
    assert "[copyToForeignDefaultVault]" in _synth_error(stack)


def test_copy_into_a_default_vault_of_an_unknown_account_warns() -> None:
    stack = new_stack()
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="D", schedule_expression=DAILY, delete_after=days(7),
        copy_actions=[backup.BackupPlanCopyActionProps(
            "arn:aws:backup:us-east-1:222233334444:backup-vault:Default", delete_after=days(7))])])
    found = [w for w in warnings_of(stack) if "cdk-backup:copyToDefaultVault" in w]
    assert found and found[0].startswith("rule D: copy_actions[0].destination_backup_vault is a Default vault")


def test_s3_continuous_and_periodic_in_different_vaults_fail_at_synth() -> None:
    from aws_cdk import aws_s3 as s3

    stack = new_stack()
    plan = backup.BackupPlan(stack, "Plan", backup_vault=backup.BackupVault(stack, "A"), backup_plan_rules=[
        backup.BackupPlanRule.continuous(),
        backup.BackupPlanRule(rule_name="Daily", schedule_expression=DAILY, delete_after=days(35),
                              backup_vault=backup.BackupVault(stack, "B"))])
    plan.add_selection("Buckets", resources=[backup.BackupResource.from_s3_bucket(s3.Bucket(stack, "X", versioned=True))])
    assert ("TestStack/Plan: backup_vault: continuous and periodic rules must use the same vault when the plan "
            "selects S3 buckets") in _synth_error(stack)
    assert "[s3ContinuousSameVault]" in _synth_error(stack)


def test_rds_copy_to_another_region_and_account_fails_at_synth() -> None:
    stack = new_stack(env=cdk.Environment(account="111122223333", region="us-east-1"))
    plan = backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="D", schedule_expression=DAILY, delete_after=days(7),
        copy_actions=[backup.BackupPlanCopyActionProps(
            "arn:aws:backup:eu-west-1:222233334444:backup-vault:dr", delete_after=days(7))])])
    plan.add_selection("Db", resources=[backup.BackupResource.from_arn("arn:aws:rds:us-east-1:111122223333:db:orders")])
    assert "rule D: copy_actions[0] must not copy to a vault in both another Region and another account" \
        in _synth_error(stack)


def test_rds_copy_to_another_region_of_the_same_account_passes() -> None:
    stack = new_stack(env=cdk.Environment(account="111122223333", region="us-east-1"))
    dr = backup.BackupVault.from_backup_vault_arn(stack, "Dr", "arn:aws:backup:eu-west-1:111122223333:backup-vault:dr")
    plan = backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="D", schedule_expression=DAILY, delete_after=days(7),
        copy_actions=[backup.BackupPlanCopyActionProps(dr, delete_after=days(7))])])
    plan.add_selection("Db", resources=[backup.BackupResource.from_arn("arn:aws:rds:us-east-1:111122223333:db:orders")])
    _template(stack)  # synthesizes: the plan's checks pass


def test_scan_action_without_scan_setting_fails_at_synth() -> None:
    stack = new_stack()
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="Scan", schedule_expression=DAILY, delete_after=days(7), scan_actions=[backup.ScanAction()])])
    assert ("rule Scan: scan_actions must name every malware scanner the rules use, got GUARDDUTY missing "
            "[scanSettings]") in _synth_error(stack)


# ---------------------------------------------------------------- edges that must pass
EDGES = [
    pytest.param(lambda: backup.BackupPlanRule(rule_name="a", schedule_expression=DAILY, delete_after=days(1)), id="delete-1-day"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="x" * 50, schedule_expression="cron(0 * ? * * *)", delete_after=days(36500)), id="name-50-hourly-36500-days"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="A.b-c_9", start_window=minutes(60), completion_window=minutes(52_560_000), schedule_expression=DAILY, delete_after=days(7)), id="window-bounds"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="h", start_window=cdk.Duration.hours(1), completion_window=cdk.Duration.days(7), schedule_expression=DAILY, delete_after=days(7)), id="windows-in-hours-and-days"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="c", schedule_expression=DAILY, move_to_cold_storage_after=days(30), delete_after=days(120)), id="cold-gap-exactly-90"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="p1", enable_continuous_backup=True, delete_after=days(1)), id="continuous-1-day"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="p35", enable_continuous_backup=True, delete_after=days(35)), id="continuous-35-days"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="arch", schedule_expression="cron(0 5 1 * ? *)", move_to_cold_storage_after=days(30), delete_after=days(120), opt_in_to_archive_for_supported_resources=True), id="archive-monthly"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="t", schedule_expression=DAILY, schedule_expression_timezone=cdk.TimeZone.ASIA_TOKYO, delete_after=days(7), recovery_point_tags={f"k{i}": "v" for i in range(50)}), id="50-recovery-point-tags"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="kv", schedule_expression=DAILY, delete_after=days(7), recovery_point_tags={"k" * 128: "v" * 256, "empty": ""}), id="tag-key-128-value-256"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="leap", schedule_expression="cron(0 5 29 2 ? *)", delete_after=days(7)), id="feb-29"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="y", schedule_expression="cron(0 5 1 * ? 2199)", delete_after=days(7)), id="single-year-2199"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="wk", schedule_expression="cron(0 5 ? * 6#3 *)", schedule_expression_timezone="America/Argentina/Buenos_Aires", delete_after=days(7)), id="hash-and-deep-zone"),
    pytest.param(lambda: backup.BackupPlanRule(rule_name="cp", schedule_expression=DAILY, delete_after=days(7), copy_actions=[backup.BackupPlanCopyActionProps("arn:aws-us-gov:backup:us-gov-west-1:111122223333:backup-vault:" + "v" * 50, delete_after=days(1))]), id="copy-gov-partition-50-char-name"),
]


def test_edge_values_pass_and_lint(synth: Any) -> None:
    """Every edge in one stack (one plan each), so that cfn-lint reads one template."""
    stack = new_stack()
    for index, edge in enumerate(EDGES):
        backup.BackupPlan(stack, f"Plan{index}", backup_plan_rules=[edge.values[0]()])
    locked = backup.BackupVault(stack, "Locked", lock_configuration=backup.LockConfiguration(
        min_retention=days(30), max_retention=days(365)))
    backup.BackupPlan(stack, "AtLockBounds", backup_vault=locked, backup_plan_rules=[
        backup.BackupPlanRule(rule_name="Low", schedule_expression=DAILY, delete_after=days(30)),
        backup.BackupPlanRule(rule_name="High", schedule_expression=DAILY, delete_after=days(365))])
    plans = resources_of(synth(stack), "AWS::Backup::BackupPlan")
    assert len(plans) == len(EDGES) + 1


@jsii.implements(cdk.IStableStringProducer)
class _Produce:
    def __init__(self, value: str) -> None:
        self.value = value

    def produce(self) -> str:
        return self.value


def test_tokens_are_accepted_in_every_slot(synth: Any) -> None:
    stack = new_stack()
    number = cdk.CfnParameter(stack, "Days", type="Number").value_as_number
    text = cdk.CfnParameter(stack, "Text").value_as_string
    arn = cdk.CfnParameter(stack, "Arn").value_as_string
    lazy = cdk.Lazy.string(_Produce("S3"))
    rule = backup.BackupPlanRule(
        rule_name=text, schedule_expression=text, schedule_expression_timezone=text,
        start_window=minutes(number), completion_window=minutes(number),
        move_to_cold_storage_after=days(number), delete_after=days(number),
        recovery_point_tags={"team": text}, index_actions=[backup.BackupPlanIndexActionProps([lazy])],
        scan_actions=[backup.ScanAction(scan_mode=text, malware_scanner=text)],
        logically_air_gapped_backup_vault=arn,
        copy_actions=[backup.BackupPlanCopyActionProps(arn, delete_after=days(number),
                                                       move_to_cold_storage_after=days(number))])
    timed = backup.BackupPlanRule(rule_name="Timed", schedule_expression=events.Schedule.expression(text),
                                  schedule_expression_timezone=cdk.TimeZone.of(text), delete_after=days(7))
    vault = backup.BackupVault(stack, "V")
    vault.lock(min_retention=days(number))
    backup.BackupPlan(stack, "Plan", backup_plan_name=text, backup_vault=vault, backup_plan_rules=[rule, timed],
                      backup_plan_tags={"owner": text},
                      scan_settings=[backup.ScanSetting(resource_types=[text], scanner_role=arn, malware_scanner=text)])
    props = only(synth(stack), "AWS::Backup::BackupPlan")
    rendered = props["BackupPlan"]["BackupPlanRule"][0]
    assert rendered["Lifecycle"] == {"DeleteAfterDays": {"Ref": "Days"}, "MoveToColdStorageAfterDays": {"Ref": "Days"}}
    assert rendered["StartWindowMinutes"] == {"Ref": "Days"} and rendered["RuleName"] == {"Ref": "Text"}
    assert rendered["ScanActions"] == [{"MalwareScanner": {"Ref": "Text"}, "ScanMode": {"Ref": "Text"}}]
    assert rendered["TargetLogicallyAirGappedBackupVaultArn"] == {"Ref": "Arn"}
    assert props["BackupPlan"]["ScanSettings"][0]["ResourceTypes"] == [{"Ref": "Text"}]
    assert props["BackupPlanTags"] == {"owner": {"Ref": "Text"}}


# ---------------------------------------------------------------- warnings
@pytest.mark.parametrize("rule, warning_id", [
    pytest.param(backup.BackupPlanRule(rule_name="c", schedule_expression=DAILY, delete_after=days(7),
                                       copy_actions=[backup.BackupPlanCopyActionProps(REMOTE)]),
                 "copyWithoutLifecycle", id="copy-without-lifecycle"),
    pytest.param(backup.BackupPlanRule(rule_name="w", schedule_expression=DAILY, delete_after=days(7),
                                       start_window=minutes(120), completion_window=minutes(120)),
                 "completionWindowNotLonger", id="completion-not-longer"),
    pytest.param(backup.BackupPlanRule(rule_name="n", delete_after=days(7)), "ruleWithoutSchedule", id="no-schedule"),
    pytest.param(backup.BackupPlanRule(rule_name="m", schedule_expression="cron(0 13/12 ? * * *)", delete_after=days(7)),
                 "hourStepCrossesMidnight", id="hour-step-midnight"),
    pytest.param(backup.BackupPlanRule(rule_name="k", schedule_expression=DAILY, move_to_cold_storage_after=days(30)),
                 "coldWithoutDelete", id="cold-without-delete"),
    pytest.param(backup.BackupPlanRule(rule_name="a", schedule_expression="cron(0 5 1 * ? *)", delete_after=days(90),
                                       opt_in_to_archive_for_supported_resources=True),
                 "archiveWithoutCold", id="archive-without-cold"),
])
def test_risky_but_legal_input_warns_on_the_plan(rule: backup.BackupPlanRule, warning_id: str) -> None:
    assert [v.rule.id for v in rule.warnings] == [warning_id]
    stack = new_stack()
    backup.BackupPlan(stack, "Plan", backup_plan_rules=[rule])
    found = [w for w in warnings_of(stack) if f"cdk-backup:{warning_id}" in w]
    assert found and found[0].startswith(f"rule {rule.rule_name}: ")


def test_warnings_can_be_acknowledged() -> None:
    stack = new_stack()
    plan = backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(rule_name="n", delete_after=days(7))])
    cdk.Annotations.of(plan).acknowledge_warning("cdk-backup:ruleWithoutSchedule", "AWS's default schedule is fine")
    assert not [w for w in warnings_of(stack) if "ruleWithoutSchedule" in w]


def test_windows_vss_without_ec2_warns() -> None:
    stack = new_stack()
    plan = backup.BackupPlan.daily35_day_retention(stack, "Plan")
    plan2 = backup.BackupPlan(stack, "Vss", windows_vss=True, backup_plan_rules=[backup.BackupPlanRule.daily()])
    plan2.add_selection("Tables", resources=[backup.BackupResource.from_arn(
        "arn:aws:dynamodb:us-east-1:111122223333:table/orders")])
    plan.add_selection("Tagged", resources=[backup.BackupResource.from_tag("a", "b")])
    found = [w for w in warnings_of(stack) if "cdk-backup:windowsVssWithoutEc2" in w]
    assert len(found) == 1 and "windows_vss is True but Windows VSS only applies to EC2 instances" in found[0]



# ---------------------------------------------------------------- properties: any value, a clear answer
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ODD = st.sampled_from([None, 0, -1, 1.5, "", "x", "cron(0 5 * * ? *)", "Europe/Paris", [], ["x"], {}, {"k": "v"},
                       True, False, object(), b"bytes", days(0), days(1), days(35), days(36501), cdk.Duration.hours(36),
                       minutes(59), minutes(60), cdk.Duration.seconds(90), cdk.TimeZone.EUROPE_PARIS,
                       events.Schedule.rate(cdk.Duration.hours(1)), [backup.BackupPlanCopyActionProps(REMOTE)],
                       [backup.ScanAction()], [backup.BackupPlanIndexActionProps(["S3"])]])
RULE_KEYWORDS = ["rule_name", "backup_vault", "schedule_expression", "schedule_expression_timezone", "start_window",
                 "completion_window", "delete_after", "move_to_cold_storage_after", "enable_continuous_backup",
                 "copy_actions", "recovery_point_tags", "index_actions", "opt_in_to_archive_for_supported_resources",
                 "logically_air_gapped_backup_vault", "scan_actions"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(keyword=st.sampled_from(RULE_KEYWORDS), value=ODD)
def test_any_value_of_any_rule_keyword_gets_a_clear_answer(keyword: str, value: object) -> None:
    """Accepted, or a ValidationError about that keyword (or a rule it takes part in): never a traceback."""
    try:
        rule = backup.BackupPlanRule(**{keyword: value})
    except backup.ValidationError as error:
        assert error.prop is not None and error.rule is not None
        assert keyword in str(error) or error.rule in ("continuousRetention", "deleteAfter")
        return
    assert isinstance(rule.model, backup.BackupPlanRule.daily().model.__class__)


@st.composite
def _rule_keywords(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """Keywords of a valid rule (bounds, the cold-storage gap, tags, rare schedules)."""
    cold = draw(st.one_of(st.none(), st.integers(1, 36_500 - 90)))
    delete = draw(st.one_of(st.none(), st.integers((cold or 0) + 90 if cold else 1, 36_500)))
    return {
        "rule_name": f"R{index}",
        "schedule_expression": draw(st.sampled_from(["cron(0 5 * * ? *)", "cron(30 * ? * * *)", "cron(0 5 L * ? *)",
                                                     "cron(0 5 ? * 6#3 *)", "cron(0 5 29 2 ? *)"])),
        "start_window": draw(st.one_of(st.none(), st.integers(60, 52_560_000).map(minutes))),
        "completion_window": draw(st.one_of(st.none(), st.integers(1, 52_560_000).map(minutes))),
        "move_to_cold_storage_after": days(cold) if cold else None,
        "delete_after": days(delete) if delete else (days(cold + 90) if cold else None),
        "recovery_point_tags": draw(st.one_of(st.none(), st.dictionaries(
            st.text("abcXYZ09_-", min_size=1, max_size=128), st.text("abc ", max_size=256), max_size=5))),
    }


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_accepted_rules_synthesize_lint_clean(data: st.DataObject) -> None:
    count = data.draw(st.integers(1, 20))
    rules = [backup.BackupPlanRule(**data.draw(_rule_keywords(i))) for i in range(count)]
    stack = new_stack()
    backup.BackupPlan(stack, "Plan", backup_plan_rules=rules)
    from tests.conftest import synth_template

    assert len(_rules(synth_template(stack))) == count


PLAN_KEYWORDS = ["backup_plan_name", "backup_vault", "backup_plan_rules", "windows_vss", "s3_backup_acls",
                 "s3_backup_object_tags", "scan_settings", "backup_plan_tags"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(keyword=st.sampled_from(PLAN_KEYWORDS), value=ODD)
def test_any_value_of_any_plan_keyword_gets_a_clear_answer(keyword: str, value: object) -> None:
    stack = new_stack()
    try:
        backup.BackupPlan(stack, "Plan", **{keyword: value})
    except backup.ValidationError as error:
        assert error.path == "TestStack/Plan" and keyword in str(error)


def test_index_resource_type_must_be_text() -> None:
    with pytest.raises(backup.ValidationError, match=r"^IndexActionResourceType: value must be a string, got int 5"):
        backup.IndexActionResourceType(5)  # type: ignore[arg-type]
    assert backup.IndexActionResourceType("S3") == backup.IndexActionResourceType.S3
