"""The rule catalogue, run on every ``AWS::Backup::*`` resource of the app, whoever made it.

Each check calls the same pure function of :mod:`cdk_backup.rules` that the constructs call, on the
values read from the template; cross-resource rules (a rule's retention against its vault's lock,
copies into air-gapped vaults, continuous and periodic rules of a plan that selects S3) get their
inputs from the parsed app. Errors on a plan rule are remembered on it: such a rule protects nothing
(CloudFormation refuses the plan, or every job of the rule fails).
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from cdk_backup.check import resources as types
from cdk_backup.check.assembly import Stack
from cdk_backup.check.match import Answer, Matcher
from cdk_backup.check.model import App, Plan, Resource, Rule, Selection, Vault
from cdk_backup.check.parse import schedule_violations
from cdk_backup.check.report import Finding
from cdk_backup.check.values import Resolver, SymStr, is_intrinsic, literal_of, text_of
from cdk_backup.rules import Text, Unresolved, Violation, common, legal_hold, organization, tiering
from cdk_backup.rules import audit as audit_rules
from cdk_backup.rules import plan as plan_rules
from cdk_backup.rules import schedule as schedule_rules
from cdk_backup.rules import selection as selection_rules
from cdk_backup.rules import template as template_rules
from cdk_backup.rules import vault as vault_rules

_REMOVAL = {"Delete": "DESTROY", "Snapshot": "SNAPSHOT", "Retain": "RETAIN",
            "RetainExceptOnCreate": "RETAIN_ON_UPDATE_OR_DELETE"}


class Findings:
    """Findings collected in order, each from a catalogue violation on one resource."""

    def __init__(self) -> None:
        self.items: list[Finding] = []

    def add(self, violations: Iterable[Violation], stack: Stack, logical_id: str, *, prefix: str = "",
            location: str | None = None) -> list[Violation]:
        added = []
        for violation in violations:
            if prefix:
                violation = dataclasses.replace(violation, prop=f"{prefix}{violation.prop}")
            self.items.append(Finding(
                rule=violation.rule.id, severity=violation.severity, stack=stack.name, logical_id=logical_id,
                path=stack.path_of(logical_id), message=violation.message, location=location,
                template=stack.template_path, line=stack.line_of(logical_id)))
            added.append(violation)
        return added


def run(app: App, resolver: Resolver, matcher: Matcher,
        selected: dict[Selection, dict[Resource, Answer]]) -> list[Finding]:
    """Every rule of the catalogue that templates can decide, on every resource."""
    out = Findings()
    for vault in app.vaults:
        _vault(out, resolver, vault)
    for group in _by_env(app.vaults, lambda v: v.stack):
        names = [(literal_of(v.name), v.path) for v in group]
        for index, violation in template_rules.vault_names_unique(names):
            out.add([violation], group[index].stack, group[index].logical_id, location="Properties/BackupVaultName")
    for plan in app.plans:
        _plan(out, resolver, matcher, plan, selected)
    for group in _by_env(app.plans, lambda p: p.stack):
        names = [(p.name, p.path) for p in group]
        for index, violation in template_rules.plan_names_unique(names):
            out.add([violation], group[index].stack, group[index].logical_id,
                    location="Properties/BackupPlan/BackupPlanName")
            group[index].errors.append(violation.rule.id)
    for selection in app.selections:
        _selection(out, selection, selected.get(selection, {}))
    for framework in app.frameworks:
        _framework(out, resolver, framework)
    for stack, logical_id, resource in app.others:
        _other(out, resolver, stack, logical_id, resource)
    for stack in app.stacks:
        for logical_id, resource in stack.resources.items():
            if isinstance(resource, dict) and resource.get("Type") == "AWS::Organizations::Policy":
                _organization_policy(out, resolver, stack, logical_id, resource)
    _per_stack(out, resolver, app)
    return out.items


def _by_env(items: Sequence[Any], stack_of: Any) -> list[list[Any]]:
    groups: dict[tuple[str | None, str | None], list[Any]] = defaultdict(list)
    for item in items:
        groups[stack_of(item).env_key].append(item)
    return list(groups.values())


# ---------------------------------------------------------------------------------------- vaults
def _vault(out: Findings, resolver: Resolver, vault: Vault) -> None:
    stack, logical_id = vault.stack, vault.logical_id
    resource = stack.resources[logical_id]
    props = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
    name = literal_of(vault.name)
    if props.get("BackupVaultName") is not None and name is not None:
        out.add(vault_rules.VAULT_NAME.check(name), stack, logical_id, location="Properties/BackupVaultName")
    if vault.unknown_tags is None:
        out.add(common.tags(vault.tags, prop="backup_vault_tags"), stack, logical_id,
                location="Properties/BackupVaultTags")
    if vault.air_gapped:
        out.add(vault_rules.air_gapped_retention(vault.lock_min, vault.lock_max), stack, logical_id,
                location="Properties")
        out.add(common.mpa_team_arn(resolver.text(props.get("MpaApprovalTeamArn"), stack)), stack, logical_id,
                location="Properties/MpaApprovalTeamArn")
    elif vault.locked:
        out.add(vault_rules.lock(vault.lock_min, vault.lock_max, vault.changeable_for), stack, logical_id,
                prefix="lock_configuration.", location="Properties/LockConfiguration")
    actions = _policy_actions(vault.access_policy)
    if actions:
        out.add(vault_rules.policy_actions(actions), stack, logical_id, location="Properties/AccessPolicy")
    key = resolver.text(props.get("EncryptionKeyArn"), stack)
    if isinstance(key, str):
        out.add(vault_rules.key_arn(key), stack, logical_id, location="Properties/EncryptionKeyArn")
    removal = resource.get("DeletionPolicy")
    if isinstance(removal, str) and removal in _REMOVAL:
        out.add(vault_rules.removal_policy(_REMOVAL[removal]), stack, logical_id, location="DeletionPolicy")


def _policy_actions(policy: object) -> list[object]:
    """Every literal action of a vault access policy (a JSON string or an object)."""
    if isinstance(policy, str):
        try:
            policy = json.loads(policy)
        except ValueError:
            return []
    if not isinstance(policy, dict):
        return []
    statements = policy.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    actions: list[object] = []
    for statement in statements if isinstance(statements, list) else ():
        if not isinstance(statement, dict):
            continue
        action = statement.get("Action")
        actions.extend(action if isinstance(action, list) else [action] if action is not None else [])
    return [action for action in actions if isinstance(action, str)]


# ---------------------------------------------------------------------------------------- plans
def plan_selects(plan: Plan, matcher: Matcher, selected: dict[Selection, dict[Resource, Answer]]) -> set[str]:
    """The AWS Backup types a plan certainly selects: from the app's resources, and from ARN patterns
    limited to a service (``arn:aws:s3:::*`` selects S3 buckets, ``arn:aws:rds:*`` the RDS family)."""
    found: set[str] = set()
    for selection in plan.selections:
        for resource, (answer, _) in selected.get(selection, {}).items():
            if answer is True:
                found.add(resource.backup_type)
        for value in selection.resources or ():
            service = matcher.patterns_service(value)
            if service == "s3":
                found.add("S3")
            elif service == "rds":
                found.update(types.RDS_FAMILY)
    return found


def _plan(out: Findings, resolver: Resolver, matcher: Matcher, plan: Plan,
          selected: dict[Selection, dict[Resource, Answer]]) -> None:
    stack, logical_id = plan.stack, plan.logical_id
    if not plan.readable:
        return
    where = "Properties/BackupPlan"
    plan.errors.extend(v.rule.id for v in out.add(plan_rules.PLAN_NAME.check(plan.name), stack, logical_id,
                                                  location=f"{where}/BackupPlanName") if v.severity == "error")
    if plan.unknown_tags is None:
        out.add(common.tags(plan.tags, prop="backup_plan_tags"), stack, logical_id,
                location="Properties/BackupPlanTags")
    values = [rule.value for rule in plan.rules]
    plan.errors.extend(v.rule.id for v in out.add(plan_rules.plan(values), stack, logical_id, location=where)
                       if v.severity == "error")
    kinds = plan_selects(plan, matcher, selected)
    if "S3" in kinds:
        plan.errors.extend(v.rule.id for v in out.add(plan_rules.s3_same_vault(values), stack, logical_id,
                                                      location=where) if v.severity == "error")
    body = stack.resources[logical_id].get("Properties", {}).get("BackupPlan", {})
    scan_settings = resolver.items(body.get("ScanSettings"), stack) if isinstance(body, dict) else None
    configured: list[object] = []
    for setting in scan_settings or ():
        if not isinstance(setting, dict):
            continue
        configured.append(resolver.value(setting.get("MalwareScanner"), stack))
        listed = resolver.items(setting.get("ResourceTypes"), stack) or []
        scan_types = [resolver.value(item, stack) for item in listed]
        out.add(plan_rules.scan_setting(scan_types, resolver.text(setting.get("ScannerRoleArn"), stack)), stack,
                logical_id, location=f"{where}/ScanSettings")
    if scan_settings is not None:
        out.add(plan_rules.scanners_configured(values, configured), stack, logical_id, location=where)
    advanced = resolver.items(body.get("AdvancedBackupSettings"), stack) if isinstance(body, dict) else None
    vss = any(isinstance(item, dict) and isinstance(item.get("BackupOptions"), dict)
              and resolver.value(item["BackupOptions"].get("WindowsVSS"), stack) == "enabled"
              for item in advanced or ())
    if vss:
        out.add(plan_rules.windows_vss(True, _selects_ec2(plan, matcher, selected, kinds)), stack, logical_id,
                location=f"{where}/AdvancedBackupSettings")
    for rule in plan.rules:
        _rule(out, plan, rule, kinds)


def _selects_ec2(plan: Plan, matcher: Matcher, selected: dict[Selection, dict[Resource, Answer]],
                 kinds: set[str]) -> bool | None:
    """Whether a plan selects an EC2 instance: ``None`` when only a deployment value could tell."""
    if "EC2" in kinds:
        return True
    for selection in plan.selections:
        if selection.unknown is not None or selection.resources is None:
            return None
        if any(answer is None and resource.backup_type == "EC2"
               for resource, (answer, _) in selected.get(selection, {}).items()):
            return None
        if selection.list_of_tags or any(matcher.patterns_service(value) in (None, "ec2") and not _in_app(value)
                                         for value in selection.resources):
            return None  # instances outside the app may match
    return False


def _in_app(value: SymStr) -> bool:
    """An ARN that names a resource of the app by reference (no wildcard): its type is known."""
    from cdk_backup.check.values import ATTR, syms_of

    return "*" not in text_of(value) and any(sym.kind == ATTR and sym.fresh for sym in syms_of(value))


def _rule(out: Findings, plan: Plan, rule: Rule, kinds: set[str]) -> None:
    stack, logical_id = plan.stack, plan.logical_id
    value = rule.value
    label = f"rules[{value.name!r}]." if isinstance(value.name, str) else f"rules[{rule.index}]."
    location = f"Properties/BackupPlan/BackupPlanRule/{rule.index}"

    def add(violations: Iterable[Violation], copy: int | None = None) -> None:
        for violation in out.add(violations, stack, logical_id, prefix=label, location=location):
            if violation.severity != "error":
                continue
            if copy is None and not violation.prop.startswith(f"{label}copy_actions["):
                rule.errors.append(violation.rule.id)
            else:
                index = copy if copy is not None else _copy_index(violation.prop)
                rule.copy_errors.setdefault(index, []).append(violation.rule.id)

    add(plan_rules.rule(value))
    if isinstance(value.schedule, str):
        add(_schedule(value.schedule))
    if isinstance(value.timezone, str):
        add(schedule_rules.timezone(value.timezone))
    target = rule.target
    if target is not None and target.vault is None and isinstance(value.vault, str):
        add(vault_rules.VAULT_NAME.check(value.vault, prop="backup_vault"))
    if target is not None and target.vault is not None:
        if target.vault.air_gapped:
            add([plan_rules.AIR_GAPPED_NOT_TARGET.violation(Text(target.text))])
        else:
            add(plan_rules.retention_in_lock(value.delete_days, target.vault.lock_min, target.vault.lock_max,
                                             vault=target.text))
    air = rule.air_gapped_target
    if air is not None:
        if air.vault is not None and not air.vault.air_gapped:
            add([plan_rules.AIR_GAPPED_TARGET_KIND.violation(Text(air.text))])
        elif air.vault is not None:
            add(plan_rules.retention_in_lock(value.delete_days, air.vault.lock_min, air.vault.lock_max,
                                             vault=air.text, prop="logically_air_gapped_backup_vault"))
        add(plan_rules.air_gapped_target_local(value.air_gapped_vault, stack.account, stack.region))
    selects_rds = bool(kinds & types.RDS_FAMILY)
    for copy, action in zip(rule.copies, value.copies, strict=True):
        prop = f"copy_actions[{copy.index}]"
        destination = action.destination
        add(common.vault_arn(destination, prop=f"{prop}.destination_backup_vault"), copy.index)
        add(plan_rules.copy_to_default_vault(destination, stack.account, prop=f"{prop}.destination_backup_vault"),
            copy.index)
        add(plan_rules.copy_cross_region_and_account(copy.index, copy.target.cross_region is True,
                                                     copy.target.cross_account is True, selects_rds), copy.index)
        vault = copy.target.vault
        if vault is not None and vault.locked:
            retention = copy.delete_after if copy.delete_after is not None else value.delete_days
            add(plan_rules.retention_in_lock(retention, vault.lock_min, vault.lock_max, vault=copy.target.text,
                                             prop=f"{prop}.delete_after"), copy.index)


def _copy_index(prop: str) -> int:
    start = prop.find("copy_actions[") + len("copy_actions[")
    end = prop.find("]", start)
    text = prop[start:end]
    return int(text) if text.isdigit() else -1


def _schedule(text: str) -> tuple[Violation, ...]:
    """A literal schedule's checks (memoized: apps repeat a few schedules many times)."""
    return schedule_violations(text)


