"""cdk_backup: AWS Backup constructs for the AWS CDK in Python, with AWS's rules checked at synth.

``import cdk_backup as backup`` gives every public name. Names the same as in
``aws_cdk.aws_backup`` behave the same, so switching is a one-line import change.
"""

from typing import TYPE_CHECKING, Any

from cdk_backup._node import ensure_supported_node as _ensure_supported_node

# Pick a supported Node for jsii before aws_cdk starts its kernel (no-op if it already has).
_ensure_supported_node()

from cdk_backup._errors import ValidationError  # noqa: E402
from cdk_backup._vault_base import VaultBase  # noqa: E402
from cdk_backup.plan import BackupPlan, IBackupPlanLike  # noqa: E402
from cdk_backup.resource import BackupResource, ResourceType, TagCondition, TagOperation  # noqa: E402
from cdk_backup.rule import (  # noqa: E402
    BackupPlanCopyActionProps,
    BackupPlanRule,
    BackupPlanRuleProps,
)
from cdk_backup.schedule import BackupSchedule  # noqa: E402
from cdk_backup.selection import BackupSelection, Selection  # noqa: E402
from cdk_backup.vault import (  # noqa: E402
    RECOVERY_POINT_PROTECTION_ACTIONS,
    BackupVault,
    LockConfiguration,
    VaultLock,
    VaultLockMode,
)

if TYPE_CHECKING:
    from cdk_backup.air_gapped_vault import LogicallyAirGappedVault
    from cdk_backup.audit import (
        ControlScope,
        Framework,
        FrameworkControl,
        ReportFormat,
        ReportPlan,
        ReportTemplate,
        ScopeKind,
    )
    from cdk_backup.events import (
        DEFAULT_VAULT_EVENTS,
        DEPRECATED_VAULT_EVENTS,
        BackupJobState,
        BackupMetric,
        BackupVaultEvents,
        CopyJobState,
        RestoreJobStatus,
    )
    from cdk_backup.index_and_scan import (
        BackupPlanIndexActionProps,
        IndexActionResourceType,
        MalwareScanner,
        ScanAction,
        ScanMode,
        ScanResourceType,
        ScanSetting,
    )
    from cdk_backup.nag import acknowledge_aws_backup_managed_policies
    from cdk_backup.restore_testing import (
        ProtectedResourceType,
        RecoveryPointSelection,
        RecoveryPointType,
        RestoreTestingAlgorithm,
        RestoreTestingPlan,
        RestoreTestingSelection,
    )

# Modules most apps never use are imported on first access (PEP 562): ``import cdk_backup`` is part
# of every synth, and these cost about 14 ms together.
_LAZY = {
    "LogicallyAirGappedVault": "air_gapped_vault",
    **dict.fromkeys(["ControlScope", "Framework", "FrameworkControl", "ReportFormat", "ReportPlan",
                     "ReportTemplate", "ScopeKind"], "audit"),
    **dict.fromkeys(["DEFAULT_VAULT_EVENTS", "DEPRECATED_VAULT_EVENTS", "BackupJobState", "BackupMetric",
                     "BackupVaultEvents", "CopyJobState", "RestoreJobStatus"], "events"),
    **dict.fromkeys(["BackupPlanIndexActionProps", "IndexActionResourceType", "MalwareScanner", "ScanAction",
                     "ScanMode", "ScanResourceType", "ScanSetting"], "index_and_scan"),
    "acknowledge_aws_backup_managed_policies": "nag",
    **dict.fromkeys(["ProtectedResourceType", "RecoveryPointSelection", "RecoveryPointType",
                     "RestoreTestingAlgorithm", "RestoreTestingPlan", "RestoreTestingSelection"], "restore_testing"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cdk_backup' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"cdk_backup.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


IBackupVault = VaultBase
"""The vault interface: anything with ``backup_vault_name``, ``backup_vault_arn`` and ``grant``."""

__all__ = [
    "DEFAULT_VAULT_EVENTS",
    "DEPRECATED_VAULT_EVENTS",
    "RECOVERY_POINT_PROTECTION_ACTIONS",
    "BackupJobState",
    "BackupMetric",
    "BackupPlan",
    "BackupPlanCopyActionProps",
    "BackupPlanIndexActionProps",
    "BackupPlanRule",
    "BackupPlanRuleProps",
    "BackupResource",
    "BackupSchedule",
    "BackupSelection",
    "BackupVault",
    "BackupVaultEvents",
    "ControlScope",
    "CopyJobState",
    "Framework",
    "FrameworkControl",
    "IBackupPlanLike",
    "IBackupVault",
    "IndexActionResourceType",
    "LockConfiguration",
    "LogicallyAirGappedVault",
    "MalwareScanner",
    "ProtectedResourceType",
    "RecoveryPointSelection",
    "RecoveryPointType",
    "ReportFormat",
    "ReportPlan",
    "ReportTemplate",
    "ResourceType",
    "RestoreJobStatus",
    "RestoreTestingAlgorithm",
    "RestoreTestingPlan",
    "RestoreTestingSelection",
    "ScanAction",
    "ScanMode",
    "ScanResourceType",
    "ScanSetting",
    "ScopeKind",
    "Selection",
    "TagCondition",
    "TagOperation",
    "ValidationError",
    "VaultBase",
    "VaultLock",
    "VaultLockMode",
    "acknowledge_aws_backup_managed_policies",
]
