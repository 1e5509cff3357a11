"""CloudFormation → the checker's model: every ``AWS::Backup::*`` resource and every protectable one.

Properties are read through the :class:`~cdk_backup.check.values.Resolver`, so a value written
as a ``Ref``, ``Fn::GetAtt``, ``Fn::Join``/``Fn::Sub`` of literals or an ``Fn::ImportValue`` of
another stack's export is read as the literal it stands for; what only deployment knows is an
:class:`~cdk_backup.rules.Unresolved` (for the rules) or a :class:`~cdk_backup.check.values.Sym`
(for selection matching).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections import defaultdict
from typing import Any

from cdk_backup.check import resources as types
from cdk_backup.check.assembly import Stack, same_env
from cdk_backup.check.match import NOT_RESOURCE_TAG
from cdk_backup.check.model import (
    App,
    Condition,
    Control,
    Copy,
    Framework,
    Plan,
    Resource,
    Rule,
    Scope,
    Selection,
    Target,
    Vault,
)
from cdk_backup.check.values import PSEUDO, Resolver, Sym, SymStr, is_intrinsic, literal_of, text_of
from cdk_backup.rules import Unresolved, Violation, known
from cdk_backup.rules import schedule as schedules
from cdk_backup.rules.plan import CopyAction, Lifecycle, PlanRule
from cdk_backup.rules.selection import TagMatch

_EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
"""Where schedules are sampled from (a fixed date, so that answers do not depend on today)."""
VAULT_TYPES = ("AWS::Backup::BackupVault", "AWS::Backup::LogicallyAirGappedBackupVault")
CONDITION_OPERATORS = ("StringEquals", "StringNotEquals", "StringLike", "StringNotLike")
RESOURCE_TAG = "aws:ResourceTag/"


def read(stacks: list[Stack]) -> tuple[App, Resolver]:
    """Parse every stack of an app."""
    resolver = Resolver(stacks, types.FORMULAS)
    app = App(stacks=stacks)
    pending_plans: list[tuple[Stack, str, dict[str, Any]]] = []
    pending_selections: list[tuple[Stack, str, dict[str, Any]]] = []
    for stack in stacks:
        for logical_id, resource in stack.resources.items():
            if not isinstance(resource, dict):
                continue
            kind = resource.get("Type")
            properties = resource.get("Properties")
            props = properties if isinstance(properties, dict) else {}
            if kind in types.PROTECTABLE:
                found = _resource(resolver, stack, logical_id, str(kind), props)
                if found is not None:
                    app.resources.append(found)
            elif kind in VAULT_TYPES:
                app.vaults.append(_vault(resolver, stack, logical_id, str(kind), props))
            elif kind == "AWS::Backup::BackupPlan":
                pending_plans.append((stack, logical_id, props))
            elif kind == "AWS::Backup::BackupSelection":
                pending_selections.append((stack, logical_id, props))
            elif kind == "AWS::Backup::Framework":
                app.frameworks.append(_framework(resolver, stack, logical_id, props))
            elif isinstance(kind, str) and kind.startswith("AWS::Backup::"):
                app.others.append((stack, logical_id, resource))
    vaults = _VaultIndex(app.vaults)
    plans_by_ref: dict[SymStr, Plan] = {}
    for stack, logical_id, props in pending_plans:
        plan = _plan(resolver, vaults, stack, logical_id, props)
        app.plans.append(plan)
        plans_by_ref[resolver.attribute(stack, logical_id, "Ref")] = plan
    for stack, logical_id, props in pending_selections:
        selection = _selection(resolver, plans_by_ref, stack, logical_id, props)
        app.selections.append(selection)
        if selection.plan is not None:
            selection.plan.selections.append(selection)
    return app, resolver


# ---------------------------------------------------------------------------------------- protectable
def _resource(resolver: Resolver, stack: Stack, logical_id: str, cfn_type: str,
              props: dict[str, Any]) -> Resource | None:
    kind = types.PROTECTABLE[cfn_type]
    if kind.excluded is not None and kind.excluded(props) is not None:
        return None
    tags, unknown = types.tags_of(resolver, stack, cfn_type, props)
    physical = resolver.attribute(stack, logical_id, "Ref")
    if cfn_type == "AWS::Timestream::Table":
        raw = props.get("TableName")
        physical = resolver.sym(raw, stack) if raw is not None else (resolver.generated(stack, logical_id, "Ref"),)
    return Resource(
        stack=stack, logical_id=logical_id, cfn_type=cfn_type, backup_type=types.backup_type_of(cfn_type, props),
        path=stack.path_of(logical_id), arn=kind.arn(resolver, stack, logical_id, props, 0), physical_id=physical,
        tags=types.with_system_tags(tags, stack, logical_id), unknown_tags=unknown, properties=props,
    )


# ---------------------------------------------------------------------------------------- vaults
def _vault(resolver: Resolver, stack: Stack, logical_id: str, cfn_type: str, props: dict[str, Any]) -> Vault:
    air_gapped = cfn_type == "AWS::Backup::LogicallyAirGappedBackupVault"
    tags, unknown = types.read_tags(resolver, stack, props.get("BackupVaultTags"))
    vault = Vault(
        stack=stack, logical_id=logical_id, path=stack.path_of(logical_id), air_gapped=air_gapped,
        name=resolver.attribute(stack, logical_id, "Ref"), arn=resolver.attribute(stack, logical_id, "BackupVaultArn"),
        customer_key=props.get("EncryptionKeyArn") not in (None, {"Ref": "AWS::NoValue"}),
        access_policy=resolver.value(props.get("AccessPolicy"), stack), tags=tags, unknown_tags=unknown,
    )
    if air_gapped:
        vault.lock_min = resolver.number(props.get("MinRetentionDays"), stack)
        vault.lock_max = resolver.number(props.get("MaxRetentionDays"), stack)
        vault.locked = True
    else:
        lock = props.get("LockConfiguration")
        if isinstance(lock, dict) and not is_intrinsic(lock):
            vault.lock_min = resolver.number(lock.get("MinRetentionDays"), stack)
            vault.lock_max = resolver.number(lock.get("MaxRetentionDays"), stack)
            vault.changeable_for = resolver.number(lock.get("ChangeableForDays"), stack)
            vault.locked = True
        elif lock is not None and lock != {"Ref": "AWS::NoValue"}:
            vault.locked = None
    return vault


class _VaultIndex:
    """Vaults by name and by ARN, for the targets of rules and copies."""

    def __init__(self, vaults: list[Vault]) -> None:
        self.by_name: dict[SymStr, list[Vault]] = defaultdict(list)
        self.by_arn: dict[SymStr, list[Vault]] = defaultdict(list)
        for vault in vaults:
            self.by_name[vault.name].append(vault)
            self.by_arn[vault.arn].append(vault)

    def target(self, value: SymStr, stack: Stack, *, arn: bool) -> Target:
        """The vault a rule in ``stack`` sends backups to (a name), or copies to (an ARN)."""
        for vault in (self.by_arn if arn else self.by_name).get(value, ()):
            if arn or same_env(vault.stack, stack):
                region, account = _relation(vault.stack.region, stack.region), _relation(vault.stack.account,
                                                                                          stack.account)
                return Target(vault.path, vault, cross_region=region, cross_account=account,
                              region=vault.stack.region, account=vault.stack.account)
        shown = text_of(value)
        if not arn:
            return Target(shown, None, cross_region=False, cross_account=False, region=stack.region,
                          account=stack.account)
        fields = arn_fields(value)
        return Target(shown, None, cross_region=_arn_field_relation(value, 3, stack),
                      cross_account=_arn_field_relation(value, 4, stack),
                      region=literal_of(fields[3]) if fields else None,
                      account=literal_of(fields[4]) if fields else None)


def _relation(there: str | None, here: str | None) -> bool | None:
    """Whether two Regions (or accounts) differ: unknown on both sides counts as the same."""
    if there is not None and here is not None:
        return there != here
    if there is None and here is None:
        return False
    return None


def _arn_field_relation(arn: SymStr, index: int, stack: Stack) -> bool | None:
    """Whether field ``index`` of an ARN (3: Region, 4: account) differs from the stack's."""
    fields = arn_fields(arn)
    if fields is None or len(fields) <= index:
        return None
    field_value = fields[index]
    text = literal_of(field_value)
    here = stack.region if index == 3 else stack.account
    if text is not None:
        return text != here if here is not None else None
    if len(field_value) == 1 and isinstance(field_value[0], Sym) and field_value[0].kind == PSEUDO:
        env_key = field_value[0].key[0]
        return False if env_key == stack.env_key else None
    return None