# ---------------------------------------------------------------------------------------- selections
def _selection(out: Findings, selection: Selection, picks: dict[Resource, Answer]) -> None:
    stack, logical_id = selection.stack, selection.logical_id
    if selection.resources is None:
        return
    arns = [literal_of(value) if literal_of(value) is not None else Unresolved(text_of(value))
            for value in selection.resources]
    not_resources = [literal_of(value) if literal_of(value) is not None else Unresolved(text_of(value))
                     for value in selection.not_resources or ()]
    out.add(selection_rules.selection(arns, len(selection.tag_matches), len(selection.condition_matches),
                                      not_resources, name=selection.name, tags=selection.tag_matches,
                                      condition_matches=selection.condition_matches),
            stack, logical_id, location="Properties/BackupSelection")
    for resource, (answer, _) in picks.items():
        if answer is True and resource.cfn_type == "AWS::S3::Bucket":
            versioning = resource.properties.get("VersioningConfiguration")
            status = versioning.get("Status") if isinstance(versioning, dict) else None
            if isinstance(status, dict):
                status = Unresolved(status)
            out.add(selection_rules.bucket_versioning(status, bucket=resource.path), stack, logical_id,
                    location="Properties/BackupSelection/Resources")


# ---------------------------------------------------------------------------------------- Audit Manager
def _framework(out: Findings, resolver: Resolver, framework: Any) -> None:
    stack, logical_id = framework.stack, framework.logical_id
    props = stack.resources[logical_id].get("Properties") or {}
    tags, unknown = types.read_tags(resolver, stack, props.get("FrameworkTags"))
    out.add(audit_rules.framework(name=framework.name,
                                  description_text=resolver.text(props.get("FrameworkDescription"), stack),
                                  control_count=len(framework.controls), tags=tags if unknown is None else None),
            stack, logical_id, location="Properties")
    bodies: list[tuple[str, object]] = []
    for control in framework.controls:
        scope = control.scope
        tag_map = {key: value for key, value in scope.tags} if scope.tags is not None else None
        kinds = audit_rules.scope_kinds(scope.types, scope.ids, tag_map)
        prefix = f"controls[{control.index}]."
        location = f"Properties/FrameworkControls/{control.index}"
        out.add(audit_rules.control(control.name, control.parameters, kinds), stack, logical_id, prefix=prefix,
                location=location)
        if scope.unknown is None:
            out.add(audit_rules.control_scope(scope.types, scope.ids, tag_map), stack, logical_id,
                    prefix=f"{prefix}scope.", location=location)
        bodies.append((str(control.name), (sorted(control.parameters.items(), key=str), repr(scope.types),
                                           repr(scope.ids), repr(scope.tags))))
    out.add(audit_rules.unique_controls(bodies), stack, logical_id, location="Properties/FrameworkControls")


