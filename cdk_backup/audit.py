"""AWS Backup Audit Manager: Framework with typed controls, ReportPlan with its bucket wired.

Controls are data (``_CONTROLS``): name, the scope kinds AWS allows, and how typed Python
arguments become the string parameters AWS expects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

import aws_cdk as cdk
from aws_cdk import aws_backup as l1
from aws_cdk import aws_iam as iam
from constructs import Construct

from cdk_backup import _rules as R
from cdk_backup._arns import pseudo
from cdk_backup._l1 import init_construct, new_l1, overrides_nothing
from cdk_backup._paths import child_path, remember
from cdk_backup._validation import (
    Loc,
    Where,
    check_bound,
    check_count,
    check_min_le_max,
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

if TYPE_CHECKING:
    from aws_cdk import aws_s3 as s3


# ---------------------------------------------------------------------------------------- scopes
class ScopeKind(str, Enum):
    """The three kinds of control scope AWS Backup Audit Manager knows."""

    RESOURCE_TYPES = "resource types"
    RESOURCE_IDS = "single resource"
    TAG = "tagged resources"


class ControlScope:
    """Which resources a control evaluates. No scope means every applicable resource."""

    def __init__(self, kind: ScopeKind, *, types: tuple[str, ...] = (), ids: tuple[str, ...] = (),
                 tag_key: str | None = None, tag_value: str | None = None) -> None:
        self.kind = kind
        self.types = types
        self.ids = ids
        self.tag_key = tag_key
        self.tag_value = tag_value

    @staticmethod
    def resource_types(types: Sequence[Any]) -> ControlScope:
        """Resources of these types, e.g. ``["EFS", "RDS"]`` or ``[ResourceType.EFS]``."""
        values = tuple(enum_value(t) for t in types)
        check_count("ControlScope.resource_types", values, R.CONTROL_SCOPE_LIST, "resource_types")
        return ControlScope(ScopeKind.RESOURCE_TYPES, types=values)

    @staticmethod
    def resource_ids(ids: Sequence[str], resource_type: Any = None) -> ControlScope:
        """Specific resources by id (with their type, e.g. ``AWS::Backup::BackupVault``)."""
        values = tuple(ids)
        check_count("ControlScope.resource_ids", values, R.CONTROL_SCOPE_LIST, "resource_ids")
        types = () if resource_type is None else (enum_value(resource_type),)
        return ControlScope(ScopeKind.RESOURCE_IDS, ids=values, types=types)

    @staticmethod
    def tag(key: str, value: str | None = None) -> ControlScope:
        """Resources carrying one tag (AWS accepts a single tag per scope)."""
        if not key:
            fail_rule("ControlScope.tag", show(key), R.CONTROL_SCOPE_TAGS, "key")
        return ControlScope(ScopeKind.TAG, tag_key=key, tag_value=value)

    def _render(self) -> dict[str, Any]:
        """CloudFormation's ``ControlScope`` (untyped in the L1, so PascalCase)."""
        rendered: dict[str, Any] = {}
        if self.types:
            rendered["ComplianceResourceTypes"] = list(self.types)
        if self.ids:
            rendered["ComplianceResourceIds"] = list(self.ids)
        if self.tag_key is not None:
            rendered["Tags"] = [{"Key": self.tag_key, "Value": self.tag_value or ""}]
        return rendered


_ALL_KINDS = frozenset(ScopeKind)
_TAG_OR_ID = frozenset({ScopeKind.TAG, ScopeKind.RESOURCE_IDS})
_TAG_ONLY = frozenset({ScopeKind.TAG})

