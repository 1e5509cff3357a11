"""Restore testing: RestoreTestingPlan, RecoveryPointSelection and RestoreTestingSelection.

A plan restores recovery points on a schedule; each selection says which protected resources of
one type to restore, with which metadata overrides, and for how long to keep them for validation.
The rules live in :mod:`cdk_backup.rules.restore_testing`, where the whole-app checker reads them too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

import aws_cdk as cdk
from aws_cdk import aws_backup as l1
from aws_cdk import aws_iam as iam
from constructs import Construct

from cdk_backup import _inputs as inputs
from cdk_backup._roles import BACKUP_SERVICE, RESTORE_POLICY, S3_RESTORE_POLICY
from cdk_backup.audit import enum_or_text
from cdk_backup.rules import Unresolved, Violation
from cdk_backup.rules import restore_testing as rules
from cdk_backup.rules import schedule as schedule_rules
from cdk_backup.rules.restore_testing import NO_RESTORE_TESTING_REGIONS, Condition

if TYPE_CHECKING:
    from aws_cdk import aws_events as events

    from cdk_backup.events import RestoreJobStatus

__all__ = ["NO_RESTORE_TESTING_REGIONS", "OVERRIDABLE_KEYS", "ProtectedResourceType", "RecoveryPointSelection",
           "RecoveryPointType", "RestoreTestingAlgorithm", "RestoreTestingPlan", "RestoreTestingSelection"]


class RestoreTestingAlgorithm(str, Enum):
    """Which recovery point in the selection window a test restores."""

    LATEST_WITHIN_WINDOW = "LATEST_WITHIN_WINDOW"
    RANDOM_WITHIN_WINDOW = "RANDOM_WITHIN_WINDOW"


class RecoveryPointType(str, Enum):
    """Kinds of recovery points a test may restore."""

    SNAPSHOT = "SNAPSHOT"
    CONTINUOUS = "CONTINUOUS"


class ProtectedResourceType(str, Enum):
    """Resource types restore testing supports."""

    AURORA = "Aurora"
    DOCUMENTDB = "DocumentDB"
    DYNAMODB = "DynamoDB"
    EBS = "EBS"
    EC2 = "EC2"
    EFS = "EFS"
    FSX = "FSx"
    NEPTUNE = "Neptune"
    RDS = "RDS"
    S3 = "S3"
    REDSHIFT = "Redshift"
    """Named in AWS's 2024 policy changelog, not yet in the API reference: accepted with a warning."""
    TIMESTREAM = "Timestream"
    """Named in AWS's 2024 policy changelog, not yet in the API reference: accepted with a warning."""


OVERRIDABLE_KEYS: dict[ProtectedResourceType, frozenset[str]] = {
    ProtectedResourceType(kind): keys for kind, keys in rules.OVERRIDABLE_KEYS.items()}
"""Top-level restore metadata keys AWS lets restore tests override, per type (lower case; AWS compares
keys case-insensitively). From the AWS Backup Developer Guide, "Restore testing inferred metadata"."""


# ---------------------------------------------------------------------------------------- plans
@dataclass(frozen=True)
class RecoveryPointSelection:
    """Which recovery points a restore testing plan picks from.

    ``RestoreTestingPlan`` also accepts a dict with these keys.
    """

    include_vaults: Sequence[Any]
    """Vaults (constructs), backup-vault ARNs (wildcards allowed), or ``["*"]`` for all vaults."""
    algorithm: RestoreTestingAlgorithm | str = RestoreTestingAlgorithm.LATEST_WITHIN_WINDOW
    recovery_point_types: Sequence[RecoveryPointType | str] = (RecoveryPointType.SNAPSHOT,)
    exclude_vaults: Sequence[Any] | None = None
    selection_window: cdk.Duration | None = None
    """How far back to look, 1-365 days. AWS default: 30 days."""

    def render(self, where: Construct) -> l1.CfnRestoreTestingPlan.RestoreTestingRecoveryPointSelectionProperty:
        """Normalize, check and render for the plan ``where`` (messages name the plan)."""
        include = inputs.required_list(where, "include_vaults", self.include_vaults,
                                       lambda p, v: _vault_selector(where, p, v))
        exclude = inputs.optional_list(where, "exclude_vaults", self.exclude_vaults,
                                       lambda p, v: _vault_selector(where, p, v)) or []
        algorithm = enum_or_text(where, "algorithm", self.algorithm, RestoreTestingAlgorithm)
        types = inputs.required_list(where, "recovery_point_types", self.recovery_point_types,
                                     lambda p, v: enum_or_text(where, p, v, RecoveryPointType))
        window = inputs.duration(where, "selection_window", self.selection_window, "days")
        inputs.enforce(where, rules.recovery_point_selection(
            algorithm=algorithm, include_vaults=include, recovery_point_types=types, exclude_vaults=exclude,
            selection_window_days=window))
        return l1.CfnRestoreTestingPlan.RestoreTestingRecoveryPointSelectionProperty(
            algorithm=inputs.rendered(algorithm),
            include_vaults=[inputs.rendered(v) for v in include],
            recovery_point_types=[inputs.rendered(t) for t in types],
            exclude_vaults=[inputs.rendered(v) for v in exclude] or None,
            selection_window_days=inputs.rendered(window),
        )


