"""Run a CDK app (or a module) with a supported Node.

``python -m cdk_backup.run app.py`` runs a script; ``python -m cdk_backup.run -m pytest …`` runs a
module. ``cdk.json`` and the Makefile use it so that everything works on machines whose own Node is
missing or end-of-life, as long as the ``node`` extra is installed; child processes (pytest-xdist
workers) inherit the choice.
"""

from __future__ import annotations

import runpy
import sys

from cdk_backup._node import ensure_supported_node


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit("usage: python -m cdk_backup.run (APP.py | -m MODULE) [ARGS...]")
    ensure_supported_node()
    if argv[0] == "-m":
        sys.argv = list(argv[1:])
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        return
    sys.argv = list(argv)
    runpy.run_path(argv[0], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