# name -> scope kinds allowed (the guide's per-control table)
_CONTROLS: dict[str, frozenset[ScopeKind]] = {
    "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN": _ALL_KINDS,
    "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK": _TAG_OR_ID,
    "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED": _TAG_OR_ID,
    "BACKUP_RECOVERY_POINT_ENCRYPTED": _TAG_ONLY,
    "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK": _TAG_ONLY,
    "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION": _ALL_KINDS,
    "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT": _ALL_KINDS,
    "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK": _ALL_KINDS,
    "BACKUP_LAST_RECOVERY_POINT_CREATED": _ALL_KINDS,
    "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET": _ALL_KINDS,
    "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT": _ALL_KINDS,
}


# ---------------------------------------------------------------------------------------- controls
@dataclass(frozen=True)
class FrameworkControl:
    """One Audit Manager control with its parameters (as AWS's strings) and optional scope.

    Build controls with the static factories, one per ``ControlName`` in lower case.
    """

    control_name: str
    parameters: tuple[tuple[str, str], ...] = ()
    scope: ControlScope | None = None
    _warnings: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    def _render(self) -> dict[str, Any]:
        control: dict[str, Any] = {"controlName": self.control_name}
        if self.parameters:
            control["controlInputParameters"] = [{"parameterName": k, "parameterValue": v}
                                                 for k, v in self.parameters]
        if self.scope is not None:
            control["controlScope"] = self.scope._render()
        return control

    @staticmethod
    def _make(name: str, parameters: Sequence[tuple[str, str]], scope: ControlScope | None,
              warnings: Sequence[tuple[str, str]] = ()) -> FrameworkControl:
        where = f"FrameworkControl.{name.lower()}"
        if scope is not None and scope.kind not in _CONTROLS[name]:
            allowed = ", ".join(sorted(k.value for k in _CONTROLS[name]))
            fail(where, "scope", f"must be one of: {allowed}", scope.kind.value, R.CONTROL_SCOPE_KIND)
        if scope is not None and scope.tag_key is not None and scope.tag_value == "":
            warnings = (*warnings, ("controlScopeEmptyTagValue",
                                    f"{where}: the scope tag {scope.tag_key!r} has an empty value; the console and "
                                    "API refuse empty values (CloudFormation accepts them) "
                                    f"[{R.CONTROL_EMPTY_TAG_VALUE.id}]"))
        return FrameworkControl(name, tuple(parameters), scope, tuple(warnings))

    # -- the eleven controls ----------------------------------------------------------------------
    @staticmethod
    def backup_resources_protected_by_backup_plan(scope: ControlScope | None = None) -> FrameworkControl:
        """Resources are protected by a backup plan. Default scope: every supported resource type."""
        return FrameworkControl._make("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", (), scope)

    @staticmethod
    def backup_plan_min_frequency_and_min_retention_check(
        required_frequency: cdk.Duration | None = None, required_retention: cdk.Duration | None = None,
        scope: ControlScope | None = None,
    ) -> FrameworkControl:
        """Plans have a rule at least this frequent (AWS default 1 day; hours 1-24 or days 1-31) that keeps
        backups at least this long (AWS default 35 days). Scope: a tag or a single plan."""
        name = "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK"
        where = f"FrameworkControl.{name.lower()}"
        params: list[tuple[str, str]] = []
        warnings: list[tuple[str, str]] = []
        if required_frequency is not None:
            unit, value = _hours_or_days(where, "required_frequency", required_frequency,
                                         R.CONTROL_FREQUENCY_HOURS, R.CONTROL_FREQUENCY_DAYS)
            params += [("requiredFrequencyUnit", unit), ("requiredFrequencyValue", value)]
            if _beyond(value, unit, R.CONTROL_FREQUENCY_HOURS, R.CONTROL_FREQUENCY_DAYS):
                warnings.append(("controlFrequencyBound",
                                 f"{where}: required_frequency of {value} {unit} is past what AWS Config documents "
                                 f"(1-24 hours or 1-31 days) [{R.CONTROL_FREQUENCY_HOURS.rule.id}]"))
        if required_retention is not None:
            params.append(("requiredRetentionDays", _days(where, "required_retention", required_retention)))
        return FrameworkControl._make(name, params, scope, warnings)

    @staticmethod
    def backup_recovery_point_manual_deletion_disabled(principal_arns: Sequence[str] | None = None,
                                                       scope: ControlScope | None = None) -> FrameworkControl:
        """Vaults deny deleting recovery points, except to up to 5 IAM roles. Scope: a tag or one vault."""
        name = "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED"
        where = f"FrameworkControl.{name.lower()}"
        params: list[tuple[str, str]] = []
        warnings: list[tuple[str, str]] = []
        if principal_arns is not None:
            check_count(where, principal_arns, R.CONTROL_PRINCIPALS, "principal_arns")
            for arn in principal_arns:
                if not is_unresolved(arn) and ":role/" not in arn:
                    warnings.append(("controlPrincipalNotRole",
                                     f"{where}: principal_arns expects IAM role ARNs, got {arn!r} [B-R28]"))
            params.append(("principalArnList", _join(principal_arns)))
        return FrameworkControl._make(name, params, scope, warnings)

    @staticmethod
    def backup_recovery_point_encrypted(scope: ControlScope | None = None) -> FrameworkControl:
        """Recovery points are encrypted. Scope: a tag only."""
        return FrameworkControl._make("BACKUP_RECOVERY_POINT_ENCRYPTED", (), scope)

    @staticmethod
    def backup_recovery_point_minimum_retention_check(required_retention: cdk.Duration | None = None,
                                                      scope: ControlScope | None = None) -> FrameworkControl:
        """Recovery points are kept at least this long (AWS default 35 days). Scope: a tag only."""
        name = "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK"
        params = []
        if required_retention is not None:
            params.append(("requiredRetentionDays",
                           _days(f"FrameworkControl.{name.lower()}", "required_retention", required_retention)))
        return FrameworkControl._make(name, params, scope)

    @staticmethod
    def backup_resources_protected_by_cross_region(regions: Sequence[str] | None = None,
                                                   scope: ControlScope | None = None) -> FrameworkControl:
        """Resources have a copy in another Region (optionally one of ``regions``)."""
        params = [("crossRegionList", _join(regions))] if regions else []
        return FrameworkControl._make("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION", params, scope)

    @staticmethod
    def backup_resources_protected_by_cross_account(accounts: Sequence[str] | None = None,
                                                    scope: ControlScope | None = None) -> FrameworkControl:
        """Resources have a copy in another account (optionally one of up to 5 ``accounts``)."""
        name = "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT"
        where = f"FrameworkControl.{name.lower()}"
        params = []
        if accounts is not None:
            check_count(where, accounts, R.CONTROL_ACCOUNTS, "accounts")
            for account in accounts:
                check_pattern(where, account, R.CONTROL_ACCOUNT_ID, "accounts")
            params.append(("crossAccountList", _join(accounts)))
        return FrameworkControl._make(name, params, scope)

    @staticmethod
    def backup_resources_protected_by_backup_vault_lock(min_retention: cdk.Duration | None = None,
                                                        max_retention: cdk.Duration | None = None,
                                                        scope: ControlScope | None = None) -> FrameworkControl:
        """Resources have backups in a locked vault (optionally with this retention range)."""
        name = "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK"
        where = f"FrameworkControl.{name.lower()}"
        params = []
        low = _days(where, "min_retention", min_retention) if min_retention is not None else None
        high = _days(where, "max_retention", max_retention) if max_retention is not None else None
        check_min_le_max(where, low, high, R.CONTROL_MIN_LE_MAX)
        if low:
            params.append(("minRetentionDays", low))
        if high:
            params.append(("maxRetentionDays", high))
        return FrameworkControl._make(name, params, scope)

    @staticmethod
    def backup_last_recovery_point_created(recovery_point_age: cdk.Duration | None = None,
                                           scope: ControlScope | None = None) -> FrameworkControl:
        """A recovery point was created within ``recovery_point_age`` (hours 1-744 or days 1-31; AWS
        default 1 day)."""
        name = "BACKUP_LAST_RECOVERY_POINT_CREATED"
        params = []
        if recovery_point_age is not None:
            unit, value = _hours_or_days(f"FrameworkControl.{name.lower()}", "recovery_point_age",
                                         recovery_point_age, R.CONTROL_AGE_HOURS, R.CONTROL_AGE_DAYS, strict=True)
            params = [("recoveryPointAgeUnit", unit), ("recoveryPointAgeValue", value)]
        return FrameworkControl._make(name, params, scope)

    @staticmethod
    def restore_time_for_resources_meet_target(max_restore_time: cdk.Duration | None = None,
                                               scope: ControlScope | None = None) -> FrameworkControl:
        """Restore tests finish within ``max_restore_time`` (whole minutes; AWS's example is 720)."""
        name = "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET"
        params = []
        if max_restore_time is not None:
            where = f"FrameworkControl.{name.lower()}"
            minutes = duration_amount(max_restore_time, "minutes", where, "max_restore_time",
                                      R.CONTROL_RESTORE_TIME.rule)
            check_bound(where, minutes, R.CONTROL_RESTORE_TIME, "max_restore_time")
            params.append(("maxRestoreTime", _text(minutes)))
        return FrameworkControl._make(name, params, scope)

    @staticmethod
    def resources_in_logically_air_gapped_vault(recovery_point_age: cdk.Duration | None = None,
                                                scope: ControlScope | None = None) -> FrameworkControl:
        """Resources have a recovery point in an air-gapped vault within ``recovery_point_age``
        (hours 1-2,184 or days 1-91; AWS default 1 day)."""
        name = "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT"
        params = []
        if recovery_point_age is not None:
            unit, value = _hours_or_days(f"FrameworkControl.{name.lower()}", "recovery_point_age",
                                         recovery_point_age, R.CONTROL_LAG_AGE_HOURS, R.CONTROL_LAG_AGE_DAYS,
                                         strict=True)
            params = [("recoveryPointAgeUnit", unit), ("recoveryPointAgeValue", value)]
        return FrameworkControl._make(name, params, scope)

    @staticmethod
    def aws_backup_recommended() -> list[FrameworkControl]:
        """The ten controls of AWS's "AWS Backup framework" template, with its parameters."""
        days = cdk.Duration.days
        c = FrameworkControl
        return [
            c.backup_resources_protected_by_backup_plan(),
            c.backup_plan_min_frequency_and_min_retention_check(cdk.Duration.hours(24), days(35)),
            c.backup_recovery_point_manual_deletion_disabled(),
            c.backup_recovery_point_encrypted(),
            c.backup_recovery_point_minimum_retention_check(days(35)),
            c.backup_resources_protected_by_cross_region(),
            c.backup_resources_protected_by_cross_account(),
            c.backup_resources_protected_by_backup_vault_lock(),
            c.backup_last_recovery_point_created(),
            c.restore_time_for_resources_meet_target(cdk.Duration.minutes(720)),
        ]


