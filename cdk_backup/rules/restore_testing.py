"""Rules of restore testing: plans, their recovery point selection, and restore testing selections.

Each function takes the plain values of one ``AWS::Backup::RestoreTestingPlan`` or
``AWS::Backup::RestoreTestingSelection``, as the construct normalized them or as the whole-app
checker read them from a template.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from cdk_backup.rules import common
from cdk_backup.rules._core import Rule, Text, Violation, bound, known, pattern

RESOURCE_TYPES = ("Aurora", "DocumentDB", "DynamoDB", "EBS", "EC2", "EFS", "FSx", "Neptune", "RDS", "S3")
"""The resource types the API reference lists for restore testing."""
UNCERTAIN_TYPES = ("Redshift", "Timestream")
"""Named in AWS's 2024 policy changelog for restore testing, not yet in the API reference."""
ALGORITHMS = ("LATEST_WITHIN_WINDOW", "RANDOM_WITHIN_WINDOW")
RECOVERY_POINT_TYPES = ("SNAPSHOT", "CONTINUOUS")
CONDITION_OPERATORS = ("StringEquals", "StringNotEquals")
RESOURCE_TAG_PREFIX = "aws:ResourceTag/"

NO_RESTORE_TESTING_REGIONS = frozenset({"il-central-1", "cn-north-1", "cn-northwest-1", "us-gov-east-1",
                                        "us-gov-west-1"})
"""Regions without restore testing, per the AWS Backup Developer Guide."""

_CLUSTER_KEYS = frozenset({
    "availabilityzones", "databasename", "dbclusterparametergroupname", "dbsubnetgroupname",
    "enablecloudwatchlogsexports", "enableiamdatabaseauthentication", "engine", "enginemode", "engineversion",
    "kmskeyid", "port", "optiongroupname", "scalingconfiguration", "vpcsecuritygroupids"})
OVERRIDABLE_KEYS: dict[str, frozenset[str]] = {
    "DynamoDB": frozenset({"encryptiontype", "kmsmasterkeyarn"}),
    "EBS": frozenset({"availabilityzone", "kmskeyid"}),
    "EC2": frozenset({"instancetype", "requireimdsv2", "securitygroupids", "subnetid", "vpcid"}),
    "EFS": frozenset({"kmskeyid", "encrypted"}),
    "FSx": frozenset({"kmskeyid", "lustreconfiguration", "ontapconfiguration", "openzfsconfiguration",
                      "windowsconfiguration", "securitygroupids", "subnetids"}),
    "Aurora": _CLUSTER_KEYS,
    "DocumentDB": _CLUSTER_KEYS,
    "Neptune": _CLUSTER_KEYS,
    "RDS": frozenset({
        "allocatedstorage", "availabilityzones", "dbinstanceclass", "dbname", "dbparametergroupname",
        "dbsubnetgroupname", "domain", "domainiamrolename", "enablecloudwatchlogsexports",
        "enableiamdatabaseauthentication", "iops", "licensemodel", "multiaz", "optiongroupname", "port",
        "processorfeatures", "publiclyaccessible", "storagetype", "vpcsecuritygroupids"}),
    "S3": frozenset({"encryptiontype", "kmskey"}),
}
"""Top-level restore metadata keys AWS lets restore tests override, by type (lower case: AWS compares
keys case-insensitively). From the AWS Backup Developer Guide, "Restore testing inferred metadata"."""

# ---------------------------------------------------------------------------------------- plans
PLAN_NAME = pattern(
    "restorePlanName", "RestoreTestingPlan", "restore_testing_plan_name", r"[a-zA-Z0-9_]{1,50}",
    "1 to 50 letters, digits or underscores", "C-R9/B-R1",
)
START_WINDOW = bound("restoreStartWindow", "RestoreTestingPlan", "start_window", 1, 168, "hours", "C-R47/B-R2")
PLAN_TAGS = bound("restorePlanTagCount", "RestoreTestingPlan", "tags", None, 50, "tags", "B-R8")
SELECTIONS_PER_PLAN = bound("restoreSelectionCount", "RestoreTestingPlan", "selections", None, 30, "selections",
                            "C-R54/B-R11")
