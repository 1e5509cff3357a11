"""The door (``cdk_backup._inputs``), the shape of rules, Node selection and the synth summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import aws_cdk as cdk
import jsii
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cdk_backup as backup
from cdk_backup import _inputs as inputs
from cdk_backup._node import ensure_supported_node, wheel_node
from cdk_backup.rules import Text, Unresolved, common, show
from tests.conftest import new_stack, warnings_of
from tools.synth import summarize


def test_validation_error_is_a_value_error_from_the_public_module() -> None:
    assert issubclass(backup.ValidationError, ValueError)
    assert backup.ValidationError.__module__ == "cdk_backup"


@jsii.implements(cdk.IStableStringProducer)
class _Text:
    def produce(self) -> str:
        return "x"


@jsii.implements(cdk.IStableNumberProducer)
class _One:
    def produce(self) -> int:
        return 1


@pytest.mark.parametrize("value, expected", [
    pytest.param("plain", False, id="plain-string"),
    pytest.param(35, False, id="int"),
    pytest.param(None, False, id="none"),
    pytest.param(True, False, id="bool"),
    pytest.param(cdk.Duration.days(3), False, id="duration"),
    pytest.param(cdk.Aws.REGION, True, id="pseudo-parameter"),
    pytest.param(cdk.Lazy.string(_Text()), True, id="lazy-string"),
    pytest.param(cdk.Lazy.number(_One()), True, id="lazy-number"),
    pytest.param(cdk.Duration.days(cdk.Lazy.number(_One())), True, id="token-duration"),
    pytest.param(object(), False, id="plain-object"),
])
def test_tokens_are_recognized_by_aws_cdk_libs_own_test(value: object, expected: bool) -> None:
    assert inputs.is_token(value) is expected


@pytest.mark.parametrize("duration, unit, expected", [
    (cdk.Duration.days(2), "days", 2), (cdk.Duration.hours(48), "days", 2), (cdk.Duration.hours(2), "minutes", 120),
    (cdk.Duration.minutes(60), "hours", 1),
])
def test_durations_become_whole_numbers_once(duration: cdk.Duration, unit: str, expected: int) -> None:
    assert inputs.duration("X", "p", duration, unit) == expected


@pytest.mark.parametrize("value, message", [
    pytest.param(cdk.Duration.hours(36), r"^X: p must be a whole number of days, got 1 day 12 hours \[wholeUnits\]$", id="hours"),
    pytest.param(cdk.Duration.minutes(5754.13), r"whole number of days", id="fraction-of-a-minute"),
    pytest.param(35, r"^X: p must be a Duration \(e.g. Duration.days\(35\)\), got int 35 \[inputType\]$", id="int"),
    pytest.param("35", r"got str '35' \[inputType\]", id="str"),
])
def test_bad_durations_get_the_standard_message(value: object, message: str) -> None:
    with pytest.raises(backup.ValidationError, match=message) as caught:
        inputs.days("X", "p", value)
    assert (caught.value.path, caught.value.prop) == ("X", "p")


def test_token_durations_pass_and_render_in_their_unit() -> None:
    stack = new_stack()
    number = cdk.CfnParameter(stack, "N", type="Number").value_as_number
    value = inputs.days("X", "p", cdk.Duration.days(number))
    assert isinstance(value, Unresolved)
    assert stack.resolve(inputs.duration_rendered(value, "days")) == {"Ref": "N"}


@pytest.mark.parametrize("helper, value, message", [
    pytest.param(inputs.required_bool, "false", r"p must be a bool \(True or False\), got str 'false'", id="bool-str"),
    pytest.param(inputs.required_bool, 0, r"got int 0", id="bool-int"),
    pytest.param(inputs.required_str, None, r"p must be a string, got None", id="str-none"),
    pytest.param(inputs.required_str, 5, r"got int 5", id="str-int"),
    pytest.param(inputs.optional_number, "5", r"p must be a number, got str '5'", id="number-str"),
    pytest.param(inputs.optional_number, True, r"p must be a number, got bool True", id="number-bool"),
    pytest.param(inputs.optional_map, ["k"], r"p must be a dict of strings, got list \['k'\]", id="map-list"),
])
def test_scalar_helpers_refuse_wrong_types(helper: object, value: object, message: str) -> None:
    with pytest.raises(backup.ValidationError, match=message):
        helper("X", "p", value)  # type: ignore[operator]


def test_lists_refuse_strings_and_none_items() -> None:
    item = lambda p, v: inputs.required_str("X", p, v)  # noqa: E731
    with pytest.raises(backup.ValidationError, match=r"p must be a list, got str 'ab'"):
        inputs.optional_list("X", "p", "ab", item)
    with pytest.raises(backup.ValidationError, match=r"p\[1\] must be a string, got None"):
        inputs.optional_list("X", "p", ["a", None], item)
    assert inputs.optional_list("X", "p", ("a", "b"), item) == ["a", "b"]


def test_enum_text_takes_members_strings_and_tokens() -> None:
    assert inputs.enum_text("X", "p", backup.BackupVaultEvents.BACKUP_JOB_STARTED, backup.BackupVaultEvents) == \
        "BACKUP_JOB_STARTED"
    assert isinstance(inputs.enum_text("X", "p", cdk.Aws.REGION, backup.BackupVaultEvents), Unresolved)
    with pytest.raises(backup.ValidationError, match=r"p must be one of .*got 'NOPE' \[inputEnum\]"):
        inputs.enum_text("X", "p", "NOPE", backup.BackupVaultEvents)


def test_warnings_carry_stable_ids_and_are_shown_once() -> None:
    stack = new_stack()
    inputs.warn(stack, common.TAG_VALUE.rule.violation(Text("300 characters"), prop="tags"))
    [warning] = warnings_of(stack)
    assert warning.startswith("tags must be between 0 and 256 characters, got 300 characters [tagValue]")
    assert warning.count("[tagValue]") == 1 and "cdk-backup:tagValue" in warning


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=140), st.text(max_size=270), max_size=5))
def test_tag_rule_matches_cloudformation(tags: dict[str, str]) -> None:
    ok = not list(common.tags(tags))
    expected = all(1 <= len(k) <= 128 and not k.lower().startswith("aws:") and len(v) <= 256
                   for k, v in tags.items())
    assert ok == expected


def test_unique_items_names_the_repeat() -> None:
    [violation] = common.unique(["111122223333", "444455556666", "111122223333"], prop="accounts")
    assert violation.message == "accounts must not repeat an item, got '111122223333' twice [uniqueItems]"
    assert not list(common.unique(["a", Unresolved(), Unresolved()], prop="x"))


@pytest.mark.parametrize("value, text", [(36500, "36,500"), (35, "35"), (2.0, "2"), ("a", "'a'"),
                                         (Unresolved(), "a token"), (Text("7 days"), "7 days")])
def test_values_are_shown_as_users_write_them(value: object, text: str) -> None:
    assert show(value) == text


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


def test_readme_rules_table_is_generated_from_the_catalogue() -> None:
    from tools.rules_table import markdown

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert markdown() in readme, "run: .venv/bin/python -m tools.rules_table --write"


def test_every_public_name_resolves_and_modules_load_on_first_use() -> None:
    code = ("import sys, cdk_backup as b\n"
            "lazy = {'cdk_backup.audit', 'cdk_backup.restore_testing', 'cdk_backup.check', 'cdk_backup.organization'}\n"
            "assert not lazy & set(sys.modules), lazy & set(sys.modules)\n"
            "missing = [n for n in b.__all__ if getattr(b, n, None) is None]\n"
            "assert not missing, missing\n"
            "assert set(b.__all__) <= set(dir(b))\n"
            "assert lazy <= set(sys.modules)\n")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("value, shown", [
    pytest.param(cdk.Duration.days(3), "got Duration 3 days [", id="duration"),
    pytest.param(object(), "got object [", id="plain-object"),
    pytest.param(cdk.Aws.REGION, "got str (a token) [", id="string-token"),
])
def test_wrong_values_are_shown_readably(value: object, shown: str) -> None:
    with pytest.raises(backup.ValidationError) as caught:
        inputs.required_bool("X", "p", value)
    assert shown in str(caught.value) and "0x" not in str(caught.value)
