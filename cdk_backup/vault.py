"""BackupVault and VaultLock: where recovery points live, and who may delete them."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

import aws_cdk as cdk
from aws_cdk import aws_backup as l1
from aws_cdk import aws_iam as iam
from constructs import Construct

from cdk_backup import _rules as R
from cdk_backup._arns import arn_env, vault_arn, vault_name_from_arn
from cdk_backup._l1 import new_l1, node_get, overrides_nothing, set_l1
from cdk_backup._validation import (
    Loc,
    Where,
    as_int,
    check_bound,
    check_min_le_max,
    check_pattern,
    duration_days,
    fail_rule,
    is_unresolved,
    show,
    warn,
)
from cdk_backup._vault_base import (
    OwnedVault,
    VaultBase,
    apply_removal_policy,
    check_removal_policy,
    default_vault_name,
    encryption_key_arn,
    notification_props,
)

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_sns as sns

    from cdk_backup.events import BackupVaultEvents

LockConfiguration = l1.LockConfiguration
"""aws-cdk-lib's lock struct: ``LockConfiguration(min_retention=…, max_retention=…, changeable_for=…)``."""

RECOVERY_POINT_PROTECTION_ACTIONS = (
    "backup:DeleteRecoveryPoint",
    "backup:UpdateRecoveryPointLifecycle",
    "backup:PutBackupVaultAccessPolicy",
)
"""The actions AWS Config's backup-recovery-point-manual-deletion-disabled rule wants denied to everyone."""


_L2_CARRIER = True
"""Let aws-cdk-lib's BackupVault build plain vaults (see ``BackupVault.__init__``); tests turn it off
to check that both ways give the same template."""


class VaultLockMode(str, Enum):
    """How strong a vault lock is; AWS derives it from whether ``changeable_for`` is set."""

    GOVERNANCE = "GOVERNANCE"
    """Users with the right IAM permissions can change or remove the lock."""
    COMPLIANCE = "COMPLIANCE"
    """Nobody, not even AWS, can change or remove the lock once ``changeable_for`` has passed."""


