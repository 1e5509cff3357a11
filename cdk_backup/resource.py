"""BackupResource and tag conditions: the things a selection can pick.

``BackupResource``, ``TagCondition`` and ``TagOperation`` are drop-in for aws-cdk-lib's: the same
factories and fields, plus factories for every other resource type AWS Backup supports and the three
other tag operators of ``Conditions``. Every value is checked where it enters (issue 24): a wrong
type, ``None`` or a malformed ARN raises :class:`~cdk_backup.ValidationError`; tokens pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

import aws_cdk as cdk

from cdk_backup import _inputs as inputs
from cdk_backup.rules import Unresolved
from cdk_backup.rules import selection as rules

if TYPE_CHECKING:
    from constructs import IConstruct

    from cdk_backup._inputs import Str


class TagOperation(str, Enum):
    """How a tag condition compares values (the operators of a selection's ``Conditions``)."""

    STRING_EQUALS = "StringEquals"
    STRING_LIKE = "StringLike"
    """``*`` matches any run of non-space characters: ``prod*``, ``*rod*``."""
    STRING_NOT_EQUALS = "StringNotEquals"
    STRING_NOT_LIKE = "StringNotLike"

    @classmethod
    def of(cls, value: object) -> TagOperation:
        """This enum's member for a member, aws-cdk-lib's ``TagOperation`` or a string (name or value).

        Raises :class:`~cdk_backup.ValidationError` for anything else (a token has no member: it is
        only accepted where an operation is rendered, see :class:`TagCondition`).
        """
        operation = operation_of("TagOperation", "operation", value)
        if isinstance(operation, Unresolved):
            inputs.type_error("TagOperation", "operation", "a TagOperation known at synth", value)
        return operation


def operation_of(where: inputs.Where, prop: str, value: object) -> TagOperation | Unresolved:
    """A tag operation as given: ours, aws-cdk-lib's (``STRING_EQUALS``), a string, or a token."""
    if isinstance(value, TagOperation):
        return value
    if isinstance(value, Enum):  # aws-cdk-lib's TagOperation: STRING_EQUALS (or its placeholder DUMMY)
        text = value.name
    elif isinstance(value, str):
        if inputs.is_token(value):
            return Unresolved(value)
        text = value
    else:
        inputs.type_error(where, prop, "a TagOperation", value)
    for member in TagOperation:
        if text in (member.name, member.value, member.value.upper()):
            return member
    inputs.enforce(where, rules.tag_operation(text), warn_on=None)
    raise AssertionError("unreachable: an unknown operation is a violation")  # pragma: no cover


def texts(where: inputs.Where, named: Sequence[tuple[str, object]]) -> list[Str]:
    """Several required strings (``(prop, value)`` pairs): each type-checked, tokens made ``Unresolved``.

    One ``Token.is_unresolved`` call on the strings joined by newlines (which no token contains) tells
    whether any of them holds a token; only then is each asked on its own.
    """
    for prop, value in named:
        if not isinstance(value, str):
            inputs.type_error(where, prop, "a string", value)
    values = [cast(str, value) for _, value in named]
    if values and inputs.is_token("\n".join(values)):
        return [inputs.required_str(where, prop, value) for prop, value in named]
    return list(values)


def _tag_parts(where: inputs.Where, key: object, value: object,
               operation: object) -> tuple[Str, Str, TagOperation | Unresolved]:
    if operation is None:
        operation = TagOperation.STRING_EQUALS
    key_text, value_text = texts(where, [("key", key), ("value", value)])
    return key_text, value_text, operation_of(where, "operation", operation)


@dataclass(frozen=True)
class TagCondition:
    """A tag test. In ``conditions=`` every condition must hold (AND); in ``from_tag`` any may (OR).

    ``TagCondition("env", "prod")``, ``TagCondition("team", "data*", TagOperation.STRING_LIKE)``.
    """

    key: str
    """The tag key, without the ``aws:ResourceTag/`` prefix (added for you in ``conditions=``)."""
    value: str
    operation: TagOperation | str = TagOperation.STRING_EQUALS
    """A :class:`TagOperation` (aws-cdk-lib's, or its name or value as a string, are read as ours)."""

    def __post_init__(self) -> None:
        self._normalize("TagCondition")

    def _normalize(self, where: inputs.Where) -> None:
        key, value, operation = _tag_parts(where, self.key, self.value, self.operation)
        object.__setattr__(self, "_parts", (key, value, operation))
        if isinstance(operation, TagOperation):
            object.__setattr__(self, "operation", operation)

    @classmethod
    def _checked(cls, where: inputs.Where, key: object, value: object, operation: object) -> TagCondition:
        """A condition whose errors name ``where`` (a factory or a selection) instead of ``TagCondition``."""
        condition = object.__new__(cls)
        for name, given in (("key", key), ("value", value), ("operation", operation)):
            object.__setattr__(condition, name, given)
        condition._normalize(where)
        return condition

    @classmethod
    def _read(cls, where: inputs.Where, given: object, prop: str = "tag_condition") -> TagCondition:
        """Ours as it is; aws-cdk-lib's ``TagCondition`` struct (``key``, ``value``, ``operation``) as ours."""
        if isinstance(given, TagCondition):
            return given
        from aws_cdk import aws_backup

        if isinstance(given, aws_backup.TagCondition):
            return cls._checked(f"{inputs.path_of(where)}: {prop}", given.key, given.value, given.operation)
        inputs.type_error(where, prop, "a TagCondition", given)

    @property
    def parts(self) -> tuple[Str, Str, TagOperation | Unresolved]:
        """``(key, value, operation)`` as checked: a token is an :class:`~cdk_backup.rules.Unresolved`."""
        return self._parts  # type: ignore[attr-defined, no-any-return]


class ResourceType(str, Enum):
    """AWS Backup resource types, spelled as the service spells them."""

    AURORA = "Aurora"
    CLOUDFORMATION = "CloudFormation"
    DOCUMENTDB = "DocumentDB"
    DYNAMODB = "DynamoDB"
    EBS = "EBS"
    EC2 = "EC2"
    EFS = "EFS"
    FSX = "FSx"
    NEPTUNE = "Neptune"
    RDS = "RDS"
    REDSHIFT = "Redshift"
    SAP_HANA_ON_EC2 = "SAP HANA on Amazon EC2"
    S3 = "S3"
    STORAGE_GATEWAY = "Storage Gateway"
    TIMESTREAM = "Timestream"
    VIRTUAL_MACHINE = "VirtualMachine"


class BackupResource:
    """Something to back up: an ARN (or ARN pattern), a tag match, or a construct tree.

    Made by the ``from_…`` factories; ``BackupResource(resource=…, tag_condition=…, construct=…)``
    works too, as in aws-cdk-lib. A selection also accepts aws-cdk-lib's ``BackupResource`` objects.
    """

    resource: str | None = None
    """The ARN or ARN pattern, as given."""
    tag_condition: TagCondition | None = None
    """The tag a resource must carry (``ListOfTags``: always ``STRING_EQUALS``)."""
    construct: IConstruct | None = None
    """The construct tree whose supported resources are selected when the app synthesizes."""
    resource_type: ResourceType | None = None
    """The resource type, when the factory or the ARN says it."""
    bucket: Any = None
    """The S3 bucket of :meth:`from_s3_bucket` (its versioning is checked by the selection)."""

    def __init__(self, resource: str | None = None, tag_condition: TagCondition | None = None,
                 construct: IConstruct | None = None, *, resource_type: ResourceType | None = None,
                 bucket: Any = None) -> None:
        self._set("BackupResource", "resource", resource, tag_condition, construct, resource_type, bucket)

    def _set(self, where: str, prop: str, resource: object, tag_condition: object, construct: object,
             resource_type: ResourceType | None, bucket: Any, tag_prop: str = "tag_condition",
             arn_required: bool = False) -> None:
        arn = inputs.required_str(where, prop, resource) if arn_required else inputs.optional_str(where, prop, resource)
        if arn is not None:
            inputs.enforce(where, rules.arn_format([arn], prop=prop))
        condition = None if tag_condition is None else TagCondition._read(where, tag_condition)
        if condition is not None:
            key, value, operation = condition.parts
            shown = operation.value if isinstance(operation, TagOperation) else operation
            inputs.enforce(where, rules.list_of_tags([rules.TagMatch(key, value, shown)], prop=tag_prop))
        inputs.having(where, "construct", construct, "node", "a Construct")
        inputs.instance(where, "resource_type", resource_type, ResourceType, "a ResourceType")
        self.resource = resource  # type: ignore[assignment]
        self.tag_condition = condition
        self.construct = construct  # type: ignore[assignment]
        self.resource_type = resource_type if resource_type is not None or arn is None else _type_of_arn(arn)
        self.bucket = bucket
        self._arn: Str | None = arn

    @classmethod
    def _make(cls, where: str, prop: str, resource: object = None, tag_condition: object = None,
              construct: object = None, *, resource_type: ResourceType | None = None,
              bucket: Any = None, tag_prop: str = "tag_condition", arn_required: bool = False) -> BackupResource:
        made = object.__new__(cls)
        made._set(where, prop, resource, tag_condition, construct, resource_type, bucket, tag_prop, arn_required)
        return made

    @classmethod
    def _read(cls, where: inputs.Where, prop: str, given: object) -> BackupResource:
        """Ours as it is; aws-cdk-lib's ``BackupResource`` (``resource``, ``tag_condition``, ``construct``) as ours."""
        if isinstance(given, BackupResource):
            return given
        from aws_cdk import aws_backup

        if not isinstance(given, aws_backup.BackupResource):
            inputs.type_error(where, prop, "a BackupResource", given)
        label = f"{inputs.path_of(where)}: {prop}"
        return cls._make(label, "resource", given.resource, given.tag_condition, given.construct)

    @property
    def arn(self) -> Str | None:
        """The ARN as checked: a token is an :class:`~cdk_backup.rules.Unresolved`."""
        return self._arn

    # ------------------------------------------------------------------ generic
    @staticmethod
    def from_arn(arn: str) -> BackupResource:
        """An ARN, ``*``, or a pattern ending in ``*`` (e.g. ``arn:aws:ec2:*:*:volume/*``)."""
        return BackupResource._make("BackupResource.from_arn", "arn", arn, arn_required=True)

    @staticmethod
    def from_tag(key: str, value: str, operation: TagOperation | str | None = TagOperation.STRING_EQUALS
                 ) -> BackupResource:
        """Resources tagged ``key=value`` (``ListOfTags``: a resource matching ANY of these, or any
        ARN of the selection, is selected). To require tags, use ``conditions=`` instead."""
        where = "BackupResource.from_tag"
        condition = TagCondition._checked(where, key, value, operation)
        return BackupResource._make(where, "tag", tag_condition=condition, tag_prop="tag")

    @staticmethod
    def from_construct(construct: IConstruct) -> BackupResource:
        """Every supported resource defined under ``construct`` (found when the app synthesizes):
        DynamoDB tables (``Table`` and ``TableV2``), EC2 instances and volumes, EFS, FSx file systems and
        volumes, RDS instances (not cluster members), RDS/Aurora/DocumentDB/Neptune clusters, Redshift
        clusters, S3 buckets and Timestream tables. Finding none is an error when the app synthesizes."""
        inputs.having("BackupResource.from_construct", "construct", construct, "node", "a Construct", required=True)
        return BackupResource._make("BackupResource.from_construct", "construct", construct=construct)

    # ------------------------------------------------------------------ databases
    @staticmethod
    def from_dynamo_db_table(table: Any) -> BackupResource:
        """A DynamoDB ``Table``, ``TableV2`` or ``CfnTable``."""
        where = "BackupResource.from_dynamo_db_table"
        arn = _read(where, "table", table, "a DynamoDB table", ("table_arn",), ("table_ref", "table_arn"))
        return BackupResource._make(where, "table", arn, resource_type=ResourceType.DYNAMODB)

    @staticmethod
    def from_rds_database_instance(instance: Any) -> BackupResource:
        """An RDS DB instance (``DatabaseInstance`` or ``CfnDBInstance``)."""
        where = "BackupResource.from_rds_database_instance"
        arn = _read(where, "instance", instance, "an RDS DB instance", ("instance_arn",),
                    ("db_instance_ref", "db_instance_arn"))
        return BackupResource._make(where, "instance", arn, resource_type=ResourceType.RDS)

    @staticmethod
    def from_rds_database_cluster(cluster: Any) -> BackupResource:
        """An Aurora or Multi-AZ RDS DB cluster (in the cluster's own account and Region)."""
        where = "BackupResource.from_rds_database_cluster"
        return BackupResource._make(where, "cluster", _cluster_arn(where, cluster), resource_type=ResourceType.AURORA)

    from_aurora_cluster = from_rds_database_cluster

    @staticmethod
    def from_rds_serverless_cluster(cluster: Any) -> BackupResource:
        """An Aurora Serverless v1 cluster."""
        where = "BackupResource.from_rds_serverless_cluster"
        arn = _read(where, "cluster", cluster, "an RDS DB cluster", ("cluster_arn",),
                    ("db_cluster_ref", "db_cluster_arn"))
        return BackupResource._make(where, "cluster", arn, resource_type=ResourceType.AURORA)

    @staticmethod
    def from_docdb_cluster(cluster: Any) -> BackupResource:
        """An Amazon DocumentDB cluster (L2 ``DatabaseCluster`` or ``CfnDBCluster``)."""
        where = "BackupResource.from_docdb_cluster"
        return BackupResource._make(where, "cluster", _cluster_arn(where, cluster),
                                    resource_type=ResourceType.DOCUMENTDB)

    @staticmethod
    def from_neptune_cluster(cluster: Any) -> BackupResource:
        """An Amazon Neptune cluster (``CfnDBCluster`` or the alpha L2)."""
        where = "BackupResource.from_neptune_cluster"
        return BackupResource._make(where, "cluster", _cluster_arn(where, cluster), resource_type=ResourceType.NEPTUNE)

    @staticmethod
    def from_redshift_cluster(cluster: Any) -> BackupResource:
        """A provisioned Amazon Redshift cluster (``CfnCluster`` or the alpha L2)."""
        where = "BackupResource.from_redshift_cluster"
        name = _read(where, "cluster", cluster, "a Redshift cluster", ("cluster_name",), ("ref",))
        return BackupResource._make(where, "cluster", _format_arn(cluster, "redshift", "cluster", name, ":"),
                                    resource_type=ResourceType.REDSHIFT)

    @staticmethod
    def from_timestream_table(table: Any) -> BackupResource:
        """An Amazon Timestream table (``aws_timestream.CfnTable``)."""
        where = "BackupResource.from_timestream_table"
        arn = _read(where, "table", table, "a Timestream CfnTable", ("attr_arn",))
        return BackupResource._make(where, "table", arn, resource_type=ResourceType.TIMESTREAM)

    # ------------------------------------------------------------------ compute and storage
    @staticmethod
    def from_ec2_instance(instance: Any) -> BackupResource:
        """An EC2 instance (EBS-backed): ``Instance`` or ``CfnInstance``."""
        where = "BackupResource.from_ec2_instance"
        instance_id = _read(where, "instance", instance, "an EC2 instance", ("instance_id",),
                            ("instance_ref", "instance_id"))
        return BackupResource._make(where, "instance", _format_arn(instance, "ec2", "instance", instance_id, "/"),
                                    resource_type=ResourceType.EC2)

    @staticmethod
    def from_ebs_volume(volume: Any) -> BackupResource:
        """An EBS volume (``aws_ec2.Volume`` or ``CfnVolume``)."""
        where = "BackupResource.from_ebs_volume"
        volume_id = _read(where, "volume", volume, "an EBS volume", ("volume_id",), ("ref",))
        return BackupResource._make(where, "volume", _format_arn(volume, "ec2", "volume", volume_id, "/"),
                                    resource_type=ResourceType.EBS)

    @staticmethod
    def from_efs_file_system(file_system: Any) -> BackupResource:
        """An Amazon EFS file system (``FileSystem`` or ``CfnFileSystem``)."""
        where = "BackupResource.from_efs_file_system"
        fs_id = _read(where, "file_system", file_system, "an EFS file system", ("file_system_id",), ("ref",),
                      ("file_system_ref", "file_system_id"))
        return BackupResource._make(
            where, "file_system", _format_arn(file_system, "elasticfilesystem", "file-system", fs_id, "/"),
            resource_type=ResourceType.EFS)

    @staticmethod
    def from_fsx_file_system(file_system: Any) -> BackupResource:
        """An FSx for Lustre, Windows File Server or OpenZFS file system (L2 or ``CfnFileSystem``).

        For FSx for NetApp ONTAP, select volumes with :meth:`from_fsx_volume` (or tag the volumes).
        """
        where = "BackupResource.from_fsx_file_system"
        fs_id = _read(where, "file_system", file_system, "an FSx file system", ("file_system_id",), ("ref",))
        return BackupResource._make(where, "file_system", _format_arn(file_system, "fsx", "file-system", fs_id, "/"),
                                    resource_type=ResourceType.FSX)

    @staticmethod
    def from_fsx_volume(volume: Any) -> BackupResource:
        """An FSx for NetApp ONTAP or OpenZFS volume (``aws_fsx.CfnVolume``)."""
        where = "BackupResource.from_fsx_volume"
        arn = _read(where, "volume", volume, "an FSx CfnVolume", ("attr_resource_arn",))
        return BackupResource._make(where, "volume", arn, resource_type=ResourceType.FSX)

    @staticmethod
    def from_s3_bucket(bucket: Any) -> BackupResource:
        """An S3 bucket. It must have versioning; the selection role gets the S3 backup policies."""
        where = "BackupResource.from_s3_bucket"
        arn = _read(where, "bucket", bucket, "an S3 bucket", ("bucket_arn",), ("attr_arn",))
        return BackupResource._make(where, "bucket", arn, resource_type=ResourceType.S3, bucket=bucket)

    @staticmethod
    def from_storage_gateway_volume(volume_arn: str) -> BackupResource:
        """A Storage Gateway volume, by ARN (``…:gateway/sgw-…/volume/vol-…``)."""
        return BackupResource._make("BackupResource.from_storage_gateway_volume", "volume_arn", volume_arn,
                                    resource_type=ResourceType.STORAGE_GATEWAY, arn_required=True)

    @staticmethod
    def from_cloudformation_stack(stack: cdk.Stack) -> BackupResource:
        """A CloudFormation stack (its stack id is its ARN) and the supported resources it holds."""
        where = "BackupResource.from_cloudformation_stack"
        arn = _read(where, "stack", stack, "a Stack", ("stack_id",))
        return BackupResource._make(where, "stack", arn, resource_type=ResourceType.CLOUDFORMATION)

    @staticmethod
    def from_virtual_machine(vm_arn: str) -> BackupResource:
        """A VMware virtual machine known to a Backup gateway hypervisor, by ARN."""
        return BackupResource._make("BackupResource.from_virtual_machine", "vm_arn", vm_arn,
                                    resource_type=ResourceType.VIRTUAL_MACHINE, arn_required=True)


# ---------------------------------------------------------------- helpers of the factories
def _read(where: str, prop: str, obj: object, expected: str, *paths: tuple[str, ...]) -> str:
    """The first attribute path of ``obj`` that exists (``("table_ref", "table_arn")``), or a type error."""
    if obj is not None and not isinstance(obj, (str, int, float, bool)):
        for path in paths:
            value: Any = obj
            for name in path:
                value = getattr(value, name, None)
                if value is None:
                    break
            if value is not None:
                return str(value)
    inputs.type_error(where, prop, expected, obj)


def _format_arn(scope: Any, service: str, resource: str, name: str, sep: str) -> str:
    """``arn:<partition>:<service>:<region>:<account>:<resource><sep><name>`` in the scope's stack."""
    style = cdk.ArnFormat.COLON_RESOURCE_NAME if sep == ":" else cdk.ArnFormat.SLASH_RESOURCE_NAME
    return cdk.Stack.of(scope).format_arn(service=service, resource=resource, resource_name=name, arn_format=style)


def _cluster_arn(where: str, cluster: Any) -> str:
    arn = getattr(cluster, "cluster_arn", None) if cluster is not None else None
    if arn:
        return str(arn)
    identifier = _read(where, "cluster", cluster, "a DB cluster", ("cluster_identifier",), ("ref",))
    return _format_arn(cluster, "rds", "cluster", identifier, ":")


_SERVICE_TYPES = {
    "dynamodb": ResourceType.DYNAMODB, "elasticfilesystem": ResourceType.EFS, "fsx": ResourceType.FSX,
    "s3": ResourceType.S3, "timestream": ResourceType.TIMESTREAM, "redshift": ResourceType.REDSHIFT,
    "storagegateway": ResourceType.STORAGE_GATEWAY, "cloudformation": ResourceType.CLOUDFORMATION,
    "ssm-sap": ResourceType.SAP_HANA_ON_EC2, "backup-gateway": ResourceType.VIRTUAL_MACHINE,
}


def _type_of_arn(arn: Str) -> ResourceType | None:
    """The resource type of a literal ARN, when the ARN says it."""
    if isinstance(arn, Unresolved):
        return None
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return None
    service, resource = parts[2], parts[5]
    if service == "ec2":
        if resource.startswith("instance/"):
            return ResourceType.EC2
        if resource.startswith("volume/"):
            return ResourceType.EBS
        return None
    if service == "rds":
        return ResourceType.RDS if resource.startswith("db:") else None
    return _SERVICE_TYPES.get(service)
