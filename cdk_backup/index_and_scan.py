"""Index and malware-scan options of rules and plans.

Each option is a small value object that checks the types of its fields when it is created
(:class:`~cdk_backup.ValidationError` naming the field) and gives the plain values rules and
plans render. Few apps use them, so this module is imported on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from cdk_backup import _inputs as inputs

if TYPE_CHECKING:
    from aws_cdk import aws_iam as iam

    from cdk_backup._inputs import Str, Where


class IndexActionResourceType:
    """Resource types a backup index can be built for (enum-like, with an escape hatch).

    ``IndexActionResourceType.S3``, ``.EBS``, or ``IndexActionResourceType("NEW")`` for a type AWS
    added since. aws-cdk-lib's ``IndexActionResourceType`` members are accepted too.
    """

    S3: ClassVar[IndexActionResourceType]
    EBS: ClassVar[IndexActionResourceType]

    def __init__(self, value: str) -> None:
        self.value = inputs.required_str("IndexActionResourceType", "value", value)

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return f"IndexActionResourceType({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IndexActionResourceType) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)


IndexActionResourceType.S3 = IndexActionResourceType("S3")
IndexActionResourceType.EBS = IndexActionResourceType("EBS")

INDEX_TYPE_EXPECTED = "an IndexActionResourceType or its string value"


def index_resource_type(where: Where, prop: str, value: object) -> Str:
    """The text of one index resource type: ours, aws-cdk-lib's (both have ``value``), a string or a token."""
    if isinstance(value, str):
        return inputs.required_str(where, prop, value)
    if isinstance(value, IndexActionResourceType):
        return value.value
    text = getattr(value, "value", None)
    if not isinstance(text, str) or isinstance(value, Enum):
        inputs.type_error(where, prop, INDEX_TYPE_EXPECTED, value)
    return inputs.required_str(where, prop, text)


@dataclass(frozen=True)
class BackupPlanIndexActionProps:
    """Build a backup index (for search) of the recovery points of one resource type (EBS or S3)."""

    resource_types: Sequence[IndexActionResourceType | str]

    def __post_init__(self) -> None:
        self.resource_type_values("BackupPlanIndexActionProps")

    def resource_type_values(self, where: Where, prefix: str = "") -> list[Str]:
        """The resource types as text (tokens as :class:`~cdk_backup.rules.Unresolved`)."""
        return inputs.required_list(where, f"{prefix}resource_types", self.resource_types,
                                    lambda p, v: index_resource_type(where, p, v))


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
    """Scan the recovery points a rule creates (needs a matching plan-level :class:`ScanSetting`)."""

    scan_mode: ScanMode | str = ScanMode.INCREMENTAL_SCAN
    malware_scanner: MalwareScanner | str = MalwareScanner.GUARDDUTY

    def __post_init__(self) -> None:
        self.values("ScanAction")

    def values(self, where: Where, prefix: str = "") -> tuple[Str, Str]:
        """(malware scanner, scan mode) as the service spells them."""
        scanner = inputs.enum_text(where, f"{prefix}malware_scanner", self.malware_scanner, MalwareScanner)
        mode = inputs.enum_text(where, f"{prefix}scan_mode", self.scan_mode, ScanMode)
        return scanner, mode


@dataclass(frozen=True)
class ScanSetting:
    """Plan-level malware scanner settings, needed by rules with ``scan_actions``."""

    resource_types: Sequence[ScanResourceType | str]
    """What the scanner scans: EBS, EC2 and/or S3, each once."""
    scanner_role: iam.IRole | str
    """The role the scanner uses (a role or its ARN)."""
    malware_scanner: MalwareScanner | str = MalwareScanner.GUARDDUTY

    def __post_init__(self) -> None:
        self.values("ScanSetting")

    def values(self, where: Where, prefix: str = "") -> tuple[Str, list[Str], Any]:
        """(malware scanner, resource types, role ARN), type-checked (rules judge the values)."""
        scanner = inputs.enum_text(where, f"{prefix}malware_scanner", self.malware_scanner, MalwareScanner)
        types = inputs.required_list(where, f"{prefix}resource_types", self.resource_types,
                                     lambda p, v: inputs.enum_text(where, p, v, ScanResourceType))
        role = self.scanner_role
        if isinstance(role, str):
            arn: Any = inputs.required_str(where, f"{prefix}scanner_role", role)
        else:
            inputs.having(where, f"{prefix}scanner_role", role, "role_arn", "an iam.IRole or a role ARN",
                          required=True)
            arn = inputs.required_str(where, f"{prefix}scanner_role", role.role_arn)
        return scanner, types, arn

