"""BackupResource and tag conditions: the things a selection can pick."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

import aws_cdk as cdk

from cdk_backup._arns import format_arn
from cdk_backup._validation import enum_value, is_unresolved

if TYPE_CHECKING:
    from constructs import IConstruct


class TagOperation(str, Enum):
    """How a tag condition compares values (the operators of a selection's ``Conditions``)."""

    STRING_EQUALS = "StringEquals"
    STRING_LIKE = "StringLike"
    """``*`` matches any run of non-space characters: ``prod*``, ``*rod*``."""
    STRING_NOT_EQUALS = "StringNotEquals"
    STRING_NOT_LIKE = "StringNotLike"

    @classmethod
    def of(cls, value: Any) -> TagOperation:
        """Accept this enum, aws-cdk-lib's ``TagOperation`` or a string."""
        if isinstance(value, TagOperation):
            return value
        text = str(getattr(value, "name", None) or enum_value(value))
        for member in cls:
            if text in (member.name, member.value, member.value.upper()):
                return member
        raise ValueError(text)


@dataclass(frozen=True)
class TagCondition:
    """A tag test. In ``conditions=`` every condition must hold (AND); in ``from_tag`` any may (OR)."""

    key: str
    """The tag key, without the ``aws:ResourceTag/`` prefix (added for you)."""
    value: str
    operation: Any = TagOperation.STRING_EQUALS


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
    """Something to back up: an ARN (or ARN pattern), a tag match, or a construct tree."""

    def __init__(self, resource: str | None = None, tag_condition: TagCondition | None = None,
                 construct: IConstruct | None = None, *, resource_type: ResourceType | None = None,
                 bucket: Any = None) -> None:
        self.resource = resource
        self.tag_condition = tag_condition
        self.construct = construct
        self.resource_type = resource_type
        self.bucket = bucket

    # ------------------------------------------------------------------ generic
    @staticmethod
    def from_arn(arn: str) -> BackupResource:
        """An ARN, or a pattern ending in ``*`` (e.g. ``arn:aws:ec2:*:*:volume/*``)."""
        return BackupResource(resource=arn, resource_type=_type_of_arn(arn))

    @staticmethod
    def from_tag(key: str, value: str, operation: Any = TagOperation.STRING_EQUALS) -> BackupResource:
        """Resources tagged ``key=value`` (``ListOfTags``: a resource matching ANY of these, or any
        ARN of the selection, is selected). To require tags, use ``conditions=`` instead."""
        return BackupResource(tag_condition=TagCondition(key, value, operation))

    @staticmethod
    def from_construct(construct: IConstruct) -> BackupResource:
        """Every supported resource defined under ``construct`` (found when the app synthesizes):
        DynamoDB tables (``Table`` and ``TableV2``), EC2 instances and volumes, EFS, FSx file systems and
        volumes, RDS instances (not cluster members), RDS/Aurora/DocumentDB/Neptune clusters, Redshift
        clusters, S3 buckets and Timestream tables."""
        return BackupResource(construct=construct)

    # ------------------------------------------------------------------ databases
    @staticmethod
    def from_dynamo_db_table(table: Any) -> BackupResource:
        """A DynamoDB ``Table`` or ``TableV2``."""
        return BackupResource(resource=table.table_arn, resource_type=ResourceType.DYNAMODB)

    @staticmethod
    def from_rds_database_instance(instance: Any) -> BackupResource:
        """An RDS DB instance."""
        return BackupResource(resource=instance.instance_arn, resource_type=ResourceType.RDS)

    @staticmethod
    def from_rds_database_cluster(cluster: Any) -> BackupResource:
        """An Aurora or Multi-AZ RDS DB cluster (in the cluster's own account and Region)."""
        return BackupResource(resource=_cluster_arn(cluster), resource_type=ResourceType.AURORA)

    from_aurora_cluster = from_rds_database_cluster

    @staticmethod
    def from_rds_serverless_cluster(cluster: Any) -> BackupResource:
        """An Aurora Serverless v1 cluster."""
        return BackupResource(resource=cluster.cluster_arn, resource_type=ResourceType.AURORA)

    @staticmethod
    def from_docdb_cluster(cluster: Any) -> BackupResource:
        """An Amazon DocumentDB cluster (L2 ``DatabaseCluster`` or ``CfnDBCluster``)."""
        return BackupResource(resource=_cluster_arn(cluster), resource_type=ResourceType.DOCUMENTDB)

    @staticmethod
    def from_neptune_cluster(cluster: Any) -> BackupResource:
        """An Amazon Neptune cluster (``CfnDBCluster`` or the alpha L2)."""
        return BackupResource(resource=_cluster_arn(cluster), resource_type=ResourceType.NEPTUNE)

    @staticmethod
    def from_redshift_cluster(cluster: Any) -> BackupResource:
        """A provisioned Amazon Redshift cluster (``CfnCluster`` or the alpha L2)."""
        name = getattr(cluster, "cluster_name", None) or cluster.ref
        return BackupResource(resource=format_arn(cluster, "redshift", "cluster", name),
                              resource_type=ResourceType.REDSHIFT)

    @staticmethod
    def from_timestream_table(table: Any) -> BackupResource:
        """An Amazon Timestream table (``aws_timestream.CfnTable``)."""
        return BackupResource(resource=table.attr_arn, resource_type=ResourceType.TIMESTREAM)

    # ------------------------------------------------------------------ compute and storage
    @staticmethod
    def from_ec2_instance(instance: Any) -> BackupResource:
        """An EC2 instance (EBS-backed)."""
        return BackupResource(resource=format_arn(instance, "ec2", "instance", instance.instance_id, sep="/"),
                              resource_type=ResourceType.EC2)

    @staticmethod
    def from_ebs_volume(volume: Any) -> BackupResource:
        """An EBS volume (``aws_ec2.Volume`` or ``CfnVolume``)."""
        volume_id = getattr(volume, "volume_id", None) or volume.ref
        return BackupResource(resource=format_arn(volume, "ec2", "volume", volume_id, sep="/"),
                              resource_type=ResourceType.EBS)

    @staticmethod
    def from_efs_file_system(file_system: Any) -> BackupResource:
        """An Amazon EFS file system."""
        fs_id = getattr(file_system, "file_system_id", None) or file_system.ref
        return BackupResource(
            resource=format_arn(file_system, "elasticfilesystem", "file-system", fs_id, sep="/"),
            resource_type=ResourceType.EFS)

    @staticmethod
    def from_fsx_file_system(file_system: Any) -> BackupResource:
        """An FSx for Lustre, Windows File Server or OpenZFS file system (L2 or ``CfnFileSystem``).

        For FSx for NetApp ONTAP, select volumes with :meth:`from_fsx_volume` (or tag the volumes).
        """
        fs_id = getattr(file_system, "file_system_id", None) or file_system.ref
        return BackupResource(resource=format_arn(file_system, "fsx", "file-system", fs_id, sep="/"),
                              resource_type=ResourceType.FSX)

    @staticmethod
    def from_fsx_volume(volume: Any) -> BackupResource:
        """An FSx for NetApp ONTAP or OpenZFS volume (``aws_fsx.CfnVolume``)."""
        return BackupResource(resource=volume.attr_resource_arn, resource_type=ResourceType.FSX)

    @staticmethod
    def from_s3_bucket(bucket: Any) -> BackupResource:
        """An S3 bucket. It must have versioning; the selection role gets the S3 backup policies."""
        return BackupResource(resource=bucket.bucket_arn, resource_type=ResourceType.S3, bucket=bucket)

    @staticmethod
    def from_storage_gateway_volume(volume_arn: str) -> BackupResource:
        """A Storage Gateway volume, by ARN (``…:gateway/sgw-…/volume/vol-…``)."""
        return BackupResource(resource=volume_arn, resource_type=ResourceType.STORAGE_GATEWAY)

    @staticmethod
    def from_cloudformation_stack(stack: cdk.Stack) -> BackupResource:
        """A CloudFormation stack (its stack id is its ARN) and the supported resources it holds."""
        return BackupResource(resource=stack.stack_id, resource_type=ResourceType.CLOUDFORMATION)

    @staticmethod
    def from_virtual_machine(vm_arn: str) -> BackupResource:
        """A VMware virtual machine known to a Backup gateway hypervisor, by ARN."""
        return BackupResource(resource=vm_arn, resource_type=ResourceType.VIRTUAL_MACHINE)


def _cluster_arn(cluster: Any) -> str:
    arn = getattr(cluster, "cluster_arn", None)
    if arn:
        return str(arn)
    identifier = getattr(cluster, "cluster_identifier", None) or cluster.ref
    return format_arn(cluster, "rds", "cluster", identifier)


_SERVICE_TYPES = {
    "dynamodb": ResourceType.DYNAMODB, "elasticfilesystem": ResourceType.EFS, "fsx": ResourceType.FSX,
    "s3": ResourceType.S3, "timestream": ResourceType.TIMESTREAM, "redshift": ResourceType.REDSHIFT,
    "storagegateway": ResourceType.STORAGE_GATEWAY, "cloudformation": ResourceType.CLOUDFORMATION,
    "ssm-sap": ResourceType.SAP_HANA_ON_EC2, "backup-gateway": ResourceType.VIRTUAL_MACHINE,
}


def _type_of_arn(arn: str) -> ResourceType | None:
    """The resource type of a literal ARN, when the ARN says it."""
    if is_unresolved(arn):
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
