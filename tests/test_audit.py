"""Framework, FrameworkControl, ControlScope, ReportPlan, and the control catalogue of rules/audit.py."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_backup as aws_backup
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template
from hypothesis import given, settings
from hypothesis import strategies as st

import cdk_backup as backup
from cdk_backup.rules import Unresolved
from cdk_backup.rules import audit as rules
from tests.conftest import assert_builds_clean, assert_rejected, new_stack, only, warnings_of

C = backup.FrameworkControl
S = backup.ControlScope
days, hours, minutes = cdk.Duration.days, cdk.Duration.hours, cdk.Duration.minutes
FAST = settings(max_examples=40, deadline=None)


def _render_all(*controls: backup.FrameworkControl) -> list[dict[str, Any]]:
    """Each control as CloudFormation gets it: one framework per control, one synth for all."""
    stack = new_stack()
    for index, control in enumerate(controls):
        backup.Framework(stack, f"F{index}", controls=[control])
    resources = Template.from_stack(stack).to_json()["Resources"]
    return [resources[stack.get_logical_id(stack.node.find_child(f"F{i}").node.default_child)]  # type: ignore[arg-type]
            ["Properties"]["FrameworkControls"][0] for i in range(len(controls))]


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


@functools.cache
def _rendered_controls() -> dict[str, dict[str, Any]]:
    return dict(zip(sorted(CONTROLS), _render_all(*(CONTROLS[name] for name in sorted(CONTROLS))), strict=True))


@pytest.mark.parametrize("name", sorted(CONTROLS))
def test_each_control_renders_names_and_parameters(name: str, snapshot_json: Any) -> None:
    assert _rendered_controls()[name] == snapshot_json


def test_durations_become_unit_and_value_and_only_given_parameters_are_set() -> None:
    direct = C("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", parameters=(("requiredRetentionDays", "35"),),
               scope=S.tag("tier", "gold"))
    frequency, age, bare, deletion, built = _render_all(
        C.backup_plan_min_frequency_and_min_retention_check(hours(12), days(35)),
        C.backup_last_recovery_point_created(hours(48)),
        C.backup_plan_min_frequency_and_min_retention_check(),
        C.backup_recovery_point_manual_deletion_disabled(
            ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"]),
        direct)
    assert frequency["ControlInputParameters"] == [
        {"ParameterName": "requiredFrequencyUnit", "ParameterValue": "hours"},
        {"ParameterName": "requiredFrequencyValue", "ParameterValue": "12"},
        {"ParameterName": "requiredRetentionDays", "ParameterValue": "35"}]
    assert age["ControlInputParameters"] == [
        {"ParameterName": "recoveryPointAgeUnit", "ParameterValue": "days"},
        {"ParameterName": "recoveryPointAgeValue", "ParameterValue": "2"}]
    assert "ControlInputParameters" not in bare
    assert deletion["ControlInputParameters"] == [
        {"ParameterName": "principalArnList",
         "ParameterValue": "arn:aws:iam::111122223333:role/a,arn:aws:iam::111122223333:role/b"}]
    # a control built directly is checked against the same catalogue, and equal to itself rebuilt
    assert built["ControlInputParameters"] == [{"ParameterName": "requiredRetentionDays", "ParameterValue": "35"}]
    assert direct == C("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", {"requiredRetentionDays": "35"},  # type: ignore[arg-type]
                       S.tag("tier", "gold"))
    listed = C("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION", [["crossRegionList", ["eu-west-1", "eu-west-2"]]])  # type: ignore[list-item]
    assert listed.parameters == (("crossRegionList", ("eu-west-1", "eu-west-2")),)


def test_ready_made_frameworks(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    recommended = backup.Framework.aws_backup_recommended(stack, "Recommended", framework_name="AwsBackupRecommended")
    backup.Framework.daily35_day_encrypted_locked_cross_region(stack, "Policy", regions=["eu-west-1"],
                                                               description="Daily, 35 days, encrypted, locked, copied")
    assert next(c.control_name for c in recommended.controls) == "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"
    assert len(recommended.controls) == 10
    assert any("cdk-backup:frameworkNeedsConfig" in w for w in warnings_of(stack))
    assert synth(stack) == snapshot_json


# ---------------------------------------------------------------- the catalogue is the single source
def test_every_catalogue_control_has_a_factory_with_its_keywords() -> None:
    for spec in rules.CONTROLS.values():
        factory = getattr(C, spec.factory)
        keywords = set(inspect.signature(factory).parameters)
        assert "scope" in keywords
        assert {p.keyword for p in spec.parameters} <= keywords, spec.name


def test_catalogue_scopes_and_bounds_are_data() -> None:
    spec = rules.CONTROLS["BACKUP_LAST_RECOVERY_POINT_CREATED"]
    value = spec.parameter("recoveryPointAgeValue")
    assert isinstance(value, rules.Amount) and value.bounds["hours"].high == 744 and value.bounds["days"].high == 31
    assert rules.CONTROLS["BACKUP_RECOVERY_POINT_ENCRYPTED"].scopes == {backup.ScopeKind.TAG}
    assert len(rules.CONTROLS) == 11


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


def test_organization_job_report_with_default_format_and_tags(stack: cdk.Stack, synth: Any) -> None:
    bucket = s3.Bucket(stack, "Reports", enforce_ssl=True)
    backup.ReportPlan(stack, "Jobs", report_template=backup.ReportTemplate.BACKUP_JOB_REPORT, bucket=bucket,
                      accounts=["ROOT"], organization_units=["ou-abcd-1234wxyz"], regions=["*"],
                      tags={"team": "sre"}, formats=["CSV", backup.ReportFormat.CSV])
    props = only(synth(stack), "AWS::Backup::ReportPlan")
    assert props["ReportSetting"] == {"Accounts": ["ROOT"], "OrganizationUnits": ["ou-abcd-1234wxyz"],
                                      "Regions": ["*"], "ReportTemplate": "BACKUP_JOB_REPORT"}
    assert props["ReportDeliveryChannel"]["Formats"] == ["CSV"]  # a repeated format is rendered once
    assert props["ReportPlanTags"] == [{"Key": "team", "Value": "sre"}]


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


def _control(factory: Callable[..., object], *args: Any, **kwargs: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: factory(*args, **kwargs)


P = pytest.param
ARN = "arn:aws:backup:us-east-1:111122223333:framework:f-1"
BAD_INPUTS = [
    # Framework
    P(_framework(controls=[]), r"TestStack/F: controls must be between 1 and 50 controls, got 0 controls \[frameworkControlCount\]", id="framework-no-controls"),
    P(_framework(controls=[C.backup_recovery_point_encrypted(S.tag(f"t{i}")) for i in range(51)]), r"got 51 controls \[frameworkControlCount\]", id="framework-51-controls"),
    P(_framework(controls=[C.backup_recovery_point_encrypted()] * 2), r"controls must not repeat a control with the same parameters and scope, got controls\[1\] repeats BACKUP_RECOVERY_POINT_ENCRYPTED \[frameworkUniqueControls\]", id="framework-repeated-control"),
    P(_framework(controls=None), r"TestStack/F: controls must be a list, got None \[inputType\]", id="framework-controls-none"),
    P(_framework(controls=C.backup_recovery_point_encrypted()), r"controls must be a list, got FrameworkControl", id="framework-controls-not-a-list"),
    P(_framework(controls=["BACKUP_RECOVERY_POINT_ENCRYPTED"]), r"controls\[0\] must be a FrameworkControl .*got str", id="framework-control-as-string"),
    P(_framework(framework_name="1st_framework"), r"framework_name must be 1 to 256 .*got '1st_framework' \[frameworkName\]", id="framework-name-starts-with-digit"),
    P(_framework(framework_name="my-framework"), r"got 'my-framework' \[frameworkName\]", id="framework-name-hyphen"),
    P(_framework(framework_name="a" * 257), r"framework_name must be 1 to 256", id="framework-name-257"),
    P(_framework(framework_name="cadre_é"), r"\[frameworkName\]", id="framework-name-non-ascii"),
    P(_framework(framework_name=42), r"framework_name must be a string, got int 42 \[inputType\]", id="framework-name-int"),
    P(_framework(description="   "), r"description must be 1 to 1,024 characters with at least one non-space, got '   ' \[auditDescription\]", id="framework-description-blank"),
    P(_framework(description="x" * 1025), r"\[auditDescription\]", id="framework-description-1025"),
    P(_framework(description=["d"]), r"description must be a string, got list", id="framework-description-list"),
    P(_framework(tags=["k"]), r"tags must be a dict of strings, got list \['k'\] \[inputType\]", id="framework-tags-list"),
    P(_framework(tags={"aws:owner": "x"}), r"tags keys must be 1 to 128 characters and must not start with 'aws:', got 'aws:owner' \[tagKey\]", id="framework-tag-aws-prefix"),
    P(_framework(tags={"k" * 129: "x"}), r"\[tagKey\]", id="framework-tag-key-129"),
    P(_framework(tags={"k": "v" * 257}), r"tags\['k'\] must be between 0 and 256 characters, got 257 characters \[tagValue\]", id="framework-tag-value-257"),
    P(_framework(tags={"k": 1}), r"tags\['k'\] must be a string, got int 1", id="framework-tag-value-int"),
    # controls
    P(_control(C.backup_recovery_point_encrypted, S.resource_types(["EBS"])), r"FrameworkControl.backup_recovery_point_encrypted: scope must be one of: tagged resources, got resource types \[controlScopeKind\]", id="encrypted-scoped-by-type"),
    P(_control(C.backup_recovery_point_minimum_retention_check, scope=S.resource_ids(["x"])), r"\[controlScopeKind\]", id="min-retention-scoped-by-id"),
    P(_control(C.backup_plan_min_frequency_and_min_retention_check, scope=S.resource_types(["EBS"])), r"scope must be one of: single resource, tagged resources", id="min-frequency-scoped-by-type"),
    P(_control(C.backup_recovery_point_encrypted, "tag"), r"scope must be a ControlScope, got str 'tag' \[inputType\]", id="scope-as-string"),
    P(_control(C.backup_recovery_point_manual_deletion_disabled, [f"arn:aws:iam::111122223333:role/r{i}" for i in range(6)]), r"principal_arns must be between 1 and 5 role ARNs, got 6 role ARNs \[controlPrincipalCount\]", id="principals-6"),
    P(_control(C.backup_recovery_point_manual_deletion_disabled, []), r"principal_arns must be between 1 and 5 role ARNs, got 0 role ARNs", id="principals-empty"),
    P(_control(C.backup_recovery_point_manual_deletion_disabled, "arn:aws:iam::111122223333:role/a"), r"principal_arns must be a list, got str", id="principals-string"),
    P(_control(C.backup_recovery_point_manual_deletion_disabled, [None]), r"principal_arns\[0\] must be a string, got None", id="principals-none-item"),
    P(_control(C.backup_resources_protected_by_cross_account, [f"11112222333{i}" for i in range(6)]), r"accounts must be between 1 and 5 account ids, got 6 account ids \[controlAccountCount\]", id="accounts-6"),
    P(_control(C.backup_resources_protected_by_cross_account, ["12345"]), r"accounts must be 12-digit account ids, got '12345' \[controlAccountId\]", id="account-5-digits"),
    P(_control(C.backup_resources_protected_by_cross_account, ["١١١١٢٢٢٢٣٣٣٣"]), r"\[controlAccountId\]", id="account-arabic-digits"),
    P(_control(C.backup_resources_protected_by_cross_region, "eu-west-1"), r"regions must be a list, got str", id="regions-string"),
    P(_control(C.backup_last_recovery_point_created, hours(745)), r"recovery_point_age must be between 1 and 744 hours, got 745 hours \[controlAgeHours\]", id="age-745-hours"),
    P(_control(C.backup_last_recovery_point_created, days(32)), r"recovery_point_age must be between 1 and 744 hours, got 768 hours", id="age-32-days"),
    P(_control(C.backup_last_recovery_point_created, minutes(90)), r"recovery_point_age must be a whole number of hours, got 1 hour 30 minutes \[wholeUnits\]", id="age-90-minutes"),
    P(_control(C.backup_last_recovery_point_created, hours(0)), r"recovery_point_age must be between 1 and 31 days, got 0 days \[controlAgeDays\]", id="age-0"),
    P(_control(C.backup_last_recovery_point_created, 24), r"recovery_point_age must be a Duration .*got int 24 \[inputType\]", id="age-int"),
    P(_control(C.resources_in_logically_air_gapped_vault, hours(2185)), r"between 1 and 2,184 hours, got 2185 hours \[controlAirGappedAgeHours\]", id="air-gapped-age-2185-hours"),
    P(_control(C.resources_in_logically_air_gapped_vault, hours(0)), r"between 1 and 91 days, got 0 days \[controlAirGappedAgeDays\]", id="air-gapped-age-0"),
    P(_control(C.backup_plan_min_frequency_and_min_retention_check, required_retention=days(0)), r"required_retention must be between 1 and 36,500 days, got 0 days \[controlRetentionDays\]", id="required-retention-0"),
    P(_control(C.backup_plan_min_frequency_and_min_retention_check, required_retention=days(36501)), r"got 36,501 days \[controlRetentionDays\]", id="required-retention-36501"),
    P(_control(C.backup_plan_min_frequency_and_min_retention_check, hours(0)), r"required_frequency must be a whole number of at least 1, got 0 days \[controlWholeNumber\]", id="frequency-0"),
    P(_control(C.backup_plan_min_frequency_and_min_retention_check, "daily"), r"required_frequency must be a Duration", id="frequency-string"),
    P(_control(C.backup_resources_protected_by_backup_vault_lock, days(30), days(7)), r"max_retention must be at least min_retention \(30 days\), got 7 days \[controlMinAboveMax\]", id="vault-lock-min-above-max"),
    P(_control(C.backup_resources_protected_by_backup_vault_lock, cdk.Duration.hours(36)), r"min_retention must be a whole number of days", id="vault-lock-36-hours"),
    P(_control(C.restore_time_for_resources_meet_target, cdk.Duration.seconds(90)), r"max_restore_time must be a whole number of minutes", id="restore-time-90-seconds"),
    P(_control(C.restore_time_for_resources_meet_target, minutes(0)), r"max_restore_time must be between 1 and 52,560,000 minutes, got 0 minutes \[controlRestoreMinutes\]", id="restore-time-0"),
    P(_control(C, "BACKUP_PLAN_MIN_FREQ"), r"FrameworkControl: control_name must be one of BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN, .*got 'BACKUP_PLAN_MIN_FREQ' \[controlName\]", id="unknown-control-name"),
    P(_control(C, None), r"control_name must be a string, got None \[inputType\]", id="control-name-none"),
    P(_control(C, "BACKUP_RECOVERY_POINT_ENCRYPTED", (("requiredRetentionDays", "35"),)), r"parameters must be parameters of BACKUP_RECOVERY_POINT_ENCRYPTED \(none\), got \['requiredRetentionDays'\] \[controlUnknownParameter\]", id="parameter-of-another-control"),
    P(_control(C, "BACKUP_LAST_RECOVERY_POINT_CREATED", (("recoveryPointAgeUnit", "weeks"), ("recoveryPointAgeValue", "1"))), r"recoveryPointAgeUnit must be one of hours or days, got 'weeks' \[controlUnit\]", id="unit-weeks"),
    P(_control(C, "BACKUP_LAST_RECOVERY_POINT_CREATED", (("recoveryPointAgeValue", "1.5"),)), r"recoveryPointAgeValue must be a whole number of at least 1, got '1.5' \[controlWholeNumber\]", id="value-fraction"),
    P(_control(C, "BACKUP_LAST_RECOVERY_POINT_CREATED", (("recoveryPointAgeValue", "40"),)), r"recoveryPointAgeValue must be between 1 and 31 days, got 40 days \[controlAgeDays\]", id="value-default-unit-days"),
    P(_control(C, "BACKUP_LAST_RECOVERY_POINT_CREATED", ("recoveryPointAgeValue",)), r"parameters\[0\] must be a \(name, value\) pair", id="parameter-not-a-pair"),
    P(_control(C, "BACKUP_LAST_RECOVERY_POINT_CREATED", (("recoveryPointAgeValue", 1.5),)), r"parameters\[0\] value must be a string, a whole number or a list of strings, got float 1.5", id="parameter-value-float"),
    # scopes
    P(_control(S.resource_types, []), r"ControlScope.resource_types: resource_types must be at least 1 items, got 0 items \[controlScopeTypes\]", id="scope-no-types"),
    P(_control(S.resource_types, "EFS"), r"resource_types must be a list, got str 'EFS'", id="scope-types-string"),
    P(_control(S.resource_ids, [f"id{i}" for i in range(101)]), r"resource_ids must be between 1 and 100 items, got 101 items \[controlScopeIds\]", id="scope-101-ids"),
    P(_control(S.resource_ids, []), r"\[controlScopeIds\]", id="scope-no-ids"),
    P(_control(S.tag, ""), r"ControlScope.tag: tag keys must be 1 to 128 characters and must not start with 'aws:', got '' \[tagKey\]", id="scope-tag-empty-key"),
    P(_control(S.tag, "aws:x"), r"\[tagKey\]", id="scope-tag-aws-prefix"),
    P(_control(S.tag, "k", "v" * 257), r"tag\['k'\] must be between 0 and 256 characters, got 257 characters \[tagValue\]", id="scope-tag-value-257"),
    P(_control(S.tag, None), r"key must be a string, got None", id="scope-tag-key-none"),
    P(_control(S, "tags"), r"kind must be a ScopeKind, got str 'tags'", id="scope-kind-string"),
    # report plans
    P(_report(report_template="BACKUP_REPORT"), r"report_template must be one of BACKUP_JOB_REPORT, .*got 'BACKUP_REPORT' \[reportTemplate\]", id="report-template-unknown"),
    P(_report(report_template=None), r"report_template must be a ReportTemplate or its string value, got None \[inputType\]", id="report-template-none"),
    P(_report(report_template=backup.ReportTemplate.CONTROL_COMPLIANCE_REPORT), r"frameworks must be given \(1 to 1,000\) for the compliance templates and only for them, got 0 frameworks for CONTROL_COMPLIANCE_REPORT \[reportFrameworks\]", id="compliance-without-frameworks"),
    P(_report(frameworks=[ARN]), r"got frameworks for BACKUP_JOB_REPORT", id="frameworks-for-job-report"),
    P(_report(report_template=backup.ReportTemplate.RESOURCE_COMPLIANCE_REPORT, frameworks=[f"{ARN}{i}" for i in range(1001)]), r"got 1001 frameworks", id="frameworks-1001"),
    P(_report(report_template=backup.ReportTemplate.RESOURCE_COMPLIANCE_REPORT, frameworks=[ARN, ARN]), r"frameworks must not repeat an item, got '.*' twice \[uniqueItems\]", id="frameworks-repeated"),
    P(_report(report_template=backup.ReportTemplate.RESOURCE_COMPLIANCE_REPORT, frameworks=[7]), r"frameworks\[0\] must be a Framework or a framework ARN, got int 7", id="framework-int"),
    P(_report(formats=["PDF"]), r"formats must be a non-empty list of CSV and JSON, got \['PDF'\] \[reportFormats\]", id="format-pdf"),
    P(_report(formats=[]), r"formats must be a non-empty list of CSV and JSON, got \[\]", id="formats-empty"),
    P(_report(formats="CSV"), r"formats must be a list, got str 'CSV'", id="formats-string"),
    P(_report(formats=[1]), r"formats\[0\] must be a ReportFormat or its string value, got int 1", id="format-int"),
    P(_report(formats=["JSON"], regions=["us-east-1", "eu-west-1"]), r"formats may include JSON only for a report on this account and one Region, got JSON for a multi-account or multi-Region report \[reportJsonSingleScope\]", id="json-two-regions"),
    P(_report(formats=["JSON"], accounts=["ROOT"]), r"\[reportJsonSingleScope\]", id="json-organization"),
    P(_report(formats=["JSON"], regions=["*"]), r"\[reportJsonSingleScope\]", id="json-all-regions"),
    P(_report(accounts=[f"1111222233{i:02d}" for i in range(31)], regions=[f"eu-west-{i}" for i in range(10)]), r"accounts x regions must be between 1 and 300 account-Region pairs, got 310 account-Region pairs \[reportScopeSize\]", id="scope-310-pairs"),
    P(_report(accounts=["12345"]), r"accounts must be 12-digit account ids or ROOT, got '12345' \[reportAccountId\]", id="report-account-5-digits"),
    P(_report(accounts=["١١١١٢٢٢٢٣٣٣٣"]), r"\[reportAccountId\]", id="report-account-arabic-digits"),
    P(_report(regions=["Moon-1"]), r"regions must be AWS Region codes such as eu-west-1 \(or '\*'\), got 'Moon-1' \[regionCode\]", id="report-region-unknown"),
    P(_report(accounts=["111122223333", "111122223333"]), r"accounts must not repeat an item, got '111122223333' twice \[uniqueItems\]", id="report-accounts-repeated"),
    P(_report(regions=["eu-west-1", "eu-west-1"]), r"regions must not repeat an item", id="report-regions-repeated"),
    P(_report(organization_units=["ou-abcd-1234wxyz"] * 2), r"organization_units must not repeat an item", id="report-ous-repeated"),
    P(_report(accounts="111122223333"), r"accounts must be a list, got str", id="report-accounts-string"),
    P(_report(key_prefix="/reports/"), r"key_prefix must not include s3:// or the bucket, nor start or end with /, got '/reports/' \[reportKeyPrefix\]", id="key-prefix-slashes"),
    P(_report(key_prefix="s3://bucket/x"), r"\[reportKeyPrefix\]", id="key-prefix-s3-url"),
    P(_report(key_prefix=5), r"key_prefix must be a string, got int 5", id="key-prefix-int"),
    P(_report(report_plan_name="daily-report"), r"report_plan_name must be 1 to 256 .*got 'daily-report' \[reportPlanName\]", id="report-name-hyphen"),
    P(_report(description=""), r"description must be 1 to 1,024", id="report-description-empty"),
    P(_report(tags={"aws:x": "y"}), r"\[tagKey\]", id="report-tag-aws-prefix"),
    P(_report(bucket=None), r"bucket must be an s3.IBucket, got None \[inputType\]", id="report-bucket-none"),
    P(_report(bucket="my-bucket"), r"bucket must be an s3.IBucket, got str", id="report-bucket-name"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS)
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


# ---------------------------------------------------------------- edges that must pass
def _framework_edges(stack: cdk.Stack) -> None:
    backup.Framework(stack, "Name1", framework_name="a", controls=[C.backup_recovery_point_encrypted()])
    backup.Framework(stack, "Name256", framework_name="A" + "_" * 255, description="x" * 1024,
                     tags={"k" * 128: "v" * 256, "empty": ""}, controls=[C.backup_recovery_point_encrypted()])
    backup.Framework(stack, "Fifty", controls=[C.backup_recovery_point_encrypted(S.tag(f"t{i}")) for i in range(50)])
    backup.Framework(stack, "Bounds", controls=[
        C.backup_last_recovery_point_created(hours(743)), C.backup_last_recovery_point_created(days(31)),
        C.backup_last_recovery_point_created(hours(1)), C.backup_last_recovery_point_created(hours(744), S.tag("a")),
        C.resources_in_logically_air_gapped_vault(days(91)), C.resources_in_logically_air_gapped_vault(hours(2183)),
        C.backup_recovery_point_manual_deletion_disabled([f"arn:aws:iam::111122223333:role/r{i}" for i in range(5)]),
        C.backup_resources_protected_by_cross_account([f"11112222333{i}" for i in range(5)]),
        C.backup_resources_protected_by_backup_vault_lock(days(30), days(30)),
        C.backup_plan_min_frequency_and_min_retention_check(hours(1), days(36500)),
        C.restore_time_for_resources_meet_target(minutes(1)),
        C.backup_resources_protected_by_backup_plan(S.resource_ids([f"i{i}" for i in range(100)])),
        C.backup_recovery_point_minimum_retention_check(days(1), S.tag("k" * 128, "v" * 256))])


def _report_edges(stack: cdk.Stack) -> None:
    bucket = s3.Bucket(stack, "B")
    backup.ReportPlan(stack, "Json", report_template="BACKUP_JOB_REPORT", bucket=bucket,
                      report_plan_name="R" * 256, formats=["JSON"], regions=["us-east-1"])
    backup.ReportPlan(stack, "Pairs300", report_template="BACKUP_JOB_REPORT", bucket=bucket,
                      accounts=[f"1111222233{i:02d}" for i in range(30)], regions=[f"eu-west-{i}" for i in range(10)])
    backup.ReportPlan(stack, "Frameworks1000", report_template=backup.ReportTemplate.RESOURCE_COMPLIANCE_REPORT,
                      bucket=bucket, frameworks=[f"{ARN}{i}" for i in range(1000)])
    backup.ReportPlan(stack, "Scan", report_template="SCAN_JOB_REPORT", bucket=bucket, key_prefix="audit/daily")
    backup.ReportPlan(stack, "L1", report_template=backup.ReportTemplate.CONTROL_COMPLIANCE_REPORT, bucket=bucket,
                      frameworks=[aws_backup.CfnFramework(stack, "L1Framework", framework_controls=[
                          aws_backup.CfnFramework.FrameworkControlProperty(
                              control_name="BACKUP_RECOVERY_POINT_ENCRYPTED")])])


@pytest.mark.parametrize("build", [P(_framework_edges, id="frameworks"), P(_report_edges, id="report-plans")])
def test_edge_values_pass_and_lint(build: Callable[[cdk.Stack], object]) -> None:
    assert_builds_clean(build)


# ---------------------------------------------------------------- tokens
@jsii.implements(cdk.IStableNumberProducer)
class _Five:
    def produce(self) -> int:
        return 5


def test_tokens_are_never_rejected(synth: Any) -> None:
    stack = new_stack()
    number = cdk.CfnParameter(stack, "Days", type="Number").value_as_number
    text = cdk.CfnParameter(stack, "Text").value_as_string
    role_arns = cdk.CfnParameter(stack, "Roles", type="CommaDelimitedList").value_as_list
    lazy = cdk.Lazy.number(_Five())
    framework = backup.Framework(stack, "F", framework_name=text, description=text, tags={"team": text}, controls=[
        C.backup_recovery_point_minimum_retention_check(days(number), S.tag(text, text)),
        C.backup_last_recovery_point_created(days(number)),
        C.resources_in_logically_air_gapped_vault(hours(number)),
        C.backup_plan_min_frequency_and_min_retention_check(hours(number), days(lazy)),
        C.restore_time_for_resources_meet_target(minutes(lazy)),
        C.backup_recovery_point_manual_deletion_disabled(role_arns),
        C.backup_resources_protected_by_backup_vault_lock(days(number), days(lazy)),
        C.backup_resources_protected_by_cross_account([text]),
        C.backup_resources_protected_by_backup_plan(S.resource_types([text]))])
    backup.ReportPlan(stack, "R", report_template=text, formats=[text], bucket=s3.Bucket(stack, "B"),
                      key_prefix=text, report_plan_name=text, regions=[text], accounts=[text],
                      frameworks=[framework])
    controls = only(synth(stack), "AWS::Backup::Framework")["FrameworkControls"]
    values = {p["ParameterName"]: p["ParameterValue"] for c in controls for p in c.get("ControlInputParameters", [])}
    assert values["requiredRetentionDays"] == "5" and values["maxRestoreTime"] == "5"  # Lazy.number, as strings
    assert values["recoveryPointAgeUnit"] == "hours"  # the unit a token Duration was given in
    assert values["principalArnList"] == {"Fn::Join": [",", {"Ref": "Roles"}]}


def test_a_token_duration_in_another_unit_is_refused_with_a_message() -> None:
    stack = new_stack()
    number = cdk.CfnParameter(stack, "N", type="Number").value_as_number
    with pytest.raises(backup.ValidationError, match=r"max_restore_time must be Duration.minutes\(token\) when it is a "
                                                     r"token, got a token Duration in another unit \[inputType\]"):
        C.restore_time_for_resources_meet_target(hours(number))
    with pytest.raises(backup.ValidationError, match=r"required_frequency must be Duration.days\(token\) or "
                                                     r"Duration.hours\(token\) when it is a token"):
        C.backup_plan_min_frequency_and_min_retention_check(cdk.Duration.minutes(number))


# ---------------------------------------------------------------- warnings
def test_risky_control_inputs_warn(stack: cdk.Stack) -> None:
    backup.Framework(stack, "F", controls=[
        C.backup_plan_min_frequency_and_min_retention_check(hours(36)),
        C.backup_recovery_point_manual_deletion_disabled(["arn:aws:iam::111122223333:user/alice"]),
        C.backup_recovery_point_encrypted(S.tag("backup", ""))])
    found = " ".join(warnings_of(stack))
    for warning_id in ("controlFrequencyBound", "controlPrincipalNotRole", "controlScopeEmptyTagValue",
                       "frameworkNeedsConfig"):
        assert f"cdk-backup:{warning_id}" in found
    assert "controls[0].required_frequency is 36 hours, past what AWS Config documents" in found


# ---------------------------------------------------------------- interop with aws-cdk-lib
def test_framework_and_report_plan_are_resources(stack: cdk.Stack, synth: Any) -> None:
    framework = backup.Framework(stack, "F", controls=[C.backup_recovery_point_encrypted()], tags={"team": "sre"})
    report = backup.ReportPlan(stack, "R", report_template="BACKUP_JOB_REPORT", bucket=s3.Bucket(stack, "B"))
    assert cdk.Resource.is_resource(framework) and cdk.Resource.is_resource(report)
    assert isinstance(framework.node.default_child, aws_backup.CfnFramework)
    assert isinstance(report.node.default_child, aws_backup.CfnReportPlan)
    assert framework.stack is stack and report.env.account == stack.account
    framework.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
    report.apply_removal_policy(cdk.RemovalPolicy.DESTROY)
    template = synth(stack)
    [framework_resource] = [r for r in template["Resources"].values() if r["Type"] == "AWS::Backup::Framework"]
    [report_resource] = [r for r in template["Resources"].values() if r["Type"] == "AWS::Backup::ReportPlan"]
    assert framework_resource["DeletionPolicy"] == "Retain" and report_resource["DeletionPolicy"] == "Delete"
    assert framework_resource["Properties"]["FrameworkTags"] == [{"Key": "team", "Value": "sre"}]


# ---------------------------------------------------------------- the pure rules, property-based
AMOUNTS = [(spec.name, p) for spec in rules.CONTROLS.values() for p in spec.parameters if isinstance(p, rules.Amount)]


@FAST
@given(case=st.sampled_from(AMOUNTS), number=st.integers(-5, 60_000_000), unit=st.sampled_from(["hours", "days"]),
       as_text=st.booleans())
def test_amount_rules_follow_the_catalogue_bounds(case: tuple[str, rules.Amount], number: int, unit: str,
                                                  as_text: bool) -> None:
    name, amount = case
    parameters: dict[str, object] = {amount.name: str(number) if as_text else number}
    if amount.unit_parameter:
        parameters[amount.unit_parameter] = unit
    chosen = amount.unit or unit
    found = [v for v in rules.control(name, parameters) if v.severity == "error"]
    bound = amount.bounds.get(chosen)
    outside = number < 1 if bound is None else not bound.low <= number <= bound.high  # type: ignore[operator]
    assert bool(found) == outside, (name, parameters, found)
    for violation in found:
        assert violation.prop == amount.name and "[control" in violation.message


@FAST
@given(text=st.text(max_size=12))
def test_whole_number_reads_only_ascii_integers(text: str) -> None:
    number = rules.whole_number(text)
    if number is not None:
        assert text.strip().lstrip("-").isdigit() and text.isascii() and int(text) == number


@FAST
@given(scope=st.sampled_from(list(backup.ScopeKind)), name=st.sampled_from(sorted(rules.CONTROLS)))
def test_scope_kind_errors_follow_the_catalogue(scope: backup.ScopeKind, name: str) -> None:
    found = list(rules.control(name, {}, {scope}))
    assert bool(found) == (scope not in rules.CONTROLS[name].scopes)


@FAST
@given(accounts=st.lists(st.sampled_from(["111122223333", "ROOT", "12345", "١١١١٢٢٢٢٣٣٣٣"]), max_size=3),
       regions=st.lists(st.sampled_from(["us-east-1", "eu-west-1", "*"]), max_size=2),
       json=st.booleans())
def test_report_plan_json_and_account_rules(accounts: list[str], regions: list[str], json: bool) -> None:
    found = {v.rule.id for v in rules.report_plan(template="BACKUP_JOB_REPORT", accounts=accounts, regions=regions,
                                                  formats=["JSON"] if json else ["CSV"])}
    wide = bool(accounts) or len(regions) > 1 or "*" in regions
    assert ("reportJsonSingleScope" in found) == (json and wide)
    assert ("reportAccountId" in found) == any(a in ("12345", "١١١١٢٢٢٢٣٣٣٣") for a in accounts)
    assert ("uniqueItems" in found) == (len(set(accounts)) < len(accounts) or len(set(regions)) < len(regions))


def test_unresolved_values_are_never_judged() -> None:
    token = Unresolved("${Token[X.1]}")
    assert not list(rules.control(token, {"x": 1}))
    assert not list(rules.control("BACKUP_LAST_RECOVERY_POINT_CREATED",
                                  {"recoveryPointAgeUnit": token, "recoveryPointAgeValue": 5000}))
    assert not list(rules.report_plan(template=token, frameworks=[ARN], formats=[token], accounts=[token],
                                      regions=[token, token], key_prefix=token, name=token, description_text=token))


def test_scope_kinds_of_a_template_scope() -> None:
    assert rules.scope_kinds(["AWS::Backup::BackupVault"], ["default"], None) == {backup.ScopeKind.RESOURCE_IDS}
    assert rules.scope_kinds(["EFS"], None, None) == {backup.ScopeKind.RESOURCE_TYPES}
    assert rules.scope_kinds(None, None, [{"Key": "k"}]) == {backup.ScopeKind.TAG}
    assert [v.rule.id for v in rules.control_scope(tags={"a": "1", "b": "2"})] == ["controlScopeOneTag"]


def test_templates_with_a_repeated_control_are_caught_by_the_same_rule() -> None:
    stack = new_stack()
    aws_backup.CfnFramework(stack, "L1", framework_controls=[
        aws_backup.CfnFramework.FrameworkControlProperty(control_name="BACKUP_RECOVERY_POINT_ENCRYPTED")] * 2)
    controls = only(synth_template_unlinted(stack), "AWS::Backup::Framework")["FrameworkControls"]
    found = list(rules.unique_controls([(c["ControlName"], c) for c in controls]))
    assert [v.rule.id for v in found] == ["frameworkUniqueControls"]


def synth_template_unlinted(stack: cdk.Stack) -> dict[str, Any]:
    return dict(Template.from_stack(stack).to_json())
