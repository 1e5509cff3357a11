"""Drop-in compatibility with ``aws_cdk.aws_backup``: the same names, members and interfaces."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_backup as theirs
from aws_cdk import aws_s3 as s3

import cdk_backup as ours
from tests.conftest import new_stack, only, resources_of

PUBLIC = sorted(name for name in dir(theirs) if not name.startswith("_"))


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_of_aws_backup_is_importable(name: str) -> None:
    assert getattr(ours, name) is not None


WRAPPED = ["BackupVault", "BackupPlan", "BackupSelection", "BackupPlanRule", "BackupResource"]


@pytest.mark.parametrize("name", WRAPPED)
def test_our_classes_offer_every_public_member_of_theirs(name: str) -> None:
    ours_class, theirs_class = getattr(ours, name), getattr(theirs, name)
    assert ours_class is not theirs_class, f"{name} should be cdk_backup's own class"
    missing = sorted(m for m in dir(theirs_class) if not m.startswith("_") and not hasattr(ours_class, m))
    assert not missing, f"cdk_backup.{name} lacks {missing}"


def test_selection_and_backup_selection_are_one_class() -> None:
    assert ours.Selection is ours.BackupSelection


def _full_app(stack: cdk.Stack, lib: Any) -> None:
    """The README quick start written against either library."""
    vault = lib.BackupVault(stack, "Vault")
    plan = lib.BackupPlan.daily_weekly_monthly5_year_retention(stack, "Plan", vault)
    plan.add_selection("Tagged", resources=[lib.BackupResource.from_tag("backup", "true")])


def test_switching_the_import_gives_the_same_resources(synth: Any) -> None:
    mine, reference = new_stack(), new_stack()
    _full_app(mine, ours)
    _full_app(reference, theirs)
    a, b = synth(mine), synth(reference)
    kinds = lambda t: sorted(r["Type"] for r in t["Resources"].values())  # noqa: E731
    assert kinds(a) == kinds(b)
    rules_a = only(a, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanRule"]
    rules_b = only(b, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanRule"]
    assert rules_a == rules_b


def test_objects_pass_between_the_libraries(synth: Any) -> None:
    stack = new_stack()
    locked = ours.BackupVault(stack, "Locked", block_recovery_point_deletion=True)
    their_plan = theirs.BackupPlan(stack, "TheirPlan", backup_vault=locked)
    their_plan.add_rule(theirs.BackupPlanRule.daily())
    ours.BackupSelection(stack, "OurSelOnTheirPlan", backup_plan=their_plan,
                         resources=[ours.BackupResource.from_tag("a", "b")])
    their_vault = theirs.BackupVault(stack, "TheirVault")
    our_plan = ours.BackupPlan(stack, "OurPlan", backup_vault=their_vault)
    our_plan.add_rule(theirs.BackupPlanRule.weekly())
    theirs.BackupSelection(stack, "TheirSelOnOurPlan", backup_plan=our_plan,
                           resources=[theirs.BackupResource.from_tag("c", "d")])
    for construct in (locked, our_plan):
        assert cdk.Resource.is_resource(construct)
    template = synth(stack)
    assert len(resources_of(template, "AWS::Backup::BackupSelection")) == 2


def test_plan_is_a_resource_with_removal_policy(synth: Any) -> None:
    stack = new_stack()
    plan = ours.BackupPlan.daily35_day_retention(stack, "Plan")
    plan.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
    assert plan.stack is stack and isinstance(plan.node.default_child, theirs.CfnBackupPlan)
    assert stack.resolve(plan.backup_plan_ref.backup_plan_id) == {"Fn::GetAtt": [
        stack.get_logical_id(plan.node.default_child), "BackupPlanId"]}
    template = synth(stack)
    assert only_resource(template, "AWS::Backup::BackupPlan")["DeletionPolicy"] == "Retain"


def only_resource(template: dict[str, Any], kind: str) -> dict[str, Any]:
    [found] = resources_of(template, kind).values()
    return found  # type: ignore[no-any-return]


@pytest.mark.parametrize("extra", [0, 1, 5])
def test_grants_and_logical_ids_do_not_depend_on_the_number_of_tags(extra: int) -> None:
    def build(tags: int, arns: int) -> dict[str, Any]:
        stack = new_stack()
        bucket = s3.Bucket(stack, "Bucket")
        plan = ours.BackupPlan.daily35_day_retention(stack, "Plan")
        resources = [ours.BackupResource.from_tag(f"k{i}", "v") for i in range(tags)]
        resources += [ours.BackupResource.from_arn(f"arn:aws:dynamodb:us-east-1:111122223333:table/t{i}")
                      for i in range(arns)]
        selection = plan.add_selection("Sel", resources=resources)
        bucket.grant_read(selection)
        return cdk.assertions.Template.from_stack(stack).to_json()  # type: ignore[no-any-return]

    base = build(3, 0)
    more = build(3 + extra, extra)
    assert sorted(base["Resources"]) == sorted(more["Resources"])
    policies = [k for k, v in base["Resources"].items() if v["Type"] == "AWS::IAM::Policy"]
    assert len(policies) == 1 and "DefaultPolicy" in policies[0]



def test_imported_aws_cdk_lib_vaults_are_accepted_everywhere(synth: Any) -> None:
    """aws-cdk-lib's imported vaults reach Python as interface proxies, not as its classes."""
    stack = new_stack()
    by_name = theirs.BackupVault.from_backup_vault_name(stack, "ByName", "dr-vault")
    by_arn = theirs.BackupVault.from_backup_vault_arn(stack, "ByArn",
                                                      "arn:aws:backup:eu-west-1:111122223333:backup-vault:central")
    plan = ours.BackupPlan.daily35_day_retention(stack, "Plan", by_name)
    plan.add_rule(ours.BackupPlanRule(rule_name="Copied", schedule_expression="cron(0 6 * * ? *)",
                                      delete_after=cdk.Duration.days(35), copy_actions=[
                                          ours.BackupPlanCopyActionProps(by_arn, delete_after=cdk.Duration.days(35))]))
    plan.add_rule(ours.BackupPlanRule.weekly(by_name))
    rules = only(synth(stack), "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanRule"]
    assert rules[1]["CopyActions"][0]["DestinationBackupVaultArn"] == \
        "arn:aws:backup:eu-west-1:111122223333:backup-vault:central"
    assert {r["TargetBackupVault"] for r in rules} == {"dr-vault"}
