"""Audit Manager controls before deployment: each decidable control compliant and non-compliant."""

from __future__ import annotations

import json
from typing import Any

import pytest

import cdk_backup
from cdk_backup.check.controls import NOT_DECIDABLE_ID
from cdk_backup.rules import template as template_rules
from tests.check_fixtures import (
    air_gapped,
    bucket,
    control,
    copy,
    database,
    framework,
    getatt,
    plan,
    rule,
    selection,
    table,
    template,
    vault,
    volume,
)

ELSEWHERE = "arn:aws:backup:eu-west-1:999999999999:backup-vault:central"
WEEKLY = "cron(0 5 ? * SUN *)"
DENY_DELETION = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Deny", "Principal": {"AWS": "*"}, "Resource": "*",
    "Action": ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle",
               "backup:PutBackupVaultAccessPolicy"]}]}
CDK_BLOCK_DELETION = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Deny", "Principal": {"AWS": "*"}, "Resource": "*",
    "Action": ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"]}]}
EXEMPT = "arn:aws:iam::111122223333:role/BackupAdmin"


def _with_exemption(principal: str) -> dict[str, Any]:
    policy = json.loads(json.dumps(DENY_DELETION))
    policy["Statement"][0]["Condition"] = {"ArnNotEquals": {"aws:PrincipalArn": [principal]}}
    return policy


def _app(ctrl: dict[str, Any], *, rules: list[dict[str, Any]] | None = None, vault_props: dict[str, Any] | None = None,
         protected: dict[str, Any] | None = None, select: str = "", extra: dict[str, Any] | None = None,
         lag: bool = False) -> dict[str, Any]:
    """A vault, a plan selecting T (a tagged table unless ``protected``), and a framework with one control."""
    resources = dict(Vault=vault("main", **(vault_props or {})), Plan=plan(*(rules or [rule()])),
                     T=protected or table(tags={"backup": "yes"}),
                     S=selection(resources=[select or getatt("T", "Arn")]), Framework=framework(ctrl), **(extra or {}))
    if lag:
        resources["Lag"] = air_gapped("lag", 7, 3650)
    return template(**resources)


KNOWN = "aws://111122223333/us-east-1"


def _in(environment: str, body: dict[str, Any], directory: Any) -> Any:
    (directory / "S.template.json").write_text(json.dumps(body))
    (directory / "manifest.json").write_text(json.dumps({"version": "55.0.0", "artifacts": {"S": {
        "type": "aws:cloudformation:stack", "environment": environment,
        "properties": {"templateFile": "S.template.json"}}}}))
    return directory


def _result(report: Any) -> Any:
    assert len(report.controls) == 1
    return report.controls[0]


