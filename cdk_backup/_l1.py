"""Creating and updating aws-cdk-lib L1 resources in one jsii call each.

The generated Python constructors first build struct objects and type-check every nested value in
Python, then send one ``create`` to the kernel. Our property dicts are built here, in camelCase,
exactly as the kernel receives structs, so they go straight to the kernel (through ``_wire``, which
writes plain requests itself and leaves the rest to jsii). Templates are the same (snapshot tests and
cfn-lint cover them); only Python-side work is saved.
"""

from __future__ import annotations

from typing import Any, TypeVar

from cdk_backup import _wire

T = TypeVar("T")


def new_l1(cls: type[T], scope: object, id: str, props: dict[str, Any]) -> T:
    """``cls(scope, id, **props)`` with camelCase ``props`` (``None`` values dropped)."""
    obj = cls.__new__(cls)
    _wire.create(cls, obj, [scope, id, {k: v for k, v in props.items() if v is not None}])
    return obj


C = TypeVar("C", bound=type)


def overrides_nothing(cls: C) -> C:
    """Let jsii skip its search of ``cls`` for overrides on every object it creates.

    Before each ``create`` jsii walks the Python class hierarchy of the new object, up to the first
    class that is jsii's own, and checks every member of every class on the way against every
    interface found along it: 60-120 us per vault or plan, in Python, for nothing, because our
    constructs override no jsii member. jsii stops the walk at a class with a declared jsii type;
    this marks ``cls`` so. The mark is not inherited (jsii sets it anew on every subclass), so a
    user's subclass is still searched, up to ``cls``. ``tests/test_overrides.py`` checks, for every
    marked class, that jsii's search finds nothing in it, and that a subclass's overrides still count.
    """
    cls.__jsii_declared_type__ = f"cdk_backup.{cls.__qualname__}"  # type: ignore[attr-defined]
    return cls


def init_construct(obj: object, scope: object, id: str, *, node_class: type | None = None,
                   props: dict[str, Any] | None = None, node_has: type | None = None) -> None:
    """``Construct.__init__(obj, scope, id)`` for our Construct subclasses, without re-checking types.

    With ``node_class``, the Node-side object is an instance of that aws-cdk-lib class built with
    ``props``, so one call creates the construct and everything its constructor adds (see
    ``BackupVault``). Our Python class stays the proxy: its methods are ours, reads go by name.

    ``node_has=cls``: when ``obj`` is exactly a ``cls`` (not a user's subclass), the Node-side object
    already has every jsii member ``cls`` overrides, with the same values, so Node needs no callback
    into Python for them: jsii's search for overrides is skipped for this one create (see
    :func:`overrides_nothing`). A selection carried by aws-cdk-lib's ``BackupSelection`` has its own
    ``grantPrincipal`` (its role); the override would cost 0.1 ms per selection and a property
    redefined on every Node object.
    """
    args = [scope, id] if node_class is None else [
        scope, id, {k: v for k, v in (props or {}).items() if v is not None}]
    cls = type(obj)
    if node_has is None or cls is not node_has or cls.__dict__.get("__jsii_declared_type__") is not None:
        _wire.create(node_class or cls, obj, args)
        return
    cls.__jsii_declared_type__ = f"cdk_backup.{cls.__qualname__}"  # type: ignore[attr-defined]
    try:
        _wire.create(node_class or cls, obj, args)
    finally:
        cls.__jsii_declared_type__ = None  # type: ignore[attr-defined]


def node_get(obj: object, prop: str) -> Any:
    """Read a property of the Node-side object by its jsii (camelCase) name: one call."""
    return _wire.get(obj, prop)


def node_invoke(obj: object, method: str, args: list[Any]) -> Any:
    """Call a method of the Node-side object by its jsii (camelCase) name: one call."""
    return _wire.invoke(obj, method, args)


def new_construct(scope: object, id: str) -> Any:
    """A plain ``constructs.Construct`` (used as a parent, so child logical ids match aws-cdk-lib's)."""
    from constructs import Construct

    obj = Construct.__new__(Construct)
    _wire.create(Construct, obj, [scope, id])
    return obj


def set_l1(resource: object, prop: str, value: object) -> None:
    """Replace one L1 property with a plain camelCase dict, in one jsii call."""
    setattr(resource, prop, value)
