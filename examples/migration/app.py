"""Run with `python -m cdk_backup.run examples/migration/app.py` (or point cdk.json at it)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import aws_cdk as cdk

from examples.migration.stack import build

app = cdk.App()
build(app)
app.synth()
