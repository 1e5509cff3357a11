"""The validation catalogue: every rule cdk_backup checks, as data.

Each rule carries the id of the spec digest it comes from (``A-R…`` plans/vaults/selections
guide, ``B-R…`` restore/audit guide, ``C-R…`` API reference, ``S-…`` CloudFormation schema or
service model) so that a message can cite it and the README table is generated from here.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]

# The records are NamedTuples, not dataclasses: about 130 of them are built when cdk_backup is
# imported, which is part of every synth, and a dataclass costs about 1 ms to define.


class Rule(NamedTuple):
    """One check: where it applies, what it requires, and how bad a breach is."""

    id: str
    construct: str
    prop: str
    requirement: str
    severity: Severity = "error"


class Bound(NamedTuple):
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


class Pattern:
    """A full-match regular expression with a human description, compiled on first use."""

    def __init__(self, rule: Rule, source: str, description: str) -> None:
        self.rule = rule
        self.source = source
        self.description = description

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.source)


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
    return Pattern(rule, regex, description)


# ---------------------------------------------------------------- durations
WHOLE_DAYS = _rule("C-R18", "any", "lifecycle and retention durations", "must be a whole number of days")

# ---------------------------------------------------------------- vaults
VAULT_NAME = _pattern(  # also keeps out the reserved aws/efs/automatic-backup-vault (A-R5)
    "C-R1/A-R5", "BackupVault, LogicallyAirGappedVault", "backup_vault_name",
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
PLAN_NAME_UNIQUE = _rule(
    "A-R2", "BackupPlan", "backup_plan_name", "must be unique among the plans of a stack (AlreadyExistsException)"
)
COPY_DEFAULT_VAULT = _rule(
    "B-R50", "BackupPlanCopyActionProps", "destination_backup_vault",
    "must not be another account's Default vault (cross-account copies into it are rejected)",
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
RDS_COPY_REGION_AND_ACCOUNT = _rule(
    "A-R48", "BackupPlanCopyActionProps", "destination_backup_vault",
    "must not be in both another Region and another account when the plan selects RDS, Aurora, DocumentDB "
    "or Neptune",
)
S3_CONTINUOUS_SAME_VAULT = _rule(
    "A-R41", "BackupPlan", "backup_vault",
    "continuous and periodic rules must use the same vault when the plan selects S3 buckets",
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

# ---------------------------------------------------------------- Audit Manager
FRAMEWORK_NAME = _pattern(
    "C-R6/B-R25", "Framework", "framework_name", r"[a-zA-Z][_a-zA-Z0-9]{0,255}",
    "1 to 256 letters, digits or underscores, starting with a letter",
)
DESCRIPTION = _rule(
    "C-R8", "Framework, ReportPlan", "description", "must be 1 to 1,024 characters with at least one non-space"
)
FRAMEWORK_CONTROLS = _bound("C-R38/B-R37", "Framework", "controls", 1, 50, "controls")
FRAMEWORK_UNIQUE_CONTROLS = _rule(
    "S-Framework", "Framework", "controls", "must not repeat a control with the same parameters and scope"
)
CONTROL_SCOPE_KIND = _rule(
    "B-R33", "FrameworkControl", "scope", "must be a kind of scope the control accepts"
)
CONTROL_SCOPE_TAGS = _rule("C-R40/B-R34", "ControlScope", "tag", "must be a single tag with a non-empty key")
CONTROL_SCOPE_LIST = _bound("C-R40", "ControlScope", "resource_ids / resource_types", 1, 100, "items")
CONTROL_EMPTY_TAG_VALUE = _rule(
    "C-R40", "ControlScope", "tag value", "an empty tag value is refused by the console and the API", "warning"
)
CONTROL_PRINCIPALS = _bound("B-R28/C-R41", "FrameworkControl", "principal_arns", 1, 5, "role ARNs")
CONTROL_ACCOUNTS = _bound("B-R30/C-R41", "FrameworkControl", "accounts", 1, 5, "account ids")
CONTROL_ACCOUNT_ID = _pattern("B-R30", "FrameworkControl", "accounts", r"\d{12}", "12-digit account ids")
CONTROL_AGE_HOURS = _bound("B-R29/C-R41", "FrameworkControl", "recovery_point_age (hours)", 1, 744, "hours")
CONTROL_AGE_DAYS = _bound("B-R29/C-R41", "FrameworkControl", "recovery_point_age (days)", 1, 31, "days")
CONTROL_LAG_AGE_HOURS = _bound("S-Config", "FrameworkControl", "recovery_point_age (air-gapped, hours)", 1, 2184,
                               "hours")
CONTROL_LAG_AGE_DAYS = _bound("S-Config", "FrameworkControl", "recovery_point_age (air-gapped, days)", 1, 91, "days")
CONTROL_FREQUENCY_HOURS = _bound("B-R31", "FrameworkControl", "required_frequency (hours)", 1, 24, "hours")
CONTROL_FREQUENCY_DAYS = _bound("B-R31", "FrameworkControl", "required_frequency (days)", 1, 31, "days")
CONTROL_RETENTION = _bound("B-R31", "FrameworkControl", "required_retention / retention", 1, 36500, "days")
CONTROL_RESTORE_TIME = _bound("B-R32", "FrameworkControl", "max_restore_time", 1, 52_560_000, "minutes")
CONTROL_MIN_LE_MAX = _rule("B-R31", "FrameworkControl", "max_retention", "must be at least min_retention")
FRAMEWORK_CONFIG = _rule(
    "B-R47", "Framework", "controls",
    "controls evaluate only resource types AWS Config records (Backup plans, selections, vaults, recovery "
    "points and resource compliance)", "warning",
)
REPORT_PLAN_NAME = _pattern(
    "C-R7/B-R38", "ReportPlan", "report_plan_name", r"[a-zA-Z][_a-zA-Z0-9]{0,255}",
    "1 to 256 letters, digits or underscores, starting with a letter",
)
REPORT_FRAMEWORKS = _rule(
    "C-R43/B-R40", "ReportPlan", "frameworks",
    "must be given (1 to 1,000) for the compliance templates and only for them",
)
REPORT_FORMATS = _rule(
    "C-R44/B-R42", "ReportPlan", "formats",
    "must be CSV and/or JSON; JSON only for single-account, single-Region reports",
)
REPORT_SCOPE_SIZE = _bound("C-R43/B-R43", "ReportPlan", "accounts x regions", 1, 300, "account-Region pairs")
REPORT_KEY_PREFIX = _rule(
    "C-R44/B-R78", "ReportPlan", "key_prefix", "must not include s3:// or the bucket, nor start or end with /"
)
REPORT_IMPORTED_BUCKET = _rule(
    "B-R46", "ReportPlan", "bucket",
    "an imported bucket needs a policy letting AWSServiceRoleForBackupReports put objects", "warning",
)

# ---------------------------------------------------------------- restore testing
RESTORE_PLAN_NAME = _pattern(
    "C-R9/B-R1", "RestoreTestingPlan", "restore_testing_plan_name", r"[a-zA-Z0-9_]{1,50}",
    "1 to 50 letters, digits or underscores",
)
RESTORE_SELECTION_NAME = _pattern(
    "C-R10/B-R12", "RestoreTestingSelection", "restore_testing_selection_name", r"[a-zA-Z0-9_]{1,50}",
    "1 to 50 letters, digits or underscores",
)
RESTORE_START_WINDOW = _bound("C-R47/B-R2", "RestoreTestingPlan", "start_window", 1, 168, "hours")
RESTORE_SELECTION_WINDOW = _bound("C-R46/B-R3", "RecoveryPointSelection", "selection_window", 1, 365, "days")
RESTORE_VAULTS = _bound("C-R49/B-R7", "RecoveryPointSelection", "include_vaults + exclude_vaults", 1, 30,
                        "vault selectors")
RESTORE_VAULT_SELECTOR = _rule(
    "C-R49", "RecoveryPointSelection", "include_vaults / exclude_vaults",
    "must be vaults, backup-vault ARNs (wildcards allowed) or ['*'] alone",
)
RESTORE_POINT_TYPES = _rule(
    "C-R45/B-R6", "RecoveryPointSelection", "recovery_point_types", "must be a non-empty set of SNAPSHOT and CONTINUOUS"
)
RESTORE_RESOURCE_TYPE = _rule(
    "C-R50/B-R17", "RestoreTestingSelection", "protected_resource_type",
    "must be one of Aurora, DocumentDB, DynamoDB, EBS, EC2, EFS, FSx, Neptune, RDS, S3 (Redshift and Timestream "
    "warn)",
)
RESTORE_ARNS_OR_CONDITIONS = _rule(
    "C-R51/B-R13", "RestoreTestingSelection", "protected_resource_arns",
    "must be 1 to 30 specific ARNs, or ['*'] (the default) optionally narrowed by conditions; never ARNs and "
    "conditions together",
)
RESTORE_CONDITIONS = _bound("C-R51/B-R15", "RestoreTestingSelection", "protected_resource_conditions", 0, 30,
                            "conditions")
RESTORE_CONDITION_OPERATOR = _rule(
    "C-R53", "RestoreTestingSelection", "protected_resource_conditions",
    "must use STRING_EQUALS or STRING_NOT_EQUALS",
)
RESTORE_VALIDATION_WINDOW = _bound("C-R52/B-R16", "RestoreTestingSelection", "validation_window", 1, 168, "hours")
RESTORE_OVERRIDE_KEYS = _rule(
    "B-R20", "RestoreTestingSelection", "restore_metadata_overrides",
    "keys must be ones AWS lets you override for the resource type", "warning",
)
RESTORE_REQUIRED_OVERRIDES = _rule(
    "B-R21", "RestoreTestingSelection", "restore_metadata_overrides",
    "FSx restores need subnetIds (Lustre, Windows), windowsConfiguration.activeDirectoryId (Windows) or "
    "ontapConfiguration.storageVirtualMachineId (ONTAP)", "warning",
)
RESTORE_EFS_KMS = _rule(
    "B-R23", "RestoreTestingSelection", "restore_metadata_overrides", "EFS kmsKeyId needs encrypted=true"
)
RESTORE_PLAN_TAGS = _bound("B-R8", "RestoreTestingPlan", "tags", 0, 50, "tags")
RESTORE_TESTING_REGION = _rule(
    "B-R22", "RestoreTestingPlan", "stack region",
    "must be a Region with restore testing (not il-central-1, cn-north-1, cn-northwest-1, us-gov-east-1, "
    "us-gov-west-1)",
)
RESTORE_SELECTIONS_PER_PLAN = _bound("C-R54/B-R11", "RestoreTestingPlan", "selections", 0, 30, "selections")
