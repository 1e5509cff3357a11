"""BackupVault and VaultLock: where recovery points live, and who may delete them."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING

import aws_cdk as cdk
from aws_cdk import aws_backup as l1
from aws_cdk import aws_iam as iam
from constructs import Construct

from cdk_backup import _inputs as inputs
from cdk_backup import _vault_base as base
from cdk_backup._vault_base import ImportedVault, VaultBase
from cdk_backup.rules import Text, known
from cdk_backup.rules import common as common_rules
from cdk_backup.rules import vault as rules
from cdk_backup.rules.arns import vault_name_of

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


class VaultLockMode(str, Enum):
    """How strong a vault lock is; AWS derives it from whether ``changeable_for`` is set."""

    GOVERNANCE = "GOVERNANCE"
    """Users with the right IAM permissions can change or remove the lock."""
    COMPLIANCE = "COMPLIANCE"
    """Nobody, not even AWS, can change or remove the lock once ``changeable_for`` has passed."""


class BackupVault(VaultBase):
    """An AWS Backup vault (``AWS::Backup::BackupVault``), retained when the stack is deleted.

    Example::

        vault = backup.BackupVault(self, "Vault", encryption_key=key,
                                   block_recovery_point_deletion=True,
                                   notification_topic=topic)
        vault.lock(min_retention=Duration.days(7), max_retention=Duration.days(400))
    """

    PROPERTY_INJECTION_ID: str = "cdk-backup.BackupVault"
    """The id aws-cdk-lib's property injectors would match (cdk_backup applies no injectors)."""

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
        super().__init__(scope, id, physical_name=inputs.physical_name(backup_vault_name))
        name = inputs.optional_str(self, "backup_vault_name", backup_vault_name)
        inputs.enforce(self, rules.VAULT_NAME.check(name))
        block = inputs.required_bool(self, "block_recovery_point_deletion", block_recovery_point_deletion)
        inputs.instance(self, "lock_configuration", lock_configuration, l1.LockConfiguration,
                        "an aws_backup.LockConfiguration")
        self._access_policy = base.access_policy(self, access_policy)
        policy = base.removal_policy(self, removal_policy)
        self._resource = l1.CfnBackupVault(
            self, "Resource",
            backup_vault_name=backup_vault_name or base.default_vault_name(self),
            encryption_key_arn=base.encryption_key_arn(self, encryption_key),
            access_policy=self._access_policy,
            notifications=base.notifications(self, notification_topic, notification_events),
        )
        self._resource.apply_removal_policy(policy)
        self.vault_lock: VaultLock | None = None
        """The lock of this vault, if any."""
        if lock_configuration is not None:
            self.lock(min_retention=lock_configuration.min_retention,
                      max_retention=lock_configuration.max_retention,
                      changeable_for=lock_configuration.changeable_for)
        if block:
            self.block_recovery_point_deletion()

    @property
    def backup_vault_name(self) -> str:
        """The vault name (``Fn::GetAtt BackupVaultName``, as aws-cdk-lib renders it)."""
        return self._resource.attr_backup_vault_name

    @property
    def backup_vault_arn(self) -> str:
        """The vault ARN."""
        return self._resource.attr_backup_vault_arn

    def retention_range(self) -> tuple[object, object] | None:
        if self.vault_lock is None:
            return None
        return self.vault_lock.min_retention_days, self.vault_lock.max_retention_days

    # ------------------------------------------------------------------ imports
    @staticmethod
    def from_backup_vault_name(scope: Construct, id: str, backup_vault_name: str) -> VaultBase:
        """A vault of this stack's account and Region, by name."""
        name = inputs.required_str(f"{scope.node.path}/{id}", "backup_vault_name", backup_vault_name)
        inputs.enforce(f"{scope.node.path}/{id}", rules.VAULT_NAME.check(name))
        arn = cdk.Stack.of(scope).format_arn(service="backup", resource="backup-vault",
                                             resource_name=backup_vault_name,
                                             arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME)
        return ImportedVault(scope, id, name=backup_vault_name, arn=arn)

    @staticmethod
    def from_backup_vault_arn(scope: Construct, id: str, backup_vault_arn: str) -> VaultBase:
        """A vault by ARN, possibly in another account or Region (for copy actions).

        The name is the ARN's last part, parsed as aws-cdk-lib parses it (a literal name when the
        ARN's resource part is literal); a malformed literal ARN is refused.
        """
        where = f"{scope.node.path}/{id}"
        arn = inputs.required_str(where, "backup_vault_arn", backup_vault_arn)
        if known(arn):
            inputs.enforce(where, common_rules.vault_arn(arn, prop="backup_vault_arn"))
            name = vault_name_of(backup_vault_arn)
            assert name is not None
            return ImportedVault(scope, id, name=name, arn=backup_vault_arn, literal_arn=backup_vault_arn)
        parts = cdk.Arn.split(backup_vault_arn, cdk.ArnFormat.COLON_RESOURCE_NAME)
        return ImportedVault(scope, id, name=str(parts.resource_name), arn=backup_vault_arn,
                             literal_arn=backup_vault_arn)

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
        inputs.instance(self, "statement", statement, iam.PolicyStatement, "an iam.PolicyStatement", required=True)
        inputs.enforce(self, rules.policy_actions(statement.actions))
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
        exempt = inputs.optional_list(self, "exempt_principal_arns", exempt_principal_arns,
                                      lambda p, v: inputs.required_str(self, p, v))
        conditions = None
        if exempt:
            conditions = {"ArnNotLike": {"aws:PrincipalArn": list(exempt_principal_arns or ())}}
        self.access_policy.add_statements(iam.PolicyStatement(
            sid="DenyRecoveryPointDeletion",
            effect=iam.Effect.DENY, principals=[iam.AnyPrincipal()],
            actions=list(RECOVERY_POINT_PROTECTION_ACTIONS), resources=["*"], conditions=conditions,
        ))

    # ------------------------------------------------------------------ lock
    def lock(self, *, min_retention: cdk.Duration, max_retention: cdk.Duration | None = None,
             changeable_for: cdk.Duration | None = None) -> VaultLock:
        """Lock this vault (see :class:`VaultLock`)."""
        return VaultLock(self, "Lock", backup_vault=self, min_retention=min_retention,
                         max_retention=max_retention, changeable_for=changeable_for)


