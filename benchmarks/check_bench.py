"""Time of ``cdk_backup.check`` on a large cloud assembly, beside cfn-lint on the same templates.

The assembly is generated (CloudFormation as aws-cdk-lib writes it, built here in plain Python so
that generating 5,000 resources takes a second, not minutes of synthesis): ``--stacks`` stacks of
``--resources`` resources each, among them vaults (some locked, some air-gapped), plans of two rules
with copies, selections of four kinds (tags, references by ``Fn::GetAtt``/``Fn::Join``, references
to another stack's exports, wildcards with AND conditions and ``NotResources``) and the resources
they protect (DynamoDB, S3, EBS, EC2, RDS, EFS), with tags.

Each measurement runs ``check()`` in a fresh process (``--child``) and reports its own wall and CPU
time (reading the templates included, Python start-up and imports excluded). ``--scale`` also runs
a quarter and a half of the assembly to show the growth is linear.

    python benchmarks/check_bench.py                  # 5,000 resources, 10 stacks, 500 selections
    python benchmarks/check_bench.py --scale --runs 5 # also 1,000 and 2,500 resources
    python benchmarks/check_bench.py --cfn-lint-templates 0   # cfn-lint on all ten templates (minutes)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("table", "bucket", "volume", "instance", "database", "filesystem")
TIERS = ("gold", "silver", "bronze")
SCHEDULES = ("cron(0 5 * * ? *)", "cron(0 3 ? * SUN *)", "cron(30 1 1 * ? *)", "cron(0 */12 * * ? *)")


# ---------------------------------------------------------------------------------------- the assembly
def _arn(service: str, resource: str, ref: str) -> dict[str, Any]:
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":{service}:", {"Ref": "AWS::Region"}, ":",
                              {"Ref": "AWS::AccountId"}, f":{resource}", {"Ref": ref}]]}


def _protected(kind: str, index: int, stack: int) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A resource and the ARN a selection would use for it."""
    tags = [{"Key": "backup", "Value": TIERS[index % 3]}, {"Key": "app", "Value": f"s{stack}-app{index % 40}"},
            {"Key": "team", "Value": f"s{stack}-team{index % 25}"},
            {"Key": "env", "Value": "test" if index % 10 == 0 else "prod"}]
    logical = f"{kind.title()}{index:04d}"
    if kind == "table":
        props = {"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                 "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                 "BillingMode": "PAY_PER_REQUEST", "Tags": tags}
        return {"Type": "AWS::DynamoDB::Table", "Properties": props}, {"Fn::GetAtt": [logical, "Arn"]}
    if kind == "bucket":
        props = {"VersioningConfiguration": {"Status": "Enabled"}, "Tags": tags}
        return {"Type": "AWS::S3::Bucket", "Properties": props}, {"Fn::GetAtt": [logical, "Arn"]}
    if kind == "volume":
        props = {"AvailabilityZone": "us-east-1a", "Size": 10, "Encrypted": True, "Tags": tags}
        return {"Type": "AWS::EC2::Volume", "Properties": props}, _arn("ec2", "volume/", logical)
    if kind == "instance":
        props = {"ImageId": "ami-12345678", "InstanceType": "t3.small", "Tags": tags}
        return {"Type": "AWS::EC2::Instance", "Properties": props}, _arn("ec2", "instance/", logical)
    if kind == "database":
        props = {"Engine": "postgres", "DBInstanceClass": "db.t3.micro", "AllocatedStorage": "20",
                 "StorageEncrypted": True, "MasterUsername": "admin", "ManageMasterUserPassword": True, "Tags": tags}
        return {"Type": "AWS::RDS::DBInstance", "Properties": props}, _arn("rds", "db:", logical)
    props = {"Encrypted": True, "FileSystemTags": tags}
    return {"Type": "AWS::EFS::FileSystem", "Properties": props}, {"Fn::GetAtt": [logical, "Arn"]}


