"""The benchmark compares like with like: the three builders of ``benchmarks/app.py`` make the same
resources, and the paired statistics of ``benchmarks/run.py`` are computed as documented.
Nothing here is timed."""

from __future__ import annotations

import copy
import importlib.util
import json
import statistics
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import new_stack, synth_template

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def templates() -> dict[str, dict[str, Any]]:
    app = _load("app")
    found = {}
    for impl, build in app.BUILDERS.items():
        stack = new_stack(name="Bench0")
        build(stack, 2)
        found[impl] = synth_template(stack)
    return found


def _plan_names(template: dict[str, Any]) -> dict[str, str]:
    """Each plan's ``BackupPlanName``, removed from ``template``."""
    return {logical_id: r["Properties"]["BackupPlan"].pop("BackupPlanName")
            for logical_id, r in template["Resources"].items() if r["Type"] == "AWS::Backup::BackupPlan"}


def test_cdk_backup_and_aws_cdk_lib_synthesize_the_same_template(templates: dict[str, dict[str, Any]]) -> None:
    """The same template but for the plan names: ours default to the stack name and construct path (unique
    across stacks, README "BackupPlan"), aws-cdk-lib's to the construct id."""
    ours, theirs = copy.deepcopy(templates["cdk_backup"]), copy.deepcopy(templates["aws_cdk_lib"])
    assert list(_plan_names(ours).values()) == ["Bench0Plan0473F88E5", "Bench0Plan16E98C81C"]
    assert list(_plan_names(theirs).values()) == ["Plan0", "Plan1"]
    assert ours == theirs


def _rules_but_targets(template: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Each plan's rules without ``TargetBackupVault`` (the floor names its vaults' logical ids itself)."""
    return [[{k: v for k, v in rule.items() if k != "TargetBackupVault"} for rule in r["Properties"]["BackupPlan"]
             ["BackupPlanRule"]] for r in template["Resources"].values() if r["Type"] == "AWS::Backup::BackupPlan"]


def test_the_floor_makes_the_same_resources(templates: dict[str, dict[str, Any]]) -> None:
    def kinds(template: dict[str, Any]) -> Counter[str]:
        return Counter(r["Type"] for r in template["Resources"].values())

    assert kinds(templates["floor"]) == kinds(templates["aws_cdk_lib"]) == Counter({
        "AWS::Backup::BackupVault": 2, "AWS::Backup::BackupPlan": 2, "AWS::IAM::Role": 2,
        "AWS::Backup::BackupSelection": 2})
    assert _rules_but_targets(templates["floor"]) == _rules_but_targets(templates["aws_cdk_lib"])
    assert [rule["RuleName"] for rule in _rules_but_targets(templates["floor"])[0]] == [
        "Daily", "Weekly", "Monthly5Year"]


def test_median_interval_of_a_constant_is_that_constant() -> None:
    run = _load("run")
    assert run.median_ci([0.97] * 9) == (0.97, 0.97)


def test_median_interval_brackets_the_median_and_is_reproducible() -> None:
    run = _load("run")
    values = [0.90 + i / 100 for i in range(21)]  # 0.90 .. 1.10, median 1.00
    low, high = run.median_ci(values)
    assert min(values) < low < statistics.median(values) < high < max(values)
    assert run.median_ci(values) == (low, high)
    narrower = run.median_ci(values * 10)
    assert low < narrower[0] <= narrower[1] < high


def test_table_cells_compare_with_aws_cdk_lib_round_by_round() -> None:
    run = _load("run")
    ours, theirs = [1.0, 3.0, 5.0], [2.0, 2.0, 4.0]  # per round: 0.5, 1.5, 1.25; medians 3 and 2
    cells = run.compare(ours, theirs, "cdk_backup").split(" | ")
    assert cells[0] == "1.500"  # ratio of medians
    assert cells[1].startswith("1.250 (")  # median of the per-round ratios
    assert cells[2] == "1/3"  # rounds faster than aws-cdk-lib
    assert run.compare(theirs, theirs, "aws_cdk_lib") == "1.000 |  | "


def test_app_reports_its_resources_and_phases(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """run.py reads this line: the resource count it checks and the phases of the second table."""
    app = _load("app")
    monkeypatch.setattr("sys.argv", ["app.py", "--impl", "floor", "--units", "2", "--stacks", "2"])
    app.main()
    report = json.loads(capsys.readouterr().out)
    assert report["resources"] == 16
    assert set(report) == {"resources", *_load("run").PHASES}
    assert all(report[phase] > 0 for phase in ("aws_cdk", "build", "synth"))


def test_pooled_files_keep_rounds_paired(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--pool`` appends each file's rounds in order, so sample i of every implementation is one round."""
    run = _load("run")

    def batch(path: Path, walls: dict[str, list[float]]) -> Path:
        phases = dict.fromkeys(run.PHASES, 1.0)
        path.write_text(json.dumps({"N=120": {impl: [{"wall": w, "cpu": w, "rss": 500, "phases": phases}
                                                     for w in runs] for impl, runs in walls.items()}}))
        return path

    first = batch(tmp_path / "a.json", {"cdk_backup": [1.0], "aws_cdk_lib": [2.0], "floor": [1.5]})
    second = batch(tmp_path / "b.json", {"cdk_backup": [6.0, 9.0], "aws_cdk_lib": [5.0, 10.0], "floor": [5.0, 5.0]})
    raw = run.load([first, second])
    assert [s.wall for s in raw["N=120"]["cdk_backup"]] == [1.0, 6.0, 9.0]
    assert [s.wall for s in raw["N=120"]["aws_cdk_lib"]] == [2.0, 5.0, 10.0]
    run.report(raw)
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("| N=120 | 3 | cdk_backup"))
    # medians 6 and 5; per round 0.5, 1.2, 0.9: median paired 0.9, faster in 2 of 3
    assert row.endswith("| 1.200 | 0.900 (0.500-1.200) | 2/3 |")
