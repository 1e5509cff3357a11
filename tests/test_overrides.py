"""jsii's search for overrides: our constructs are marked to skip it, and must really override nothing.

Before each ``create`` jsii looks through the new object's Python classes for members that override
jsii members, so that Node calls back into Python for them. ``overrides_nothing`` lets it stop at
our class; these tests prove the search would have found nothing there, and that a user's subclass
still registers its overrides.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import aws_cdk as cdk
import jsii
import jsii._kernel
import pytest
from aws_cdk import aws_backup as l1
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

import cdk_backup as backup
from tests.conftest import new_stack, record_kernel_requests, synth_template

# Classes jsii is asked to create with (the first one also checks Construct's own members).
NODE_CLASSES = (Construct, l1.BackupVault, l1.BackupPlan, l1.BackupSelection)
# Never created themselves (their subclasses are); Selection really overrides grantPrincipal (sent
# only on its own L1 path: see test_selections_send_the_overrides_node_needs).
UNMARKED = {"VaultBase": [], "OwnedVault": [], "Selection": ["grantPrincipal"]}


def _our_constructs() -> list[type]:
    for module in pkgutil.iter_modules(backup.__path__):
        importlib.import_module(f"cdk_backup.{module.name}")
    found, todo = [], [Construct]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("cdk_backup."):
                found.append(sub)
    return sorted(set(found), key=lambda c: c.__qualname__)


def _jsii_search(cls: type) -> list[str]:
    """What jsii's own search finds in ``cls`` with our mark taken off, for every node class."""
    marked = cls.__dict__.get("__jsii_declared_type__")
    cls.__jsii_declared_type__ = None  # type: ignore[attr-defined]
    try:
        obj = cls.__new__(cls)
        return sorted({o.method or o.property for klass in NODE_CLASSES
                       for o in jsii._kernel._get_overides(klass, obj)})
    finally:
        cls.__jsii_declared_type__ = marked  # type: ignore[attr-defined]


def test_the_walk_finds_our_constructs() -> None:
    names = {c.__qualname__ for c in _our_constructs()}
    assert {"BackupVault", "BackupPlan", "Selection", "Framework", "RestoreTestingSelection"} <= names


@pytest.mark.parametrize("cls", _our_constructs(), ids=lambda c: c.__qualname__)
def test_marked_classes_override_nothing(cls: type) -> None:
    marked = cls.__dict__.get("__jsii_declared_type__") is not None
    assert marked is (cls.__qualname__ not in UNMARKED), "mark it with overrides_nothing, or list it in UNMARKED"
    assert _jsii_search(cls) == UNMARKED.get(cls.__qualname__, [])
    if marked:  # and with the mark, jsii's search stops at once
        assert all(jsii._kernel._get_overides(klass, cls.__new__(cls)) == [] for klass in NODE_CLASSES)


@jsii.implements(iam.IGrantable)
class _GrantableVault(backup.BackupVault):
    """A user's subclass that overrides a jsii member: Node must call back for it."""

    calls = 0

    @property
    def grant_principal(self) -> iam.IPrincipal:
        type(self).calls += 1
        return iam.ServicePrincipal("backup.amazonaws.com")


def test_a_users_subclass_still_registers_its_overrides() -> None:
    assert _GrantableVault.__dict__["__jsii_declared_type__"] is None  # the mark is not inherited
    found = jsii._kernel._get_overides(l1.BackupVault, _GrantableVault.__new__(_GrantableVault))
    assert [(o.property, o.cookie) for o in found] == [("grantPrincipal", "grant_principal")]

    stack = new_stack()
    vault = _GrantableVault(stack, "Vault")
    bucket = s3.Bucket(stack, "Bucket", removal_policy=cdk.RemovalPolicy.DESTROY)
    bucket.grant_read(vault)  # Node reads vault.grantPrincipal: a callback into our property
    assert _GrantableVault.calls >= 1
    policy: Any = synth_template(stack)["Resources"]
    statements = [s for r in policy.values() if r["Type"] == "AWS::S3::BucketPolicy"
                  for s in r["Properties"]["PolicyDocument"]["Statement"]]
    assert any(s["Principal"] == {"Service": "backup.amazonaws.com"} for s in statements)


class _UsersSelection(backup.Selection):
    """A user's subclass of Selection: jsii still searches it (and finds grantPrincipal)."""


def _created_overrides(monkeypatch: pytest.MonkeyPatch, build: Any) -> dict[str, list[str | None]]:
    """The overrides sent with each ``create`` while ``build()`` runs, by the reference created."""
    sent = record_kernel_requests(monkeypatch)
    build()
    return {r["created"]: [o["property"] or o["method"] for o in r["overrides"]] for r in sent if "created" in r}


@pytest.mark.parametrize("cls, carried, overrides", [
    (backup.Selection, True, []),  # aws-cdk-lib's BackupSelection has its own grantPrincipal: its role
    (backup.Selection, False, ["grantPrincipal"]),  # a plain Construct in Node: Node must call back
    (_UsersSelection, True, ["grantPrincipal"]),  # a user's subclass is searched as before
])
def test_selections_send_the_overrides_node_needs(monkeypatch: pytest.MonkeyPatch, cls: type, carried: bool,
                                                  overrides: list[str]) -> None:
    stack = new_stack()
    plan = backup.BackupPlan.daily35_day_retention(stack, "Plan", backup.BackupVault(stack, "Vault"))
    conditions = [] if carried else [backup.TagCondition(key="a", value="b")]
    made: list[Any] = []
    sent = _created_overrides(monkeypatch, lambda: made.append(cls(
        stack, "Sel", backup_plan=plan, resources=[backup.BackupResource.from_tag("k", "v")], conditions=conditions)))
    [selection] = made
    assert selection._carried is carried
    assert sent[selection.__jsii_ref__.ref] == overrides
    assert backup.Selection.__dict__["__jsii_declared_type__"] is None  # the skip was for that create only
    bucket = s3.Bucket(stack, "Bucket", removal_policy=cdk.RemovalPolicy.DESTROY)
    bucket.grant_read(selection)  # either way Node finds the selection's role
    statements = [s for r in synth_template(stack)["Resources"].values() if r["Type"] == "AWS::IAM::Policy"
                  for s in r["Properties"]["PolicyDocument"]["Statement"]]
    assert any("s3:GetObject*" in s["Action"] for s in statements)