TAGGED = {"Tags": [{"Key": "backup", "Value": "yes"}]}
CASES = [
    # 1: resources protected by a plan
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN")), "compliant", id="plan-protects-all"),
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"), extra={"U": table()}), "non_compliant",
                 id="plan-misses-a-table"),
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", {"ComplianceResourceTypes": ["EBS"]}),
                      extra={"U": table()}), "compliant", id="plan-scope-by-type-excludes-the-table"),
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", TAGGED), extra={"U": table()}),
                 "compliant", id="plan-scope-by-tag"),
    # 2: plan frequency and retention
    pytest.param(_app(control("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK")), "compliant",
                 id="plan-daily-35-days"),
    pytest.param(_app(control("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", requiredRetentionDays=90)),
                 "non_compliant", id="plan-retention-below-90"),
    pytest.param(_app(control("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", requiredFrequencyUnit="hours",
                              requiredFrequencyValue=12)), "non_compliant", id="plan-not-every-12-hours"),
    pytest.param(_app(control("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK"),
                      rules=[rule(schedule=WEEKLY, delete=90)]), "non_compliant", id="plan-weekly"),
    # 3: manual deletion disabled
    pytest.param(_app(control("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED"),
                      vault_props={"policy": DENY_DELETION}), "compliant", id="deletion-denied"),
    pytest.param(_app(control("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED"),
                      vault_props={"policy": CDK_BLOCK_DELETION}), "non_compliant",
                 id="deletion-denied-without-put-policy"),
    pytest.param(_app(control("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED")), "non_compliant",
                 id="deletion-no-policy"),
    pytest.param(_app(control("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", principalArnList=EXEMPT),
                      vault_props={"policy": _with_exemption(EXEMPT)}), "compliant", id="deletion-exempts-listed-role"),
    pytest.param(_app(control("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED"),
                      vault_props={"policy": _with_exemption(EXEMPT)}), "non_compliant",
                 id="deletion-exempts-unlisted-role"),
    # 4: recovery points encrypted (tag scope)
    pytest.param(_app(control("BACKUP_RECOVERY_POINT_ENCRYPTED", TAGGED)), "compliant", id="encrypted-table"),
    pytest.param(_app(control("BACKUP_RECOVERY_POINT_ENCRYPTED", TAGGED),
                      protected=database(tags={"backup": "yes"}, encrypted=False), select="arn:aws:rds:*"),
                 "non_compliant",
                 id="unencrypted-database"),
    pytest.param(_app(control("BACKUP_RECOVERY_POINT_ENCRYPTED", TAGGED), rules=[rule(RecoveryPointTags={
        "backup": "yes"})], protected=database(encrypted=False), select="arn:aws:rds:*"), "non_compliant",
        id="unencrypted-database-tagged-by-the-rule"),
    # 5: recovery point minimum retention (tag scope)
    pytest.param(_app(control("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", TAGGED)), "compliant",
                 id="recovery-points-kept-35-days"),
    pytest.param(_app(control("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", TAGGED, requiredRetentionDays=90)),
                 "non_compliant", id="recovery-points-kept-less-than-90-days"),
    # 6, 7: cross-Region and cross-account copies
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION"), rules=[rule(copies=[
        copy(ELSEWHERE, delete=35)])]), "compliant", id="copied-to-another-region"),
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION")), "non_compliant", id="no-copy"),
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION", crossRegionList="ap-south-1"),
                      rules=[rule(copies=[copy(ELSEWHERE, delete=35)])]), "non_compliant",
                 id="copied-to-a-region-not-listed"),
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT", crossAccountList="999999999999"),
                      rules=[rule(copies=[copy(ELSEWHERE, delete=35)])]), "compliant",
                 id="copied-to-another-account"),
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT"),
                      rules=[rule(copies=[copy("Lag", delete=35)])], lag=True), "non_compliant",
                 id="copied-in-this-account"),
    # 8: vault lock
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK"),
                      vault_props={"lock": {"MinRetentionDays": 7, "MaxRetentionDays": 100}}), "compliant",
                 id="locked-vault"),
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK")), "non_compliant",
                 id="unlocked-vault"),
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK", minRetentionDays=30),
                      vault_props={"lock": {"MinRetentionDays": 7, "MaxRetentionDays": 100}}), "non_compliant",
                 id="lock-minimum-below-the-parameter"),
    # 9: last recovery point
    pytest.param(_app(control("BACKUP_LAST_RECOVERY_POINT_CREATED")), "compliant", id="daily-within-a-day"),
    pytest.param(_app(control("BACKUP_LAST_RECOVERY_POINT_CREATED"), rules=[rule(schedule=WEEKLY)]),
                 "non_compliant", id="weekly-older-than-a-day"),
    pytest.param(_app(control("BACKUP_LAST_RECOVERY_POINT_CREATED", recoveryPointAgeUnit="days",
                              recoveryPointAgeValue=7), rules=[rule(schedule=WEEKLY)]), "compliant",
                 id="weekly-within-a-week"),
    # 11: logically air-gapped vault
    pytest.param(_app(control("RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT"), rules=[rule(copies=[copy("Lag", 35)])],
                      lag=True), "compliant", id="daily-copy-to-air-gapped-vault"),
    pytest.param(_app(control("RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT")), "non_compliant",
                 id="no-air-gapped-copy"),
    # not decidable before deploy
    pytest.param(_app(control("RESTORE_TIME_FOR_RESOURCES_MEET_TARGET", maxRestoreTime=720)), "not_decidable",
                 id="restore-time"),
    pytest.param(_app(control("BACKUP_RECOVERY_POINT_ENCRYPTED", TAGGED), protected=volume(tags={"backup": "yes"},
                                                                                          encrypted=None),
                      select="arn:aws:ec2:*:*:volume/*"), "not_decidable", id="ebs-encryption-by-default-unknown"),
    pytest.param(_app(control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"), extra={"U": table(tags={
        "env": {"Ref": "Env"}}), "S2": selection(tags={"env": "prod"}, name="ByEnv")}), "not_decidable",
        id="selection-undecided"),
]


