"""The validation catalogue: every rule cdk_backup checks, as data.

Each rule carries the id of the spec digest it comes from (``A-R…`` plans/vaults/selections
guide, ``B-R…`` restore/audit guide, ``C-R…`` API reference, ``S-…`` CloudFormation schema or
service model) so that a message can cite it and the README table is generated from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    """One check: where it applies, what it requires, and how bad a breach is."""

    id: str
    construct: str
    prop: str
    requirement: str
    severity: Severity = "error"


@dataclass(frozen=True)
class Bound:
    """An inclusive numeric range; ``None`` means unbounded on that side."""

    rule: Rule
    low: float | None
    high: float | None
    unit: str

    def describe(self) -> str:
        if self.low is not None and self.high is not None:
            return f"between {_num(self.low)} and {_num(self.high)} {self.unit}"
        if self.low is not None:
            return f"at least {_num(self.low)} {self.unit}"
        return f"at most {_num(self.high or 0)} {self.unit}"


@dataclass(frozen=True)
class Pattern:
    """A full-match regular expression with a human description."""

    rule: Rule
    regex: re.Pattern[str]
    description: str


def _num(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else str(value)


RULES: list[Rule] = []


def _rule(rule_id: str, construct: str, prop: str, requirement: str, severity: Severity = "error") -> Rule:
    rule = Rule(rule_id, construct, prop, requirement, severity)
    RULES.append(rule)
    return rule


def _bound(rule_id: str, construct: str, prop: str, low: float | None, high: float | None, unit: str) -> Bound:
    bound = Bound(Rule(rule_id, construct, prop, ""), low, high, unit)
    rule = Rule(rule_id, construct, prop, f"must be {bound.describe()}")
    RULES.append(rule)
    return Bound(rule, low, high, unit)


def _pattern(rule_id: str, construct: str, prop: str, regex: str, description: str) -> Pattern:
    rule = _rule(rule_id, construct, prop, f"must be {description}")
    return Pattern(rule, re.compile(regex), description)


# ---------------------------------------------------------------- durations
WHOLE_DAYS = _rule("C-R18", "any", "lifecycle and retention durations", "must be a whole number of days")

# ---------------------------------------------------------------- vaults
VAULT_NAME = _pattern(
    "C-R1", "BackupVault, LogicallyAirGappedVault", "backup_vault_name",
    r"[a-zA-Z0-9\-_]{2,50}", "2 to 50 letters, digits, hyphens or underscores",
)
ENCRYPTION_KEY_ARN = _rule(
    "C-R35", "BackupVault, LogicallyAirGappedVault", "encryption_key", "must be a KMS key ARN, not an alias"
)
ACCESS_POLICY_WILDCARD = _rule(
    "A-R78", "BackupVault", "access_policy / grant actions", "must not use a wildcard (*) in an action"
)
NOTIFICATION_EVENTS = _rule(
    "C-R36", "BackupVault", "notification_events", "must be a non-empty list of BackupVaultEvents values"
)
DEPRECATED_EVENTS = _rule(
    "C-R36", "BackupVault", "notification_events",
    "deprecated events (e.g. BACKUP_JOB_FAILED) are accepted but never sent", "warning",
)
LOCK_MIN_RETENTION = _bound("C-R30/A-R85", "VaultLock", "min_retention", 1, 36500, "days")
LOCK_MAX_RETENTION = _bound("C-R30/A-R86", "VaultLock", "max_retention", 1, 36500, "days")
LOCK_CHANGEABLE_FOR = _bound("C-R30/A-R84", "VaultLock", "changeable_for", 3, 36500, "days")
LOCK_MIN_LE_MAX = _rule("A-R88", "VaultLock", "max_retention", "must be at least min_retention")
LOCK_ONE_PER_VAULT = _rule("A-R90", "VaultLock", "backup_vault", "must be locked at most once")
LOCK_OWNED_VAULT = _rule("A-R90", "VaultLock", "backup_vault", "must be a vault defined in this app")
LOCK_COMPLIANCE = _rule(
    "A-R92", "VaultLock", "changeable_for",
    "compliance mode becomes immutable when the grace time ends", "warning",
)
LOCK_RETENTION_RANGE = _rule(
    "A-R91/C-R33", "BackupPlan", "delete_after (rule or copy action)",
    "must lie inside the target vault's lock range (min..max retention), or every job fails",
)
LAG_MIN_RETENTION = _bound("S-LAG/C-R34", "LogicallyAirGappedVault", "min_retention", 7, 36500, "days")
LAG_MAX_RETENTION = _bound("C-R34", "LogicallyAirGappedVault", "max_retention", 7, 36500, "days")
LAG_MIN_LE_MAX = _rule("C-R34", "LogicallyAirGappedVault", "max_retention", "must be at least min_retention")
REMOVAL_DESTROY = _rule(
    "A-R82", "BackupVault, LogicallyAirGappedVault", "removal_policy",
    "DESTROY fails while the vault holds recovery points", "warning",
)

# ---------------------------------------------------------------- plans and rules
PLAN_NAME = _pattern(
    "C-R2", "BackupPlan", "backup_plan_name", r"[a-zA-Z0-9\-_.]{1,50}",
    "1 to 50 letters, digits, hyphens, underscores or periods",
)
RULE_NAME = _pattern(
    "C-R3/A-R1", "BackupPlanRule", "rule_name", r"[a-zA-Z0-9\-_.]{1,50}",
    "1 to 50 letters, digits, hyphens, underscores or periods",
)
PLAN_HAS_RULES = _rule(
    "A-R6/C-R12", "BackupPlan", "backup_plan_rules", "must hold at least one rule (checked at synth)"
)
RULE_NAMES_UNIQUE = _rule("A-R7", "BackupPlan", "rule_name", "must be unique within a plan")
SCHEDULE_CRON = _rule(
    "A-R8/C-R13", "BackupPlanRule, RestoreTestingPlan", "schedule_expression",
    "must be an AWS cron expression with 6 fields, cron(min hour day-of-month month day-of-week year), "
    "one of the day fields '?'",
)
SCHEDULE_HOURLY = _rule(
    "A-R9/C-R14", "BackupPlanRule", "schedule_expression", "must not run more often than once an hour"
)
SCHEDULE_TIMEZONE = _rule(
    "A-R11/C-R15", "BackupPlanRule, RestoreTestingPlan", "schedule_expression_timezone",
    "must be an IANA time zone name, e.g. Europe/Paris",
)
SCHEDULE_MIDNIGHT = _rule(
    "A-R12", "BackupPlanRule", "schedule_expression",
    "an hour step that crosses midnight runs fewer times than it seems", "warning",
)
START_WINDOW = _bound("C-R16/A-R18", "BackupPlanRule", "start_window", 60, 52_560_000, "minutes")
COMPLETION_WINDOW = _bound("C-R17", "BackupPlanRule", "completion_window", 1, 52_560_000, "minutes")
COMPLETION_LE_START = _rule(
    "C-R17/A-R19", "BackupPlanRule", "completion_window",
    "should be longer than start_window", "warning",
)
DELETE_AFTER = _bound("C-R18/A-R25", "BackupPlanRule, copy action", "delete_after", 1, 36500, "days")
COLD_AFTER = _bound("C-R18", "BackupPlanRule, copy action", "move_to_cold_storage_after", 1, 36500, "days")
COLD_GAP = _rule(
    "A-R22/C-R19/A-R34", "BackupPlanRule, copy action", "delete_after",
    "must be at least 90 days after move_to_cold_storage_after",
)
COLD_WITHOUT_DELETE = _rule(
    "A-R24", "BackupPlanRule", "move_to_cold_storage_after",
    "without delete_after the recovery points are kept for ever", "warning",
)
CONTINUOUS_RETENTION = _bound("A-R35/C-R21", "BackupPlanRule", "delete_after (continuous)", 1, 35, "days")
CONTINUOUS_NO_COLD = _rule(
    "A-R36", "BackupPlanRule", "move_to_cold_storage_after", "must not be set with enable_continuous_backup"
)
CONTINUOUS_ONE_VAULT = _rule(
    "A-R37", "BackupPlan", "backup_vault", "continuous rules of one plan must target the same vault"
)
ARCHIVE_NEEDS_COLD = _rule(
    "A-R29/C-R20", "BackupPlanRule", "opt_in_to_archive_for_supported_resources",
    "has no effect without move_to_cold_storage_after", "warning",
)
ARCHIVE_MONTHLY = _rule(
    "A-R28", "BackupPlanRule", "opt_in_to_archive_for_supported_resources",
    "needs a schedule that runs monthly or less often",
)
COPY_NO_LIFECYCLE = _rule(
    "A-R55", "BackupPlanCopyActionProps", "delete_after",
    "a copy with no delete_after is kept as long as its source", "warning",
)
COPY_DESTINATION_ARN = _rule(
    "C-R22", "BackupPlanCopyActionProps", "destination_backup_vault",
    "must be a backup vault ARN (arn:<partition>:backup:<region>:<account>:backup-vault:<name>)",
)
NO_SCHEDULE = _rule(
    "A-R13", "BackupPlanRule", "schedule_expression",
    "a rule with no schedule and no continuous backup runs daily at AWS's default time", "warning",
)
INDEX_ACTIONS = _rule(
    "S-IndexAction", "BackupPlanRule", "index_actions", "must hold at most one action with exactly one of EBS or S3"
)
RECOVERY_POINT_TAGS = _bound("A-R109", "BackupPlanRule", "recovery_point_tags", 0, 50, "tags")
LAG_NOT_TARGET = _rule(
    "A-R95", "BackupPlanRule", "backup_vault",
    "must be a standard vault; use logically_air_gapped_backup_vault for a direct air-gapped target",
)
SCAN_SETTINGS = _rule(
    "S-ScanAction", "BackupPlan", "scan_settings", "every malware scanner used by a rule needs a plan scan setting"
)
ADVANCED_SETTINGS = _rule(
    "C-R23/A-R108", "BackupPlan", "advanced_backup_settings",
    "resource type EC2 with WindowsVSS, or S3 with BackupACLs/BackupObjectTags, each enabled or disabled",
)
EFS_RESERVED_VAULT = _rule(
    "A-R5", "BackupPlanRule", "backup_vault", "must not be aws/efs/automatic-backup-vault"
)

# ---------------------------------------------------------------- selections
SELECTION_NAME = _pattern(
    "C-R4", "Selection", "backup_selection_name", r"[a-zA-Z0-9\-_.]{1,50}",
    "1 to 50 letters, digits, hyphens, underscores or periods",
)
SELECTION_NOT_EMPTY = _rule(
    "A-R69/C-R28", "Selection", "resources", "must select something: at least one ARN, construct or tag"
)
SELECTION_CONDITIONS = _bound("A-R62", "Selection", "conditions", 0, 30, "conditions")
SELECTION_TAGS = _bound("A-R63", "Selection", "resources (from_tag)", 0, 30, "tags")
SELECTION_WILDCARD_PLACE = _rule(
    "C-R25", "Selection", "resources", "a wildcard (*) may only end an ARN (prefix match)", "warning"
)
SELECTION_NOT_RESOURCES = _bound("A-R60/A-R61", "Selection", "not_resources", 0, 500, "ARNs (30 with wildcards)")
SELECTION_OR_SEMANTICS = _rule(
    "A-R64", "Selection", "resources",
    "from_tag matches and ARNs combine with OR: either selects a resource", "warning",
)
S3_VERSIONING = _rule("A-R102", "Selection", "resources (S3 bucket)", "bucket must have versioning enabled")
VSS_NO_EC2 = _rule(
    "A-R107", "BackupPlan", "windows_vss", "Windows VSS only applies to EC2 instances", "warning"
)
