"""An organization that backs up every account of an OU with one AWS Organizations backup policy.

Three stacks:

- ``OrgBackupPolicy`` (management account, or a delegated administrator for backup policies): the backup
  policy, attached to the Workloads OU, built from the same ``BackupPlanRule`` objects a ``BackupPlan``
  takes: daily and monthly backups into each account's ``org-backups`` vault, with a copy of the
  monthly ones into the central backup account; cross-account backup turned on for the organization
  (``BackupGlobalSettings``, which only works in the management account); and a daily report of the
  backup jobs of every Workloads account.
- ``MemberBaseline``: what the policy expects in every member account and Region (deploy it with a
  service-managed StackSet to the same OU): the ``org-backups`` vault, and the resource types AWS
  Backup protects there (``BackupRegionSettings``).
- ``CentralBackup`` (the backup account): the vault that receives the monthly copies of every account,
  with an S3 tiering configuration and a legal hold on the first quarter's copies for an audit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

import cdk_backup as backup

MANAGEMENT = cdk.Environment(account="111111111111", region="us-east-1")
CENTRAL = cdk.Environment(account="222222222222", region="eu-central-1")
ORGANIZATION_ID = "o-a1b2c3d4e5"
WORKLOADS_OU = "ou-ab12-cdef3456"
REGIONS = ["eu-central-1", "eu-west-1"]
MEMBER_VAULT = "org-backups"
CENTRAL_VAULT = "central"
days = cdk.Duration.days


class OrgBackupPolicyStack(cdk.Stack):
    """The backup policy of the Workloads OU, and cross-account backup for the organization."""

    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        # The vaults are named, not created, here: each member account has its own org-backups vault
        # (MemberBaseline), and the central account's vault receives the copies.
        member_vault = backup.BackupVault.from_backup_vault_name(self, "MemberVault", MEMBER_VAULT)
        central = backup.BackupVault.from_backup_vault_arn(
            self, "CentralVault",
            f"arn:aws:backup:{CENTRAL.region}:{CENTRAL.account}:backup-vault:{CENTRAL_VAULT}")
        monthly = backup.BackupPlanRule(
            rule_name="Monthly", backup_vault=member_vault, schedule_expression="cron(0 3 1 * ? *)",
            start_window=cdk.Duration.hours(1), completion_window=cdk.Duration.hours(12),
            move_to_cold_storage_after=days(90), delete_after=days(365 * 5),
            copy_actions=[backup.BackupPlanCopyActionProps(central, delete_after=days(365 * 5),
                                                           move_to_cold_storage_after=days(90))])
        self.policy = backup.OrganizationBackupPolicy(
            self, "Policy", policy_name="workloads-backup", plan_name="Workloads",
            description="Daily and monthly backups of every Workloads account, monthly copies kept centrally",
            backup_plan_rules=[backup.BackupPlanRule.daily(member_vault), monthly],
            regions=REGIONS, target_ids=[WORKLOADS_OU],
            selections=[backup.OrganizationTagSelection(tag_key="backup", tag_values=["daily", "monthly"])],
            # OUs below Workloads may add Regions or tag values, but not change the rules.
            child_policy_operators=[backup.PolicyOperator.APPEND],
            backup_plan_tags={"managed-by": "organization-backup-policy"})
        backup.BackupGlobalSettings(self, "CrossAccountBackup", global_settings={
            "isCrossAccountBackupEnabled": True}).acknowledge_provider_findings()

        # The management account sees the backup jobs of every Workloads account, every day.
        key = kms.Key(self, "ReportKey", enable_key_rotation=True, description="Organization backup reports")
        logs = _bucket(self, "AccessLogs", key)
        backup.ReportPlan(self, "JobReport", report_template=backup.ReportTemplate.BACKUP_JOB_REPORT,
                          bucket=_bucket(self, "Reports", key, logs), key_prefix="backup-jobs",
                          organization_units=[WORKLOADS_OU], regions=REGIONS)
        for finding, reason in {
            "NIST.800.53.R5-S3BucketReplicationEnabled": "Reports can be regenerated; the buckets are versioned.",
            "AwsSolutions-S1": "The access-log bucket does not log to itself.",
            "NIST.800.53.R5-S3BucketLoggingEnabled": "The access-log bucket does not log to itself.",
        }.items():
            cdk.Validations.of(self).acknowledge(cdk.Acknowledgment(id=finding, reason=reason))


def _bucket(scope: Construct, id: str, key: kms.IKey, logs: s3.IBucket | None = None) -> s3.Bucket:
    """A versioned, KMS-encrypted, TLS-only, private bucket (with access logs when ``logs`` is given)."""
    return s3.Bucket(scope, id, versioned=True, enforce_ssl=True, encryption=s3.BucketEncryption.KMS,
                     encryption_key=key, block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
                     server_access_logs_bucket=logs, server_access_logs_prefix=f"{id.lower()}/" if logs else None,
                     removal_policy=cdk.RemovalPolicy.RETAIN)


class MemberBaselineStack(cdk.Stack):
    """What every member account needs in each Region of the policy (deploy with a StackSet)."""

    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        key = kms.Key(self, "Key", enable_key_rotation=True, description="Organization backup vault")
        key.grant_encrypt_decrypt(iam.ServicePrincipal("backup.amazonaws.com"))
        backup.BackupVault(self, "Vault", backup_vault_name=MEMBER_VAULT, encryption_key=key,
                           block_recovery_point_deletion=True)
        backup.BackupRegionSettings(
            self, "Protected", resource_type_opt_in_preference={
                "DynamoDB": True, "EBS": True, "EC2": True, "EFS": True, "RDS": True, "Aurora": True, "S3": True},
            resource_type_management_preference={"DynamoDB": True, "EFS": True},
        ).acknowledge_provider_findings()


class CentralBackupStack(cdk.Stack):
    """The vault that keeps every account's monthly copies."""

    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        key = kms.Key(self, "Key", enable_key_rotation=True, description="Central backup vault")
        key.grant_encrypt_decrypt(iam.ServicePrincipal("backup.amazonaws.com"))
        vault = backup.BackupVault(self, "Vault", backup_vault_name=CENTRAL_VAULT, encryption_key=key,
                                   block_recovery_point_deletion=True)
        vault.add_to_access_policy(iam.PolicyStatement(
            sid="AllowCopiesFromTheOrganization", principals=[iam.AnyPrincipal()],
            actions=["backup:CopyIntoBackupVault"], resources=["*"],
            conditions={"StringEquals": {"aws:PrincipalOrgID": ORGANIZATION_ID}}))
        vault.lock(min_retention=days(30), max_retention=days(365 * 5))
        # S3 backup data older than 90 days moves to the lower-cost tier (one way, until deletion).
        backup.TieringConfiguration(self, "S3Tiering", backup_vault=vault, resource_selections=[
            backup.TieringResourceSelection(resource_type=backup.TieringResourceType.S3, resources=["*"],
                                            tiering_down_after=days(90))])
        # An audit needs the first quarter's copies kept until it ends; deleting this construct (or
        # the stack) releases the hold, so it is retained.
        hold = backup.LegalHold(
            self, "AuditHold", title="Audit 2024", description="Keep Q1 2024 copies until the audit closes",
            recovery_point_selection=backup.LegalHoldRecoveryPointSelection(
                vaults=[vault], date_range=backup.LegalHoldDateRange(from_date=dt.date(2024, 1, 1),
                                                                     to_date=dt.date(2024, 3, 31))))
        hold.apply_removal_policy(cdk.RemovalPolicy.RETAIN)


def build(app: cdk.App) -> list[cdk.Stack]:
    # Server access logs through a bucket policy, not the legacy log-delivery ACL.
    app.node.set_context("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", True)
    return [
        OrgBackupPolicyStack(app, "OrgBackupPolicy", env=MANAGEMENT),
        # A StackSet deploys this template in every member account and Region, so it has no env.
        MemberBaselineStack(app, "MemberBaseline"),
        CentralBackupStack(app, "CentralBackup", env=CENTRAL),
    ]
