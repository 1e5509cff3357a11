"""The rule catalogue on templates: every AWS rule a template can break, on resources made by anyone.

Rule ids are read from the catalogue's rule objects, so a renamed id keeps these tests meaningful.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import cdk_backup
from cdk_backup.rules import audit as audit_rules
from cdk_backup.rules import common
from cdk_backup.rules import organization as organization_rules
from cdk_backup.rules import plan as plan_rules
from cdk_backup.rules import schedule as schedule_rules
from cdk_backup.rules import selection as selection_rules
from cdk_backup.rules import template as template_rules
from cdk_backup.rules import vault as vault_rules
from tests.check_fixtures import (
    air_gapped,
    bucket,
    control,
    copy,
    coverage_of,
    database,
    framework,
    getatt,
    plan,
    rule,
    rules_of,
    selection,
    table,
    template,
    vault,
)

LOCK_35 = {"MinRetentionDays": 7, "MaxRetentionDays": 35}


def test_locked_vault_by_override_and_rules_outside_its_range() -> None:
    """The motivating app: a vault locked by a raw override at 35 days, then 90- and 365-day rules."""
    report = cdk_backup.check(template(
        Vault=vault("main", lock=LOCK_35),
        Plan=plan(rule("Quarterly", delete=90), rule("Yearly", delete=365, schedule="cron(0 5 1 * ? *)")),
        T=table(), S=selection(resources=[getatt("T", "Arn")])))
    errors = [f for f in report.findings if f.severity == "error"]
    assert [f.rule for f in errors] == [plan_rules.LOCK_RETENTION_RANGE.id] * 2
    assert "rules['Quarterly'].delete_after" in errors[0].message and "7..35 days" in errors[0].message
    assert "got 90 days" in errors[0].message and errors[0].logical_id == "Plan"
    assert errors[0].location == "Properties/BackupPlan/BackupPlanRule/0"
    entry = coverage_of(report, "T")
    assert entry.status == "unprotected" and plan_rules.LOCK_RETENTION_RANGE.id in (entry.reason or "")
    assert [p.errors for p in entry.protected_by] == [(plan_rules.LOCK_RETENTION_RANGE.id,)] * 2
    assert not report.ok


def test_rules_inside_the_lock_range_protect() -> None:
    report = cdk_backup.check(template(Vault=vault("main", lock=LOCK_35), Plan=plan(rule(delete=35)), T=table(),
                                       S=selection(resources=[getatt("T", "Arn")])))
    assert report.ok and coverage_of(report, "T").status == "protected"
    protection = coverage_of(report, "T").protected_by[0]
    assert (protection.vault_locked, protection.vault_lock_min_days, protection.vault_lock_max_days) == (True, 7, 35)


def test_copy_into_air_gapped_vault_outside_its_range() -> None:
    report = cdk_backup.check(template(
        Vault=vault("main"), Lag=air_gapped("lag", 7, 35),
        Plan=plan(rule(delete=35, copies=[copy("Lag", delete=90)])), T=table(),
        S=selection(resources=[getatt("T", "Arn")])))
    assert rules_of(report, "error") == [plan_rules.LOCK_RETENTION_RANGE.id]
    assert "copy_actions[0].delete_after" in report.errors[0].message
    protection = coverage_of(report, "T").protected_by[0]
    assert protection.effective and protection.copies[0].errors == (plan_rules.LOCK_RETENTION_RANGE.id,)
    assert protection.copies[0].air_gapped is True


def test_copy_without_lifecycle_keeps_the_source_retention_for_the_lock() -> None:
    report = cdk_backup.check(template(
        Vault=vault("main"), Locked=vault("locked", lock={"MinRetentionDays": 60}),
        Plan=plan(rule(delete=35, copies=[copy("Locked")]))))
    assert plan_rules.LOCK_RETENTION_RANGE.id in rules_of(report, "error")


def test_air_gapped_vault_as_target_vault() -> None:
    report = cdk_backup.check(template(Lag=air_gapped("lag"), Plan=plan(rule(vault="Lag"))))
    assert plan_rules.AIR_GAPPED_NOT_TARGET.id in rules_of(report, "error")


def test_direct_air_gapped_target_outside_its_range() -> None:
    report = cdk_backup.check(template(
        Vault=vault("main"), Lag=air_gapped("lag", 7, 35),
        Plan=plan(rule(delete=90, TargetLogicallyAirGappedBackupVaultArn=getatt("Lag", "BackupVaultArn")))))
    assert plan_rules.LOCK_RETENTION_RANGE.id in rules_of(report, "error")


def test_continuous_rules_into_two_vaults() -> None:
    report = cdk_backup.check(template(
        A=vault("a"), B=vault("b"),
        Plan=plan(rule("One", vault="A", continuous=True, delete=7), rule("Two", vault="B", continuous=True,
                                                                             delete=7))))
    assert plan_rules.CONTINUOUS_ONE_VAULT.id in rules_of(report, "error")


def test_s3_continuous_and_periodic_rules_share_a_vault() -> None:
    resources = dict(A=vault("a"), B=vault("b"), Bucket=bucket(),
                     Plan=plan(rule("Pitr", vault="A", continuous=True, delete=7), rule("Daily", vault="B")),
                     S=selection(resources=[getatt("Bucket", "Arn")]))
    assert plan_rules.S3_CONTINUOUS_SAME_VAULT.id in rules_of(cdk_backup.check(template(**resources)), "error")
    resources["S"] = selection(resources=["arn:aws:dynamodb:*:*:table/*"])
    assert plan_rules.S3_CONTINUOUS_SAME_VAULT.id not in rules_of(cdk_backup.check(template(**resources)))


def _known_env(tmp_path: Any, body: dict[str, Any], environment: str = "aws://111122223333/us-east-1") -> Any:
    (tmp_path / "S.template.json").write_text(json.dumps(body))
    (tmp_path / "manifest.json").write_text(json.dumps({"version": "55.0.0", "artifacts": {"S": {
        "type": "aws:cloudformation:stack", "environment": environment,
        "properties": {"templateFile": "S.template.json"}}}}))
    return tmp_path


def test_rds_copy_to_another_region_and_account(tmp_path: Any) -> None:
    elsewhere = "arn:aws:backup:eu-west-1:999999999999:backup-vault:central"
    report = cdk_backup.check(_known_env(tmp_path, template(
        Vault=vault("main"), Plan=plan(rule(copies=[copy(elsewhere, delete=35)])), D=database(),
        S=selection(resources=["arn:aws:rds:*:*:db:*"]))))
    assert plan_rules.RDS_COPY_REGION_AND_ACCOUNT.id in rules_of(report, "error")
    destination = coverage_of(report, "D").protected_by[0].copies[0]
    assert (destination.cross_region, destination.cross_account, destination.region) == (True, True, "eu-west-1")


def test_copy_to_another_accounts_default_vault(tmp_path: Any) -> None:
    report = cdk_backup.check(_known_env(tmp_path, template(Vault=vault("main"), Plan=plan(rule(copies=[
        copy("arn:aws:backup:us-east-1:999999999999:backup-vault:Default", delete=35)])))))
    assert plan_rules.COPY_DEFAULT_VAULT.id in rules_of(report, "error")


BAD_RULES = [
    pytest.param(rule(schedule="cron(0 5 * * * *)"), schedule_rules.SCHEDULE_CRON.id, id="both-day-fields"),
    pytest.param(rule(schedule="rate(1 day)"), schedule_rules.SCHEDULE_CRON.id, id="rate-expression"),
    pytest.param(rule(schedule="cron(*/10 * * * ? *)"), schedule_rules.SCHEDULE_HOURLY.id, id="every-ten-minutes"),
    pytest.param(rule(ScheduleExpressionTimezone="right/UTC"), schedule_rules.SCHEDULE_TIMEZONE.id,
                 id="timezone-not-iana"),
    pytest.param(rule(StartWindowMinutes=30), plan_rules.START_WINDOW.rule.id, id="start-window-30-minutes"),
    pytest.param(rule(delete=100, cold=30), plan_rules.COLD_GAP.id, id="cold-storage-gap"),
    pytest.param(rule(delete=36500 + 1), plan_rules.DELETE_AFTER.rule.id, id="delete-after-36501"),
    pytest.param(rule(continuous=True, delete=40), plan_rules.CONTINUOUS_RETENTION.rule.id,
                 id="continuous-40-days"),
    pytest.param(rule(RuleName="bad name"), plan_rules.RULE_NAME.rule.id, id="rule-name-with-space"),
    pytest.param(rule(copies=[copy("junk:backup-vault:x")]), common.VAULT_ARN.id, id="copy-destination-not-an-arn"),
    pytest.param(rule(vault="bad vault!"), vault_rules.VAULT_NAME.rule.id, id="target-vault-name"),
]


@pytest.mark.parametrize(("bad", "rule_id"), BAD_RULES)
def test_rule_errors(bad: dict[str, Any], rule_id: str) -> None:
    report = cdk_backup.check(template(Vault=vault("main"), Plan=plan(bad)))
    assert rule_id in rules_of(report, "error"), report.to_text()


def test_rule_values_from_parameters_are_not_judged() -> None:
    report = cdk_backup.check(template(Vault=vault("main"), Plan=plan(rule(
        schedule={"Ref": "Schedule"}, delete={"Ref": "Days"}, StartWindowMinutes={"Ref": "Start"}))))
    assert report.ok


def test_plan_name_repeated_in_two_stacks_of_one_environment() -> None:
    report = cdk_backup.check({"One": template(Vault=vault("one"), Plan=plan(name="nightly")),
                               "Two": template(Vault=vault("two"), Plan=plan(name="nightly"))})
    found = [f for f in report.findings if f.rule == plan_rules.PLAN_NAME_UNIQUE.id]
    assert [f.stack for f in found] == ["Two"] and "One/Plan" in found[0].message


def test_vault_name_repeated() -> None:
    report = cdk_backup.check({"One": template(Vault=vault("shared")), "Two": template(Vault=vault("shared"))})
    assert template_rules.VAULT_NAME_UNIQUE.id in rules_of(report, "error")


VAULT_CASES = [
    pytest.param(vault("v", policy={"Statement": [{"Effect": "Allow", "Action": "backup:*", "Principal": "*",
                                                    "Resource": "*"}]}),
                 vault_rules.ACCESS_POLICY_WILDCARD.id, id="policy-wildcard-action"),
    pytest.param(vault("v", policy=json.dumps({"Statement": [{"Effect": "Deny", "Action": ["backup:*"],
                                                              "Principal": "*", "Resource": "*"}]})),
                 vault_rules.ACCESS_POLICY_WILDCARD.id, id="policy-as-json-string"),
    pytest.param(vault("v", lock={"MinRetentionDays": 30, "MaxRetentionDays": 7}), vault_rules.LOCK_MIN_LE_MAX.id,
                 id="lock-min-above-max"),
    pytest.param(vault("v", lock={"MinRetentionDays": 0}), vault_rules.LOCK_MIN_RETENTION.rule.id,
                 id="lock-min-zero"),
    pytest.param(vault("v", key="alias/aws/backup"), vault_rules.ENCRYPTION_KEY_ARN.id, id="key-alias"),
    pytest.param(vault("v!"), vault_rules.VAULT_NAME.rule.id, id="vault-name"),
    pytest.param(vault("v", tags={"aws:owner": "x"}), common.TAG_KEY.id, id="reserved-tag-key"),
    pytest.param(air_gapped("lag", 3, 35), vault_rules.LAG_MIN_RETENTION.rule.id, id="air-gapped-min-3"),
]


@pytest.mark.parametrize(("bad", "rule_id"), VAULT_CASES)
def test_vault_errors(bad: dict[str, Any], rule_id: str) -> None:
    assert rule_id in rules_of(cdk_backup.check(template(Bad=bad)), "error")


def test_vault_warnings() -> None:
    report = cdk_backup.check(template(
        Doomed=vault("doomed", deletion="Delete"),
        Compliance=vault("compliance", lock={"MinRetentionDays": 7, "ChangeableForDays": 3})))
    assert sorted(rules_of(report, "warning")) == sorted([vault_rules.REMOVAL_DESTROY.id,
                                                          vault_rules.LOCK_COMPLIANCE.id])
    assert report.ok


SELECTION_CASES = [
    pytest.param(selection(), selection_rules.SELECTION_NOT_EMPTY.id, "error", id="selects-nothing"),
    pytest.param(selection(resources=["not-an-arn"]), selection_rules.SELECTION_ARN_FORMAT.id, "error",
                 id="resource-not-an-arn"),
    pytest.param(selection(resources=["*"], tags={"a": "b"}), selection_rules.SELECTION_OR_SEMANTICS.id, "warning",
                 id="arns-or-tags"),
    pytest.param({"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": {"Ref": "Plan"},
                  "BackupSelection": {"SelectionName": "s", "IamRoleArn": "arn:aws:iam::1:role/r", "Resources": ["*"],
                                      "Conditions": {"StringEquals": [{"ConditionKey": "team",
                                                                       "ConditionValue": "x"}]}}}},
                 selection_rules.CONDITION_KEY_PREFIX.id, "warning", id="condition-key-without-prefix"),
]


@pytest.mark.parametrize(("bad", "rule_id", "severity"), SELECTION_CASES)
def test_selection_rules(bad: dict[str, Any], rule_id: str, severity: str) -> None:
    report = cdk_backup.check(template(Vault=vault("v"), Plan=plan(), Bad=bad))
    assert rule_id in rules_of(report, severity)


def test_unversioned_bucket_selected() -> None:
    report = cdk_backup.check(template(Vault=vault("v"), Plan=plan(), B=bucket(versioned=False),
                                       S=selection(resources=[getatt("B", "Arn")])))
    found = [f for f in report.findings if f.rule == selection_rules.S3_VERSIONING.id]
    assert found and found[0].logical_id == "S"


def test_finding_fields_and_construct_path() -> None:
    bad = plan(rule(delete=100, cold=30))
    bad["Metadata"] = {"aws:cdk:path": "App/Backups/Plan/Resource"}
    report = cdk_backup.check({"Backups": template(Vault=vault("v"), Plan=bad)})
    finding = report.errors[0]
    assert finding.to_dict() == {
        "rule": plan_rules.COLD_GAP.id, "severity": "error", "stack": "Backups", "logical_id": "Plan",
        "path": "App/Backups/Plan/Resource", "message": finding.message,
        "location": "Properties/BackupPlan/BackupPlanRule/0"}
    assert finding.message.endswith(f"[{plan_rules.COLD_GAP.id}]") and finding.message.startswith("rules['Daily']")
    assert finding.text == f"App/Backups/Plan/Resource: {finding.message}"


AUDIT_CASES = [
    pytest.param(framework(control("BACKUP_SOMETHING")), audit_rules.CONTROL_NAME.id, id="unknown-control"),
    pytest.param(framework(control("BACKUP_RECOVERY_POINT_ENCRYPTED", {"ComplianceResourceTypes": ["EBS"]})),
                 audit_rules.CONTROL_SCOPE_KIND.id, id="scope-kind-not-allowed"),
    pytest.param(framework(control("BACKUP_LAST_RECOVERY_POINT_CREATED", recoveryPointAgeUnit="hours",
                                   recoveryPointAgeValue=745)), audit_rules.AGE_HOURS.rule.id, id="age-745-hours"),
    pytest.param(framework(control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"), name="1bad"),
                 audit_rules.FRAMEWORK_NAME.rule.id, id="framework-name"),
    pytest.param({"Type": "AWS::Backup::ReportPlan", "Properties": {
        "ReportDeliveryChannel": {"S3BucketName": "b"}, "ReportSetting": {"ReportTemplate": "BACKUP_JOBS_REPORT"}}},
        audit_rules.REPORT_TEMPLATE.id, id="report-template"),
]


@pytest.mark.parametrize(("bad", "rule_id"), AUDIT_CASES)
def test_audit_rules(bad: dict[str, Any], rule_id: str) -> None:
    assert rule_id in rules_of(cdk_backup.check(template(Bad=bad)), "error")


def test_restore_testing_rules() -> None:
    from cdk_backup.rules import restore_testing

    report = cdk_backup.check(template(
        RtPlan={"Type": "AWS::Backup::RestoreTestingPlan", "Properties": {
            "RestoreTestingPlanName": "bad-name", "ScheduleExpression": "cron(0 1 ? * SUN *)",
            "RecoveryPointSelection": {"Algorithm": "LATEST_WITHIN_WINDOW", "IncludeVaults": ["*"],
                                       "RecoveryPointTypes": ["SNAPSHOT"]}}},
        RtSel={"Type": "AWS::Backup::RestoreTestingSelection", "Properties": {
            "RestoreTestingPlanName": "x", "ProtectedResourceType": "VirtualMachine",
            "IamRoleArn": "arn:aws:iam::123456789012:role/r", "RestoreTestingSelectionName": "sel"}}))
    errors = rules_of(report, "error")
    assert restore_testing.PLAN_NAME.rule.id in errors and restore_testing.RESOURCE_TYPE.id in errors


def test_legal_hold_and_tiering_rules() -> None:
    from cdk_backup.rules import legal_hold, tiering

    report = cdk_backup.check(template(
        Hold={"Type": "AWS::Backup::LegalHold", "Properties": {
            "Title": " ", "Description": "x" * 281,
            "RecoveryPointSelection": {"VaultNames": ["ok-vault"], "DateRange": {
                "FromDate": "2024-05-01T00:00:00Z", "ToDate": "2024-04-01T00:00:00Z"}}}},
        Tiering={"Type": "AWS::Backup::TieringConfiguration", "Properties": {
            "TieringConfigurationName": "tiers", "BackupVaultName": "*",
            "ResourceSelection": [{"ResourceType": "EBS", "Resources": ["*"], "TieringDownSettingsInDays": 30}]}}))
    errors = rules_of(report, "error")
    for rule_id in (legal_hold.TITLE.id, legal_hold.DESCRIPTION.rule.id, legal_hold.DATE_ORDER.id,
                    tiering.RESOURCE_TYPE.id, tiering.TIERING_DOWN.rule.id):
        assert rule_id in errors, (rule_id, errors)


def test_windows_vss_without_instances() -> None:
    vss = {"AdvancedBackupSettings": [{"ResourceType": "EC2", "BackupOptions": {"WindowsVSS": "enabled"}}]}
    tables = template(Vault=vault("main"), Plan=plan(rule(), **vss), T=table(), S=selection(resources=[getatt("T", "Arn")]))
    assert plan_rules.VSS_NO_EC2.id in rules_of(cdk_backup.check(tables), "warning")
    broad = template(Vault=vault("main"), Plan=plan(rule(), **vss), S=selection(resources=["arn:aws:ec2:*:*:instance/*"]))
    assert plan_rules.VSS_NO_EC2.id not in rules_of(cdk_backup.check(broad))


def test_checker_rule_ids_are_stable() -> None:
    """Users acknowledge and filter findings by these ids: they must not change."""
    from cdk_backup.check.controls import NOT_DECIDABLE_ID
    from cdk_backup.rules._core import rules_of

    expected = {"vaultNameUnique", "policyUnprotected", "policyMinFrequency", "policyMinRetention", "policyVaultLock",
                "policyCustomerKey", "policyCrossRegionCopy", "policyCrossAccountCopy", "policyAirGappedCopy",
                "policyContinuousBackup", "policyUndecided", "auditControlNonCompliant"}
    assert {rule.id for rule in rules_of(vars(template_rules))} == expected
    assert NOT_DECIDABLE_ID == "auditControlNotDecidable"
    everyone = [rule.id for rule in {id(r): r for r in cdk_backup.check(template()).rules}.values()]
    assert len(everyone) == len(set(everyone)) and expected | {NOT_DECIDABLE_ID} <= set(everyone)


# ---------------------------------------------------------------------------------------- Organizations backup policies
def _backup_policy(schedule: str = "cron(0 5 ? * * *)", cold: str | None = None, delete: str = "35",
                   target_ids: list[str] | None = None, as_text: bool = False) -> dict[str, Any]:
    """A template with one raw ``aws_organizations.CfnPolicy`` of type BACKUP_POLICY."""
    import aws_cdk as cdk
    from aws_cdk import aws_organizations as organizations

    lifecycle = {"delete_after_days": {"@@assign": delete}}
    if cold is not None:
        lifecycle["move_to_cold_storage_after_days"] = {"@@assign": cold}
    content = {"plans": {"Daily": {
        "regions": {"@@assign": ["eu-west-1"]},
        "rules": {"Daily": {"schedule_expression": {"@@assign": schedule},
                            "target_backup_vault_name": {"@@assign": "Default"}, "lifecycle": lifecycle}},
        "selections": {"tags": {"Tagged": {"iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/Backup"},
                                           "tag_key": {"@@assign": "backup"},
                                           "tag_value": {"@@assign": ["daily"]}}}}}}}
    stack = cdk.Stack(cdk.App(), "Org")
    organizations.CfnPolicy(stack, "Policy", name="daily", type="BACKUP_POLICY", content=content,
                            target_ids=["r-abcd"] if target_ids is None else target_ids)
    written: dict[str, Any] = cdk.assertions.Template.from_stack(stack).to_json()
    if as_text:  # a Content written as a JSON string (CloudFormation takes either)
        for resource in written["Resources"].values():
            resource["Properties"]["Content"] = json.dumps(resource["Properties"]["Content"])
    return written


ORGANIZATION_CASES = [
    pytest.param(_backup_policy, [], id="valid"),
    pytest.param(lambda: _backup_policy(as_text=True), [], id="valid-json-string"),
    pytest.param(lambda: _backup_policy("cron(*/5 * * * ? *)"), [schedule_rules.SCHEDULE_HOURLY.id], id="every-5-min"),
    pytest.param(lambda: _backup_policy(cold="30", delete="100", as_text=True), [plan_rules.COLD_GAP.id],
                 id="cold-gap-70-days"),
    pytest.param(lambda: _backup_policy(target_ids=["not-a-target"]), [organization_rules.TARGET_ID.rule.id],
                 id="bad-target"),
]


@pytest.mark.parametrize(("make", "expected"), ORGANIZATION_CASES)
def test_organization_backup_policies(make: Any, expected: list[str]) -> None:
    report = cdk_backup.check(make())
    found = [f for f in report.findings if f.severity != "info"]
    assert [f.rule for f in found] == expected, report.to_text()
    assert all(f.severity == "error" and f.logical_id and f.logical_id.startswith("Policy") for f in found)


def test_organization_policy_with_intrinsic_content_is_skipped() -> None:
    bad = {"Type": "AWS::Organizations::Policy",
           "Properties": {"Name": "p", "Type": "BACKUP_POLICY", "TargetIds": ["r-abcd"],
                          "Content": {"Fn::Join": ["", ["{\"plans\": {\"x\": {\"rules\": ", "cron(*/5 * * * ? *)"]]}}}
    other = {"Type": "AWS::Organizations::Policy",
             "Properties": {"Name": "p", "Type": "SERVICE_CONTROL_POLICY", "Content": {"Version": "2012-10-17"}}}
    assert cdk_backup.check(template(Bad=bad, Scp=other)).findings == []
