"""The error type, shared helpers, the rules catalogue, Node selection and the synth summary."""

from __future__ import annotations

import json
import os
from pathlib import Path

import aws_cdk as cdk
import pytest

import cdk_backup as backup
from cdk_backup import _rules as R
from cdk_backup import _validation as V
from cdk_backup._node import ensure_supported_node, wheel_node
from tests.conftest import new_stack, warnings_of
from tools.synth import summarize


def test_validation_error_is_a_value_error() -> None:
    assert issubclass(backup.ValidationError, ValueError)


@pytest.mark.parametrize("value, expected", [
    ("plain", False),
    ("${Token[TOKEN.12]}", True),
    ("arn:${Token[AWS.Partition.3]}:s3:::b", True),
    (35, False),
    (-1.888154589708752e+289, True),
    (["a", "${Token[X.1]}"], True),
    ({"k": "v"}, False),
    (None, False),
    (True, False),
])
def test_is_unresolved_in_python(value: object, expected: bool) -> None:
    assert V.is_unresolved(value) is expected


def test_is_unresolved_for_cdk_values() -> None:
    stack = new_stack()
    param = cdk.CfnParameter(stack, "P", type="Number")
    assert V.is_unresolved(param.value_as_number)
    assert V.is_unresolved(cdk.Duration.days(param.value_as_number))
    assert not V.is_unresolved(cdk.Duration.days(3))
    assert V.is_unresolved(cdk.Aws.ACCOUNT_ID)
    assert V.is_unresolved(cdk.Fn.ref("P"))


@pytest.mark.parametrize("duration, unit, expected", [
    (cdk.Duration.days(35), "days", 35),
    (cdk.Duration.hours(48), "days", 2),
    (cdk.Duration.hours(2), "minutes", 120),
    (cdk.Duration.days(1), "hours", 24),
])
def test_duration_amount_whole_units(duration: cdk.Duration, unit: str, expected: int) -> None:
    assert V.duration_amount(duration, unit, "Where", "prop", R.WHOLE_DAYS) == expected


def test_duration_amount_rejects_fractions_with_the_standard_message() -> None:
    with pytest.raises(backup.ValidationError,
                       match=r"^Where: delete_after must be a whole number of days, got 1 day 12 hours \[C-R18\]$"):
        V.duration_days(cdk.Duration.hours(36), "Where", "delete_after")


def test_duration_amount_passes_tokens_given_in_the_unit() -> None:
    stack = new_stack()
    token = cdk.CfnParameter(stack, "P", type="Number").value_as_number
    assert V.is_unresolved(V.duration_days(cdk.Duration.days(token), "W", "p"))
    with pytest.raises(backup.ValidationError, match="must be given in days when it is a token"):
        V.duration_days(cdk.Duration.hours(token), "W", "p")


def test_check_bound_message_names_path_property_value_and_rule() -> None:
    with pytest.raises(backup.ValidationError) as error:
        V.check_bound("Plan/Daily", 30, R.START_WINDOW)
    assert str(error.value) == (
        "Plan/Daily: start_window must be between 60 and 52,560,000 minutes, got 30 minutes [C-R16/A-R18]")
    assert (error.value.path, error.value.prop, error.value.rule) == ("Plan/Daily", "start_window", "C-R16/A-R18")


@pytest.mark.parametrize("value", [60, 52_560_000, None, -1.888154589708752e+289])
def test_check_bound_accepts_bounds_and_tokens(value: float | None) -> None:
    V.check_bound("W", value, R.START_WINDOW)


def test_check_pattern_full_match() -> None:
    V.check_pattern("W", "ab", R.VAULT_NAME)
    with pytest.raises(backup.ValidationError, match=r"W: backup_vault_name must be 2 to 50 .*got 'a' \[C-R1/A-R5\]"):
        V.check_pattern("W", "a", R.VAULT_NAME)
    with pytest.raises(backup.ValidationError, match="got 'ab\\\\n'"):
        V.check_pattern("W", "ab\n", R.VAULT_NAME)


def test_warnings_carry_stable_ids() -> None:
    stack = new_stack()
    V.warn(stack, "someId", "careful")
    assert warnings_of(stack) == ["careful [ack: cdk-backup:someId]"]
    assert V.acknowledge_key("someId") == "cdk-backup:someId"


def test_rule_ids_are_present_and_rules_are_described() -> None:
    assert R.RULES
    for rule in R.RULES:
        assert rule.id and rule.construct and rule.prop and rule.requirement, rule
        assert rule.severity in ("error", "warning")


def test_readme_rules_table_is_generated_from_the_catalogue() -> None:
    from tools.rules_table import markdown

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert markdown() in readme, "run: .venv/bin/python -m tools.rules_table --write"


def test_wheel_node_is_used_when_no_node_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JSII_NODE", raising=False)
    node = ensure_supported_node()
    assert node == wheel_node()
    assert node is not None and Path(node).is_file()
    assert os.environ["JSII_NODE"] == node


def test_an_explicit_jsii_node_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JSII_NODE", "/opt/node/bin/node")
    assert ensure_supported_node() == "/opt/node/bin/node"


def test_synth_summary_lists_stacks_and_backup_resources(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Summary")
    backup.BackupPlan.daily35_day_retention(stack, "Plan")
    app.synth()
    lines = summarize(tmp_path)
    assert lines[0].startswith("stack Summary ")
    assert "       1  AWS::Backup::BackupPlan" in lines
    assert "       1  AWS::Backup::BackupVault" in lines
    assert json.loads((tmp_path / "manifest.json").read_text())


@pytest.mark.parametrize("path", ["Stack/Vault", "Stack/Plan/Vault", "Stack/Default/Vault", "Stack/A/Resource",
                                  "Stack/Plan/Plan", "My-Stack/x.y/Vault_1", "S/" + "Long" * 80])
def test_python_unique_ids_equal_aws_cdk_lib(path: str) -> None:
    from constructs import Construct

    from cdk_backup._paths import unique_id

    app = cdk.App()
    parts = path.split("/")
    scope: Construct = cdk.Stack(app, parts[0])
    for part in parts[1:]:
        scope = Construct(scope, part)
    assert unique_id(path) == cdk.Names.unique_id(scope)


def test_every_public_name_resolves_and_rarely_used_modules_load_on_first_use() -> None:
    import subprocess
    import sys

    code = ("import sys, cdk_backup as b\n"
            "lazy = {'cdk_backup.audit', 'cdk_backup.restore_testing', 'cdk_backup.air_gapped_vault', 'cdk_backup.nag',\n"
            "        'cdk_backup.events', 'cdk_backup.index_and_scan'}\n"
            "assert not lazy & set(sys.modules), lazy & set(sys.modules)\n"
            "missing = [n for n in b.__all__ if getattr(b, n, None) is None]\n"
            "assert not missing, missing\n"
            "assert set(b.__all__) <= set(dir(b))\n"
            "assert lazy <= set(sys.modules)\n")
    subprocess.run([sys.executable, "-c", code], check=True)
