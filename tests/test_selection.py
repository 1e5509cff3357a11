"""BackupSelection: every way to pick resources, the role, AWS's limits, bad input, tokens, interop, cdk-nag."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_backup
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_efs as efs
from aws_cdk import aws_iam as iam
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template
from constructs import Construct
from hypothesis import given, settings
from hypothesis import strategies as st

import cdk_backup as backup
from tests.conftest import assert_rejected, new_stack, only, resources_of, synth_errors, warnings_of

R = backup.BackupResource
days = cdk.Duration.days


def _plan(stack: cdk.Stack) -> backup.BackupPlan:
    return backup.BackupPlan.daily35_day_retention(stack, "Plan")


def _imported_plan(stack: cdk.Stack) -> Any:
    """A plan known by id: the cheapest plan to hang a selection on."""
    return aws_backup.BackupPlan.from_backup_plan_id(stack, "Plan", "plan-id")


def _selections(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [r["Properties"]["BackupSelection"] for r in resources_of(template, "AWS::Backup::BackupSelection").values()]


def _vpc(stack: cdk.Stack) -> ec2.Vpc:
    return ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=0, subnet_configuration=[
        ec2.SubnetConfiguration(name="isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)])


def _table(scope: Construct, id: str = "Table") -> dynamodb.Table:
    return dynamodb.Table(scope, id, partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))


def _template(stack: cdk.Stack) -> dict[str, Any]:
    """The template without cfn-lint, for tests that compare several variants."""
    return Template.from_stack(stack).to_json()  # type: ignore[no-any-return]


# ---------------------------------------------------------------- every way to select (snapshots)
def test_arns_tags_conditions_and_exclusions(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    _plan(stack).add_selection(
        "Mixed",
        resources=[R.from_arn("arn:aws:ec2:*:*:volume/*"), R.from_tag("backup", "daily")],
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
    table = _table(stack)
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
    data = Construct(stack, "Data")
    vpc = _vpc(stack)
    dynamodb.TableV2(data, "TableV2", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))
    _table(data)
    s3.Bucket(data, "Bucket", versioned=True)
    efs.FileSystem(data, "Efs", vpc=vpc)
    rds.DatabaseCluster(data, "Aurora", vpc=vpc, engine=rds.DatabaseClusterEngine.aurora_postgres(
        version=rds.AuroraPostgresEngineVersion.VER_16_13), writer=rds.ClusterInstance.provisioned("w"),
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED))
    ec2.Volume(data, "Volume", availability_zone=stack.availability_zones[0], size=cdk.Size.gibibytes(10), encrypted=True)
    selection = _plan(stack).add_selection("Data", resources=[R.from_construct(data)])
    template = synth(stack)
    [rendered] = _selections(template)
    # Table, TableV2, Bucket, EFS, Aurora cluster (its writer instance is skipped), volume
    assert len(rendered["Resources"]) == 6
    bucket_id = next(iter(resources_of(template, "AWS::S3::Bucket")))
    assert {"Fn::GetAtt": [bucket_id, "Arn"]} in rendered["Resources"]
    assert selection.resource_types == {backup.ResourceType.DYNAMODB, backup.ResourceType.S3, backup.ResourceType.EFS,
                                        backup.ResourceType.AURORA, backup.ResourceType.EBS}
    assert template == snapshot_json


def test_resources_found_by_construct_keep_the_order_of_the_constructs(stack: cdk.Stack) -> None:
    first, second = Construct(stack, "First"), Construct(stack, "Second")
    _table(second, "B")
    _table(first, "A")
    _table(first, "C")
    backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack), resources=[
        R.from_arn("arn:aws:dynamodb:us-east-1:111122223333:table/literal"), R.from_construct(second),
        R.from_construct(first), R.from_construct(second)])
    [rendered] = _selections(_template(stack))
    refs = [arn if isinstance(arn, str) else arn["Fn::GetAtt"][0] for arn in rendered["Resources"]]
    assert refs[0] == "arn:aws:dynamodb:us-east-1:111122223333:table/literal"
    assert [ref[:6] for ref in refs[1:]] == ["Second", "FirstA", "FirstC"]


# ---------------------------------------------------------------- the role
def test_the_role_renders_as_aws_cdk_libs_selection_role() -> None:
    """The same resources, logical ids and properties as aws-cdk-lib's BackupSelection: a drop-in."""
    def build(module: Any) -> dict[str, Any]:
        stack = new_stack()
        plan = aws_backup.BackupPlan.daily35_day_retention(stack, "Plan")
        table = _table(stack)
        selection = module.BackupSelection(stack, "Sel", backup_plan=plan, allow_restores=True, resources=[
            module.BackupResource.from_tag("backup", "yes"), module.BackupResource.from_dynamo_db_table(table),
            module.BackupResource.from_arn("arn:aws:ec2:*:*:volume/*")])
        s3.Bucket(stack, "Extra").grant_read(selection)
        return _template(stack)

    ours = build(backup)
    theirs = build(aws_backup)
    [selection] = [key for key, value in ours["Resources"].items() if value["Type"] == "AWS::Backup::BackupSelection"]
    assert ours["Resources"][selection].pop("DependsOn") == [
        key for key, value in ours["Resources"].items() if value["Type"] == "AWS::IAM::Policy"]  # ours waits
    assert ours == theirs