def _other(out: Findings, resolver: Resolver, stack: Stack, logical_id: str, resource: dict[str, Any]) -> None:
    """Report plans, restore testing plans and selections."""
    kind = resource.get("Type")
    props = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
    assert isinstance(props, dict)

    def value(raw: object) -> Any:
        return resolver.value(raw, stack)

    def listed(raw: object) -> list[Any] | None:
        items = resolver.items(raw, stack)
        return None if items is None else [value(item) for item in items]

    if kind == "AWS::Backup::ReportPlan":
        setting = props.get("ReportSetting") if isinstance(props.get("ReportSetting"), dict) else {}
        channel = props.get("ReportDeliveryChannel") if isinstance(props.get("ReportDeliveryChannel"), dict) else {}
        assert isinstance(setting, dict) and isinstance(channel, dict)
        tags, unknown = types.read_tags(resolver, stack, props.get("ReportPlanTags"))
        out.add(audit_rules.report_plan(
            template=value(setting.get("ReportTemplate")), frameworks=listed(setting.get("FrameworkArns")),
            formats=listed(channel.get("Formats")), accounts=listed(setting.get("Accounts")),
            organization_units=listed(setting.get("OrganizationUnits")), regions=listed(setting.get("Regions")),
            key_prefix=value(channel.get("S3KeyPrefix")), name=value(props.get("ReportPlanName")),
            description_text=value(props.get("ReportPlanDescription")), tags=tags if unknown is None else None),
            stack, logical_id, location="Properties")
    elif kind == "AWS::Backup::LegalHold":
        _legal_hold(out, resolver, stack, logical_id, props)
    elif kind == "AWS::Backup::TieringConfiguration":
        out.add(tiering.configuration(value(props.get("TieringConfigurationName")),
                                      value(props.get("BackupVaultName")), _tiering_selections(resolver, stack, props)),
                stack, logical_id, location="Properties")
    elif kind == "AWS::Backup::RestoreTestingPlan":
        _restore_testing_plan(out, resolver, stack, logical_id, props)
    elif kind == "AWS::Backup::RestoreTestingSelection":
        _restore_testing_selection(out, resolver, stack, logical_id, props)


