"""The service role AWS Backup assumes for a selection, and the AWS managed policies it needs.

The role is an ``iam.Role`` at ``<selection>/Role``, exactly as aws-cdk-lib's ``BackupSelection`` makes
it, so grants to the selection land in ``<selection>/Role/DefaultPolicy`` whatever the selection holds.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from aws_cdk import aws_iam as iam
from constructs import Construct, IDependable

BACKUP_SERVICE = "backup.amazonaws.com"

BACKUP_POLICY = "service-role/AWSBackupServiceRolePolicyForBackup"
RESTORE_POLICY = "service-role/AWSBackupServiceRolePolicyForRestores"
S3_BACKUP_POLICY = "AWSBackupServiceRolePolicyForS3Backup"
S3_RESTORE_POLICY = "AWSBackupServiceRolePolicyForS3Restore"

AWS_BACKUP_MANAGED_POLICIES = (BACKUP_POLICY, RESTORE_POLICY, S3_BACKUP_POLICY, S3_RESTORE_POLICY)
"""Every AWS managed policy cdk_backup attaches to selection roles."""


class BackupServiceRole(iam.Role):
    """aws-cdk-lib's ``BackupSelection`` role (at ``scope/Role``, trusted by ``backup.amazonaws.com``), which
    tells its owner about each policy that receives a grant, so the owner can wait for it."""

    def __init__(self, scope: Construct, *, policies: list[str], on_policy: Callable[[IDependable], None]) -> None:
        super().__init__(scope, "Role", assumed_by=backup_principal(),
                         managed_policies=[aws_managed_policy(name) for name in policies] or None)
        self._on_policy = on_policy

    def add_to_principal_policy(self, statement: iam.PolicyStatement) -> iam.AddToPrincipalPolicyResult:
        """As ``iam.Role`` does (the statement goes to ``Role/DefaultPolicy``), then tell the owner."""
        result = super().add_to_principal_policy(statement)
        if result.policy_dependable is not None:
            self._on_policy(result.policy_dependable)
        return result


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
        role.add_managed_policy(aws_managed_policy(name))


@cache
def backup_principal() -> iam.ServicePrincipal:
    """``backup.amazonaws.com``; a principal belongs to no scope, so one object serves every app."""
    return iam.ServicePrincipal(BACKUP_SERVICE)


@cache
def aws_managed_policy(name: str) -> iam.IManagedPolicy:
    """An AWS managed policy by name. It belongs to no scope (its ARN takes the partition of the stack that
    renders it), so one object per name serves every app; keyed by name, never by construct."""
    return iam.ManagedPolicy.from_aws_managed_policy_name(name)
