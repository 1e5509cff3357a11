"""Framework, FrameworkControl, ControlScope, ReportPlan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

import cdk_backup as backup
from tests.conftest import assert_builds_clean, assert_rejected, new_stack, only, table_ids, warnings_of

C = backup.FrameworkControl
S = backup.ControlScope
days, hours, minutes = cdk.Duration.days, cdk.Duration.hours, cdk.Duration.minutes


def _render(control: backup.FrameworkControl) -> dict[str, Any]:
    stack = new_stack()
    backup.Framework(stack, "F", controls=[control])
    from aws_cdk.assertions import Template

    return only(Template.from_stack(stack).to_json(), "AWS::Backup::Framework")["FrameworkControls"][0]  # type: ignore[no-any-return]


# ---------------------------------------------------------------- every control renders what AWS expects
CONTROLS = {
    "protected_by_plan": C.backup_resources_protected_by_backup_plan(S.resource_types(["EFS", backup.ResourceType.RDS])),
    "min_frequency_hours": C.backup_plan_min_frequency_and_min_retention_check(hours(12), days(35)),
    "min_frequency_days": C.backup_plan_min_frequency_and_min_retention_check(days(1), days(35), S.tag("tier", "gold")),
    "manual_deletion": C.backup_recovery_point_manual_deletion_disabled(
        ["arn:aws:iam::111122223333:role/Admin", "arn:aws:iam::111122223333:role/Config"],
        S.resource_ids(["prod-vault"], "AWS::Backup::BackupVault")),
    "encrypted": C.backup_recovery_point_encrypted(S.tag("backup")),
    "min_retention": C.backup_recovery_point_minimum_retention_check(days(35)),
    "cross_region": C.backup_resources_protected_by_cross_region(["eu-west-1", "eu-central-1"]),
    "cross_account": C.backup_resources_protected_by_cross_account(["111122223333"]),
    "vault_lock": C.backup_resources_protected_by_backup_vault_lock(days(7), days(365)),
    "last_recovery_point": C.backup_last_recovery_point_created(hours(12)),
    "restore_time": C.restore_time_for_resources_meet_target(minutes(720)),
    "air_gapped": C.resources_in_logically_air_gapped_vault(days(7)),
}


@pytest.mark.parametrize("name", sorted(CONTROLS))
def test_each_control_renders_names_and_parameters(name: str, snapshot_json: Any) -> None:
    assert _render(CONTROLS[name]) == snapshot_json


def test_duration_becomes_unit_and_value() -> None:
    rendered = _render(C.backup_plan_min_frequency_and_min_retention_check(hours(12), days(35)))
    assert rendered["ControlInputParameters"] == [
        {"ParameterName": "requiredFrequencyUnit", "ParameterValue": "hours"},
        {"ParameterName": "requiredFrequencyValue", "ParameterValue": "12"},
        {"ParameterName": "requiredRetentionDays", "ParameterValue": "35"}]
    assert _render(C.backup_last_recovery_point_created(hours(48)))["ControlInputParameters"] == [
        {"ParameterName": "recoveryPointAgeUnit", "ParameterValue": "days"},
        {"ParameterName": "recoveryPointAgeValue", "ParameterValue": "2"}]


def test_only_given_parameters_are_set() -> None:
    assert "ControlInputParameters" not in _render(C.backup_plan_min_frequency_and_min_retention_check())
    assert _render(C.backup_recovery_point_manual_deletion_disabled(["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"]))[
        "ControlInputParameters"] == [{"ParameterName": "principalArnList",
                                       "ParameterValue": "arn:aws:iam::1:role/a,arn:aws:iam::1:role/b"}]


def test_ready_made_frameworks(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    recommended = backup.Framework.aws_backup_recommended(stack, "Recommended", framework_name="AwsBackupRecommended")
    backup.Framework.daily35_day_encrypted_locked_cross_region(stack, "Policy", regions=["eu-west-1"],
                                                               description="Daily, 35 days, encrypted, locked, copied")
    assert next(c.control_name for c in recommended.controls) == "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"
    assert len(recommended.controls) == 10
    assert any("cdk-backup:frameworkNeedsConfig" in w for w in warnings_of(stack))
    assert synth(stack) == snapshot_json


# ---------------------------------------------------------------- report plans
def test_compliance_report_with_framework_and_bucket(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    bucket = s3.Bucket(stack, "Reports", encryption_key=key, enforce_ssl=True, versioned=True,
                       block_public_access=s3.BlockPublicAccess.BLOCK_ALL)
    framework = backup.Framework.aws_backup_recommended(stack, "Framework")
    backup.ReportPlan(stack, "Compliance", report_template=backup.ReportTemplate.CONTROL_COMPLIANCE_REPORT,
                      bucket=bucket, key_prefix="audit", frameworks=[framework],
                      formats=[backup.ReportFormat.CSV, backup.ReportFormat.JSON], report_plan_name="Compliance")
    template = synth(stack)
    plan = only(template, "AWS::Backup::ReportPlan")
    assert plan["ReportSetting"]["FrameworkArns"] == [{"Fn::GetAtt": ["Framework1E67B9FA", "FrameworkArn"]}]
    assert plan["ReportDeliveryChannel"]["Formats"] == ["CSV", "JSON"]
    statements = only(template, "AWS::S3::BucketPolicy")["PolicyDocument"]["Statement"]
    assert any(s.get("Sid") == "AllowAwsBackupReports" for s in statements)
    key_statements = only(template, "AWS::KMS::Key")["KeyPolicy"]["Statement"]
    assert any(s.get("Sid") == "AllowAwsBackupReports" for s in key_statements)
    assert template == snapshot_json


def test_organization_job_report(stack: cdk.Stack, synth: Any) -> None:
    bucket = s3.Bucket(stack, "Reports", enforce_ssl=True)
    backup.ReportPlan(stack, "Jobs", report_template=backup.ReportTemplate.BACKUP_JOB_REPORT, bucket=bucket,
                      accounts=["ROOT"], organization_units=["ou-abcd-1234wxyz"], regions=["*"])
    setting = only(synth(stack), "AWS::Backup::ReportPlan")["ReportSetting"]
    assert setting == {"Accounts": ["ROOT"], "OrganizationUnits": ["ou-abcd-1234wxyz"], "Regions": ["*"],
                       "ReportTemplate": "BACKUP_JOB_REPORT"}


def test_imported_bucket_warns_with_the_policy_needed(stack: cdk.Stack) -> None:
    bucket = s3.Bucket.from_bucket_name(stack, "B", "central-reports")
    backup.ReportPlan(stack, "Jobs", report_template="COPY_JOB_REPORT", bucket=bucket)
    [warning] = [w for w in warnings_of(stack) if "reportBucketPolicy" in w]
    assert "AWSServiceRoleForBackupReports" in warning and "bucket-owner-full-control" in warning


# ---------------------------------------------------------------- bad inputs
def _framework(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    defaults: dict[str, Any] = {"controls": [C.backup_recovery_point_encrypted()]}
    return lambda stack: backup.Framework(stack, "F", **{**defaults, **kwargs})


def _report(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    def build(stack: cdk.Stack) -> object:
        defaults: dict[str, Any] = {"report_template": backup.ReportTemplate.BACKUP_JOB_REPORT,
                                    "bucket": s3.Bucket(stack, "B")}
        return backup.ReportPlan(stack, "R", **{**defaults, **kwargs})
    return build


BAD_INPUTS = [
    (_framework(controls=[]), r"TestStack/F: controls must be between 1 and 50 controls, got 0 controls \[C-R38/B-R37\]"),
    (_framework(controls=[C.backup_recovery_point_encrypted()] * 51), r"got 51 controls"),
    (_framework(controls=[C.backup_recovery_point_encrypted()] * 2), r"controls must not repeat a control with the same parameters and scope, got controls\[1\] repeats BACKUP_RECOVERY_POINT_ENCRYPTED"),
    (_framework(framework_name="1st_framework"), r"framework_name must be 1 to 256 .*got '1st_framework' \[C-R6/B-R25\]"),
    (_framework(framework_name="my-framework"), r"got 'my-framework'"),
    (_framework(framework_name="a" * 257), r"framework_name must be 1 to 256"),
    (_framework(description="   "), r"description must be 1 to 1,024 characters with at least one non-space"),
    (_framework(description="x" * 1025), r"\[C-R8\]"),
    (lambda s: C.backup_recovery_point_encrypted(S.resource_types(["EBS"])), r"scope must be one of: tagged resources, got resource types \[B-R33\]"),
    (lambda s: C.backup_recovery_point_minimum_retention_check(scope=S.resource_ids(["x"])), r"\[B-R33\]"),
    (lambda s: C.backup_plan_min_frequency_and_min_retention_check(scope=S.resource_types(["EBS"])), r"scope must be one of: single resource, tagged resources"),
    (lambda s: S.resource_types([]), r"resource_types must be between 1 and 100 items, got 0 items"),
    (lambda s: S.resource_ids([f"id{i}" for i in range(101)]), r"got 101 items"),
    (lambda s: S.tag(""), r"ControlScope.tag: key must be a single tag with a non-empty key, got ''"),
    (lambda s: C.backup_recovery_point_manual_deletion_disabled([f"arn:aws:iam::1:role/r{i}" for i in range(6)]), r"principal_arns must be between 1 and 5 role ARNs, got 6 role ARNs \[B-R28/C-R41\]"),
    (lambda s: C.backup_resources_protected_by_cross_account([f"11112222333{i}" for i in range(6)]), r"accounts must be between 1 and 5 account ids, got 6"),
    (lambda s: C.backup_resources_protected_by_cross_account(["12345"]), r"accounts must be 12-digit account ids, got '12345'"),
    (lambda s: C.backup_last_recovery_point_created(hours(745)), r"recovery_point_age must be between 1 and 744 hours, got 745 hours \[B-R29/C-R41\]"),
    (lambda s: C.backup_last_recovery_point_created(days(32)), r"recovery_point_age must be between 1 and 744 hours, got 768 hours"),
    (lambda s: C.backup_last_recovery_point_created(minutes(90)), r"recovery_point_age must be a whole number of hours"),
    (lambda s: C.backup_last_recovery_point_created(hours(0)), r"recovery_point_age must be between 1 and 31 days, got 0 days"),
    (lambda s: C.resources_in_logically_air_gapped_vault(hours(2185)), r"between 1 and 2,184 hours"),
    (lambda s: C.backup_plan_min_frequency_and_min_retention_check(required_retention=days(0)), r"required_retention must be between 1 and 36,500 days"),
    (lambda s: C.backup_resources_protected_by_backup_vault_lock(days(30), days(7)), r"max_retention must be at least min_retention \(30 days\), got 7 days"),
    (lambda s: C.restore_time_for_resources_meet_target(cdk.Duration.seconds(90)), r"max_restore_time must be a whole number of minutes"),
    (lambda s: C.restore_time_for_resources_meet_target(minutes(0)), r"max_restore_time must be between 1 and"),
    (_report(report_template="BACKUP_REPORT"), r"report_template must be one of BACKUP_JOB_REPORT"),
    (_report(report_template=backup.ReportTemplate.CONTROL_COMPLIANCE_REPORT), r"frameworks must be given \(1 to 1,000\) for the compliance templates and only for them, got 0 frameworks for CONTROL_COMPLIANCE_REPORT \[C-R43/B-R40\]"),
    (_report(frameworks=["arn:aws:backup:us-east-1:111122223333:framework:f-1"]), r"got frameworks for BACKUP_JOB_REPORT"),
    (_report(report_template=backup.ReportTemplate.RESOURCE_COMPLIANCE_REPORT, frameworks=["arn:f"] * 1001), r"got 1001 frameworks"),
    (_report(formats=["PDF"]), r"formats must be CSV and/or JSON; .*got \['PDF'\]"),
    (_report(formats=["JSON"], regions=["us-east-1", "eu-west-1"]), r"got JSON for a multi-account or multi-Region report \[C-R44/B-R42\]"),
    (_report(formats=["JSON"], accounts=["ROOT"]), r"JSON for a multi-account"),
    (_report(accounts=[f"1111222233{i:02d}" for i in range(31)], regions=[f"r{i}" for i in range(10)]), r"accounts x regions must be between 1 and 300 account-Region pairs, got 310"),
    (_report(key_prefix="/reports/"), r"key_prefix must not include s3:// or the bucket, nor start or end with /"),
    (_report(key_prefix="s3://bucket/x"), r"\[C-R44/B-R78\]"),
    (_report(report_plan_name="daily-report"), r"report_plan_name must be 1 to 256 .*got 'daily-report' \[C-R7/B-R38\]"),
    (_report(description=""), r"description must be 1 to 1,024"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS, ids=table_ids(BAD_INPUTS))
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


# ---------------------------------------------------------------- edges that must pass
EDGES = [
    _framework(framework_name="a"),
    _framework(framework_name="A" + "_" * 255),
    _framework(controls=[C.backup_recovery_point_encrypted(S.tag(f"t{i}")) for i in range(50)]),
    _framework(description="x" * 1024),
    lambda s: backup.Framework(s, "F", controls=[
        C.backup_last_recovery_point_created(hours(743)), C.backup_last_recovery_point_created(days(31)),
        C.backup_last_recovery_point_created(hours(1)), C.resources_in_logically_air_gapped_vault(days(91)),
        C.backup_recovery_point_manual_deletion_disabled([f"arn:aws:iam::111122223333:role/r{i}" for i in range(5)]),
        C.backup_resources_protected_by_cross_account([f"11112222333{i}" for i in range(5)]),
        C.backup_resources_protected_by_backup_vault_lock(days(30), days(30)),
        C.backup_resources_protected_by_backup_plan(S.resource_ids([f"i{i}" for i in range(100)]))]),
    _report(report_plan_name="R" * 256, formats=["JSON"], regions=["us-east-1"]),
    _report(accounts=[f"1111222233{i:02d}" for i in range(30)], regions=[f"r{i}" for i in range(10)]),
    _report(report_template=backup.ReportTemplate.RESOURCE_COMPLIANCE_REPORT,
            frameworks=[f"arn:aws:backup:us-east-1:111122223333:framework:f-{i}" for i in range(1000)]),
]


@pytest.mark.parametrize("build", EDGES, ids=table_ids(EDGES))
def test_edge_values_pass_and_lint(build: Callable[[cdk.Stack], object]) -> None:
    assert_builds_clean(build)


def test_tokens_are_never_rejected(synth: Any) -> None:
    stack = new_stack()
    number = cdk.CfnParameter(stack, "Days", type="Number").value_as_number
    text = cdk.CfnParameter(stack, "Text").value_as_string
    backup.Framework(stack, "F", framework_name=text, description=text, controls=[
        C.backup_recovery_point_minimum_retention_check(days(number)),
        C.backup_last_recovery_point_created(days(number)),
        C.restore_time_for_resources_meet_target(minutes(number)),
        C.backup_resources_protected_by_cross_account([text])])
    backup.ReportPlan(stack, "R", report_template=backup.ReportTemplate.BACKUP_JOB_REPORT,
                      bucket=s3.Bucket(stack, "B"), key_prefix=text, report_plan_name=text, regions=[text])
    synth(stack)


def test_risky_control_inputs_warn(stack: cdk.Stack) -> None:
    backup.Framework(stack, "F", controls=[
        C.backup_plan_min_frequency_and_min_retention_check(hours(36)),
        C.backup_recovery_point_manual_deletion_disabled(["arn:aws:iam::111122223333:user/alice"]),
        C.backup_recovery_point_encrypted(S.tag("backup", ""))])
    found = " ".join(warnings_of(stack))
    for warning_id in ("controlFrequencyBound", "controlPrincipalNotRole", "controlScopeEmptyTagValue"):
        assert f"cdk-backup:{warning_id}" in found