def arn_fields(arn: SymStr) -> list[SymStr] | None:
    """The six ``:``-separated fields of an ARN (the last keeps its colons), ``None`` if it is not one."""
    fields: list[list[Any]] = [[]]
    for part in arn:
        if isinstance(part, str) and len(fields) < 6:
            pieces = part.split(":", 6 - len(fields))
            fields[-1].append(pieces[0])
            for piece in pieces[1:]:
                fields.append([piece])
        else:
            fields[-1].append(part)
    if len(fields) < 6 or literal_of(tuple(fields[0])) != "arn":
        return None
    return [tuple(p for p in field if p != "") for field in fields]


# ---------------------------------------------------------------------------------------- plans
def _plan(resolver: Resolver, vaults: _VaultIndex, stack: Stack, logical_id: str, props: dict[str, Any]) -> Plan:
    body = props.get("BackupPlan")
    tags, unknown_tags = types.read_tags(resolver, stack, props.get("BackupPlanTags"))
    plan = Plan(stack=stack, logical_id=logical_id, path=stack.path_of(logical_id), name=None, rules=[], tags=tags,
                unknown_tags=unknown_tags)
    if not isinstance(body, dict) or is_intrinsic(body):
        plan.readable = False
        return plan
    plan.name = resolver.text(body.get("BackupPlanName"), stack)
    raw_rules = resolver.items(body.get("BackupPlanRule"), stack)
    if raw_rules is None:
        plan.readable = False
        return plan
    for index, raw in enumerate(raw_rules):
        plan.rules.append(_rule(resolver, vaults, stack, index, raw if isinstance(raw, dict) else {}))
    return plan


