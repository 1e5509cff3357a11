"""What AWS Backup can protect, as CloudFormation resources: type names, ARNs, tags.

Each protectable CloudFormation type maps to AWS Backup's resource type (``DynamoDB``, ``RDS``,
``Aurora``, …), the formula of its ARN (the one AWS Backup matches selections against) and the
property that holds its tags. Formulas for ``Ref`` and ``Fn::GetAtt`` of these types (and of the
AWS Backup and KMS types) let the resolver see that ``{"Fn::GetAtt": ["Table", "Arn"]}`` and
``arn:${AWS::Partition}:dynamodb:…:table/${Table}`` are the same ARN.

Not in this table because CloudFormation has no resource for them: Storage Gateway volumes and
VMware virtual machines (a selection may still name them by ARN).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cdk_backup.check.values import ATTR, NO_VALUE, Part, RefFormula, Resolver, Sym, SymStr, normalize
from cdk_backup.rules import Unresolved

if TYPE_CHECKING:
    from cdk_backup.check.assembly import Stack

# ---------------------------------------------------------------------------------------- formulas


def _pseudo(resolver: Resolver, stack: Stack, name: str) -> SymStr:
    return resolver.ref(name, stack)


def _arn(service: str, resource: str, ref: RefFormula, *, regional: bool = True, account: bool = True) -> RefFormula:
    """``arn:<partition>:<service>:<region>:<account>:<resource><Ref>``."""
    def formula(resolver: Resolver, stack: Stack, logical: str, props: dict[str, Any], depth: int) -> SymStr:
        parts: list[Part] = ["arn:", *_pseudo(resolver, stack, "AWS::Partition"), f":{service}:"]
        if regional:
            parts.extend(_pseudo(resolver, stack, "AWS::Region"))
        parts.append(":")
        if account:
            parts.extend(_pseudo(resolver, stack, "AWS::AccountId"))
        parts.append(f":{resource}")
        parts.extend(ref(resolver, stack, logical, props, depth))
        return normalize(parts)
    return formula


def _name(prop: str | None, *, lower: bool = False, fresh: bool = True) -> RefFormula:
    """``Ref`` that returns a name property when the template sets it, else a generated value."""
    def formula(resolver: Resolver, stack: Stack, logical: str, props: dict[str, Any], depth: int) -> SymStr:
        value = props.get(prop) if prop else None
        if value is not None and value != {"Ref": "AWS::NoValue"}:
            found = resolver.sym(value, stack, depth)
            if found != (NO_VALUE,):
                return tuple(part.lower() if lower and isinstance(part, str) else part for part in found)
        return (resolver.generated(stack, logical, "Ref", fresh=fresh),)
    return formula


def _generated(attr: str) -> RefFormula:
    def formula(resolver: Resolver, stack: Stack, logical: str, props: dict[str, Any], depth: int) -> SymStr:
        return (resolver.generated(stack, logical, attr),)
    return formula


def _via_ref(resolver: Resolver, stack: Stack, logical: str, props: dict[str, Any], depth: int) -> SymStr:
    return resolver.attribute(stack, logical, "Ref", depth)


def _fsx_volume_ref(resolver: Resolver, stack: Stack, logical: str, props: dict[str, Any], depth: int) -> SymStr:
    return (resolver.generated(stack, logical, "FileSystemId"), "/", resolver.generated(stack, logical, "Ref"))


def _timestream_table(resolver: Resolver, stack: Stack, logical: str, props: dict[str, Any], depth: int) -> SymStr:
    raw = props.get("DatabaseName")
    database = resolver.sym(raw, stack, depth) if raw is not None else (resolver.generated(stack, logical,
                                                                                            "DatabaseName"),)
    table = _name("TableName")(resolver, stack, logical, props, depth)
    return normalize(["database/", *database, "/table/", *table])


def _sap_application(resolver: Resolver, stack: Stack, logical: str, props: dict[str, Any], depth: int) -> SymStr:
    return _name("ApplicationId")(resolver, stack, logical, props, depth)


def _stack_id(resolver: Resolver, stack: Stack, logical: str, props: dict[str, Any], depth: int) -> SymStr:
    return ("arn:", *_pseudo(resolver, stack, "AWS::Partition"), ":cloudformation:",
            *_pseudo(resolver, stack, "AWS::Region"), ":", *_pseudo(resolver, stack, "AWS::AccountId"),
            ":stack/", resolver.generated(stack, logical, "Ref"))


_DDB_NAME = _name("TableName")
_DDB_ARN = _arn("dynamodb", "table/", _via_ref)
_VAULT_NAME = _name("BackupVaultName")
_VAULT_ARN = _arn("backup", "backup-vault:", _via_ref)

FORMULAS: dict[str, dict[str, RefFormula]] = {
    "AWS::DynamoDB::Table": {"Ref": _DDB_NAME, "Arn": _DDB_ARN},
    "AWS::DynamoDB::GlobalTable": {"Ref": _DDB_NAME, "Arn": _DDB_ARN},
    "AWS::EC2::Instance": {"Ref": _name(None)},
    "AWS::EC2::Volume": {"Ref": _name(None)},
    "AWS::EFS::FileSystem": {"Ref": _name(None), "Arn": _arn("elasticfilesystem", "file-system/", _via_ref)},
    "AWS::FSx::FileSystem": {"Ref": _name(None), "ResourceARN": _arn("fsx", "file-system/", _via_ref)},
    "AWS::FSx::Volume": {"Ref": _name(None), "ResourceARN": _arn("fsx", "volume/", _fsx_volume_ref)},
    "AWS::RDS::DBInstance": {"Ref": _name("DBInstanceIdentifier", lower=True),
                             "DBInstanceArn": _arn("rds", "db:", _via_ref)},
    "AWS::RDS::DBCluster": {"Ref": _name("DBClusterIdentifier", lower=True),
                            "DBClusterArn": _arn("rds", "cluster:", _via_ref)},
    "AWS::DocDB::DBCluster": {"Ref": _name("DBClusterIdentifier", lower=True)},
    "AWS::Neptune::DBCluster": {"Ref": _name("DBClusterIdentifier", lower=True)},
    "AWS::Redshift::Cluster": {"Ref": _name("ClusterIdentifier", lower=True)},
    "AWS::S3::Bucket": {"Ref": _name("BucketName"), "Arn": _arn("s3", "", _via_ref, regional=False, account=False)},
    "AWS::Timestream::Table": {"Arn": _arn("timestream", "", _timestream_table)},
    "AWS::CloudFormation::Stack": {"Ref": _stack_id},
    "AWS::SystemsManagerSAP::Application": {"Arn": _arn("ssm-sap", "HANA/", _sap_application)},
    "AWS::Backup::BackupVault": {"Ref": _VAULT_NAME, "BackupVaultName": _VAULT_NAME, "BackupVaultArn": _VAULT_ARN},
    "AWS::Backup::LogicallyAirGappedBackupVault": {"Ref": _VAULT_NAME, "BackupVaultName": _VAULT_NAME,
                                                   "BackupVaultArn": _VAULT_ARN},
    "AWS::Backup::BackupPlan": {"Ref": _generated("Ref"), "BackupPlanId": _via_ref,
                                "BackupPlanArn": _arn("backup", "backup-plan:", _via_ref)},
    "AWS::KMS::Key": {"Ref": _name(None), "Arn": _arn("kms", "key/", _via_ref)},
}
"""``Ref`` and ``Fn::GetAtt`` formulas by resource type (what the resolver follows)."""


# ---------------------------------------------------------------------------------------- protectable types
@dataclass(frozen=True)
class Kind:
    """A CloudFormation type AWS Backup can protect."""

    backup_type: str | Callable[[dict[str, Any]], str]
    """AWS Backup's name of the type (``ResourceType`` of the API), or how to tell it from the properties."""
    arn: RefFormula
    tags: str = "Tags"
    """The property holding the resource's tags."""
    excluded: Callable[[dict[str, Any]], str | None] | None = None
    """Why a resource of this type is not protected on its own (``None``: it is protectable)."""