class VaultLock(cdk.Resource):
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
        if not isinstance(backup_vault, BackupVault):
            inputs.enforce(self, [rules.LOCK_OWNED_VAULT.violation(Text(type(backup_vault).__name__))])
        if backup_vault.vault_lock is not None:
            second = Text(f"a second lock on {backup_vault.node.path}")
            inputs.enforce(self, [rules.LOCK_ONE_PER_VAULT.violation(second)])
        self.backup_vault = backup_vault
        self.min_retention_days = inputs.days(self, "min_retention", min_retention, required=True)
        self.max_retention_days = inputs.days(self, "max_retention", max_retention)
        self.changeable_for_days = inputs.days(self, "changeable_for", changeable_for)
        inputs.enforce(self, rules.lock(self.min_retention_days, self.max_retention_days, self.changeable_for_days),
                       warn_on=self)
        self.mode = VaultLockMode.GOVERNANCE if changeable_for is None else VaultLockMode.COMPLIANCE
        backup_vault.vault_lock = self
        backup_vault._resource.lock_configuration = l1.CfnBackupVault.LockConfigurationTypeProperty(
            min_retention_days=inputs.duration_rendered(self.min_retention_days, "days"),
            max_retention_days=inputs.duration_rendered(self.max_retention_days, "days"),
            changeable_for_days=inputs.duration_rendered(self.changeable_for_days, "days"),
        )