def test_role_given_by_the_user_gets_the_policies(stack: cdk.Stack) -> None:
    role = iam.Role(stack, "MyAWSBackupRole", assumed_by=iam.ServicePrincipal("backup.amazonaws.com"))
    selection = _plan(stack).add_selection("Sel", role=role, resources=[R.from_tag("a", "b")])
    assert selection.grant_principal is role and selection.role is role
    assert len(only(_template(stack), "AWS::IAM::Role")["ManagedPolicyArns"]) == 1


def test_grants_to_the_selection_role_are_waited_for(stack: cdk.Stack) -> None:
    selection = _plan(stack).add_selection("Sel", resources=[R.from_tag("a", "b")])
    bucket = s3.Bucket(stack, "Extra")
    bucket.grant_read(selection)
    template = _template(stack)
    selection_resource = next(iter(resources_of(template, "AWS::Backup::BackupSelection").values()))
    assert selection_resource["DependsOn"] == list(resources_of(template, "AWS::IAM::Policy"))


def _logical_ids(resources: list[backup.BackupResource]) -> dict[str, str]:
    stack = new_stack()
    selection = backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack), resources=resources)
    s3.Bucket(stack, "Extra").grant_read(selection)
    return {key: value["Type"] for key, value in _template(stack)["Resources"].items()}


def test_grant_location_and_logical_ids_do_not_depend_on_what_is_selected() -> None:
    tags = [R.from_tag(f"k{i}", "v") for i in range(4)]
    variants = {
        "3 tags": tags[:3],
        "4 tags": tags,
        "3 tags and an ARN": [*tags[:3], R.from_arn("arn:aws:dynamodb:us-east-1:111122223333:table/t")],
    }
    ids = {name: _logical_ids(resources) for name, resources in variants.items()}
    assert ids["3 tags"] == ids["4 tags"] == ids["3 tags and an ARN"]
    [policy] = [key for key, kind in ids["4 tags"].items() if kind == "AWS::IAM::Policy"]
    assert policy.startswith("SelRoleDefaultPolicy")


def test_disable_default_backup_policy(stack: cdk.Stack) -> None:
    bucket = s3.Bucket(stack, "Bucket", versioned=True)
    backup.BackupSelection(stack, "S3Only", backup_plan=_imported_plan(stack), disable_default_backup_policy=True,
                           resources=[R.from_s3_bucket(bucket)])
    role = only(_template(stack), "AWS::IAM::Role")
    assert [a["Fn::Join"][1][2] for a in role["ManagedPolicyArns"]] == [
        ":iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup"]


