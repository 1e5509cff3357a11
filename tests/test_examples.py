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

#: Examples linted strictly and checked with cdk-nag.
EXAMPLES = ["production", "disaster_recovery", "migration"]
#: Every example app: each has a command that writes its cdk.out, tested below.
APPS = sorted(p.parent.name for p in (Path(__file__).resolve().parents[1] / "examples").glob("*/app.py"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_passes_cdk_nag(name: str) -> None:
    module = importlib.import_module(f"examples.{name}.stack")
    violations = nag_findings(module.build, cdk_nag.AwsSolutionsChecks, cdk_nag.NIST80053R5Checks)
    errors = [f"{v['ruleName']}: {[c['constructPath'] for c in v['violatingConstructs']]}"
              for v in violations if v["severity"] == "error"]
    assert not errors, "\n".join(errors)


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


PRODUCTION_PARTS = {"AWS::Backup::BackupVault", "AWS::Backup::BackupPlan", "AWS::Backup::BackupSelection",
                    "AWS::Backup::RestoreTestingPlan", "AWS::Backup::RestoreTestingSelection", "AWS::Backup::Framework",
                    "AWS::Backup::ReportPlan", "AWS::CloudWatch::Alarm", "AWS::Events::Rule"}


@pytest.mark.parametrize("name", APPS)
def test_example_command_writes_a_clean_cloud_assembly(name: str, tmp_path: Path) -> None:
    """The documented command, ``make synth EXAMPLE=examples/<name>/app.py``, writes cdk.out and
    summarizes it (here with ``--out``, so that tests leave the repository's cdk.out/ alone). Its
    app holds AWS Backup resources, and the templates of EXAMPLES pass cfn-lint strictly (every warning fails)."""
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-m", "tools.synth", f"examples/{name}/app.py", "--out", str(tmp_path)],
                            cwd=root, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Synthesized examples/{name}/app.py into {tmp_path}/" in result.stdout
    assert "AWS Backup resources in all stacks:" in result.stdout
    assert "program.js" not in result.stdout + result.stderr
    assert "end-of-life" not in result.stdout + result.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    stacks = {n: a for n, a in manifest["artifacts"].items() if a["type"] == "aws:cloudformation:stack"}
    assert stacks
    every_kind: set[str] = set()
    for stack_name, stack in stacks.items():
        template = json.loads((tmp_path / stack["properties"]["templateFile"]).read_text())
        kinds = {r["Type"] for r in template.get("Resources", {}).values()}
        every_kind |= kinds
        if name in EXAMPLES:
            findings = [f for f in lint_template(template, strict=True) if not f.startswith("I")]
            assert not findings, f"{stack_name}: " + "\n".join(findings)
        if name == "production":
            assert kinds >= PRODUCTION_PARTS, PRODUCTION_PARTS - kinds
    assert any(kind.startswith("AWS::Backup::") for kind in every_kind), every_kind
    # No construct stack traces in the assembly: the CDK CLI would print a jsii kernel line from them.
    metadata = "".join(p.read_text() for p in [tmp_path / "manifest.json", *tmp_path.glob("*.metadata.json")])
    assert "program.js" not in metadata


def test_running_an_example_directly_writes_cdk_out(tmp_path: Path) -> None:
    """``python -m cdk_backup.run examples/<name>/app.py`` writes ./cdk.out, as ``cdk synth`` would."""
    root = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if k not in ("CDK_OUTDIR", "CDK_CONTEXT_JSON")}
    result = subprocess.run([sys.executable, "-m", "cdk_backup.run", str(root / "examples/migration/app.py")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "cdk.out" / "manifest.json").is_file()
