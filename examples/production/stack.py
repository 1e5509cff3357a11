"""A production account: a KMS-encrypted, locked vault with failure alerts; a daily/weekly/monthly plan
with point-in-time recovery for databases; selections by construct and by tag; a weekly restore test
of the DynamoDB and RDS backups; an Audit Manager framework and a compliance report."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from constructs import Construct

import cdk_backup as backup

days = cdk.Duration.days


def secure_bucket(scope: Construct, id: str, key: kms.IKey, logs: s3.IBucket | None = None) -> s3.Bucket:
    """A versioned, KMS-encrypted, TLS-only, private bucket with access logs."""
    return s3.Bucket(scope, id, versioned=True, enforce_ssl=True, encryption=s3.BucketEncryption.KMS,
                     encryption_key=key, block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
                     server_access_logs_bucket=logs, server_access_logs_prefix=f"{id.lower()}/" if logs else None,
                     removal_policy=cdk.RemovalPolicy.RETAIN)


class ProductionBackupStack(cdk.Stack):
    """Data of one production application, and everything that protects it."""

    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        key = kms.Key(self, "BackupKey", enable_key_rotation=True, description="AWS Backup vault and alerts")
        key.grant_encrypt_decrypt(iam.ServicePrincipal("backup.amazonaws.com"))

        # ---- the data to protect
        vpc = ec2.Vpc(self, "Vpc", max_azs=2, nat_gateways=0, subnet_configuration=[
            ec2.SubnetConfiguration(name="data", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)])
        logs = secure_bucket(self, "AccessLogs", key)
        vpc.add_flow_log("FlowLogs", destination=ec2.FlowLogDestination.to_s3(logs, "vpc-flow-logs/"))
        data = Construct(self, "Data")
        dynamodb.TableV2(
            data, "Orders", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True),
            deletion_protection=True)
        database = rds.DatabaseInstance(
            data, "Ledger", engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_17_9),
            vpc=vpc, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            instance_type=ec2.InstanceType("t4g.medium"), multi_az=True, storage_encrypted=True,
            storage_encryption_key=key, deletion_protection=True, port=5433,
            credentials=rds.Credentials.from_generated_secret("ledger_admin", encryption_key=key),
            iam_authentication=True, backup_retention=days(7), enable_performance_insights=True,
            performance_insight_encryption_key=key, cloudwatch_logs_exports=["postgresql", "upgrade"],
            monitoring_interval=cdk.Duration.seconds(60),
            auto_minor_version_upgrade=True, removal_policy=cdk.RemovalPolicy.RETAIN)
        secure_bucket(data, "Documents", key, logs)

        # ---- the vault: customer managed key, deletion blocked, locked, alerts on failure
        alerts = sns.Topic(self, "BackupAlerts", master_key=key, enforce_ssl=True)
        vault = backup.BackupVault(
            self, "Vault", encryption_key=key, notification_topic=alerts,
            notification_events=[backup.BackupVaultEvents.BACKUP_JOB_COMPLETED,
                                 backup.BackupVaultEvents.COPY_JOB_FAILED,
                                 backup.BackupVaultEvents.RESTORE_JOB_COMPLETED],
            block_recovery_point_deletion=True)
        vault.lock(min_retention=days(7), max_retention=days(1825))
        cloudwatch.Alarm(
            self, "FailedBackups", metric=vault.metric_backup_jobs_failed(), threshold=1, evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        ).add_alarm_action(cw_actions.SnsAction(alerts))
        vault.on_backup_job_failed("BackupJobFailed", target=targets.SnsTopic(alerts))

        # ---- the plan: daily 35 days, weekly 90 days, monthly 5 years, and 35 days of PITR
        plan = backup.BackupPlan.daily_weekly_monthly5_year_retention(self, "Plan", vault)
        plan.add_rule(backup.BackupPlanRule.continuous())
        plan.add_selection("Data", resources=[backup.BackupResource.from_construct(data)], allow_restores=True)
        plan.add_selection("Tagged", resources=[backup.BackupResource.from_tag("backup", "daily")],
                           conditions=[backup.TagCondition("environment", "prod")])

        # ---- a weekly restore test of the DynamoDB and RDS backups
        restore_sg = ec2.SecurityGroup(self, "RestoreTestSg", vpc=vpc, allow_all_outbound=False,
                                       description="Databases restored by AWS Backup restore tests")
        subnets = rds.SubnetGroup(self, "RestoreTestSubnets", vpc=vpc, description="Restore tests",
                                  vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED))
        restore_test = backup.RestoreTestingPlan(
            self, "WeeklyRestoreTest", schedule_expression="cron(0 3 ? * SUN *)",
            schedule_expression_timezone="Europe/Paris", start_window=cdk.Duration.hours(4),
            recovery_point_selection=backup.RecoveryPointSelection(include_vaults=[vault], selection_window=days(7)))
        restore_test.add_selection("Tables", protected_resource_type=backup.ProtectedResourceType.DYNAMODB,
                                   validation_window=cdk.Duration.hours(2))
        restore_test.add_selection(
            "Databases", protected_resource_type=backup.ProtectedResourceType.RDS,
            protected_resource_arns=[database.instance_arn],
            # A restored DB must land in our VPC: AWS cannot infer these without a default VPC.
            restore_metadata_overrides={"dbSubnetGroupName": subnets.subnet_group_name,
                                        "vpcSecurityGroupIds": [restore_sg.security_group_id],
                                        "dbInstanceClass": "db.t4g.medium"},
            validation_window=cdk.Duration.hours(2))

        # ---- audit: AWS's recommended controls and a daily compliance report
        framework = backup.Framework.aws_backup_recommended(self, "Framework", framework_name="ProductionBackups")
        reports = secure_bucket(self, "Reports", key, logs)
        backup.ReportPlan(self, "ComplianceReport", report_template=backup.ReportTemplate.CONTROL_COMPLIANCE_REPORT,
                          bucket=reports, frameworks=[framework], key_prefix="audit")
        acknowledge_findings(self)


def acknowledge_findings(stack: cdk.Stack) -> None:
    """cdk-nag findings this design accepts, each with its reason (see README, "cdk-nag")."""
    backup.acknowledge_aws_backup_managed_policies(stack)
    acks = {
        "NIST.800.53.R5-S3BucketReplicationEnabled":
            "Buckets are protected by AWS Backup (versioned, backed up daily) instead of S3 replication.",
        "AwsSolutions-S1": "The access-log bucket does not log to itself.",
        "NIST.800.53.R5-S3BucketLoggingEnabled": "The access-log bucket does not log to itself.",
        "NIST.800.53.R5-VPCDefaultSecurityGroupClosed":
            "Nothing uses the default security group; closing it needs a custom-resource Lambda.",
        "AwsSolutions-SMG4": "The example database secret is rotated by the application team's own process.",
        "NIST.800.53.R5-SecretsManagerRotationEnabled":
            "The example database secret is rotated by the application team's own process.",
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]":
            "RDS enhanced monitoring uses the AWS managed role policy AWS provides for it.",
    }
    for rule, reason in acks.items():
        cdk.Validations.of(stack).acknowledge(cdk.Acknowledgment(id=rule, reason=reason))


def build(app: cdk.App) -> list[cdk.Stack]:
    # Server access logs through a bucket policy, not the legacy log-delivery ACL.
    app.node.set_context("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", True)
    return [ProductionBackupStack(app, "ProductionBackup")]
