"""Rules only the whole-app checker can apply: across stacks, a user's backup policy, Audit Manager.

Constructs see one value at a time; these rules need the whole synthesized app (every stack of
one account and Region, every selection of every plan). The checker (``cdk_backup.check``)
applies them; each is a plain :class:`~cdk_backup.rules.Rule` with a stable id, like the rest of
the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cdk_backup.rules import plan as plan_rules
from cdk_backup.rules._core import Rule, Violation, known

# ---------------------------------------------------------------------------------------- AWS, across resources
VAULT_NAME_UNIQUE = Rule(
    "vaultNameUnique", "error", "AWS::Backup::BackupVault, AWS::Backup::LogicallyAirGappedBackupVault",
    "backup_vault_name",
    "{prop} must be unique among the vaults of an account and Region (AlreadyExistsException), got {got}, "
    "already the name of {other}",
    "C-R1",
)

# ---------------------------------------------------------------------------------------- BackupPolicy
POLICY_UNPROTECTED = Rule(
    "policyUnprotected", "error", "BackupPolicy", "resource",
    "{prop} must be selected by a backup plan whose jobs can run, got {got}", "policy",
)
POLICY_FREQUENCY = Rule(
    "policyMinFrequency", "error", "BackupPolicy", "min_frequency",
    "{prop} must be met by one backup rule, got {got}", "policy",
)
POLICY_RETENTION = Rule(
    "policyMinRetention", "error", "BackupPolicy", "min_retention",
    "{prop} must be met by one backup rule, got {got}", "policy",
)
POLICY_VAULT_LOCK = Rule(
    "policyVaultLock", "error", "BackupPolicy", "vault_lock",
    "{prop} must be met by one backup rule (its vault locked), got {got}", "policy",
)
POLICY_CUSTOMER_KEY = Rule(
    "policyCustomerKey", "error", "BackupPolicy", "encrypted_with_customer_key",
    "{prop} must be met by one backup rule (its vault encrypted with a customer managed KMS key), got {got}",
    "policy",
)
POLICY_CROSS_REGION = Rule(
    "policyCrossRegionCopy", "error", "BackupPolicy", "cross_region_copy",
    "{prop} must be met by one backup rule (a copy to another Region), got {got}", "policy",
)
POLICY_CROSS_ACCOUNT = Rule(
    "policyCrossAccountCopy", "error", "BackupPolicy", "cross_account_copy",
    "{prop} must be met by one backup rule (a copy to another account), got {got}", "policy",
)
POLICY_AIR_GAPPED = Rule(
    "policyAirGappedCopy", "error", "BackupPolicy", "air_gapped_copy",
    "{prop} must be met by one backup rule (a copy to, or a backup into, a logically air-gapped vault), got {got}",
    "policy",
)
POLICY_CONTINUOUS = Rule(
    "policyContinuousBackup", "error", "BackupPolicy", "continuous_backup",
    "{prop} must be met by a continuous backup rule, got {got}", "policy",
)
POLICY_UNDECIDED = Rule(
    "policyUndecided", "warning", "BackupPolicy", "resource",
    "{prop} meets the policy only depending on values known at deployment: {got}", "policy",
)

# ---------------------------------------------------------------------------------------- Audit Manager
CONTROL_NON_COMPLIANT = Rule(
    "auditControlNonCompliant", "warning", "AWS::Backup::Framework", "controls",
    "{prop} {control} of framework {framework} would find this NON_COMPLIANT once deployed: {got}", "B-§2.3",
)


def plan_names_unique(names: Sequence[tuple[object, str]]) -> Iterator[tuple[int, Violation]]:
    """Two plans of one account and Region must not share a name (AWS refuses the second).

    ``names`` are ``(name, where)`` pairs; each repeat is yielded with its position.
    """
    yield from _repeats(names, plan_rules.PLAN_NAME_UNIQUE)


def vault_names_unique(names: Sequence[tuple[object, str]]) -> Iterator[tuple[int, Violation]]:
    """Two vaults of one account and Region must not share a name (``(name, where)`` pairs)."""
    yield from _repeats(names, VAULT_NAME_UNIQUE)


def _repeats(names: Sequence[tuple[object, str]], rule: Rule) -> Iterator[tuple[int, Violation]]:
    first: dict[str, str] = {}
    for index, (name, where) in enumerate(names):
        if not known(name) or not isinstance(name, str):
            continue
        if name in first:
            yield index, rule.violation(name, other=first[name])
        else:
            first[name] = where
