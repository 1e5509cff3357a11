"""cdk_backup: AWS Backup constructs for the AWS CDK in Python, with AWS's rules checked before deploy.

``import cdk_backup as backup`` gives every public name, and every public name of
``aws_cdk.aws_backup``: what cdk_backup wraps is its own class, the rest (the ``Cfn*`` classes,
props structs, interfaces) is aws-cdk-lib's, re-exported. Switching is a one-line import change.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cdk_backup._errors import ValidationError

if TYPE_CHECKING:
    from aws_cdk.aws_backup import (
        BackupPlanProps,
        BackupSelectionOptions,
        BackupSelectionProps,
        BackupVaultProps,
        CfnBackupPlan,
        CfnBackupPlanProps,
        CfnBackupSelection,
        CfnBackupSelectionProps,
        CfnBackupVault,
        CfnBackupVaultProps,
        CfnFramework,
        CfnFrameworkProps,
        CfnLegalHold,
        CfnLegalHoldProps,
        CfnLogicallyAirGappedBackupVault,
        CfnLogicallyAirGappedBackupVaultProps,
        CfnReportPlan,
        CfnReportPlanProps,
        CfnRestoreTestingPlan,
        CfnRestoreTestingPlanProps,
        CfnRestoreTestingSelection,
        CfnRestoreTestingSelectionProps,
        CfnTieringConfiguration,
        CfnTieringConfigurationProps,
        IBackupPlan,
        IBackupVault,
    )

    from cdk_backup._vault_base import VaultBase
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
    from cdk_backup.plan import BackupPlan
    from cdk_backup.resource import BackupResource, ResourceType, TagCondition, TagOperation
    from cdk_backup.restore_testing import (
        ProtectedResourceType,
        RecoveryPointSelection,
        RecoveryPointType,
        RestoreTestingAlgorithm,
        RestoreTestingPlan,
        RestoreTestingSelection,
    )
    from cdk_backup.rule import BackupPlanCopyActionProps, BackupPlanRule, BackupPlanRuleProps
    from cdk_backup.schedule import BackupSchedule
    from cdk_backup.selection import BackupSelection, Selection
    from cdk_backup.vault import (
        RECOVERY_POINT_PROTECTION_ACTIONS,
        BackupVault,
        LockConfiguration,
        VaultLock,
        VaultLockMode,
    )

# Where each public name lives. Modules load on first use (PEP 562), so an app pays only for
# the constructs it uses.
_OWN: dict[str, str] = {
    "VaultBase": "_vault_base",
    "LogicallyAirGappedVault": "air_gapped_vault",
    **dict.fromkeys(["ControlScope", "Framework", "FrameworkControl", "ReportFormat", "ReportPlan",
                     "ReportTemplate", "ScopeKind"], "audit"),
    **dict.fromkeys(["DEFAULT_VAULT_EVENTS", "DEPRECATED_VAULT_EVENTS", "BackupJobState", "BackupMetric",
                     "BackupVaultEvents", "CopyJobState", "RestoreJobStatus"], "events"),
    **dict.fromkeys(["BackupPlanIndexActionProps", "IndexActionResourceType", "MalwareScanner", "ScanAction",
                     "ScanMode", "ScanResourceType", "ScanSetting"], "index_and_scan"),
    "acknowledge_aws_backup_managed_policies": "nag",
    "BackupPlan": "plan",
    **dict.fromkeys(["BackupResource", "ResourceType", "TagCondition", "TagOperation"], "resource"),
    **dict.fromkeys(["ProtectedResourceType", "RecoveryPointSelection", "RecoveryPointType",
                     "RestoreTestingAlgorithm", "RestoreTestingPlan", "RestoreTestingSelection"], "restore_testing"),
    **dict.fromkeys(["BackupPlanCopyActionProps", "BackupPlanRule", "BackupPlanRuleProps"], "rule"),
    "BackupSchedule": "schedule",
    **dict.fromkeys(["check", "BackupChecks", "BackupPolicy", "CheckReport", "Coverage", "Finding",
                     "Protection", "CopyDestination"], "check"),
    **dict.fromkeys(["LegalHold", "LegalHoldDateRange", "LegalHoldRecoveryPointSelection"], "legal_hold"),
    **dict.fromkeys(["TieringConfiguration", "TieringResourceSelection", "TieringResourceType"], "tiering"),
    **dict.fromkeys(["OrganizationBackupPolicy", "OrganizationTagSelection", "PolicyOperator"], "organization"),
    **dict.fromkeys(["BackupRegionSettings", "BackupGlobalSettings"], "settings"),
    **dict.fromkeys(["BackupSelection", "Selection"], "selection"),
    **dict.fromkeys(["RECOVERY_POINT_PROTECTION_ACTIONS", "BackupVault", "LockConfiguration", "VaultLock",
                     "VaultLockMode"], "vault"),
}
_AWS_CDK: tuple[str, ...] = (
    "BackupPlanProps", "BackupSelectionOptions", "BackupSelectionProps", "BackupVaultProps",
    "CfnBackupPlan", "CfnBackupPlanProps", "CfnBackupSelection", "CfnBackupSelectionProps", "CfnBackupVault",
    "CfnBackupVaultProps", "CfnFramework", "CfnFrameworkProps", "CfnLegalHold", "CfnLegalHoldProps",
    "CfnLogicallyAirGappedBackupVault", "CfnLogicallyAirGappedBackupVaultProps", "CfnReportPlan",
    "CfnReportPlanProps", "CfnRestoreTestingPlan", "CfnRestoreTestingPlanProps", "CfnRestoreTestingSelection",
    "CfnRestoreTestingSelectionProps", "CfnTieringConfiguration", "CfnTieringConfigurationProps", "IBackupPlan",
    "IBackupVault",
)
"""Names of ``aws_cdk.aws_backup`` that cdk_backup re-exports unchanged."""


def __getattr__(name: str) -> Any:
    module = _OWN.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f"cdk_backup.{module}"), name)
    elif name in _AWS_CDK:
        value = getattr(importlib.import_module("aws_cdk.aws_backup"), name)
    else:
        raise AttributeError(f"module 'cdk_backup' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_OWN) | set(_AWS_CDK))


__all__ = sorted(["ValidationError", *_OWN, *_AWS_CDK])