def _vault_selector(where: Construct, prop: str, value: object) -> str | Unresolved:
    if isinstance(value, str):
        return inputs.required_str(where, prop, value)
    vault = inputs.having(where, prop, value, "backup_vault_arn", "a vault, a backup-vault ARN or '*'",
                          required=True)
    return inputs.required_str(where, prop, vault.backup_vault_arn)


def schedule_text(where: Construct, value: object) -> str | Unresolved:
    """The expression of an ``events.Schedule`` or a string, checked as an AWS cron unless it is a token."""
    if value is not None and not isinstance(value, str) and hasattr(value, "expression_string"):
        value = value.expression_string
    if not isinstance(value, str):
        inputs.type_error(where, "schedule_expression", "an events.Schedule or a string cron(...)", value)
    text = inputs.required_str(where, "schedule_expression", value)
    if isinstance(text, str):
        inputs.enforce(where, schedule_rules.expression(text, hourly_limit=False), warn_on=where)
    return text


def timezone_text(where: Construct, value: object) -> str | Unresolved | None:
    """An IANA time zone name from a ``TimeZone`` or a string, checked unless it is a token."""
    if value is None:
        return None
    if isinstance(value, cdk.TimeZone):
        value = value.timezone_name
    if not isinstance(value, str):
        inputs.type_error(where, "schedule_expression_timezone", "a TimeZone or an IANA time zone name", value)
    name = inputs.required_str(where, "schedule_expression_timezone", value)
    if isinstance(name, str):
        inputs.enforce(where, schedule_rules.timezone(name))
    return name