def _organization_policy(out: Findings, resolver: Resolver, stack: Stack, logical_id: str,
                         resource: dict[str, Any]) -> None:
    """An ``AWS::Organizations::Policy`` of type ``BACKUP_POLICY``: the rules of
    :mod:`cdk_backup.rules.organization` on its name, description, targets and, when its ``Content``
    is a literal (a dict or a JSON string), on its document and every plan in it."""
    props = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
    assert isinstance(props, dict)
    if resolver.value(props.get("Type"), stack) != "BACKUP_POLICY":
        return
    out.add(organization.policy_name(resolver.value(props.get("Name"), stack)), stack, logical_id,
            location="Properties/Name")
    out.add(organization.description(resolver.value(props.get("Description"), stack)), stack, logical_id,
            location="Properties/Description")
    if "TargetIds" in props:
        target_ids = resolver.items(props.get("TargetIds"), stack)
        if target_ids is not None:
            out.add(organization.targets([resolver.value(t, stack) for t in target_ids]), stack, logical_id,
                    location="Properties/TargetIds")
    content = _policy_content(props.get("Content"))
    if content is None:  # known only at deployment (an intrinsic function): nothing to check
        return
    out.add(organization.document_size(json.dumps(content, separators=(",", ":"))), stack, logical_id,
            location="Properties/Content")
    try:
        plans = organization.parse(_unresolved(content))
    except (AttributeError, TypeError):  # an intrinsic where the syntax wants an object
        return
    for plan in plans:
        prefix = f"plans[{str(plan.name)!r}]."
        location = f"Properties/Content/plans/{plan.name}"
        out.add(organization.policy_plan(plan, rule_checks=False), stack, logical_id, prefix=prefix,
                location=location)
        for index, item in enumerate(plan.rules):  # each rule's own checks, with its index in the message
            schedule = item.rule.schedule
            violations = [*plan_rules.rule(item.rule), *(_schedule(schedule) if isinstance(schedule, str) else ())]
            out.add(violations, stack, logical_id, prefix=f"{prefix}backup_plan_rules[{index}].",
                    location=f"{location}/rules/{item.rule.name}")


