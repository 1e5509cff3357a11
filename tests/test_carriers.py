"""Plain plans and selections are built by aws-cdk-lib's L2s in one jsii call each (``_l2_twins``).

Every plain set-up must render exactly what our L1 code renders, and everything else must keep the
L1 path. The call count of a unit is checked too: it is what synthesis speed depends on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_backup as aws_backup
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

import cdk_backup as backup
from cdk_backup import _l2_twins
from tests.conftest import assert_rejected, new_stack, record_kernel_requests, resources_of, table_ids

days = cdk.Duration.days
R = backup.BackupResource
TABLE = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"


def _unit(stack: cdk.Stack, name: str = "") -> tuple[backup.BackupPlan, backup.Selection]:
    vault = backup.BackupVault(stack, f"Vault{name}")
    plan = backup.BackupPlan.daily_weekly_monthly5_year_retention(stack, f"Plan{name}", vault)
    return plan, plan.add_selection("Tagged", resources=[R.from_tag("backup", f"group{name}")])


def _custom(stack: cdk.Stack) -> tuple[backup.BackupPlan, backup.Selection]:
    vault, dr = backup.BackupVault(stack, "Vault"), backup.BackupVault(stack, "Dr")
    plan = backup.BackupPlan(stack, "Plan", backup_vault=vault, windows_vss=True, backup_plan_rules=[
        backup.BackupPlanRule(rule_name="Nightly", schedule_expression="cron(0 3 * * ? *)",
                              schedule_expression_timezone="Europe/Paris", start_window=cdk.Duration.hours(2),
                              completion_window=cdk.Duration.hours(10), move_to_cold_storage_after=days(30),
                              delete_after=days(200), recovery_point_tags={"team": "data"},
                              copy_actions=[backup.BackupPlanCopyActionProps(dr, delete_after=days(120))]),
        backup.BackupPlanRule.continuous(),
        backup.BackupPlanRule.weekly(dr),
    ])
    return plan, plan.add_selection("Tables", allow_restores=True, resources=[R.from_arn(TABLE)])


def _outputs(stack: cdk.Stack) -> tuple[backup.BackupPlan, backup.Selection]:
    plan, selection = _unit(stack)
    for name, value in (("PlanId", plan.backup_plan_id), ("PlanArn", plan.backup_plan_arn),
                        ("Version", plan.version_id), ("SelectionId", selection.selection_id),
                        ("SelectionPlan", selection.backup_plan_id)):
        cdk.CfnOutput(stack, name, value=value)
    return plan, selection


def _rule_added_later(stack: cdk.Stack) -> tuple[backup.BackupPlan, backup.Selection]:
    plan, selection = _unit(stack)
    plan.add_rule(backup.BackupPlanRule(rule_name="Hourly", schedule_expression="cron(0 * * * ? *)",
                                        delete_after=days(2)))
    return plan, selection


def _aws_cdk_lib_vault(stack: cdk.Stack) -> tuple[backup.BackupPlan, backup.Selection]:
    plan = backup.BackupPlan.daily35_day_retention(stack, "Plan", aws_backup.BackupVault(stack, "Vault"))
    return plan, plan.add_selection("Mixed", disable_default_backup_policy=True, resources=[
        R.from_arn(TABLE), R.from_tag("backup", "true"), R.from_tag("backup", "true"), R.from_arn(TABLE)])


def _locked_later(stack: cdk.Stack) -> tuple[backup.BackupPlan, backup.Selection]:
    plan, selection = _unit(stack)
    plan.backup_vault.lock(min_retention=days(7), max_retention=days(2000))
    return plan, selection


def _two_units(stack: cdk.Stack) -> tuple[backup.BackupPlan, backup.Selection]:
    _unit(stack, "A")
    return _unit(stack, "B")


# Built through aws-cdk-lib's BackupPlan and BackupSelection: (build, selection carried too)
CARRIED: list[tuple[Callable[[cdk.Stack], tuple[backup.BackupPlan, backup.Selection]], bool]] = [
    (_unit, True),
    (_custom, True),
    (_outputs, True),
    (_rule_added_later, True),
    (_aws_cdk_lib_vault, True),
    (_locked_later, True),
    (_two_units, True),
    (lambda s: _with_selection(backup.BackupPlan.daily_monthly1_year_retention(s, "Plan", backup.BackupVault(s, "V")),
                               [R.from_arn(TABLE), R.from_arn(TABLE + "2"), R.from_tag("a", "b"), R.from_tag("c", "d")]),
     False),  # four resources: our L1 selection is fewer calls
]


def _with_selection(plan: backup.BackupPlan, resources: list[backup.BackupResource],
                    **options: Any) -> tuple[backup.BackupPlan, backup.Selection]:
    return plan, plan.add_selection("Sel", resources=resources, **options)


@pytest.fixture
def l1_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    yield lambda: monkeypatch.setattr(_l2_twins, "ENABLED", False)


@pytest.mark.parametrize("build, selection_carried", CARRIED, ids=table_ids(CARRIED))
def test_plain_plans_render_the_same_built_either_way(build: Any, selection_carried: bool, synth: Any,
                                                      l1_path: Callable[[], None]) -> None:
    fast = new_stack()
    plan, selection = build(fast)
    assert plan._carried and isinstance(plan.node.default_child, aws_backup.CfnBackupPlan)
    assert selection._carried is selection_carried
    template = synth(fast)
    l1_path()
    slow = new_stack()
    plan, selection = build(slow)
    assert not plan._carried and not selection._carried
    assert template == synth(slow)


def test_a_rule_aws_cdk_lib_cannot_express_takes_the_plan_over(synth: Any, l1_path: Callable[[], None]) -> None:
    def build(stack: cdk.Stack) -> backup.BackupPlan:
        plan, _ = _unit(stack)
        plan.add_rule(backup.BackupPlanRule(
            rule_name="Indexed", schedule_expression="cron(0 1 * * ? *)", delete_after=days(3),
            index_actions=[backup.BackupPlanIndexActionProps(resource_types=[backup.IndexActionResourceType.EBS])]))
        plan.add_rule(backup.BackupPlanRule.monthly1_year())
        return plan

    fast = new_stack()
    plan = build(fast)
    assert not plan._carried
    assert plan.add_selection("Later", resources=[R.from_tag("a", "b")])._carried  # the plan id is still in Node
    template = synth(fast)
    assert [r["RuleName"] for r in next(iter(resources_of(template, "AWS::Backup::BackupPlan").values()))[
        "Properties"]["BackupPlan"]["BackupPlanRule"]] == ["Daily", "Weekly", "Monthly5Year", "Indexed", "Monthly1Year"]
    l1_path()
    slow = new_stack()
    build(slow).add_selection("Later", resources=[R.from_tag("a", "b")])
    assert template == synth(slow)


def _vault(stack: cdk.Stack) -> backup.BackupVault:
    return backup.BackupVault(stack, "Vault")


def _rule(**kwargs: Any) -> backup.BackupPlanRule:
    kwargs.setdefault("schedule_expression", "cron(0 5 * * ? *)")
    return backup.BackupPlanRule(rule_name="R", delete_after=days(400), **kwargs)


# Plans that keep the L1 path: aws-cdk-lib's BackupPlan has no such option, or cannot reference the vault.
L1_PLANS: list[Callable[[cdk.Stack], backup.BackupPlan]] = [
    lambda s: backup.BackupPlan.daily35_day_retention(s, "Plan"),  # default vault is created under the plan
    lambda s: backup.BackupPlan.daily35_day_retention(s, "Plan", backup.BackupVault.from_backup_vault_name(s, "V", "shared-vault")),
    lambda s: backup.BackupPlan.daily35_day_retention(s, "Plan", backup.BackupVault(s, "V", block_recovery_point_deletion=True)),
    lambda s: backup.BackupPlan(s, "Plan", backup_vault=_vault(s)),  # no rules yet
    lambda s: backup.BackupPlan(s, "Plan", backup_vault=_vault(s), backup_plan_rules=[backup.BackupPlanRule.daily()],
                                backup_plan_tags={"owner": "sre"}),
    lambda s: backup.BackupPlan(s, "Plan", backup_vault=_vault(s), backup_plan_rules=[backup.BackupPlanRule.daily()],
                                s3_backup_acls=False),
    lambda s: backup.BackupPlan(s, "Plan", backup_vault=_vault(s), backup_plan_rules=[_rule(
        move_to_cold_storage_after=days(30), opt_in_to_archive_for_supported_resources=True,
        schedule_expression="cron(0 5 1 * ? *)")]),
    lambda s: backup.BackupPlan(s, "Plan", backup_vault=_vault(s), backup_plan_rules=[_rule(copy_actions=[
        backup.BackupPlanCopyActionProps("arn:aws:backup:eu-west-1:111122223333:backup-vault:dr", delete_after=days(400))])]),
    lambda s: backup.BackupPlan(s, "Plan", backup_vault=_vault(s), backup_plan_rules=[_rule(
        logically_air_gapped_backup_vault=backup.LogicallyAirGappedVault(s, "Lag", min_retention=days(7),
                                                                         max_retention=days(400)))]),
    lambda s: backup.BackupPlan(s, "Plan", backup_vault=_vault(s), backup_plan_rules=[backup.BackupPlanRule(
        rule_name="R", schedule_expression=cdk.Token.as_string(cdk.CfnParameter(s, "Cron").value_as_string))]),
]


@pytest.mark.parametrize("build", L1_PLANS, ids=table_ids(L1_PLANS))
def test_other_plans_keep_the_l1_path(build: Callable[[cdk.Stack], backup.BackupPlan]) -> None:
    stack = new_stack()
    plan = build(stack)
    assert not plan._carried
    plan.add_rule(backup.BackupPlanRule.weekly())
    assert not plan.add_selection("Sel", resources=[R.from_tag("a", "b")])._carried  # no plan id in Node


def _carried_plan(stack: cdk.Stack) -> backup.BackupPlan:
    return backup.BackupPlan.daily35_day_retention(stack, "Plan", _vault(stack))


# Selections that keep the L1 path even on a carried plan.
L1_SELECTIONS: list[Callable[[cdk.Stack], backup.Selection]] = [
    lambda s: _carried_plan(s).add_selection("Sel", resources=[R.from_tag("a", "b")],
                                             role=iam.Role(s, "R", assumed_by=iam.ServicePrincipal("backup.amazonaws.com"))),
    lambda s: _carried_plan(s).add_selection("Sel", resources=[R.from_tag("a", "b")],
                                             conditions=[backup.TagCondition("env", "prod")]),
    lambda s: _carried_plan(s).add_selection("Sel", resources=[R.from_arn(TABLE)], not_resources=[TABLE + "x"]),
    lambda s: _carried_plan(s).add_selection("Sel", resources=[R.from_construct(s3.Bucket(s, "B", versioned=True))]),
    lambda s: _carried_plan(s).add_selection("Sel", resources=[R.from_s3_bucket(s3.Bucket(s, "B", versioned=True))]),
    lambda s: _carried_plan(s).add_selection("Sel", resources=[R.from_arn("arn:aws:s3:::bucket")]),
    lambda s: backup.BackupPlan.from_backup_plan_id(s, "Imported", "plan-id").add_selection(
        "Sel", resources=[R.from_tag("a", "b")]),
]


@pytest.mark.parametrize("build", L1_SELECTIONS, ids=table_ids(L1_SELECTIONS))
def test_other_selections_keep_the_l1_path(build: Callable[[cdk.Stack], backup.Selection], synth: Any) -> None:
    stack = new_stack()
    assert not build(stack)._carried
    synth(stack)


def test_an_aws_cdk_lib_plan_gives_its_plan_id_in_node(synth: Any) -> None:
    stack = new_stack()
    plan = aws_backup.BackupPlan.daily35_day_retention(stack, "Plan")
    selection = backup.Selection(stack, "Sel", backup_plan=plan, resources=[R.from_tag("a", "b")])
    assert selection._carried
    [props] = [r["Properties"] for r in resources_of(synth(stack), "AWS::Backup::BackupSelection").values()]
    assert props["BackupPlanId"] == {"Fn::GetAtt": [stack.get_logical_id(plan.node.default_child), "BackupPlanId"]}


def test_grants_to_a_carried_selection_role_are_waited_for(synth: Any) -> None:
    stack = new_stack()
    _, selection = _unit(stack)
    assert selection._carried
    s3.Bucket(stack, "Extra").grant_read(selection)
    assert isinstance(selection.role, iam.Role)
    template = synth(stack)
    [policy_id] = resources_of(template, "AWS::IAM::Policy")
    assert policy_id.startswith("PlanTaggedRoleDefaultPolicy")
    [resource] = resources_of(template, "AWS::Backup::BackupSelection").values()
    assert resource["DependsOn"] == [policy_id]


# Bad input is still our ValidationError, raised before anything is built, on the carried path too.
BAD_INPUTS: list[tuple[Callable[[cdk.Stack], object], str]] = [
    (lambda s: _carried_plan(s).add_selection("Sel", resources=[R.from_tag("a", "b*", backup.TagOperation.STRING_LIKE)]),
     r"must use STRING_EQUALS"),
    (lambda s: _carried_plan(s).add_selection("Sel", resources=[]), r"\[A-R69/C-R28\]"),
    (lambda s: _carried_plan(s).add_selection("Sel", backup_selection_name="bad name", resources=[R.from_tag("a", "b")]),
     r"backup_selection_name must be"),
    (lambda s: backup.BackupPlan(s, "Plan", backup_vault=_vault(s), backup_plan_rules=[
        backup.BackupPlanRule.daily(), backup.BackupPlanRule.daily()]), r"rule_name must be unique"),
    (lambda s: _carried_plan(s).add_rule(backup.BackupPlanRule.daily()), r"rule_name must be unique"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS, ids=table_ids(BAD_INPUTS))
def test_bad_input_on_the_carried_path_is_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


def test_a_plain_unit_costs_four_jsii_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """What aws-cdk-lib's own constructs cost: vault, plan, tag, selection (a count, not a timing)."""
    stack = new_stack()
    _unit(stack, "Warm")  # the first plan creates the shared rule and duration objects
    sent = record_kernel_requests(monkeypatch)
    _unit(stack, "Counted")
    assert [(r["api"], r["fqn"]) for r in sent] == [
        ("create", "aws-cdk-lib.aws_backup.BackupVault"), ("create", "aws-cdk-lib.aws_backup.BackupPlan"),
        ("sinvoke", "aws-cdk-lib.aws_backup.BackupResource"), ("create", "aws-cdk-lib.aws_backup.BackupSelection")]