def _rds_cluster_type(props: dict[str, Any]) -> str:
    engine = props.get("Engine")
    if isinstance(engine, str) and not engine.startswith("aurora"):
        return "RDS"  # a Multi-AZ DB cluster (mysql, postgres)
    return "Aurora"


def _db_instance_excluded(props: dict[str, Any]) -> str | None:
    if props.get("DBClusterIdentifier") not in (None, {"Ref": "AWS::NoValue"}):
        return "a member of a DB cluster (backed up with its cluster)"
    engine = props.get("Engine")
    if isinstance(engine, str) and engine.startswith("custom-"):
        return "RDS Custom, which AWS Backup does not support"
    return None


def _fsx_excluded(props: dict[str, Any]) -> str | None:
    kind = props.get("FileSystemType")
    if kind == "ONTAP":
        return "an FSx for NetApp ONTAP file system (AWS Backup protects its volumes)"
    lustre = props.get("LustreConfiguration")
    deployment = lustre.get("DeploymentType") if isinstance(lustre, dict) else None
    if kind == "LUSTRE" and isinstance(deployment, str) and deployment.startswith("SCRATCH"):
        return "a scratch FSx for Lustre file system, which AWS Backup does not support"
    return None


def _fsx_volume_excluded(props: dict[str, Any]) -> str | None:
    if props.get("VolumeType") != "ONTAP":
        return "not an FSx for NetApp ONTAP volume"
    ontap = props.get("OntapConfiguration")
    if isinstance(ontap, dict) and ontap.get("OntapVolumeType") in ("DP", "LS"):
        return "a data-protection or load-sharing ONTAP volume, which AWS Backup does not support"
    return None


