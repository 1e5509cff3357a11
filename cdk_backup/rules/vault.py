"""Rules of backup vaults, vault locks and logically air-gapped vaults."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cdk_backup.rules._core import Rule, Text, Violation, bound, known, pattern

VAULT_NAME = pattern(  # also keeps out the reserved aws/efs/automatic-backup-vault (A-R5)
    "vaultName", "BackupVault, LogicallyAirGappedVault", "backup_vault_name",
    r"[a-zA-Z0-9\-_]{2,50}", "2 to 50 letters, digits, hyphens or underscores", "C-R1/A-R5",
)
ENCRYPTION_KEY_ARN = Rule(
    "vaultKeyArn", "error", "BackupVault, LogicallyAirGappedVault", "encryption_key",
    "{prop} must be a KMS key ARN, not an alias, got {got}", "C-R35",
)
ACCESS_POLICY_WILDCARD = Rule(
    "vaultPolicyWildcard", "error", "BackupVault", "access_policy",
    "{prop} must not use a wildcard (*) in an action, got {got}", "A-R78",
)
NOTIFICATION_EVENTS = Rule(
    "vaultNotificationEvents", "error", "BackupVault", "notification_events",
    "{prop} must be a non-empty list of BackupVaultEvents with a notification_topic, got {got}", "C-R36",
)
DEPRECATED_EVENTS = Rule(
    "deprecatedVaultEvents", "warning", "BackupVault", "notification_events",
    "{prop} {got} are deprecated by AWS and never sent; failures arrive as BACKUP_JOB_COMPLETED / "
    "RESTORE_JOB_COMPLETED with a State message attribute of FAILED", "C-R36",
)
IMPORTED_TOPIC = Rule(
    "importedTopicPolicy", "warning", "BackupVault", "notification_topic",
    "{prop} is imported, got {got}: its topic policy must let backup.amazonaws.com call sns:Publish, or AWS "
    "Backup cannot send notifications", "C-R36",
)
REMOVAL_DESTROY = Rule(
    "vaultRemovalDestroy", "warning", "BackupVault, LogicallyAirGappedVault", "removal_policy",
    "{prop} is {got}: CloudFormation cannot delete a vault that still holds recovery points, so stack deletion "
    "fails; RETAIN is the safe default", "A-R82",
)
REMOVAL_SNAPSHOT = Rule(
    "vaultRemovalSnapshot", "error", "BackupVault, LogicallyAirGappedVault", "removal_policy",
    "{prop} must be RETAIN, RETAIN_ON_UPDATE_OR_DELETE or DESTROY (a vault has no snapshot), got {got}",
    "S-DeletionPolicy",
)
LOCK_MIN_RETENTION = bound("lockMinRetention", "VaultLock", "min_retention", 1, 36500, "days", "C-R30/A-R85")
LOCK_MAX_RETENTION = bound("lockMaxRetention", "VaultLock", "max_retention", 1, 36500, "days", "C-R30/A-R86")
LOCK_CHANGEABLE_FOR = bound("lockChangeableFor", "VaultLock", "changeable_for", 3, 36500, "days", "C-R30/A-R84")
LOCK_MIN_LE_MAX = Rule(
    "lockMinAboveMax", "error", "VaultLock", "max_retention",
    "{prop} must be at least min_retention ({min} days), got {got}", "A-R88",
)
LOCK_ONE_PER_VAULT = Rule(
    "lockOnePerVault", "error", "VaultLock", "backup_vault", "{prop} must be locked at most once, got {got}", "A-R90",
)
LOCK_OWNED_VAULT = Rule(
    "lockOwnedVault", "error", "VaultLock", "backup_vault",
    "{prop} must be a BackupVault defined in this app, got {got}", "A-R90",
)
LOCK_COMPLIANCE = Rule(
    "vaultLockCompliance", "warning", "VaultLock", "changeable_for",
    "{prop} is set, so the lock is in COMPLIANCE mode: {got} after the deployment that creates it, the lock "
    "becomes immutable. From then on nobody, not even AWS, can remove the lock, shorten retention, or delete "
    "the vault or its recovery points before their minimum retention. Deploy with care", "A-R92",
)
LAG_MIN_RETENTION = bound("airGappedMinRetention", "LogicallyAirGappedVault", "min_retention", 7, 36500, "days",
                          "S-LAG/C-R34")
LAG_MAX_RETENTION = bound("airGappedMaxRetention", "LogicallyAirGappedVault", "max_retention", 7, 36500, "days",
                          "C-R34")
LAG_MIN_LE_MAX = Rule(
    "airGappedMinAboveMax", "error", "LogicallyAirGappedVault", "max_retention",
    "{prop} must be at least min_retention ({min} days), got {got}", "C-R34",
)


def lock(min_days: object, max_days: object, changeable_days: object) -> Iterator[Violation]:
    """A vault lock's bounds, and its minimum at most its maximum."""
    yield from LOCK_MIN_RETENTION.check(min_days)
    yield from LOCK_MAX_RETENTION.check(max_days)
    yield from LOCK_CHANGEABLE_FOR.check(changeable_days)
    yield from _min_le_max(LOCK_MIN_LE_MAX, min_days, max_days)
    if known(changeable_days):
        yield LOCK_COMPLIANCE.violation(Text(f"{changeable_days} days"))


def air_gapped_retention(min_days: object, max_days: object) -> Iterator[Violation]:
    """An air-gapped vault's retention range (7-36,500 days, min ≤ max)."""
    yield from LAG_MIN_RETENTION.check(min_days)
    yield from LAG_MAX_RETENTION.check(max_days)
    yield from _min_le_max(LAG_MIN_LE_MAX, min_days, max_days)


def _min_le_max(rule: Rule, low: object, high: object) -> Iterator[Violation]:
    if known(low) and known(high) and isinstance(low, (int, float)) and isinstance(high, (int, float)) \
            and high < low:
        yield rule.violation(Text(f"{high} days"), min=low)


def policy_actions(actions: Sequence[object]) -> Iterator[Violation]:
    """AWS Backup refuses vault access policies with wildcard actions."""
    for action in actions:
        if isinstance(action, str) and "*" in action:
            yield ACCESS_POLICY_WILDCARD.violation(action)


def key_arn(value: object) -> Iterator[Violation]:
    """A vault key is a key ARN (or a token), never an alias."""
    if isinstance(value, str) and (value.startswith("alias/") or ":alias/" in value or not value.startswith("arn:")):
        yield ENCRYPTION_KEY_ARN.violation(value)


def removal_policy(name: str) -> Iterator[Violation]:
    """SNAPSHOT is refused by CloudFormation on a vault; DESTROY fails while it holds recovery points."""
    if name == "SNAPSHOT":
        yield REMOVAL_SNAPSHOT.violation(name)
    elif name == "DESTROY":
        yield REMOVAL_DESTROY.violation(name)
