"""Index and malware-scan options of rules and plans.

Few apps use them, so this module is imported on first use (``import cdk_backup`` is part of every
synth); rules and plans only read these values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from aws_cdk import aws_iam as iam


class IndexActionResourceType:
    """Resource types a backup index can be built for (enum-like, with an escape hatch)."""

    S3: ClassVar[IndexActionResourceType]
    EBS: ClassVar[IndexActionResourceType]

    def __init__(self, value: str) -> None:
        self.value = value

    def __str__(self) -> str:
        return self.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IndexActionResourceType) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)


IndexActionResourceType.S3 = IndexActionResourceType("S3")
IndexActionResourceType.EBS = IndexActionResourceType("EBS")


@dataclass(frozen=True)
class BackupPlanIndexActionProps:
    """Build a backup index (for search) of the recovery points of one resource type."""

    resource_types: Sequence[IndexActionResourceType | str]


class MalwareScanner(str, Enum):
    """Malware scanners AWS Backup can run on recovery points."""

    GUARDDUTY = "GUARDDUTY"


class ScanMode(str, Enum):
    """How much of a recovery point a malware scan reads."""

    FULL_SCAN = "FULL_SCAN"
    INCREMENTAL_SCAN = "INCREMENTAL_SCAN"


class ScanResourceType(str, Enum):
    """Resource types a malware scanner can scan."""

    EBS = "EBS"
    EC2 = "EC2"
    S3 = "S3"


@dataclass(frozen=True)
class ScanAction:
    """Scan the recovery points a rule creates (needs a matching plan-level ``ScanSetting``)."""

    scan_mode: ScanMode = ScanMode.INCREMENTAL_SCAN
    malware_scanner: MalwareScanner = MalwareScanner.GUARDDUTY


@dataclass(frozen=True)
class ScanSetting:
    """Plan-level malware scanner settings, needed by rules with ``scan_actions``."""

    resource_types: Sequence[ScanResourceType | str]
    scanner_role: iam.IRole | str
    """The role the scanner uses (a role or its ARN)."""
    malware_scanner: MalwareScanner = MalwareScanner.GUARDDUTY
