"""Compliance example: ``python -m cdk_backup.run examples/compliance/app.py``, then
``python -m cdk_backup check cdk.out --policy examples/compliance/policy.json``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import aws_cdk as cdk

import cdk_backup as backup
from examples.compliance.stack import build

app = cdk.App()
policy = backup.BackupPolicy.from_file(Path(__file__).with_name("policy.json"))
cdk.Validations.of(app).add_plugins(backup.BackupChecks(policy=policy))
build(app)
app.synth()
