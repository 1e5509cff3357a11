"""Check a whole synthesized app before deployment: AWS's rules, protection coverage, Audit Manager.

``check(cdk_out, policy=None)`` reads the CloudFormation templates of a cloud assembly (nested
stages and nested stacks included), whoever made the resources (cdk_backup, aws-cdk-lib's L2s,
raw L1s, escape-hatch overrides), and returns a :class:`CheckReport`. It is pure Python: it needs
neither jsii nor aws_cdk, so it runs in CI on a ``cdk.out`` directory alone.

``BackupChecks`` runs the same check as an aws-cdk-lib policy-validation plugin (it is the one
name here that loads aws_cdk, when it is first used).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from cdk_backup.check.checker import check
from cdk_backup.check.policy import BackupPolicy
from cdk_backup.check.report import (
    CheckReport,
    ControlResource,
    ControlResult,
    CopyDestination,
    Coverage,
    Finding,
    MaybeSelected,
    Protection,
)

if TYPE_CHECKING:
    from cdk_backup.check.plugin import BackupChecks

__all__ = ["BackupChecks", "BackupPolicy", "CheckReport", "ControlResource", "ControlResult", "CopyDestination",
           "Coverage", "Finding", "MaybeSelected", "Protection", "check"]


def __getattr__(name: str) -> Any:
    if name == "BackupChecks":
        from cdk_backup.check.plugin import BackupChecks

        globals()[name] = BackupChecks
        return BackupChecks
    raise AttributeError(f"module 'cdk_backup.check' has no attribute {name!r}")


class _CallableModule(types.ModuleType):
    """``cdk_backup.check`` is both this package and the function: importing the package binds the
    name ``check`` of ``cdk_backup`` to it, so calling it must run the check as the function does."""

    def __call__(self, assembly_or_dir: object = "cdk.out", policy: Any = None) -> CheckReport:
        return check(assembly_or_dir, policy)


sys.modules[__name__].__class__ = _CallableModule
