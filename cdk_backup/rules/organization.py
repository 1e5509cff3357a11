"""AWS Organizations backup policies: the policy syntax as plain values, and its rules.

A backup policy (``AWS::Organizations::Policy`` of type ``BACKUP_POLICY``) holds backup plans that
AWS Backup creates in every account the policy applies to. Its rules are the same
:class:`~cdk_backup.rules.plan.PlanRule` values a ``BackupPlan`` renders; :func:`document` writes them
in the policy syntax of the AWS Organizations User Guide ("Backup policy syntax and examples") and
:func:`parse` reads a document back, so the whole-app checker can run the same checks on a template.

AWS Backup does not validate policies: parts it cannot use are ignored, and a plan that misses a
required field is not applied at all. These rules catch that before deployment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cdk_backup.rules import common
from cdk_backup.rules import plan as plan_rules
from cdk_backup.rules import selection as selection_rules
from cdk_backup.rules._core import Rule, Text, Unresolved, Violation, bound, known, pattern
from cdk_backup.rules.plan import CopyAction, Lifecycle, PlanRule

ASSIGN, APPEND, REMOVE = "@@assign", "@@append", "@@remove"
VALUE_OPERATORS = (ASSIGN, APPEND, REMOVE)
"""Value-setting inheritance operators; ``@@append`` and ``@@remove`` only apply to lists."""
CHILD_CONTROL = "@@operators_allowed_for_child_policies"
"""The child control operator: which value-setting operators child policies may use."""
DEFAULT_SCHEDULE = "cron(0 5 ? * * *)"
"""AWS Backup's default schedule, written out because a policy rule must have one."""
DEFAULT_VAULT = "Default"
DEFAULT_ROLE = "service-role/AWSBackupDefaultServiceRole"
"""The role AWS Backup's console suggests for policies (created by AWS Backup in each account)."""
MAX_DOCUMENT_CHARACTERS = 10_000
MAX_RULES = 10
MAX_SELECTION_TAG_VALUES = 30

# ---------------------------------------------------------------------------------- the rules
POLICY_NAME = Rule(
    "policyName", "error", "OrganizationBackupPolicy", "policy_name",
    "{prop} must be 1 to 128 ASCII characters, got {got}", "S-Organizations::Policy Name",
)
POLICY_DESCRIPTION = bound("policyDescription", "OrganizationBackupPolicy", "description", None, 512, "characters",
                           "S-Organizations::Policy Description")
TARGET_ID = pattern(
    "policyTargetId", "OrganizationBackupPolicy", "target_ids",
    r"r-[0-9a-z]{4,32}|[0-9]{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}",
    "a root id (r-…), an organizational unit id (ou-…-…) or a 12-digit account id", "S-Organizations::Policy TargetIds",
)
NO_TARGETS = Rule(
    "policyNoTargets", "warning", "OrganizationBackupPolicy", "target_ids",
    "{prop} is empty{got}: the policy is created but attached to nothing, so no account gets its plan", "derived",
)
REGION = pattern(
    "policyRegionCode", "OrganizationBackupPolicy", "regions", r"[a-z]{2}(-[a-z]+)+-[0-9]{1,2}",
    "an AWS Region code such as eu-west-1", "Organizations backup policy syntax: regions",
)
REGIONS_EMPTY = Rule(
    "policyRegionsEmpty", "error", "OrganizationBackupPolicy", "regions",
    "{prop} must name at least one Region (a policy must say where to back up), got {got}",
    "Organizations backup policy syntax: regions",
)
REGIONS_PARTITION = Rule(
    "policyRegionPartition", "error", "OrganizationBackupPolicy", "regions",
    "{prop} must all lie in one partition, as an organization does, got {got}", "derived",
)
RULE_COUNT = bound("policyRuleCount", "OrganizationBackupPolicy", "backup_plan_rules", 1, MAX_RULES, "rules",
                   "B-R55")