def _text(value: float) -> str:
    return value if isinstance(value, str) else (str(int(value)) if not is_unresolved(value) else
                                                 cdk.Token.as_string(value))


def _join(values: Sequence[str] | None) -> str:
    items = list(values or ())
    if is_unresolved(items):
        return cdk.Fn.join(",", items)
    return ",".join(items)


def _days(where: Loc, prop: str, duration: cdk.Duration) -> str:
    amount = duration_amount(duration, "days", where, prop, R.WHOLE_DAYS)
    check_bound(where, amount, R.CONTROL_RETENTION, prop)
    return _text(amount)


def _hours_or_days(where: Loc, prop: str, duration: cdk.Duration, hours_bound: R.Bound, days_bound: R.Bound,
                   *, strict: bool = False) -> tuple[str, str]:
    """A Duration as AWS's (unit, value): whole days as ``days``, otherwise whole hours as ``hours``."""
    if duration.is_unresolved():
        return "days", _text(duration_amount(duration, "days", where, prop, R.WHOLE_DAYS))
    hours = duration_amount(duration, "hours", where, prop, hours_bound.rule)
    if hours % 24 == 0 and hours / 24 <= (days_bound.high or 0):
        unit, value, bound = "days", hours / 24, days_bound
    else:
        unit, value, bound = "hours", hours, hours_bound
    if strict or value < 1:
        check_bound(where, value, bound, prop)
    return unit, _text(value)