def test_a_bucket_found_by_construct_adds_the_s3_policies_to_the_role(stack: cdk.Stack) -> None:
    data = Construct(stack, "Data")
    s3.Bucket(data, "Bucket", versioned=True)
    backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack), allow_restores=True,
                           resources=[R.from_construct(data)])
    role = only(_template(stack), "AWS::IAM::Role")
    assert [a["Fn::Join"][1][2].rsplit("/", 1)[1] for a in role["ManagedPolicyArns"]] == [
        "AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores",
        "AWSBackupServiceRolePolicyForS3Backup", "AWSBackupServiceRolePolicyForS3Restore"]


# ---------------------------------------------------------------- AWS's limits handled
def _arns(count: int, start: int = 0) -> list[backup.BackupResource]:
    return [R.from_arn(f"arn:aws:dynamodb:us-east-1:111122223333:table/t{i}") for i in range(start, start + count)]


def test_1200_arns_become_three_selections_covering_the_same_arns(stack: cdk.Stack) -> None:
    resources = _arns(1200)
    _plan(stack).add_selection("Many", resources=resources, not_resources=["arn:aws:dynamodb:*:*:table/tmp*"])
    selections = _selections(_template(stack))
    assert [len(s["Resources"]) for s in selections] == [500, 500, 200]
    assert [s["SelectionName"] for s in selections] == ["Many", "Many-2", "Many-3"]
    covered = [arn for s in selections for arn in s["Resources"]]
    assert covered == [r.resource for r in resources]
    assert all(s["NotResources"] == ["arn:aws:dynamodb:*:*:table/tmp*"] for s in selections)


def test_split_logical_ids_are_stable_when_resources_are_appended() -> None:
    def ids(count: int) -> dict[str, int]:
        stack = new_stack()
        backup.BackupSelection(stack, "Many", backup_plan=_imported_plan(stack), resources=_arns(count))
        found = resources_of(_template(stack), "AWS::Backup::BackupSelection")
        return {k: len(v["Properties"]["BackupSelection"]["Resources"]) for k, v in found.items()}

    before, after = ids(1000), ids(1100)
    assert set(before) < set(after)
    assert all(after[k] == before[k] for k in before)


def test_wildcards_split_by_thirty(stack: cdk.Stack) -> None:
    wild = [R.from_arn(f"arn:aws:ec2:*:*:volume/vol-{i}*") for i in range(31)]
    backup.BackupSelection(stack, "Wild", backup_plan=_imported_plan(stack), resources=wild)
    assert [len(s["Resources"]) for s in _selections(_template(stack))] == [30, 1]


def test_arns_found_by_construct_split_too(stack: cdk.Stack) -> None:
    data = Construct(stack, "Data")
    for i in range(3):
        _table(data, f"T{i}")
    selection = backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack),
                                       resources=[*_arns(499), R.from_construct(data)])
    selections = _selections(_template(stack))
    assert [len(s["Resources"]) for s in selections] == [500, 2]
    assert [s["SelectionName"] for s in selections] == ["Sel", "Sel-2"]
    assert len(selection.cfn_selections) == 2


def test_repeated_arns_and_tags_are_rendered_once(stack: cdk.Stack) -> None:
    arn = "arn:aws:dynamodb:us-east-1:111122223333:table/t"
    backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack), resources=[
        R.from_arn(arn), R.from_arn(arn), R.from_tag("a", "b"), R.from_tag("a", "b")])
    [rendered] = _selections(_template(stack))
    assert rendered["Resources"] == [arn] and len(rendered["ListOfTags"]) == 1


# ---------------------------------------------------------------- bad input: one table per keyword
def _sel(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    defaults: dict[str, Any] = {"resources": [R.from_tag("a", "b")]}
    return lambda stack: backup.BackupSelection(stack, "Sel", **{"backup_plan": _imported_plan(stack),
                                                                 **defaults, **kwargs})


def _versionless_bucket(stack: cdk.Stack) -> object:
    return backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack),
                                  resources=[R.from_s3_bucket(s3.Bucket(stack, "B"))])


def _token_operation(stack: cdk.Stack) -> object:
    operation = cdk.CfnParameter(stack, "Op").value_as_string
    return _sel(conditions=[backup.TagCondition("k", "v", operation)])(stack)


