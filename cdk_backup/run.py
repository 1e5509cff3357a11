"""Run a CDK app (or a module) with a supported Node.

``python -m cdk_backup.run app.py`` runs a script; ``python -m cdk_backup.run -m pytest …`` runs a
module. Both point jsii at the Node of the ``node`` extra (``JSII_NODE``) unless one is chosen, so
they work without an activated virtual environment on machines whose own Node is missing or
end-of-life; child processes (pytest-xdist workers) inherit the choice.

For an app script it writes the cloud assembly to ``cdk.out/`` (unless ``CDK_OUTDIR`` says otherwise,
as the CDK CLI does), and turns off the construct stack traces in the cloud assembly metadata
(``aws:cdk:disable-stack-trace``, what ``cdk.App(stack_traces=False)`` does), unless ``CDK_DEBUG`` is
set (``cdk synth --debug-app``): the CDK CLI prints the first frame of each warning's trace that is not under
``node_modules``, which for a Python app is always a line of jsii's kernel (``…/lib/program.js:1:5591``).
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from collections.abc import MutableMapping

from cdk_backup._node import ensure_supported_node

CONTEXT_ENV = "CDK_CONTEXT_JSON"
DISABLE_STACK_TRACE = "aws:cdk:disable-stack-trace"


def quiet_stack_traces(environ: MutableMapping[str, str] = os.environ) -> None:
    """Add ``aws:cdk:disable-stack-trace`` to the app's context (``CDK_CONTEXT_JSON``), unless debugging."""
    if environ.get("CDK_DEBUG", "").lower() in ("1", "true", "yes"):
        return
    try:
        context = json.loads(environ.get(CONTEXT_ENV) or "{}")
    except ValueError:
        return
    if isinstance(context, dict) and DISABLE_STACK_TRACE not in context:
        context[DISABLE_STACK_TRACE] = True
        environ[CONTEXT_ENV] = json.dumps(context)


def main(argv: list[str]) -> None:
    if not argv or argv == ["-m"]:
        raise SystemExit("usage: python -m cdk_backup.run (APP.py | -m MODULE) [ARGS...]")
    ensure_supported_node()
    if argv[0] == "-m":
        sys.argv = list(argv[1:])
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        return
    quiet_stack_traces()
    os.environ.setdefault("CDK_OUTDIR", "cdk.out")  # as `cdk synth` does; the CLI sets its own
    # aws-cdk-lib then puts a policy-validation report in the error instead of printing it from Node
    # (whose output jsii copies on another thread, so it could land inside the traceback): the report
    # is printed here once, before anything else, and the app exits 1 without a traceback.
    os.environ.setdefault("CDK_APP_MODE", "inmemory")
    sys.argv = list(argv)
    try:
        runpy.run_path(argv[0], run_name="__main__")
    except RuntimeError as error:
        if not str(error).startswith("ValidationFailed: "):
            raise
        print(str(error).removeprefix("ValidationFailed: "), file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main(sys.argv[1:])