def generate(directory: Path, stacks: int, per_stack: int, selections: int) -> int:
    """Write a cloud assembly; returns the number of resources."""
    directory.mkdir(parents=True, exist_ok=True)
    artifacts: dict[str, Any] = {}
    per_stack_selections = max(1, selections // stacks)
    vaults, plans = 10, max(1, per_stack_selections // 2)
    total = 0
    previous_exports: list[str] = []
    for number in range(stacks):
        name = f"Data{number:02d}"
        resources: dict[str, Any] = {}
        outputs: dict[str, Any] = {}
        paths: dict[str, list[dict[str, str]]] = {f"/{name}": []}
        for v in range(vaults):
            props: dict[str, Any] = {"BackupVaultName": f"{name}-vault-{v}"}
            kind = "AWS::Backup::BackupVault"
            if v == vaults - 1:
                kind = "AWS::Backup::LogicallyAirGappedBackupVault"
                props.update(MinRetentionDays=7, MaxRetentionDays=3650)
            elif v % 3 == 0:
                props["LockConfiguration"] = {"MinRetentionDays": 1, "MaxRetentionDays": 3650}
            resources[f"Vault{v}"] = {"Type": kind, "Properties": props, "DeletionPolicy": "Retain",
                                      "UpdateReplacePolicy": "Retain"}
        for p in range(plans):
            rules = []
            for r in range(2):
                rule: dict[str, Any] = {
                    "RuleName": f"Rule{r}", "ScheduleExpression": SCHEDULES[(p + r) % len(SCHEDULES)],
                    "TargetBackupVault": {"Fn::GetAtt": [f"Vault{(p + r) % (vaults - 1)}", "BackupVaultName"]},
                    "Lifecycle": {"DeleteAfterDays": 35 if r == 0 else 365},
                }
                if r == 1:
                    rule["CopyActions"] = [{"DestinationBackupVaultArn": {"Fn::GetAtt": [f"Vault{vaults - 1}",
                                                                                         "BackupVaultArn"]},
                                            "Lifecycle": {"DeleteAfterDays": 365}}]
                rules.append(rule)
            resources[f"Plan{p}"] = {"Type": "AWS::Backup::BackupPlan",
                                     "Properties": {"BackupPlan": {"BackupPlanName": f"{name}-plan-{p}",
                                                                   "BackupPlanRule": rules}}}
        protected_count = per_stack - vaults - plans - per_stack_selections
        arns: list[dict[str, Any]] = []
        for index in range(max(0, protected_count)):
            kind = KINDS[index % len(KINDS)]
            resource, arn = _protected(kind, index, number)
            logical = f"{kind.title()}{index:04d}"
            resources[logical] = resource
            paths[f"/{name}/{kind.title()}{index:04d}/Resource"] = [{"type": "aws:cdk:logicalId", "data": logical}]
            if arn is not None:
                arns.append(arn)
                if index % 13 == 0:  # exported for the next stack's selections
                    output = f"ExportsOutput{logical}Arn"
                    outputs[output] = {"Value": arn, "Export": {"Name": f"{name}:{output}"}}
        imports = [{"Fn::ImportValue": f"Data{number - 1:02d}:{o}"} for o in previous_exports] if number else []
        previous_exports = list(outputs)
        for s in range(per_stack_selections):
            body: dict[str, Any] = {"SelectionName": f"sel{s}",
                                    "IamRoleArn": f"arn:aws:iam::123456789012:role/backup-{number}"}
            kind = s % 4
            if s == 0:  # one broad selection per stack: everything tagged backup=gold, in every stack
                body["ListOfTags"] = [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup",
                                       "ConditionValue": "gold"}]
            elif kind == 0:
                body["ListOfTags"] = [{"ConditionType": "STRINGEQUALS", "ConditionKey": "app",
                                       "ConditionValue": f"s{number}-app{s % 40}"}]
            elif kind == 1:
                body["Resources"] = arns[s % max(1, len(arns) - 5):][:5]
            elif kind == 2:
                body["Resources"] = (imports[s % max(1, len(imports)):][:3] if imports else arns[:2])
            else:
                body["Resources"] = ["arn:aws:dynamodb:*:*:table/*", "arn:aws:ec2:*:*:volume/*"]
                body["Conditions"] = {"StringEquals": [{"ConditionKey": "aws:ResourceTag/team",
                                                        "ConditionValue": f"s{number}-team{s % 25}"}],
                                      "StringNotLike": [{"ConditionKey": "aws:ResourceTag/env",
                                                         "ConditionValue": "*test*"}]}
                body["NotResources"] = ["arn:aws:ec2:*:*:volume/vol-0000"]
            resources[f"Selection{s}"] = {"Type": "AWS::Backup::BackupSelection",
                                          "Properties": {"BackupPlanId": {"Ref": f"Plan{s % plans}"},
                                                         "BackupSelection": body}}
        template = {"Resources": resources, **({"Outputs": outputs} if outputs else {})}
        total += len(resources)
        (directory / f"{name}.template.json").write_text(json.dumps(template, indent=1))
        (directory / f"{name}.metadata.json").write_text(json.dumps(paths))
        artifacts[name] = {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
                           "properties": {"templateFile": f"{name}.template.json"},
                           "additionalMetadataFile": f"{name}.metadata.json", "displayName": name}
    (directory / "manifest.json").write_text(json.dumps({"version": "55.0.0", "artifacts": artifacts}))
    return total


# ---------------------------------------------------------------------------------------- measuring
def _child(directory: str) -> None:
    """Run in a fresh process: import first, then time check() alone."""
    import cdk_backup.check as checker

    wall, cpu = time.perf_counter(), time.process_time()
    report = checker.check(directory)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    summary = report.summary()
    print(json.dumps({"wall": wall, "cpu": cpu, "resources": summary["resources"], "findings": len(report.findings),
                      "protected": summary["protected"], "undecided": summary["undecided"],
                      "aws_cdk_loaded": "aws_cdk" in sys.modules}))


def measure(directory: Path, runs: int) -> list[dict[str, Any]]:
    samples = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(runs):
        out = subprocess.run([sys.executable, __file__, "--child", str(directory)], capture_output=True, text=True,
                             check=True, env=env)
        samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return samples


def cfn_lint_seconds(directory: Path, count: int) -> tuple[float, int, int]:
    """Wall time of cfn-lint (its Python API, one process) on ``count`` templates of the assembly (0: all).

    Returns the seconds, the templates linted and the templates in the assembly.
    """
    files = sorted(directory.glob("*.template.json"))
    chosen = files if count <= 0 else files[:count]
    code = ("import sys, time, pathlib, cfnlint.api as api\n"
            "files = [pathlib.Path(p) for p in sys.argv[1:]]\n"
            "t = time.perf_counter()\n"
            "for f in files: api.lint(f.read_text(), config=api.ManualArgs(regions=['us-east-1']))\n"
            "print(time.perf_counter() - t)\n")
    out = subprocess.run([sys.executable, "-c", code, *map(str, chosen)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1]), len(chosen), len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stacks", type=int, default=10)
    parser.add_argument("--resources", type=int, default=500, help="resources per stack")
    parser.add_argument("--selections", type=int, default=500, help="selections in all")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", action="store_true", help="also run 1/4 and 1/2 of the assembly (linearity)")
    parser.add_argument("--no-cfn-lint", action="store_true")
    parser.add_argument("--cfn-lint-templates", type=int, default=1, metavar="N",
                        help="templates cfn-lint lints (0: all; it takes about 35 s per 500-resource template, so "
                             "the default lints one and scales the time to the assembly)")
    parser.add_argument("--child", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child)
        return 0
    fractions = (0.25, 0.5, 1.0) if args.scale else (1.0,)
    print(f"cdk_backup.check on generated assemblies ({os.cpu_count()} CPUs, Python {sys.version.split()[0]}); "
          f"median of {args.runs} fresh processes, check() only")
    print(f"{'stacks':>6} {'resources':>9} {'selections':>10} {'wall s':>7} {'cpu s':>6} {'min':>6} {'max':>6} "
          f"{'us/resource':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        last = Path(tmp)
        for fraction in fractions:
            stacks = max(1, round(args.stacks * fraction))
            directory = Path(tmp) / f"asm-{stacks}"
            total = generate(directory, stacks, args.resources, round(args.selections * fraction))
            samples = measure(directory, args.runs)
            walls = [s["wall"] for s in samples]
            wall, cpu = statistics.median(walls), statistics.median(s["cpu"] for s in samples)
            print(f"{stacks:>6} {total:>9,} {round(args.selections * fraction):>10} {wall:>7.2f} {cpu:>6.2f} "
                  f"{min(walls):>6.2f} {max(walls):>6.2f} {wall / total * 1e6:>11.0f}")
            if samples[0]["aws_cdk_loaded"]:
                print("  (aws_cdk was imported: the checker must not need it)")
            last = directory
        print(f"  last run: {samples[0]['protected']:,} protected, {samples[0]['undecided']:,} undecided, "
              f"{samples[0]['findings']:,} findings")
        if not args.no_cfn_lint:
            seconds, linted, total = cfn_lint_seconds(last, args.cfn_lint_templates)
            scaled = "" if linted == total else f", so about {seconds / linted * total:.0f} s for all {total}"
            print(f"cfn-lint on {linted} of the same {total} templates (for scale): {seconds:.1f} s{scaled}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
