"""The app as the checker reads it: protectable resources, vaults, plans, selections, frameworks.

Plan rules are the rule catalogue's own :class:`~cdk_backup.rules.plan.PlanRule` values (the same
ones the constructs build), with what only a template knows beside them: which vault a rule
targets and where each copy goes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cdk_backup.check.assembly import Stack
from cdk_backup.check.resources import Tags
from cdk_backup.check.values import SymStr
from cdk_backup.rules import Unresolved
from cdk_backup.rules.plan import PlanRule
from cdk_backup.rules.selection import TagMatch

Number = int | float | Unresolved | None


@dataclass(eq=False)
class Resource:
    """A resource AWS Backup can protect."""

    stack: Stack
    logical_id: str
    cfn_type: str
    backup_type: str
    path: str
    arn: SymStr
    physical_id: SymStr
    tags: Tags
    unknown_tags: str | None
    """Why the resource may carry tags the template does not show (``None``: its tags are known)."""
    properties: dict[str, Any]


@dataclass(eq=False)
class Vault:
    """A backup vault or logically air-gapped vault defined in the app."""

    stack: Stack
    logical_id: str
    path: str
    air_gapped: bool
    name: SymStr
    arn: SymStr
    lock_min: Number = None
    lock_max: Number = None
    changeable_for: Number = None
    locked: bool | None = False
    """A lock (or an air-gapped vault's retention range) applies; ``None`` when it is a token."""
    customer_key: bool | None = False
    """Encrypted with a key the customer manages (``EncryptionKeyArn`` set)."""
    access_policy: Any = None
    tags: Tags = field(default_factory=dict)
    unknown_tags: str | None = None


@dataclass(eq=False)
class Target:
    """Where a rule's backups or a copy go: a vault of the app, or one named by a literal or a token."""

    text: str
    """The vault as messages show it: its construct path, or the name or ARN as written."""
    vault: Vault | None = None
    cross_region: bool | None = False
    cross_account: bool | None = False
    region: str | None = None
    """The vault's Region, when it is known before deployment."""
    account: str | None = None

    @property
    def air_gapped(self) -> bool | None:
        return self.vault.air_gapped if self.vault is not None else None

    @property
    def locked(self) -> bool | None:
        return self.vault.locked if self.vault is not None else None


@dataclass(eq=False)
class Copy:
    """One copy action of a rule."""

    index: int
    target: Target
    delete_after: Number
    """The copy's own retention; when absent, copies are kept as long as the source recovery point."""


@dataclass(eq=False)
class Rule:
    """One rule of a plan: the catalogue's value and its targets."""

    index: int
    value: PlanRule
    target: Target | None
    air_gapped_target: Target | None
    copies: list[Copy]
    frequency_hours: float | None
    """The longest gap between two runs of the schedule, in hours (``None``: unknown)."""
    unknown: list[str] = field(default_factory=list)
    """Properties the template leaves to deployment (tokens), by name."""
    errors: list[str] = field(default_factory=list)
    """Ids of error findings that make this rule's jobs fail (filled in by the AWS rules)."""
    copy_errors: dict[int, list[str]] = field(default_factory=dict)
    recovery_point_tags: Tags = field(default_factory=dict)


@dataclass(eq=False)
class Plan:
    stack: Stack
    logical_id: str
    path: str
    name: str | Unresolved | None
    rules: list[Rule]
    tags: Tags = field(default_factory=dict)
    unknown_tags: str | None = None
    readable: bool = True
    """``False`` when ``BackupPlan`` or its rule list is a token."""
    errors: list[str] = field(default_factory=list)
    """Ids of plan-level error findings (the plan cannot be created)."""
    selections: list[Selection] = field(default_factory=list)


@dataclass(eq=False)
class Condition:
    operator: str
    """``StringEquals``, ``StringNotEquals``, ``StringLike`` or ``StringNotLike``."""
    key: str | Unresolved
    """The tag key (without ``aws:ResourceTag/``)."""
    value: str | Unresolved


@dataclass(eq=False)
class Selection:
    stack: Stack
    logical_id: str
    path: str
    name: str | Unresolved | None
    plan: Plan | None
    plan_text: str
    resources: list[SymStr] | None
    """``Resources`` (``None``: the list itself is a token)."""
    not_resources: list[SymStr] | None
    list_of_tags: list[Condition]
    conditions: list[Condition]
    unknown: str | None = None
    """Why what the selection picks cannot be read (``None``: it can)."""
    raw_resource_count: int = 0
    raw_condition_count: int = 0
    tag_matches: list[TagMatch] = field(default_factory=list)
    """``ListOfTags`` as written (for the catalogue's selection rules)."""
    condition_matches: list[TagMatch] = field(default_factory=list)
    """``Conditions`` as written."""


@dataclass(eq=False)
class Scope:
    """A control's scope as the template gives it (``None`` fields: not set)."""

    types: list[str | Unresolved] | None = None
    ids: list[str | Unresolved] | None = None
    tags: list[tuple[str | Unresolved, str | Unresolved | None]] | None = None
    unknown: str | None = None

    @property
    def empty(self) -> bool:
        return not self.types and not self.ids and not self.tags and self.unknown is None


@dataclass(eq=False)
class Control:
    index: int
    name: str | Unresolved | None
    parameters: dict[str, str | Unresolved]
    scope: Scope
    unknown: str | None = None


@dataclass(eq=False)
class Framework:
    stack: Stack
    logical_id: str
    path: str
    name: str | Unresolved | None
    controls: list[Control]
    unknown: str | None = None


@dataclass(eq=False)
class App:
    """Everything the checker read from one assembly."""

    stacks: list[Stack]
    resources: list[Resource] = field(default_factory=list)
    vaults: list[Vault] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    selections: list[Selection] = field(default_factory=list)
    frameworks: list[Framework] = field(default_factory=list)
    others: list[tuple[Stack, str, dict[str, Any]]] = field(default_factory=list)
    """Other ``AWS::Backup::*`` resources (restore testing, report plans, legal holds, tiering)."""