def _rule(resolver: Resolver, vaults: _VaultIndex, stack: Stack, index: int, raw: dict[str, Any]) -> Rule:
    unknown: list[str] = []

    def number(key: str, source: dict[str, Any] = raw) -> Any:
        value = resolver.number(source.get(key), stack)
        if isinstance(value, Unresolved):
            unknown.append(key)
        return value

    def text(key: str) -> Any:
        value = resolver.text(raw.get(key), stack)
        if isinstance(value, Unresolved):
            unknown.append(key)
        return value

    life = raw.get("Lifecycle") if isinstance(raw.get("Lifecycle"), dict) else {}
    assert isinstance(life, dict)
    archive = resolver.boolean(life.get("OptInToArchiveForSupportedResources"), stack)
    lifecycle = Lifecycle(number("DeleteAfterDays", life), number("MoveToColdStorageAfterDays", life), archive)
    continuous_value = resolver.boolean(raw.get("EnableContinuousBackup"), stack)
    if isinstance(continuous_value, Unresolved):
        unknown.append("EnableContinuousBackup")
    continuous = continuous_value is True

    target = None
    target_sym: SymStr | None = None
    if raw.get("TargetBackupVault") is not None:
        target_sym = resolver.sym(raw["TargetBackupVault"], stack)
        target = vaults.target(target_sym, stack, arn=False)
    air_gapped_target = None
    air_gapped_text: str | Unresolved | None = None
    if raw.get("TargetLogicallyAirGappedBackupVaultArn") is not None:
        air_sym = resolver.sym(raw["TargetLogicallyAirGappedBackupVaultArn"], stack)
        air_gapped_target = vaults.target(air_sym, stack, arn=True)
        air_gapped_text = literal_of(air_sym) or Unresolved(raw["TargetLogicallyAirGappedBackupVaultArn"])

    copies: list[Copy] = []
    copy_values: list[CopyAction] = []
    for copy_index, copy_raw in enumerate(resolver.items(raw.get("CopyActions"), stack) or ()):
        if not isinstance(copy_raw, dict):
            continue
        destination = resolver.sym(copy_raw.get("DestinationBackupVaultArn"), stack)
        copy_life = copy_raw.get("Lifecycle") if isinstance(copy_raw.get("Lifecycle"), dict) else {}
        assert isinstance(copy_life, dict)
        copy_lifecycle = Lifecycle(resolver.number(copy_life.get("DeleteAfterDays"), stack),
                                   resolver.number(copy_life.get("MoveToColdStorageAfterDays"), stack),
                                   resolver.boolean(copy_life.get("OptInToArchiveForSupportedResources"), stack))
        literal = literal_of(destination)
        copy_values.append(CopyAction(literal if literal is not None else Unresolved(copy_raw.get(
            "DestinationBackupVaultArn")), copy_lifecycle))
        copies.append(Copy(copy_index, vaults.target(destination, stack, arn=True), copy_lifecycle.delete_after))

    schedule = text("ScheduleExpression")
    timezone = text("ScheduleExpressionTimezone")
    recovery_tags_raw = raw.get("RecoveryPointTags")
    recovery_value = resolver.value(recovery_tags_raw, stack)
    recovery_tags, _ = types.read_tags(resolver, stack, recovery_tags_raw)
    index_actions = resolver.items(raw.get("IndexActions"), stack)
    index_types: tuple[object, ...] | None = None
    if index_actions:
        first = index_actions[0] if isinstance(index_actions[0], dict) else {}
        listed = resolver.items(first.get("ResourceTypes"), stack)
        index_types = tuple(resolver.value(item, stack) for item in listed) if listed is not None else None
    scanners = tuple(str(resolver.value(action.get("MalwareScanner"), stack))
                     for action in resolver.items(raw.get("ScanActions"), stack) or () if isinstance(action, dict))
    vault_identity: str | Unresolved | None = None
    if target is not None:
        vault_identity = target.vault.path if target.vault is not None else (
            literal_of(target_sym or ()) or Unresolved(raw.get("TargetBackupVault")))
    interval = _min_interval(schedule, timezone)
    value = PlanRule(
        name=text("RuleName"), vault=vault_identity, schedule=schedule, timezone=timezone,
        start_minutes=number("StartWindowMinutes"), completion_minutes=number("CompletionWindowMinutes"),
        lifecycle=lifecycle, continuous=continuous, copies=tuple(copy_values),
        recovery_point_tags=recovery_value if isinstance(recovery_value, dict) else None,
        index_resource_types=index_types, index_action_count=len(index_actions or ()), scanners=scanners,
        air_gapped_vault=air_gapped_text, min_interval_days=interval,
    )
    return Rule(index=index, value=value, target=target, air_gapped_target=air_gapped_target, copies=copies,
                frequency_hours=_frequency_hours(schedule, timezone, continuous), unknown=unknown,
                recovery_point_tags=recovery_tags)


