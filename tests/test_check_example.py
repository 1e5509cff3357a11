"""The compliance example: it synthesizes with the BackupChecks plugin, lints clean, and its policy and
framework hold before deployment; a stricter policy fails it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest

import cdk_backup
from cdk_backup.rules import template as template_rules
from examples.compliance.stack import build
from tests.conftest import lint_template

POLICY = Path(__file__).resolve().parents[1] / "examples" / "compliance" / "policy.json"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    outdir = tmp_path_factory.mktemp("compliance")
    app = cdk.App(outdir=str(outdir))
    plugin = cdk_backup.BackupChecks(policy=cdk_backup.BackupPolicy.from_file(POLICY))
    cdk.Validations.of(app).add_plugins(plugin)
    build(app)
    app.synth()
    return outdir, plugin.last_report


def test_example_meets_its_policy_and_framework(example: Any) -> None:
    _, report = example
    assert report.findings == []
    assert [c.status for c in report.coverage] == ["protected", "protected"]
    assert {r.status for r in report.controls} == {"compliant"} and len(report.controls) == 5


def test_example_templates_lint_clean(example: Any) -> None:
    outdir, _ = example
    for path in outdir.glob("*.template.json"):
        findings = [f for f in lint_template(json.loads(path.read_text()), strict=True) if f.startswith("E")]
        assert not findings, findings


def test_stricter_policy_fails_the_example(example: Any) -> None:
    outdir, _ = example
    report = cdk_backup.check(outdir, {"cross_account_copy": True})
    assert [f.rule for f in report.errors] == [template_rules.POLICY_CROSS_ACCOUNT.id] * 2