def _beyond(value: str, unit: str, hours_bound: R.Bound, days_bound: R.Bound) -> bool:
    """True when a (unit, value) pair is past the bound AWS Config documents for it."""
    bound = hours_bound if unit == "hours" else days_bound
    return not is_unresolved(value) and bound.high is not None and int(value) > bound.high


# ---------------------------------------------------------------------------------------- Framework
@overrides_nothing
class Framework(Construct):
    """An Audit Manager framework (``AWS::Backup::Framework``): controls that AWS evaluates every day.

    Controls evaluate through AWS Config: the account must record ``AWS::Backup::BackupPlan``,
    ``AWS::Backup::BackupSelection``, ``AWS::Backup::BackupVault``, ``AWS::Backup::RecoveryPoint`` and
    ``AWS::Config::ResourceCompliance`` (or all supported types), or the framework stays inactive.
    A warning annotation repeats this on every synth.
    """

    def __init__(self, scope: Construct, id: str, *, controls: Sequence[FrameworkControl],
                 framework_name: str | None = None, description: str | None = None,
                 tags: Mapping[str, str] | None = None) -> None:
        init_construct(self, scope, id)
        remember(self, child_path(scope, id))
        where = Where(self)
        check_pattern(where, framework_name, R.FRAMEWORK_NAME)
        _check_description(where, description)
        check_count(where, controls, R.FRAMEWORK_CONTROLS, "controls")
        self.controls = list(controls)
        rendered = [c._render() for c in self.controls]
        for index, body in enumerate(rendered):
            if body in rendered[:index]:
                fail_rule(where, f"controls[{index}] repeats {body['controlName']} with the same parameters "
                                 "and scope", R.FRAMEWORK_UNIQUE_CONTROLS)
        for control in self.controls:
            for warning_id, message in control._warnings:
                warn(self, warning_id, message)
        warn(self, "frameworkNeedsConfig",
             f"{where}: Audit Manager controls evaluate only what AWS Config records; record AWS::Backup::BackupPlan, "
             "BackupSelection, BackupVault, RecoveryPoint and AWS::Config::ResourceCompliance in this account "
             f"and Region, or the framework stays INACTIVE [{R.FRAMEWORK_CONFIG.id}]")
        self._resource = new_l1(l1.CfnFramework, self, "Resource", {
            "frameworkControls": rendered,
            "frameworkName": framework_name,
            "frameworkDescription": description,
            "frameworkTags": [{"key": k, "value": v} for k, v in (tags or {}).items()] or None,
        })
        self.framework_arn: str = self._resource.attr_framework_arn
        """The framework ARN (for report plans)."""

    @classmethod
    def aws_backup_recommended(cls, scope: Construct, id: str, **kwargs: Any) -> Framework:
        """AWS's own "AWS Backup framework": the ten recommended controls (see
        :meth:`FrameworkControl.aws_backup_recommended`)."""
        return cls(scope, id, controls=FrameworkControl.aws_backup_recommended(), **kwargs)

    @classmethod
    def daily35_day_encrypted_locked_cross_region(cls, scope: Construct, id: str, *,
                                                 regions: Sequence[str] | None = None,
                                                 **kwargs: Any) -> Framework:
        """The policy "daily backups kept 35 days, encrypted, in a locked vault, copied to another Region":

        - every resource is in a backup plan;
        - plans back up at least daily and keep backups at least 35 days;
        - recovery points are encrypted and kept at least 35 days;
        - resources have backups in a locked vault and a copy in another Region (``regions``);
        - the last recovery point is at most 1 day old.
        """
        days = cdk.Duration.days
        c = FrameworkControl
        return cls(scope, id, controls=[
            c.backup_resources_protected_by_backup_plan(),
            c.backup_plan_min_frequency_and_min_retention_check(days(1), days(35)),
            c.backup_recovery_point_encrypted(),
            c.backup_recovery_point_minimum_retention_check(days(35)),
            c.backup_resources_protected_by_backup_vault_lock(),
            c.backup_resources_protected_by_cross_region(regions),
            c.backup_last_recovery_point_created(days(1)),
        ], **kwargs)


