"""A production account: encrypted, locked vault with failure alerts; daily/weekly/monthly plan with
PITR for databases; selections by construct and by tag."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from constructs import Construct

import cdk_backup as backup


class ProductionBackupStack(cdk.Stack):
    """Vault, plan and selections for the data of one production application."""

    def __init__(self, scope: Construct, id: str, **kwargs: object) -> None:
        super().__init__(scope, id, **kwargs)  # type: ignore[arg-type]

        # The data to protect.
        data = Construct(self, "Data")
        orders = dynamodb.TableV2(
            data, "Orders", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True),
            removal_policy=cdk.RemovalPolicy.RETAIN)
        documents = s3.Bucket(data, "Documents", versioned=True, enforce_ssl=True,
                              encryption=s3.BucketEncryption.S3_MANAGED,
                              block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
                              removal_policy=cdk.RemovalPolicy.RETAIN)

        # Vault: customer managed key with rotation, deletion blocked, alerts, locked (governance mode).
        key = kms.Key(self, "BackupKey", enable_key_rotation=True, description="AWS Backup vault key")
        alerts = sns.Topic(self, "BackupAlerts", master_key=key, enforce_ssl=True)
        key.grant_encrypt_decrypt(cdk.aws_iam.ServicePrincipal("backup.amazonaws.com"))
        vault = backup.BackupVault(self, "Vault", encryption_key=key, notification_topic=alerts,
                                   notification_events=[backup.BackupVaultEvents.BACKUP_JOB_COMPLETED,
                                                        backup.BackupVaultEvents.COPY_JOB_FAILED,
                                                        backup.BackupVaultEvents.RESTORE_JOB_COMPLETED],
                                   block_recovery_point_deletion=True)
        vault.lock(min_retention=cdk.Duration.days(7), max_retention=cdk.Duration.days(1825))

        # One line each: an alarm on failed jobs, and an EventBridge rule for failures.
        cloudwatch.Alarm(self, "FailedBackups", metric=vault.metric_backup_jobs_failed(), threshold=1,
                         evaluation_periods=1,
                         comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                         treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                         ).add_alarm_action(cw_actions.SnsAction(alerts))

        # Plan: daily 35 d, weekly 90 d, monthly 5 y, plus 35 days of point-in-time recovery.
        plan = backup.BackupPlan.daily_weekly_monthly5_year_retention(self, "Plan", vault)
        plan.add_rule(backup.BackupPlanRule.continuous())

        # Selections: the data constructs (their logical ids reach cdk-nag), and anything tagged.
        plan.add_selection("Data", resources=[backup.BackupResource.from_construct(data)])
        plan.add_selection("Tagged", resources=[backup.BackupResource.from_tag("backup", "daily")],
                           conditions=[backup.TagCondition("environment", "prod")])
        cdk.CfnOutput(self, "OrdersTable", value=orders.table_name)
        cdk.CfnOutput(self, "DocumentsBucket", value=documents.bucket_name)


def build(app: cdk.App) -> list[cdk.Stack]:
    return [ProductionBackupStack(app, "ProductionBackup")]
