"""Restore testing: RestoreTestingPlan, RecoveryPointSelection and RestoreTestingSelection.

A plan restores recovery points on a schedule; each selection says which protected resources of
one type to restore, with which metadata overrides, and for how long to keep them for validation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from aws_cdk import aws_backup as l1
from aws_cdk import aws_iam as iam
from constructs import Construct

from cdk_backup import _rules as R
from cdk_backup._l1 import init_construct, new_l1, overrides_nothing
from cdk_backup._paths import child_path, remember, unique_id
from cdk_backup._roles import backup_service_role
from cdk_backup._validation import (
    Loc,
    Where,
    add_synth_check,
    check_bound,
    check_count,
    check_pattern,
    duration_amount,
    enum_member,
    enum_value,
    fail,
    fail_rule,
    is_unresolved,
    show,
    warn,
)
from cdk_backup.resource import TagCondition, TagOperation
from cdk_backup.schedule import schedule_expression, timezone_name

if TYPE_CHECKING:
    import aws_cdk as cdk
    from aws_cdk import aws_events as events


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


NO_RESTORE_TESTING_REGIONS = frozenset({"il-central-1", "cn-north-1", "cn-northwest-1", "us-gov-east-1",
                                        "us-gov-west-1"})
"""Regions without restore testing, per the AWS Backup Developer Guide."""

_UNCERTAIN_TYPES = {ProtectedResourceType.REDSHIFT, ProtectedResourceType.TIMESTREAM}

_CLUSTER_KEYS = {"availabilityzones", "databasename", "dbclusterparametergroupname", "dbsubnetgroupname",
                 "enablecloudwatchlogsexports", "enableiamdatabaseauthentication", "engine", "enginemode",
                 "engineversion", "kmskeyid", "port", "optiongroupname", "scalingconfiguration",
                 "vpcsecuritygroupids"}
OVERRIDABLE_KEYS: dict[ProtectedResourceType, frozenset[str]] = {
    ProtectedResourceType.DYNAMODB: frozenset({"encryptiontype", "kmsmasterkeyarn"}),
    ProtectedResourceType.EBS: frozenset({"availabilityzone", "kmskeyid"}),
    ProtectedResourceType.EC2: frozenset({"instancetype", "requireimdsv2", "securitygroupids", "subnetid", "vpcid"}),
    ProtectedResourceType.EFS: frozenset({"kmskeyid", "encrypted"}),
    ProtectedResourceType.FSX: frozenset({"kmskeyid", "lustreconfiguration", "ontapconfiguration",
                                          "openzfsconfiguration", "windowsconfiguration", "securitygroupids",
                                          "subnetids"}),
    ProtectedResourceType.AURORA: frozenset(_CLUSTER_KEYS),
    ProtectedResourceType.DOCUMENTDB: frozenset(_CLUSTER_KEYS),
    ProtectedResourceType.NEPTUNE: frozenset(_CLUSTER_KEYS),
    ProtectedResourceType.RDS: frozenset({
        "allocatedstorage", "availabilityzones", "dbinstanceclass", "dbname", "dbparametergroupname",
        "dbsubnetgroupname", "domain", "domainiamrolename", "enablecloudwatchlogsexports",
        "enableiamdatabaseauthentication", "iops", "licensemodel", "multiaz", "optiongroupname", "port",
        "processorfeatures", "publiclyaccessible", "storagetype", "vpcsecuritygroupids"}),
    ProtectedResourceType.S3: frozenset({"encryptiontype", "kmskey"}),
}
"""Top-level restore metadata keys AWS lets restore tests override, per type (lower case; AWS compares
keys case-insensitively). From the AWS Backup Developer Guide, "Restore testing inferred metadata"."""


@dataclass(frozen=True)
class RecoveryPointSelection:
    """Which recovery points a restore testing plan picks from."""

    include_vaults: Sequence[Any]
    """Vaults (constructs), backup-vault ARNs (wildcards allowed), or ``["*"]`` for all vaults."""
    algorithm: RestoreTestingAlgorithm = RestoreTestingAlgorithm.LATEST_WITHIN_WINDOW
    recovery_point_types: Sequence[RecoveryPointType] = (RecoveryPointType.SNAPSHOT,)
    exclude_vaults: Sequence[Any] | None = None
    selection_window: cdk.Duration | None = None
    """How far back to look, 1-365 days. AWS default: 30 days."""

    def _render(self, where: Loc) -> dict[str, Any]:
        include = _vault_selectors(where, "include_vaults", self.include_vaults)
        exclude = _vault_selectors(where, "exclude_vaults", self.exclude_vaults or ())
        if not include:
            fail_rule(where, "[]", R.RESTORE_VAULT_SELECTOR, "include_vaults")
        check_count(where, [*include, *exclude], R.RESTORE_VAULTS, "include_vaults + exclude_vaults")
        types = [enum_value(t) for t in self.recovery_point_types]
        if not types or any(t not in ("SNAPSHOT", "CONTINUOUS") for t in types) or len(set(types)) != len(types):
            fail_rule(where, show(types), R.RESTORE_POINT_TYPES)
        algorithm = str(getattr(self.algorithm, "value", self.algorithm))
        if algorithm not in ("LATEST_WITHIN_WINDOW", "RANDOM_WITHIN_WINDOW"):
            fail(where, "algorithm", "must be LATEST_WITHIN_WINDOW or RANDOM_WITHIN_WINDOW", show(algorithm),
                 R.RESTORE_POINT_TYPES)
        selection: dict[str, Any] = {"algorithm": algorithm, "includeVaults": include, "recoveryPointTypes": types}
        if exclude:
            selection["excludeVaults"] = exclude
        if self.selection_window is not None:
            days = duration_amount(self.selection_window, "days", where, "selection_window", R.WHOLE_DAYS)
            check_bound(where, days, R.RESTORE_SELECTION_WINDOW)
            selection["selectionWindowDays"] = days if is_unresolved(days) else int(days)
        return selection


def _vault_selectors(where: Loc, prop: str, vaults: Sequence[Any]) -> list[str]:
    selectors: list[str] = []
    for vault in vaults:
        arn = vault if isinstance(vault, str) else getattr(vault, "backup_vault_arn", None)
        if arn is None or (not is_unresolved(arn) and arn != "*" and ":backup-vault:" not in arn):
            fail_rule(where, show(arn if arn is not None else type(vault).__name__), R.RESTORE_VAULT_SELECTOR, prop)
        selectors.append(str(arn))
    if "*" in selectors and len(selectors) > 1:
        fail_rule(where, show(selectors), R.RESTORE_VAULT_SELECTOR, prop)
    return selectors


@overrides_nothing
class RestoreTestingPlan(Construct):
    """A restore testing plan (``AWS::Backup::RestoreTestingPlan``).

    Example: every Sunday at 03:00 in Paris, restore the latest snapshot of the last week::

        plan = backup.RestoreTestingPlan(self, "Weekly",
            schedule_expression="cron(0 3 ? * SUN *)", schedule_expression_timezone="Europe/Paris",
            recovery_point_selection=backup.RecoveryPointSelection(
                include_vaults=[vault], selection_window=Duration.days(7)))
        plan.add_selection("Tables", protected_resource_type=backup.ProtectedResourceType.DYNAMODB)
    """

    def __init__(self, scope: Construct, id: str, *, schedule_expression: events.Schedule | str,
                 recovery_point_selection: RecoveryPointSelection, restore_testing_plan_name: str | None = None,
                 schedule_expression_timezone: cdk.TimeZone | str | None = None,
                 start_window: cdk.Duration | None = None, tags: Mapping[str, str] | None = None) -> None:
        """
        :param schedule_expression: AWS cron, e.g. ``cron(0 3 ? * SUN *)`` (required).
        :param recovery_point_selection: where recovery points come from.
        :param restore_testing_plan_name: 1-50 letters, digits or underscores. Default: unique in the app.
        :param schedule_expression_timezone: ``TimeZone`` or IANA name. Default: UTC.
        :param start_window: hours (1-168) within which jobs start. AWS default: 24 hours.
        :param tags: at most 50 tags.
        """
        init_construct(self, scope, id)
        path = child_path(scope, id)
        remember(self, path)
        self._checks_scope = scope
        where = Where(self)
        check_pattern(where, restore_testing_plan_name, R.RESTORE_PLAN_NAME)
        self.restore_testing_plan_name: str = restore_testing_plan_name or unique_id(path)[-50:]
        if schedule_expression is None:
            fail_rule(where, "None", R.SCHEDULE_CRON, "schedule_expression")
        schedule = schedule_expression_text(where, schedule_expression)
        hours = None
        if start_window is not None:
            hours = duration_amount(start_window, "hours", where, "start_window", R.RESTORE_START_WINDOW.rule)
            check_bound(where, hours, R.RESTORE_START_WINDOW)
        if tags is not None:
            check_count(where, tags, R.RESTORE_PLAN_TAGS, "tags")
        self.selections: list[RestoreTestingSelection] = []
        self._resource = new_l1(l1.CfnRestoreTestingPlan, self, "Resource", {
            "restoreTestingPlanName": self.restore_testing_plan_name,
            "scheduleExpression": schedule,
            "scheduleExpressionTimezone": timezone_name(where, schedule_expression_timezone),
            "startWindowHours": None if hours is None else (hours if is_unresolved(hours) else int(hours)),
            "recoveryPointSelection": recovery_point_selection._render(where),
            "tags": [{"key": k, "value": v} for k, v in (tags or {}).items()] or None,
        })
        add_synth_check(scope, self)

    @property
    def restore_testing_plan_arn(self) -> str:
        return str(self._resource.attr_restore_testing_plan_arn)

    def add_selection(self, id: str, **options: Any) -> RestoreTestingSelection:
        """Add a selection; takes the keywords of :class:`RestoreTestingSelection` but the plan."""
        return RestoreTestingSelection(self, id, restore_testing_plan=self, **options)

    def _validate(self) -> list[str]:
        import aws_cdk as cdk

        region = str(cdk.Stack.of(self).region)
        if not is_unresolved(region) and region in NO_RESTORE_TESTING_REGIONS:
            return [f"{Where(self)}: stack region {R.RESTORE_TESTING_REGION.requirement}, got {region!r} "
                    f"[{R.RESTORE_TESTING_REGION.id}]"]
        if len(self.selections) > 30:
            return [f"{Where(self)}: selections must be at most 30, got {len(self.selections)} "
                    f"[{R.RESTORE_SELECTIONS_PER_PLAN.rule.id}]"]
        return []


def schedule_expression_text(where: Loc, value: events.Schedule | str) -> str:
    text = schedule_expression(where, value)
    assert text is not None
    return text


@overrides_nothing
class RestoreTestingSelection(Construct):
    """Resources of one type that a restore testing plan restores (``AWS::Backup::RestoreTestingSelection``).

    Either list up to 30 ``protected_resource_arns``, or leave the default ``["*"]`` and narrow it
    with ``protected_resource_conditions`` (tags of the latest recovery point; equals / not equals).
    """

    def __init__(self, scope: Construct, id: str, *, restore_testing_plan: RestoreTestingPlan | str,
                 protected_resource_type: ProtectedResourceType | str,
                 protected_resource_arns: Sequence[str] | None = None,
                 protected_resource_conditions: Sequence[TagCondition] | None = None,
                 restore_metadata_overrides: Mapping[str, Any] | None = None,
                 validation_window: cdk.Duration | None = None, role: iam.IRole | None = None,
                 restore_testing_selection_name: str | None = None) -> None:
        """
        :param restore_testing_plan: the plan (construct or plan name).
        :param protected_resource_type: one type per selection.
        :param protected_resource_arns: up to 30 ARNs. Default: ``["*"]`` (all resources of the type).
        :param protected_resource_conditions: tag conditions (only with ``["*"]``), at most 30.
        :param restore_metadata_overrides: restore parameters to override (dict values become JSON).
        :param validation_window: hours (1-168) to keep restored resources for validation.
        :param role: role AWS Backup assumes. Default: a role with the restore policies (and S3's for S3).
        :param restore_testing_selection_name: 1-50 letters, digits or underscores. Default: from the id.
        """
        init_construct(self, scope, id)
        remember(self, child_path(scope, id))
        self._checks_scope = scope
        where = Where(self)
        check_pattern(where, restore_testing_selection_name, R.RESTORE_SELECTION_NAME)
        name = restore_testing_selection_name or ("".join(c if c.isalnum() else "_" for c in id)[:50] or "Selection")
        kind = _resource_type(self, where, protected_resource_type)
        arns = list(protected_resource_arns) if protected_resource_arns is not None else ["*"]
        conditions = list(protected_resource_conditions or ())
        _check_arns_and_conditions(where, arns, conditions)
        overrides = _overrides(self, where, kind, restore_metadata_overrides)
        hours = None
        if validation_window is not None:
            hours = duration_amount(validation_window, "hours", where, "validation_window",
                                    R.RESTORE_VALIDATION_WINDOW.rule)
            check_bound(where, hours, R.RESTORE_VALIDATION_WINDOW)
        if role is None:
            policies = ["service-role/AWSBackupServiceRolePolicyForRestores"]
            if kind is ProtectedResourceType.S3:
                policies.append("AWSBackupServiceRolePolicyForS3Restore")
            role_arn = backup_service_role(self, policies).attr_arn
        else:
            role_arn = role.role_arn
        plan_name = restore_testing_plan if isinstance(restore_testing_plan, str) else \
            restore_testing_plan._resource.ref
        self._resource = new_l1(l1.CfnRestoreTestingSelection, self, "Resource", {
            "restoreTestingPlanName": plan_name,
            "restoreTestingSelectionName": name,
            "protectedResourceType": kind.value,
            "iamRoleArn": role_arn,
            "protectedResourceArns": arns,
            "protectedResourceConditions": _render_conditions(conditions),
            "restoreMetadataOverrides": overrides,
            "validationWindowHours": None if hours is None else (hours if is_unresolved(hours) else int(hours)),
        })
        self.restore_testing_selection_name = name
        if isinstance(restore_testing_plan, RestoreTestingPlan):
            restore_testing_plan.selections.append(self)


def _resource_type(owner: Construct, where: Loc, value: ProtectedResourceType | str) -> ProtectedResourceType:
    kind = enum_member(ProtectedResourceType, value)
    if kind is None:
        fail_rule(where, show(enum_value(value)), R.RESTORE_RESOURCE_TYPE)
    if kind in _UNCERTAIN_TYPES:
        warn(owner, "restoreTestingTypeUncertain",
             f"{where}: protected_resource_type {kind.value} is not in AWS's API reference list for restore testing; "
             f"AWS may reject it [{R.RESTORE_RESOURCE_TYPE.id}]")
    return kind


def _check_arns_and_conditions(where: Loc, arns: list[str], conditions: list[TagCondition]) -> None:
    if is_unresolved(arns):
        return
    wildcard = arns == ["*"]
    if not arns or ("*" in arns and not wildcard) or len(arns) > 30 or (conditions and not wildcard):
        got = f"{len(arns)} ARNs" + (f" and {len(conditions)} conditions" if conditions else "")
        fail_rule(where, got, R.RESTORE_ARNS_OR_CONDITIONS)
    check_count(where, conditions, R.RESTORE_CONDITIONS, "protected_resource_conditions")


def _render_conditions(conditions: list[TagCondition]) -> dict[str, Any] | None:
    if not conditions:
        return None
    rendered: dict[str, list[dict[str, str]]] = {}
    for condition in conditions:
        operation = TagOperation.of(condition.operation)
        if operation not in (TagOperation.STRING_EQUALS, TagOperation.STRING_NOT_EQUALS):
            fail_rule("RestoreTestingSelection", operation.name, R.RESTORE_CONDITION_OPERATOR)
        key = condition.key if condition.key.startswith("aws:ResourceTag/") else f"aws:ResourceTag/{condition.key}"
        name = "stringEquals" if operation is TagOperation.STRING_EQUALS else "stringNotEquals"
        rendered.setdefault(name, []).append({"key": key, "value": condition.value})
    return rendered


def _overrides(owner: Construct, where: Loc, kind: ProtectedResourceType,
               overrides: Mapping[str, Any] | None) -> dict[str, str] | None:
    """Overrides as AWS's string map (nested values as JSON), with the per-type checks."""
    rendered = {k: v if isinstance(v, str) else json.dumps(v, separators=(",", ":"))
                for k, v in (overrides or {}).items()}
    lowered = {k.lower(): v for k, v in rendered.items()}
    allowed = OVERRIDABLE_KEYS.get(kind)
    if allowed is not None:
        unknown = sorted(k for k in rendered if not is_unresolved(k) and k.lower() not in allowed)
        if unknown:
            warn(owner, "restoreOverrideUnknownKey",
                 f"{where}: restore_metadata_overrides {unknown} are not keys AWS lets restore tests override for "
                 f"{kind.value} (allowed: {', '.join(sorted(allowed))}) [{R.RESTORE_OVERRIDE_KEYS.id}]")
    if kind is ProtectedResourceType.EFS and "kmskeyid" in lowered and \
            str(lowered.get("encrypted", "")).lower() != "true":
        fail(where, "restore_metadata_overrides", "must set encrypted=true when kmsKeyId is given (EFS)",
             show(dict(rendered)), R.RESTORE_EFS_KMS)
    if kind is ProtectedResourceType.FSX and "subnetids" not in lowered and "ontapconfiguration" not in lowered:
        warn(owner, "restoreFsxOverrides",
             f"{where}: FSx restore tests need overrides AWS cannot infer: subnetIds (Lustre, Windows, OpenZFS), "
             "windowsConfiguration.activeDirectoryId (Windows) or ontapConfiguration.storageVirtualMachineId "
             f"(ONTAP) [{R.RESTORE_REQUIRED_OVERRIDES.id}]")
    return rendered or None