TESTING_REGION = Rule(
    "restoreTestingRegion", "error", "RestoreTestingPlan", "stack region",
    "{prop} must be a Region with restore testing (not " + ", ".join(sorted(NO_RESTORE_TESTING_REGIONS))
    + "), got {got}", "B-R22",
)
SELECTION_WINDOW = bound("restoreSelectionWindow", "RecoveryPointSelection", "selection_window", 1, 365, "days",
                         "C-R46/B-R3")
VAULT_COUNT = bound("restoreVaultCount", "RecoveryPointSelection", "include_vaults + exclude_vaults", 1, 30,
                    "vault selectors", "C-R49/B-R7")
VAULT_SELECTOR = Rule(
    "restoreVaultSelector", "error", "RecoveryPointSelection", "include_vaults",
    "{prop} must be vaults, backup-vault ARNs (wildcards allowed) or ['*'] alone, got {got}", "C-R49",
)
ALGORITHM = Rule(
    "restoreAlgorithm", "error", "RecoveryPointSelection", "algorithm",
    "{prop} must be LATEST_WITHIN_WINDOW or RANDOM_WITHIN_WINDOW, got {got}", "C-R45/B-R4",
)
POINT_TYPES = Rule(
    "restorePointTypes", "error", "RecoveryPointSelection", "recovery_point_types",
    "{prop} must be a non-empty set of SNAPSHOT and CONTINUOUS, got {got}", "C-R45/B-R6",
)

# ---------------------------------------------------------------------------------------- selections
SELECTION_NAME = pattern(
    "restoreSelectionName", "RestoreTestingSelection", "restore_testing_selection_name", r"[a-zA-Z0-9_]{1,50}",
    "1 to 50 letters, digits or underscores", "C-R10/B-R12",
)
RESOURCE_TYPE = Rule(
    "restoreResourceType", "error", "RestoreTestingSelection", "protected_resource_type",
    "{prop} must be one of " + ", ".join(RESOURCE_TYPES) + " (" + " and ".join(UNCERTAIN_TYPES)
    + " warn), got {got}", "C-R50/B-R17",
)
TYPE_UNCERTAIN = Rule(
    "restoreTestingTypeUncertain", "warning", "RestoreTestingSelection", "protected_resource_type",
    "{prop} {got} is not in AWS's API reference list for restore testing (only in a 2024 policy changelog); "
    "AWS may reject it", "C-R50/B-R17",
)
ARNS_OR_CONDITIONS = Rule(
    "restoreArnsOrConditions", "error", "RestoreTestingSelection", "protected_resource_arns",
    "{prop} must be 1 to 30 specific ARNs, or ['*'] (the default) optionally narrowed by conditions; never "
    "ARNs and conditions together, got {got}", "C-R51/B-R13",
)
CONDITION_COUNT = bound("restoreConditionCount", "RestoreTestingSelection", "protected_resource_conditions", None,
                        30, "conditions", "C-R51/B-R15")
CONDITION_OPERATOR = Rule(
    "restoreConditionOperator", "error", "RestoreTestingSelection", "protected_resource_conditions",
    "{prop} must use STRING_EQUALS or STRING_NOT_EQUALS, got {got}", "C-R53",
)
CONDITION_KEY = Rule(
    "restoreConditionKey", "error", "RestoreTestingSelection", "protected_resource_conditions",
    "{prop} keys must be 1 to 128 letters, digits, spaces or _ . : / = + - @ (after an optional "
    "aws:ResourceTag/ prefix, and no other aws: prefix), got {got}", "C-R53",
)
CONDITION_VALUE = Rule(
    "restoreConditionValue", "error", "RestoreTestingSelection", "protected_resource_conditions",
    "{prop} values must be at most 256 letters, digits, spaces or _ . : / = + - @, got {got}", "C-R53",
)
VALIDATION_WINDOW = bound("restoreValidationWindow", "RestoreTestingSelection", "validation_window", 1, 168,
                          "hours", "C-R52/B-R16")