def _check_description(where: Loc, description: str | None) -> None:
    if description is None or is_unresolved(description):
        return
    if not description.strip() or len(description) > 1024:
        fail_rule(where, show(description if len(description) < 40 else description[:37] + "..."),
                  R.DESCRIPTION, "description")


# ---------------------------------------------------------------------------------------- ReportPlan
class ReportTemplate(str, Enum):
    """What an Audit Manager report contains."""

    BACKUP_JOB_REPORT = "BACKUP_JOB_REPORT"
    COPY_JOB_REPORT = "COPY_JOB_REPORT"
    RESTORE_JOB_REPORT = "RESTORE_JOB_REPORT"
    SCAN_JOB_REPORT = "SCAN_JOB_REPORT"
    CONTROL_COMPLIANCE_REPORT = "CONTROL_COMPLIANCE_REPORT"
    """Compliance of each control of the given frameworks."""
    RESOURCE_COMPLIANCE_REPORT = "RESOURCE_COMPLIANCE_REPORT"
    """Compliance of each resource against the given frameworks."""


COMPLIANCE_TEMPLATES = frozenset({ReportTemplate.CONTROL_COMPLIANCE_REPORT, ReportTemplate.RESOURCE_COMPLIANCE_REPORT})


class ReportFormat(str, Enum):
    """File formats of reports."""

    CSV = "CSV"
    JSON = "JSON"