def _policy_content(raw: object) -> dict[str, Any] | None:
    """A policy's ``Content`` as a document, ``None`` when it is not a literal (a dict or a JSON string)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    if not isinstance(raw, dict) or is_intrinsic(raw):
        return None
    return raw


def _unresolved(node: Any) -> Any:
    """A policy document with each intrinsic function in it as :class:`Unresolved` (known at deployment)."""
    if is_intrinsic(node):
        return Unresolved(node)
    if isinstance(node, dict):
        return {key: _unresolved(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_unresolved(item) for item in node]
    return node


def _tiering_selections(resolver: Resolver, stack: Stack, props: dict[str, Any]) -> list[Any]:
    found = []
    for item in resolver.items(props.get("ResourceSelection"), stack) or ():
        if not isinstance(item, dict):
            continue
        listed = resolver.items(item.get("Resources"), stack)
        resources = tuple(resolver.value(r, stack) for r in listed) if listed is not None else (Unresolved(None),)
        found.append(tiering.ResourceSelection(resolver.value(item.get("ResourceType"), stack), resources,
                                               resolver.number(item.get("TieringDownSettingsInDays"), stack)))
    return found


def _legal_hold(out: Findings, resolver: Resolver, stack: Stack, logical_id: str, props: dict[str, Any]) -> None:
    import datetime as dt

    tags, unknown = types.read_tags(resolver, stack, props.get("Tags"))
    violations: list[Violation] = [*legal_hold.title(resolver.value(props.get("Title"), stack)),
                                   *legal_hold.description(resolver.value(props.get("Description"), stack))]
    if unknown is None:
        violations += legal_hold.tags(tags)
    selection = props.get("RecoveryPointSelection")
    if isinstance(selection, dict) and not is_intrinsic(selection):
        vaults = [resolver.value(v, stack) for v in resolver.items(selection.get("VaultNames"), stack) or ()]
        ids = resolver.items(selection.get("ResourceIdentifiers"), stack) or ()
        violations += legal_hold.vault_names(vaults)
        dates = selection.get("DateRange")
        violations += legal_hold.selection(len(vaults), len(ids), isinstance(dates, dict))
        if isinstance(dates, dict):
            low, high = _moment(resolver.value(dates.get("FromDate"), stack)), _moment(resolver.value(
                dates.get("ToDate"), stack))
            violations += legal_hold.date_range(low, high, dt.datetime.now(dt.timezone.utc))
    out.add(violations, stack, logical_id, location="Properties")


def _moment(value: object) -> Any:
    import datetime as dt

    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return Unresolved(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    return Unresolved(value)


def _per_stack(out: Findings, resolver: Resolver, app: App) -> None:
    """Limits that count resources of one stack: tiering configurations per vault, active legal holds."""
    by_stack: dict[Stack, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for stack, logical_id, resource in app.others:
        by_stack[stack].append((logical_id, resource))
    for stack, items in by_stack.items():
        tierings = [(logical_id, resource) for logical_id, resource in items
                    if resource.get("Type") == "AWS::Backup::TieringConfiguration"]
        if tierings:
            names = [resolver.value((r.get("Properties") or {}).get("BackupVaultName"), stack) for _, r in tierings]
            out.add(tiering.one_per_vault(names), stack, tierings[-1][0], location="Properties/BackupVaultName")
        holds = [logical_id for logical_id, resource in items if resource.get("Type") == "AWS::Backup::LegalHold"]
        if holds:
            out.add(legal_hold.active_holds(len(holds)), stack, holds[-1], location="Properties")


def _restore_testing_plan(out: Findings, resolver: Resolver, stack: Stack, logical_id: str,
                          props: dict[str, Any]) -> None:
    from cdk_backup.rules import restore_testing

    tags, unknown = types.read_tags(resolver, stack, props.get("Tags"))
    out.add(restore_testing.plan(name=resolver.value(props.get("RestoreTestingPlanName"), stack),
                                 start_window_hours=resolver.number(props.get("StartWindowHours"), stack),
                                 tags=tags if unknown is None else None), stack, logical_id, location="Properties")
    selection = props.get("RecoveryPointSelection")
    if isinstance(selection, dict) and not is_intrinsic(selection):
        include = resolver.items(selection.get("IncludeVaults"), stack)
        point_types = resolver.items(selection.get("RecoveryPointTypes"), stack)
        if include is not None and point_types is not None:
            out.add(restore_testing.recovery_point_selection(
                algorithm=resolver.value(selection.get("Algorithm"), stack),
                include_vaults=[resolver.value(v, stack) for v in include],
                recovery_point_types=[resolver.value(t, stack) for t in point_types],
                exclude_vaults=[resolver.value(v, stack) for v in resolver.items(selection.get("ExcludeVaults"),
                                                                                 stack) or ()],
                selection_window_days=resolver.number(selection.get("SelectionWindowDays"), stack)),
                stack, logical_id, prefix="recovery_point_selection.", location="Properties/RecoveryPointSelection")
    schedule = resolver.text(props.get("ScheduleExpression"), stack)
    if isinstance(schedule, str):
        out.add(schedule_rules.expression(schedule, hourly_limit=False), stack, logical_id,
                location="Properties/ScheduleExpression")
    timezone = resolver.text(props.get("ScheduleExpressionTimezone"), stack)
    if isinstance(timezone, str):
        out.add(schedule_rules.timezone(timezone), stack, logical_id, location="Properties/ScheduleExpressionTimezone")
    out.add(restore_testing.region(stack.region), stack, logical_id, location="Properties")


def _restore_testing_selection(out: Findings, resolver: Resolver, stack: Stack, logical_id: str,
                               props: dict[str, Any]) -> None:
    from cdk_backup.rules import restore_testing

    arns_raw = props.get("ProtectedResourceArns")
    arns = None if arns_raw is None else resolver.items(arns_raw, stack)
    conditions: list[Any] = []
    raw_conditions = props.get("ProtectedResourceConditions")
    if isinstance(raw_conditions, dict) and not is_intrinsic(raw_conditions):
        for operator in ("StringEquals", "StringNotEquals"):
            for entry in resolver.items(raw_conditions.get(operator), stack) or ():
                if isinstance(entry, dict):
                    conditions.append(restore_testing.Condition(operator, resolver.value(entry.get("Key"), stack),
                                                                resolver.value(entry.get("Value"), stack)))
    overrides = resolver.value(props.get("RestoreMetadataOverrides"), stack)
    if arns_raw is not None and arns is None:
        return
    out.add(restore_testing.selection(
        resource_type=resolver.value(props.get("ProtectedResourceType"), stack),
        name=resolver.value(props.get("RestoreTestingSelectionName"), stack),
        arns=None if arns is None else [resolver.value(a, stack) for a in arns], conditions=conditions,
        validation_window_hours=resolver.number(props.get("ValidationWindowHours"), stack),
        overrides=overrides if isinstance(overrides, dict) else None), stack, logical_id, location="Properties")