class RestoreTestingPlan(cdk.Resource):
    """A restore testing plan (``AWS::Backup::RestoreTestingPlan``).

    Example: every Sunday at 03:00 in Paris, restore the latest snapshot of the last week::

        plan = backup.RestoreTestingPlan(self, "Weekly",
            schedule_expression="cron(0 3 ? * SUN *)", schedule_expression_timezone="Europe/Paris",
            recovery_point_selection=backup.RecoveryPointSelection(
                include_vaults=[vault], selection_window=Duration.days(7)))
        plan.add_selection("Tables", protected_resource_type=backup.ProtectedResourceType.DYNAMODB)

    When the app synthesizes, the plan checks that its stack's Region offers restore testing and that
    it has at most 30 selections.
    """

    def __init__(self, scope: Construct, id: str, *, schedule_expression: events.Schedule | str,
                 recovery_point_selection: RecoveryPointSelection | Mapping[str, Any],
                 restore_testing_plan_name: str | None = None,
                 schedule_expression_timezone: cdk.TimeZone | str | None = None,
                 start_window: cdk.Duration | None = None, tags: Mapping[str, str] | None = None) -> None:
        """
        :param schedule_expression: AWS cron, e.g. ``cron(0 3 ? * SUN *)`` (required).
        :param recovery_point_selection: where recovery points come from.
        :param restore_testing_plan_name: 1-50 letters, digits or underscores. Default: unique in the app.
        :param schedule_expression_timezone: ``TimeZone`` or IANA name. Default: UTC.
        :param start_window: whole hours (1-168) within which jobs start. AWS default: 24 hours.
        :param tags: at most 50 tags.
        """
        super().__init__(scope, id, physical_name=inputs.physical_name(restore_testing_plan_name))
        name = inputs.optional_str(self, "restore_testing_plan_name", restore_testing_plan_name)
        schedule = schedule_text(self, schedule_expression)
        zone = timezone_text(self, schedule_expression_timezone)
        hours = inputs.duration(self, "start_window", start_window, "hours")
        tag_map = inputs.optional_map(self, "tags", tags)
        selection = inputs.struct(self, "recovery_point_selection", recovery_point_selection,
                                  RecoveryPointSelection, required=True)
        assert selection is not None
        rendered_selection = selection.render(self)
        inputs.enforce(self, rules.plan(name=name, start_window_hours=hours, tags=tag_map))
        self.restore_testing_plan_name: str = restore_testing_plan_name or inputs.default_name(self, 50)
        """The plan name (given, or unique in the app)."""
        self.selections: list[RestoreTestingSelection] = []
        """The selections of this plan defined in the app."""
        self._resource = l1.CfnRestoreTestingPlan(
            self, "Resource",
            restore_testing_plan_name=self.restore_testing_plan_name,
            schedule_expression=inputs.rendered(schedule),
            schedule_expression_timezone=inputs.rendered(zone),
            start_window_hours=inputs.rendered(hours),
            recovery_point_selection=rendered_selection,
            tags=[cdk.CfnTag(key=k, value=v) for k, v in (tags or {}).items()] or None,
        )
        inputs.check_at_synth(self, self._synth_checks)

    @property
    def restore_testing_plan_arn(self) -> str:
        """The plan ARN."""
        return self._resource.attr_restore_testing_plan_arn

    def add_selection(self, id: str, **options: Any) -> RestoreTestingSelection:
        """Add a selection; takes the keywords of :class:`RestoreTestingSelection` but the plan."""
        return RestoreTestingSelection(self, id, restore_testing_plan=self, **options)

    def on_restore_job(self, id: str, *, statuses: Sequence[RestoreJobStatus | str] | None = None,
                       resource_types: Sequence[ProtectedResourceType | str] | None = None,
                       target: events.IRuleTarget | None = None, description: str | None = None,
                       rule_name: str | None = None) -> events.Rule:
        """An EventBridge rule on the restore jobs this plan runs (``Restore Job State Change`` events whose
        ``restoreTestingPlanArn`` is this plan), narrowed to ``statuses`` and ``resource_types`` if given.

        Restore job events carry the job state in ``status``. A validation workflow listens for
        ``COMPLETED`` jobs and reports its verdict with ``PutRestoreValidationResult`` before the
        selection's ``validation_window`` closes.
        """
        from aws_cdk import aws_events as events

        from cdk_backup.events import RestoreJobStatus

        detail: dict[str, Any] = {"restoreTestingPlanArn": [self.restore_testing_plan_arn]}
        chosen = inputs.optional_list(self, "statuses", statuses,
                                      lambda p, v: inputs.enum_text(self, p, v, RestoreJobStatus))
        if chosen:
            detail["status"] = [inputs.rendered(v) for v in chosen]
        types = inputs.optional_list(self, "resource_types", resource_types,
                                     lambda p, v: enum_or_text(self, p, v, ProtectedResourceType))
        if types:
            inputs.enforce(self, (v for t in types for v in rules.protected_resource_type(t)
                                  if v.severity == "error"))
            detail["resourceType"] = [inputs.rendered(t) for t in types]
        inputs.having(self, "target", target, "bind", "an events.IRuleTarget")
        pattern = events.EventPattern(source=["aws.backup"], detail_type=["Restore Job State Change"], detail=detail)
        return events.Rule(self, id, event_pattern=pattern, targets=[target] if target else None,
                           description=inputs.rendered(inputs.optional_str(self, "description", description)),
                           rule_name=inputs.rendered(inputs.optional_str(self, "rule_name", rule_name)))

    def on_restore_job_completed(self, id: str, *, target: events.IRuleTarget | None = None,
                                 description: str | None = None, rule_name: str | None = None) -> events.Rule:
        """A rule on this plan's restore jobs that completed: where a validation workflow starts."""
        from cdk_backup.events import RestoreJobStatus

        return self.on_restore_job(id, statuses=[RestoreJobStatus.COMPLETED], target=target,
                                   description=description, rule_name=rule_name)

    def _synth_checks(self) -> Iterator[Violation]:
        region = cdk.Stack.of(self).region
        yield from rules.region(Unresolved(region) if inputs.is_token(region) else region)
        yield from rules.selections_per_plan(len(self.selections))


