"""How many Python objects a unit of backup keeps alive.

Every object our constructs keep is work for Python's garbage collector on each collection, and
enough of them cross the threshold of a full collection of the whole heap (aws_cdk's classes
included: 20-50 ms) sooner. aws-cdk-lib's L2s keep about 2 per unit (the vault's jsii proxy); a unit
of ours keeps about 8: three proxies with their references, the selection's tags and the plan's
tuple of selections (see benchmarks/README.md). This is a count, not a timing: it is the same on
every machine.
"""

from __future__ import annotations

import gc

import aws_cdk as cdk

import cdk_backup as backup
from tests.conftest import new_stack

BUDGET = 12
"""Objects one vault + ready-made plan + tag selection may keep alive (8 when written; 17 before)."""


def _unit(stack: cdk.Stack, i: int) -> None:
    vault = backup.BackupVault(stack, f"Vault{i}")
    plan = backup.BackupPlan.daily_weekly_monthly5_year_retention(stack, f"Plan{i}", vault)
    plan.add_selection("Tagged", resources=[backup.BackupResource.from_tag("backup", f"group{i}")])


def test_a_unit_keeps_few_python_objects() -> None:
    stack = new_stack()
    for i in range(3):  # first use: caches, lazily imported helpers
        _unit(stack, i)
    gc.collect()
    before = len(gc.get_objects())
    for i in range(3, 13):
        _unit(stack, i)
    gc.collect()
    per_unit = (len(gc.get_objects()) - before) / 10
    print(f"{per_unit} objects per unit")
    assert 5 <= per_unit <= BUDGET, per_unit
