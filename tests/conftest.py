"""Test harness: synthesize a stack, lint the template, snapshot it as stable JSON."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from typing import Any

# aws-cdk-lib's own template validation (a WebAssembly validator run at every synth, ~25 % of a test's
# CPU) is off in the tests, before aws_cdk starts its Node kernel: cfn-lint checks every template they
# synthesize, and the validator prints "Template validation found issues ... Resources section must
# exist" for every empty stack a test synthesizes. tests/test_install.py runs a user's app with it on.
os.environ.setdefault("CDK_VALIDATION", "false")

import aws_cdk as cdk
import pytest
from aws_cdk import assertions
from syrupy.extensions.json import JSONSnapshotExtension

import cdk_backup

_LINTED: dict[str, list[str]] = {}


def lint_template(template: dict[str, Any], strict: bool = False) -> list[str]:
    """cfn-lint findings (errors and warnings) for a template, cached by content.

    Warnings count for the resources this library creates (AWS Backup, and IAM/SNS/Events it adds);
    test fixtures such as an RDS engine version or a hard-coded zone are not ours to fix.
    """
    text = json.dumps(template, sort_keys=True)
    digest = hashlib.sha256(text.encode()).hexdigest() + str(strict)
    if digest not in _LINTED:
        import cfnlint.api

        matches = cfnlint.api.lint(text, config=cfnlint.api.ManualArgs(regions=["us-east-1"]))
        resources = template.get("Resources", {})
        findings = []
        for m in matches:
            path = list(map(str, m.path))
            kind = resources.get(path[1], {}).get("Type", "") if len(path) > 1 and path[0] == "Resources" else ""
            ours = strict or kind.startswith(_OUR_TYPES) or not kind
            if m.rule.id.startswith("E") or ours:
                findings.append(f"{m.rule.id} {m.message} ({'/'.join(path)})")
        _LINTED[digest] = findings
    return _LINTED[digest]


_OUR_TYPES = ("AWS::Backup::", "AWS::IAM::", "AWS::SNS::TopicPolicy", "AWS::Events::", "AWS::CloudWatch::",
              "AWS::S3::BucketPolicy")


def assert_lint_clean(template: dict[str, Any]) -> None:
    """Fail on any cfn-lint error; warnings must be listed in the README (none are today)."""
    findings = [f for f in lint_template(template) if f.startswith(("E", "W"))]
    assert not findings, "cfn-lint findings:\n" + "\n".join(findings)


def new_stack(app: cdk.App | None = None, name: str = "TestStack", **kwargs: Any) -> cdk.Stack:
    app = app or cdk.App()
    return cdk.Stack(app, name, synthesizer=cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False),
                     **kwargs)


def synth_template(stack: cdk.Stack) -> dict[str, Any]:
    """The stack's template (validations run), checked by cfn-lint."""
    template: dict[str, Any] = assertions.Template.from_stack(stack).to_json()
    assert_lint_clean(template)
    return template


@pytest.fixture
def stack() -> cdk.Stack:
    return new_stack()


@pytest.fixture
def synth() -> Callable[[cdk.Stack], dict[str, Any]]:
    return synth_template


@pytest.fixture
def snapshot_json(snapshot: Any) -> Any:
    return snapshot.use_extension(JSONSnapshotExtension)


def table_ids(table: list[Any]) -> list[str]:
    """Ids for a parametrized table of cases: their positions."""
    return [str(i) for i in range(len(table))]


def assert_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    """``build`` on a fresh stack raises ValidationError matching ``message``."""

    with pytest.raises(cdk_backup.ValidationError, match=message):
        build(new_stack())


def assert_builds_clean(build: Callable[[cdk.Stack], object]) -> None:
    """``build`` on a fresh stack synthesizes, and cfn-lint finds nothing."""
    stack = new_stack()
    build(stack)
    synth_template(stack)


def resources_of(template: dict[str, Any], kind: str) -> dict[str, Any]:
    return {k: v for k, v in template.get("Resources", {}).items() if v["Type"] == kind}


def only(template: dict[str, Any], kind: str) -> dict[str, Any]:
    found = list(resources_of(template, kind).values())
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]["Properties"]  # type: ignore[no-any-return]


def nag_findings(build: Callable[[cdk.App], object], *packs: Any) -> list[dict[str, Any]]:
    """cdk-nag (v3, a policy validation plugin) violations for an app built by ``build``.

    ``packs`` are pack classes such as ``cdk_nag.AwsSolutionsChecks``.
    """
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as outdir:
        app = cdk.App(outdir=outdir)
        cdk.Validations.of(app).add_plugins(*[pack(app) for pack in packs])
        build(app)
        try:
            app.synth()
        except Exception as error:  # cdk-nag errors fail synthesis; the report says which
            if "ValidationFailed" not in str(error):
                raise
        report = json.loads((Path(outdir) / "validation-report.json").read_text())
    return [v for plugin in report["pluginReports"] for v in plugin["violations"]]


def warnings_of(stack: cdk.Stack) -> list[str]:
    """Warning messages of a stack, with their ids."""
    found = assertions.Annotations.from_stack(stack).find_warning("*", assertions.Match.any_value())
    return [str(w.entry.data) for w in found]


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """The longest tests (marker ``install``: a wheel installed into a fresh environment) start first,
    so that pytest-xdist does not leave them for the end of the run."""
    items.sort(key=lambda item: item.get_closest_marker("install") is None)


def synth_errors(scope: Any) -> list[str]:
    """Synthesize the app of ``scope`` and return the messages of the errors cdk_backup's constructs found
    at synth (the error violations of its ``cdk-backup`` plugin in ``validation-report.json``, as
    ``cdk synth`` prints them); ``[]`` when the synthesis passed. Any other failure is raised."""
    from pathlib import Path

    app = scope.node.root
    report = Path(app.outdir) / "validation-report.json"
    report.unlink(missing_ok=True)
    try:
        app.synth()
        failure: Exception | None = None
    except RuntimeError as error:  # aws-cdk-lib fails the synthesis on an error in the report
        failure = error
    found = [violation["description"]
             for plugin in (json.loads(report.read_text())["pluginReports"] if report.exists() else [])
             if plugin["pluginName"] == "cdk-backup"
             for violation in plugin["violations"] if violation["severity"] == "error"]
    if failure is not None and not found:
        raise failure
    assert failure is not None or not found, "errors in the report, but the synthesis passed"
    return found
