"""BackupRegionSettings and BackupGlobalSettings: one API call each, least privilege, nothing on delete."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cdk_backup as backup
from cdk_backup.rules import settings as rules
from tests.conftest import assert_builds_clean, assert_rejected, new_stack, resources_of, warnings_of


def _template(stack: cdk.Stack) -> dict[str, Any]:
    """The template without cfn-lint (the snapshot and edge tests lint these shapes)."""
    from aws_cdk import assertions

    return dict(assertions.Template.from_stack(stack).to_json())


def _custom(template: dict[str, Any], kind: str) -> dict[str, Any]:
    [resource] = resources_of(template, f"Custom::{kind}").values()
    return resource  # type: ignore[no-any-return]


def _statements(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for p in resources_of(template, "AWS::IAM::Policy").values()
            for s in p["Properties"]["PolicyDocument"]["Statement"]]


# ---------------------------------------------------------------- what it renders
def test_region_and_global_settings(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    backup.BackupRegionSettings(stack, "Region",
                                resource_type_opt_in_preference={"DynamoDB": True, "Storage Gateway": False},
                                resource_type_management_preference={"DynamoDB": True, "EFS": True})
    backup.BackupGlobalSettings(stack, "Global", global_settings={"isCrossAccountBackupEnabled": True,
                                                                   "isMpaEnabled": "false"})
    template = synth(stack)
    region = _custom(template, "BackupRegionSettings")["Properties"]
    call = json.loads(region["Create"])
    assert call == json.loads(region["Update"]) == {
        "service": "Backup", "action": "UpdateRegionSettings", "physicalResourceId": {"id": "BackupRegionSettings"},
        "parameters": {"ResourceTypeOptInPreference": {"DynamoDB": True, "Storage Gateway": False},
                       "ResourceTypeManagementPreference": {"DynamoDB": True, "EFS": True}}}
    assert "Delete" not in region and region["InstallLatestAwsSdk"] is False
    glob = json.loads(_custom(template, "BackupGlobalSettings")["Properties"]["Create"])
    assert glob["parameters"] == {"GlobalSettings": {"isCrossAccountBackupEnabled": "true", "isMpaEnabled": "false"}}
    assert sorted((s["Action"], s["Resource"]) for s in _statements(template)) == [
        ("backup:UpdateGlobalSettings", "*"), ("backup:UpdateRegionSettings", "*")]
    assert not warnings_of(stack)
    assert template == snapshot_json


def test_settings_are_resources_and_can_be_retained(stack: cdk.Stack) -> None:
    settings_ = backup.BackupRegionSettings(stack, "Region", resource_type_opt_in_preference={"EFS": True})
    assert cdk.Resource.is_resource(settings_) and settings_.custom_resource.node.id == "Resource"
    settings_.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
    assert _custom(_template(stack), "BackupRegionSettings")["DeletionPolicy"] == "Retain"


def test_only_opt_in(stack: cdk.Stack) -> None:
    backup.BackupRegionSettings(stack, "Region", resource_type_opt_in_preference={"SAP HANA on Amazon EC2": True})
    call = json.loads(_custom(_template(stack), "BackupRegionSettings")["Properties"]["Create"])
    assert call["parameters"] == {"ResourceTypeOptInPreference": {"SAP HANA on Amazon EC2": True}}


def test_tokens_are_never_rejected() -> None:
    stack = new_stack()
    text = cdk.CfnParameter(stack, "Flag").value_as_string
    backup.BackupGlobalSettings(stack, "Global", global_settings={"isCrossAccountBackupEnabled": text})
    backup.BackupRegionSettings(stack, "Region", resource_type_opt_in_preference={"EBS": cdk.Token.as_any(text)})
    create = _custom(_template(stack), "BackupGlobalSettings")["Properties"]["Create"]
    assert create == {"Fn::Join": ["", [
        '{"action":"UpdateGlobalSettings","service":"Backup","parameters":{"GlobalSettings":'
        '{"isCrossAccountBackupEnabled":"', {"Ref": "Flag"},
        '"}},"physicalResourceId":{"id":"BackupGlobalSettings"}}']]}


def test_warnings(stack: cdk.Stack) -> None:
    backup.BackupRegionSettings(stack, "Empty")
    backup.BackupRegionSettings(stack, "Managed", resource_type_management_preference={"EBS": True})
    found = warnings_of(stack)
    assert any("cdk-backup:regionSettingsEmpty" in w for w in found)
    assert any("cdk-backup:regionSettingsManagementType" in w and "['EBS']" in w for w in found)
    cdk.App.of(stack).synth()  # type: ignore[union-attr]
    assert any("cdk-backup:settingsSetTwice" in w and "2 BackupRegionSettings constructs" in w
               for w in warnings_of(stack))


# ---------------------------------------------------------------- bad inputs
def _region(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: backup.BackupRegionSettings(stack, "S", **kwargs)


def _global(value: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: backup.BackupGlobalSettings(stack, "S", global_settings=value)


BAD_INPUTS = [
    pytest.param(_region(resource_type_opt_in_preference={"Dynamo": True}), r"TestStack/S: resource_type_opt_in_preference keys must be AWS Backup resource type names \(Aurora, .*\), got 'Dynamo' \[regionSettingsResourceType\]", id="opt-in-unknown-type"),
    pytest.param(_region(resource_type_opt_in_preference={"FSX": True}), r"got 'FSX' \[regionSettingsResourceType\]", id="opt-in-fsx-upper-case"),
    pytest.param(_region(resource_type_opt_in_preference={"dynamodb": True}), r"\[regionSettingsResourceType\]", id="opt-in-lower-case"),
    pytest.param(_region(resource_type_management_preference={"Dynamo": True}), r"resource_type_management_preference keys must be .* \[regionSettingsResourceType\]", id="management-unknown-type"),
    pytest.param(_region(resource_type_opt_in_preference={"EBS": "yes"}), r"resource_type_opt_in_preference\['EBS'\] must be a bool \(True or False\), got str 'yes' \[inputType\]", id="opt-in-str"),
    pytest.param(_region(resource_type_opt_in_preference={"EBS": 1}), r"got int 1 \[inputType\]", id="opt-in-int"),
    pytest.param(_region(resource_type_opt_in_preference={"EBS": None}), r"got None \[inputType\]", id="opt-in-none"),
    pytest.param(_region(resource_type_opt_in_preference=["EBS"]), r"resource_type_opt_in_preference must be a dict of resource type name to bool, got list", id="opt-in-list"),
    pytest.param(_region(resource_type_opt_in_preference={3: True}), r"resource_type_opt_in_preference key must be a resource type name, got int 3", id="opt-in-int-key"),
    pytest.param(_global({"crossAccount": "yes"}), r"global_settings keys must be isCrossAccountBackupEnabled, isMpaEnabled, isDelegatedAdministratorEnabled, got 'crossAccount' \[globalSettingsFlag\]", id="global-unknown-flag"),
    pytest.param(_global({"IsCrossAccountBackupEnabled": True}), r"\[globalSettingsFlag\]", id="global-flag-case"),
    pytest.param(_global({"isMpaEnabled": "yes"}), r"global_settings\['isMpaEnabled'\] values must be 'true' or 'false' \(or a bool\), got 'yes' \[globalSettingsValue\]", id="global-value-yes"),
    pytest.param(_global({"isMpaEnabled": 1}), r"global_settings\['isMpaEnabled'\] must be 'true', 'false' or a bool, got int 1 \[inputType\]", id="global-value-int"),
    pytest.param(_global({}), r"global_settings must set at least one flag, got \{\} \[globalSettingsEmpty\]", id="global-empty"),
    pytest.param(_global(None), r"global_settings must be a dict of flag name to 'true'/'false' or bool, got None", id="global-none"),
    pytest.param(_global([("isMpaEnabled", True)]), r"got list", id="global-list"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS)
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


def test_edge_values_pass_and_lint() -> None:
    """Every resource type name, every flag, and an upper-case 'TRUE' (one stack: each template with the
    custom resource's Lambda takes cfn-lint about a second)."""

    def build(stack: cdk.Stack) -> None:
        backup.BackupRegionSettings(stack, "Types", resource_type_opt_in_preference=dict.fromkeys(
            rules.RESOURCE_TYPES, True), resource_type_management_preference=dict.fromkeys(rules.MANAGEMENT_TYPES, True))
        backup.BackupGlobalSettings(stack, "Flags", global_settings=dict.fromkeys(rules.GLOBAL_FLAGS, False))
        upper = backup.BackupGlobalSettings(new_stack(cdk.App.of(stack), "Other"),  # type: ignore[arg-type]
                                            "Upper", global_settings={"isCrossAccountBackupEnabled": "TRUE"})
        assert json.loads(_custom(_template(upper.stack), "BackupGlobalSettings")["Properties"]["Create"])[
            "parameters"] == {"GlobalSettings": {"isCrossAccountBackupEnabled": "true"}}

    assert_builds_clean(build)


# ---------------------------------------------------------------- the rules (pure, fast)
@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([*rules.RESOURCE_TYPES, "Dynamo", "fsx", "S3 "]), st.booleans(), max_size=4),
       st.dictionaries(st.sampled_from([*rules.RESOURCE_TYPES, "Nope"]), st.booleans(), max_size=3))
def test_region_settings_rule(opt_in: dict[str, bool], management: dict[str, bool]) -> None:
    found = {v.rule.id: v.severity for v in rules.region_settings(opt_in, management)}
    unknown = [k for k in [*opt_in, *management] if k not in rules.RESOURCE_TYPES]
    if not opt_in and not management:
        assert found == {"regionSettingsEmpty": "warning"}
    elif unknown:
        assert found == {"regionSettingsResourceType": "error"}
    else:
        assert ("regionSettingsManagementType" in found) == any(k not in rules.MANAGEMENT_TYPES for k in management)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([*rules.GLOBAL_FLAGS, "crossAccount"]),
                       st.sampled_from(["true", "false", "yes", "True"]), max_size=3))
def test_global_settings_rule(values: dict[str, str]) -> None:
    errors = [v.rule.id for v in rules.global_settings(values)]
    valid = bool(values) and all(k in rules.GLOBAL_FLAGS and v in ("true", "false") for k, v in values.items())
    assert (not errors) == valid
