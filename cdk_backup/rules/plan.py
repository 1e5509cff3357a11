"""Rules of backup plans and their rules: schedules, windows, lifecycles, copies, continuous backup.

Each function takes the plain values of one rule (or plan) as the construct normalized them or as
the whole-app checker read them from ``AWS::Backup::BackupPlan``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cdk_backup.rules._core import Rule, Text, Unresolved, Violation, bound, known, pattern
from cdk_backup.rules.arns import parse_arn
from cdk_backup.rules.common import tags, unique

PLAN_NAME = pattern(
    "planName", "BackupPlan", "backup_plan_name", r"[a-zA-Z0-9\-_.]{1,50}",
    "1 to 50 letters, digits, hyphens, underscores or periods", "C-R2",
)
RULE_NAME = pattern(
    "ruleName", "BackupPlanRule", "rule_name", r"[a-zA-Z0-9\-_.]{1,50}",
    "1 to 50 letters, digits, hyphens, underscores or periods", "C-R3/A-R1",
)
PLAN_NAME_UNIQUE = Rule(
    "duplicatePlanName", "error", "BackupPlan", "backup_plan_name",
    "{prop} must be unique among the plans of an account and Region (AlreadyExistsException), got {got}, "
    "already the name of {other}", "A-R2",
)
PLAN_HAS_RULES = Rule(
    "planHasRules", "error", "BackupPlan", "backup_plan_rules",
    "{prop} must hold at least one rule, got {got}", "A-R6/C-R12",
)
RULE_NAMES_UNIQUE = Rule(
    "duplicateRuleName", "error", "BackupPlan", "rule_name", "{prop} must be unique within a plan, got {got} twice",
    "A-R7",
)
START_WINDOW = bound("startWindowRange", "BackupPlanRule", "start_window", 60, 52_560_000, "minutes", "C-R16/A-R18")
COMPLETION_WINDOW = bound("completionWindowRange", "BackupPlanRule", "completion_window", 1, 52_560_000, "minutes",
                          "C-R17")
COMPLETION_LE_START = Rule(
    "completionWindowNotLonger", "warning", "BackupPlanRule", "completion_window",
    "{prop} ({got}) is not longer than start_window ({start} minutes): a job that starts late may be cancelled "
    "before it can finish", "C-R17/A-R19",
)
DELETE_AFTER = bound("deleteAfter", "BackupPlanRule, copy action", "delete_after", 1, 36500, "days", "C-R18/A-R25")
COLD_AFTER = bound("coldStorageAfter", "BackupPlanRule, copy action", "move_to_cold_storage_after", 1, 36500, "days",
                   "C-R18")
COLD_GAP = Rule(
    "coldStorageGap", "error", "BackupPlanRule, copy action", "delete_after",
    "{prop} must be at least 90 days after move_to_cold_storage_after ({cold} days), i.e. at least {needed} days, "
    "got {got}", "A-R22/C-R19/A-R34",
)
COLD_WITHOUT_DELETE = Rule(
    "coldWithoutDelete", "warning", "BackupPlanRule", "move_to_cold_storage_after",
    "{prop} is {got} but delete_after is not set, so recovery points are kept in cold storage for ever", "A-R24",
)
CONTINUOUS_RETENTION = bound("continuousRetention", "BackupPlanRule", "delete_after", 1, 35, "days",
                             "A-R35/C-R21")
CONTINUOUS_NO_COLD = Rule(
    "continuousNoColdStorage", "error", "BackupPlanRule", "move_to_cold_storage_after",
    "{prop} must not be set with enable_continuous_backup, got {got}", "A-R36",
)
CONTINUOUS_ONE_VAULT = Rule(
    "continuousOneVault", "error", "BackupPlan", "backup_vault",
    "{prop}: continuous rules of one plan must target the same vault, got {got}", "A-R37",
)
S3_CONTINUOUS_SAME_VAULT = Rule(
    "s3ContinuousSameVault", "error", "BackupPlan", "backup_vault",
    "{prop}: continuous and periodic rules must use the same vault when the plan selects S3 buckets, got {got}",
    "A-R41",
)
RDS_COPY_REGION_AND_ACCOUNT = Rule(
    "rdsCopyRegionAndAccount", "error", "BackupPlan", "copy_actions",
    "{prop} must not copy to a vault in both another Region and another account when the plan selects RDS, "
    "Aurora, DocumentDB or Neptune, got {got}", "A-R48",
)
COPY_DEFAULT_VAULT = Rule(
    "copyToForeignDefaultVault", "error", "BackupPlanCopyActionProps", "destination_backup_vault",
    "{prop} must not be another account's Default vault (cross-account copies into it are rejected), got {got}",
    "B-R50",
)
COPY_DEFAULT_VAULT_UNKNOWN = Rule(
    "copyToDefaultVault", "warning", "BackupPlanCopyActionProps", "destination_backup_vault",
    "{prop} is a Default vault, got {got}; copies into another account's Default vault are refused, and this "
    "stack's account is not known at synth, so it cannot be checked", "B-R50",
)
COPY_NO_LIFECYCLE = Rule(
    "copyWithoutLifecycle", "warning", "BackupPlanCopyActionProps", "delete_after",
    "{prop} is not set, so each copy is kept as long as its source recovery point ({source}); set it to keep "
    "copies for a known time{got}", "A-R55",
)
ARCHIVE_NEEDS_COLD = Rule(
    "archiveWithoutCold", "warning", "BackupPlanRule", "opt_in_to_archive_for_supported_resources",
    "{prop} has no effect without move_to_cold_storage_after{got}", "A-R29/C-R20",
)
ARCHIVE_MONTHLY = Rule(
    "archiveNeedsMonthly", "error", "BackupPlanRule", "opt_in_to_archive_for_supported_resources",
    "{prop} needs a schedule that runs monthly or less often (EBS snapshot archive), got {got}", "A-R28",
)
NO_SCHEDULE = Rule(
    "ruleWithoutSchedule", "warning", "BackupPlanRule", "schedule_expression",
    "{prop} is not set and continuous backup is off: AWS runs the rule daily at 05:00 UTC, its default{got}",
    "A-R13",
)
INDEX_ACTIONS = Rule(
    "indexActions", "error", "BackupPlanRule", "index_actions",
    "{prop} must hold at most one action, with exactly one resource type, EBS or S3, got {got}", "S-IndexAction",
)
RECOVERY_POINT_TAGS = bound("recoveryPointTagCount", "BackupPlanRule", "recovery_point_tags", 0, 50, "tags",
                            "A-R109")
AIR_GAPPED_NOT_TARGET = Rule(
    "airGappedNotTarget", "error", "BackupPlanRule", "backup_vault",
    "{prop} must be a standard vault (use logically_air_gapped_backup_vault for a direct air-gapped target), "
    "got {got}", "A-R95",
)
AIR_GAPPED_TARGET_KIND = Rule(
    "airGappedTargetKind", "error", "BackupPlanRule", "logically_air_gapped_backup_vault",
    "{prop} must be a logically air-gapped vault, got {got}", "A-R95",
)
SCAN_SETTINGS = Rule(
    "scanSettings", "error", "BackupPlan", "scan_settings",
    "{prop} must name every malware scanner the rules use, got {got} missing", "S-ScanAction",
)
LOCK_RETENTION_RANGE = Rule(
    "retentionInLockRange", "error", "BackupPlan", "delete_after",
    "{prop} must lie inside the lock range of vault {vault} ({range}), or every job into it fails, got {got}",
    "A-R91/C-R33",
)
SCAN_RESOURCE_TYPES = Rule(
    "scanResourceTypes", "error", "ScanSetting", "resource_types",
    "{prop} must list EBS, EC2 or S3, got {got}", "S-ScanResourceType",
)
SCANNER_ROLE_ARN = Rule(
    "scannerRoleArn", "error", "ScanSetting", "scanner_role",
    "{prop} must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>, got {got}",
    "S-ScanSetting",
)
AIR_GAPPED_TARGET_LOCAL = Rule(
    "airGappedTargetElsewhere", "error", "BackupPlanRule", "logically_air_gapped_backup_vault",
    "{prop} must be a vault in the plan's own account and Region ({here}), got {got}", "S-BackupRule",
)
VSS_NO_EC2 = Rule(
    "windowsVssWithoutEc2", "warning", "BackupPlan", "windows_vss",
    "{prop} is {got} but Windows VSS only applies to EC2 instances, and no selection of this plan selects one",
    "A-R107",
)

DEFAULT_CONTINUOUS_DAYS = 35
"""Continuous backups are kept 35 days unless ``delete_after`` says otherwise."""
MONTHLY_MIN_DAYS = 28
"""A schedule is 'monthly or less often' when no two runs are closer than this (A-R28)."""


@dataclass(frozen=True)
class Lifecycle:
    """When recovery points move to cold storage and when they are deleted (whole days)."""

    delete_after: int | float | Unresolved | None = None
    move_to_cold_storage_after: int | float | Unresolved | None = None
    opt_in_to_archive: bool | Unresolved | None = None


@dataclass(frozen=True)
class CopyAction:
    """A copy of every recovery point of a rule into another vault."""

    destination: str | Unresolved
    """The destination vault's ARN."""
    lifecycle: Lifecycle = Lifecycle()