def cron_of(schedule: object) -> str | None:
    """The six fields of a valid literal schedule, else ``None``."""
    if not isinstance(schedule, str):
        return None
    body = schedules.cron_body(schedule)
    if body is None or len(body.split(" ")) != 6:
        return None
    if any(v.severity == "error" for v in schedule_violations(schedule)):
        return None
    return body


@functools.lru_cache(maxsize=512)
def schedule_violations(schedule: str) -> tuple[Violation, ...]:
    """The schedule rules on one literal expression (memoized: apps repeat a few schedules many times)."""
    return tuple(schedules.expression(schedule))


def _valid_zone(timezone: object) -> str | None:
    if timezone is None:
        return None
    if isinstance(timezone, str) and not list(schedules.timezone(timezone)):
        return timezone
    return ""  # a token or an invalid zone: the interval cannot be computed


def _min_interval(schedule: object, timezone: object) -> float | None:
    body = cron_of(schedule)
    zone = _valid_zone(timezone)
    if body is None or zone == "":
        return None
    interval: float | None = schedules.min_interval_days(body, zone)
    return interval


def _frequency_hours(schedule: object, timezone: object, continuous: bool) -> float | None:
    """The longest gap between two runs, in hours; AWS's default (daily at 05:00 UTC) when unset."""
    if schedule is None:
        return None if continuous else 24.0
    body = cron_of(schedule)
    zone = _valid_zone(timezone)
    if body is None or zone == "":
        return None
    return longest_gap_hours(body, zone)