BAD_INPUTS = [
    pytest.param(_sel(backup_plan=None), r"^TestStack/Sel: backup_plan must be an IBackupPlan .*got None \[inputType\]$", id="plan-none"),
    pytest.param(_sel(backup_plan="plan-id"), r"backup_plan must be an IBackupPlan .*got str 'plan-id' \[inputType\]", id="plan-id-string"),
    pytest.param(_sel(backup_plan=iam.ServicePrincipal("x")), r"backup_plan must be an IBackupPlan .*got ServicePrincipal", id="plan-wrong-object"),
    pytest.param(_sel(resources=None), r"^TestStack/Sel: resources must be a list, got None \[inputType\]$", id="resources-none"),
    pytest.param(_sel(resources="arn:aws:s3:::b"), r"resources must be a list, got str", id="resources-string"),
    pytest.param(_sel(resources=R.from_tag("a", "b")), r"resources must be a list, got BackupResource", id="resources-one-resource"),
    pytest.param(_sel(resources=["arn:aws:s3:::b"]), r"resources\[0\] must be a BackupResource, got str 'arn:aws:s3:::b' \[inputType\]", id="resources-item-string"),
    pytest.param(_sel(resources=[None]), r"resources\[0\] must be a BackupResource, got None", id="resources-item-none"),
    pytest.param(_sel(resources=[]), r"^TestStack/Sel: resources must select something: at least one ARN, construct or tag \(conditions only narrow them\), got no resources, tags or conditions \[selectionNotEmpty\]$", id="resources-empty"),
    pytest.param(_sel(resources=[], conditions=[backup.TagCondition("backup", "yes")]), r"got only conditions \[selectionNotEmpty\]$", id="resources-only-conditions"),
    pytest.param(_sel(resources=[], not_resources=["arn:aws:s3:::b"]), r"\[selectionNotEmpty\]", id="resources-only-exclusions"),
    pytest.param(_sel(resources=[R.from_tag(f"k{i}", "v") for i in range(31)]), r"resources \(from_tag\) must be between 0 and 30 tags, got 31 tags \[selectionTags\]", id="tags-31"),
    pytest.param(_sel(resources=[aws_backup.BackupResource.from_tag("k", "v", aws_backup.TagOperation.DUMMY)]), r"operation must be STRING_EQUALS, STRING_LIKE, .* got 'DUMMY' \[tagOperation\]", id="resources-aws-cdk-lib-dummy-operation"),
    pytest.param(_versionless_bucket, r"^TestStack/Sel: resources \(S3 bucket\) must have versioning enabled \(versioned=True\) for AWS Backup, got TestStack/B/Resource with versioning off \[s3Versioning\]$", id="s3-bucket-without-versioning"),
    pytest.param(_sel(backup_selection_name="prod:db"), r"backup_selection_name must be 1 to 50 .*got 'prod:db' \[selectionName\]", id="name-colon"),
    pytest.param(_sel(backup_selection_name="x" * 51), r"backup_selection_name must be 1 to 50", id="name-51-characters"),
    pytest.param(_sel(backup_selection_name=""), r"backup_selection_name must be 1 to 50 .*got ''", id="name-empty"),
    pytest.param(_sel(backup_selection_name="sélection"), r"backup_selection_name must be 1 to 50", id="name-non-ascii-letter"),
    pytest.param(_sel(backup_selection_name=5), r"backup_selection_name must be a string, got int 5 \[inputType\]", id="name-int"),
    pytest.param(_sel(role="arn:aws:iam::111122223333:role/AWSBackupRole"), r"role must be an iam.IRole, got str", id="role-arn-string"),
    pytest.param(_sel(allow_restores="true"), r"allow_restores must be a bool \(True or False\), got str 'true' \[inputType\]", id="allow-restores-string"),
    pytest.param(_sel(allow_restores=1), r"allow_restores must be a bool", id="allow-restores-int"),
    pytest.param(_sel(disable_default_backup_policy="false"), r"disable_default_backup_policy must be a bool", id="disable-default-string"),
    pytest.param(_sel(not_resources="arn:aws:s3:::b"), r"not_resources must be a list, got str", id="not-resources-string"),
    pytest.param(_sel(not_resources=[5]), r"not_resources\[0\] must be a string, got int 5 \[inputType\]", id="not-resources-item-int"),
    pytest.param(_sel(not_resources=["junk"]), r"not_resources must be \* or an ARN, .*got 'junk' \[selectionArnFormat\]", id="not-resources-not-an-arn"),
    pytest.param(_sel(not_resources=["arn:aws:s3::: b"]), r"\[selectionArnFormat\]", id="not-resources-space"),
    pytest.param(_sel(not_resources=[f"arn:aws:ec2:*:*:volume/v{i}*" for i in range(31)]), r"not_resources must hold at most 500 ARNs, of which at most 30 with wildcards, got 31 ARNs \(31 with wildcards\) \[selectionArnCount\]", id="not-resources-31-wildcards"),
    pytest.param(_sel(not_resources=[f"arn:aws:ec2:us-east-1:111122223333:volume/v{i}" for i in range(501)]), r"got 501 ARNs \(0 with wildcards\)", id="not-resources-501"),
    pytest.param(_sel(conditions=backup.TagCondition("k", "v")), r"conditions must be a list, got TagCondition", id="conditions-not-a-list"),
    pytest.param(_sel(conditions=[{"key": "k", "value": "v"}]), r"conditions\[0\] must be a TagCondition, got dict", id="conditions-item-dict"),
    pytest.param(_sel(conditions=[backup.TagCondition(f"k{i}", "v") for i in range(31)]), r"conditions must be between 0 and 30 conditions, got 31 conditions \[selectionConditions\]", id="conditions-31"),
    pytest.param(_token_operation, r"conditions operation must be known at synth.*got a token \[conditionOperationToken\]", id="conditions-token-operation"),
]