@dataclass(frozen=True)
class PlanRule:
    """One rule of a plan, as plain values (what ``BackupRuleResourceType`` holds)."""

    name: str | Unresolved | None = None
    vault: str | Unresolved | None = None
    """The target vault (a name, an ARN or an identity the caller chooses)."""
    schedule: str | Unresolved | None = None
    timezone: str | Unresolved | None = None
    start_minutes: int | float | Unresolved | None = None
    completion_minutes: int | float | Unresolved | None = None
    lifecycle: Lifecycle = Lifecycle()
    continuous: bool = False
    copies: tuple[CopyAction, ...] = ()
    recovery_point_tags: dict[str, object] | None = None
    index_resource_types: tuple[object, ...] | None = None
    index_action_count: int = 0
    scanners: tuple[str, ...] = ()
    air_gapped_vault: str | Unresolved | None = None
    min_interval_days: float | None = None
    """The shortest gap between two runs of the schedule, in days, when it is known."""

    @property
    def delete_days(self) -> int | float | Unresolved | None:
        """Retention in days, with the continuous-backup default applied."""
        if self.lifecycle.delete_after is None and self.continuous:
            return DEFAULT_CONTINUOUS_DAYS
        return self.lifecycle.delete_after


def _num(value: object) -> float | None:
    return float(value) if known(value) and isinstance(value, (int, float)) and not isinstance(value, bool) else None