@functools.lru_cache(maxsize=512)
def longest_gap_hours(body: str, timezone: str | None) -> float | None:
    """The longest gap between consecutive runs over about a year, in hours.

    The longest gap, not the shortest, is what "backed up at least every N hours" means: a
    schedule that runs on weekdays only leaves 72 hours between Friday and Monday.
    """
    runs: list[dt.datetime] = []
    start = _EPOCH
    while True:
        batch = schedules.next_runs(body, 200, start=start if not runs else runs[-1], timezone=timezone)
        if not batch:
            break
        runs.extend(batch)
        if len(batch) < 200 or (runs[-1] - runs[0]).days >= 400 or len(runs) >= 3000:
            break
    if len(runs) < 2:
        return None
    gap = max(b - a for a, b in itertools.pairwise(runs))
    return round(gap.total_seconds() / 3600, 4)


# ---------------------------------------------------------------------------------------- selections
def _selection(resolver: Resolver, plans: dict[SymStr, Plan], stack: Stack, logical_id: str,
               props: dict[str, Any]) -> Selection:
    plan_sym = resolver.sym(props.get("BackupPlanId"), stack)
    plan = plans.get(plan_sym)
    body = props.get("BackupSelection")
    selection = Selection(stack=stack, logical_id=logical_id, path=stack.path_of(logical_id), name=None, plan=plan,
                          plan_text=plan.path if plan is not None else text_of(plan_sym), resources=[],
                          not_resources=[], list_of_tags=[], conditions=[])
    if not isinstance(body, dict) or is_intrinsic(body):
        selection.unknown = "its BackupSelection is a token"
        selection.resources = None
        return selection
    selection.name = resolver.text(body.get("SelectionName"), stack)
    selection.resources = _arn_list(resolver, stack, body.get("Resources"))
    selection.not_resources = _arn_list(resolver, stack, body.get("NotResources"))
    raw_resources = body.get("Resources")
    selection.raw_resource_count = len(raw_resources) if isinstance(raw_resources, list) else 0
    listed = resolver.items(body.get("ListOfTags"), stack)
    if listed is None:
        selection.unknown = "its ListOfTags is a token"
    for item in listed or ():
        if isinstance(item, dict):
            key = resolver.text(item.get("ConditionKey"), stack)
            value = resolver.text(item.get("ConditionValue"), stack)
            kind = resolver.text(item.get("ConditionType"), stack)
            operation: object = "StringEquals" if kind == "STRINGEQUALS" else kind
            selection.tag_matches.append(TagMatch(key, value, operation))
            selection.list_of_tags.append(Condition("StringEquals", key if key is not None else "",
                                                    value if value is not None else ""))
    conditions = body.get("Conditions")
    if isinstance(conditions, dict) and not is_intrinsic(conditions):
        for operator, entries in conditions.items():
            items = resolver.items(entries, stack)
            if items is None:
                selection.unknown = f"its Conditions.{operator} is a token"
                continue
            for entry in items:
                if not isinstance(entry, dict):
                    continue
                selection.raw_condition_count += 1
                key = resolver.text(entry.get("ConditionKey"), stack)
                value = resolver.text(entry.get("ConditionValue"), stack)
                selection.condition_matches.append(TagMatch(key, value, operator))
                bare: str | Unresolved = Unresolved(None) if key is None else key
                if isinstance(key, str):
                    bare = key[len(RESOURCE_TAG):] if key.startswith(RESOURCE_TAG) else Unresolved(
                        (NOT_RESOURCE_TAG, key))
                selection.conditions.append(Condition(operator, bare, value if value is not None else ""))
    elif conditions is not None:
        selection.unknown = "its Conditions are a token"
    return selection