REPORTS_ROLE = "aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports"


@overrides_nothing
class ReportPlan(Construct):
    """An Audit Manager report plan (``AWS::Backup::ReportPlan``) delivering daily reports to S3.

    When ``bucket`` is defined in the app, its bucket policy (and the key policy of its KMS key)
    lets the AWS Backup reports service-linked role write the reports. That role only exists after
    the first report ran, so the policy names it in a condition (``aws:PrincipalArn``), which works
    before it exists. For an imported bucket, a warning gives the statement to add.
    """

    def __init__(self, scope: Construct, id: str, *, report_template: ReportTemplate | str, bucket: s3.IBucket,
                 key_prefix: str | None = None, formats: Sequence[ReportFormat | str] | None = None,
                 frameworks: Sequence[Framework | str] | None = None, accounts: Sequence[str] | None = None,
                 organization_units: Sequence[str] | None = None, regions: Sequence[str] | None = None,
                 report_plan_name: str | None = None, description: str | None = None,
                 tags: Mapping[str, str] | None = None) -> None:
        init_construct(self, scope, id)
        remember(self, child_path(scope, id))
        where = Where(self)
        check_pattern(where, report_plan_name, R.REPORT_PLAN_NAME)
        _check_description(where, description)
        template = enum_member(ReportTemplate, report_template)
        if template is None:
            fail(where, "report_template", "must be one of " + ", ".join(t.value for t in ReportTemplate),
                 show(report_template), R.REPORT_FRAMEWORKS)
        framework_arns = [f if isinstance(f, str) else f.framework_arn for f in frameworks or ()]
        if template in COMPLIANCE_TEMPLATES and not (1 <= len(framework_arns) <= 1000):
            fail_rule(where, f"{len(framework_arns)} frameworks for {template.value}", R.REPORT_FRAMEWORKS)
        if template not in COMPLIANCE_TEMPLATES and framework_arns:
            fail_rule(where, f"frameworks for {template.value}", R.REPORT_FRAMEWORKS)
        chosen = [enum_value(f) for f in (formats or [ReportFormat.CSV])]
        if not chosen or any(f not in ("CSV", "JSON") for f in chosen):
            fail_rule(where, show(chosen), R.REPORT_FORMATS)
        wide = bool(accounts or organization_units) or (regions is not None and (
            is_unresolved(regions) or len(regions) > 1 or "*" in regions))
        if "JSON" in chosen and wide:
            fail_rule(where, "JSON for a multi-account or multi-Region report", R.REPORT_FORMATS)
        if accounts and regions and not is_unresolved([*accounts, *regions]) and "*" not in regions \
                and "ROOT" not in accounts:
            check_bound(where, len(accounts) * len(regions), R.REPORT_SCOPE_SIZE, "accounts x regions")
        if key_prefix is not None and not is_unresolved(key_prefix) and (
                key_prefix.startswith(("/", "s3://")) or key_prefix.endswith("/")):
            fail_rule(where, show(key_prefix), R.REPORT_KEY_PREFIX)
        # Both properties are untyped in the L1, so they are rendered in CloudFormation's PascalCase.
        setting: dict[str, Any] = {"ReportTemplate": template.value}
        if framework_arns:
            setting["FrameworkArns"] = framework_arns
        for key, value in (("Accounts", accounts), ("OrganizationUnits", organization_units), ("Regions", regions)):
            if value:
                setting[key] = list(value)
        delivery: dict[str, Any] = {"S3BucketName": bucket.bucket_name, "Formats": list(dict.fromkeys(chosen))}
        if key_prefix:
            delivery["S3KeyPrefix"] = key_prefix
        self._grant_bucket(bucket, key_prefix)
        self._resource = new_l1(l1.CfnReportPlan, self, "Resource", {
            "reportSetting": setting,
            "reportDeliveryChannel": delivery,
            "reportPlanName": report_plan_name,
            "reportPlanDescription": description,
            "reportPlanTags": [{"key": k, "value": v} for k, v in (tags or {}).items()] or None,
        })
        self.report_plan_arn: str = self._resource.attr_report_plan_arn

    def _grant_bucket(self, bucket: s3.IBucket, key_prefix: str | None) -> None:
        role_arn = f"arn:{pseudo('PARTITION')}:iam::{pseudo('ACCOUNT_ID')}:role/{REPORTS_ROLE}"
        objects = bucket.arn_for_objects(f"{key_prefix}/*" if key_prefix else "*")
        statement = iam.PolicyStatement(
            sid="AllowAwsBackupReports", principals=[iam.AnyPrincipal()], actions=["s3:PutObject"],
            resources=[objects], conditions={"ArnLike": {"aws:PrincipalArn": role_arn},
                                             "StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}})
        result = bucket.add_to_resource_policy(statement)
        if not result.statement_added:
            warn(self, "reportBucketPolicy",
                 f"{Where(self)}: the report bucket is imported; add to its bucket policy an Allow of s3:PutObject on "
                 f"its objects for {role_arn} with s3:x-amz-acl = bucket-owner-full-control (and, for SSE-KMS, "
                 f"kms:GenerateDataKey/kms:Decrypt on its key) [{R.REPORT_IMPORTED_BUCKET.id}]")
            return
        if result.policy_dependable is not None:
            self.node.add_dependency(result.policy_dependable)
        key = bucket.encryption_key
        if key is not None:
            key.add_to_resource_policy(iam.PolicyStatement(
                sid="AllowAwsBackupReports", principals=[iam.AnyPrincipal()],
                actions=["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"], resources=["*"],
                conditions={"ArnLike": {"aws:PrincipalArn": role_arn}}))
