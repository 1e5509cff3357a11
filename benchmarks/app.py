"""The benchmark app, built three ways: ``--impl cdk_backup | aws_cdk_lib | floor``.

Each unit is one vault, a ready-made daily/weekly/monthly-5-year plan on it, and a tag selection
with its role: 4 CloudFormation resources. ``--units`` units per stack, ``--stacks`` stacks.
Run by ``benchmarks/run.py`` in a fresh process per measurement; prints one JSON line with the
resource count and the wall seconds of each phase: ``aws_cdk`` (importing it and creating the app
and its stacks), ``build`` (importing the library and building every unit: the
only phase in which the three differ by more than the template they hand over) and ``synth``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# run.py (started through cdk_backup.run) passes JSII_NODE down. Only a direct run picks it here:
# importing cdk_backup costs its import time, which the other two implementations must not pay.
if "JSII_NODE" not in os.environ:
    from cdk_backup._node import ensure_supported_node

    ensure_supported_node()


def build_cdk_backup(stack: Any, units: int) -> None:
    import cdk_backup as backup

    for i in range(units):
        vault = backup.BackupVault(stack, f"Vault{i}")
        plan = backup.BackupPlan.daily_weekly_monthly5_year_retention(stack, f"Plan{i}", vault)
        plan.add_selection("Tagged", resources=[backup.BackupResource.from_tag("backup", f"group{i}")])


def build_aws_cdk_lib(stack: Any, units: int) -> None:
    from aws_cdk import aws_backup as backup

    for i in range(units):
        vault = backup.BackupVault(stack, f"Vault{i}")
        plan = backup.BackupPlan.daily_weekly_monthly5_year_retention(stack, f"Plan{i}", vault)
        plan.add_selection("Tagged", resources=[backup.BackupResource.from_tag("backup", f"group{i}")])


def build_floor(stack: Any, units: int) -> None:
    """The same resources as plain ``CfnResource``s with JSON properties: the cost of the kernel alone."""
    import aws_cdk as cdk

    partition_policy = {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"},
                                          ":iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"]]}
    for i in range(units):
        vault = cdk.CfnResource(stack, f"Vault{i}", type="AWS::Backup::BackupVault",
                                properties={"BackupVaultName": f"{stack.stack_name}Vault{i}"})
        vault.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
        target = {"Fn::GetAtt": [f"Vault{i}", "BackupVaultName"]}
        rules = [
            {"RuleName": "Daily", "ScheduleExpression": "cron(0 5 * * ? *)", "TargetBackupVault": target,
             "Lifecycle": {"DeleteAfterDays": 35}},
            {"RuleName": "Weekly", "ScheduleExpression": "cron(0 5 ? * SAT *)", "TargetBackupVault": target,
             "Lifecycle": {"DeleteAfterDays": 90}},
            {"RuleName": "Monthly5Year", "ScheduleExpression": "cron(0 5 1 * ? *)", "TargetBackupVault": target,
             "Lifecycle": {"DeleteAfterDays": 1825, "MoveToColdStorageAfterDays": 90}},
        ]
        cdk.CfnResource(stack, f"Plan{i}", type="AWS::Backup::BackupPlan",
                        properties={"BackupPlan": {"BackupPlanName": f"Plan{i}", "BackupPlanRule": rules}})
        cdk.CfnResource(stack, f"Role{i}", type="AWS::IAM::Role", properties={
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "ManagedPolicyArns": [partition_policy]})
        cdk.CfnResource(stack, f"Selection{i}", type="AWS::Backup::BackupSelection", properties={
            "BackupPlanId": {"Fn::GetAtt": [f"Plan{i}", "BackupPlanId"]},
            "BackupSelection": {"SelectionName": "Tagged", "IamRoleArn": {"Fn::GetAtt": [f"Role{i}", "Arn"]},
                                "ListOfTags": [{"ConditionKey": "backup", "ConditionType": "STRINGEQUALS",
                                                "ConditionValue": f"group{i}"}]}})


BUILDERS = {"cdk_backup": build_cdk_backup, "aws_cdk_lib": build_aws_cdk_lib, "floor": build_floor}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--impl", choices=sorted(BUILDERS), required=True)
    parser.add_argument("--units", type=int, default=1)
    parser.add_argument("--stacks", type=int, default=1)
    args = parser.parse_args()
    marks = {"start": time.perf_counter()}
    import aws_cdk as cdk

    with tempfile.TemporaryDirectory() as outdir:
        app = cdk.App(outdir=outdir)
        stacks = [cdk.Stack(app, f"Bench{s}") for s in range(args.stacks)]
        marks["aws_cdk"] = time.perf_counter()
        for stack in stacks:
            BUILDERS[args.impl](stack, args.units)
        marks["build"] = time.perf_counter()
        assembly = app.synth()
        marks["synth"] = time.perf_counter()
        count = sum(len(a.template.get("Resources", {})) for a in assembly.stacks)
    phases, last = {}, marks.pop("start")
    for phase, at in marks.items():
        phases[phase], last = round(at - last, 4), at
    print(json.dumps({"resources": count, **phases}))


if __name__ == "__main__":
    main()
