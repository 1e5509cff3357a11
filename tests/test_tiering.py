"""TieringConfiguration: vault or '*', S3 selections, tiering days, names, tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from hypothesis import given, settings
from hypothesis import strategies as st

import cdk_backup as backup
from cdk_backup.rules import Unresolved
from cdk_backup.rules import tiering as rules
from tests.conftest import (
    assert_builds_clean,
    assert_rejected,
    new_stack,
    only,
    resources_of,
    synth_errors,
    warnings_of,
)

days = cdk.Duration.days


def _selection(**kwargs: Any) -> dict[str, Any]:
    return {"resource_type": "S3", "resources": ["*"], "tiering_down_after": days(60), **kwargs}


# ---------------------------------------------------------------- what it renders
def test_vault_with_buckets(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    from aws_cdk import aws_backup

    vault = backup.BackupVault(stack, "Vault", backup_vault_name="s3-backups")
    bucket = s3.Bucket(stack, "Bucket")
    tiering = backup.TieringConfiguration(
        stack, "Tiering", backup_vault=vault, tiering_configuration_name="s3_backups_90d", tags={"team": "data"},
        resource_selections=[backup.TieringResourceSelection(
            resource_type=backup.TieringResourceType.S3,
            resources=[bucket, "arn:aws:s3:::legacy-archive"], tiering_down_after=days(90))])
    template = synth(stack)
    props = only(template, "AWS::Backup::TieringConfiguration")
    assert props["BackupVaultName"] == {"Fn::GetAtt": ["Vault23237E5B", "BackupVaultName"]}
    assert props["ResourceSelection"] == [{
        "ResourceType": "S3", "TieringDownSettingsInDays": 90,
        "Resources": [{"Fn::GetAtt": [next(iter(resources_of(template, "AWS::S3::Bucket"))), "Arn"]},
                      "arn:aws:s3:::legacy-archive"]}]
    assert props["TieringConfigurationName"] == "s3_backups_90d"
    assert stack.resolve(tiering.tiering_configuration_name) == {"Ref": "Tiering68EF43FA"}
    assert stack.resolve(tiering.tiering_configuration_arn) == {
        "Fn::GetAtt": ["Tiering68EF43FA", "TieringConfigurationArn"]}
    assert isinstance(tiering.node.default_child, aws_backup.CfnTieringConfiguration)
    assert not warnings_of(stack)
    assert template == snapshot_json


def test_every_vault_with_a_unique_default_name(stack: cdk.Stack, synth: Any) -> None:
    backup.TieringConfiguration(stack, "All", backup_vault="*", resource_selections=[_selection()])
    backup.TieringConfiguration(stack, "One", backup_vault="orders",
                                resource_selections=[_selection(tiering_down_after=days(365))])
    found = resources_of(synth(stack), "AWS::Backup::TieringConfiguration")
    names = {r["Properties"]["TieringConfigurationName"] for r in found.values()}
    assert names == {"TestStackAllE3966624", "TestStackOneD23B5B86"}
    assert {r["Properties"]["BackupVaultName"] for r in found.values()} == {"*", "orders"}


def test_vault_by_arn_and_aws_cdk_lib_bucket_names(stack: cdk.Stack, synth: Any) -> None:
    bucket = s3.Bucket.from_bucket_name(stack, "B", "imported-bucket")
    backup.TieringConfiguration(stack, "T", backup_vault="arn:aws:backup:us-east-1:111122223333:backup-vault:orders",
                                resource_selections=[_selection(resources=[bucket])])
    props = only(synth(stack), "AWS::Backup::TieringConfiguration")
    assert props["BackupVaultName"] == "orders"
    assert props["ResourceSelection"][0]["Resources"] == [
        {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::imported-bucket"]]}]


def test_tokens_are_never_rejected(synth: Any) -> None:
    stack = new_stack()
    text = cdk.CfnParameter(stack, "Text").value_as_string
    number = cdk.CfnParameter(stack, "Days", type="Number").value_as_number
    backup.TieringConfiguration(stack, "T", backup_vault=text, tiering_configuration_name=text,
                                resource_selections=[{"resource_type": text, "resources": [text],
                                                      "tiering_down_after": days(number)}])
    props = only(synth(stack), "AWS::Backup::TieringConfiguration")
    assert props["ResourceSelection"] == [{"ResourceType": {"Ref": "Text"}, "Resources": [{"Ref": "Text"}],
                                           "TieringDownSettingsInDays": {"Ref": "Days"}}]


def test_a_bucket_in_two_selections_warns(stack: cdk.Stack) -> None:
    arn = "arn:aws:s3:::shared"
    backup.TieringConfiguration(stack, "T", backup_vault="v1", resource_selections=[
        _selection(resources=[arn]), _selection(resources=[arn], tiering_down_after=days(90))])
    assert any("cdk-backup:tieringSelectionOverlap" in w and "'arn:aws:s3:::shared'" in w for w in warnings_of(stack))


def test_two_configurations_for_one_vault_fail_at_synth(stack: cdk.Stack) -> None:
    backup.TieringConfiguration(stack, "A", backup_vault="orders", resource_selections=[_selection()])
    backup.TieringConfiguration(stack, "B", backup_vault="orders", resource_selections=[_selection()])
    backup.TieringConfiguration(stack, "C", backup_vault="*", resource_selections=[_selection()])
    [error] = synth_errors(stack)
    assert error.endswith("2 configurations for 'orders' in one stack [tieringOnePerVault]")


# ---------------------------------------------------------------- bad inputs
def _tiering(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    kwargs.setdefault("backup_vault", "orders")
    kwargs.setdefault("resource_selections", [_selection()])
    return lambda stack: backup.TieringConfiguration(stack, "T", **kwargs)


BAD_INPUTS = [
    pytest.param(_tiering(backup_vault="a"), r"TestStack/T: backup_vault must be '\*' \(every vault\) or a vault name .* got 'a' \[tieringVaultName\]", id="vault-name-short"),
    pytest.param(_tiering(backup_vault="**"), r"\[tieringVaultName\]", id="vault-double-star"),
    pytest.param(_tiering(backup_vault="my.vault"), r"\[tieringVaultName\]", id="vault-dot"),
    pytest.param(_tiering(backup_vault="x" * 51), r"\[tieringVaultName\]", id="vault-51"),
    pytest.param(_tiering(backup_vault="arn:aws:s3:::bucket"), r"backup_vault must be a backup vault ARN.* \[backupVaultArn\]", id="vault-arn-of-a-bucket"),
    pytest.param(_tiering(backup_vault=None), r"backup_vault must be a backup vault, a vault name or '\*', got None \[inputType\]", id="vault-none"),
    pytest.param(_tiering(backup_vault=7), r"got int 7 \[inputType\]", id="vault-int"),
    pytest.param(_tiering(tiering_configuration_name="with-hyphen"), r"tiering_configuration_name must be 1 to 200 letters, digits or underscores, got 'with-hyphen' \[tieringName\]", id="name-hyphen"),
    pytest.param(_tiering(tiering_configuration_name=""), r"\[tieringName\]", id="name-empty"),
    pytest.param(_tiering(tiering_configuration_name="x" * 201), r"\[tieringName\]", id="name-201"),
    pytest.param(_tiering(tiering_configuration_name="naïve"), r"\[tieringName\]", id="name-non-ascii"),
    pytest.param(_tiering(resource_selections=[]), r"resource_selections must be between 1 and 5 selections, got 0 selections \[tieringSelectionCount\]", id="selections-0"),
    pytest.param(_tiering(resource_selections=[_selection(resources=[f"arn:aws:s3:::b{i}"]) for i in range(6)]), r"got 6 selections \[tieringSelectionCount\]", id="selections-6"),
    pytest.param(_tiering(resource_selections=None), r"resource_selections must be a list, got None", id="selections-none"),
    pytest.param(_tiering(resource_selections=[["S3"]]), r"resource_selections\[0\] must be a TieringResourceSelection or a dict with keys resource_type, resources, tiering_down_after", id="selection-list"),
    pytest.param(_tiering(resource_selections=[{"resource_type": "S3", "resources": ["*"]}]), r"resource_selections\[0\] must be a TieringResourceSelection or a dict", id="selection-missing-days"),
    pytest.param(_tiering(resource_selections=[_selection(resource_type="EBS")]), r"resource_selections\[0\].resource_type must be S3, the only type tiering supports, got 'EBS' \[tieringResourceType\]", id="type-ebs"),
    pytest.param(_tiering(resource_selections=[_selection(resource_type="s3")]), r"\[tieringResourceType\]", id="type-lower-case"),
    pytest.param(_tiering(resource_selections=[_selection(resource_type=backup.ResourceType.EFS)]), r"got 'EFS' \[tieringResourceType\]", id="type-other-enum"),
    pytest.param(_tiering(resource_selections=[_selection(resource_type=3)]), r"resource_type must be a string or its string value, got int 3", id="type-int"),
    pytest.param(_tiering(resource_selections=[_selection(tiering_down_after=days(59))]), r"tiering_down_after must be between 60 and 36,500 days, got 59 days \[tieringDownAfter\]", id="days-59"),
    pytest.param(_tiering(resource_selections=[_selection(tiering_down_after=days(36501))]), r"got 36,501 days \[tieringDownAfter\]", id="days-36501"),
    pytest.param(_tiering(resource_selections=[_selection(tiering_down_after=cdk.Duration.hours(1500))]), r"tiering_down_after must be a whole number of days, got 62 days 12 hours \[wholeUnits\]", id="days-fractional"),
    pytest.param(_tiering(resource_selections=[_selection(tiering_down_after=90)]), r"tiering_down_after must be a Duration \(e.g. Duration.days\(35\)\), got int 90", id="days-int"),
    pytest.param(_tiering(resource_selections=[_selection(resources=[])]), r"resources must be \['\*'\] alone or a non-empty list of resource ARNs, got \[\] \[tieringResourceList\]", id="resources-empty"),
    pytest.param(_tiering(resource_selections=[_selection(resources=["*", "arn:aws:s3:::b"])]), r"\[tieringResourceList\]", id="wildcard-not-alone"),
    pytest.param(_tiering(resource_selections=[_selection(resources="*")]), r"resources must be a list, got str", id="resources-str"),
    pytest.param(_tiering(resource_selections=[_selection(resources=["my-bucket"])]), r"resources\[0\] must be an S3 bucket ARN, arn:<partition>:s3:::<bucket>, got 'my-bucket' \[tieringBucketArn\]", id="bare-bucket-name"),
    pytest.param(_tiering(resource_selections=[_selection(resources=["arn:aws:s3:::bucket/key"])]), r"\[tieringBucketArn\]", id="object-arn"),
    pytest.param(_tiering(resource_selections=[_selection(resources=["arn:aws:dynamodb:us-east-1:111122223333:table/t"])]), r"\[tieringBucketArn\]", id="table-arn"),
    pytest.param(_tiering(resource_selections=[_selection(resources=[3])]), r"resources\[0\] must be an s3.IBucket, a bucket ARN or '\*', got int 3", id="resource-int"),
    pytest.param(_tiering(resource_selections=[_selection(resources=[f"arn:aws:s3:::b{i}" for i in range(60)]), _selection(resources=[f"arn:aws:s3:::c{i}" for i in range(41)])]), r"got 101 bucket ARNs \[tieringResourceCount\]", id="resources-101-in-all"),
    pytest.param(_tiering(tags={"aws:x": "y"}), r"\[tagKey\]", id="tag-aws-prefix"),
    pytest.param(_tiering(tags={"k": "v" * 257}), r"\[tagValue\]", id="tag-value-257"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS)
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


EDGES: list[tuple[str, dict[str, Any]]] = [
    ("vault-name-2", {"backup_vault": "ab"}),
    ("vault-name-50", {"backup_vault": "A_b-" + "x" * 46}),
    ("name-200", {"tiering_configuration_name": "x" * 200}),
    ("name-underscore", {"tiering_configuration_name": "A_1"}),
    ("days-36500", {"resource_selections": [_selection(tiering_down_after=days(36500))]}),
    ("days-as-hours", {"resource_selections": [_selection(tiering_down_after=cdk.Duration.hours(1440))]}),
    ("selections-5", {"resource_selections": [_selection(resources=[f"arn:aws:s3:::b{i}"]) for i in range(5)]}),
    ("resources-100", {"resource_selections": [_selection(resources=[f"arn:aws:s3:::b{i}" for i in range(100)])]}),
    ("china-partition", {"resource_selections": [_selection(resources=["arn:aws-cn:s3:::bucket.with.dots"])]}),
]


def test_edge_values_pass_and_lint() -> None:
    """Bounds exactly met, each a configuration (for its own vault) of one stack, linted once."""

    def build(stack: cdk.Stack) -> None:
        for index, (name, kwargs) in enumerate(EDGES):
            backup.TieringConfiguration(stack, name, **{"backup_vault": f"vault{index}",
                                                        "resource_selections": [_selection()], **kwargs})

    assert_builds_clean(build)


# ---------------------------------------------------------------- the rules (pure, fast)
@settings(max_examples=200, deadline=None)
@given(st.integers(-10, 40000))
def test_tiering_days_bounds(value: int) -> None:
    item = rules.ResourceSelection("S3", ("*",), value)
    assert bool(list(rules.selection(item))) == (not 60 <= value <= 36500)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["*", "arn:aws:s3:::a", "arn:aws:s3:::b", "bucket", Unresolved()]), max_size=5))
def test_resource_list_rule(resources: list[Any]) -> None:
    item = rules.ResourceSelection("S3", tuple(resources), 60)
    found = {v.rule.id for v in rules.selection(item)}
    if not resources or ("*" in resources and len(resources) > 1):
        assert found == {"tieringResourceList"}
    elif "bucket" in resources:
        assert found == {"tieringBucketArn"}
    else:
        assert found == set()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_vault_name_or_wildcard(name: str) -> None:
    ok = not list(rules.VAULT.check(name))
    assert ok == (name == "*" or (2 <= len(name) <= 50 and all(c.isascii() and (c.isalnum() or c in "-_")
                                                                for c in name)))


def test_one_per_vault_rule() -> None:
    assert list(rules.one_per_vault(["a", "*", Unresolved(), Unresolved()])) == []
    assert [v.rule.id for v in rules.one_per_vault(["*", "*"])] == ["tieringOnePerVault"]