@pytest.mark.parametrize(("build", "message"), BAD_INPUTS)
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


def test_from_construct_over_nothing_fails_at_synth() -> None:
    stack = new_stack()
    empty = Construct(stack, "Empty")
    data = Construct(stack, "Data")
    _table(data)
    backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack),
                           resources=[R.from_construct(data), R.from_construct(empty)])
    assert synth_errors(stack) == ["TestStack/Sel: resources (from_construct) must find at least one resource AWS "
                                   "Backup supports, got none under TestStack/Empty [selectionFoundNothing]"]


def test_from_construct_rejects_an_unversioned_bucket_at_synth() -> None:
    stack = new_stack()
    s3.Bucket(stack, "B")
    backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack), resources=[R.from_construct(stack)])
    [error] = synth_errors(stack)
    assert error.startswith("TestStack/Sel: ") and error.endswith("TestStack/B/Resource with versioning off [s3Versioning]")


# ---------------------------------------------------------------- edges that must pass
def _versioned_cfn_bucket(scope: Construct) -> s3.CfnBucket:
    return s3.CfnBucket(scope, "B", versioning_configuration=s3.CfnBucket.VersioningConfigurationProperty(status="Enabled"))


EDGES: dict[str, Callable[[Construct], dict[str, Any]]] = {  # construct id: keywords of a selection under it
    "Arns500": lambda scope: {"resources": _arns(500)},
    "Tags30": lambda scope: {"resources": [R.from_tag(f"k{i}", "v") for i in range(30)]},
    "Conditions30": lambda scope: {"conditions": [backup.TagCondition(f"k{i}", "v") for i in range(30)]},
    "WildcardExclusions30": lambda scope: {"not_resources": [f"arn:aws:ec2:*:*:volume/v{i}*" for i in range(30)]},
    "Exclusions500": lambda scope: {
        "not_resources": [f"arn:aws:ec2:us-east-1:111122223333:volume/v{i}" for i in range(500)]},
    "EverythingNarrowed": lambda scope: {"resources": [R.from_arn("*")], "conditions": [backup.TagCondition("env", "p")]},
    "Name1": lambda scope: {"backup_selection_name": "a"},
    "Name50": lambda scope: {"backup_selection_name": "x" * 50},
    "NamePunctuation": lambda scope: {"backup_selection_name": "a-b_c.d"},
    "BoolsNone": lambda scope: {"allow_restores": None, "disable_default_backup_policy": None},
    "CfnBucketVersioned": lambda scope: {"resources": [R.from_s3_bucket(_versioned_cfn_bucket(scope))]},
}