@overrides_nothing
class BackupVault(OwnedVault):
    """An AWS Backup vault (``AWS::Backup::BackupVault``), retained when the stack is deleted.

    Example::

        vault = backup.BackupVault(self, "Vault", encryption_key=key,
                                   block_recovery_point_deletion=True,
                                   notification_topic=topic)
        vault.lock(min_retention=Duration.days(7), max_retention=Duration.days(400))
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        backup_vault_name: str | None = None,
        encryption_key: kms.IKey | str | None = None,
        access_policy: iam.PolicyDocument | None = None,
        block_recovery_point_deletion: bool = False,
        notification_topic: sns.ITopic | None = None,
        notification_events: Sequence[BackupVaultEvents | str] | None = None,
        lock_configuration: l1.LockConfiguration | None = None,
        removal_policy: cdk.RemovalPolicy = cdk.RemovalPolicy.RETAIN,
    ) -> None:
        """
        :param backup_vault_name: 2-50 letters, digits, ``-`` or ``_``. Default: a unique name from the path.
        :param encryption_key: KMS key (or key ARN) for fully managed resource types; cannot change later.
            Default: the AWS managed key ``aws/backup``.
        :param access_policy: resource policy of the vault. No wildcard actions.
        :param block_recovery_point_deletion: deny deleting recovery points, changing their lifecycle and
            replacing the vault policy to everyone (see :meth:`block_recovery_point_deletion`).
        :param notification_topic: SNS topic for vault events; AWS Backup is allowed to publish to it.
        :param notification_events: events to send. Default: every event AWS still sends.
        :param lock_configuration: lock the vault (see :class:`VaultLock`).
        :param removal_policy: default RETAIN: a vault holding recovery points cannot be deleted.
        """
        from cdk_backup._paths import child_path, remember

        remember(self, child_path(scope, id))  # so names and messages have a path before the construct exists
        where = Where(self)
        check_pattern(where, backup_vault_name, R.VAULT_NAME)
        name = backup_vault_name or default_vault_name(self)
        self._access_policy: iam.PolicyDocument | None = access_policy
        if access_policy is not None:
            _check_document(where, access_policy)
        self.vault_lock: VaultLock | None = None
        """The lock of this vault, if any."""
        self._lock: dict[str, Any] | None = None
        self._retention: tuple[float | None, float | None] | None = None
        self._cfn: l1.CfnBackupVault | None = None
        self._by_l2 = _L2_CARRIER and not (isinstance(encryption_key, str) or access_policy or notification_topic
                           or notification_events or lock_configuration or block_recovery_point_deletion)
        if self._by_l2:
            # With only a name, a removal policy and perhaps a key object, aws-cdk-lib's BackupVault renders
            # exactly what our L1 code renders (CfnBackupVault "Resource": BackupVaultName, the key's ARN,
            # DeletionPolicy/UpdateReplacePolicy), so that class builds it: one jsii call instead of three.
            # The Python object and all behaviour stay ours; tests compare both paths' templates.
            if encryption_key is not None:
                encryption_key_arn(where, encryption_key)
            super().__init__(scope, id, node_class=l1.BackupVault, node_props={
                "backupVaultName": name, "encryptionKey": encryption_key, "removalPolicy": removal_policy})
            check_removal_policy(self, removal_policy)
        else:
            super().__init__(scope, id)
            self._cfn = new_l1(l1.CfnBackupVault, self, "Resource", {
                "backupVaultName": name,
                "encryptionKeyArn": encryption_key_arn(where, encryption_key),
                "accessPolicy": access_policy,
                "notifications": notification_props(self, where, notification_topic, notification_events),
            })
            apply_removal_policy(self, self._cfn, removal_policy)
        if lock_configuration is not None:
            self.lock(min_retention=lock_configuration.min_retention,
                      max_retention=lock_configuration.max_retention,
                      changeable_for=lock_configuration.changeable_for)
        if block_recovery_point_deletion:
            self.block_recovery_point_deletion()

    @property
    def _resource(self) -> l1.CfnBackupVault:
        """The ``CfnBackupVault`` (``node.default_child``), read from jsii when first needed."""
        if self._cfn is None:
            self._cfn = cast(l1.CfnBackupVault, self.node.default_child)
        return self._cfn

    def _read_name(self) -> str:
        """``Fn::GetAtt BackupVaultName``, as aws-cdk-lib renders it."""
        if self._by_l2 and self._cfn is None:
            return str(node_get(self, "backupVaultName"))
        return str(self._resource.attr_backup_vault_name)

    def _read_arn(self) -> str:
        if self._by_l2 and self._cfn is None:
            return str(node_get(self, "backupVaultArn"))
        return str(self._resource.attr_backup_vault_arn)

    # ------------------------------------------------------------------ imports
    @staticmethod
    def from_backup_vault_name(scope: Construct, id: str, backup_vault_name: str) -> VaultBase:
        """A vault of this stack's account and Region, by name."""
        check_pattern(Where(scope, f"/{id}"), backup_vault_name, R.VAULT_NAME)
        imported = _ImportedVault(scope, id)
        imported.backup_vault_name = backup_vault_name
        imported.backup_vault_arn = vault_arn(scope, backup_vault_name)
        return imported

    @staticmethod
    def from_backup_vault_arn(scope: Construct, id: str, backup_vault_arn: str) -> VaultBase:
        """A vault by ARN, possibly in another account or Region (for copy actions)."""
        where = Where(scope, f"/{id}")
        try:
            name = vault_name_from_arn(backup_vault_arn)
        except ValueError:
            fail_rule(where, show(backup_vault_arn), R.COPY_DESTINATION_ARN, "backup_vault_arn")
        imported = _ImportedVault(scope, id)
        imported.backup_vault_name = name
        imported.backup_vault_arn = backup_vault_arn
        imported.account, imported.region = arn_env(backup_vault_arn)
        return imported

    # ------------------------------------------------------------------ policy
    @property
    def access_policy(self) -> iam.PolicyDocument:
        """The vault's resource policy, created on first use."""
        if self._access_policy is None:
            self._access_policy = iam.PolicyDocument()
            self._resource.access_policy = self._access_policy
        return self._access_policy

    def add_to_access_policy(self, statement: iam.PolicyStatement) -> None:
        """Add a statement to the vault's resource policy (no wildcard actions)."""
        _check_actions(Where(self), statement.actions)
        self.access_policy.add_statements(statement)

    def block_recovery_point_deletion(self, *, exempt_principal_arns: Sequence[str] | None = None) -> None:
        """Deny ``backup:DeleteRecoveryPoint``, ``backup:UpdateRecoveryPointLifecycle`` and
        ``backup:PutBackupVaultAccessPolicy`` to every principal on this vault.

        This is what AWS Config's ``backup-recovery-point-manual-deletion-disabled`` rule checks.
        Because ``PutBackupVaultAccessPolicy`` is denied too, nobody can change or remove the vault
        policy afterwards, CloudFormation included: a later deployment that changes ``access_policy``
        fails with AccessDenied. Pass ``exempt_principal_arns`` (for example your deployment role, and
        break-glass roles) to keep those principals able to update the policy and manage recovery points;
        list the same ARNs in the Config rule's ``principalArnList``.
        """
        conditions = None
        if exempt_principal_arns:
            conditions = {"ArnNotLike": {"aws:PrincipalArn": list(exempt_principal_arns)}}
        self.access_policy.add_statements(iam.PolicyStatement(
            sid="DenyRecoveryPointDeletion",
            effect=iam.Effect.DENY, principals=[iam.AnyPrincipal()],
            actions=list(RECOVERY_POINT_PROTECTION_ACTIONS), resources=["*"], conditions=conditions,
        ))

    # ------------------------------------------------------------------ lock
    def lock(self, *, min_retention: cdk.Duration, max_retention: cdk.Duration | None = None,
             changeable_for: cdk.Duration | None = None) -> VaultLock:
        """Lock this vault (see :class:`VaultLock`)."""
        if self._lock is not None:
            fail_rule(Where(self), "a second lock", R.LOCK_ONE_PER_VAULT)
        return VaultLock(self, "Lock", backup_vault=self, min_retention=min_retention,
                         max_retention=max_retention, changeable_for=changeable_for)

    def retention_range(self) -> tuple[float | None, float | None] | None:
        return self._retention

    def _apply_lock(self, where: Loc, lock: VaultLock, props: dict[str, Any],
                    retention: tuple[float | None, float | None]) -> None:
        if self._lock is not None:
            fail_rule(where, f"a second lock on {Where(self)}", R.LOCK_ONE_PER_VAULT)
        self._lock = props
        self._retention = retention
        self.vault_lock = lock
        set_l1(self._resource, "lock_configuration", props)