@pytest.mark.parametrize(("app", "status"), CASES)
def test_control(app: dict[str, Any], status: str, tmp_path: Any) -> None:
    report = cdk_backup.check(_in(KNOWN, app, tmp_path))
    result = _result(report)
    assert result.status == status, result
    warnings = [f for f in report.findings if f.rule == template_rules.CONTROL_NON_COMPLIANT.id]
    notes = [f for f in report.findings if f.rule == NOT_DECIDABLE_ID]
    assert bool(warnings) == (status == "non_compliant")
    assert all(f.severity == "warning" for f in warnings) and all(f.severity == "info" for f in notes)
    if status == "not_decidable":
        assert notes and notes[0].logical_id == "Framework"


def test_non_compliant_finding_names_resource_control_and_framework() -> None:
    report = cdk_backup.check(_app(control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION")))
    finding = next(f for f in report.findings if f.rule == template_rules.CONTROL_NON_COMPLIANT.id)
    assert finding.logical_id == "T"
    assert "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION" in finding.message and "Template/Framework" in finding.message
    assert "no copy to another Region" in finding.message


def test_framework_evaluates_its_own_environment_only(tmp_path: Any) -> None:
    bodies = {"Here": template(Framework=framework(control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"))),
              "There": template(U=table(), B=bucket())}
    artifacts = {}
    for name, environment in (("Here", "aws://111122223333/us-east-1"), ("There", "aws://111122223333/eu-west-1")):
        (tmp_path / f"{name}.template.json").write_text(json.dumps(bodies[name]))
        artifacts[name] = {"type": "aws:cloudformation:stack", "environment": environment,
                           "properties": {"templateFile": f"{name}.template.json"}}
    (tmp_path / "manifest.json").write_text(json.dumps({"version": "55.0.0", "artifacts": artifacts}))
    result = _result(cdk_backup.check(tmp_path))
    assert result.status == "compliant" and result.resources == ()


def test_unknown_control_is_only_an_aws_rule_finding() -> None:
    report = cdk_backup.check(_app(control("BACKUP_NOT_A_CONTROL")))
    assert report.controls == [] and not report.ok


def test_controls_in_text_and_json() -> None:
    report = cdk_backup.check(_app(control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION")))
    assert "NON-COMPLIANT" in report.to_text() and "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION" in report.to_text()
    data = json.loads(report.to_json())
    assert data["controls"][0]["status"] == "non_compliant"
    assert data["controls"][0]["resources"][0]["logical_id"] == "T"


def test_copy_region_unknown_without_an_environment() -> None:
    report = cdk_backup.check(_app(control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION"),
                                   rules=[rule(copies=[copy(ELSEWHERE, delete=35)])]))
    result = _result(report)
    assert result.status == "not_decidable"
    assert report.coverage[0].protected_by[0].copies[0].cross_region is None


def test_manual_deletion_of_air_gapped_vaults_is_not_judged(tmp_path: Any) -> None:
    report = cdk_backup.check(_in(KNOWN, _app(control("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED"),
                                              vault_props={"policy": DENY_DELETION}, lag=True), tmp_path))
    statuses = {r.logical_id: r.status for r in _result(report).resources}
    assert statuses == {"Vault": "compliant", "Lag": "not_decidable"}
