"""OrganizationBackupPolicy: plan rules in the backup policy syntax, selections, operators, targets."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from hypothesis import given, settings
from hypothesis import strategies as st

import cdk_backup as backup
from cdk_backup.rules import Unresolved
from cdk_backup.rules import organization as rules
from cdk_backup.rules.plan import CopyAction, Lifecycle, PlanRule
from tests.conftest import assert_builds_clean, assert_rejected, new_stack, only, warnings_of

days = cdk.Duration.days
OU = "ou-ab12-cdef3456"


def _content(template: dict[str, Any]) -> dict[str, Any]:
    return only(template, "AWS::Organizations::Policy")["Content"]  # type: ignore[no-any-return]


def _plan(template: dict[str, Any], name: str) -> dict[str, Any]:
    return _content(template)["plans"][name]  # type: ignore[no-any-return]


def _tagged(key: str = "backup", *values: str) -> backup.OrganizationTagSelection:
    return backup.OrganizationTagSelection(tag_key=key, tag_values=list(values or ["daily"]))


# ---------------------------------------------------------------- what it renders
def test_policy_for_an_ou(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    from aws_cdk import aws_organizations

    vault = backup.BackupVault.from_backup_vault_name(stack, "OrgVault", "org-backups")
    policy = backup.OrganizationBackupPolicy(
        stack, "Policy", policy_name="org-default-backups", description="Daily and monthly backups of every account",
        plan_name="OrgDefault", regions=["eu-west-1", "eu-central-1"], target_ids=[OU],
        backup_plan_rules=[backup.BackupPlanRule.daily(vault), backup.BackupPlanRule.monthly5_year(vault)],
        selections=[backup.OrganizationTagSelection(tag_key="Backup", tag_values=["daily", "all"])],
        backup_plan_tags={"Owner": "platform"}, windows_vss=True, tags={"cost-center": "platform"})
    template = synth(stack)
    props = only(template, "AWS::Organizations::Policy")
    assert (props["Type"], props["Name"], props["TargetIds"]) == ("BACKUP_POLICY", "org-default-backups", [OU])
    plan = props["Content"]["plans"]["OrgDefault"]
    assert plan["regions"] == {"@@assign": ["eu-west-1", "eu-central-1"]}
    assert plan["rules"]["Daily"] == {
        "schedule_expression": {"@@assign": "cron(0 5 * * ? *)"},
        "target_backup_vault_name": {"@@assign": "org-backups"},
        "lifecycle": {"delete_after_days": {"@@assign": "35"}}}
    assert plan["selections"] == {"tags": {"backup": {
        "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/service-role/AWSBackupDefaultServiceRole"},
        "tag_key": {"@@assign": "Backup"}, "tag_value": {"@@assign": ["daily", "all"]}}}}
    assert plan["advanced_backup_settings"] == {"ec2": {"windows_vss": {"@@assign": "enabled"}}}
    assert plan["backup_plan_tags"] == {"owner": {"tag_key": {"@@assign": "Owner"},
                                                  "tag_value": {"@@assign": "platform"}}}
    assert policy.plan_name == "OrgDefault" and policy.content == props["Content"]
    assert stack.resolve(policy.policy_id) == {"Fn::GetAtt": ["Policy23B91518", "Id"]}
    assert isinstance(policy.node.default_child, aws_organizations.CfnPolicy) and cdk.Resource.is_resource(policy)
    assert not warnings_of(stack)
    assert template == snapshot_json


def test_five_year_plan_and_its_policy_are_equal_rule_by_rule(stack: cdk.Stack, synth: Any) -> None:
    plan = backup.BackupPlan.daily_weekly_monthly5_year_retention(stack, "Plan")
    backup.OrganizationBackupPolicy(stack, "Policy", backup_plan_rules=plan.rules, regions=["us-east-1"],
                                    target_ids=["r-ab12"], plan_name="FiveYears", selections=[_tagged()])
    template = synth(stack)
    plan_rules = only(template, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanRule"]
    policy_rules = _plan(template, "FiveYears")["rules"]
    assert [r["RuleName"] for r in plan_rules] == list(policy_rules) == ["Daily", "Weekly", "Monthly5Year"]
    for rendered in plan_rules:
        written = policy_rules[rendered["RuleName"]]
        assert written["schedule_expression"] == {"@@assign": rendered["ScheduleExpression"]}
        lifecycle = {key: int(value["@@assign"]) for key, value in written["lifecycle"].items()}
        assert lifecycle == {{"DeleteAfterDays": "delete_after_days",
                              "MoveToColdStorageAfterDays": "move_to_cold_storage_after_days"}[key]: value
                             for key, value in rendered["Lifecycle"].items()}
        assert written["target_backup_vault_name"] == {"@@assign": "Default"}


def test_every_rule_setting(synth: Any) -> None:
    stack = new_stack(env=cdk.Environment(account="111122223333", region="eu-west-1"))
    dr_stack = new_stack(cdk.App.of(stack), "Dr", env=cdk.Environment(account="444455556666",  # type: ignore[arg-type]
                                                                        region="eu-central-1"))
    central = backup.BackupVault(dr_stack, "Central", backup_vault_name="central")
    air_gapped = backup.LogicallyAirGappedVault(stack, "AirGapped", backup_vault_name="air-gapped",
                                                min_retention=days(7), max_retention=days(90))
    vault = backup.BackupVault(stack, "Vault", backup_vault_name="org-backups")
    role = iam.Role(stack, "Scanner", assumed_by=iam.ServicePrincipal("malware-protection.guardduty.amazonaws.com"))
    rule = backup.BackupPlanRule(
        rule_name="Nightly", backup_vault=vault, schedule_expression="cron(0 1 * * ? *)",
        start_window=cdk.Duration.hours(1), completion_window=cdk.Duration.hours(8),
        delete_after=days(120), move_to_cold_storage_after=days(30), opt_in_to_archive_for_supported_resources=False,
        recovery_point_tags={"Origin": "policy"},
        copy_actions=[backup.BackupPlanCopyActionProps(destination_backup_vault=central, delete_after=days(365)),
                      backup.BackupPlanCopyActionProps(
                          destination_backup_vault="arn:aws:backup:us-west-2:777788889999:backup-vault:remote")],
        index_actions=[backup.BackupPlanIndexActionProps(resource_types=[backup.IndexActionResourceType.EBS])],
        scan_actions=[backup.ScanAction(scan_mode=backup.ScanMode.FULL_SCAN)],
        logically_air_gapped_backup_vault=air_gapped)
    backup.OrganizationBackupPolicy(
        stack, "Policy", backup_plan_rules=[rule, backup.BackupPlanRule.continuous(vault)], regions=["eu-west-1"],
        target_ids=["111122223333"], plan_name="Everything", selections=[_tagged()],
        s3_backup_acls=False, s3_backup_object_tags=True,
        scan_settings=[backup.ScanSetting(resource_types=[backup.ScanResourceType.EBS], scanner_role=role)])
    template = synth(stack)
    plan = _plan(template, "Everything")
    nightly = plan["rules"]["Nightly"]
    assert nightly["start_backup_window_minutes"] == {"@@assign": "60"}
    assert nightly["complete_backup_window_minutes"] == {"@@assign": "480"}
    assert nightly["lifecycle"] == {"move_to_cold_storage_after_days": {"@@assign": "30"},
                                    "delete_after_days": {"@@assign": "120"},
                                    "opt_in_to_archive_for_supported_resources": {"@@assign": "false"}}
    assert nightly["copy_actions"] == {
        "arn:aws:backup:eu-central-1:444455556666:backup-vault:central": {
            "target_backup_vault_arn": {"@@assign": "arn:aws:backup:eu-central-1:444455556666:backup-vault:central"},
            "lifecycle": {"delete_after_days": {"@@assign": "365"}}},
        "arn:aws:backup:us-west-2:777788889999:backup-vault:remote": {
            "target_backup_vault_arn": {"@@assign": "arn:aws:backup:us-west-2:777788889999:backup-vault:remote"}}}
    assert nightly["recovery_point_tags"] == {"origin": {"tag_key": {"@@assign": "Origin"},
                                                         "tag_value": {"@@assign": "policy"}}}
    assert nightly["index_actions"] == {"resource_types": {"@@assign": ["EBS"]}}
    assert nightly["scan_actions"] == {"GUARDDUTY": {"scan_mode": {"@@assign": "FULL_SCAN"}}}
    assert nightly["target_logically_air_gapped_backup_vault_arn"] == {
        "@@assign": "arn:aws:backup:$region:$account:backup-vault:air-gapped"}
    assert plan["rules"]["Continuous"]["enable_continuous_backup"] == {"@@assign": "true"}
    assert plan["rules"]["Continuous"]["lifecycle"] == {"delete_after_days": {"@@assign": "35"}}
    assert "schedule_expression" in plan["rules"]["Continuous"]  # a policy rule must have one
    assert plan["advanced_backup_settings"] == {"s3": {"backup_acls": {"@@assign": "disabled"},
                                                       "backup_object_tags": {"@@assign": "enabled"}}}
    assert plan["scan_settings"]["GUARDDUTY"]["resource_types"] == {"@@assign": ["EBS"]}
    assert plan["scan_settings"]["GUARDDUTY"]["scanner_role_arn"] == {
        "@@assign": {"Fn::GetAtt": [next(k for k in template["Resources"] if k.startswith("Scanner")), "Arn"]}}
    found = warnings_of(stack)
    assert sum("cdk-backup:policyVaultInMembers" in w for w in found) == 3  # vault twice, and the air-gapped one
    assert any("'air-gapped' (TestStack/AirGapped)" in w for w in found)


def test_a_vault_of_this_app_with_a_generated_name_warns_how_to_fix_it(stack: cdk.Stack) -> None:
    vault = backup.BackupVault(stack, "Vault")
    backup.OrganizationBackupPolicy(stack, "Policy", backup_plan_rules=[backup.BackupPlanRule.daily(vault)],
                                    regions=["us-east-1"], target_ids=[OU], selections=[_tagged()])
    [warning] = warnings_of(stack)
    assert "'TestStackVaultF17AFFE4' (TestStack/Vault, a name generated from its construct path: give it a " \
           "backup_vault_name) is a vault of this app" in warning and "[policyVaultInMembers]" in warning


def test_operators_and_locked_children(stack: cdk.Stack, synth: Any) -> None:
    backup.OrganizationBackupPolicy(
        stack, "Policy", backup_plan_rules=[backup.BackupPlanRule.daily()], regions=["ap-southeast-2"],
        regions_operator=backup.PolicyOperator.APPEND, target_ids=["r-ab12"], plan_name="Locked",
        child_policy_operators=[], iam_role_name="BackupRole",
        selections=[backup.OrganizationTagSelection(tag_key="env", tag_values=["prod"], operator="@@append",
                                                    selection_name="Prod", iam_role_name="service-role/Other")])
    plan = _plan(synth(stack), "Locked")
    locked = ["@@none"]
    assert plan["regions"] == {"@@append": ["ap-southeast-2"], rules.CHILD_CONTROL: locked}
    assert plan[rules.CHILD_CONTROL] == locked and plan["rules"]["Daily"][rules.CHILD_CONTROL] == locked
    assert plan["rules"]["Daily"]["schedule_expression"][rules.CHILD_CONTROL] == locked
    selection = plan["selections"]["tags"]["Prod"]
    assert selection["tag_value"] == {"@@append": ["prod"], rules.CHILD_CONTROL: locked}
    assert selection["iam_role_arn"]["@@assign"] == "arn:aws:iam::$account:role/service-role/Other"


def test_child_operators_allowed(stack: cdk.Stack, synth: Any) -> None:
    backup.OrganizationBackupPolicy(
        stack, "Policy", backup_plan_rules=[backup.BackupPlanRule.daily()], regions=["cn-north-1"],
        target_ids=["r-ab12"], plan_name="China", selections=[_tagged()],
        child_policy_operators=[backup.PolicyOperator.APPEND, "@@remove"])
    plan = _plan(synth(stack), "China")
    assert plan[rules.CHILD_CONTROL] == ["@@append", "@@remove"]
    assert plan["selections"]["tags"]["backup"]["iam_role_arn"]["@@assign"].startswith("arn:aws-cn:iam::$account:")


def test_aws_cdk_lib_rules_are_accepted(stack: cdk.Stack, synth: Any) -> None:
    from aws_cdk import aws_backup

    backup.OrganizationBackupPolicy(stack, "Policy", backup_plan_rules=[aws_backup.BackupPlanRule.weekly()],
                                    regions=["us-east-1"], target_ids=["r-ab12"], plan_name="Theirs",
                                    selections=[_tagged()])
    assert _plan(synth(stack), "Theirs")["rules"]["Weekly"]["schedule_expression"] == {
        "@@assign": "cron(0 5 ? * SAT *)"}


def test_defaults_names_and_warnings(stack: cdk.Stack, synth: Any) -> None:
    policy = backup.OrganizationBackupPolicy(
        stack, "Policy", target_ids=[], regions=["us-east-1"],
        backup_plan_rules=[backup.BackupPlanRule(schedule_expression="cron(0 3 * * ? *)",
                                                 schedule_expression_timezone="Europe/Paris",
                                                 delete_after=days(7)),
                           backup.BackupPlanRule(rule_name="Hourly_Copy", schedule_expression="cron(0 * * * ? *)",
                                                 delete_after=days(2))])
    template = synth(stack)
    props = only(template, "AWS::Organizations::Policy")
    assert props["Name"] == "TestStackPolicyD308667A" and "TargetIds" not in props
    assert policy.plan_name == "TestStackPolicyD308667A"
    assert list(_plan(template, policy.plan_name)["rules"]) == ["Rule1", "Hourly_Copy"]
    found = warnings_of(stack)
    for rule_id in ("policyNoTargets", "policyNoSelection", "policyTimezone", "policyRuleNameCharacters"):
        assert any(f"cdk-backup:{rule_id}" in w for w in found), rule_id
    assert any("'Europe/Paris'" in w and "runs the schedule in UTC" in w for w in found)


def test_tokens_are_never_rejected(synth: Any) -> None:
    stack = new_stack()
    text = cdk.CfnParameter(stack, "Text").value_as_string
    number = cdk.CfnParameter(stack, "Days", type="Number").value_as_number
    rule = backup.BackupPlanRule(rule_name="Daily", schedule_expression=text, delete_after=days(number),
                                 start_window=cdk.Duration.minutes(number), recovery_point_tags={"k": text})
    backup.OrganizationBackupPolicy(stack, "Policy", backup_plan_rules=[rule], regions=[text], target_ids=[text],
                                    policy_name=text, description=text, iam_role_name=text, plan_name="Tokens",
                                    selections=[backup.OrganizationTagSelection(tag_key=text, tag_values=[text])],
                                    tags={"k": text})
    props = only(synth(stack), "AWS::Organizations::Policy")
    assert props["TargetIds"] == [{"Ref": "Text"}] and props["Name"] == {"Ref": "Text"}
    plan = props["Content"]["plans"]["Tokens"]
    daily = plan["rules"]["Daily"]
    assert daily["schedule_expression"] == {"@@assign": {"Ref": "Text"}}
    assert daily["lifecycle"]["delete_after_days"] == daily["start_backup_window_minutes"] == {"@@assign": {"Ref": "Days"}}
    assert plan["regions"] == {"@@assign": [{"Ref": "Text"}]}
    assert plan["selections"]["tags"]["selection1"]["iam_role_arn"] == {"@@assign": {"Fn::Join": [
        "", ["arn:aws:iam::$account:role/", {"Ref": "Text"}]]}}


def test_document_size_limit(stack: cdk.Stack) -> None:
    tags = {f"tag{i:02d}": "v" * 250 for i in range(45)}
    rule = backup.BackupPlanRule(rule_name="Big", schedule_expression="cron(0 1 * * ? *)", recovery_point_tags=tags)
    with pytest.raises(backup.ValidationError, match=r"policy document must be at most 10,000 characters, "
                                                     r"got 1\d,\d{3} characters \[policyDocumentSize\]"):
        backup.OrganizationBackupPolicy(stack, "Policy", backup_plan_rules=[rule], regions=["us-east-1"],
                                        target_ids=["r-ab12"], selections=[_tagged()])


# ---------------------------------------------------------------- bad inputs
def _policy(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    kwargs.setdefault("backup_plan_rules", [backup.BackupPlanRule.daily()])
    kwargs.setdefault("regions", ["us-east-1"])
    kwargs.setdefault("target_ids", [OU])
    kwargs.setdefault("selections", [_tagged()])
    return lambda stack: backup.OrganizationBackupPolicy(stack, "Policy", **kwargs)


def _rule(name: str, **kwargs: Any) -> Any:
    return backup.BackupPlanRule(rule_name=name, schedule_expression="cron(0 1 * * ? *)", **kwargs)


def _token_vault_rule(stack: cdk.Stack) -> object:
    vault = backup.BackupVault.from_backup_vault_name(stack, "V", cdk.CfnParameter(stack, "N").value_as_string)
    return _policy(backup_plan_rules=[backup.BackupPlanRule.daily(vault)])(stack)


def _token_copy_rule(stack: cdk.Stack) -> object:
    vault = backup.BackupVault(stack, "Central", backup_vault_name="central")
    rule = _rule("Copy", copy_actions=[backup.BackupPlanCopyActionProps(destination_backup_vault=vault)])
    return _policy(backup_plan_rules=[rule])(stack)


BAD_INPUTS = [
    pytest.param(_policy(target_ids=["ou-1"]), r"TestStack/Policy: target_ids\[0\] must be a root id \(r-…\), an organizational unit id \(ou-…-…\) or a 12-digit account id, got 'ou-1' \[policyTargetId\]", id="target-ou-short"),
    pytest.param(_policy(target_ids=["r-AB12"]), r"\[policyTargetId\]", id="target-root-upper-case"),
    pytest.param(_policy(target_ids=["12345678901"]), r"got '12345678901' \[policyTargetId\]", id="target-account-11-digits"),
    pytest.param(_policy(target_ids=["١١١١٢٢٢٢٣٣٣٣"]), r"\[policyTargetId\]", id="target-account-unicode-digits"),
    pytest.param(_policy(target_ids=["o-abcdefghij"]), r"\[policyTargetId\]", id="target-organization-id"),
    pytest.param(_policy(target_ids=[OU, OU]), r"target_ids must not repeat an item, got 'ou-ab12-cdef3456' twice \[uniqueItems\]", id="target-twice"),
    pytest.param(_policy(target_ids=OU), r"target_ids must be a list, got str", id="target-str"),
    pytest.param(_policy(target_ids=None), r"target_ids must be a list, got None", id="target-none"),
    pytest.param(_policy(regions=[]), r"regions must name at least one Region .* got \[\] \[policyRegionsEmpty\]", id="regions-empty"),
    pytest.param(_policy(regions=["Europe"]), r"regions\[0\] must be an AWS Region code such as eu-west-1, got 'Europe' \[policyRegionCode\]", id="region-word"),
    pytest.param(_policy(regions=["*"]), r"\[policyRegionCode\]", id="region-wildcard"),
    pytest.param(_policy(regions=["US-EAST-1"]), r"\[policyRegionCode\]", id="region-upper-case"),
    pytest.param(_policy(regions=["us-east-1", "cn-north-1"]), r"regions must all lie in one partition, .* \[policyRegionPartition\]", id="regions-two-partitions"),
    pytest.param(_policy(regions="us-east-1"), r"regions must be a list, got str", id="regions-str"),
    pytest.param(_policy(backup_plan_rules=[]), r"backup_plan_rules must be between 1 and 10 rules, got 0 rules \[policyRuleCount\]", id="rules-0"),
    pytest.param(_policy(backup_plan_rules=[_rule(f"R{i}") for i in range(11)]), r"got 11 rules \[policyRuleCount\]", id="rules-11"),
    pytest.param(_policy(backup_plan_rules=[_rule("Daily"), _rule("daily")]), r"rule_name must be unique ignoring case, .* got 'daily' twice \[policyKeyUnique\]", id="rule-names-differ-in-case"),
    pytest.param(_policy(backup_plan_rules=[backup.BackupPlanRule.daily(), backup.BackupPlanRule.daily()]), r"\[policyKeyUnique\]", id="rule-names-same"),
    pytest.param(_policy(backup_plan_rules=["Daily"]), r"backup_plan_rules\[0\] must be a BackupPlanRule, got str", id="rule-str"),
    pytest.param(_policy(backup_plan_rules=[_rule("Tagged", recovery_point_tags={"Owner": "a", "owner": "b"})]), r"recovery_point_tags must be unique ignoring case, .* got 'owner' twice \[policyKeyUnique\]", id="recovery-point-tags-differ-in-case"),
    pytest.param(_policy(backup_plan_tags={"Stage": "a", "STAGE": "b"}), r"backup_plan_tags must be unique ignoring case.* \[policyKeyUnique\]", id="plan-tags-differ-in-case"),
    pytest.param(_policy(backup_plan_tags={"aws:x": "b"}), r"\[tagKey\]", id="plan-tag-aws-prefix"),
    pytest.param(_policy(policy_name=""), r"policy_name must be 1 to 128 ASCII characters, got '' \[policyName\]", id="policy-name-empty"),
    pytest.param(_policy(policy_name="x" * 129), r"\[policyName\]", id="policy-name-129"),
    pytest.param(_policy(policy_name="sauvegarde-été"), r"\[policyName\]", id="policy-name-non-ascii"),
    pytest.param(_policy(description="x" * 513), r"description must be at most 512 characters, got 513 characters \[policyDescription\]", id="description-513"),
    pytest.param(_policy(plan_name="has space"), r"plan_name must be 1 to 50 letters, digits, hyphens, underscores or periods, got 'has space' \[planName\]", id="plan-name-space"),
    pytest.param(_policy(plan_name="x" * 51), r"\[planName\]", id="plan-name-51"),
    pytest.param(_policy(iam_role_name="has space"), r"iam_role_name must be an IAM role name, optionally with its path .* got 'has space' \[policyRoleName\]", id="role-name-space"),
    pytest.param(_policy(iam_role_name="x" * 65), r"\[policyRoleName\]", id="role-name-65"),
    pytest.param(_policy(iam_role_name="arn:aws:iam::111122223333:user/someone"), r"\[policyRoleName\]", id="role-arn-of-a-user"),
    pytest.param(_policy(selections=[backup.OrganizationTagSelection(tag_key="env", tag_values=[])]), r"selections\[0\].tag_values must be between 1 and 30 values, got 0 values \[policySelectionTagValues\]", id="selection-no-values"),
    pytest.param(_policy(selections=[backup.OrganizationTagSelection(tag_key="env", tag_values=[f"v{i}" for i in range(31)])]), r"got 31 values \[policySelectionTagValues\]", id="selection-31-values"),
    pytest.param(_policy(selections=[backup.OrganizationTagSelection(tag_key="", tag_values=["a"])]), r"selections\[0\].tag_key must be 1 to 128 characters, got '' \[policySelectionTagKey\]", id="selection-empty-key"),
    pytest.param(_policy(selections=[backup.OrganizationTagSelection(tag_key="k" * 129, tag_values=["a"])]), r"\[policySelectionTagKey\]", id="selection-key-129"),
    pytest.param(_policy(selections=[backup.OrganizationTagSelection(tag_key="env", tag_values=["v" * 257])]), r"selections\[0\].tag_values\[0\] must be between 0 and 256 characters.*\[tagValue\]", id="selection-value-257"),
    pytest.param(_policy(selections=[backup.OrganizationTagSelection(tag_key="env", tag_values=["a"], selection_name="has space")]), r"selections\[0\].selection_name must be .* got 'has space' \[selectionName\]", id="selection-name-space"),
    pytest.param(_policy(selections=[_tagged("Env"), _tagged("env")]), r"selections\[\*\].selection_name must be unique ignoring case, .* got 'env' twice \[policyKeyUnique\]", id="selections-same-name"),
    pytest.param(_policy(selections=[backup.OrganizationTagSelection(tag_key="env", tag_values=["a"], operator="@@replace")]), r"selections\[0\].operator must be one of @@assign, @@append, @@remove, got '@@replace' \[inputEnum\]", id="selection-operator-unknown"),
    pytest.param(_policy(selections=[{"tag_key": "env"}]), r"selections\[0\] must be a OrganizationTagSelection or a dict with keys tag_key, tag_values", id="selection-dict-missing-values"),
    pytest.param(_policy(selections=[backup.OrganizationTagSelection(tag_key="env", tag_values="prod")]), r"selections\[0\].tag_values must be a list, got str", id="selection-values-str"),
    pytest.param(_policy(regions_operator="@@merge"), r"regions_operator must be one of @@assign, @@append, @@remove, got '@@merge' \[inputEnum\]", id="regions-operator-unknown"),
    pytest.param(_policy(child_policy_operators=["@@all"]), r"child_policy_operators\[0\] must be one of @@assign, @@append, @@remove, got '@@all'", id="child-operator-all"),
    pytest.param(_policy(windows_vss="enabled"), r"windows_vss must be a bool \(True or False\), got str 'enabled' \[inputType\]", id="vss-str"),
    pytest.param(_policy(backup_plan_rules=[_rule("Scan", scan_actions=[backup.ScanAction()])]), r"scan_settings must name every malware scanner the rules use, got \['GUARDDUTY'\] missing \[scanSettings\]", id="scan-without-settings"),
    pytest.param(_token_vault_rule, r"backup_plan_rules\[0\].backup_vault must have a name known at synth .* got TestStack/V \[policyVaultName\]", id="vault-name-token"),
    pytest.param(_token_copy_rule, r"backup_plan_rules\[0\].copy_actions\[0\].destination_backup_vault must be known at synth, .* got TestStack/Central, whose ARN is not known at synth .* \[policyLiteralKey\]", id="copy-destination-not-literal"),
    pytest.param(lambda s: _policy(backup_plan_rules=[backup.BackupPlanRule(rule_name=cdk.CfnParameter(s, "R").value_as_string, schedule_expression="cron(0 1 * * ? *)")])(s), r"backup_plan_rules\[0\].rule_name must be known at synth, since it becomes a key of the policy document, got a token \[policyLiteralKey\]", id="rule-name-token"),
    pytest.param(lambda s: _policy(plan_name=cdk.CfnParameter(s, "P").value_as_string)(s), r"plan_name must be known at synth.* \[policyLiteralKey\]", id="plan-name-token"),
    pytest.param(_policy(tags={"aws:x": "y"}), r"\[tagKey\]", id="tag-aws-prefix"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS)
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


def test_edge_values_pass_and_lint() -> None:
    """Bounds exactly met, in one stack (each policy is its own resource)."""

    def build(stack: cdk.Stack) -> None:
        _policy(backup_plan_rules=[_rule(f"R-{i}") for i in range(10)], plan_name="x" * 50,
                policy_name="p" * 128, description="d" * 512, iam_role_name="path/to/" + "r" * 64,
                target_ids=["r-" + "a" * 32, "ou-" + "b" * 32 + "-" + "c" * 32, "012345678901"],
                regions=["us-gov-west-1", "us-gov-east-1", "us-gov-west-1"],
                selections=[backup.OrganizationTagSelection(tag_key="k" * 128, tag_values=["v" * 256] * 30)])(stack)
        backup.OrganizationBackupPolicy(stack, "RoleArn", backup_plan_rules=[backup.BackupPlanRule.daily()],
                                        regions=["eu-west-1"], target_ids=["r-ab12"], selections=[_tagged()],
                                        iam_role_name="arn:aws:iam::$account:role/Backup")

    assert_builds_clean(build)


# ---------------------------------------------------------------- the syntax and rules (pure, fast)
names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
day_counts = st.one_of(st.none(), st.integers(1, 36500))


@st.composite
def policy_plans(draw: st.DrawFn) -> rules.PolicyPlan:
    rule_names = draw(st.lists(names, min_size=1, max_size=4, unique_by=str.lower))
    policy_rules = []
    for name in rule_names:
        copies = tuple(CopyAction(destination=f"arn:aws:backup:us-east-1:111122223333:backup-vault:{n}",
                                  lifecycle=Lifecycle(delete_after=draw(day_counts)))
                       for n in draw(st.lists(names, max_size=2, unique=True)))
        rule = PlanRule(name=name, vault=draw(st.sampled_from(["Default", "org-vault"])),
                        schedule=draw(st.sampled_from(["cron(0 5 * * ? *)", "cron(0 1 ? * SAT *)"])),
                        start_minutes=draw(st.one_of(st.none(), st.integers(60, 1000))),
                        lifecycle=Lifecycle(delete_after=draw(day_counts),
                                            opt_in_to_archive=draw(st.one_of(st.none(), st.booleans()))),
                        copies=copies, continuous=draw(st.booleans()))
        policy_rules.append(rules.PolicyRule(rule=rule))
    return rules.PolicyPlan(
        name=draw(names), regions=tuple(draw(st.lists(st.sampled_from(["us-east-1", "eu-west-1"]), min_size=1,
                                                      unique=True))),
        rules=tuple(policy_rules), regions_operator=draw(st.sampled_from(rules.VALUE_OPERATORS)),
        selections=tuple(rules.TagSelection(name=n, tag_key="k", tag_values=("a", "b"),
                                            iam_role_arn="arn:aws:iam::$account:role/R")
                         for n in draw(st.lists(names, max_size=2, unique_by=str.lower))),
        child_operators=draw(st.one_of(st.none(), st.just(()), st.just(("@@append",)))),
        windows_vss=draw(st.one_of(st.none(), st.booleans())))


def _comparable(plan: rules.PolicyPlan) -> rules.PolicyPlan:
    """What the document carries: continuous rules keep 35 days, and the schedule is always written."""
    from dataclasses import replace

    written = []
    for item in plan.rules:
        rule = item.rule
        life = replace(rule.lifecycle, delete_after=rule.delete_days) if rule.continuous else rule.lifecycle
        written.append(replace(item, rule=replace(rule, lifecycle=life)))
    return replace(plan, rules=tuple(written))


@settings(max_examples=60, deadline=None)
@given(policy_plans())
def test_document_reads_back_as_written(plan: rules.PolicyPlan) -> None:
    content = json.loads(json.dumps(rules.document([plan])))
    [read] = rules.parse(content)
    assert read == _comparable(plan)


@settings(max_examples=60, deadline=None)
@given(policy_plans())
def test_every_value_is_under_an_operator(plan: rules.PolicyPlan) -> None:
    content = rules.document([plan])

    def leaves(node: Any, under_operator: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                leaves(value, under_operator or key.startswith("@@"))
        elif isinstance(node, list):
            assert under_operator
        else:
            assert under_operator and isinstance(node, str), node

    leaves(content, False)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["r-ab12", "ou-ab12-cdef3456", "111122223333", "ou-1", "o-abcdefghij", "r-AB12"]),
                max_size=4))
def test_targets_rule(ids: list[str]) -> None:
    found = {v.rule.id for v in rules.targets(ids)}
    if not ids:
        assert found == {"policyNoTargets"}
    elif any(i in ("ou-1", "o-abcdefghij", "r-AB12") for i in ids):
        assert "policyTargetId" in found
    else:
        assert found == ({"uniqueItems"} if len(set(ids)) < len(ids) else set())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1", "bad", Unresolved()]),
                max_size=3))
def test_regions_rule(values: list[Any]) -> None:
    found = {v.rule.id for v in rules.regions(values)}
    literal = [v for v in values if isinstance(v, str) and v != "bad"]
    assert ("policyRegionsEmpty" in found) == (not values)
    assert ("policyRegionCode" in found) == ("bad" in values)
    assert ("policyRegionPartition" in found) == (len({rules.partition_of(r) for r in literal}) > 1)


def test_rule_count_and_size_rules() -> None:
    assert [v.rule.id for v in rules.RULE_COUNT.check(11)] == ["policyRuleCount"]
    assert list(rules.document_size("x" * rules.MAX_DOCUMENT_CHARACTERS)) == []
    assert [v.rule.id for v in rules.document_size("x" * 10_001)] == ["policyDocumentSize"]


def test_parse_reads_an_effective_policy_without_operators() -> None:
    effective = {"plans": {"PII_Backup_Plan": {
        "regions": ["us-east-1"], "rules": {"hourly": {
            "schedule_expression": "cron(0 0/1 ? * * *)", "start_backup_window_minutes": "60",
            "target_backup_vault_name": "FortKnox",
            "lifecycle": {"delete_after_days": "2", "move_to_cold_storage_after_days": "180"}}},
        "selections": {"tags": {"datatype": {"iam_role_arn": "arn:aws:iam::123456789012:role/MyIamRole",
                                             "tag_key": "dataType", "tag_value": ["PII", "RED"]}}}}}}
    [plan] = rules.parse(effective)
    [item] = plan.rules
    assert (item.rule.name, item.rule.vault, item.rule.start_minutes) == ("hourly", "FortKnox", 60)
    assert item.rule.lifecycle == Lifecycle(delete_after=2, move_to_cold_storage_after=180)
    ids = {v.rule.id for v in rules.policy_plan(plan)}
    assert "coldStorageGap" in ids  # the same plan rule as plans: 2 days is not 90 days after 180


# ---------------------------------------------------------------- the example app
def test_organization_example_synthesizes_lints_and_passes_cdk_nag() -> None:
    import cdk_nag
    from aws_cdk import assertions

    from examples.organization.stack import build
    from tests.conftest import assert_lint_clean, nag_findings

    app = cdk.App()
    stacks = {stack.stack_name: stack for stack in build(app)}
    templates = {name: dict(assertions.Template.from_stack(stack).to_json()) for name, stack in stacks.items()}
    for template in templates.values():
        assert_lint_clean(template)  # (aws-cdk-lib's AwsCustomResource function has a redundant DependsOn: W3005)
    kinds = {r["Type"] for t in templates.values() for r in t["Resources"].values()}
    assert {"AWS::Organizations::Policy", "Custom::BackupGlobalSettings", "Custom::BackupRegionSettings",
            "AWS::Backup::TieringConfiguration", "AWS::Backup::LegalHold"} <= kinds
    plan = _plan(templates["OrgBackupPolicy"], "Workloads")
    assert plan["rules"]["Monthly"]["copy_actions"] == {
        "arn:aws:backup:eu-central-1:222222222222:backup-vault:central": {
            "target_backup_vault_arn": {"@@assign": "arn:aws:backup:eu-central-1:222222222222:backup-vault:central",
                                        rules.CHILD_CONTROL: ["@@append"]},
            "lifecycle": {"move_to_cold_storage_after_days": {"@@assign": "90", rules.CHILD_CONTROL: ["@@append"]},
                          "delete_after_days": {"@@assign": "1825", rules.CHILD_CONTROL: ["@@append"]},
                          rules.CHILD_CONTROL: ["@@append"]},
            rules.CHILD_CONTROL: ["@@append"]},
        rules.CHILD_CONTROL: ["@@append"]}
    assert not [w for stack in stacks.values() for w in warnings_of(stack)]
    violations = nag_findings(build, cdk_nag.AwsSolutionsChecks, cdk_nag.NIST80053R5Checks)
    assert not [v["ruleName"] for v in violations if v["severity"] == "error"]