# ---------------------------------------------------------------------------------------- selections
_OPERATORS = {"STRING_EQUALS": "StringEquals", "STRING_NOT_EQUALS": "StringNotEquals",
              "STRING_LIKE": "StringLike", "STRING_NOT_LIKE": "StringNotLike"}


class RestoreTestingSelection(cdk.Resource):
    """Resources of one type that a restore testing plan restores (``AWS::Backup::RestoreTestingSelection``).

    Either list up to 30 ``protected_resource_arns``, or leave the default ``["*"]`` and narrow it
    with ``protected_resource_conditions`` (tags of the latest recovery point; equals / not equals).
    """

    def __init__(self, scope: Construct, id: str, *,
                 restore_testing_plan: RestoreTestingPlan | l1.CfnRestoreTestingPlan | str,
                 protected_resource_type: ProtectedResourceType | str,
                 protected_resource_arns: Sequence[str] | None = None,
                 protected_resource_conditions: Sequence[Any] | None = None,
                 restore_metadata_overrides: Mapping[str, Any] | None = None,
                 validation_window: cdk.Duration | None = None, role: iam.IRole | None = None,
                 restore_testing_selection_name: str | None = None) -> None:
        """
        :param restore_testing_plan: the plan (construct, L1 or plan name).
        :param protected_resource_type: one type per selection.
        :param protected_resource_arns: up to 30 ARNs. Default: ``["*"]`` (all resources of the type).
        :param protected_resource_conditions: ``TagCondition``s (or dicts with ``key``, ``value`` and
            ``operation``), only with ``["*"]``, at most 30; ``STRING_EQUALS`` or ``STRING_NOT_EQUALS``.
        :param restore_metadata_overrides: restore parameters to override (non-string values become JSON).
        :param validation_window: whole hours (1-168) to keep restored resources for validation.
        :param role: role AWS Backup assumes. Default: a role with the restore policies (and S3's for S3).
        :param restore_testing_selection_name: 1-50 letters, digits or underscores. Default: from the id,
            with every character but ASCII letters and digits replaced by ``_``.
        """
        super().__init__(scope, id, physical_name=inputs.physical_name(restore_testing_selection_name))
        plan_name = self._plan_name(restore_testing_plan)
        kind = enum_or_text(self, "protected_resource_type", protected_resource_type, ProtectedResourceType)
        arns = inputs.optional_list(self, "protected_resource_arns", protected_resource_arns,
                                    lambda p, v: inputs.required_str(self, p, v))
        conditions = inputs.optional_list(self, "protected_resource_conditions", protected_resource_conditions,
                                          lambda p, v: _condition(self, p, v)) or []
        overrides = _overrides(self, restore_metadata_overrides)
        hours = inputs.duration(self, "validation_window", validation_window, "hours")
        inputs.having(self, "role", role, "role_arn", "an iam.IRole")
        given_name = inputs.optional_str(self, "restore_testing_selection_name", restore_testing_selection_name)
        name = restore_testing_selection_name or ascii_name(id)
        inputs.enforce(self, rules.selection(
            resource_type=kind, name=given_name if given_name is not None else name, arns=arns,
            conditions=conditions, validation_window_hours=hours, overrides=overrides), warn_on=self)
        if role is None:
            policies = [RESTORE_POLICY] + ([S3_RESTORE_POLICY] if kind == ProtectedResourceType.S3.value else [])
            role = iam.Role(self, "Role", assumed_by=iam.ServicePrincipal(BACKUP_SERVICE), managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name(policy) for policy in policies])
        self.role: iam.IRole = role
        """The role AWS Backup assumes to restore."""
        self._resource = l1.CfnRestoreTestingSelection(
            self, "Resource",
            restore_testing_plan_name=plan_name,
            restore_testing_selection_name=name,
            protected_resource_type=inputs.rendered(kind),
            iam_role_arn=role.role_arn,
            protected_resource_arns=[inputs.rendered(a) for a in arns] if arns is not None else ["*"],
            protected_resource_conditions=_render_conditions(conditions),
            restore_metadata_overrides={k: inputs.rendered(v) for k, v in overrides.items()} or None,
            validation_window_hours=inputs.rendered(hours),
        )
        self.restore_testing_selection_name: str = name
        """The selection name (given, or derived from the id)."""
        if isinstance(restore_testing_plan, RestoreTestingPlan):
            restore_testing_plan.selections.append(self)

    def _plan_name(self, plan: object) -> str:
        if isinstance(plan, RestoreTestingPlan):
            return plan._resource.ref
        if isinstance(plan, l1.CfnRestoreTestingPlan):
            return plan.ref
        if isinstance(plan, str):
            inputs.required_str(self, "restore_testing_plan", plan)
            return plan
        inputs.type_error(self, "restore_testing_plan", "a RestoreTestingPlan or a plan name", plan)


