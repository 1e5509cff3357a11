"""Errors found when the app synthesizes: reported once, in aws-cdk-lib's validation report.

The constructs' whole-tree checks (a rule kept longer than its vault's lock allows, a ``from_construct``
that finds nothing, ...) run in the validate phase; their errors go to one policy-validation plugin per
app (``cdk-backup``), so ``cdk synth`` prints each one once, as ``ERROR <message> (cdk-backup)`` with
the construct path and logical id under it, and the synthesis fails.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import assertions

import cdk_backup as backup
from cdk_backup import _inputs
from tests.conftest import new_stack, synth_errors, warnings_of

days = cdk.Duration.days
DAILY = "cron(0 5 * * ? *)"

RETENTION = ("Backups/Plan: rule Daily: delete_after must lie inside the lock range of vault Backups/Vault "
             "(7..35 days), or every job into it fails, got 90 days [retentionInLockRange]")
NOTHING = ("Backups/Plan/Data: resources (from_construct) must find at least one resource AWS Backup supports, "
           "got none under Backups/Empty [selectionFoundNothing]")

APP = """\
import aws_cdk as cdk
from constructs import Construct

import cdk_backup as backup

app = cdk.App()
stack = cdk.Stack(app, "Backups")
vault = backup.BackupVault(stack, "Vault", lock_configuration=backup.LockConfiguration(
    min_retention=cdk.Duration.days(7), max_retention=cdk.Duration.days(35)))
plan = backup.BackupPlan(stack, "Plan", backup_vault=vault, backup_plan_rules=[backup.BackupPlanRule(
    rule_name="Daily", schedule_expression="cron(0 5 * * ? *)", delete_after=cdk.Duration.days(90))])