OVERRIDE_KEYS = Rule(
    "restoreOverrideUnknownKey", "warning", "RestoreTestingSelection", "restore_metadata_overrides",
    "{prop} {got} are not keys AWS lets restore tests override for {type} (allowed: {allowed})", "B-R20",
)
FSX_OVERRIDES = Rule(
    "restoreFsxOverrides", "warning", "RestoreTestingSelection", "restore_metadata_overrides",
    "{prop} {got}: FSx restore tests need overrides AWS cannot infer: subnetIds (Lustre, Windows, OpenZFS), "
    "windowsConfiguration.activeDirectoryId (Windows) or ontapConfiguration.storageVirtualMachineId (ONTAP)",
    "B-R21",
)
OVERRIDE_KEY = Rule(
    "restoreOverrideEmptyKey", "error", "RestoreTestingSelection", "restore_metadata_overrides",
    "{prop} keys must not be empty, got {got}", "S-RestoreTestingSelection",
)
EFS_KMS = Rule(
    "restoreEfsKms", "error", "RestoreTestingSelection", "restore_metadata_overrides",
    "{prop} must set encrypted=true when kmsKeyId is given (EFS), got {got}", "B-R23",
)

_VAULT_ARN = re.compile(
    r"arn:(?:aws[a-z-]*|\*):backup:[a-z0-9*-]*:(?:\d{12}|[\d*]+)?:backup-vault:[A-Za-z0-9\-_*]+", re.ASCII)
_KEY_VALUE_PUNCTUATION = frozenset("_.:/=+-@")


@dataclass(frozen=True)
class Condition:
    """One protected resource condition: ``StringEquals`` or ``StringNotEquals``, a tag key and value."""

    operator: object
    """``StringEquals`` or ``StringNotEquals`` (anything else is an error)."""
    key: object
    """The tag key, bare or as ``aws:ResourceTag/<key>``."""
    value: object


# ---------------------------------------------------------------------------------------- plan functions
def plan(*, name: object = None, start_window_hours: object = None,
         tags: Mapping[str, object] | None = None) -> Iterator[Violation]:
    """A plan's name, start window (1-168 hours) and tags (at most 50, CloudFormation's tag rules)."""
    yield from PLAN_NAME.check(name)
    yield from START_WINDOW.check(start_window_hours)
    if tags is not None:
        yield from PLAN_TAGS.check(len(tags))
        yield from common.tags(tags)


def recovery_point_selection(*, algorithm: object, include_vaults: Sequence[object],
                             recovery_point_types: Sequence[object], exclude_vaults: Sequence[object] = (),
                             selection_window_days: object = None) -> Iterator[Violation]:
    """Where a plan picks recovery points: algorithm, vault selectors (1-30), types, window (1-365 days)."""
    if known(algorithm) and algorithm not in ALGORITHMS:
        yield ALGORITHM.violation(algorithm)
    yield from _vault_selectors(include_vaults, prop="include_vaults", required=True)
    yield from _vault_selectors(exclude_vaults, prop="exclude_vaults", required=False)
    yield from VAULT_COUNT.check(len(include_vaults) + len(exclude_vaults))
    types = list(recovery_point_types)
    if not types or any(known(t) and t not in RECOVERY_POINT_TYPES for t in types):
        yield POINT_TYPES.violation(types)
    else:
        yield from common.unique(types, prop="recovery_point_types")
    yield from SELECTION_WINDOW.check(selection_window_days)


def _vault_selectors(selectors: Sequence[object], *, prop: str, required: bool) -> Iterator[Violation]:
    if required and not selectors:
        yield VAULT_SELECTOR.violation([], prop=prop)
        return
    for selector in selectors:
        if known(selector) and (not isinstance(selector, str) or
                                (selector != "*" and _VAULT_ARN.fullmatch(selector) is None)):
            yield VAULT_SELECTOR.violation(selector, prop=prop)
            return
    if "*" in selectors and len(selectors) > 1:
        yield VAULT_SELECTOR.violation(list(selectors), prop=prop)


def region(name: object) -> Iterator[Violation]:
    """The stack's Region must offer restore testing (a token Region is not judged)."""
    if known(name) and name in NO_RESTORE_TESTING_REGIONS:
        yield TESTING_REGION.violation(name)


def selections_per_plan(count: int) -> Iterator[Violation]:
    """At most 30 selections in one plan."""
    yield from SELECTIONS_PER_PLAN.check(count)


