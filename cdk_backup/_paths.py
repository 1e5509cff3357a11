"""Construct paths and unique ids computed in Python.

Reading ``node.path`` or calling ``Names.unique_id`` costs jsii round trips for every construct.
A scope's path is read once and cached; a child's path and unique id follow from it with
aws-cdk-lib's own algorithm (``makeUniqueId``), so names are identical to aws-cdk-lib's.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from constructs import IConstruct

_NON_ALPHANUMERIC = re.compile(r"[^A-Za-z0-9]")
_ATTRIBUTE = "_cdk_backup_path"


def path_of(scope: IConstruct) -> str:
    """``scope.node.path``, read from jsii once per scope."""
    path: str | None = getattr(scope, _ATTRIBUTE, None)
    if path is None:
        path = str(scope.node.path)
        remember(scope, path)
    return path


def remember(construct: object, path: str) -> None:
    """Record a construct's path on it (our constructs know theirs without asking jsii)."""
    setattr(construct, _ATTRIBUTE, path)


def child_path(scope: IConstruct, child_id: str) -> str:
    parent = path_of(scope)
    return f"{parent}/{child_id}" if parent else child_id


def unique_id(path: str) -> str:
    """``Names.unique_id`` of the construct at ``path`` (aws-cdk-lib's makeUniqueId)."""
    components = [c for c in path.split("/") if c and c != "Default"]
    if not components:
        return ""
    if len(components) == 1:
        candidate = _NON_ALPHANUMERIC.sub("", components[0])
        if len(candidate) <= 255:
            return candidate
    digest = hashlib.md5("/".join(components).encode(), usedforsecurity=False).hexdigest()[:8].upper()
    human: list[str] = []
    for component in components:
        if not human or not human[-1].endswith(component):
            human.append(component)
    text = "".join(_NON_ALPHANUMERIC.sub("", c) for c in human if c != "Resource")[:240]
    return text + digest
