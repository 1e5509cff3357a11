"""Compliance example: every table and bucket backed up daily, kept 35 days, in a locked vault, with a
copy in another Region; checked before deployment by ``BackupChecks`` against ``policy.json`` and by
the Audit Manager framework it deploys."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as ddb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

import cdk_backup as backup

ACCOUNT, REGION, DR_REGION = "111111111111", "eu-west-1", "eu-central-1"
ENV = cdk.Environment(account=ACCOUNT, region=REGION)


def build(app: cdk.App) -> list[cdk.Stack]:
    data = cdk.Stack(app, "ComplianceData", env=ENV)
    orders = ddb.Table(data, "Orders", partition_key=ddb.Attribute(name="pk", type=ddb.AttributeType.STRING),
                       point_in_time_recovery_specification=ddb.PointInTimeRecoverySpecification(
                           point_in_time_recovery_enabled=True))
    invoices = s3.Bucket(data, "Invoices", versioned=True, enforce_ssl=True,
                         encryption=s3.BucketEncryption.S3_MANAGED,
                         block_public_access=s3.BlockPublicAccess.BLOCK_ALL)
    for resource in (orders, invoices):
        cdk.Tags.of(resource).add("backup", "critical")

    backups = cdk.Stack(app, "ComplianceBackups", env=ENV)
    key = kms.Key(backups, "VaultKey", enable_key_rotation=True)
    vault = backup.BackupVault(backups, "Vault", encryption_key=key, block_recovery_point_deletion=True,
                               lock_configuration=backup.LockConfiguration(min_retention=cdk.Duration.days(7),
                                                                            max_retention=cdk.Duration.days(3650)))
    disaster_recovery = backup.BackupVault.from_backup_vault_arn(
        backups, "DisasterRecovery", f"arn:aws:backup:{DR_REGION}:{ACCOUNT}:backup-vault:disaster-recovery")
    plan = backup.BackupPlan(backups, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="DailyWithCopy", backup_vault=vault, schedule_expression="cron(0 5 * * ? *)",
        delete_after=cdk.Duration.days(35),
        copy_actions=[backup.BackupPlanCopyActionProps(destination_backup_vault=disaster_recovery,
                                                       delete_after=cdk.Duration.days(35))])])
    plan.add_selection("Critical", resources=[backup.BackupResource.from_tag("backup", "critical")])
    control, critical = backup.FrameworkControl, backup.ControlScope.tag("backup", "critical")
    backup.Framework(backups, "Framework", framework_name="CriticalData", controls=[
        control.backup_resources_protected_by_backup_plan(scope=critical),
        control.backup_resources_protected_by_backup_vault_lock(scope=critical),
        control.backup_resources_protected_by_cross_region(regions=[DR_REGION], scope=critical),
        control.backup_last_recovery_point_created(cdk.Duration.hours(24), scope=critical),
        control.backup_recovery_point_manual_deletion_disabled(),
    ])
    return [data, backups]
