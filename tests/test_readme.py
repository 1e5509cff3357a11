"""Every ```python block of README.md runs, each in its own fresh App and Stack.

The convention (stated in the README's *Development* section):

- A block starts with ``cdk`` (``import aws_cdk as cdk``), ``backup`` (``import cdk_backup as backup``),
  ``Duration``, ``app`` (a new ``cdk.App``) and ``stack`` (a new ``cdk.Stack`` in it). Anything else it
  uses it defines or imports itself, or names in an HTML comment just before the block:
  ``<!-- setup: vault, plan, iam -->``. The names it may ask for are those of ``SETUP`` below
  (modules such as ``iam`` or ``events``, and ready-made constructs such as ``vault``, ``plan`` or
  ``topic``, whose construct ids start with ``Setup`` so that they never clash with the block's).
- The block runs in an empty temporary folder; after it, the app is synthesized, so checks that need
  the whole app run too.
- ``<!-- no-run: reason -->`` before a block skips it (say why); blocks tagged other than ``python``
  (``bash``, ``text``...) are never run.

Tests are named after the heading above the block (``Vaults``, ``Plans and rules-2``...).
"""

from __future__ import annotations

import linecache
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
FENCE = re.compile(r"^```(\S*)\s*$")
DIRECTIVE = re.compile(r"^<!--\s*(setup|no-run):(.*?)-->\s*$")


@dataclass
class Block:
    name: str
    line: int  # 1-based line of the block's first code line
    code: str
    setup: list[str]
    skip: str | None


def blocks(text: str) -> list[Block]:
    found: list[Block] = []
    heading, counts, lines = "top", {}, text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence is None:
            if line.startswith("#"):
                heading = line.lstrip("#").strip().replace("`", "")
            i += 1
            continue
        language, start = fence.group(1), i + 1
        end = next(j for j in range(start, len(lines)) if lines[j].strip() == "```")
        if language == "python":
            setup: list[str] = []
            skip = None
            j = i - 1
            while j >= 0 and DIRECTIVE.match(lines[j]):
                kind, value = DIRECTIVE.match(lines[j]).groups()  # type: ignore[union-attr]
                if kind == "setup":
                    setup += [n.strip() for n in value.split(",") if n.strip()]
                else:
                    skip = value.strip() or "no-run"
                j -= 1
            counts[heading] = counts.get(heading, 0) + 1
            name = heading if counts[heading] == 1 else f"{heading}-{counts[heading]}"
            found.append(Block(name, start + 1, "\n".join(lines[start:end]), setup, skip))
        i = end + 1
    return found


def _module(path: str) -> Callable[[dict[str, Any]], Any]:
    def load(_: dict[str, Any]) -> Any:
        import importlib

        return importlib.import_module(path)

    return load


def _data_stack(ns: dict[str, Any]) -> Any:
    from aws_cdk import aws_dynamodb as dynamodb
    from constructs import Construct

    data = Construct(ns["stack"], "SetupData")
    dynamodb.Table(data, "Table", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))
    return data


def _table(ns: dict[str, Any]) -> Any:
    from aws_cdk import aws_dynamodb as dynamodb

    return dynamodb.Table(ns["stack"], "SetupTable",
                          partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))


def _database(ns: dict[str, Any]) -> Any:
    from aws_cdk import aws_rds as rds

    return rds.DatabaseInstance.from_database_instance_attributes(
        ns["stack"], "SetupDatabase", instance_identifier="orders", instance_endpoint_address="orders.example.com",
        port=5432, security_groups=[])


def _role(id: str) -> Callable[[dict[str, Any]], Any]:
    def build(ns: dict[str, Any]) -> Any:
        from aws_cdk import aws_iam as iam

        return iam.Role(ns["stack"], id, assumed_by=iam.AccountRootPrincipal())

    return build


def _bucket(id: str) -> Callable[[dict[str, Any]], Any]:
    def build(ns: dict[str, Any]) -> Any:
        from aws_cdk import aws_s3 as s3

        return s3.Bucket(ns["stack"], id, versioned=True, enforce_ssl=True)

    return build