RULE_NAME_CHARACTERS = Rule(
    "policyRuleNameCharacters", "warning", "OrganizationBackupPolicy", "rule_name",
    "{prop} {got} has characters other than letters, digits and hyphens, which the AWS Backup console does not "
    "allow in policy rule names (Organizations' own examples use underscores)", "B-R56",
)
KEY_UNIQUE = Rule(
    "policyKeyUnique", "error", "OrganizationBackupPolicy", "policy keys",
    "{prop} must be unique ignoring case, since each becomes a key of the policy document and duplicate keys "
    "are rejected, got {got} twice", "B-R58",
)
LITERAL_KEY = Rule(
    "policyLiteralKey", "error", "OrganizationBackupPolicy", "policy keys",
    "{prop} must be known at synth, since it becomes a key of the policy document, got {got}", "B-R58",
)
VAULT_NAME = Rule(
    "policyVaultName", "error", "OrganizationBackupPolicy", "backup_vault",
    "{prop} must have a name known at synth (give the vault a backup_vault_name): the policy names the vault in "
    "every member account, got {got}", "Organizations backup policy syntax: target_backup_vault_name",
)
VAULT_IN_MEMBERS = Rule(
    "policyVaultInMembers", "warning", "OrganizationBackupPolicy", "backup_vault",
    "{prop} {got} is a vault of this app, but the policy only names it: each member account needs a vault of "
    "that name in every Region of the policy (AWS Backup does not check)", "B-R59",
)
TIMEZONE = Rule(
    "policyTimezone", "warning", "OrganizationBackupPolicy", "schedule_expression_timezone",
    "{prop} is {got}, but backup policies have no time zone: the policy runs the schedule in UTC",
    "Organizations backup policy syntax: rules",
)
NO_SELECTION = Rule(
    "policyNoSelection", "warning", "OrganizationBackupPolicy", "selections",
    "{prop} is empty{got}: the plan backs up nothing unless another policy with the same plan name adds a "
    "selection", "Organizations backup policy syntax: selections",
)
SELECTION_TAG_KEY = Rule(
    "policySelectionTagKey", "error", "OrganizationTagSelection", "tag_key",
    "{prop} must be 1 to 128 characters, got {got}", "S-Tags",
)
SELECTION_TAG_VALUES = bound("policySelectionTagValues", "OrganizationTagSelection", "tag_values", 1,
                             MAX_SELECTION_TAG_VALUES, "values", "B-R57")
ROLE_NAME = pattern(
    "policyRoleName", "OrganizationBackupPolicy", "iam_role_name",
    r"(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}|arn:aws[a-z-]*:iam::(?:[0-9]{12}|\$account):role/[\w+=,.@/-]+",
    "an IAM role name, optionally with its path (service-role/AWSBackupDefaultServiceRole), or a role ARN "
    "($account for each member account)", "IAM role names",
)
DOCUMENT_SIZE = bound("policyDocumentSize", "OrganizationBackupPolicy", "policy document", None,
                      MAX_DOCUMENT_CHARACTERS, "characters", "Organizations quotas: backup policy size")


# ---------------------------------------------------------------------------------- the model
@dataclass(frozen=True)
class PolicyRule:
    """A plan rule in a policy: the rule's values, plus the scan modes of its malware scanners.

    ``rule.vault`` is the target vault's name, ``rule.air_gapped_vault`` the air-gapped vault's ARN in the
    policy's ``$region``/``$account`` form.
    """

    rule: PlanRule
    scan_modes: tuple[tuple[str, str], ...] = ()
    """(scanner, scan mode) pairs, e.g. ``("GUARDDUTY", "INCREMENTAL_SCAN")``."""


@dataclass(frozen=True)
class TagSelection:
    """Resources of the member accounts that carry ``tag_key`` with one of ``tag_values``."""

    name: str | Unresolved
    tag_key: str | Unresolved
    tag_values: tuple[str | Unresolved, ...]
    iam_role_arn: str | Unresolved
    operator: str = ASSIGN


