"""Rules of the account settings AWS Backup keeps outside CloudFormation.

``UpdateRegionSettings`` takes two maps of resource type → bool (service opt-in, and full AWS Backup
management); ``UpdateGlobalSettings`` takes a map of flag → ``"true"``/``"false"``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cdk_backup.rules._core import Rule, Text, Violation, known

RESOURCE_TYPES = ("Aurora", "CloudFormation", "DocumentDB", "DynamoDB", "EBS", "EC2", "EFS", "EKS", "FSx",
                  "Neptune", "RDS", "Redshift", "S3", "SAP HANA on Amazon EC2", "Storage Gateway", "Timestream",
                  "VirtualMachine")
"""Resource type names of ``GetSupportedResourceTypes`` (the guide's list, and EKS from the current API
model). ``FSx`` is spelled as everywhere but that one page, which prints ``FSX``."""
MANAGEMENT_TYPES = ("DynamoDB", "EFS")
"""Types whose backups AWS Backup can fully manage (``ResourceTypeManagementPreference``)."""
GLOBAL_FLAGS = ("isCrossAccountBackupEnabled", "isMpaEnabled", "isDelegatedAdministratorEnabled")
"""The flags ``UpdateGlobalSettings`` documents."""

RESOURCE_TYPE = Rule(
    "regionSettingsResourceType", "error", "BackupRegionSettings", "resource_type_opt_in_preference",
    "{prop} keys must be AWS Backup resource type names (" + ", ".join(RESOURCE_TYPES) + "), got {got}", "C-R57",
)
MANAGEMENT_TYPE = Rule(
    "regionSettingsManagementType", "warning", "BackupRegionSettings", "resource_type_management_preference",
    "{prop} names {got}, but full AWS Backup management exists only for DynamoDB and EFS", "C-R57",
)
NOTHING_TO_CHANGE = Rule(
    "regionSettingsEmpty", "warning", "BackupRegionSettings", "resource_type_opt_in_preference",
    "{prop} and resource_type_management_preference are both empty{got}, so the settings call changes nothing",
    "derived",
)
GLOBAL_FLAG = Rule(
    "globalSettingsFlag", "error", "BackupGlobalSettings", "global_settings",
    "{prop} keys must be " + ", ".join(GLOBAL_FLAGS) + ", got {got}", "C-R56",
)
GLOBAL_VALUE = Rule(
    "globalSettingsValue", "error", "BackupGlobalSettings", "global_settings",
    "{prop} values must be 'true' or 'false' (or a bool), got {got}", "C-R56",
)
GLOBAL_EMPTY = Rule(
    "globalSettingsEmpty", "error", "BackupGlobalSettings", "global_settings",
    "{prop} must set at least one flag, got {got}", "C-R56",
)
SET_TWICE = Rule(
    "settingsSetTwice", "warning", "BackupRegionSettings, BackupGlobalSettings", "settings of a stack",
    "{prop}: {got} in one stack; they change the same account settings in no fixed order, so keep one", "derived",
)


def region_settings(opt_in: Mapping[Any, object] | None,
                    management: Mapping[Any, object] | None) -> Iterator[Violation]:
    """Known resource type names in both maps; full management only where AWS offers it."""
    if not opt_in and not management:
        yield NOTHING_TO_CHANGE.violation(Text(""))
        return
    for prop, preferences in (("resource_type_opt_in_preference", opt_in),
                              ("resource_type_management_preference", management)):
        for name in preferences or {}:
            if known(name) and name not in RESOURCE_TYPES:
                yield RESOURCE_TYPE.violation(name, prop=prop)
                return
    unmanaged = [n for n in management or {} if isinstance(n, str) and n in RESOURCE_TYPES
                 and n not in MANAGEMENT_TYPES]
    if unmanaged:
        yield MANAGEMENT_TYPE.violation(unmanaged)


def global_settings(settings: Mapping[Any, object]) -> Iterator[Violation]:
    """Documented flags only, each ``"true"`` or ``"false"``."""
    if not settings:
        yield GLOBAL_EMPTY.violation(Text("{}"))
        return
    for name, value in settings.items():
        if known(name) and name not in GLOBAL_FLAGS:
            yield GLOBAL_FLAG.violation(name)
            return
        if known(value) and value not in ("true", "false"):
            yield GLOBAL_VALUE.violation(value, prop=f"global_settings[{name!r}]")
            return


def set_twice(kind: str, count: int) -> Iterator[Violation]:
    """A warning when a stack changes the same settings more than once."""
    if count > 1:
        yield SET_TWICE.violation(Text(f"{count} {kind} constructs"), prop=kind)
