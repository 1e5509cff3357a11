"""jsii calls written to the kernel as JSON lines by us, skipping the runtime's generic converters.

A jsii call is one JSON line to the Node kernel and one line back. On the way the jsii Python runtime
structures every request and response with cattrs, walks the arguments and searches the object's
classes for overrides: about 180 us of Python CPU per ``create``, against about 40 us to write the
same line with ``json.dumps`` and read the answer (measured in session 8, see benchmarks/README.md).
The kernel waits meanwhile, so it is wall time too, four times per backup unit.

Only plain arguments take this path: JSON values, dicts (sent as ``$jsii.map``, as jsii does), lists,
jsii enum members and objects that already live in Node. The request is the one jsii would send,
overrides and interfaces included (computed by jsii's own functions). An answer other than a plain
result (an error, or a callback into Python) goes through jsii's own machinery, so errors, callbacks
and the objects returned are the same as through ``jsii.create``/``jsii.sinvoke``/``jsii.invoke``.
Anything else falls back to those functions. If this jsii version lacks an internal used here,
``ENABLED`` is False and every call falls back (``tests/test_wire.py`` fails then, so we notice).
"""

from __future__ import annotations

import enum
import json
from typing import Any

import jsii

try:
    from jsii import _reference_map
    from jsii._kernel import _callback_till_result, _get_overides, _recursize_dereference
    from jsii._kernel.providers.process import _CallbackResponse, _ProcessResponse, ohook
    from jsii._kernel.types import CreateResponse, GetResponse, InvokeResponse, ObjRef
    from jsii._stack_trace import is_enabled as _host_stack_traces
    from jsii.errors import ErrorType, JavaScriptError, JSIIError
except ImportError:  # pragma: no cover - another jsii layout: use the runtime's own path
    ENABLED = False
else:
    ENABLED = True

_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode


class _NotPlain(Exception):
    """An argument the jsii runtime must convert itself (a struct, a Python-implemented object...)."""


def _encode(value: Any) -> Any:
    """``value`` as the kernel receives it, the way jsii's ``_make_reference_for_native`` sends it."""
    if isinstance(value, str) or value is None:
        return value
    if isinstance(value, dict):
        return {"$jsii.map": {key: _encode(item) for key, item in value.items()}}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, enum.Enum):
        fqn = getattr(value, "__jsii_type__", None)
        if fqn is None:
            raise _NotPlain
        return {"$jsii.enum": f"{fqn}/{value.value}"}
    if isinstance(value, (int, float)):  # bool included
        return value
    ref = getattr(value, "__jsii_ref__", None)
    if not isinstance(ref, ObjRef):
        raise _NotPlain
    if ref.interfaces:
        return {"$jsii.byref": ref.ref, "$jsii.interfaces": ref.interfaces}
    return {"$jsii.byref": ref.ref}


def _send(request: dict[str, Any]) -> Any:
    """Write ``request``, read the answer: the ``ok`` value, or a jsii ``Callback`` to be run.

    Raises what jsii raises for an error answer (``RuntimeError`` or ``JSIIError``, caused by a
    ``JavaScriptError`` with the Node stack).
    """
    process = jsii.kernel.provider._process  # type: ignore[attr-defined]
    pipe = process._process
    pipe.stdin.write(_dumps(request).encode() + b"\n")
    pipe.stdin.flush()
    message = json.loads(pipe.stdout.readline(), object_hook=ohook)
    if len(message) == 1 and "ok" in message:
        return message["ok"]
    response = process._serializer.structure(message, _ProcessResponse)
    if isinstance(response, _CallbackResponse):
        return response.callback
    if response.name == ErrorType.JSII_FAULT.value:
        raise JSIIError(response.error) from JavaScriptError(response.stack)  # type: ignore[no-untyped-call]
    raise RuntimeError(response.error) from JavaScriptError(response.stack)  # type: ignore[no-untyped-call]


def _plain(*values: Any) -> list[Any] | None:
    """``values`` encoded for the kernel, or None when jsii must send this call itself."""
    if not ENABLED or _host_stack_traces():
        return None
    try:
        return [_encode(value) for value in values]
    except _NotPlain:
        return None


def create(klass: type, obj: object, args: list[Any]) -> None:
    """``jsii.create(klass, obj, args)``."""
    plain = _plain(args)
    if plain is None:
        jsii.create(klass, obj, args)
        return
    overrides = [{"method": o.method, "property": o.property, "cookie": o.cookie} for o in _get_overides(klass, obj)]
    answer = _send({
        "fqn": klass.__jsii_type__ or "Object",  # type: ignore[attr-defined]
        "args": plain[0], "overrides": overrides,
        "interfaces": [iface.__jsii_type__ for iface in getattr(klass, "__jsii_ifaces__", [])],
        "api": "create"})
    if not hasattr(answer, "ref"):  # a callback (an override of ``obj`` ran in the constructor)
        answer = _callback_till_result(jsii.kernel, answer, CreateResponse)
    obj.__jsii_ref__ = answer  # type: ignore[attr-defined]
    _reference_map.register_reference(obj)


def _result(answer: Any, key: str = "result") -> Any:
    """The dereferenced ``result`` (``value`` for a get) of an answer, running callbacks first."""
    if isinstance(answer, dict):
        return _recursize_dereference(jsii.kernel, answer.get(key))
    kind = InvokeResponse if key == "result" else GetResponse
    return _recursize_dereference(jsii.kernel, _callback_till_result(jsii.kernel, answer, kind))


def sinvoke(klass: type, method: str, args: list[Any]) -> Any:
    """``jsii.sinvoke(klass, method, args)``."""
    plain = _plain(args)
    if plain is None:
        return jsii.sinvoke(klass, method, args)
    return _result(_send({"fqn": klass.__jsii_type__, "method": method,  # type: ignore[attr-defined]
                          "args": plain[0], "api": "sinvoke"}))


def invoke(obj: Any, method: str, args: list[Any]) -> Any:
    """``jsii.invoke(obj, method, args)``."""
    plain = _plain(obj, args)
    if plain is None:
        return jsii.invoke(obj, method, args)
    return _result(_send({"objref": plain[0], "method": method, "args": plain[1], "api": "invoke"}))


def get(obj: Any, prop: str) -> Any:
    """``jsii.get(obj, prop)``."""
    plain = _plain(obj)
    if plain is None:
        return jsii.get(obj, prop)
    return _result(_send({"objref": plain[0], "property": prop, "api": "get"}), "value")