def ascii_name(id: str) -> str:
    """A selection name from a construct id: ASCII letters and digits kept, anything else ``_``, 50 at most.

    ``str.isalnum`` alone would keep letters of every script, which AWS refuses.
    """
    return "".join(c if c.isascii() and c.isalnum() else "_" for c in id)[:50] or "Selection"


def _condition(where: Construct, prop: str, value: object) -> Condition:
    """A tag condition (ours, aws-cdk-lib's, or a dict) as a plain :class:`Condition`."""
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in ("key", "value", "operation")]
        if unknown or "key" not in value or "value" not in value:
            inputs.type_error(where, prop, "a TagCondition or a dict with keys key, value, operation", value)
        key, text, operation = value["key"], value["value"], value.get("operation")
    else:
        inputs.having(where, prop, value, "key", "a TagCondition", required=True)
        key, text, operation = value.key, getattr(value, "value", None), getattr(value, "operation", None)  # type: ignore[attr-defined]
    return Condition(operator=_operator(where, f"{prop}.operation", operation),
                     key=inputs.required_str(where, f"{prop}.key", key),
                     value=inputs.required_str(where, f"{prop}.value", text))


def _operator(where: Construct, prop: str, value: object) -> str:
    """The CloudFormation operator of a tag operation (an enum member of either library, or a string)."""
    if value is None:
        return "StringEquals"
    if isinstance(value, Enum):
        names = [str(value.name), str(value.value)]
    elif isinstance(value, str) and not inputs.is_token(value):
        names = [value]
    else:
        inputs.type_error(where, prop, "a TagOperation (it chooses the CloudFormation property, so it cannot be "
                          "a token)", value)
    for name in names:
        if name in _OPERATORS:
            return _OPERATORS[name]
        if name in _OPERATORS.values():
            return name
    return names[0]


_KeyValue = l1.CfnRestoreTestingSelection.KeyValueProperty


def _render_conditions(
        conditions: list[Condition]) -> l1.CfnRestoreTestingSelection.ProtectedResourceConditionsProperty | None:
    if not conditions:
        return None
    found: dict[object, list[_KeyValue]] = {}
    for condition in conditions:
        key = inputs.rendered(condition.key)
        if not key.startswith(rules.RESOURCE_TAG_PREFIX):
            key = rules.RESOURCE_TAG_PREFIX + key
        found.setdefault(condition.operator, []).append(_KeyValue(key=key, value=inputs.rendered(condition.value)))
    return l1.CfnRestoreTestingSelection.ProtectedResourceConditionsProperty(
        string_equals=found.get("StringEquals"), string_not_equals=found.get("StringNotEquals"))


def _overrides(where: Construct, value: object) -> dict[str, str | Unresolved]:
    """Overrides as AWS's string map: strings as given, anything else as compact JSON; tokens pass."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        inputs.type_error(where, "restore_metadata_overrides", "a dict of override names to values", value)
    result: dict[str, str | Unresolved] = {}
    for key, entry in value.items():
        if not isinstance(key, str):
            inputs.type_error(where, "restore_metadata_overrides key", "a string", key)
        prop = f"restore_metadata_overrides[{key!r}]"
        if isinstance(entry, str):
            result[key] = inputs.required_str(where, prop, entry)
        elif isinstance(entry, (int, float)) and not isinstance(entry, bool) and inputs.is_token(entry):
            result[key] = Unresolved(cdk.Tokenization.stringify_number(entry))
        else:
            try:
                result[key] = json.dumps(entry, separators=(",", ":"))
            except (TypeError, ValueError):
                inputs.type_error(where, prop, "a string or a JSON value (list, dict, number, bool)", entry)
    return result
