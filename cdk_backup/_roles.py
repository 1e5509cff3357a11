"""The service role AWS Backup assumes for a selection, and the AWS managed policies it needs.

The role is an ``iam.Role`` at ``<selection>/Role``, exactly as aws-cdk-lib's ``BackupSelection`` makes
it, so grants to the selection land in ``<selection>/Role/DefaultPolicy`` whatever the selection holds.
"""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from constructs import Construct

BACKUP_SERVICE = "backup.amazonaws.com"

BACKUP_POLICY = "service-role/AWSBackupServiceRolePolicyForBackup"
RESTORE_POLICY = "service-role/AWSBackupServiceRolePolicyForRestores"
S3_BACKUP_POLICY = "AWSBackupServiceRolePolicyForS3Backup"
S3_RESTORE_POLICY = "AWSBackupServiceRolePolicyForS3Restore"

AWS_BACKUP_MANAGED_POLICIES = (BACKUP_POLICY, RESTORE_POLICY, S3_BACKUP_POLICY, S3_RESTORE_POLICY)
"""Every AWS managed policy cdk_backup attaches to selection roles."""


def backup_service_role(scope: Construct) -> iam.Role:
    """A role at ``scope/Role`` trusted by ``backup.amazonaws.com`` (aws-cdk-lib's ``BackupSelection`` role)."""
    return iam.Role(scope, "Role", assumed_by=iam.ServicePrincipal(BACKUP_SERVICE))


def policy_names(*, backup: bool, restores: bool, s3: bool) -> list[str]:
    """The managed policies a selection role needs, in the order they are attached.

    ``AWSBackupServiceRolePolicyForBackup`` unless disabled, ``…ForRestores`` with restores, and the S3
    backup (and restore) policies when the selection holds an S3 bucket (A-R74).
    """
    names = []
    if backup:
        names.append(BACKUP_POLICY)
    if restores:
        names.append(RESTORE_POLICY)
    if s3:
        names.append(S3_BACKUP_POLICY)
        if restores:
            names.append(S3_RESTORE_POLICY)
    return names


def attach(role: iam.IRole, names: list[str]) -> None:
    """Attach AWS managed policies to ``role`` (a no-op for an immutable imported role, as in aws-cdk-lib)."""
    for name in names:
        role.add_managed_policy(iam.ManagedPolicy.from_aws_managed_policy_name(name))