@overrides_nothing
class _ImportedVault(VaultBase):
    """A vault defined elsewhere."""


@overrides_nothing
class VaultLock(Construct):
    """Vault Lock (WORM) on a vault defined in this app.

    - Governance mode (no ``changeable_for``): the lock can be changed or removed by users with
      permission; retention limits are enforced on new backup and copy jobs.
    - Compliance mode (``changeable_for`` set, at least 3 days): during the grace time after the
      deployment that creates the lock the lock can still be changed or removed. When it ends
      (lock date = deployment time + ``changeable_for``) the lock is immutable for ever: nobody, not
      even AWS, can remove it, shorten retention, or delete recovery points before ``min_retention``.
      A warning annotation says so on every synth.

    Every backup rule and copy action that targets the vault must keep recovery points between
    ``min_retention`` and ``max_retention``; cdk_backup checks that at synth, because AWS would
    otherwise fail each job at run time.
    """

    def __init__(self, scope: Construct, id: str, *, backup_vault: BackupVault, min_retention: cdk.Duration,
                 max_retention: cdk.Duration | None = None, changeable_for: cdk.Duration | None = None) -> None:
        super().__init__(scope, id)
        where = Where(self)
        if not isinstance(backup_vault, BackupVault):
            fail_rule(where, type(backup_vault).__name__, R.LOCK_OWNED_VAULT)
        props, retention, changeable_days = lock_props(where, min_retention, max_retention, changeable_for)
        backup_vault._apply_lock(where, self, props, retention)
        vault = backup_vault
        self.backup_vault = vault
        self.min_retention_days, self.max_retention_days = retention
        self.changeable_for_days = changeable_days
        self.mode = VaultLockMode.GOVERNANCE if changeable_days is None else VaultLockMode.COMPLIANCE
        if self.mode is VaultLockMode.COMPLIANCE:
            days = show(changeable_days) if not is_unresolved(changeable_days) else "changeable_for"
            warn(self, "vaultLockCompliance",
                 f"Vault Lock in COMPLIANCE mode on {vault.node.path}: {days} days after the deployment that "
                 "creates it, the lock becomes immutable. From then on nobody, not even AWS, can remove the "
                 "lock, shorten retention, or delete the vault or its recovery points before their minimum "
                 f"retention. Deploy with care [{R.LOCK_COMPLIANCE.id}]")


def lock_props(where: Loc, min_retention: cdk.Duration, max_retention: cdk.Duration | None,
               changeable_for: cdk.Duration | None
               ) -> tuple[dict[str, Any], tuple[float | None, float | None], float | None]:
    """Check a lock's bounds and render its ``LockConfiguration`` (camelCase L1 keys)."""
    min_days = duration_days(min_retention, where, "min_retention")
    max_days = duration_days(max_retention, where, "max_retention")
    changeable = duration_days(changeable_for, where, "changeable_for")
    check_bound(where, min_days, R.LOCK_MIN_RETENTION)
    check_bound(where, max_days, R.LOCK_MAX_RETENTION)
    check_bound(where, changeable, R.LOCK_CHANGEABLE_FOR)
    check_min_le_max(where, min_days, max_days, R.LOCK_MIN_LE_MAX)
    props: dict[str, Any] = {"minRetentionDays": as_int(min_days)}
    if max_days is not None:
        props["maxRetentionDays"] = as_int(max_days)
    if changeable is not None:
        props["changeableForDays"] = as_int(changeable)
    return props, (min_days, max_days), changeable


def _check_actions(where: Loc, actions: Sequence[str]) -> None:
    for action in actions:
        if isinstance(action, str) and "*" in action:
            fail_rule(where, show(action), R.ACCESS_POLICY_WILDCARD)


def _check_document(where: Loc, document: iam.PolicyDocument) -> None:
    rendered = document.to_json() or {}
    for statement in rendered.get("Statement", []):
        actions = statement.get("Action", [])
        _check_actions(where, [actions] if isinstance(actions, str) else actions)