PROTECTABLE: dict[str, Kind] = {
    "AWS::DynamoDB::Table": Kind("DynamoDB", _DDB_ARN),
    "AWS::DynamoDB::GlobalTable": Kind("DynamoDB", _DDB_ARN, tags="Replicas"),
    "AWS::EC2::Instance": Kind("EC2", _arn("ec2", "instance/", _via_ref)),
    "AWS::EC2::Volume": Kind("EBS", _arn("ec2", "volume/", _via_ref)),
    "AWS::EFS::FileSystem": Kind("EFS", _arn("elasticfilesystem", "file-system/", _via_ref), tags="FileSystemTags"),
    "AWS::FSx::FileSystem": Kind("FSx", _arn("fsx", "file-system/", _via_ref), excluded=_fsx_excluded),
    "AWS::FSx::Volume": Kind("FSx", _arn("fsx", "volume/", _fsx_volume_ref), excluded=_fsx_volume_excluded),
    "AWS::RDS::DBInstance": Kind("RDS", _arn("rds", "db:", _via_ref), excluded=_db_instance_excluded),
    "AWS::RDS::DBCluster": Kind(_rds_cluster_type, _arn("rds", "cluster:", _via_ref)),
    "AWS::DocDB::DBCluster": Kind("DocumentDB", _arn("rds", "cluster:", _via_ref)),
    "AWS::Neptune::DBCluster": Kind("Neptune", _arn("rds", "cluster:", _via_ref)),
    "AWS::Redshift::Cluster": Kind("Redshift", _arn("redshift", "cluster:", _via_ref)),
    "AWS::S3::Bucket": Kind("S3", _arn("s3", "", _via_ref, regional=False, account=False)),
    "AWS::Timestream::Table": Kind("Timestream", _arn("timestream", "", _timestream_table)),
    "AWS::CloudFormation::Stack": Kind("CloudFormation", _stack_id),
    "AWS::SystemsManagerSAP::Application": Kind("SAP HANA on Amazon EC2", _arn("ssm-sap", "HANA/", _sap_application)),
}
"""CloudFormation types AWS Backup can protect (the AWS Backup Developer Guide's list)."""

BACKUP_TYPES = ("Aurora", "CloudFormation", "DocumentDB", "DynamoDB", "EBS", "EC2", "EFS", "FSx", "Neptune", "RDS",
                "Redshift", "S3", "SAP HANA on Amazon EC2", "Storage Gateway", "Timestream", "VirtualMachine")
"""AWS Backup's resource type names, as its API and Audit Manager spell them."""

CONTINUOUS_TYPES = frozenset({"S3", "RDS", "Aurora", "SAP HANA on Amazon EC2"})
"""Types with continuous backup (point-in-time recovery) through AWS Backup."""

RDS_FAMILY = frozenset({"RDS", "Aurora", "DocumentDB", "Neptune"})
"""Types that share the ``arn:aws:rds`` ARN and its copy limits."""
AUDITED_TYPES = frozenset({"EC2", "S3", "EBS", "RDS", "Aurora", "EFS", "FSx", "Storage Gateway", "DocumentDB",
                           "Neptune", "Timestream", "VirtualMachine", "DynamoDB"})
