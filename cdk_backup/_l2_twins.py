"""aws-cdk-lib objects that build our plans and selections in one jsii call each, rendering exactly what
our L1 code renders.

Every jsii call is a round trip to the Node process, and round trips, not Node work, are most of a
construct's cost. aws-cdk-lib's ``BackupPlan`` creates its ``CfnBackupPlan``, reads its vaults'
names and ARNs, and exposes a ``Fn::GetAtt`` plan id inside Node, so a plain plan built through it
costs one call instead of four (construct, L1, vault name, plan id); aws-cdk-lib's ``BackupSelection``
builds a selection and its role in one call instead of five. These helpers decide when a plan or a
selection is plain enough for that and build the aws-cdk-lib value objects (rules, durations,
schedules) it needs, each distinct one once per process, and the resources of a selection.

A twin is only built when aws-cdk-lib's rendering equals ours; anything else (imported vaults, ARN
copy targets, tokens, rate schedules, archive, index and scan actions, air-gapped targets, plan tags
and S3 options; selections with a role, conditions, exclusions, constructs, S3 or many resources)
keeps the L1 path. ``tests/test_carriers.py`` builds every plain set-up both ways and compares the
templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cdk_backup import _wire
from cdk_backup._validation import is_unresolved

if TYPE_CHECKING:
    from cdk_backup.rule import BackupPlanRule

ENABLED = True
"""Build plain plans through aws-cdk-lib's BackupPlan; tests turn it off to compare both paths."""

_VALUES: dict[tuple[Any, ...], Any] = {}
_RULES: dict[tuple[Any, ...], Any] = {}


def node_vault(vault: Any) -> Any | None:
    """``vault`` itself when its Node-side object is an aws-cdk-lib ``BackupVault`` (whose
    ``backupVaultRef`` renders the name and ARN as our L1 code does), else None."""
    from aws_cdk import aws_backup as l1

    if getattr(vault, "_by_l2", False) or type(vault) is l1.BackupVault:
        return vault
    return None


def _value(kind: str, arg: Any) -> Any:
    """An immutable aws-cdk-lib value, created once per process (a token never comes again: not kept)."""
    key = (kind, arg)
    found = _VALUES.get(key)
    if found is None:
        found = _make(kind, arg)
        if not is_unresolved(arg):
            _VALUES[key] = found
    return found


def _make(kind: str, arg: Any) -> Any:
    import aws_cdk as cdk
    from aws_cdk import aws_backup as l1

    if kind == "days":
        return cdk.Duration.days(arg)
    if kind == "minutes":
        return cdk.Duration.minutes(arg)
    if kind == "timezone":
        return cdk.TimeZone.of(arg)
    if kind == "preset":  # BackupPlanRule.daily() and the like
        return _wire.sinvoke(l1.BackupPlanRule, arg, [])
    if kind == "fromTag":
        return _wire.sinvoke(l1.BackupResource, kind, list(arg))
    if kind == "fromArn":
        return _wire.sinvoke(l1.BackupResource, kind, [arg])
    from aws_cdk import aws_events as events  # only for schedules of custom rules

    assert kind == "schedule", kind
    return events.Schedule.expression(arg)