def test_edge_values_pass_and_lint(synth: Any) -> None:
    """Every edge in one stack (one synthesis, one cfn-lint run): each selection under its own construct."""
    stack = new_stack()
    plan = _imported_plan(stack)
    for name, keywords in EDGES.items():
        scope = Construct(stack, name)
        backup.BackupSelection(scope, "Sel", backup_plan=plan, **{"resources": [R.from_tag("a", "b")], **keywords(scope)})
    assert len(resources_of(synth(stack), "AWS::Backup::BackupSelection")) == len(EDGES)


def test_a_long_id_becomes_a_valid_default_name(stack: cdk.Stack) -> None:
    selection = backup.BackupSelection(stack, "My Selection: " + "x" * 60, backup_plan=_imported_plan(stack),
                                       resources=[R.from_tag("a", "b")])
    assert selection.backup_selection_name == ("My-Selection--" + "x" * 60)[:50]


# ---------------------------------------------------------------- tokens pass everywhere
def test_tokens_are_never_rejected(synth: Any) -> None:
    stack = new_stack()

    def text(name: str) -> str:
        return cdk.CfnParameter(stack, name).value_as_string

    backup.BackupSelection(
        stack, "Sel", backup_plan=_imported_plan(stack), backup_selection_name=text("Name"),
        resources=[R.from_arn(text("Arn")), R.from_tag(text("Key"), text("Value"), text("Operation"))],
        not_resources=[text("Excluded")],
        conditions=[backup.TagCondition(text("CKey"), text("CValue"), backup.TagOperation.STRING_LIKE)])
    [selection] = _selections(synth(stack))
    assert selection["SelectionName"] == {"Ref": "Name"}
    assert selection["Resources"] == [{"Ref": "Arn"}]
    assert selection["NotResources"] == [{"Ref": "Excluded"}]
    assert selection["ListOfTags"] == [{"ConditionKey": {"Ref": "Key"}, "ConditionType": {"Ref": "Operation"},
                                        "ConditionValue": {"Ref": "Value"}}]
    assert selection["Conditions"] == {"StringLike": [
        {"ConditionKey": {"Fn::Join": ["", ["aws:ResourceTag/", {"Ref": "CKey"}]]}, "ConditionValue": {"Ref": "CValue"}}]}


def test_a_token_name_is_suffixed_when_the_selection_splits() -> None:
    stack = new_stack()
    name = cdk.CfnParameter(stack, "Name").value_as_string
    backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack), backup_selection_name=name,
                           resources=_arns(501))
    names = [s["SelectionName"] for s in _selections(_template(stack))]
    assert names == [{"Ref": "Name"}, {"Fn::Join": ["", [{"Ref": "Name"}, "-2"]]}]


# ---------------------------------------------------------------- warnings
def test_imported_bucket_warns_about_versioning(stack: cdk.Stack) -> None:
    bucket = s3.Bucket.from_bucket_name(stack, "B", "some-bucket")
    backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack), resources=[R.from_s3_bucket(bucket)])
    assert any("cdk-backup:s3BucketVersioningUnknown" in w and "TestStack/B is imported" in w
               for w in warnings_of(stack))


def test_wildcard_inside_a_name_warns(stack: cdk.Stack) -> None:
    backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack),
                           resources=[R.from_arn("arn:aws:s3:::*-logs")])
    assert any("cdk-backup:selectionWildcardPlacement" in w for w in warnings_of(stack))


def test_or_semantics_warns_for_arns_found_by_construct(stack: cdk.Stack) -> None:
    data = Construct(stack, "Data")
    _table(data)
    backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack),
                           resources=[R.from_tag("a", "b"), R.from_construct(data)])
    warnings = warnings_of(stack)
    assert [w for w in warnings if "cdk-backup:selectionOrSemantics" in w and "1 ARNs and 1 tags" in w]


