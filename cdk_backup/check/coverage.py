"""Protection coverage: for every protectable resource, what each selection that selects it gives.

A resource is ``protected`` when a selection certainly selects it into a plan with at least one
rule whose jobs can run; ``undecided`` when no selection certainly does but one may (the reason
says on what it depends); ``unprotected`` otherwise (also when every rule that selects it fails:
the reason names the errors).
"""

from __future__ import annotations

from collections import defaultdict

from cdk_backup.check.match import Answer, Matcher
from cdk_backup.check.model import App, Copy, Plan, Resource, Rule, Selection
from cdk_backup.check.report import CopyDestination, Coverage, MaybeSelected, Protection
from cdk_backup.check.values import text_of
from cdk_backup.rules import known

Selected = dict[Selection, dict[Resource, Answer]]


def select_all(app: App, matcher: Matcher) -> Selected:
    """What each selection of the app selects (certainly or maybe)."""
    return {selection: matcher.select(selection) for selection in app.selections}


def build(app: App, selected: Selected) -> tuple[list[Coverage], dict[Resource, Coverage]]:
    """One coverage entry per protectable resource, in template order."""
    by_resource: dict[Resource, list[tuple[Selection, Answer]]] = defaultdict(list)
    for selection, picks in selected.items():
        for resource, answer in picks.items():
            by_resource[resource].append((selection, answer))
    entries: list[Coverage] = []
    index: dict[Resource, Coverage] = {}
    made: dict[tuple[int, int], Protection] = {}
    for resource in app.resources:
        entry = _entry(resource, by_resource.get(resource, []), made)
        entries.append(entry)
        index[resource] = entry
    return entries, index


def _entry(resource: Resource, selections: list[tuple[Selection, Answer]],
           made: dict[tuple[int, int], Protection]) -> Coverage:
    protections: list[Protection] = []
    seen: set[tuple[int, int]] = set()
    maybe: list[MaybeSelected] = []
    for selection, (answer, reason) in selections:
        if answer is None:
            maybe.append(MaybeSelected(selection.path, reason or "unknown"))
            continue
        plan = selection.plan
        if plan is None or not plan.readable:
            protections.append(Protection(
                plan_logical_id=plan.logical_id if plan is not None else None, rule_name=None, frequency_hours=None,
                retention_days=None, vault_locked=None, plan_path=plan.path if plan is not None else None,
                plan_stack=plan.stack.name if plan is not None else None, selection_path=selection.path,
                unknown=("plan",)))
            continue
        for rule in plan.rules:
            key = (id(plan), rule.index)
            if key in seen:
                continue
            seen.add(key)
            shared = made.get((id(selection), rule.index))
            if shared is None:
                shared = made[(id(selection), rule.index)] = protection(plan, rule, selection)
            protections.append(shared)
    base = dict(stack=resource.stack.name, logical_id=resource.logical_id, type=resource.cfn_type,
                path=resource.path, backup_type=resource.backup_type, arn=text_of(resource.arn),
                undecided_by=tuple(maybe))
    effective = [p for p in protections if p.effective]
    if effective:
        return Coverage(status="protected", protected_by=tuple(protections), **base)  # type: ignore[arg-type]
    if maybe:
        return Coverage(status="undecided", protected_by=tuple(protections), reason=maybe[0].reason,
                        **base)  # type: ignore[arg-type]
    if protections:
        failing = sorted({error for p in protections for error in p.errors})
        reason = f"selected, but every rule that selects it fails: {', '.join(failing)}"
        return Coverage(status="unprotected", protected_by=tuple(protections), reason=reason,
                        **base)  # type: ignore[arg-type]
    return Coverage(status="unprotected", reason="no selection selects it", **base)  # type: ignore[arg-type]


def protection(plan: Plan, rule: Rule, selection: Selection) -> Protection:
    """What one rule of a plan gives the resources its selection selects."""
    value = rule.value
    unknown = list(dict.fromkeys(_unknown_names(rule)))
    retention = value.delete_days
    if not known(retention) and retention is not None:
        retention = None
    target = rule.target
    vault = target.vault if target is not None else None
    if target is not None and vault is None:
        unknown.append("vault")
    life = value.lifecycle
    return Protection(
        plan_logical_id=plan.logical_id,
        rule_name=value.name if isinstance(value.name, str) else None,
        frequency_hours=rule.frequency_hours,
        retention_days=float(retention) if isinstance(retention, (int, float)) else None,
        vault_locked=vault.locked if vault is not None else None,
        copies=tuple(_copy(copy, value.delete_days, rule) for copy in rule.copies),
        plan_path=plan.path, plan_stack=plan.stack.name, selection_path=selection.path,
        vault=target.text if target is not None else None,
        vault_lock_min_days=_number(vault.lock_min) if vault is not None else None,
        vault_lock_max_days=_number(vault.lock_max) if vault is not None else None,
        vault_customer_key=vault.customer_key if vault is not None else None,
        air_gapped=rule.air_gapped_target is not None,
        continuous=value.continuous,
        cold_storage_after_days=_number(life.move_to_cold_storage_after),
        archive=life.opt_in_to_archive is True,
        recovery_point_tags={k: v for k, v in rule.recovery_point_tags.items() if isinstance(v, str)},
        unknown=tuple(unknown),
        errors=tuple(dict.fromkeys([*plan.errors, *rule.errors])),
    )


def _unknown_names(rule: Rule) -> list[str]:
    names = {"ScheduleExpression": "schedule", "ScheduleExpressionTimezone": "schedule",
             "DeleteAfterDays": "retention", "EnableContinuousBackup": "continuous", "RuleName": "rule_name",
             "MoveToColdStorageAfterDays": "cold_storage"}
    found = [names[key] for key in rule.unknown if key in names]
    if rule.frequency_hours is None and "schedule" not in found and not rule.value.continuous:
        found.append("schedule")
    return found


def _copy(copy: Copy, source_days: object, rule: Rule) -> CopyDestination:
    retention = copy.delete_after if copy.delete_after is not None else source_days
    return CopyDestination(
        destination=copy.target.text, cross_region=copy.target.cross_region,
        cross_account=copy.target.cross_account, air_gapped=copy.target.air_gapped,
        retention_days=_number(retention), vault_locked=copy.target.locked,
        errors=tuple(rule.copy_errors.get(copy.index, ())), region=copy.target.region,
        account=copy.target.account,
    )


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)
