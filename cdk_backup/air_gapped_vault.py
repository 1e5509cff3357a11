"""LogicallyAirGappedVault: a locked vault, isolated from the account's own credentials."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import aws_cdk as cdk
from aws_cdk import aws_backup as l1
from constructs import Construct

from cdk_backup import _rules as R
from cdk_backup._l1 import new_l1, overrides_nothing
from cdk_backup._validation import (
    Where,
    as_int,
    check_bound,
    check_min_le_max,
    check_pattern,
    duration_days,
)
from cdk_backup._vault_base import (
    OwnedVault,
    apply_removal_policy,
    default_vault_name,
    encryption_key_arn,
    notification_props,
)
from cdk_backup.vault import _check_document

if TYPE_CHECKING:
    from aws_cdk import aws_iam as iam
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_sns as sns

    from cdk_backup.events import BackupVaultEvents


@overrides_nothing
class LogicallyAirGappedVault(OwnedVault):
    """A logically air-gapped vault (``AWS::Backup::LogicallyAirGappedBackupVault``).

    It is always locked in compliance mode with the retention range given here, which can never
    change (a change replaces the vault). It receives copies from copy actions
    (``BackupPlanCopyActionProps(destination_backup_vault=lag)``) or, where AWS supports it, direct
    backups (``BackupPlanRule(logically_air_gapped_backup_vault=lag)``). Copies must use customer
    managed KMS keys on the source side, and the copy role needs ``kms:CreateGrant``.
    """

    is_logically_air_gapped = True

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        min_retention: cdk.Duration,
        max_retention: cdk.Duration,
        backup_vault_name: str | None = None,
        encryption_key: kms.IKey | str | None = None,
        access_policy: iam.PolicyDocument | None = None,
        notification_topic: sns.ITopic | None = None,
        notification_events: Sequence[BackupVaultEvents | str] | None = None,
        mpa_approval_team_arn: str | None = None,
        removal_policy: cdk.RemovalPolicy = cdk.RemovalPolicy.RETAIN,
    ) -> None:
        """
        :param min_retention: at least 7 days; copies kept for less are refused.
        :param max_retention: at most 36,500 days; copies kept for longer (or for ever) are refused.
        :param encryption_key: customer managed KMS key. Default: an AWS owned key.
        :param mpa_approval_team_arn: Multi-party approval team for restoring from this vault.
        """
        super().__init__(scope, id)
        where = Where(self)
        check_pattern(where, backup_vault_name, R.VAULT_NAME)
        min_days = duration_days(min_retention, where, "min_retention")
        max_days = duration_days(max_retention, where, "max_retention")
        check_bound(where, min_days, R.LAG_MIN_RETENTION)
        check_bound(where, max_days, R.LAG_MAX_RETENTION)
        check_min_le_max(where, min_days, max_days, R.LAG_MIN_LE_MAX)
        self._retention: tuple[float | None, float | None] = (min_days, max_days)
        if access_policy is not None:
            _check_document(where, access_policy)
        self._resource = new_l1(l1.CfnLogicallyAirGappedBackupVault, self, "Resource", {
            "backupVaultName": backup_vault_name or default_vault_name(self),
            "minRetentionDays": as_int(min_days),
            "maxRetentionDays": as_int(max_days),
            "encryptionKeyArn": encryption_key_arn(where, encryption_key),
            "accessPolicy": access_policy,
            "notifications": notification_props(self, where, notification_topic, notification_events),
            "mpaApprovalTeamArn": mpa_approval_team_arn,
        })
        apply_removal_policy(self, self._resource, removal_policy)
        self.min_retention_days = min_days
        self.max_retention_days = max_days

    def _read_name(self) -> str:
        """``Ref`` of an air-gapped vault is its name; it has no BackupVaultName attribute."""
        return str(self._resource.ref)

    def retention_range(self) -> tuple[float | None, float | None]:
        return self._retention