def test_tag_matches_that_can_never_match_warn(stack: cdk.Stack) -> None:
    backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack),
                           resources=[R.from_tag("aws:ResourceTag/backup", "yes"), R.from_tag("k" * 129, "v")],
                           conditions=[backup.TagCondition("env", "x" * 257)])
    warnings = "\n".join(warnings_of(stack))
    assert "cdk-backup:fromTagKeyPrefix" in warnings
    assert warnings.count("cdk-backup:selectionTagLength") == 2


def test_windows_vss_without_ec2_warns() -> None:
    stack = new_stack()
    plan = backup.BackupPlan(stack, "Plan", windows_vss=True, backup_plan_rules=[backup.BackupPlanRule.daily()])
    plan.add_selection("Sel", resources=_arns(1))
    stack.node.root.synth()  # type: ignore[attr-defined]
    assert any("cdk-backup:windowsVssWithoutEc2" in w for w in warnings_of(stack))


# ---------------------------------------------------------------- interop with aws-cdk-lib
def test_our_selection_on_an_aws_cdk_lib_plan(stack: cdk.Stack, synth: Any) -> None:
    plan = aws_backup.BackupPlan.daily35_day_retention(stack, "Plan")
    selection = backup.BackupSelection(stack, "Sel", backup_plan=plan, resources=[R.from_tag("a", "b")])
    template = synth(stack)
    plan_id = next(iter(resources_of(template, "AWS::Backup::BackupPlan")))
    assert only(template, "AWS::Backup::BackupSelection")["BackupPlanId"] == {"Fn::GetAtt": [plan_id, "BackupPlanId"]}
    assert cdk.Resource.is_resource(selection)
    assert selection.stack is stack and selection.node.default_child is selection.cfn_selections[0]
    [logical_id] = resources_of(template, "AWS::Backup::BackupSelection")
    assert stack.resolve(selection.selection_id) == {"Fn::GetAtt": [logical_id, "SelectionId"]}
    assert stack.resolve(selection.backup_plan_id) == {"Fn::GetAtt": [logical_id, "BackupPlanId"]}


def test_aws_cdk_libs_selection_on_our_plan(stack: cdk.Stack, synth: Any) -> None:
    plan = _plan(stack)
    aws_backup.BackupSelection(stack, "Sel", backup_plan=plan, resources=[aws_backup.BackupResource.from_tag("a", "b")])
    template = synth(stack)
    plan_id = next(iter(resources_of(template, "AWS::Backup::BackupPlan")))
    assert only(template, "AWS::Backup::BackupSelection")["BackupPlanId"] == {"Fn::GetAtt": [plan_id, "BackupPlanId"]}


def test_aws_cdk_libs_resources_and_conditions_are_accepted(stack: cdk.Stack) -> None:
    data = Construct(stack, "Data")
    table = _table(data)
    L = aws_backup.BackupResource
    selection = backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack), resources=[
        L.from_tag("a", "b"), L.from_tag("c", "d", aws_backup.TagOperation.STRING_EQUALS),
        L.from_arn("arn:aws:ec2:*:*:volume/*"), L.from_dynamo_db_table(table), L.from_construct(data)],
        conditions=[aws_backup.TagCondition(key="env", value="prod")])
    [rendered] = _selections(_template(stack))
    assert rendered["ListOfTags"] == [{"ConditionKey": "a", "ConditionType": "STRINGEQUALS", "ConditionValue": "b"},
                                      {"ConditionKey": "c", "ConditionType": "STRINGEQUALS", "ConditionValue": "d"}]
    assert rendered["Conditions"] == {"StringEquals": [{"ConditionKey": "aws:ResourceTag/env", "ConditionValue": "prod"}]}
    assert len(rendered["Resources"]) == 3  # the volume pattern, the table, and the same table found under Data
    assert backup.ResourceType.DYNAMODB in selection.resource_types


def test_apply_removal_policy_reaches_the_selection(stack: cdk.Stack) -> None:
    selection = backup.BackupSelection(stack, "Sel", backup_plan=_imported_plan(stack), resources=[R.from_tag("a", "b")])
    selection.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
    resource = next(iter(resources_of(_template(stack), "AWS::Backup::BackupSelection").values()))
    assert resource["DeletionPolicy"] == "Retain"