def rule_twin(rule: BackupPlanRule, name: str) -> Any | None:
    """An aws-cdk-lib ``BackupPlanRule`` that renders as ``rule._render(name, …)``, or None.

    Only carried plans use twins, and they always have a vault for rules that name none.
    """
    n = rule._n
    if rule._aws_preset and rule.backup_vault is None:  # aws-cdk-lib's own ready-made rule
        return _value("preset", rule._aws_preset)
    if (n.archive is not None or n.scans or n.lag_arn or n.index_types
            or is_unresolved([n.schedule, n.timezone, n.start_minutes, n.completion_minutes, n.delete_days,
                              n.cold_days, n.tags])
            or (n.schedule is not None and not n.schedule.startswith("cron("))):
        return None  # aws-cdk-lib has no such option, rejects rate(), or renders tokens differently
    props: dict[str, Any] = {"ruleName": name}
    own_vault = rule.backup_vault
    if own_vault is not None:
        props["backupVault"] = node_vault(own_vault)
        if props["backupVault"] is None:
            return None
    copies = []
    for copy in n.copies:
        destination = node_vault(copy.destination)
        if destination is None or copy.archive is not None or is_unresolved([copy.delete_days, copy.cold_days]):
            return None
        copies.append({"destinationBackupVault": destination, **_lifecycle(copy.delete_days, copy.cold_days)})
    if copies:
        props["copyActions"] = copies
    if n.schedule:
        props["scheduleExpression"] = _value("schedule", n.schedule)
    if n.timezone:
        props["scheduleExpressionTimezone"] = _value("timezone", n.timezone)
    if n.start_minutes is not None:
        props["startWindow"] = _value("minutes", int(n.start_minutes))
    if n.completion_minutes is not None:
        props["completionWindow"] = _value("minutes", int(n.completion_minutes))
    props.update(_lifecycle(n.delete_days, n.cold_days))
    if n.continuous:
        props["enableContinuousBackup"] = True
    if n.tags:
        props["recoveryPointTags"] = dict(n.tags)
    shareable = own_vault is None and not copies
    key = tuple(sorted((k, v if k != "recoveryPointTags" else tuple(sorted(v.items()))) for k, v in props.items()))
    if shareable and key in _RULES:
        return _RULES[key]
    twin = _new_rule(props)
    if shareable:
        _RULES[key] = twin
    return twin


def _lifecycle(delete_days: float | None, cold_days: float | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if delete_days is not None:
        found["deleteAfter"] = _value("days", int(delete_days))
    if cold_days is not None:
        found["moveToColdStorageAfter"] = _value("days", int(cold_days))
    return found


def _new_rule(props: dict[str, Any]) -> Any:
    from aws_cdk import aws_backup as l1

    twin = l1.BackupPlanRule.__new__(l1.BackupPlanRule)
    _wire.create(l1.BackupPlanRule, twin, [props])
    return twin


def plan_ref(plan: Any) -> Any:
    """What a ``CfnBackupSelection`` needs as ``backupPlanId`` for ``plan``.

    A plan whose Node-side object is aws-cdk-lib's ``BackupPlan`` is passed as itself: the L1 reads
    its ``backupPlanRef`` in Node, which gives the same ``Fn::GetAtt`` as reading the id, without the
    round trip. (A ``CfnBackupPlan`` would render ``Ref``: a different expression, which would
    replace the selection.) Other plans give their id.
    """
    from aws_cdk import aws_backup as l1

    if getattr(plan, "_node_plan", False) or type(plan) is l1.BackupPlan:
        return plan
    return plan.backup_plan_id


MAX_SELECTION_TWINS = 3
"""Each aws-cdk-lib ``BackupResource`` is a call; past this many our L1 selection (5 calls) is cheaper."""


def selection_twins(resources: Sequence[Any]) -> list[Any] | None:
    """aws-cdk-lib ``BackupResource``s for a selection its ``BackupSelection`` renders as ours, or None.

    Plain means ARNs and ``STRINGEQUALS`` tags only (no constructs to collect, no S3, whose policies
    aws-cdk-lib does not add), without repeats (we drop them, aws-cdk-lib would not), and few enough
    that the calls they cost are worth it. The caller checks the role, conditions and exclusions.
    """
    from cdk_backup.resource import ResourceType, TagOperation

    if not ENABLED:
        return None
    keys: list[tuple[str, Any]] = []
    for resource in resources:
        if resource.construct is not None or resource.bucket is not None or resource.resource_type is ResourceType.S3:
            return None
        if resource.resource is not None:
            key: tuple[str, Any] = ("fromArn", resource.resource)
        elif resource.tag_condition is not None:
            condition = resource.tag_condition
            if TagOperation.of(condition.operation) is not TagOperation.STRING_EQUALS:
                return None
            key = ("fromTag", (condition.key, condition.value))
        else:
            return None
        if key not in keys:
            keys.append(key)
    if not keys or len(keys) > MAX_SELECTION_TWINS:
        return None
    # Not kept: resources rarely repeat, and a cache would keep Python objects for every one for ever.
    return [_make(kind, arg) for kind, arg in keys]