# ---------------------------------------------------------------------------------------- selection functions
def selection(*, resource_type: object, name: object = None, arns: Sequence[object] | None = None,
              conditions: Sequence[Condition] = (), validation_window_hours: object = None,
              overrides: Mapping[str, object] | None = None) -> Iterator[Violation]:
    """Every rule of one restore testing selection (``arns`` ``None`` means AWS's ``["*"]``)."""
    yield from SELECTION_NAME.check(name)
    yield from protected_resource_type(resource_type)
    yield from arns_and_conditions(["*"] if arns is None else arns, conditions)
    yield from VALIDATION_WINDOW.check(validation_window_hours)
    yield from metadata_overrides(resource_type, overrides or {})


def protected_resource_type(value: object) -> Iterator[Violation]:
    """One of the types restore testing supports (two newer ones warn)."""
    if not known(value):
        return
    if value in UNCERTAIN_TYPES:
        yield TYPE_UNCERTAIN.violation(value)
    elif value not in RESOURCE_TYPES:
        yield RESOURCE_TYPE.violation(value)


def arns_and_conditions(arns: Sequence[object], conditions: Sequence[Condition]) -> Iterator[Violation]:
    """Either 1-30 specific ARNs, or ``["*"]`` with at most 30 conditions of the allowed form."""
    if all(known(a) for a in arns):
        wildcard = list(arns) == ["*"]
        if not arns or ("*" in arns and not wildcard) or len(arns) > 30 or (conditions and not wildcard):
            got = f"{len(arns)} ARNs" + (f" and {len(conditions)} conditions" if conditions else "")
            yield ARNS_OR_CONDITIONS.violation(Text(got))
    yield from CONDITION_COUNT.check(len(conditions))
    for condition in conditions:
        yield from _condition(condition)


def _condition(condition: Condition) -> Iterator[Violation]:
    if known(condition.operator) and condition.operator not in CONDITION_OPERATORS:
        yield CONDITION_OPERATOR.violation(Text(str(condition.operator)))
    key = condition.key
    if known(key):
        bare = key[len(RESOURCE_TAG_PREFIX):] if isinstance(key, str) and key.startswith(RESOURCE_TAG_PREFIX) else key
        if not isinstance(bare, str) or not 1 <= len(bare) <= 128 or bare.lower().startswith("aws:") \
                or not key_value_text(bare):
            yield CONDITION_KEY.violation(key)
    value = condition.value
    if known(value) and (not isinstance(value, str) or len(value) > 256 or not key_value_text(value)):
        yield CONDITION_VALUE.violation(value)


def key_value_text(text: str) -> bool:
    """AWS's KeyValue characters: Unicode letters, separators and numbers, and ``_ . : / = + - @``."""
    return all(unicodedata.category(c)[0] in "LZN" or c in _KEY_VALUE_PUNCTUATION for c in text)


def metadata_overrides(resource_type: object, overrides: Mapping[str, object]) -> Iterator[Violation]:
    """Non-empty keys, the keys AWS lets restore tests override, and the per-type requirements.

    The schema bounds neither keys nor values (a nested configuration passed as JSON can be long), so
    only empty keys are errors here, not the tag length rules.
    """
    empty = [k for k in overrides if known(k) and (not isinstance(k, str) or not k)]
    if empty:
        yield OVERRIDE_KEY.violation(empty[0])
    if not known(resource_type) or not isinstance(resource_type, str):
        return
    lowered = {k.lower(): v for k, v in overrides.items() if isinstance(k, str) and known(k)}
    allowed = OVERRIDABLE_KEYS.get(resource_type)
    if allowed is not None:
        unknown = sorted(k for k in overrides if isinstance(k, str) and known(k) and k.lower() not in allowed)
        if unknown:
            yield OVERRIDE_KEYS.violation(unknown, type=resource_type, allowed=", ".join(sorted(allowed)))
    if resource_type == "EFS" and "kmskeyid" in lowered:
        encrypted = lowered.get("encrypted")
        if encrypted is None or (known(encrypted) and str(encrypted).lower() != "true"):
            yield EFS_KMS.violation(dict(overrides))
    if resource_type == "FSx" and "subnetids" not in lowered and "ontapconfiguration" not in lowered:
        yield FSX_OVERRIDES.violation(Text("lack subnetIds and ontapConfiguration"))