@dataclass(frozen=True)
class ScanSetting:
    """A plan-level malware scanner setting."""

    scanner: str
    resource_types: tuple[str | Unresolved, ...]
    scanner_role_arn: str | Unresolved


@dataclass(frozen=True)
class PolicyPlan:
    """One plan of a backup policy, as plain values."""

    name: str | Unresolved
    regions: tuple[str | Unresolved, ...]
    rules: tuple[PolicyRule, ...]
    regions_operator: str = ASSIGN
    selections: tuple[TagSelection, ...] = ()
    plan_tags: tuple[tuple[str | Unresolved, str | Unresolved], ...] = ()
    child_operators: tuple[str, ...] | None = None
    """Operators child policies may use on this plan; ``()`` for none, ``None`` for all (the default)."""
    windows_vss: bool | None = None
    s3_backup_acls: bool | None = None
    s3_backup_object_tags: bool | None = None
    scan_settings: tuple[ScanSetting, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------------------------- checks
def partition_of(region: str) -> str:
    """The partition of a Region code (``aws-cn`` for ``cn-north-1``…)."""
    for prefix, partition in (("cn-", "aws-cn"), ("us-gov-", "aws-us-gov"), ("us-isob-", "aws-iso-b"),
                              ("us-iso-", "aws-iso"), ("eu-isoe-", "aws-iso-e"), ("us-isof-", "aws-iso-f")):
        if region.startswith(prefix):
            return partition
    return "aws"


def regions(values: Sequence[object]) -> Iterator[Violation]:
    """At least one Region, each a Region code, all in one partition."""
    if not values:
        yield REGIONS_EMPTY.violation([])
        return
    for index, region in enumerate(values):
        yield from REGION.check(region, prop=f"regions[{index}]")
    literal = [r for r in values if isinstance(r, str) and REGION.matches(r)]
    if len({partition_of(r) for r in literal}) > 1:
        yield REGIONS_PARTITION.violation(literal)


def targets(ids: Sequence[object]) -> Iterator[Violation]:
    """Root, OU or account ids, each once; a warning when there are none."""
    if not ids:
        yield NO_TARGETS.violation(Text(""))
        return
    for index, target in enumerate(ids):
        yield from TARGET_ID.check(target, prop=f"target_ids[{index}]")
    yield from common.unique(list(ids), prop="target_ids")


def policy_name(value: object) -> Iterator[Violation]:
    """1 to 128 ASCII characters."""
    if isinstance(value, str) and known(value) and (not 1 <= len(value) <= 128 or not value.isascii()):
        yield POLICY_NAME.violation(value)


def description(value: object) -> Iterator[Violation]:
    """At most 512 characters."""
    if isinstance(value, str):
        yield from POLICY_DESCRIPTION.check(len(value))


def _keys(items: Sequence[object], *, prop: str, each: str | None = None) -> Iterator[Violation]:
    """Keys of one policy object: literal (``each`` names the item, ``{}`` its index), unique ignoring case."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, str):
            yield LITERAL_KEY.violation(item, prop=each.format(index) if each else prop)
            return
        if item.lower() in seen:
            yield KEY_UNIQUE.violation(item, prop=prop)
            return
        seen.add(item.lower())


_RULE_NAME_CONSOLE = re.compile(r"[A-Za-z0-9-]+", re.ASCII)


def policy_rule(item: PolicyRule, *, prop: str) -> Iterator[Violation]:
    """What a policy adds to a rule's own checks: a literal name, the console's name characters, the
    keys of its copy actions and recovery point tags, and the time zone it cannot carry."""
    rule = item.rule
    if isinstance(rule.name, str) and _RULE_NAME_CONSOLE.fullmatch(rule.name) is None:
        yield RULE_NAME_CHARACTERS.violation(rule.name, prop=f"{prop}.rule_name")
    if rule.timezone is not None and rule.timezone not in ("UTC", "Etc/UTC"):
        yield TIMEZONE.violation(rule.timezone, prop=f"{prop}.schedule_expression_timezone")
    yield from _keys([copy.destination for copy in rule.copies], prop=f"{prop}.copy_actions",
                     each=prop + ".copy_actions[{}].destination_backup_vault")
    yield from _keys(list((rule.recovery_point_tags or {}).keys()), prop=f"{prop}.recovery_point_tags")


def selection(item: TagSelection, *, prop: str) -> Iterator[Violation]:
    """A tag selection: its name (a backup selection name), key, values and role."""
    yield from selection_rules.SELECTION_NAME.check(item.name, prop=f"{prop}.selection_name")
    if isinstance(item.tag_key, str) and not 1 <= len(item.tag_key) <= 128:
        yield SELECTION_TAG_KEY.violation(item.tag_key, prop=f"{prop}.tag_key")
    yield from SELECTION_TAG_VALUES.check(len(item.tag_values), prop=f"{prop}.tag_values")
    for index, value in enumerate(item.tag_values):
        if isinstance(value, str):
            yield from common.TAG_VALUE.check(len(value), prop=f"{prop}.tag_values[{index}]")


def policy_plan(plan: PolicyPlan, *, rule_checks: bool = True) -> Iterator[Violation]:
    """Every check of one plan of a policy; ``rule_checks``: with the checks of each rule as a plan rule
    (a construct leaves them out when its ``BackupPlanRule`` objects made them already)."""
    if not isinstance(plan.name, str):
        yield LITERAL_KEY.violation(plan.name, prop="plan_name")
    yield from plan_rules.PLAN_NAME.check(plan.name, prop="plan_name")
    yield from regions(plan.regions)
    yield from RULE_COUNT.check(len(plan.rules))
    yield from _keys([r.rule.name for r in plan.rules], prop="rule_name", each="backup_plan_rules[{}].rule_name")
    models = [r.rule for r in plan.rules]
    yield from plan_rules.plan(models)
    for index, item in enumerate(plan.rules):
        if rule_checks:
            yield from plan_rules.rule(item.rule)
        yield from policy_rule(item, prop=f"backup_plan_rules[{index}]")
    if not plan.selections:
        yield NO_SELECTION.violation(Text(""))
    yield from _keys([s.name for s in plan.selections], prop="selections[*].selection_name",
                     each="selections[{}].selection_name")
    for index, chosen in enumerate(plan.selections):
        yield from selection(chosen, prop=f"selections[{index}]")
    yield from _keys([key for key, _ in plan.plan_tags], prop="backup_plan_tags")
    yield from common.tags({k: v for k, v in plan.plan_tags if isinstance(k, str)}, prop="backup_plan_tags")
    scanners = {scanner for item in plan.rules for scanner, _ in item.scan_modes}
    missing = sorted(scanners - {setting.scanner for setting in plan.scan_settings})
    if missing:
        yield plan_rules.SCAN_SETTINGS.violation(missing)


def document_size(text: str) -> Iterator[Violation]:
    """The policy document (compact JSON, as CloudFormation sends it) fits the Organizations quota."""
    yield from DOCUMENT_SIZE.check(len(text))


# ---------------------------------------------------------------------------------- the syntax
Render = Callable[[Unresolved, "str | None"], Any]
"""How a token is written into the document, given the unit of the value (``days``, ``minutes`` or None)."""


def _raw(value: Unresolved, unit: str | None) -> Any:
    return value.raw


def _number(value: object, unit: str, render: Render) -> Any:
    if isinstance(value, Unresolved):
        return render(value, unit)
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else str(number)


def _text(value: object, render: Render) -> Any:
    return render(value, None) if isinstance(value, Unresolved) else value


def _flag(value: object) -> str:
    return "true" if value else "false"


def _assign(value: Any) -> dict[str, Any]:
    return {ASSIGN: value}


def _lifecycle(life: Lifecycle, render: Render) -> dict[str, Any]:
    written: dict[str, Any] = {}
    if life.move_to_cold_storage_after is not None:
        written["move_to_cold_storage_after_days"] = _assign(_number(life.move_to_cold_storage_after, "days", render))
    if life.delete_after is not None:
        written["delete_after_days"] = _assign(_number(life.delete_after, "days", render))
    if life.opt_in_to_archive is not None:
        written["opt_in_to_archive_for_supported_resources"] = _assign(
            _text(life.opt_in_to_archive, render) if isinstance(life.opt_in_to_archive, Unresolved)
            else _flag(life.opt_in_to_archive))
    return written


def _tag_pairs(pairs: Sequence[tuple[object, object]], render: Render) -> dict[str, Any]:
    return {str(key).lower(): {"tag_key": _assign(key), "tag_value": _assign(_text(value, render))}
            for key, value in pairs}


def _rule(item: PolicyRule, render: Render) -> dict[str, Any]:
    rule = item.rule
    written: dict[str, Any] = {
        "schedule_expression": _assign(_text(rule.schedule, render) if rule.schedule is not None else DEFAULT_SCHEDULE),
        "target_backup_vault_name": _assign(_text(rule.vault, render) if rule.vault is not None else DEFAULT_VAULT),
    }
    if rule.air_gapped_vault is not None:
        written["target_logically_air_gapped_backup_vault_arn"] = _assign(_text(rule.air_gapped_vault, render))
    if rule.start_minutes is not None:
        written["start_backup_window_minutes"] = _assign(_number(rule.start_minutes, "minutes", render))
    if rule.completion_minutes is not None:
        written["complete_backup_window_minutes"] = _assign(_number(rule.completion_minutes, "minutes", render))
    if rule.continuous:
        written["enable_continuous_backup"] = _assign("true")
    life = rule.lifecycle
    if rule.continuous and life.delete_after is None:
        life = replace(life, delete_after=rule.delete_days)  # continuous backups are kept 35 days by default
    lifecycle = _lifecycle(life, render)
    if lifecycle:
        written["lifecycle"] = lifecycle
    if rule.copies:
        copies: dict[str, Any] = {}
        for copy in rule.copies:
            action: dict[str, Any] = {"target_backup_vault_arn": _assign(copy.destination)}
            copy_lifecycle = _lifecycle(copy.lifecycle, render)
            if copy_lifecycle:
                action["lifecycle"] = copy_lifecycle
            copies[str(copy.destination)] = action
        written["copy_actions"] = copies
    if rule.recovery_point_tags:
        written["recovery_point_tags"] = _tag_pairs(list(rule.recovery_point_tags.items()), render)
    if rule.index_resource_types:
        written["index_actions"] = {"resource_types": _assign([_text(t, render) for t in rule.index_resource_types])}
    if item.scan_modes:
        written["scan_actions"] = {scanner: {"scan_mode": _assign(mode)} for scanner, mode in item.scan_modes}
    return written


def _lock(node: Any, operators: list[str]) -> None:
    """Put the child control operator on every object of ``node`` (as the Organizations examples do)."""
    if isinstance(node, dict):
        for value in node.values():
            _lock(value, operators)
        node[CHILD_CONTROL] = list(operators)


def document(plans: Sequence[PolicyPlan], render: Render = _raw) -> dict[str, Any]:
    """The backup policy document of ``plans``, ready for ``json.dumps``: numbers as strings, every
    value under an inheritance operator, and every key a string. ``render`` writes tokens."""
    written: dict[str, Any] = {}
    for plan in plans:
        body: dict[str, Any] = {
            "regions": {plan.regions_operator: [_text(r, render) for r in plan.regions]},
            "rules": {str(item.rule.name): _rule(item, render) for item in plan.rules},
        }
        if plan.selections:
            body["selections"] = {"tags": {str(s.name): {
                "iam_role_arn": _assign(_text(s.iam_role_arn, render)),
                "tag_key": _assign(_text(s.tag_key, render)),
                "tag_value": {s.operator: [_text(v, render) for v in s.tag_values]},
            } for s in plan.selections}}
        advanced: dict[str, Any] = {}
        if plan.windows_vss is not None:
            advanced["ec2"] = {"windows_vss": _assign("enabled" if plan.windows_vss else "disabled")}
        s3: dict[str, Any] = {}
        if plan.s3_backup_acls is not None:
            s3["backup_acls"] = _assign("enabled" if plan.s3_backup_acls else "disabled")
        if plan.s3_backup_object_tags is not None:
            s3["backup_object_tags"] = _assign("enabled" if plan.s3_backup_object_tags else "disabled")
        if s3:
            advanced["s3"] = s3
        if advanced:
            body["advanced_backup_settings"] = advanced
        if plan.plan_tags:
            body["backup_plan_tags"] = _tag_pairs(list(plan.plan_tags), render)
        if plan.scan_settings:
            body["scan_settings"] = {setting.scanner: {
                "resource_types": _assign([_text(t, render) for t in setting.resource_types]),
                "scanner_role_arn": _assign(_text(setting.scanner_role_arn, render)),
            } for setting in plan.scan_settings}
        if plan.child_operators is not None:
            _lock(body, list(plan.child_operators) or ["@@none"])
        written[str(plan.name)] = body
    return {"plans": written}


# ---------------------------------------------------------------------------------- reading it back
def _value(node: Any) -> tuple[str, Any]:
    """The operator and value of a setting (a bare value, as in effective policies, is an assignment)."""
    if isinstance(node, Mapping):
        for operator in VALUE_OPERATORS:
            if operator in node:
                return operator, node[operator]
        return ASSIGN, None
    return ASSIGN, node


def _get(node: Mapping[str, Any], key: str) -> Any:
    return _value(node[key])[1] if key in node else None


def _days(node: Any) -> Any:
    if node is None:
        return None
    if isinstance(node, str):
        try:
            number = float(node)
        except ValueError:
            return Unresolved(node)
        return int(number) if number.is_integer() else number
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return node
    return Unresolved(node)


def _bool(node: Any) -> bool | Unresolved | None:
    if node is None or isinstance(node, bool):
        return node
    if isinstance(node, str) and node.lower() in ("true", "false"):
        return node.lower() == "true"
    return Unresolved(node)


def _text_of(node: Any) -> Any:
    return node if node is None or isinstance(node, str) else Unresolved(node)


def _read_lifecycle(node: Any) -> Lifecycle:
    if not isinstance(node, Mapping):
        return Lifecycle()
    return Lifecycle(delete_after=_days(_get(node, "delete_after_days")),
                     move_to_cold_storage_after=_days(_get(node, "move_to_cold_storage_after_days")),
                     opt_in_to_archive=_bool(_get(node, "opt_in_to_archive_for_supported_resources")))


def _read_tags(node: Any) -> tuple[tuple[Any, Any], ...]:
    if not isinstance(node, Mapping):
        return ()
    return tuple((_text_of(_get(tag, "tag_key")), _text_of(_get(tag, "tag_value")))
                 for key, tag in node.items() if key != CHILD_CONTROL and isinstance(tag, Mapping))


def _read_rule(name: str, node: Mapping[str, Any]) -> PolicyRule:
    copies = tuple(
        CopyAction(destination=_text_of(_get(action, "target_backup_vault_arn")) or key.lower(),
                   lifecycle=_read_lifecycle(action.get("lifecycle")))
        for key, action in (node.get("copy_actions") or {}).items()
        if key != CHILD_CONTROL and isinstance(action, Mapping))
    tags = _read_tags(node.get("recovery_point_tags"))
    index = node.get("index_actions")
    index_types = _get(index, "resource_types") if isinstance(index, Mapping) else None
    scans = tuple((scanner, str(_get(action, "scan_mode")))
                  for scanner, action in (node.get("scan_actions") or {}).items()
                  if scanner != CHILD_CONTROL and isinstance(action, Mapping))
    rule = PlanRule(
        name=name,
        vault=_text_of(_get(node, "target_backup_vault_name")),
        schedule=_text_of(_get(node, "schedule_expression")),
        start_minutes=_days(_get(node, "start_backup_window_minutes")),
        completion_minutes=_days(_get(node, "complete_backup_window_minutes")),
        lifecycle=_read_lifecycle(node.get("lifecycle")),
        continuous=_bool(_get(node, "enable_continuous_backup")) is True,
        copies=copies,
        recovery_point_tags={str(k): v for k, v in tags} if tags else None,
        index_resource_types=tuple(index_types) if isinstance(index_types, list) else None,
        index_action_count=1 if isinstance(index, Mapping) else 0,
        scanners=tuple(scanner for scanner, _ in scans),
        air_gapped_vault=_text_of(_get(node, "target_logically_air_gapped_backup_vault_arn")),
    )
    return PolicyRule(rule=rule, scan_modes=scans)


def _enabled(node: Any, *keys: str) -> bool | None:
    for key in keys:
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    value = _value(node)[1]
    return None if value is None else str(value).lower() == "enabled"


def parse(content: Mapping[str, Any]) -> list[PolicyPlan]:
    """The plans of a backup policy document (the inverse of :func:`document`)."""
    plans: list[PolicyPlan] = []
    for name, node in (content.get("plans") or {}).items():
        if name == CHILD_CONTROL or not isinstance(node, Mapping):
            continue
        regions_operator, region_list = _value(node.get("regions", {}))
        selections = tuple(
            TagSelection(name=key, tag_key=_text_of(_get(tag, "tag_key")),
                         tag_values=tuple(_value(tag.get("tag_value", {}))[1] or ()),
                         iam_role_arn=_text_of(_get(tag, "iam_role_arn")),
                         operator=_value(tag.get("tag_value", {}))[0])
            for key, tag in ((node.get("selections") or {}).get("tags") or {}).items()
            if key != CHILD_CONTROL and isinstance(tag, Mapping))
        settings = tuple(
            ScanSetting(scanner=scanner, resource_types=tuple(_get(setting, "resource_types") or ()),
                        scanner_role_arn=_text_of(_get(setting, "scanner_role_arn")))
            for scanner, setting in (node.get("scan_settings") or {}).items()
            if scanner != CHILD_CONTROL and isinstance(setting, Mapping))
        child = node.get(CHILD_CONTROL)
        advanced = node.get("advanced_backup_settings")
        plans.append(PolicyPlan(
            name=name,
            regions=tuple(region_list or ()),
            regions_operator=regions_operator,
            rules=tuple(_read_rule(key, rule) for key, rule in (node.get("rules") or {}).items()
                        if key != CHILD_CONTROL and isinstance(rule, Mapping)),
            selections=selections,
            plan_tags=_read_tags(node.get("backup_plan_tags")),
            child_operators=None if child is None else tuple(op for op in child if op != "@@none"),
            windows_vss=_enabled(advanced, "ec2", "windows_vss"),
            s3_backup_acls=_enabled(advanced, "s3", "backup_acls"),
            s3_backup_object_tags=_enabled(advanced, "s3", "backup_object_tags"),
            scan_settings=settings,
        ))
    return plans


def with_name(rule: PlanRule, name: str) -> PlanRule:
    """``rule`` under another name (a rule without a name gets one in a policy)."""
    return replace(rule, name=name)
