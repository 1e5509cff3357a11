"""The three ways in: the ``check`` API (every kind of input), the command (each format and exit
status), and the aws-cdk-lib policy-validation plugin; and the report formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_backup as backup
from aws_cdk import aws_dynamodb as ddb

import cdk_backup
from cdk_backup import ValidationError
from cdk_backup.check.command import main
from cdk_backup.rules import plan as plan_rules
from tests.check_fixtures import getatt, plan, rule, selection, table, template, vault

ROOT = Path(__file__).resolve().parents[1]


def _write_assembly(directory: Path, bodies: dict[str, dict[str, Any]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    artifacts = {}
    for name, body in bodies.items():
        (directory / f"{name}.template.json").write_text(json.dumps(body, indent=1))
        artifacts[name] = {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                           "properties": {"templateFile": f"{name}.template.json"}, "displayName": name}
    (directory / "manifest.json").write_text(json.dumps({"version": "55.0.0", "artifacts": artifacts}))
    return directory


CLEAN = template(Vault=vault("main"), Plan=plan(rule()), T=table(), S=selection(resources=[getatt("T", "Arn")]))
BROKEN = template(Vault=vault("main", lock={"MinRetentionDays": 7, "MaxRetentionDays": 35}),
                  Plan=plan(rule(delete=90)), T=table(), S=selection(resources=[getatt("T", "Arn")]))


@pytest.fixture(scope="module")
def assemblies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("assemblies")
    return {"clean": _write_assembly(root / "clean", {"Backups": CLEAN}),
            "broken": _write_assembly(root / "broken", {"Backups": BROKEN}),
            "empty": _write_assembly(root / "empty", {})}


# ---------------------------------------------------------------------------------------- the API
def test_inputs_of_every_kind(assemblies: dict[str, Path]) -> None:
    from_dir = cdk_backup.check(assemblies["clean"])
    assert cdk_backup.check(str(assemblies["clean"] / "manifest.json")).coverage == from_dir.coverage
    assert [c.status for c in cdk_backup.check(CLEAN).coverage] == ["protected"]
    assert [c.stack for c in cdk_backup.check({"Mine": CLEAN}).coverage] == ["Mine"]
    assert [c.stack for c in cdk_backup.check([CLEAN, CLEAN]).coverage] == ["Template1", "Template2"]
    assert cdk_backup.check(assemblies["clean"] / "Backups.template.json").coverage[0].status == "protected"


def test_cloud_assembly_and_app(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "S", synthesizer=cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False))
    table_ = ddb.Table(stack, "T", partition_key=ddb.Attribute(name="pk", type=ddb.AttributeType.STRING))
    plan_ = backup.BackupPlan.daily35_day_retention(stack, "Plan")
    plan_.add_selection("Sel", resources=[backup.BackupResource.from_dynamo_db_table(table_)])
    report = cdk_backup.check(app.synth())
    assert [c.status for c in report.coverage] == ["protected"]
    assert cdk_backup.check(app).coverage == report.coverage  # an App is synthesized for you


BAD_INPUTS = [
    pytest.param(42, "must be a cloud assembly directory", id="number"),
    pytest.param({}, "holds no template", id="empty-dict"),
    pytest.param([], "holds no template", id="empty-list"),
    pytest.param(["not a template"], "must be a dict", id="list-of-strings"),
    pytest.param("/nonexistent/cdk.out", "does not exist", id="missing-directory"),
]


@pytest.mark.parametrize(("value", "message"), BAD_INPUTS)
def test_bad_inputs(value: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as raised:
        cdk_backup.check(value)
    assert raised.value.rule == "checkInput"


def test_unreadable_assemblies(assemblies: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="holds no stack"):
        cdk_backup.check(assemblies["empty"])
    with pytest.raises(ValidationError, match=r"no manifest\.json"):
        cdk_backup.check(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(ValidationError, match="is not JSON"):
        cdk_backup.check(tmp_path)


def test_checker_needs_no_aws_cdk(assemblies: dict[str, Path]) -> None:
    code = ("import sys, cdk_backup; report = cdk_backup.check(sys.argv[1]); "
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('aws_cdk', 'jsii', 'constructs')); "
            "print(report.summary()['errors'], loaded)")
    out = subprocess.run([sys.executable, "-c", code, str(assemblies["broken"])], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "1 []"


def test_check_is_the_function_and_the_package() -> None:
    import cdk_backup.check as package

    assert callable(cdk_backup.check) and callable(package)
    assert package(CLEAN).coverage == package.check(CLEAN).coverage
    for name in ("check", "BackupChecks", "BackupPolicy", "CheckReport", "Coverage", "Finding", "Protection",
                 "CopyDestination"):
        assert getattr(package, name) is getattr(cdk_backup, name) or name == "check"


# ---------------------------------------------------------------------------------------- the command
@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_command_formats_and_exit_status(fmt: str, assemblies: dict[str, Path], capsys: Any) -> None:
    assert main(["check", str(assemblies["clean"]), "--format", fmt]) == 0
    clean = capsys.readouterr().out
    assert main(["check", str(assemblies["broken"]), "--format", fmt]) == 1
    broken = capsys.readouterr().out
    if fmt == "text":
        assert "protected" in clean and "Findings: none" in clean
        assert f"[{plan_rules.LOCK_RETENTION_RANGE.id}]" in broken
    elif fmt == "json":
        assert json.loads(clean)["summary"]["errors"] == 0
        assert json.loads(broken)["findings"][0]["rule"] == plan_rules.LOCK_RETENTION_RANGE.id
    else:
        assert json.loads(clean)["runs"][0]["results"] == []
        assert json.loads(broken)["runs"][0]["results"][0]["level"] == "error"


def test_command_output_file_and_policy(assemblies: dict[str, Path], tmp_path: Path, capsys: Any) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"min_retention_days": 90}))
    out = tmp_path / "report.sarif"
    status = main(["check", str(assemblies["clean"]), "--policy", str(policy), "--format", "sarif",
                   "--output", str(out)])
    assert status == 1 and "report written to" in capsys.readouterr().err
    assert json.loads(out.read_text())["runs"][0]["results"][0]["ruleId"] == "policyMinRetention"


USAGE = [
    pytest.param([], "a command is required", id="no-command"),
    pytest.param(["check", "--format", "xml"], "invalid choice", id="bad-format"),
    pytest.param(["lint"], "invalid choice", id="unknown-command"),
    pytest.param(["check", "/nonexistent"], "does not exist", id="missing-assembly"),
    pytest.param(["check", "--policy", "/nonexistent.json", "."], "cannot read", id="missing-policy"),
]


@pytest.mark.parametrize(("argv", "message"), USAGE)
def test_command_usage_errors(argv: list[str], message: str, capsys: Any) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_command_empty_assembly(assemblies: dict[str, Path], capsys: Any) -> None:
    assert main(["check", str(assemblies["empty"])]) == 2
    assert "holds no stack" in capsys.readouterr().err


def test_python_dash_m(assemblies: dict[str, Path]) -> None:
    run = subprocess.run([sys.executable, "-m", "cdk_backup", "check", str(assemblies["broken"]), "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1 and json.loads(run.stdout)["summary"]["errors"] == 1
    bad = subprocess.run([sys.executable, "-m", "cdk_backup", "check", "/no/such/dir"], capture_output=True, text=True,
                         cwd=ROOT)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_default_directory_is_cdk_out(assemblies: dict[str, Path], monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.chdir(assemblies["clean"].parent)
    (assemblies["clean"].parent / "cdk.out").symlink_to(assemblies["clean"], target_is_directory=True)
    assert main(["check"]) == 0


# ---------------------------------------------------------------------------------------- SARIF
def test_sarif_structure(assemblies: dict[str, Path]) -> None:
    log = json.loads(cdk_backup.check(assemblies["broken"]).to_sarif())
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    driver = log["runs"][0]["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids)) and plan_rules.LOCK_RETENTION_RANGE.id in ids
    (result,) = log["runs"][0]["results"]
    assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == plan_rules.LOCK_RETENTION_RANGE.id
    assert result["message"]["text"].startswith("Backups/Plan: rules['Daily'].delete_after")
    logical = result["locations"][0]["logicalLocations"]
    assert logical[0] == {"name": "Plan", "fullyQualifiedName": "Backups/Plan", "kind": "resource"}
    assert logical[1]["name"] == "Backups"


# ---------------------------------------------------------------------------------------- the plugin
def _plugin_app(outdir: Path, delete_days: int, plugin: Any) -> cdk.App:
    app = cdk.App(outdir=str(outdir))
    cdk.Validations.of(app).add_plugins(plugin)
    stack = cdk.Stack(app, "Backups", synthesizer=cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False))
    vault_ = backup.BackupVault(stack, "Vault", removal_policy=cdk.RemovalPolicy.DESTROY)
    cfn = vault_.node.default_child
    assert isinstance(cfn, cdk.CfnResource)
    cfn.add_property_override("LockConfiguration", {"MinRetentionDays": 7, "MaxRetentionDays": 35})
    plan_ = backup.BackupPlan(stack, "Plan", backup_vault=vault_)
    plan_.add_rule(backup.BackupPlanRule(rule_name="Keep", delete_after=cdk.Duration.days(delete_days)))
    return app


def test_plugin_fails_synth_on_errors(tmp_path: Path) -> None:
    plugin = cdk_backup.BackupChecks()
    with pytest.raises(Exception, match="ValidationFailed"):
        _plugin_app(tmp_path, 90, plugin).synth()
    report = json.loads((tmp_path / "validation-report.json").read_text())
    (plugin_report,) = report["pluginReports"]
    assert plugin_report["pluginName"] == "cdk-backup" and plugin_report["conclusion"] == "failure"
    names = [v["ruleName"] for v in plugin_report["violations"]]
    assert plan_rules.LOCK_RETENTION_RANGE.id in names
    violation = next(v for v in plugin_report["violations"] if v["ruleName"] == plan_rules.LOCK_RETENTION_RANGE.id)
    construct = violation["violatingConstructs"][0]
    assert construct["constructPath"] == "Backups/Plan/Resource"
    assert construct["cloudFormationResource"]["propertyPaths"] == ["Properties/BackupPlan/BackupPlanRule/0"]
    assert plugin.last_report is not None and not plugin.last_report.ok


def test_plugin_passes_with_warnings_and_a_policy(tmp_path: Path) -> None:
    plugin = cdk_backup.BackupChecks(policy={"min_retention": 7})
    _plugin_app(tmp_path, 30, plugin).synth()
    assert plugin.last_report.ok and plugin.last_report.warnings  # DESTROY on a vault, no schedule


def test_plugin_rejects_a_bad_policy() -> None:
    with pytest.raises(ValidationError, match="BackupPolicy: min_retention must be"):
        cdk_backup.BackupChecks(policy={"min_retention": "forever"})