def test_selection_offers_every_member_of_aws_cdk_libs() -> None:
    ours, theirs = set(dir(backup.BackupSelection)), set(dir(aws_backup.BackupSelection))
    assert {name for name in theirs if not name.startswith("_")} <= ours
    assert backup.Selection is backup.BackupSelection
    factories = {name for name in dir(aws_backup.BackupResource) if name.startswith("from_")}
    assert factories <= set(dir(backup.BackupResource))


def test_conditions_render_in_cloudformations_spelling_because_the_l1_types_them_as_json(stack: cdk.Stack) -> None:
    """aws-cdk-lib renders a ConditionsProperty given to its L1 in camelCase (the slot is typed ``Any``);
    if a release fixes that, cdk_backup can pass the typed struct straight through."""
    C = aws_backup.CfnBackupSelection
    C(stack, "Raw", backup_plan_id="p", backup_selection=C.BackupSelectionResourceTypeProperty(
        iam_role_arn="arn:aws:iam::111122223333:role/AWSBackupRole", selection_name="raw",
        conditions=C.ConditionsProperty(string_equals=[C.ConditionParameterProperty(condition_key="k", condition_value="v")])))
    assert "stringEquals" in _selections(_template(stack))[0]["Conditions"]


# ---------------------------------------------------------------- cdk-nag
def test_cdk_nag_credits_resources_selected_by_construct() -> None:
    import cdk_nag

    from tests.conftest import nag_findings

    def in_plan_errors(select: bool) -> list[str]:
        def build(app: cdk.App) -> None:
            stack = new_stack(app, "Nag")
            data = Construct(stack, "Data")
            _table(data)
            plan = backup.BackupPlan.daily35_day_retention(stack, "Plan")
            resource = R.from_construct(data) if select else R.from_tag("b", "y")
            plan.add_selection("Data", resources=[resource])

        return [v["ruleName"] for v in nag_findings(build, cdk_nag.NIST80053R5Checks)
                if v["ruleName"].endswith("InBackupPlan")]

    assert in_plan_errors(select=False) == ["NIST.800.53.R5-DynamoDBInBackupPlan"], "tags are invisible to cdk-nag"
    assert in_plan_errors(select=True) == []


# ---------------------------------------------------------------- generated wrong types (no synthesis)
WRONG_VALUES = st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5), st.binary(max_size=3),
                         st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                         st.lists(st.integers(), min_size=1, max_size=2), st.just(object()))
EXPECTED = {  # keyword: what the keyword accepts (a generated value of that kind is skipped)
    "backup_plan": (), "resources": (), "role": (type(None),), "backup_selection_name": (str, type(None)),
    "allow_restores": (bool, type(None)), "disable_default_backup_policy": (bool, type(None)),
    "not_resources": (type(None),), "conditions": (type(None),),
}


@settings(max_examples=40, deadline=None)
@given(keyword=st.sampled_from(sorted(EXPECTED)), value=WRONG_VALUES)
def test_generated_wrong_types_name_the_keyword(keyword: str, value: object) -> None:
    if isinstance(value, EXPECTED[keyword]) or (keyword in ("not_resources", "conditions") and value == []):
        return
    if keyword in ("not_resources",) and isinstance(value, list):
        keyword_in_message = "not_resources[0]"
    elif keyword == "conditions" and isinstance(value, list):
        keyword_in_message = "conditions[0]"
    elif keyword == "resources" and isinstance(value, list):
        keyword_in_message = "resources[0]"
    else:
        keyword_in_message = keyword
    stack = _STACK[0]
    _STACK[1] += 1
    with pytest.raises(backup.ValidationError) as error:
        _sel(**{keyword: value})(Construct(stack, f"S{_STACK[1]}"))  # type: ignore[arg-type]
    assert error.value.prop in (keyword_in_message, "backup_selection_name")
    assert " got " in str(error.value) and str(error.value).endswith("]")


_STACK: list[Any] = [new_stack(), 0]
