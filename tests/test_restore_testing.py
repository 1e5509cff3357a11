"""RestoreTestingPlan, RecoveryPointSelection, RestoreTestingSelection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam

import cdk_backup as backup
from tests.conftest import assert_builds_clean, assert_rejected, new_stack, only, resources_of, table_ids, warnings_of

days, hours = cdk.Duration.days, cdk.Duration.hours
T = backup.ProtectedResourceType


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


def test_default_name_and_given_role(stack: cdk.Stack, synth: Any) -> None:
    plan = _plan(stack)
    role = iam.Role(stack, "Restorer", assumed_by=iam.ServicePrincipal("backup.amazonaws.com"))
    backup.RestoreTestingSelection(stack, "Ebs-Volumes", restore_testing_plan=plan, protected_resource_type="EBS",
                                   role=role)
    template = synth(stack)
    assert only(template, "AWS::Backup::RestoreTestingPlan")["RestoreTestingPlanName"] == "TestStackPlanC9C90FE6"
    assert only(template, "AWS::Backup::RestoreTestingSelection")["RestoreTestingSelectionName"] == "Ebs_Volumes"


# ---------------------------------------------------------------- bad inputs
def _sel(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    defaults: dict[str, Any] = {"protected_resource_type": T.EBS}
    return lambda stack: _plan(stack).add_selection("Sel", **{**defaults, **kwargs})


def _rps(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    defaults: dict[str, Any] = {"include_vaults": ["*"]}
    return lambda stack: _plan(stack, recovery_point_selection=backup.RecoveryPointSelection(**{**defaults, **kwargs}))


BAD_INPUTS = [
    (lambda s: _plan(s, restore_testing_plan_name="daily-restore-test"), r"TestStack/Plan: restore_testing_plan_name must be 1 to 50 letters, digits or underscores, got 'daily-restore-test' \[C-R9/B-R1\]"),
    (lambda s: _plan(s, restore_testing_plan_name="x" * 51), r"restore_testing_plan_name must be 1 to 50"),
    (lambda s: _plan(s, schedule_expression="rate(7 days)"), r"schedule_expression must be an AWS cron"),
    (lambda s: _plan(s, schedule_expression=None), r"schedule_expression must be an AWS cron"),
    (lambda s: _plan(s, start_window=hours(0)), r"start_window must be between 1 and 168 hours, got 0 hours \[C-R47/B-R2\]"),
    (lambda s: _plan(s, start_window=hours(169)), r"got 169 hours"),
    (lambda s: _plan(s, schedule_expression_timezone="CET+1"), r"must be an IANA time zone name"),
    (lambda s: _plan(s, tags={f"k{i}": "v" for i in range(51)}), r"tags must be between 0 and 50 tags, got 51 tags"),
    (_rps(include_vaults=[]), r"include_vaults must be vaults, backup-vault ARNs .*got \[\] \[C-R49\]"),
    (_rps(include_vaults=["my-vault"]), r"include_vaults must be vaults, backup-vault ARNs .*got 'my-vault' \[C-R49\]"),
    (_rps(include_vaults=["*", "arn:aws:backup:us-east-1:111122223333:backup-vault:a"]), r"\[C-R49\]"),
    (_rps(include_vaults=[f"arn:aws:backup:us-east-1:111122223333:backup-vault:v{i}" for i in range(31)]), r"include_vaults \+ exclude_vaults must be between 1 and 30 vault selectors, got 31"),
    (_rps(recovery_point_types=[]), r"recovery_point_types must be a non-empty set of SNAPSHOT and CONTINUOUS, got \[\]"),
    (_rps(recovery_point_types=["PITR"]), r"got \['PITR'\]"),
    (_rps(algorithm="LATEST"), r"algorithm must be LATEST_WITHIN_WINDOW or RANDOM_WITHIN_WINDOW, got 'LATEST'"),
    (_rps(selection_window=days(0)), r"selection_window must be between 1 and 365 days, got 0 days \[C-R46/B-R3\]"),
    (_rps(selection_window=days(366)), r"got 366 days"),
    (_sel(protected_resource_type="Storage Gateway"), r"protected_resource_type must be one of Aurora, .*got 'Storage Gateway' \[C-R50/B-R17\]"),
    (_sel(protected_resource_type="FSX"), r"got 'FSX'"),
    (_sel(restore_testing_selection_name="ec2 selection"), r"restore_testing_selection_name must be 1 to 50 .*\[C-R10/B-R12\]"),
    (_sel(protected_resource_arns=[]), r"protected_resource_arns must be 1 to 30 specific ARNs, or \['\*'\] .*got 0 ARNs \[C-R51/B-R13\]"),
    (_sel(protected_resource_arns=["*", "arn:aws:ec2:us-east-1:111122223333:volume/vol-1"]), r"got 2 ARNs"),
    (_sel(protected_resource_arns=[f"arn:aws:ec2:us-east-1:111122223333:volume/vol-{i}" for i in range(31)]), r"got 31 ARNs"),
    (_sel(protected_resource_arns=["arn:aws:ec2:us-east-1:111122223333:volume/vol-1"], protected_resource_conditions=[backup.TagCondition("a", "b")]), r"got 1 ARNs and 1 conditions"),
    (_sel(protected_resource_conditions=[backup.TagCondition(f"k{i}", "v") for i in range(31)]), r"protected_resource_conditions must be between 0 and 30 conditions, got 31"),
    (_sel(protected_resource_conditions=[backup.TagCondition("a", "b*", backup.TagOperation.STRING_LIKE)]), r"must use STRING_EQUALS or STRING_NOT_EQUALS, got STRING_LIKE"),
    (_sel(validation_window=hours(0)), r"validation_window must be between 1 and 168 hours, got 0 hours \[C-R52/B-R16\]"),
    (_sel(validation_window=hours(169)), r"got 169 hours"),
    (_sel(protected_resource_type=T.EFS, restore_metadata_overrides={"kmsKeyId": "arn:aws:kms:us-east-1:1:key/x"}), r"must set encrypted=true when kmsKeyId is given \(EFS\)"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS, ids=table_ids(BAD_INPUTS))
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


def test_more_than_thirty_selections_fail_at_synth() -> None:
    stack = new_stack()
    plan = _plan(stack)
    for i in range(31):
        plan.add_selection(f"S{i}", protected_resource_type=T.EBS)
    with pytest.raises(Exception, match=r"TestStack/Plan: selections must be at most 30, got 31"):
        stack.node.root.synth()  # type: ignore[attr-defined]


def test_restore_testing_in_a_region_without_it_fails_at_synth() -> None:
    stack = new_stack(env=cdk.Environment(account="111122223333", region="il-central-1"))
    _plan(stack)
    with pytest.raises(Exception, match=r"TestStack/Plan: stack region must be a Region with restore testing .*got 'il-central-1'"):
        stack.node.root.synth()  # type: ignore[attr-defined]


# ---------------------------------------------------------------- edges that must pass
EDGES = [
    lambda s: _plan(s, restore_testing_plan_name="a", start_window=hours(1)),
    lambda s: _plan(s, restore_testing_plan_name="x" * 50, start_window=hours(168)),
    _rps(selection_window=days(1)),
    _rps(selection_window=days(365)),
    _rps(include_vaults=[f"arn:aws:backup:us-east-1:111122223333:backup-vault:v{i}" for i in range(30)]),
    _sel(validation_window=hours(1)),
    _sel(validation_window=hours(168), restore_testing_selection_name="y" * 50),
    _sel(protected_resource_arns=[f"arn:aws:ec2:us-east-1:111122223333:volume/vol-{i}" for i in range(30)]),
    _sel(protected_resource_conditions=[backup.TagCondition(f"k{i}", "v") for i in range(30)]),
    _sel(protected_resource_type=T.EFS, restore_metadata_overrides={"KmsKeyId": "arn:aws:kms:us-east-1:1:key/x",
                                                                    "Encrypted": "true"}),
]


@pytest.mark.parametrize("build", EDGES, ids=table_ids(EDGES))
def test_edge_values_pass_and_lint(build: Callable[[cdk.Stack], object]) -> None:
    assert_builds_clean(build)


def test_tokens_are_never_rejected(synth: Any) -> None:
    stack = new_stack()
    number = cdk.CfnParameter(stack, "Hours", type="Number").value_as_number
    text = cdk.CfnParameter(stack, "Text").value_as_string
    plan = _plan(stack, restore_testing_plan_name=text, schedule_expression=text, schedule_expression_timezone=text,
                 start_window=hours(number), recovery_point_selection=backup.RecoveryPointSelection(
                     include_vaults=[text], selection_window=days(number)))
    plan.add_selection("Sel", protected_resource_type=T.EC2, protected_resource_arns=[text],
                       validation_window=hours(number), restore_testing_selection_name=text)
    synth(stack)


# ---------------------------------------------------------------- warnings
def test_override_and_type_warnings(stack: cdk.Stack) -> None:
    plan = _plan(stack)
    plan.add_selection("Ec2", protected_resource_type=T.EC2, restore_metadata_overrides={"iamInstanceProfileName": "x"})
    plan.add_selection("Fsx", protected_resource_type=T.FSX)
    plan.add_selection("Redshift", protected_resource_type=T.REDSHIFT)
    found = " ".join(warnings_of(stack))
    for warning_id in ("restoreOverrideUnknownKey", "restoreFsxOverrides", "restoreTestingTypeUncertain"):
        assert f"cdk-backup:{warning_id}" in found
