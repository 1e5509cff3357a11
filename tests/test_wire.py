"""``_wire``: jsii calls written to the kernel by us must send what jsii sends and behave as jsii does."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import jsii
import jsii._kernel.providers.process as process
import pytest
from aws_cdk import aws_backup as l1
from constructs import Construct

from cdk_backup import _wire
from tests.conftest import new_stack, record_kernel_requests, synth_template


def test_this_jsii_has_what_the_fast_path_needs() -> None:
    assert _wire.ENABLED, "jsii's internals moved: every call now takes jsii's slower path"


def _as_jsii_sends(monkeypatch: pytest.MonkeyPatch, call: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The request ``call(module)`` sends through ``_wire`` and through jsii itself (``_wire`` off)."""
    sent = record_kernel_requests(monkeypatch)
    call()
    ours = sent[-1]
    monkeypatch.setattr(_wire, "ENABLED", False)
    call()
    theirs = json.loads(json.dumps(sent[-1], default=process.jdefault))
    assert (ours.pop("via"), theirs.pop("via")) == ("wire", "jsii")
    return json.loads(json.dumps(ours)), theirs


def test_a_create_sends_the_request_jsii_sends(monkeypatch: pytest.MonkeyPatch) -> None:
    stack = new_stack()
    props = {"backupVaultName": "vault-name", "removalPolicy": cdk.RemovalPolicy.RETAIN, "notificationEvents": [],
             "lockConfiguration": {"minRetention": cdk.Duration.days(1)}}
    names = iter(["A", "B"])

    def create() -> None:
        _wire.create(l1.BackupVault, l1.BackupVault.__new__(l1.BackupVault), [stack, next(names), props])

    ours, theirs = _as_jsii_sends(monkeypatch, create)
    theirs.pop("created"), ours.pop("created")
    assert ours["args"][1:] == ["A", theirs["args"][2]] and theirs["args"][1] == "B"
    assert {k: v for k, v in ours.items() if k != "args"} == {k: v for k, v in theirs.items() if k != "args"}


@pytest.mark.parametrize("call", [
    lambda stack: _wire.sinvoke(l1.BackupResource, "fromTag", ["k", "v"]),
    lambda stack: _wire.get(stack, "stackName"),
    lambda stack: _wire.invoke(stack.node, "tryFindChild", ["Nope"]),
], ids=["sinvoke", "get", "invoke"])
def test_other_calls_send_what_jsii_sends_and_return_the_same(monkeypatch: pytest.MonkeyPatch, call: Any) -> None:
    stack = new_stack()
    results: list[Any] = []
    ours, theirs = _as_jsii_sends(monkeypatch, lambda: results.append(call(stack)))
    assert ours == theirs
    assert type(results[0]) is type(results[1])
    if isinstance(results[0], str):
        assert results[0] == results[1]


def test_errors_are_raised_as_jsii_raises_them() -> None:
    stack = new_stack()
    Construct(stack, "Taken")
    with pytest.raises(RuntimeError, match="There is already a Construct with name 'Taken'") as raised:
        _wire.create(Construct, Construct.__new__(Construct), [stack, "Taken"])
    assert type(raised.value.__cause__).__name__ == "JavaScriptError"


def test_arguments_jsii_must_convert_fall_back_to_jsii(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Python-implemented interface (here an aspect) is created by jsii itself, first."""

    @jsii.implements(cdk.IAspect)
    class Visit:
        def __init__(self) -> None:
            self.seen: list[str] = []

        def visit(self, node: Any) -> None:
            self.seen.append(node.node.path)

    stack = new_stack()
    aspect, aspects = Visit(), cdk.Aspects.of(stack)
    sent = record_kernel_requests(monkeypatch)
    _wire.invoke(aspects, "add", [aspect])
    assert [(r["api"], r["via"]) for r in sent] == [("create", "jsii"), ("invoke", "jsii")]
    cdk.CfnWaitConditionHandle(stack, "Child")
    synth_template(stack)
    assert "TestStack/Child" in aspect.seen  # and Node calls back into it as before


@jsii.implements(cdk.IResolvable)
class _Answer:
    """A token implemented in Python: Node calls back ``resolve`` while it resolves it."""

    creation_stack: list[str] = []

    def resolve(self, context: Any) -> str:
        return "forty-two"

    def to_string(self) -> str:
        return cdk.Token.as_string(self)


def test_a_callback_during_a_call_is_run_by_jsii(monkeypatch: pytest.MonkeyPatch) -> None:
    stack = new_stack()
    answer = _Answer()
    cdk.Token.as_string(answer)  # jsii creates the Python object in Node: from now on it is a plain ref
    sent = record_kernel_requests(monkeypatch)
    assert _wire.invoke(stack, "resolve", [answer]) == "forty-two"
    assert sent[0]["api"] == "invoke" and sent[0]["via"] == "wire"  # the answer was a callback into Python


def test_with_host_stack_traces_jsii_sends_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """JSII_HOST_STACK_TRACES=1 adds Python stack traces to requests: only jsii's path does that."""
    stack = new_stack()
    monkeypatch.setenv("JSII_HOST_STACK_TRACES", "1")

    def not_here(request: dict[str, Any]) -> Any:
        raise AssertionError(request)

    monkeypatch.setattr(_wire, "_send", not_here)
    assert _wire.get(stack, "stackName") == "TestStack"