#: What a block may name in ``<!-- setup: ... -->``: modules, then constructs (built in this order).
SETUP: dict[str, Callable[[dict[str, Any]], Any]] = {
    "iam": _module("aws_cdk.aws_iam"),
    "kms": _module("aws_cdk.aws_kms"),
    "sns": _module("aws_cdk.aws_sns"),
    "s3": _module("aws_cdk.aws_s3"),
    "events": _module("aws_cdk.aws_events"),
    "targets": _module("aws_cdk.aws_events_targets"),
    "cloudwatch": _module("aws_cdk.aws_cloudwatch"),
    "dynamodb": _module("aws_cdk.aws_dynamodb"),
    "rds": _module("aws_cdk.aws_rds"),
    "ec2": _module("aws_cdk.aws_ec2"),
    "RemovalPolicy": lambda ns: ns["cdk"].RemovalPolicy,
    "key": lambda ns: SETUP["kms"](ns).Key(ns["stack"], "SetupKey", enable_key_rotation=True),
    "topic": lambda ns: SETUP["sns"](ns).Topic(ns["stack"], "SetupTopic"),
    "vault": lambda ns: ns["backup"].BackupVault(ns["stack"], "SetupVault"),
    "dr_vault": lambda ns: ns["backup"].BackupVault(ns["stack"], "SetupDrVault"),
    "imported": lambda ns: ns["backup"].BackupVault.from_backup_vault_arn(
        ns["stack"], "SetupImported", "arn:aws:backup:eu-west-1:222233334444:backup-vault:central"),
    "lag": lambda ns: ns["backup"].LogicallyAirGappedVault(
        ns["stack"], "SetupAirGapped", min_retention=ns["Duration"].days(7), max_retention=ns["Duration"].days(400)),
    "plan": lambda ns: ns["backup"].BackupPlan.daily35_day_retention(
        ns["stack"], "SetupPlan", ns.get("vault") or SETUP["vault"](ns)),
    "deploy_role": _role("SetupDeployRole"),
    "break_glass_role": _role("SetupBreakGlassRole"),
    "table": _table,
    "db": _database,
    "database": _database,
    "bucket": _bucket("SetupBucket"),
    "reports_bucket": _bucket("SetupReports"),
    "data_stack": _data_stack,
    "subnet_group": lambda ns: SETUP["rds"](ns).SubnetGroup.from_subnet_group_name(
        ns["stack"], "SetupSubnetGroup", "orders-subnets"),
    "security_group": lambda ns: SETUP["ec2"](ns).SecurityGroup.from_security_group_id(
        ns["stack"], "SetupSecurityGroup", "sg-0123456789abcdef0"),
}

BLOCKS = blocks(README.read_text())


def test_the_readme_has_python_blocks_and_each_setup_name_is_known() -> None:
    assert len(BLOCKS) >= 5
    for block in BLOCKS:
        unknown = [n for n in block.setup if n not in SETUP]
        assert not unknown, f"README.md:{block.line} ({block.name}): unknown setup {unknown}; known: {sorted(SETUP)}"


@pytest.mark.parametrize("block", BLOCKS, ids=[b.name for b in BLOCKS])
def test_readme_block_runs(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if block.skip:
        pytest.skip(f"README.md:{block.line}: {block.skip}")
    monkeypatch.chdir(tmp_path)  # whatever a block writes stays out of the repository
    import aws_cdk as cdk

    import cdk_backup as backup

    with tempfile.TemporaryDirectory() as outdir:
        app = cdk.App(outdir=outdir)
        stack = cdk.Stack(app, "Readme", synthesizer=cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False))
        namespace: dict[str, Any] = {"cdk": cdk, "backup": backup, "Duration": cdk.Duration, "app": app,
                                     "stack": stack, "__name__": "readme_block"}
        for name in block.setup:
            namespace[name] = SETUP[name](namespace)
        # Tracebacks show the block's own lines (line 1 is README.md line ``block.line``).
        filename = f"README.md block at line {block.line}"
        linecache.cache[filename] = (len(block.code), None, block.code.splitlines(True), filename)
        missing = None
        try:
            exec(compile(block.code, filename, "exec"), namespace)
        except NameError as error:
            missing = str(error)
        if missing:
            pytest.fail(f"README.md:{block.line} ({block.name}): {missing}; define it in the block or name it in "
                        f"<!-- setup: ... --> (known: {', '.join(sorted(SETUP))})", pytrace=False)
        namespace["app"].synth()
