"""Test harness: synthesize a stack, lint the template, snapshot it as stable JSON."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

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


# ---------------------------------------------------------------- every rule of the catalogue is exercised
def _rules_dir(config: Any) -> Any:
    return config.rootpath / ".pytest-rules-seen"


def pytest_sessionstart(session: Any) -> None:
    if not hasattr(session.config, "workerinput"):
        import shutil

        shutil.rmtree(_rules_dir(session.config), ignore_errors=True)
        _rules_dir(session.config).mkdir()


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    """Fail the run if a rule of cdk_backup's catalogue was never raised or warned by any test.

    Only for full runs (no -k, -m or test selection): a subset cannot be expected to hit every rule.
    """
    import os

    from cdk_backup import _rules
    from cdk_backup._validation import RULES_SEEN

    directory = _rules_dir(session.config)
    worker = getattr(session.config, "workerinput", {}).get("workerid", "main")
    if directory.exists():
        (directory / f"{worker}-{os.getpid()}.txt").write_text("\n".join(sorted(RULES_SEEN)))
    if hasattr(session.config, "workerinput"):
        return
    full_run = not session.config.option.keyword and not session.config.option.markexpr and \
        all(str(a).rstrip("/") in ("tests", str(session.config.rootpath / "tests")) for a in session.config.args)
    seen = {line for f in directory.glob("*.txt") for line in f.read_text().splitlines()}
    import shutil

    shutil.rmtree(directory, ignore_errors=True)
    missing = sorted({rule.id for rule in _rules.RULES} - seen)
    if full_run and exitstatus == 0 and missing:
        print(f"\nRules of cdk_backup/_rules.py that no test raised or warned: {missing}")
        session.exitstatus = 1


_API_OF_REQUEST = {"CreateRequest": "create", "StaticInvokeRequest": "sinvoke", "InvokeRequest": "invoke",
                   "GetRequest": "get", "SetRequest": "set", "StaticGetRequest": "sget"}


def record_kernel_requests(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every request sent to the jsii kernel from now on, by either path (jsii's own or ``_wire``),
    as the JSON the kernel receives: ``api``, ``fqn``/``method``/``property``, ``overrides``...
    A create's request also gets ``created``: the reference of the new object; ``via`` says the path."""
    import jsii._kernel.providers.process as process

    from cdk_backup import _wire

    sent: list[dict[str, Any]] = []
    jsii_send = process._NodeProcess.send
    wire_send = _wire._send

    def via_jsii(self: Any, request: Any, response_type: Any) -> Any:
        data = self._serializer.unstructure(request)
        data.setdefault("api", _API_OF_REQUEST.get(type(request).__name__, type(request).__name__))
        sent.append(data | {"via": "jsii"})
        data = sent[-1]
        response = jsii_send(self, request, response_type)
        if data["api"] == "create" and hasattr(response, "ref"):
            data["created"] = response.ref
        return response

    def via_wire(request: dict[str, Any]) -> Any:
        data = request | {"via": "wire"}
        sent.append(data)
        answer = wire_send(request)
        if data["api"] == "create" and hasattr(answer, "ref"):
            data["created"] = answer.ref
        return answer

    monkeypatch.setattr(process._NodeProcess, "send", via_jsii)
    monkeypatch.setattr(_wire, "_send", via_wire)
    return sent