"""Types Audit Manager evaluates (the guide's feature matrix): a control without a type scope covers these."""
POLICY_TYPES = frozenset(BACKUP_TYPES) - {"CloudFormation"}
"""Types a ``BackupPolicy`` covers by default: all but CloudFormation stacks (their resources are listed)."""


def backup_type_of(cfn_type: str, props: dict[str, Any]) -> str:
    kind = PROTECTABLE[cfn_type]
    return kind.backup_type if isinstance(kind.backup_type, str) else kind.backup_type(props)


def type_name(value: object) -> str | None:
    """A resource type as the user wrote it (AWS Backup's name, any case, or a CloudFormation type)."""
    text = str(getattr(value, "value", value))
    if text in PROTECTABLE:
        return text
    for name in BACKUP_TYPES:
        if text.lower() == name.lower():
            return name
    return None


# ---------------------------------------------------------------------------------------- tags
Tags = dict[str, "str | Unresolved"]


def tags_of(resolver: Resolver, stack: Stack, cfn_type: str, props: dict[str, Any]) -> tuple[Tags, str | None]:
    """A resource's tags once deployed, and why some may be unknown (``None``: all are known).

    Stack tags and the tags CloudFormation adds (``aws:cloudformation:stack-name``, ``…logical-id``,
    ``…stack-id``) are included; the resource's own tags win over stack tags with the same key.
    """
    kind = PROTECTABLE[cfn_type]
    raw = props.get(kind.tags)
    if cfn_type == "AWS::DynamoDB::GlobalTable":
        raw, unknown = _replica_tags(resolver, stack, raw)
        if unknown:
            return {}, unknown
    own, unknown = read_tags(resolver, stack, raw)
    return {**stack.tags, **own}, unknown


def with_system_tags(tags: Tags, stack: Stack, logical_id: str) -> Tags:
    name: str | Unresolved = stack.stack_name if stack.name_known else Unresolved("AWS::StackName")
    return {"aws:cloudformation:stack-name": name, "aws:cloudformation:logical-id": logical_id,
            "aws:cloudformation:stack-id": Unresolved("AWS::StackId"), **tags}


def read_tags(resolver: Resolver, stack: Stack, raw: object) -> tuple[Tags, str | None]:
    """Tags written as a list of ``{Key, Value}`` or as a map."""
    if raw is None:
        return {}, None
    tags: Tags = {}
    if isinstance(raw, list):
        for item in raw:
            if not isinstance(item, dict):
                return tags, "a tag is not a {Key, Value} object"
            key = resolver.text(item.get("Key"), stack)
            if not isinstance(key, str):
                return tags, f"a tag key is {'a token' if isinstance(key, Unresolved) else 'missing'}"
            value = resolver.text(item.get("Value"), stack)
            tags[key] = "" if value is None else value
        return tags, None
    if isinstance(raw, dict) and not _is_intrinsic(raw):
        for key, value in raw.items():
            text = resolver.text(value, stack)
            tags[str(key)] = "" if text is None else text
        return tags, None
    return tags, "the tags are a token"


def _is_intrinsic(value: dict[str, Any]) -> bool:
    from cdk_backup.check.values import is_intrinsic

    return is_intrinsic(value)


def _replica_tags(resolver: Resolver, stack: Stack, replicas: object) -> tuple[object, str | None]:
    """The tags of the replica of a global table in the stack's own Region."""
    if not isinstance(replicas, list):
        return None, "the table's replicas are a token"
    here = resolver.ref("AWS::Region", stack)
    for replica in replicas:
        if isinstance(replica, dict) and resolver.sym(replica.get("Region"), stack) == here:
            return replica.get("Tags"), None
    return None, "no replica of the global table is in the stack's Region"


def formulas() -> Mapping[str, Mapping[str, RefFormula]]:
    return FORMULAS


__all__ = ["ATTR", "BACKUP_TYPES", "CONTINUOUS_TYPES", "FORMULAS", "PROTECTABLE", "RDS_FAMILY", "Kind", "Sym",
           "Tags", "backup_type_of", "read_tags", "tags_of", "type_name", "with_system_tags"]
