"""RestoreTestingPlan, RecoveryPointSelection, RestoreTestingSelection, and rules/restore_testing.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_backup as aws_backup
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sns as sns
from hypothesis import given, settings
from hypothesis import strategies as st

import cdk_backup as backup
from cdk_backup.restore_testing import ascii_name
from cdk_backup.rules import Unresolved
from cdk_backup.rules import restore_testing as rules
from tests.conftest import (
    assert_builds_clean,
    assert_rejected,
    new_stack,
    only,
    resources_of,
    synth_errors,
    warnings_of,
)

days, hours = cdk.Duration.days, cdk.Duration.hours
T = backup.ProtectedResourceType
P = pytest.param
FAST = settings(max_examples=40, deadline=None)


def _plan(stack: cdk.Stack, **kwargs: Any) -> backup.RestoreTestingPlan:
    defaults: dict[str, Any] = {
        "schedule_expression": "cron(0 3 ? * SUN *)",
        "recovery_point_selection": backup.RecoveryPointSelection(include_vaults=["*"]),
    }
    return backup.RestoreTestingPlan(stack, "Plan", **{**defaults, **kwargs})


def test_weekly_plan_with_selections_of_each_kind(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    vault = backup.BackupVault(stack, "Vault")
    plan = _plan(stack, restore_testing_plan_name="weekly_restore_test", schedule_expression_timezone="Europe/Paris",
                 start_window=hours(8), tags={"owner": "sre"},
                 recovery_point_selection=backup.RecoveryPointSelection(
                     include_vaults=[vault], algorithm=backup.RestoreTestingAlgorithm.RANDOM_WITHIN_WINDOW,
                     recovery_point_types=[backup.RecoveryPointType.SNAPSHOT, backup.RecoveryPointType.CONTINUOUS],
                     exclude_vaults=["arn:aws:backup:*:*:backup-vault:scratch-*"], selection_window=days(7)))
    plan.add_selection("Tables", protected_resource_type=T.DYNAMODB, validation_window=hours(4),
                       protected_resource_conditions=[backup.TagCondition("restore-test", "yes"),
                                                      backup.TagCondition("stage", "dev",
                                                                          backup.TagOperation.STRING_NOT_EQUALS)])
    plan.add_selection("Databases", protected_resource_type=T.RDS,
                       protected_resource_arns=["arn:aws:rds:us-east-1:111122223333:db:orders"],
                       restore_metadata_overrides={"dbSubnetGroupName": "private",
                                                   "vpcSecurityGroupIds": ["sg-1234"]})
    plan.add_selection("Buckets", protected_resource_type=T.S3)
    template = synth(stack)
    plan_props = only(template, "AWS::Backup::RestoreTestingPlan")
    assert plan_props["RecoveryPointSelection"]["SelectionWindowDays"] == 7
    selections = {r["Properties"]["RestoreTestingSelectionName"]: r["Properties"]
                  for r in resources_of(template, "AWS::Backup::RestoreTestingSelection").values()}
    assert selections["Databases"]["RestoreMetadataOverrides"] == {
        "dbSubnetGroupName": "private", "vpcSecurityGroupIds": '["sg-1234"]'}
    assert selections["Tables"]["ProtectedResourceConditions"] == {
        "StringEquals": [{"Key": "aws:ResourceTag/restore-test", "Value": "yes"}],
        "StringNotEquals": [{"Key": "aws:ResourceTag/stage", "Value": "dev"}]}
    assert selections["Buckets"]["ProtectedResourceArns"] == ["*"]
    s3_role = next(r for k, r in resources_of(template, "AWS::IAM::Role").items() if k.startswith("PlanBuckets"))
    assert [a["Fn::Join"][1][2] for a in s3_role["Properties"]["ManagedPolicyArns"]] == [
        ":iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
        ":iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"]
    assert template == snapshot_json


def test_default_names_given_role_and_other_input_forms(stack: cdk.Stack, synth: Any) -> None:
    plan = _plan(stack, schedule_expression=events.Schedule.cron(minute="0", hour="3", week_day="SUN"),
                 schedule_expression_timezone=cdk.TimeZone.EUROPE_PARIS,
                 recovery_point_selection={"include_vaults": [aws_backup.BackupVault(stack, "CdkVault")],
                                           "recovery_point_types": ["SNAPSHOT"], "algorithm": "LATEST_WITHIN_WINDOW"})
    role = iam.Role(stack, "Restorer", assumed_by=iam.ServicePrincipal("backup.amazonaws.com"))
    selection = backup.RestoreTestingSelection(
        stack, "Ebs-Volumes", restore_testing_plan=plan, protected_resource_type="EBS", role=role,
        protected_resource_conditions=[{"key": "aws:ResourceTag/team", "value": "café"},
                                       aws_backup.TagCondition(key="tier", value="gold",
                                                               operation=aws_backup.TagOperation.STRING_EQUALS)])
    backup.RestoreTestingSelection(stack, "Ébène", restore_testing_plan=plan.restore_testing_plan_name,
                                   protected_resource_type=T.EC2)
    template = synth(stack)
    plan_props = only(template, "AWS::Backup::RestoreTestingPlan")
    assert plan_props["RestoreTestingPlanName"] == "TestStackPlanC9C90FE6"
    assert plan_props["ScheduleExpression"] == "cron(0 3 ? * SUN *)"
    assert plan_props["ScheduleExpressionTimezone"] == "Europe/Paris"
    vault_id = stack.get_logical_id(stack.node.find_child("CdkVault").node.default_child)  # type: ignore[arg-type]
    assert plan_props["RecoveryPointSelection"]["IncludeVaults"] == [{"Fn::GetAtt": [vault_id, "BackupVaultArn"]}]
    by_name = {r["Properties"]["RestoreTestingSelectionName"]: r["Properties"]
               for r in resources_of(template, "AWS::Backup::RestoreTestingSelection").values()}
    assert set(by_name) == {"Ebs_Volumes", "_b_ne"}  # ASCII only: AWS refuses other letters
    assert by_name["Ebs_Volumes"]["ProtectedResourceConditions"] == {"StringEquals": [
        {"Key": "aws:ResourceTag/team", "Value": "café"}, {"Key": "aws:ResourceTag/tier", "Value": "gold"}]}
    assert by_name["_b_ne"]["RestoreTestingPlanName"] == "TestStackPlanC9C90FE6"
    assert selection.role is role and selection.restore_testing_selection_name == "Ebs_Volumes"


# ---------------------------------------------------------------- bad inputs
def _sel(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    defaults: dict[str, Any] = {"protected_resource_type": T.EBS}
    return lambda stack: _plan(stack).add_selection("Sel", **{**defaults, **kwargs})


def _rps(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    defaults: dict[str, Any] = {"include_vaults": ["*"]}
    return lambda stack: _plan(stack, recovery_point_selection=backup.RecoveryPointSelection(**{**defaults, **kwargs}))


VOLUME = "arn:aws:ec2:us-east-1:111122223333:volume/vol-1"


def _wrong(value: object) -> Any:
    """A value of the wrong type on purpose (past mypy)."""
    return value


BAD_INPUTS = [
    # plans
    P(lambda s: _plan(s, restore_testing_plan_name="daily-restore-test"), r"TestStack/Plan: restore_testing_plan_name must be 1 to 50 letters, digits or underscores, got 'daily-restore-test' \[restorePlanName\]", id="plan-name-hyphen"),
    P(lambda s: _plan(s, restore_testing_plan_name="x" * 51), r"restore_testing_plan_name must be 1 to 50", id="plan-name-51"),
    P(lambda s: _plan(s, restore_testing_plan_name="essai_é"), r"\[restorePlanName\]", id="plan-name-non-ascii"),
    P(lambda s: _plan(s, restore_testing_plan_name=7), r"restore_testing_plan_name must be a string, got int 7 \[inputType\]", id="plan-name-int"),
    P(lambda s: _plan(s, schedule_expression="rate(7 days)"), r"schedule_expression must be an AWS cron expression .*got 'rate\(7 days\)' \[scheduleCron\]", id="schedule-rate"),
    P(lambda s: _plan(s, schedule_expression="cron(0 3 * * * *)"), r"\[scheduleCron\]", id="schedule-both-day-fields"),
    P(lambda s: _plan(s, schedule_expression="cron(0 5 1 1 ? 2020)"), r"\[scheduleNeverRuns\]", id="schedule-in-the-past"),
    P(lambda s: _plan(s, schedule_expression=None), r"schedule_expression must be an events.Schedule or a string cron\(...\), got None \[inputType\]", id="schedule-none"),
    P(lambda s: _plan(s, schedule_expression=5), r"schedule_expression must be an events.Schedule .*got int 5", id="schedule-int"),
    P(lambda s: _plan(s, start_window=hours(0)), r"start_window must be between 1 and 168 hours, got 0 hours \[restoreStartWindow\]", id="start-window-0"),
    P(lambda s: _plan(s, start_window=hours(169)), r"got 169 hours", id="start-window-169"),
    P(lambda s: _plan(s, start_window=cdk.Duration.minutes(90)), r"start_window must be a whole number of hours, got 1 hour 30 minutes \[wholeUnits\]", id="start-window-90-minutes"),
    P(lambda s: _plan(s, start_window=8), r"start_window must be a Duration .*got int 8", id="start-window-int"),
    P(lambda s: _plan(s, schedule_expression_timezone="CET+1"), r"schedule_expression_timezone must be an IANA time zone name, e.g. Europe/Paris, got 'CET\+1' \[scheduleTimezone\]", id="timezone-offset"),
    P(lambda s: _plan(s, schedule_expression_timezone="posixrules"), r"\[scheduleTimezone\]", id="timezone-posixrules"),
    P(lambda s: _plan(s, schedule_expression_timezone=1), r"schedule_expression_timezone must be a TimeZone or an IANA time zone name, got int 1", id="timezone-int"),
    P(lambda s: _plan(s, tags={f"k{i}": "v" for i in range(51)}), r"tags must be at most 50 tags, got 51 tags \[restorePlanTagCount\]", id="plan-51-tags"),
    P(lambda s: _plan(s, tags={"aws:cost": "x"}), r"tags keys must be 1 to 128 characters and must not start with 'aws:', got 'aws:cost' \[tagKey\]", id="plan-tag-aws-prefix"),
    P(lambda s: _plan(s, tags={"k": "v" * 257}), r"tags\['k'\] must be between 0 and 256 characters, got 257 characters \[tagValue\]", id="plan-tag-value-257"),
    P(lambda s: _plan(s, tags=["owner"]), r"tags must be a dict of strings, got list", id="plan-tags-list"),
    P(lambda s: _plan(s, recovery_point_selection=None), r"recovery_point_selection must be a RecoveryPointSelection or a dict with keys include_vaults, .*got None \[inputType\]", id="selection-none"),
    P(lambda s: _plan(s, recovery_point_selection={"vaults": ["*"]}), r"recovery_point_selection must be a RecoveryPointSelection or a dict", id="selection-dict-unknown-key"),
    # recovery point selection
    P(_rps(include_vaults=[]), r"include_vaults must be vaults, backup-vault ARNs .*got \[\] \[restoreVaultSelector\]", id="include-vaults-empty"),
    P(_rps(include_vaults=["my-vault"]), r"include_vaults must be vaults, backup-vault ARNs .*got 'my-vault' \[restoreVaultSelector\]", id="include-vault-name"),
    P(_rps(include_vaults=["junk:backup-vault:x"]), r"got 'junk:backup-vault:x' \[restoreVaultSelector\]", id="include-vault-junk-arn"),
    P(_rps(include_vaults=["*", "arn:aws:backup:us-east-1:111122223333:backup-vault:a"]), r"\[restoreVaultSelector\]", id="include-vaults-star-and-arn"),
    P(_rps(exclude_vaults=["scratch"]), r"exclude_vaults must be vaults, .*got 'scratch'", id="exclude-vault-name"),
    P(_rps(include_vaults="*"), r"include_vaults must be a list, got str '\*'", id="include-vaults-string"),
    P(_rps(include_vaults=[5]), r"include_vaults\[0\] must be a vault, a backup-vault ARN or '\*', got int 5", id="include-vault-int"),
    P(_rps(include_vaults=[f"arn:aws:backup:us-east-1:111122223333:backup-vault:v{i}" for i in range(31)]), r"include_vaults \+ exclude_vaults must be between 1 and 30 vault selectors, got 31 vault selectors \[restoreVaultCount\]", id="vault-selectors-31"),
    P(_rps(recovery_point_types=[]), r"recovery_point_types must be a non-empty set of SNAPSHOT and CONTINUOUS, got \[\] \[restorePointTypes\]", id="point-types-empty"),
    P(_rps(recovery_point_types=["PITR"]), r"got \['PITR'\]", id="point-type-unknown"),
    P(_rps(recovery_point_types=["SNAPSHOT", "SNAPSHOT"]), r"recovery_point_types must not repeat an item, got 'SNAPSHOT' twice \[uniqueItems\]", id="point-types-repeated"),
    P(_rps(recovery_point_types="SNAPSHOT"), r"recovery_point_types must be a list, got str", id="point-types-string"),
    P(_rps(algorithm="LATEST"), r"algorithm must be LATEST_WITHIN_WINDOW or RANDOM_WITHIN_WINDOW, got 'LATEST' \[restoreAlgorithm\]", id="algorithm-unknown"),
    P(_rps(algorithm=None), r"algorithm must be a RestoreTestingAlgorithm or its string value, got None", id="algorithm-none"),
    P(_rps(selection_window=days(0)), r"selection_window must be between 1 and 365 days, got 0 days \[restoreSelectionWindow\]", id="selection-window-0"),
    P(_rps(selection_window=days(366)), r"got 366 days", id="selection-window-366"),
    P(_rps(selection_window=7), r"selection_window must be a Duration .*got int 7", id="selection-window-int"),
    # selections
    P(_sel(protected_resource_type="Storage Gateway"), r"protected_resource_type must be one of Aurora, .*got 'Storage Gateway' \[restoreResourceType\]", id="type-storage-gateway"),
    P(_sel(protected_resource_type="FSX"), r"got 'FSX'", id="type-wrong-case"),
    P(_sel(protected_resource_type=None), r"protected_resource_type must be a ProtectedResourceType or its string value, got None", id="type-none"),
    P(_sel(restore_testing_selection_name="ec2 selection"), r"restore_testing_selection_name must be 1 to 50 .*\[restoreSelectionName\]", id="selection-name-space"),
    P(_sel(restore_testing_selection_name="volumes_é"), r"\[restoreSelectionName\]", id="selection-name-non-ascii"),
    P(_sel(restore_testing_selection_name=3), r"restore_testing_selection_name must be a string, got int 3", id="selection-name-int"),
    P(_sel(protected_resource_arns=[]), r"protected_resource_arns must be 1 to 30 specific ARNs, or \['\*'\] .*got 0 ARNs \[restoreArnsOrConditions\]", id="arns-empty"),
    P(_sel(protected_resource_arns=["*", VOLUME]), r"got 2 ARNs", id="arns-star-and-arn"),
    P(_sel(protected_resource_arns=[f"{VOLUME}{i}" for i in range(31)]), r"got 31 ARNs", id="arns-31"),
    P(_sel(protected_resource_arns=VOLUME), r"protected_resource_arns must be a list, got str", id="arns-string"),
    P(_sel(protected_resource_arns=[VOLUME], protected_resource_conditions=[backup.TagCondition("a", "b")]), r"got 1 ARNs and 1 conditions", id="arns-and-conditions"),
    P(_sel(protected_resource_conditions=[backup.TagCondition(f"k{i}", "v") for i in range(31)]), r"protected_resource_conditions must be at most 30 conditions, got 31 conditions \[restoreConditionCount\]", id="conditions-31"),
    P(_sel(protected_resource_conditions=[backup.TagCondition("a", "b*", backup.TagOperation.STRING_LIKE)]), r"must use STRING_EQUALS or STRING_NOT_EQUALS, got StringLike \[restoreConditionOperator\]", id="condition-like"),
    P(_sel(protected_resource_conditions=[backup.TagCondition("aws:foo", "b")]), r"protected_resource_conditions keys must be 1 to 128 .*got 'aws:foo' \[restoreConditionKey\]", id="condition-key-aws-prefix"),
    P(_sel(protected_resource_conditions=[backup.TagCondition("k" * 129, "b")]), r"\[restoreConditionKey\]", id="condition-key-129"),
    P(_sel(protected_resource_conditions=[backup.TagCondition("team!", "b")]), r"got 'team!' \[restoreConditionKey\]", id="condition-key-bang"),
    P(_sel(protected_resource_conditions=[backup.TagCondition("k", "v" * 257)]), r"protected_resource_conditions values must be at most 256 .*\[restoreConditionValue\]", id="condition-value-257"),
    P(_sel(protected_resource_conditions=[backup.TagCondition("k", "a;b")]), r"got 'a;b' \[restoreConditionValue\]", id="condition-value-semicolon"),
    P(_sel(protected_resource_conditions=[("k", "v")]), r"protected_resource_conditions\[0\] must be a TagCondition, got tuple", id="condition-tuple"),
    P(_sel(protected_resource_conditions=[{"key": "k"}]), r"must be a TagCondition or a dict with keys key, value, operation", id="condition-dict-without-value"),
    P(_sel(protected_resource_conditions=[{"key": "k", "value": 1}]), r"protected_resource_conditions\[0\].value must be a string, got int 1", id="condition-value-int"),
    P(_sel(validation_window=hours(0)), r"validation_window must be between 1 and 168 hours, got 0 hours \[restoreValidationWindow\]", id="validation-window-0"),
    P(_sel(validation_window=hours(169)), r"got 169 hours", id="validation-window-169"),
    P(_sel(validation_window=4), r"validation_window must be a Duration .*got int 4", id="validation-window-int"),
    P(_sel(protected_resource_type=T.EFS, restore_metadata_overrides={"kmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/x"}), r"restore_metadata_overrides must set encrypted=true when kmsKeyId is given \(EFS\), got .* \[restoreEfsKms\]", id="efs-kms-without-encrypted"),
    P(_sel(protected_resource_type=T.EFS, restore_metadata_overrides={"kmsKeyId": "k", "encrypted": False}), r"\[restoreEfsKms\]", id="efs-kms-encrypted-false"),
    P(_sel(restore_metadata_overrides={"": "x"}), r"restore_metadata_overrides keys must not be empty, got '' \[restoreOverrideEmptyKey\]", id="override-empty-key"),
    P(_sel(restore_metadata_overrides="kmsKeyId=x"), r"restore_metadata_overrides must be a dict of override names to values, got str", id="overrides-string"),
    P(_sel(restore_metadata_overrides={1: "x"}), r"restore_metadata_overrides key must be a string, got int 1", id="override-key-int"),
    P(_sel(restore_metadata_overrides={"kmsKeyId": object()}), r"restore_metadata_overrides\['kmsKeyId'\] must be a string or a JSON value", id="override-value-object"),
    P(_sel(role="arn:aws:iam::111122223333:role/restorer"), r"role must be an iam.IRole, got str", id="role-arn-string"),
    P(lambda s: backup.RestoreTestingSelection(s, "Sel", restore_testing_plan=_wrong(5), protected_resource_type="EBS"), r"restore_testing_plan must be a RestoreTestingPlan or a plan name, got int 5", id="plan-int"),
    P(lambda s: _plan(s).on_restore_job("R", statuses=["DONE"]), r"statuses\[0\] must be one of CREATED, .*got 'DONE' \[inputEnum\]", id="on-restore-job-unknown-status"),
    P(lambda s: _plan(s).on_restore_job("R", resource_types=["Storage Gateway"]), r"\[restoreResourceType\]", id="on-restore-job-unknown-type"),
    P(lambda s: _plan(s).on_restore_job("R", target="arn:aws:sns:us-east-1:111122223333:t"), r"target must be an events.IRuleTarget, got str", id="on-restore-job-target-string"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS)
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


def test_selection_and_region_checks_run_at_synth() -> None:
    stack = new_stack()
    plan = _plan(stack)
    for i in range(31):
        plan.add_selection(f"S{i}", protected_resource_type=T.EBS)
    assert synth_errors(stack) == ["TestStack/Plan: selections must be at most 30 selections, got 31 selections "
                                   "[restoreSelectionCount]"]
    stack = new_stack(env=cdk.Environment(account="111122223333", region="il-central-1"))
    _plan(stack)
    [error] = synth_errors(stack)
    assert error.startswith("TestStack/Plan: stack region must be a Region with restore testing ")
    assert error.endswith(" got 'il-central-1' [restoreTestingRegion]")


# ---------------------------------------------------------------- edges that must pass
def _edges(stack: cdk.Stack) -> None:
    plan = backup.RestoreTestingPlan(
        stack, "A", restore_testing_plan_name="a", start_window=hours(1), schedule_expression="cron(0 3 ? * SUN *)",
        tags={f"k{i}": "v" * 256 for i in range(50)}, recovery_point_selection=backup.RecoveryPointSelection(
            include_vaults=[f"arn:aws:backup:us-east-1:111122223333:backup-vault:v{i}" for i in range(29)],
            exclude_vaults=["arn:aws:backup:*:*:backup-vault:scratch-*"], selection_window=days(1)))
    backup.RestoreTestingPlan(
        stack, "B", restore_testing_plan_name="x" * 50, start_window=hours(168), schedule_expression="cron(0 * * * ? *)",
        recovery_point_selection=backup.RecoveryPointSelection(include_vaults=["*"], selection_window=days(365)))
    plan.add_selection("W1", protected_resource_type=T.EBS, validation_window=hours(1))
    plan.add_selection("W168", protected_resource_type=T.EBS, validation_window=hours(168),
                       restore_testing_selection_name="y" * 50)
    plan.add_selection("Arns30", protected_resource_type=T.EBS,
                       protected_resource_arns=[f"{VOLUME}{i}" for i in range(30)])
    plan.add_selection("Conditions30", protected_resource_type=T.EBS, protected_resource_conditions=[
        backup.TagCondition(f"aws:ResourceTag/{'k' * 126}{i:02d}", "v" * 256) for i in range(30)])
    plan.add_selection("Efs", protected_resource_type=T.EFS, restore_metadata_overrides={
        "KmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/x", "Encrypted": True})
    plan.add_selection("Fsx", protected_resource_type=T.FSX, restore_metadata_overrides={
        "subnetIds": ["subnet-1"], "windowsConfiguration": {"activeDirectoryId": "d-1234567890" * 30}})


def test_edge_values_pass_and_lint() -> None:
    assert_builds_clean(_edges)


# ---------------------------------------------------------------- tokens
def test_tokens_are_never_rejected(synth: Any) -> None:
    stack = new_stack()
    number = cdk.CfnParameter(stack, "Hours", type="Number").value_as_number
    text = cdk.CfnParameter(stack, "Text").value_as_string
    plan = _plan(stack, restore_testing_plan_name=text, schedule_expression=text, schedule_expression_timezone=text,
                 start_window=hours(number), tags={text: text}, recovery_point_selection=backup.RecoveryPointSelection(
                     include_vaults=[text], exclude_vaults=[text], selection_window=days(number), algorithm=text,
                     recovery_point_types=[text]))
    plan.add_selection("Sel", protected_resource_type=text, protected_resource_arns=[text],
                       validation_window=hours(number), restore_testing_selection_name=text,
                       restore_metadata_overrides={"kmsKeyId": text, "encrypted": text, "port": number})
    plan.add_selection("Tagged", protected_resource_type=T.EC2,
                       protected_resource_conditions=[backup.TagCondition(text, text)])
    backup.RestoreTestingSelection(stack, "ByName", restore_testing_plan=text, protected_resource_type=T.EBS)
    template = synth(stack)
    props = only(template, "AWS::Backup::RestoreTestingPlan")
    assert props["StartWindowHours"] == {"Ref": "Hours"}
    assert props["RecoveryPointSelection"]["Algorithm"] == {"Ref": "Text"}


def test_a_token_duration_in_another_unit_is_refused_with_a_message() -> None:
    stack = new_stack()
    number = cdk.CfnParameter(stack, "N", type="Number").value_as_number
    with pytest.raises(backup.ValidationError, match=r"start_window must be Duration.hours\(token\) when it is a token, got a token Duration in another unit \[inputType\]"):
        _plan(stack, start_window=days(number))


# ---------------------------------------------------------------- warnings
def test_override_and_type_warnings(stack: cdk.Stack) -> None:
    plan = _plan(stack)
    plan.add_selection("Ec2", protected_resource_type=T.EC2, restore_metadata_overrides={"iamInstanceProfileName": "x"})
    plan.add_selection("Fsx", protected_resource_type=T.FSX)
    plan.add_selection("Redshift", protected_resource_type=T.REDSHIFT)
    found = " ".join(warnings_of(stack))
    for warning_id in ("restoreOverrideUnknownKey", "restoreFsxOverrides", "restoreTestingTypeUncertain"):
        assert f"cdk-backup:{warning_id}" in found


# ---------------------------------------------------------------- interop with aws-cdk-lib
def test_plan_and_selection_are_resources(stack: cdk.Stack, synth: Any) -> None:
    plan = _plan(stack)
    selection = plan.add_selection("Sel", protected_resource_type=T.EBS)
    assert cdk.Resource.is_resource(plan) and cdk.Resource.is_resource(selection)
    assert isinstance(plan.node.default_child, aws_backup.CfnRestoreTestingPlan)
    assert isinstance(selection.node.default_child, aws_backup.CfnRestoreTestingSelection)
    plan.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
    plan.on_restore_job_completed("Completed", target=targets.SnsTopic(sns.Topic(stack, "Validation")))
    plan.on_restore_job("Failed", statuses=[backup.RestoreJobStatus.FAILED, "ABORTED"], resource_types=[T.EBS])
    template = synth(stack)
    [resource] = resources_of(template, "AWS::Backup::RestoreTestingPlan").values()
    assert resource["DeletionPolicy"] == "Retain"
    patterns = [r["Properties"]["EventPattern"] for r in resources_of(template, "AWS::Events::Rule").values()]
    arn = {"Fn::GetAtt": ["PlanDAF4E53A", "RestoreTestingPlanArn"]}
    assert {"source": ["aws.backup"], "detail-type": ["Restore Job State Change"],
            "detail": {"restoreTestingPlanArn": [arn], "status": ["COMPLETED"]}} in patterns
    assert {"source": ["aws.backup"], "detail-type": ["Restore Job State Change"], "detail": {
        "restoreTestingPlanArn": [arn], "status": ["FAILED", "ABORTED"], "resourceType": ["EBS"]}} in patterns
    assert stack.resolve(plan.restore_testing_plan_arn) == {"Fn::GetAtt": ["PlanDAF4E53A", "RestoreTestingPlanArn"]}


def test_an_l1_plan_takes_our_selections(stack: cdk.Stack) -> None:
    l1_plan = aws_backup.CfnRestoreTestingPlan(
        stack, "L1", restore_testing_plan_name="l1_plan", schedule_expression="cron(0 3 ? * SUN *)",
        recovery_point_selection=aws_backup.CfnRestoreTestingPlan.RestoreTestingRecoveryPointSelectionProperty(
            algorithm="LATEST_WITHIN_WINDOW", include_vaults=["*"], recovery_point_types=["SNAPSHOT"]))
    selection = backup.RestoreTestingSelection(stack, "Sel", restore_testing_plan=l1_plan,
                                               protected_resource_type=T.EBS)
    assert stack.resolve(selection.node.default_child.restore_testing_plan_name) == {"Ref": "L1"}  # type: ignore[union-attr]


# ---------------------------------------------------------------- the pure rules, property-based
KEY_CHARACTERS = st.characters(codec="utf-8", exclude_categories=["Cs"])


@FAST
@given(key=st.text(KEY_CHARACTERS, max_size=140), value=st.text(KEY_CHARACTERS, max_size=270),
       prefixed=st.booleans())
def test_condition_keys_and_values_follow_the_key_value_pattern(key: str, value: str, prefixed: bool) -> None:
    condition = rules.Condition("StringEquals", rules.RESOURCE_TAG_PREFIX + key if prefixed else key, value)
    found = {v.rule.id for v in rules.arns_and_conditions(["*"], [condition])}
    key_ok = 1 <= len(key) <= 128 and not key.lower().startswith("aws:") and rules.key_value_text(key)
    assert ("restoreConditionKey" in found) == (not key_ok)
    assert ("restoreConditionValue" in found) == (len(value) > 256 or not rules.key_value_text(value))
    if key_ok and key.isascii():
        assert all(c.isalnum() or c in " _.:/=+-@" for c in key)


@FAST
@given(name=st.text(min_size=1, max_size=80))
def test_names_derived_from_ids_are_always_valid(name: str) -> None:
    derived = ascii_name(name)
    assert not list(rules.SELECTION_NAME.check(derived)), derived


@FAST
@given(start=st.integers(-2, 200), window=st.integers(-2, 400), validation=st.integers(-2, 200),
       vaults=st.integers(0, 35), arns=st.integers(0, 35), conditions=st.integers(0, 35))
def test_bounds_of_plans_and_selections(start: int, window: int, validation: int, vaults: int, arns: int,
                                        conditions: int) -> None:
    assert bool(list(rules.plan(start_window_hours=start))) == (not 1 <= start <= 168)
    selection = list(rules.recovery_point_selection(
        algorithm="LATEST_WITHIN_WINDOW", include_vaults=[f"arn:aws:backup:us-east-1:111122223333:backup-vault:v{i}"
                                                          for i in range(vaults)],
        recovery_point_types=["SNAPSHOT"], selection_window_days=window))
    assert bool(selection) == (not 1 <= window <= 365 or not 1 <= vaults <= 30)
    found = {v.rule.id for v in rules.selection(
        resource_type="EBS", arns=[f"{VOLUME}{i}" for i in range(arns)] if arns else None,
        conditions=[rules.Condition("StringEquals", f"k{i}", "v") for i in range(conditions)],
        validation_window_hours=validation)}
    assert ("restoreValidationWindow" in found) == (not 1 <= validation <= 168)
    assert ("restoreConditionCount" in found) == (conditions > 30)
    assert ("restoreArnsOrConditions" in found) == (arns > 30 or (arns > 0 and conditions > 0))


def test_unresolved_values_are_never_judged() -> None:
    token = Unresolved("${Token[X.1]}")
    assert not list(rules.plan(name=token, start_window_hours=token, tags={"k": token}))
    assert not list(rules.recovery_point_selection(algorithm=token, include_vaults=[token], recovery_point_types=[token],
                                                   exclude_vaults=[token], selection_window_days=token))
    assert not list(rules.selection(resource_type=token, name=token, arns=[token],
                                    conditions=[rules.Condition("StringEquals", token, token)],
                                    validation_window_hours=token, overrides={"kmsKeyId": token}))
    assert not list(rules.region(token))