plan.add_selection("Data", resources=[backup.BackupResource.from_construct(Construct(stack, "Empty"))])
app.synth()
"""


def _block(message: str, resource: str, kind: str, rule: str) -> str:
    """The report entry aws-cdk-lib (and the CDK CLI) prints for one of our errors."""
    return (rf"ERROR {re.escape(message)} \(cdk-backup\)\n"
            rf"   {re.escape(resource)} \([A-Za-z0-9]+\) {re.escape(kind)}\n"
            rf"   Acknowledge with 'cdk-backup::{rule}'\n")


def test_a_whole_app_error_is_printed_once_in_a_block_of_its_own(tmp_path: Path) -> None:
    """``python -m cdk_backup.run app.py`` as a user's shell, ``make synth`` or a CDK CLI before 2.1128.1 runs
    it: the runner prints aws-cdk-lib's report once, first, and exits 1 with no traceback. (The CDK CLI
    since 2.1128.1 prints the report itself: see the next test.)"""
    (tmp_path / "app.py").write_text(APP)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "CDK_", "JSII_NODE"))}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["CDK_VALIDATION"] = "false"  # aws-cdk-lib's own template validator: 3 s, and nothing to say here
    run = subprocess.run([sys.executable, "-m", "cdk_backup.run", "app.py"], cwd=tmp_path, env=env, timeout=120,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    output = run.stdout

    assert run.returncode == 1, output
    for message, resource, kind, rule in [
            (RETENTION, "Backups/Plan/Resource", "aws-cdk-lib.aws_backup.CfnBackupPlan", "retentionInLockRange"),
            (NOTHING, "Backups/Plan/Data/Resource", "aws-cdk-lib.aws_backup.CfnBackupSelection", "selectionFoundNothing")]:
        assert output.count(message) == 1, output  # once: neither the JavaScript nor the Python error repeats it
        assert re.search(_block(message, resource, kind, rule), output), output  # a block of its own, no frame inside
    # The report comes first and stands alone: no JavaScript or Python trace around it.
    assert output.startswith("ERROR "), output
    assert "Traceback" not in output and "program.js" not in output, output
    assert output.rstrip().endswith("A copy of this report can be found in: cdk.out/validation-report.json"), output
    assert "ValidationFailedWithErrors" not in output


def test_the_cdk_cli_prints_the_report_itself() -> None:
    """The CDK CLI since 2.1128.1 tells the app (context ``@aws-cdk/core:failSynthOnValidationErrors: false``)
    that it prints the validation report itself: the app writes the report and passes; the CLI prints each
    entry once (``ERROR <description> (cdk-backup)``, then the construct path, logical id and type, then
    how to acknowledge it) and fails. Nothing else: no trace."""
    app = cdk.App(context={"@aws-cdk/core:failSynthOnValidationErrors": False})
    _lock_mismatch(new_stack(app, "Backups"))
    app.synth()  # passes: the CLI fails it
    report = json.loads((Path(app.outdir) / "validation-report.json").read_text())
    [ours] = [plugin for plugin in report["pluginReports"] if plugin["pluginName"] == "cdk-backup"]
    assert ours["conclusion"] == "failure"
    [violation] = ours["violations"]
    assert (violation["ruleName"], violation["description"], violation["severity"]) == (
        "retentionInLockRange", RETENTION.replace("Backups/Vault", "Backups/PlanVault"), "error")
    [where] = violation["violatingConstructs"]
    assert (where["constructPath"], where["constructFqn"], where["cloudFormationResource"]) == (
        "Backups/Plan/Resource", "aws-cdk-lib.aws_backup.CfnBackupPlan",
        {"templatePath": "Backups.template.json", "logicalId": "PlanDAF4E53A"})


# ---------------------------------------------------------------- in one process
def _lock_mismatch(stack: cdk.Stack, plan_id: str = "Plan") -> None:
    vault = backup.BackupVault(stack, f"{plan_id}Vault", lock_configuration=backup.LockConfiguration(
        min_retention=days(7), max_retention=days(35)))
    backup.BackupPlan(stack, plan_id, backup_vault=vault, backup_plan_rules=[backup.BackupPlanRule(
        rule_name="Daily", schedule_expression=DAILY, delete_after=days(90))])


def test_the_report_points_at_the_construct_and_its_resource() -> None:
    stack = new_stack()
    _lock_mismatch(stack)
    assert synth_errors(stack) == [
        "TestStack/Plan: rule Daily: delete_after must lie inside the lock range of vault TestStack/PlanVault "
        "(7..35 days), or every job into it fails, got 90 days [retentionInLockRange]"]
    report = json.loads((Path(stack.node.root.outdir) / "validation-report.json").read_text())  # type: ignore[attr-defined]
    [violation] = report["pluginReports"][0]["violations"]
    assert violation["violatingConstructs"][0]["constructPath"] == "TestStack/Plan/Resource"
    assert violation["violatingConstructs"][0]["cloudFormationResource"] == {
        "templatePath": "TestStack.template.json", "logicalId": "PlanDAF4E53A"}


def test_a_check_without_a_resource_points_at_its_construct() -> None:
    """Stack-wide checks (two tiering configurations for one vault) name the stack."""
    stack = new_stack()
    for name in "AB":
        backup.TieringConfiguration(stack, name, backup_vault="orders", resource_selections=[
            {"resource_type": "S3", "resources": ["*"], "tiering_down_after": days(60)}])
    [error] = synth_errors(stack)
    assert error.startswith("TestStack: ") and error.endswith("[tieringOnePerVault]")
    report = json.loads((Path(stack.node.root.outdir) / "validation-report.json").read_text())  # type: ignore[attr-defined]
    assert report["pluginReports"][0]["violations"][0]["violatingConstructs"][0]["constructPath"] == "TestStack"


def test_errors_of_every_stack_in_one_report_of_one_plugin() -> None:
    app = cdk.App()
    first, second = new_stack(app, "First"), new_stack(app, "Second")
    _lock_mismatch(first)
    _lock_mismatch(second, "Other")
    backup.BackupPlan(second, "Empty")
    errors = synth_errors(app)
    assert [error.split(":")[0] for error in errors] == ["First/Plan", "Second/Other", "Second/Empty"]
    report = json.loads((Path(app.outdir) / "validation-report.json").read_text())
    assert [plugin["pluginName"] for plugin in report["pluginReports"]] == ["cdk-backup"]


def test_two_apps_in_one_process_never_see_each_others_errors() -> None:
    bad, good = new_stack(), new_stack()
    _lock_mismatch(bad)
    backup.BackupPlan(good, "Plan", backup_plan_rules=[backup.BackupPlanRule.daily()])
    assert synth_errors(good) == []
    assert len(synth_errors(bad)) == 1


def test_template_from_stack_fails_with_the_message() -> None:
    """``assertions.Template.from_stack`` synthesizes the app, so the plugin fails it too (under pytest,
    aws-cdk-lib puts the report in the error)."""
    stack = new_stack()
    _lock_mismatch(stack)
    with pytest.raises(RuntimeError) as caught:
        assertions.Template.from_stack(stack)
    assert str(caught.value).count("[retentionInLockRange]") == 1
    assert "ERROR TestStack/Plan: rule Daily: delete_after must lie inside the lock range" in str(caught.value)


def test_an_error_can_be_acknowledged_as_cdk_validations_allow() -> None:
    """``Validations.of(scope).acknowledge`` silences one rule under ``scope``; the report keeps it as
    suppressed, with the reason. (AWS still rejects the value when the stack deploys.)"""
    stack = new_stack()
    _lock_mismatch(stack)
    _lock_mismatch(stack, "Other")
    cdk.Validations.of(stack.node.find_child("Plan")).acknowledge(
        cdk.Acknowledgment(id="cdk-backup::retentionInLockRange", reason="the lock is being widened"))
    assert [error.split(":")[0] for error in synth_errors(stack)] == ["TestStack/Other"]
    report = json.loads((Path(stack.node.root.outdir) / "validation-report.json").read_text())  # type: ignore[attr-defined]
    [suppressed] = report["pluginReports"][0]["suppressedViolations"]
    assert (suppressed["ruleName"], suppressed["reason"]) == ("retentionInLockRange", "the lock is being widened")


def test_acknowledged_everywhere_the_synthesis_passes() -> None:
    stack = new_stack()
    _lock_mismatch(stack)
    cdk.Validations.of(stack).acknowledge(cdk.Acknowledgment(id="cdk-backup::retentionInLockRange", reason="why"))
    assert synth_errors(stack) == []


def test_warnings_found_at_synth_are_still_annotations() -> None:
    """Warnings are added in the validate phase, before the manifest is written, as before."""
    stack = new_stack()
    for name in "AB":
        backup.BackupRegionSettings(stack, name, resource_type_opt_in_preference={"EBS": True})
    assert synth_errors(stack) == []
    assert any("cdk-backup:settingsSetTwice" in warning for warning in warnings_of(stack))


def test_a_stack_in_a_nested_stage_still_fails() -> None:
    """aws-cdk-lib runs validation plugins only when an App synthesizes, and a Stage can be synthesized on its
    own, so a stack in a nested Stage keeps failing through its validation (``ValidationFailedWithErrors``)."""
    app = cdk.App()
    stage = cdk.Stage(app, "Prod")
    stack = cdk.Stack(stage, "Data")
    backup.BackupPlan(stack, "Empty")
    with pytest.raises(RuntimeError, match=r"Prod/Data/Empty: backup_plan_rules must hold at least one rule, got no "
                                           r"rules \[planHasRules\]"):
        stage.synth()
    with pytest.raises(RuntimeError, match=r"\[planHasRules\]"):
        app.synth()


def test_the_checkers_plugin_can_see_what_the_constructs_found() -> None:
    """``synth_check_errors(app)``: what the constructs' checks found in the current synthesis, for a
    whole-app checker that wants to skip what they already report."""
    stack = new_stack()
    _lock_mismatch(stack)
    assert _inputs.synth_check_errors(stack.node.root) == []
    synth_errors(stack)
    [(construct, violation)] = _inputs.synth_check_errors(stack.node.root)
    assert (construct.node.path, violation.rule.id) == ("TestStack/Plan", "retentionInLockRange")