def _arn_list(resolver: Resolver, stack: Stack, raw: object) -> list[SymStr] | None:
    if raw is None:
        return []
    items = resolver.items(raw, stack)
    if items is None:
        return None
    return [resolver.sym(item, stack) for item in items]


# ---------------------------------------------------------------------------------------- frameworks
def _framework(resolver: Resolver, stack: Stack, logical_id: str, props: dict[str, Any]) -> Framework:
    framework = Framework(stack=stack, logical_id=logical_id, path=stack.path_of(logical_id),
                          name=resolver.text(props.get("FrameworkName"), stack), controls=[])
    controls = resolver.items(props.get("FrameworkControls"), stack)
    if controls is None:
        framework.unknown = "its FrameworkControls are a token"
        return framework
    for index, raw in enumerate(controls):
        if not isinstance(raw, dict):
            continue
        name = resolver.text(raw.get("ControlName"), stack)
        parameters: dict[str, str | Unresolved] = {}
        unknown = None
        listed = resolver.items(raw.get("ControlInputParameters"), stack)
        if listed is None:
            unknown = "its ControlInputParameters are a token"
        for parameter in listed or ():
            if isinstance(parameter, dict):
                key = resolver.text(parameter.get("ParameterName"), stack)
                value = resolver.text(parameter.get("ParameterValue"), stack)
                if isinstance(key, str):
                    parameters[key] = value if value is not None else ""
                else:
                    unknown = "a parameter name is a token"
        framework.controls.append(Control(index, name, parameters, _scope(resolver, stack, raw.get("ControlScope")),
                                          unknown))
    return framework


def _scope(resolver: Resolver, stack: Stack, raw: object) -> Scope:
    if raw is None:
        return Scope()
    if not isinstance(raw, dict) or is_intrinsic(raw):
        return Scope(unknown="the control scope is a token")
    scope = Scope()
    for key, attr in (("ComplianceResourceTypes", "types"), ("ComplianceResourceIds", "ids")):
        if raw.get(key) is None:
            continue
        items = resolver.items(raw.get(key), stack)
        if items is None:
            scope.unknown = f"{key} is a token"
            continue
        setattr(scope, attr, [resolver.text(item, stack) or "" for item in items])
    if raw.get("Tags") is not None:
        items = resolver.items(raw.get("Tags"), stack)
        if items is None:
            scope.unknown = "the scope's Tags are a token"
        else:
            scope.tags = []
            for item in items:
                if isinstance(item, dict):
                    tag_key = resolver.text(item.get("Key"), stack)
                    tag_value = resolver.text(item.get("Value"), stack)
                    scope.tags.append((tag_key if tag_key is not None else "", tag_value))
    return scope


__all__ = ["CONDITION_OPERATORS", "RESOURCE_TAG", "arn_fields", "cron_of", "known", "longest_gap_hours", "read"]
