"""cdk_backup: AWS Backup constructs for the AWS CDK in Python, with AWS's rules checked before deploy.

``import cdk_backup as backup`` gives every public name, and every public name of
``aws_cdk.aws_backup``: what cdk_backup wraps is its own class, the rest (the ``Cfn*`` classes,
props structs, interfaces) is aws-cdk-lib's, re-exported. Switching is a one-line import change.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cdk_backup._errors import ValidationError as ValidationError

if TYPE_CHECKING:
    from aws_cdk.aws_backup import (
        BackupPlanProps as BackupPlanProps,
    )
    from aws_cdk.aws_backup import (
        BackupSelectionOptions as BackupSelectionOptions,
    )
    from aws_cdk.aws_backup import (
        BackupSelectionProps as BackupSelectionProps,
    )
    from aws_cdk.aws_backup import (
        BackupVaultProps as BackupVaultProps,
    )
    from aws_cdk.aws_backup import (
        CfnBackupPlan as CfnBackupPlan,
    )
    from aws_cdk.aws_backup import (
        CfnBackupPlanProps as CfnBackupPlanProps,
    )
    from aws_cdk.aws_backup import (
        CfnBackupSelection as CfnBackupSelection,
    )
    from aws_cdk.aws_backup import (
        CfnBackupSelectionProps as CfnBackupSelectionProps,
    )
    from aws_cdk.aws_backup import (
        CfnBackupVault as CfnBackupVault,
    )
    from aws_cdk.aws_backup import (
        CfnBackupVaultProps as CfnBackupVaultProps,
    )
    from aws_cdk.aws_backup import (
        CfnFramework as CfnFramework,
    )
    from aws_cdk.aws_backup import (
        CfnFrameworkProps as CfnFrameworkProps,
    )
    from aws_cdk.aws_backup import (
        CfnLegalHold as CfnLegalHold,
    )
    from aws_cdk.aws_backup import (
        CfnLegalHoldProps as CfnLegalHoldProps,
    )
    from aws_cdk.aws_backup import (
        CfnLogicallyAirGappedBackupVault as CfnLogicallyAirGappedBackupVault,
    )
    from aws_cdk.aws_backup import (
        CfnLogicallyAirGappedBackupVaultProps as CfnLogicallyAirGappedBackupVaultProps,
    )
    from aws_cdk.aws_backup import (
        CfnReportPlan as CfnReportPlan,
    )
    from aws_cdk.aws_backup import (
        CfnReportPlanProps as CfnReportPlanProps,
    )
    from aws_cdk.aws_backup import (
        CfnRestoreTestingPlan as CfnRestoreTestingPlan,
    )
    from aws_cdk.aws_backup import (
        CfnRestoreTestingPlanProps as CfnRestoreTestingPlanProps,
    )
    from aws_cdk.aws_backup import (
        CfnRestoreTestingSelection as CfnRestoreTestingSelection,
    )
    from aws_cdk.aws_backup import (
        CfnRestoreTestingSelectionProps as CfnRestoreTestingSelectionProps,
    )
    from aws_cdk.aws_backup import (
        CfnTieringConfiguration as CfnTieringConfiguration,
    )
    from aws_cdk.aws_backup import (
        CfnTieringConfigurationProps as CfnTieringConfigurationProps,
    )
    from aws_cdk.aws_backup import (
        IBackupPlan as IBackupPlan,
    )
    from aws_cdk.aws_backup import (
        IBackupVault as IBackupVault,
    )

    from cdk_backup._vault_base import VaultBase as VaultBase
    from cdk_backup.air_gapped_vault import LogicallyAirGappedVault as LogicallyAirGappedVault
    from cdk_backup.audit import (
        ControlScope as ControlScope,
    )
    from cdk_backup.audit import (
        Framework as Framework,
    )
    from cdk_backup.audit import (
        FrameworkControl as FrameworkControl,
    )
    from cdk_backup.audit import (
        ReportFormat as ReportFormat,
    )
    from cdk_backup.audit import (
        ReportPlan as ReportPlan,
    )
    from cdk_backup.audit import (
        ReportTemplate as ReportTemplate,
    )
    from cdk_backup.audit import (
        ScopeKind as ScopeKind,
    )
    from cdk_backup.check import BackupChecks as BackupChecks
    from cdk_backup.check import BackupPolicy as BackupPolicy
    from cdk_backup.check import CheckReport as CheckReport
    from cdk_backup.check import CopyDestination as CopyDestination
    from cdk_backup.check import Coverage as Coverage
    from cdk_backup.check import Finding as Finding
    from cdk_backup.check import Protection as Protection
    from cdk_backup.check import check as check
    from cdk_backup.events import (
        DEFAULT_VAULT_EVENTS as DEFAULT_VAULT_EVENTS,
    )
    from cdk_backup.events import (
        DEPRECATED_VAULT_EVENTS as DEPRECATED_VAULT_EVENTS,
    )
    from cdk_backup.events import (
        BackupJobState as BackupJobState,
    )
    from cdk_backup.events import (
        BackupMetric as BackupMetric,
    )
    from cdk_backup.events import (
        BackupVaultEvents as BackupVaultEvents,
    )
    from cdk_backup.events import (
        CopyJobState as CopyJobState,
    )
    from cdk_backup.events import (
        RestoreJobStatus as RestoreJobStatus,
    )
    from cdk_backup.index_and_scan import (
        BackupPlanIndexActionProps as BackupPlanIndexActionProps,
    )
    from cdk_backup.index_and_scan import (
        IndexActionResourceType as IndexActionResourceType,
    )
    from cdk_backup.index_and_scan import (
        MalwareScanner as MalwareScanner,
    )
    from cdk_backup.index_and_scan import (
        ScanAction as ScanAction,
    )
    from cdk_backup.index_and_scan import (
        ScanMode as ScanMode,
    )
    from cdk_backup.index_and_scan import (
        ScanResourceType as ScanResourceType,
    )
    from cdk_backup.index_and_scan import (
        ScanSetting as ScanSetting,
    )
    from cdk_backup.legal_hold import LegalHold as LegalHold
    from cdk_backup.legal_hold import LegalHoldDateRange as LegalHoldDateRange
    from cdk_backup.legal_hold import LegalHoldRecoveryPointSelection as LegalHoldRecoveryPointSelection
    from cdk_backup.nag import acknowledge_aws_backup_managed_policies as acknowledge_aws_backup_managed_policies
    from cdk_backup.organization import OrganizationBackupPolicy as OrganizationBackupPolicy
    from cdk_backup.organization import OrganizationTagSelection as OrganizationTagSelection
    from cdk_backup.organization import PolicyOperator as PolicyOperator
    from cdk_backup.plan import BackupPlan as BackupPlan
    from cdk_backup.plan import ImportedBackupPlan as ImportedBackupPlan
    from cdk_backup.resource import BackupResource as BackupResource
    from cdk_backup.resource import ResourceType as ResourceType
    from cdk_backup.resource import TagCondition as TagCondition
    from cdk_backup.resource import TagOperation as TagOperation
    from cdk_backup.restore_testing import (
        ProtectedResourceType as ProtectedResourceType,
    )
    from cdk_backup.restore_testing import (
        RecoveryPointSelection as RecoveryPointSelection,
    )
    from cdk_backup.restore_testing import (
        RecoveryPointType as RecoveryPointType,
    )
    from cdk_backup.restore_testing import (
        RestoreTestingAlgorithm as RestoreTestingAlgorithm,
    )
    from cdk_backup.restore_testing import (
        RestoreTestingPlan as RestoreTestingPlan,
    )
    from cdk_backup.restore_testing import (
        RestoreTestingSelection as RestoreTestingSelection,
    )
    from cdk_backup.rule import BackupPlanCopyActionProps as BackupPlanCopyActionProps
    from cdk_backup.rule import BackupPlanRule as BackupPlanRule
    from cdk_backup.rule import BackupPlanRuleProps as BackupPlanRuleProps
    from cdk_backup.schedule import BackupSchedule as BackupSchedule
    from cdk_backup.selection import BackupSelection as BackupSelection
    from cdk_backup.selection import Selection as Selection
    from cdk_backup.settings import BackupGlobalSettings as BackupGlobalSettings
    from cdk_backup.settings import BackupRegionSettings as BackupRegionSettings
    from cdk_backup.tiering import TieringConfiguration as TieringConfiguration
    from cdk_backup.tiering import TieringResourceSelection as TieringResourceSelection
    from cdk_backup.tiering import TieringResourceType as TieringResourceType
    from cdk_backup.vault import (
        RECOVERY_POINT_PROTECTION_ACTIONS as RECOVERY_POINT_PROTECTION_ACTIONS,
    )
    from cdk_backup.vault import (
        BackupVault as BackupVault,
    )
    from cdk_backup.vault import (
        LockConfiguration as LockConfiguration,
    )
    from cdk_backup.vault import (
        VaultLock as VaultLock,
    )
    from cdk_backup.vault import (
        VaultLockMode as VaultLockMode,
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
    **dict.fromkeys(["BackupPlan", "ImportedBackupPlan"], "plan"),
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
