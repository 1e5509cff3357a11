"""Organization example: ``make synth EXAMPLE=examples/organization/app.py``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import aws_cdk as cdk

from examples.organization.stack import build

app = cdk.App()
build(app)
app.synth()
