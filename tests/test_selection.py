"""Selection: every way to pick resources, the role, AWS's limits, semantics warnings, cdk-nag."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_efs as efs
from aws_cdk import aws_iam as iam
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3

import cdk_backup as backup
from tests.conftest import assert_builds_clean, assert_rejected, new_stack, only, resources_of, table_ids, warnings_of

days = cdk.Duration.days


def _plan(stack: cdk.Stack) -> backup.BackupPlan:
    return backup.BackupPlan.daily35_day_retention(stack, "Plan")


def _selections(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [r["Properties"]["BackupSelection"] for r in resources_of(template, "AWS::Backup::BackupSelection").values()]


def _vpc(stack: cdk.Stack) -> ec2.Vpc:
    return ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=0, subnet_configuration=[
        ec2.SubnetConfiguration(name="isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)])


# ---------------------------------------------------------------- every way to select
def test_arns_tags_conditions_and_exclusions(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    _plan(stack).add_selection(
        "Mixed",
        resources=[backup.BackupResource.from_arn("arn:aws:ec2:*:*:volume/*"),
                   backup.BackupResource.from_tag("backup", "daily")],
        not_resources=["arn:aws:rds:*:*:cluster:*"],
        conditions=[backup.TagCondition("env", "prod"),
                    backup.TagCondition("team", "data*", backup.TagOperation.STRING_LIKE),
                    backup.TagCondition("stage", "test", backup.TagOperation.STRING_NOT_EQUALS),
                    backup.TagCondition("aws:ResourceTag/tmp", "*", backup.TagOperation.STRING_NOT_LIKE)])
    template = synth(stack)
    [selection] = _selections(template)
    assert selection["Conditions"] == {
        "StringEquals": [{"ConditionKey": "aws:ResourceTag/env", "ConditionValue": "prod"}],
        "StringLike": [{"ConditionKey": "aws:ResourceTag/team", "ConditionValue": "data*"}],
        "StringNotEquals": [{"ConditionKey": "aws:ResourceTag/stage", "ConditionValue": "test"}],
        "StringNotLike": [{"ConditionKey": "aws:ResourceTag/tmp", "ConditionValue": "*"}]}
    assert selection["ListOfTags"] == [{"ConditionKey": "backup", "ConditionType": "STRINGEQUALS",
                                        "ConditionValue": "daily"}]
    assert any("cdk-backup:selectionOrSemantics" in w for w in warnings_of(stack))
    assert template == snapshot_json


def test_every_from_helper(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    vpc = _vpc(stack)
    table = dynamodb.Table(stack, "Table", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))
    table_v2 = dynamodb.TableV2(stack, "TableV2", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))
    instance = ec2.Instance(stack, "Instance", vpc=vpc, instance_type=ec2.InstanceType("t3.small"),
                            machine_image=ec2.MachineImage.latest_amazon_linux2023(),
                            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED))
    volume = ec2.Volume(stack, "Volume", availability_zone=stack.availability_zones[0], size=cdk.Size.gibibytes(10), encrypted=True)
    file_system = efs.FileSystem(stack, "Efs", vpc=vpc)
    database = rds.DatabaseInstance(stack, "Db", vpc=vpc, engine=rds.DatabaseInstanceEngine.POSTGRES,
                                    vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED))
    cluster = rds.DatabaseCluster(stack, "Aurora", vpc=vpc, engine=rds.DatabaseClusterEngine.aurora_postgres(
        version=rds.AuroraPostgresEngineVersion.VER_16_13), writer=rds.ClusterInstance.serverless_v2("w"),
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED))
    bucket = s3.Bucket(stack, "Bucket", versioned=True)
    from aws_cdk import aws_timestream as timestream

    ts_db = timestream.CfnDatabase(stack, "TsDb")
    ts_table = timestream.CfnTable(stack, "TsTable", database_name=ts_db.ref)
    from aws_cdk import aws_fsx as fsx

    lustre = fsx.CfnFileSystem(stack, "Lustre", file_system_type="LUSTRE", subnet_ids=[vpc.isolated_subnets[0].subnet_id],
                               storage_capacity=1200, lustre_configuration={"deploymentType": "PERSISTENT_2",
                                                                            "perUnitStorageThroughput": 125})
    R = backup.BackupResource
    _plan(stack).add_selection("All", allow_restores=True, resources=[
        R.from_dynamo_db_table(table), R.from_dynamo_db_table(table_v2), R.from_ec2_instance(instance),
        R.from_ebs_volume(volume), R.from_efs_file_system(file_system), R.from_rds_database_instance(database),
        R.from_rds_database_cluster(cluster), R.from_s3_bucket(bucket), R.from_timestream_table(ts_table),
        R.from_fsx_file_system(lustre), R.from_cloudformation_stack(stack),
        R.from_storage_gateway_volume("arn:aws:storagegateway:us-east-1:111122223333:gateway/sgw-1/volume/vol-1"),
        R.from_docdb_cluster(cdk.aws_docdb.CfnDBCluster(stack, "DocDb")),
        R.from_neptune_cluster(cdk.aws_neptune.CfnDBCluster(stack, "Neptune")),
        R.from_redshift_cluster(cdk.aws_redshift.CfnCluster(stack, "Redshift", cluster_type="single-node",
                                node_type="ra3.large", db_name="db", master_username="admin",
                                manage_master_password=True)),
    ])
    template = synth(stack)
    [selection] = _selections(template)
    assert len(selection["Resources"]) == 15
    role = next(r for k, r in resources_of(template, "AWS::IAM::Role").items() if k.startswith("PlanAllRole"))
    arns = [a["Fn::Join"][1][2] for a in role["Properties"]["ManagedPolicyArns"]]
    assert arns == [":iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                    ":iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
                    ":iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
                    ":iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"]
    assert template == snapshot_json


def test_from_construct_finds_every_supported_resource(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    data = __import__("constructs").Construct(stack, "Data")
    vpc = _vpc(stack)
    dynamodb.TableV2(data, "TableV2", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))
    dynamodb.Table(data, "Table", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))
    s3.Bucket(data, "Bucket", versioned=True)
    efs.FileSystem(data, "Efs", vpc=vpc)
    rds.DatabaseCluster(data, "Aurora", vpc=vpc, engine=rds.DatabaseClusterEngine.aurora_postgres(
        version=rds.AuroraPostgresEngineVersion.VER_16_13), writer=rds.ClusterInstance.provisioned("w"),
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED))
    ec2.Volume(data, "Volume", availability_zone=stack.availability_zones[0], size=cdk.Size.gibibytes(10), encrypted=True)
    _plan(stack).add_selection("Data", resources=[backup.BackupResource.from_construct(data)])
    template = synth(stack)
    [selection] = _selections(template)
    # Table, TableV2, Bucket, EFS, Aurora cluster (its writer instance is skipped), volume
    assert len(selection["Resources"]) == 6
    bucket_id = next(iter(resources_of(template, "AWS::S3::Bucket")))
    assert {"Fn::GetAtt": [bucket_id, "Arn"]} in selection["Resources"]
    assert template == snapshot_json


def test_role_given_by_the_user_gets_the_policies(stack: cdk.Stack, synth: Any) -> None:
    role = iam.Role(stack, "MyAWSBackupRole", assumed_by=iam.ServicePrincipal("backup.amazonaws.com"))
    selection = _plan(stack).add_selection("Sel", role=role, resources=[backup.BackupResource.from_tag("a", "b")])
    assert selection.grant_principal is role
    assert len(only(synth(stack), "AWS::IAM::Role")["ManagedPolicyArns"]) == 1


def test_grants_to_the_selection_role_are_waited_for(stack: cdk.Stack, synth: Any) -> None:
    selection = _plan(stack).add_selection("Sel", resources=[backup.BackupResource.from_tag("a", "b")])
    bucket = s3.Bucket(stack, "Extra")
    bucket.grant_read(selection)
    template = synth(stack)
    selection_resource = next(iter(resources_of(template, "AWS::Backup::BackupSelection").values()))
    assert selection_resource["DependsOn"] == list(resources_of(template, "AWS::IAM::Policy"))


def test_disable_default_backup_policy(stack: cdk.Stack, synth: Any) -> None:
    bucket = s3.Bucket(stack, "Bucket", versioned=True)
    _plan(stack).add_selection("S3Only", disable_default_backup_policy=True,
                               resources=[backup.BackupResource.from_s3_bucket(bucket)])
    role = only(synth(stack), "AWS::IAM::Role")
    assert [a["Fn::Join"][1][2] for a in role["ManagedPolicyArns"]] == [
        ":iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup"]


# ---------------------------------------------------------------- limits handled
def _arns(count: int, start: int = 0) -> list[backup.BackupResource]:
    return [backup.BackupResource.from_arn(f"arn:aws:dynamodb:us-east-1:111122223333:table/t{i}")
            for i in range(start, start + count)]


def test_1200_arns_become_three_selections_covering_the_same_arns(stack: cdk.Stack, synth: Any) -> None:
    resources = _arns(1200)
    _plan(stack).add_selection("Many", resources=resources, not_resources=["arn:aws:dynamodb:*:*:table/tmp*"])
    selections = _selections(synth(stack))
    assert [len(s["Resources"]) for s in selections] == [500, 500, 200]
    assert [s["SelectionName"] for s in selections] == ["Many", "Many-2", "Many-3"]
    covered = [arn for s in selections for arn in s["Resources"]]
    assert covered == [r.resource for r in resources]
    assert all(s["NotResources"] == ["arn:aws:dynamodb:*:*:table/tmp*"] for s in selections)


def test_split_logical_ids_are_stable_when_resources_are_appended() -> None:
    def ids(count: int) -> dict[str, int]:
        stack = new_stack()
        _plan(stack).add_selection("Many", resources=_arns(count))
        from aws_cdk.assertions import Template

        found = resources_of(Template.from_stack(stack).to_json(), "AWS::Backup::BackupSelection")
        return {k: len(v["Properties"]["BackupSelection"]["Resources"]) for k, v in found.items()}

    before, after = ids(1000), ids(1100)
    assert set(before) < set(after)
    assert all(after[k] == before[k] for k in before)


def test_wildcards_split_by_thirty(stack: cdk.Stack, synth: Any) -> None:
    wild = [backup.BackupResource.from_arn(f"arn:aws:ec2:*:*:volume/vol-{i}*") for i in range(31)]
    _plan(stack).add_selection("Wild", resources=wild)
    assert [len(s["Resources"]) for s in _selections(synth(stack))] == [30, 1]


# ---------------------------------------------------------------- bad inputs
def _sel(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    defaults: dict[str, Any] = {"resources": [backup.BackupResource.from_tag("a", "b")]}
    return lambda stack: _plan(stack).add_selection("Sel", **{**defaults, **kwargs})


BAD_INPUTS = [
    (_sel(resources=[]), r"TestStack/Plan/Sel: resources must select something: at least one ARN, construct or tag, got no resources \[A-R69/C-R28\]"),
    (_sel(backup_selection_name="prod:db"), r"backup_selection_name must be 1 to 50 .*got 'prod:db' \[C-R4\]"),
    (_sel(backup_selection_name="x" * 51), r"backup_selection_name must be 1 to 50"),
    (_sel(conditions=[backup.TagCondition(f"k{i}", "v") for i in range(31)]), r"conditions must be between 0 and 30 conditions, got 31 conditions \[A-R62\]"),
    (_sel(resources=[backup.BackupResource.from_tag(f"k{i}", "v") for i in range(31)]), r"resources \(from_tag\) must be between 0 and 30 tags, got 31 tags \[A-R63\]"),
    (_sel(resources=[backup.BackupResource.from_tag("a", "b*", backup.TagOperation.STRING_LIKE)]), r"must use STRING_EQUALS .* got STRING_LIKE"),
    (_sel(not_resources=[f"arn:aws:ec2:*:*:volume/v{i}*" for i in range(31)]), r"not_resources must hold at most 500 ARNs, of which at most 30 with wildcards, got 31 ARNs \(31 with wildcards\)"),
    (_sel(not_resources=[f"arn:aws:ec2:us-east-1:111122223333:volume/v{i}" for i in range(501)]), r"got 501 ARNs"),
    (lambda stack: _plan(stack).add_selection("Sel", resources=[backup.BackupResource.from_s3_bucket(s3.Bucket(stack, "B"))]), r"resources \(S3 bucket\) must have versioning enabled .*got TestStack/B/Resource with versioning off \[A-R102\]"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS, ids=table_ids(BAD_INPUTS))
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


def test_from_construct_over_nothing_fails_at_synth() -> None:
    stack = new_stack()
    empty = __import__("constructs").Construct(stack, "Empty")
    _plan(stack).add_selection("Sel", resources=[backup.BackupResource.from_construct(empty)])
    with pytest.raises(Exception, match=r"TestStack/Plan/Sel: resources must select something.*from_construct found no"):
        stack.node.root.synth()  # type: ignore[attr-defined]


def test_from_construct_rejects_an_unversioned_bucket() -> None:
    stack = new_stack()
    s3.Bucket(stack, "B")
    _plan(stack).add_selection("Sel", resources=[backup.BackupResource.from_construct(stack)])
    with pytest.raises(Exception, match=r"must have versioning enabled"):
        stack.node.root.synth()  # type: ignore[attr-defined]


# ---------------------------------------------------------------- edges that must pass
EDGES = [
    _sel(resources=_arns(500)),
    _sel(resources=[backup.BackupResource.from_tag(f"k{i}", "v") for i in range(30)]),
    _sel(conditions=[backup.TagCondition(f"k{i}", "v") for i in range(30)]),
    _sel(not_resources=[f"arn:aws:ec2:*:*:volume/v{i}*" for i in range(30)]),
    _sel(backup_selection_name="a"),
    _sel(backup_selection_name="x" * 50),
]


@pytest.mark.parametrize("build", EDGES, ids=table_ids(EDGES))
def test_edge_values_pass_and_lint(build: Callable[[cdk.Stack], object]) -> None:
    assert_builds_clean(build)


def test_tokens_are_never_rejected(synth: Any) -> None:
    stack = new_stack()
    text = cdk.CfnParameter(stack, "Arn").value_as_string
    _plan(stack).add_selection("Sel", backup_selection_name=cdk.CfnParameter(stack, "Name").value_as_string,
                               resources=[backup.BackupResource.from_arn(text)], not_resources=[text])
    assert _selections(synth(stack))[0]["Resources"] == [{"Ref": "Arn"}]


# ---------------------------------------------------------------- warnings
def test_imported_bucket_warns_about_versioning(stack: cdk.Stack) -> None:
    bucket = s3.Bucket.from_bucket_name(stack, "B", "some-bucket")
    _plan(stack).add_selection("Sel", resources=[backup.BackupResource.from_s3_bucket(bucket)])
    assert any("cdk-backup:s3BucketVersioningUnknown" in w for w in warnings_of(stack))


def test_windows_vss_without_ec2_warns() -> None:
    stack = new_stack()
    plan = backup.BackupPlan(stack, "Plan", windows_vss=True, backup_plan_rules=[backup.BackupPlanRule.daily()])
    plan.add_selection("Sel", resources=_arns(1))
    stack.node.root.synth()  # type: ignore[attr-defined]
    assert any("cdk-backup:windowsVssWithoutEc2" in w for w in warnings_of(stack))


def test_wildcard_inside_a_name_warns(stack: cdk.Stack) -> None:
    _plan(stack).add_selection("Sel", resources=[backup.BackupResource.from_arn("arn:aws:s3:::*-logs")])
    assert any("cdk-backup:selectionWildcardPlacement" in w for w in warnings_of(stack))


# ---------------------------------------------------------------- cdk-nag
def test_cdk_nag_credits_resources_selected_by_construct() -> None:
    import cdk_nag

    from tests.conftest import nag_findings

    def in_plan_errors(select: bool) -> list[str]:
        def build(app: cdk.App) -> None:
            stack = new_stack(app, "Nag")
            data = __import__("constructs").Construct(stack, "Data")
            dynamodb.Table(data, "Table", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))
            plan = backup.BackupPlan.daily35_day_retention(stack, "Plan")
            resource = backup.BackupResource.from_construct(data) if select else backup.BackupResource.from_tag("b", "y")
            plan.add_selection("Data", resources=[resource])

        return [v["ruleName"] for v in nag_findings(build, cdk_nag.NIST80053R5Checks)
                if v["ruleName"].endswith("InBackupPlan")]

    assert in_plan_errors(select=False) == ["NIST.800.53.R5-DynamoDBInBackupPlan"], "tags are invisible to cdk-nag"
    assert in_plan_errors(select=True) == []
