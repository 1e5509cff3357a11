"""Run a CDK app with a supported Node: ``python -m cdk_backup.run app.py``.

``cdk.json`` uses this so that ``cdk synth`` works on machines whose own Node is missing
or end-of-life, as long as the ``node`` extra is installed.
"""

from __future__ import annotations

import runpy
import sys

from cdk_backup._node import ensure_supported_node


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit("usage: python -m cdk_backup.run APP.py [ARGS...]")
    ensure_supported_node()
    sys.argv = list(argv)
    runpy.run_path(argv[0], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
