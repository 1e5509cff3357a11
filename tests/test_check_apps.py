"""The checker on real synthesized apps: aws-cdk-lib L2s, raw L1s, escape-hatch overrides, tags from
``Tags.of``, cross-stack references, a nested stage, and cdk_backup's own constructs.

Each app is synthesized once per module (``scope="module"``); the tests read the one report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_backup as backup
from aws_cdk import aws_dynamodb as ddb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_s3 as s3

import cdk_backup
from cdk_backup.rules import plan as plan_rules
from tests.check_fixtures import coverage_of


def _synthesizer() -> cdk.DefaultStackSynthesizer:
    return cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False)


def build_mixed_app(outdir: str) -> cdk.App:
    """Data in one stack, backups in another (aws-cdk-lib L2s, L1s and overrides), a stage with its own."""
    app = cdk.App(outdir=outdir)
    data = cdk.Stack(app, "Data", synthesizer=_synthesizer())
    orders = ddb.Table(data, "Orders", partition_key=ddb.Attribute(name="pk", type=ddb.AttributeType.STRING))
    cdk.Tags.of(orders).add("backup", "daily")
    logs = s3.Bucket(data, "Logs", versioned=True)
    scratch = s3.Bucket(data, "Scratch", versioned=True)
    for bucket, env in ((logs, "prod-eu"), (scratch, "prod-test")):
        cdk.Tags.of(bucket).add("team", "payments")
        cdk.Tags.of(bucket).add("env", env)
    disk = ec2.CfnVolume(data, "Disk", availability_zone="us-east-1a", size=10, encrypted=True)
    cdk.Tags.of(disk).add("backup", "daily")
    owner = cdk.CfnParameter(data, "Owner", type="String")
    raw = ddb.CfnTable(data, "Raw", key_schema=[ddb.CfnTable.KeySchemaProperty(attribute_name="pk", key_type="HASH")],
                       attribute_definitions=[ddb.CfnTable.AttributeDefinitionProperty(attribute_name="pk",
                                                                                       attribute_type="S")],
                       billing_mode="PAY_PER_REQUEST")
    cdk.Tags.of(raw).add("backup", owner.value_as_string)
    archive = cdk.NestedStack(data, "Archive")
    old = ddb.Table(archive, "Old", partition_key=ddb.Attribute(name="pk", type=ddb.AttributeType.STRING))
    cdk.Tags.of(old).add("backup", "daily")

    backups = cdk.Stack(app, "Backups", synthesizer=_synthesizer())
    locked = backup.BackupVault(backups, "Locked")
    cfn_vault = locked.node.default_child
    assert isinstance(cfn_vault, cdk.CfnResource)
    cfn_vault.add_property_override("LockConfiguration", {"MinRetentionDays": 7, "MaxRetentionDays": 35})
    compliance = backup.BackupPlan(backups, "Compliance", backup_vault=locked)
    compliance.add_rule(backup.BackupPlanRule(rule_name="Quarterly", delete_after=cdk.Duration.days(90),
                                              schedule_expression=events.Schedule.cron(minute="0", hour="5")))
    compliance.add_rule(backup.BackupPlanRule(rule_name="Yearly", delete_after=cdk.Duration.days(365),
                                              schedule_expression=events.Schedule.cron(minute="0", hour="5",
                                                                                       day="1")))
    compliance.add_selection("Orders", resources=[backup.BackupResource.from_dynamo_db_table(orders)])
    main = backup.BackupVault(backups, "Main")
    daily = backup.BackupPlan.daily35_day_retention(backups, "Daily", main)
    daily.add_selection("Tagged", resources=[backup.BackupResource.from_tag("backup", "daily")])
    backup.CfnBackupSelection(backups, "Payments", backup_plan_id=daily.backup_plan_id,
                              backup_selection=backup.CfnBackupSelection.BackupSelectionResourceTypeProperty(
                                  selection_name="payments", iam_role_arn="arn:aws:iam::123456789012:role/backup",
                                  resources=["arn:aws:s3:::*"],
                                  conditions={"StringEquals": [{"ConditionKey": "aws:ResourceTag/team",
                                                                "ConditionValue": "payments"}],
                                              "StringLike": [{"ConditionKey": "aws:ResourceTag/env",
                                                              "ConditionValue": "prod*"}]},
                                  not_resources=[scratch.bucket_arn]))

    stage = cdk.Stage(app, "Prod")
    inner = cdk.Stack(stage, "Service", synthesizer=_synthesizer())
    items = ddb.TableV2(inner, "Items", partition_key=ddb.Attribute(name="pk", type=ddb.AttributeType.STRING))
    cdk.Tags.of(items).add("backup", "weekly")
    weekly = backup.BackupPlan(inner, "Weekly", backup_plan_rules=[backup.BackupPlanRule.weekly()])
    weekly.add_selection("Tagged", resources=[backup.BackupResource.from_tag("backup", "weekly")])
    return app


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, cdk_backup.CheckReport]:
    outdir = tmp_path_factory.mktemp("mixed")
    build_mixed_app(str(outdir)).synth()
    return outdir, cdk_backup.check(str(outdir))


def test_locked_vault_override_makes_the_long_rules_errors(mixed: Any) -> None:
    _, report = mixed
    errors = report.errors
    assert [(f.rule, f.stack, f.path) for f in errors] == [
        (plan_rules.LOCK_RETENTION_RANGE.id, "Backups", "Backups/Compliance/Resource")] * 2
    assert "got 90 days" in errors[0].message and "got 365 days" in errors[1].message
    assert "Backups/Locked/Resource (7..35 days)" in errors[0].message


def test_tagged_table_is_protected_despite_the_failing_plan(mixed: Any) -> None:
    _, report = mixed
    orders = next(c for c in report.coverage if c.path == "Data/Orders/Resource")
    assert orders.status == "protected" and orders.type == "AWS::DynamoDB::Table"
    by_plan = {p.plan_path: p for p in orders.protected_by}
    assert by_plan["Backups/Compliance/Resource"].errors and by_plan["Backups/Daily/Resource"].effective
    daily = by_plan["Backups/Daily/Resource"]
    assert (daily.rule_name, daily.frequency_hours, daily.retention_days, daily.vault_locked) == ("Daily", 24, 35,
                                                                                                  False)


def test_l1_volume_tagged_with_tags_of(mixed: Any) -> None:
    _, report = mixed
    assert coverage_of(report, "Disk").status == "protected"


def test_and_conditions_with_wildcards_and_not_resources(mixed: Any) -> None:
    _, report = mixed
    statuses = {c.path: c.status for c in report.coverage}
    assert statuses["Data/Logs/Resource"] == "protected"
    assert statuses["Data/Scratch/Resource"] == "unprotected"  # excluded through NotResources, an import


def test_tag_from_a_parameter_is_undecided(mixed: Any) -> None:
    _, report = mixed
    raw = coverage_of(report, "Raw")
    assert raw.status == "undecided" and "token" in (raw.reason or "")


def test_nested_stage(mixed: Any) -> None:
    _, report = mixed
    items = next(c for c in report.coverage if c.path.startswith("Prod/Service/Items"))
    assert items.stack == "Prod/Service" and items.type == "AWS::DynamoDB::GlobalTable"
    assert items.status == "protected" and items.protected_by[0].frequency_hours == 24 * 7
    assert sorted(report.stacks) == ["Backups", "Data", "Data/Archive", "Prod/Service"]


def test_nested_stack(mixed: Any) -> None:
    _, report = mixed
    statuses = {c.path: (c.status, c.backup_type) for c in report.coverage}
    assert statuses["Data/Archive/Old/Resource"] == ("protected", "DynamoDB")
    nested = next(c for c in report.coverage if c.type == "AWS::CloudFormation::Stack")
    assert nested.status == "unprotected" and nested.path.startswith("Data/Archive.NestedStack/")
    found = cdk_backup.check(mixed[0], cdk_backup.BackupPolicy(min_retention=1)).findings
    policy_paths = {f.path for f in found if f.rule.startswith("policy")}
    assert policy_paths == {"Data/Scratch/Resource", "Data/Raw"}  # not the nested stack itself


def test_report_formats_of_a_real_app(mixed: Any) -> None:
    import json

    _, report = mixed
    assert "unprotected  Data/Scratch/Resource" in report.to_text()
    data = json.loads(report.to_json())
    assert data["summary"]["errors"] == 2 and len(data["coverage"]) == len(report.coverage)
    sarif = json.loads(report.to_sarif())
    result = sarif["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("Backups.template.json")
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] > 1


# ---------------------------------------------------------------------------------------- cdk_backup constructs
def test_cdk_backup_vault_lock_against_aws_cdk_lib_rules(tmp_path: Path) -> None:
    """cdk_backup's vault, locked through its own API, with aws-cdk-lib's plan and selection."""
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Ours", synthesizer=_synthesizer())
    vault = cdk_backup.BackupVault(stack, "Vault", lock_configuration=backup.LockConfiguration(
        min_retention=cdk.Duration.days(7), max_retention=cdk.Duration.days(30)))
    plan = backup.BackupPlan.daily_monthly1_year_retention(stack, "Plan", vault)
    table = ddb.Table(stack, "Table", partition_key=ddb.Attribute(name="pk", type=ddb.AttributeType.STRING))
    plan.add_selection("Sel", resources=[backup.BackupResource.from_dynamo_db_table(table)])
    app.synth()
    report = cdk_backup.check(str(tmp_path))
    assert [f.rule for f in report.errors] == [plan_rules.LOCK_RETENTION_RANGE.id] * 2  # 35 and 365 days > 30
    (entry,) = report.coverage
    assert entry.status == "unprotected" and entry.path == "Ours/Table/Resource"
