"""BackupResource factories, TagCondition and TagOperation: every input gets a clear answer (issue 24)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_backup

import cdk_backup as backup
from cdk_backup.rules import Unresolved
from tests.conftest import new_stack

R = backup.BackupResource
Op = backup.TagOperation

BAD = [
    # TagCondition
    pytest.param(lambda: backup.TagCondition("k", "v", "BAD"), r"^TagCondition: operation must be STRING_EQUALS, STRING_LIKE, STRING_NOT_EQUALS or STRING_NOT_LIKE, got 'BAD' \[tagOperation\]$", id="condition-unknown-operation"),
    pytest.param(lambda: backup.TagCondition("k", "v", 5), r"^TagCondition: operation must be a TagOperation, got int 5 \[inputType\]$", id="condition-operation-int"),
    pytest.param(lambda: backup.TagCondition(3, "v"), r"^TagCondition: key must be a string, got int 3 \[inputType\]$", id="condition-key-int"),
    pytest.param(lambda: backup.TagCondition(None, "v"), r"TagCondition: key must be a string, got None", id="condition-key-none"),
    pytest.param(lambda: backup.TagCondition("k", None), r"TagCondition: value must be a string, got None", id="condition-value-none"),
    pytest.param(lambda: backup.TagCondition("k", ["v"]), r"TagCondition: value must be a string, got list", id="condition-value-list"),
    pytest.param(lambda: backup.TagCondition(key="k", value="v", operation=aws_backup.TagOperation.DUMMY), r"got 'DUMMY' \[tagOperation\]", id="condition-aws-cdk-lib-dummy"),
    # TagOperation
    pytest.param(lambda: Op.of("StringContains"), r"TagOperation: operation must be STRING_EQUALS, .*got 'StringContains' \[tagOperation\]", id="operation-of-unknown"),
    pytest.param(lambda: Op.of(None), r"TagOperation: operation must be a TagOperation, got None", id="operation-of-none"),
    # from_tag
    pytest.param(lambda: R.from_tag(None, "v"), r"^BackupResource.from_tag: key must be a string, got None \[inputType\]$", id="from-tag-key-none"),
    pytest.param(lambda: R.from_tag(1, "v"), r"BackupResource.from_tag: key must be a string, got int 1", id="from-tag-key-int"),
    pytest.param(lambda: R.from_tag("k", 2), r"BackupResource.from_tag: value must be a string, got int 2", id="from-tag-value-int"),
    pytest.param(lambda: R.from_tag("k", "v", "BAD"), r"BackupResource.from_tag: operation must be .*got 'BAD' \[tagOperation\]", id="from-tag-unknown-operation"),
    pytest.param(lambda: R.from_tag("k", "v*", Op.STRING_LIKE), r"^BackupResource.from_tag: tag operation must be STRING_EQUALS, the only operator of ListOfTags \(pass other operators as conditions=\[TagCondition\(...\)\]\), got 'StringLike' \[fromTagOperation\]$", id="from-tag-string-like"),
    pytest.param(lambda: R.from_tag("k", "v", "STRING_NOT_EQUALS"), r"\[fromTagOperation\]", id="from-tag-not-equals-by-name"),
    # from_arn and the ARN factories
    pytest.param(lambda: R.from_arn(None), r"^BackupResource.from_arn: arn must be a string, got None \[inputType\]$", id="from-arn-none"),
    pytest.param(lambda: R.from_arn(5), r"BackupResource.from_arn: arn must be a string, got int 5", id="from-arn-int"),
    pytest.param(lambda: R.from_arn(""), r"^BackupResource.from_arn: arn must be \* or an ARN, arn:<partition>:<service>:<region>:<account>:<resource> \(a \* matches any characters\), got '' \[selectionArnFormat\]$", id="from-arn-empty"),
    pytest.param(lambda: R.from_arn("my-table"), r"got 'my-table' \[selectionArnFormat\]", id="from-arn-a-name"),
    pytest.param(lambda: R.from_arn("arn:aws:s3::: bucket"), r"\[selectionArnFormat\]", id="from-arn-space"),
    pytest.param(lambda: R.from_arn("arn:aws:dynamodb:us-east-1:1234:table/t"), r"\[selectionArnFormat\]", id="from-arn-short-account"),
    pytest.param(lambda: R.from_arn("arn:aws:dynamodb:us-east-1:١١١١٢٢٢٢٣٣٣٣:table/t"), r"\[selectionArnFormat\]", id="from-arn-unicode-digits"),
    pytest.param(lambda: R.from_arn("arn:aws:dynamodb:useast1:111122223333:table/t"), r"\[selectionArnFormat\]", id="from-arn-bad-region"),
    pytest.param(lambda: R.from_arn("arn:aws:dynamodb:us-east-1:111122223333"), r"\[selectionArnFormat\]", id="from-arn-no-resource"),
    pytest.param(lambda: R.from_arn("arn:aws"), r"\[selectionArnFormat\]", id="from-arn-truncated"),
    pytest.param(lambda: R.from_arn("arn:foo:s3:::b"), r"\[selectionArnFormat\]", id="from-arn-unknown-partition"),
    pytest.param(lambda: R.from_arn("junk:backup:*"), r"\[selectionArnFormat\]", id="from-arn-pattern-without-arn"),
    pytest.param(lambda: R.from_storage_gateway_volume(None), r"BackupResource.from_storage_gateway_volume: volume_arn must be a string, got None", id="from-storage-gateway-none"),
    pytest.param(lambda: R.from_storage_gateway_volume("vol-1"), r"BackupResource.from_storage_gateway_volume: volume_arn must be \* or an ARN", id="from-storage-gateway-id"),
    pytest.param(lambda: R.from_virtual_machine(5), r"BackupResource.from_virtual_machine: vm_arn must be a string, got int 5", id="from-vm-int"),
    # factories taking constructs
    pytest.param(lambda: R.from_construct(None), r"^BackupResource.from_construct: construct must be a Construct, got None \[inputType\]$", id="from-construct-none"),
    pytest.param(lambda: R.from_construct("Data"), r"from_construct: construct must be a Construct, got str 'Data'", id="from-construct-string"),
    pytest.param(lambda: R.from_dynamo_db_table(None), r"^BackupResource.from_dynamo_db_table: table must be a DynamoDB table, got None \[inputType\]$", id="from-dynamo-db-table-none"),
    pytest.param(lambda: R.from_dynamo_db_table("arn:aws:dynamodb:us-east-1:111122223333:table/t"), r"table must be a DynamoDB table, got str", id="from-dynamo-db-table-arn"),
    pytest.param(lambda: R.from_ec2_instance(None), r"from_ec2_instance: instance must be an EC2 instance, got None", id="from-ec2-instance-none"),
    pytest.param(lambda: R.from_ebs_volume(3), r"from_ebs_volume: volume must be an EBS volume, got int 3", id="from-ebs-volume-int"),
    pytest.param(lambda: R.from_efs_file_system("fs-1"), r"from_efs_file_system: file_system must be an EFS file system, got str", id="from-efs-string"),
    pytest.param(lambda: R.from_fsx_file_system(None), r"from_fsx_file_system: file_system must be an FSx file system", id="from-fsx-none"),
    pytest.param(lambda: R.from_fsx_volume(None), r"from_fsx_volume: volume must be an FSx CfnVolume", id="from-fsx-volume-none"),
    pytest.param(lambda: R.from_rds_database_instance(None), r"from_rds_database_instance: instance must be an RDS DB instance, got None", id="from-rds-instance-none"),
    pytest.param(lambda: R.from_rds_database_cluster(None), r"from_rds_database_cluster: cluster must be a DB cluster, got None", id="from-rds-cluster-none"),
    pytest.param(lambda: R.from_rds_serverless_cluster(object()), r"from_rds_serverless_cluster: cluster must be an RDS DB cluster, got object", id="from-rds-serverless-object"),
    pytest.param(lambda: R.from_docdb_cluster(None), r"from_docdb_cluster: cluster must be a DB cluster", id="from-docdb-none"),
    pytest.param(lambda: R.from_neptune_cluster(None), r"from_neptune_cluster: cluster must be a DB cluster", id="from-neptune-none"),
    pytest.param(lambda: R.from_redshift_cluster(None), r"from_redshift_cluster: cluster must be a Redshift cluster", id="from-redshift-none"),
    pytest.param(lambda: R.from_timestream_table(None), r"from_timestream_table: table must be a Timestream CfnTable", id="from-timestream-none"),
    pytest.param(lambda: R.from_s3_bucket(None), r"from_s3_bucket: bucket must be an S3 bucket, got None", id="from-s3-bucket-none"),
    pytest.param(lambda: R.from_s3_bucket("my-bucket"), r"from_s3_bucket: bucket must be an S3 bucket, got str", id="from-s3-bucket-name"),
    pytest.param(lambda: R.from_cloudformation_stack("stack"), r"from_cloudformation_stack: stack must be a Stack, got str", id="from-stack-string"),
    # the constructor, as aws-cdk-lib's
    pytest.param(lambda: R(resource=5), r"^BackupResource: resource must be a string, got int 5 \[inputType\]$", id="constructor-resource-int"),
    pytest.param(lambda: R(resource="nope"), r"^BackupResource: resource must be \* or an ARN", id="constructor-resource-not-arn"),
    pytest.param(lambda: R(tag_condition=("k", "v")), r"^BackupResource: tag_condition must be a TagCondition, got tuple", id="constructor-tag-tuple"),
    pytest.param(lambda: R(tag_condition=backup.TagCondition("k", "v", Op.STRING_NOT_LIKE)), r"^BackupResource: tag_condition operation must be STRING_EQUALS.*\[fromTagOperation\]", id="constructor-tag-not-like"),
    pytest.param(lambda: R(construct="x"), r"^BackupResource: construct must be a Construct, got str", id="constructor-construct-string"),
    pytest.param(lambda: R(resource="*", resource_type="EBS"), r"^BackupResource: resource_type must be a ResourceType, got str", id="constructor-type-string"),
]


@pytest.mark.parametrize(("build", "message"), BAD)
def test_bad_inputs_raise_validation_errors(build: Callable[[], object], message: str) -> None:
    with pytest.raises(backup.ValidationError, match=message):
        build()


@pytest.mark.parametrize("arn", [
    "*", "arn:aws:fsx:*", "arn:aws:rds:*", "arn:aws:ec2:*:*:volume/*", "arn:aws:rds:*:*:cluster:*",
    "arn:aws:s3:::my-bucket", "arn:aws:s3:::logs-*", "arn:aws:dynamodb:us-east-1:111122223333:table/t",
    "arn:aws-cn:dynamodb:cn-north-1:111122223333:table/t", "arn:aws-us-gov:ec2:us-gov-west-1:111122223333:instance/i-1",
    "arn:aws:rds:eu-west-1:111122223333:db:orders", "arn:aws:ec2:us-east-1:*:volume/*", "arn:*:s3:::b",
    "arn:aws:storagegateway:us-east-1:111122223333:gateway/sgw-1/volume/vol-1",
    "arn:aws:timestream:us-east-1:111122223333:database/db/table/t",
])
def test_valid_arns_and_patterns_pass(arn: str) -> None:
    assert R.from_arn(arn).resource == arn


@pytest.mark.parametrize("given, expected", [
    (Op.STRING_LIKE, Op.STRING_LIKE), ("STRING_LIKE", Op.STRING_LIKE), ("StringLike", Op.STRING_LIKE),
    ("STRINGLIKE", Op.STRING_LIKE), ("STRINGEQUALS", Op.STRING_EQUALS),
    (aws_backup.TagOperation.STRING_EQUALS, Op.STRING_EQUALS),
])
def test_operations_are_read_in_every_spelling(given: Any, expected: backup.TagOperation) -> None:
    assert Op.of(given) is expected
    assert backup.TagCondition("k", "v", given).operation is expected


def test_conditions_are_values() -> None:
    assert backup.TagCondition("k", "v") == backup.TagCondition(key="k", value="v", operation="StringEquals")
    assert backup.TagCondition("k", "v", operation=None).operation is Op.STRING_EQUALS  # aws-cdk-lib's default
    assert len({backup.TagCondition("k", "v"), backup.TagCondition("k", "v")}) == 1


def test_factories_accept_aws_cdk_libs_operation_and_l1s() -> None:
    stack = new_stack()
    tag = R.from_tag("k", "v", aws_backup.TagOperation.STRING_EQUALS)
    assert tag.tag_condition == backup.TagCondition("k", "v")
    from aws_cdk import aws_dynamodb as dynamodb
    from aws_cdk import aws_ec2 as ec2
    from aws_cdk import aws_efs as efs
    from aws_cdk import aws_rds as rds

    table = dynamodb.CfnTable(stack, "T", key_schema=[{"attributeName": "pk", "keyType": "HASH"}],
                              attribute_definitions=[{"attributeName": "pk", "attributeType": "S"}])
    assert stack.resolve(R.from_dynamo_db_table(table).resource) == {"Fn::GetAtt": ["T", "Arn"]}
    instance = ec2.CfnInstance(stack, "I")
    assert "instance/" in str(stack.resolve(R.from_ec2_instance(instance).resource))
    assert R.from_efs_file_system(efs.CfnFileSystem(stack, "F")).resource_type is backup.ResourceType.EFS
    database = rds.CfnDBInstance(stack, "D")
    assert R.from_rds_database_instance(database).resource_type is backup.ResourceType.RDS
    assert R.from_rds_serverless_cluster(rds.CfnDBCluster(stack, "C")).resource_type is backup.ResourceType.AURORA


def test_the_type_of_a_literal_arn_is_read_from_it() -> None:
    assert R.from_arn("arn:aws:ec2:*:*:volume/*").resource_type is backup.ResourceType.EBS
    assert R.from_arn("arn:aws:ec2:us-east-1:111122223333:instance/i-1").resource_type is backup.ResourceType.EC2
    assert R.from_arn("arn:aws:rds:*:*:db:*").resource_type is backup.ResourceType.RDS
    assert R.from_arn("arn:aws:rds:*:*:cluster:*").resource_type is None  # Aurora, Neptune, DocumentDB...
    assert R.from_arn("arn:aws:s3:::b").resource_type is backup.ResourceType.S3
    assert R.from_arn("*").resource_type is None


def test_tokens_pass_every_factory_and_slot() -> None:
    stack = new_stack()
    text = cdk.CfnParameter(stack, "P").value_as_string
    assert isinstance(R.from_arn(text).arn, Unresolved)
    assert isinstance(R.from_storage_gateway_volume(text).arn, Unresolved)
    tag = R.from_tag(text, text, text)
    assert tag.tag_condition is not None and all(isinstance(part, Unresolved) for part in tag.tag_condition.parts)
    condition = backup.TagCondition(text, text, text)
    assert condition.operation == text and isinstance(condition.parts[2], Unresolved)
    assert R(resource=cdk.Fn.join(":", ["arn", cdk.Aws.PARTITION, "s3", "", "", "b"])).resource_type is None


def test_aws_cdk_libs_tag_operation_has_no_member_we_lack() -> None:
    assert {m.name for m in aws_backup.TagOperation} - {"DUMMY"} <= {m.name for m in Op}