def lifecycle(life: Lifecycle, *, prefix: str = "") -> Iterator[Violation]:
    """Bounds, and delete at least 90 days after the move to cold storage."""
    yield from DELETE_AFTER.check(life.delete_after, prop=f"{prefix}delete_after")
    yield from COLD_AFTER.check(life.move_to_cold_storage_after, prop=f"{prefix}move_to_cold_storage_after")
    delete, cold = _num(life.delete_after), _num(life.move_to_cold_storage_after)
    if delete is not None and cold is not None and delete < cold + 90:
        yield COLD_GAP.violation(Text(f"{_int(delete)} days"), prop=f"{prefix}delete_after", cold=_int(cold),
                                 needed=_int(cold + 90))


def _int(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def rule(r: PlanRule) -> Iterator[Violation]:
    """Every check of one rule that needs nothing but the rule itself."""
    yield from RULE_NAME.check(r.name)
    yield from START_WINDOW.check(r.start_minutes)
    yield from COMPLETION_WINDOW.check(r.completion_minutes)
    start, completion = _num(r.start_minutes), _num(r.completion_minutes)
    if start is not None and completion is not None and completion <= start:
        yield COMPLETION_LE_START.violation(Text(f"{_int(completion)} minutes"), start=_int(start))
    life = r.lifecycle
    if r.continuous:
        if life.move_to_cold_storage_after is not None:
            yield CONTINUOUS_NO_COLD.violation(_days_text(life.move_to_cold_storage_after))
        yield from CONTINUOUS_RETENTION.check(r.delete_days)
    yield from lifecycle(life)
    if life.move_to_cold_storage_after is not None and life.delete_after is None and not r.continuous:
        yield COLD_WITHOUT_DELETE.violation(_days_text(life.move_to_cold_storage_after))
    if life.opt_in_to_archive is True:
        if life.move_to_cold_storage_after is None:
            yield ARCHIVE_NEEDS_COLD.violation(Text(""))
        if r.min_interval_days is not None and r.min_interval_days < MONTHLY_MIN_DAYS:
            yield ARCHIVE_MONTHLY.violation(Text(f"{r.schedule} (runs every {_gap(r.min_interval_days)})"))
    if r.schedule is None and not r.continuous:
        yield NO_SCHEDULE.violation(Text(""))
    if r.recovery_point_tags is not None:
        yield from tags(r.recovery_point_tags, prop="recovery_point_tags")
        yield from RECOVERY_POINT_TAGS.check(len(r.recovery_point_tags))
    if r.index_action_count > 1:
        yield INDEX_ACTIONS.violation(Text(f"{r.index_action_count} actions"))
    elif r.index_resource_types is not None:
        types = [t for t in r.index_resource_types if known(t)]
        if len(r.index_resource_types) != 1 or any(t not in ("EBS", "S3") for t in types):
            yield INDEX_ACTIONS.violation(list(r.index_resource_types))
    for index, copy in enumerate(r.copies):
        yield from lifecycle(copy.lifecycle, prefix=f"copy_actions[{index}].")
        if copy.lifecycle.delete_after is None:
            yield COPY_NO_LIFECYCLE.violation(Text(""), prop=f"copy_actions[{index}].delete_after",
                                              source=_forever(r.delete_days))


def _days_text(value: object) -> Text:
    return Text("a token" if not known(value) else f"{value} days")


def _forever(days: object) -> str:
    if days is None:
        return "for ever"
    return "a token" if not known(days) else f"{days} days"


def _gap(days: float) -> str:
    if days >= 1:
        return f"{_int(round(days, 2))} days"
    return f"{_int(round(days * 24, 2))} hours"


def plan(rules: Sequence[PlanRule]) -> Iterator[Violation]:
    """Checks across the rules of one plan: at least one rule, unique names, one continuous vault."""
    if not rules:
        yield PLAN_HAS_RULES.violation(Text("no rules"))
        return
    names = [r.name for r in rules if isinstance(r.name, str)]
    for name in sorted({n for n in names if names.count(n) > 1}):
        yield RULE_NAMES_UNIQUE.violation(name)
    continuous = {str(r.vault) for r in rules if r.continuous and known(r.vault)}
    if len(continuous) > 1:
        yield CONTINUOUS_ONE_VAULT.violation(sorted(continuous))


def s3_same_vault(rules: Sequence[PlanRule]) -> Iterator[Violation]:
    """A plan selecting S3 buckets must send continuous and periodic backups to one vault (A-R41)."""
    continuous = {str(r.vault) for r in rules if r.continuous and known(r.vault)}
    periodic = {str(r.vault) for r in rules if not r.continuous and known(r.vault)}
    if continuous and periodic and (continuous | periodic) != continuous & periodic:
        yield S3_CONTINUOUS_SAME_VAULT.violation(sorted(continuous | periodic))


def retention_in_lock(delete_days: object, lock_min: object, lock_max: object, *, vault: str,
                      prop: str = "delete_after") -> Iterator[Violation]:
    """A job's retention must lie in its vault's lock range; ``None`` retention means 'for ever'."""
    low, high = _num(lock_min), _num(lock_max)
    if low is None and high is None:
        return
    days = _num(delete_days)
    if delete_days is not None and days is None:
        return  # a token retention
    breaks = (days is None and high is not None) or (days is not None and (
        (low is not None and days < low) or (high is not None and days > high)))
    if breaks:
        shown = Text("no delete_after (kept for ever)" if days is None else f"{_int(days)} days")
        described = f"{_int(low) if low is not None else 1}..{_int(high) if high is not None else 'no maximum'} days"
        yield LOCK_RETENTION_RANGE.violation(shown, prop=prop, vault=vault, range=described)


def copy_cross_region_and_account(copy_index: int, cross_region: bool, cross_account: bool,
                                  selects_rds_family: bool) -> Iterator[Violation]:
    """RDS-family copies cannot be both cross-Region and cross-account in one action (A-R48)."""
    if selects_rds_family and cross_region and cross_account:
        yield RDS_COPY_REGION_AND_ACCOUNT.violation(Text("a vault in another Region and account"),
                                                    prop=f"copy_actions[{copy_index}]")


def copy_to_default_vault(destination: object, source_account: object, *,
                          prop: str = "destination_backup_vault") -> Iterator[Violation]:
    """Copies into another account's ``Default`` vault are refused (B-R50).

    ``destination`` is the copy's literal ARN; ``source_account`` the plan's account (``None`` or a
    token when it is not known at synth: then a warning says the check could not be made).
    """
    if not isinstance(destination, str):
        return
    arn = parse_arn(destination)
    if arn is None or arn.resource != "backup-vault:Default":
        return
    if not isinstance(source_account, str):
        yield COPY_DEFAULT_VAULT_UNKNOWN.violation(destination, prop=prop)
    elif arn.account != source_account:
        yield COPY_DEFAULT_VAULT.violation(destination, prop=prop)


def scanners_configured(rules: Sequence[PlanRule], configured: Sequence[object]) -> Iterator[Violation]:
    """Every malware scanner a rule's scan actions use needs a plan-level scan setting."""
    have = {str(scanner) for scanner in configured if known(scanner)}
    for r in rules:
        missing = sorted({s for s in r.scanners if known(s) and s not in have})
        if missing:
            yield SCAN_SETTINGS.violation(Text(", ".join(missing)), prop="scan_actions")


SCAN_TYPES = ("EBS", "EC2", "S3")
"""Resource types a malware scanner can scan (``ScanResourceType``)."""


def scan_setting(resource_types: Sequence[object], role_arn: object, *,
                 prop: str = "scan_settings") -> Iterator[Violation]:
    """A plan's scan setting: known resource types, each once, and an IAM role ARN."""
    unknown = [t for t in resource_types if known(t) and t not in SCAN_TYPES]
    if unknown:
        yield SCAN_RESOURCE_TYPES.violation(list(unknown), prop=f"{prop}.resource_types")
    yield from unique(list(resource_types), prop=f"{prop}.resource_types")
    if known(role_arn):
        arn = parse_arn(role_arn) if isinstance(role_arn, str) else None
        if arn is None or arn.service != "iam" or not arn.resource.startswith("role/") or len(arn.resource) < 6:
            yield SCANNER_ROLE_ARN.violation(role_arn, prop=f"{prop}.scanner_role")


def air_gapped_target_local(arn: object, account: object, region: object) -> Iterator[Violation]:
    """A direct air-gapped target must be in the plan's account and Region (known parts only)."""
    if not isinstance(arn, str):
        return
    parts = parse_arn(arn)
    if parts is None:
        return
    wrong_account = isinstance(account, str) and parts.account and parts.account != account
    wrong_region = isinstance(region, str) and parts.region and parts.region != region
    if wrong_account or wrong_region:
        yield AIR_GAPPED_TARGET_LOCAL.violation(arn, here=f"{account}, {region}")


def windows_vss(enabled: bool, selects_ec2: bool | None) -> Iterator[Violation]:
    """Windows VSS on a plan none of whose selections can select an EC2 instance (``None``: unknown)."""
    if enabled and selects_ec2 is False:
        yield VSS_NO_EC2.violation(True)
