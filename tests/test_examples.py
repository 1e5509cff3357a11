"""The example apps: they synthesize, pass cfn-lint and cdk-nag, and the migration is a one-line change."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import cdk_nag
import pytest
from aws_cdk import assertions

from tests.conftest import lint_template, nag_findings

EXAMPLES = ["production", "disaster_recovery", "migration"]
#: Every example app, each of which must have a working command that writes its cdk.out.
APPS = sorted(p.parent.name for p in (Path(__file__).resolve().parents[1] / "examples").glob("*/app.py"))


def _templates(name: str) -> dict[str, dict[str, Any]]:
    module = importlib.import_module(f"examples.{name}.stack")
    app = cdk.App()
    stacks = module.build(app)
    return {stack.stack_name: assertions.Template.from_stack(stack).to_json() for stack in stacks}


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_synthesizes_and_lints_clean(name: str) -> None:
    for stack_name, template in _templates(name).items():
        findings = [f for f in lint_template(template, strict=True) if not f.startswith("I")]
        assert not findings, f"{stack_name}: " + "\n".join(findings)
        assert any(r["Type"].startswith("AWS::Backup::") for r in template["Resources"].values())


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_passes_cdk_nag(name: str) -> None:
    module = importlib.import_module(f"examples.{name}.stack")
    violations = nag_findings(module.build, cdk_nag.AwsSolutionsChecks, cdk_nag.NIST80053R5Checks)
    errors = [f"{v['ruleName']}: {[c['constructPath'] for c in v['violatingConstructs']]}"
              for v in violations if v["severity"] == "error"]
    assert not errors, "\n".join(errors)


def test_production_example_has_every_part() -> None:
    [template] = _templates("production").values()
    kinds = {r["Type"] for r in template["Resources"].values()}
    assert {"AWS::Backup::BackupVault", "AWS::Backup::BackupPlan", "AWS::Backup::BackupSelection",
            "AWS::Backup::RestoreTestingPlan", "AWS::Backup::RestoreTestingSelection", "AWS::Backup::Framework",
            "AWS::Backup::ReportPlan", "AWS::CloudWatch::Alarm", "AWS::Events::Rule"} <= kinds


def rules_of(template: dict[str, Any]) -> list[Any]:
    plans = [r["Properties"]["BackupPlan"] for r in template["Resources"].values() if r["Type"] == "AWS::Backup::BackupPlan"]
    return [plan["BackupPlanRule"] for plan in plans]


def test_migration_is_an_import_line_change() -> None:
    from aws_cdk import aws_backup

    import cdk_backup
    from examples.migration.stack import build_with

    def template(module: Any) -> dict[str, Any]:
        app = cdk.App()
        return assertions.Template.from_stack(build_with(app, module)).to_json()  # type: ignore[no-any-return]

    ours, theirs = template(cdk_backup), template(aws_backup)
    assert rules_of(ours) == rules_of(theirs)
    kinds = lambda t: sorted(r["Type"] for r in t["Resources"].values())  # noqa: E731
    assert kinds(ours) == kinds(theirs)


def test_every_example_app_is_tested() -> None:
    assert set(EXAMPLES) <= set(APPS), "every example in EXAMPLES needs an app.py"


@pytest.mark.parametrize("name", APPS)
def test_example_command_writes_its_cloud_assembly(name: str, tmp_path: Path) -> None:
    """The documented command, ``make synth EXAMPLE=examples/<name>/app.py``, writes cdk.out and
    summarizes it (here with ``--out`` so that tests do not touch the repository's cdk.out/)."""
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-m", "tools.synth", f"examples/{name}/app.py", "--out", str(tmp_path)],
                            cwd=root, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    stacks = [a for a in manifest["artifacts"].values() if a["type"] == "aws:cloudformation:stack"]
    assert stacks
    for stack in stacks:
        template = json.loads((tmp_path / stack["properties"]["templateFile"]).read_text())
        assert any(r["Type"].startswith("AWS::Backup::") for r in template["Resources"].values())
    assert f"Synthesized examples/{name}/app.py into {tmp_path}/" in result.stdout
    assert "AWS Backup resources in all stacks:" in result.stdout
    assert "program.js" not in result.stdout + result.stderr
    assert "end-of-life" not in result.stdout + result.stderr


def test_running_an_example_directly_writes_cdk_out(tmp_path: Path) -> None:
    """``python -m cdk_backup.run examples/<name>/app.py`` writes ./cdk.out, as ``cdk synth`` would."""
    root = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if k not in ("CDK_OUTDIR", "CDK_CONTEXT_JSON")}
    result = subprocess.run([sys.executable, "-m", "cdk_backup.run", str(root / "examples/migration/app.py")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "cdk.out" / "manifest.json").is_file()
