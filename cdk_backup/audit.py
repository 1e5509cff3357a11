"""AWS Backup Audit Manager: ``Framework`` with typed controls, ``ReportPlan`` with its bucket wired.

Controls come from the catalogue in :mod:`cdk_backup.rules.audit` (name, the scope kinds AWS
accepts, each parameter with its unit and bounds), which the whole-app checker reads too. The
factories turn typed Python arguments (``Duration``, lists) into the string parameters AWS expects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, TypedDict

import aws_cdk as cdk
from aws_cdk import aws_backup as l1
from aws_cdk import aws_iam as iam
from constructs import Construct

from cdk_backup import _inputs as inputs
from cdk_backup.rules import Text, Unresolved, Violation
from cdk_backup.rules import audit as rules
from cdk_backup.rules.audit import ScopeKind

if TYPE_CHECKING:
    from aws_cdk import aws_s3 as s3

__all__ = ["COMPLIANCE_TEMPLATES", "REPORTS_ROLE", "ControlScope", "Framework", "FrameworkControl", "ReportFormat",
           "ReportPlan", "ReportTemplate", "ScopeKind"]

ParameterValue = int | str | Unresolved | tuple[str | Unresolved, ...]
"""A control parameter as a plain value: a whole number, a string, a list of strings, or a token."""


# ---------------------------------------------------------------------------------------- helpers
def enum_or_text(where: inputs.Where, prop: str, value: object, enum: type[Enum]) -> str | Unresolved:
    """The string of an enum member or a string (tokens pass); which strings are valid is a rule's job."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return Unresolved(value) if inputs.is_token(value) else value
    inputs.type_error(where, prop, f"a {enum.__name__} or its string value", value)


def hours_or_days(where: inputs.Where, prop: str, value: object, days_up_to: int) -> tuple[str, int | Unresolved]:
    """A ``Duration`` as AWS's (unit, value): whole days (up to ``days_up_to``) as days, else whole hours."""
    if not isinstance(value, cdk.Duration):
        inputs.type_error(where, prop, "a Duration (e.g. Duration.days(1) or Duration.hours(12))", value)
    if value.is_unresolved():
        unit, token = inputs.token_in(where, prop, value, ("days", "hours"))
        return unit, Unresolved(token)
    hours = inputs.duration(where, prop, value, "hours", required=True)
    assert isinstance(hours, int)
    if hours % 24 == 0 and hours // 24 <= days_up_to:
        return "days", hours // 24
    return "hours", hours


def parameter_text(value: ParameterValue) -> str:
    """A parameter value as the string CloudFormation takes (a number token is stringified lazily)."""
    if isinstance(value, Unresolved):
        raw = value.raw
        if isinstance(raw, (int, float)):
            return str(cdk.Tokenization.stringify_number(raw))
        if isinstance(raw, list):
            return cdk.Fn.join(",", raw)
        return str(raw)
    if isinstance(value, tuple):
        return ",".join(parameter_text(item) for item in value)
    return str(value)


def _strings(where: inputs.Where, prop: str, value: object, *,
             required: bool = False) -> tuple[Any, ...] | Unresolved | None:
    """A list of strings (tokens pass); a list token as a whole is :class:`Unresolved`."""
    if value is None and not required:
        return None
    if isinstance(value, list) and inputs.is_token(value):
        return Unresolved(value)
    items = inputs.required_list(where, prop, value, lambda p, v: inputs.required_str(where, p, v))
    return tuple(items)


# ---------------------------------------------------------------------------------------- scopes
class _ControlScopeJson(TypedDict, total=False):
    """CloudFormation's ``ControlScope``: the L1 types it as JSON, so it is rendered in PascalCase here."""

    ComplianceResourceTypes: list[Any]
    ComplianceResourceIds: list[Any]
    Tags: list[dict[str, Any]]


@dataclass(frozen=True)
class ControlScope:
    """Which resources a control evaluates. No scope means every applicable resource.

    Build scopes with :meth:`resource_types`, :meth:`resource_ids` or :meth:`tag`.
    """

    kind: ScopeKind
    _: KW_ONLY
    types: tuple[str | Unresolved, ...] = ()
    ids: tuple[str | Unresolved, ...] = ()
    tag_key: str | Unresolved | None = None
    tag_value: str | Unresolved | None = None
    warnings: tuple[Violation, ...] = field(default=(), init=False, compare=False, repr=False)
    """Warnings of this scope (an empty tag value), reported by the framework that uses it."""

    def __post_init__(self) -> None:
        where = f"ControlScope.{self.kind.name.lower() if isinstance(self.kind, ScopeKind) else 'kind'}"
        inputs.instance(where, "kind", self.kind, ScopeKind, "a ScopeKind", required=True)
        violations = list(rules.control_scope(
            types=self.types if self.kind is ScopeKind.RESOURCE_TYPES else None,
            ids=self.ids if self.kind is ScopeKind.RESOURCE_IDS else None,
            tags=None if self.tag_key is None else {self.tag_key: self.tag_value}))
        object.__setattr__(self, "warnings", tuple(inputs.enforce_errors(where, violations)))

    @staticmethod
    def resource_types(types: Sequence[Any]) -> ControlScope:
        """Resources of these types, e.g. ``["EFS", "RDS"]`` or ``[ResourceType.EFS]``."""
        where = "ControlScope.resource_types"
        values = inputs.required_list(where, "resource_types", types,
                                      lambda p, v: _type_text(where, p, v))
        return ControlScope(ScopeKind.RESOURCE_TYPES, types=tuple(values))

    @staticmethod
    def resource_ids(ids: Sequence[str], resource_type: Any = None) -> ControlScope:
        """Specific resources by id, with their type (e.g. ``AWS::Backup::BackupVault``) if given."""
        where = "ControlScope.resource_ids"
        values = inputs.required_list(where, "resource_ids", ids, lambda p, v: inputs.required_str(where, p, v))
        types = () if resource_type is None else (_type_text(where, "resource_type", resource_type),)
        return ControlScope(ScopeKind.RESOURCE_IDS, ids=tuple(values), types=types)

    @staticmethod
    def tag(key: str, value: str | None = None) -> ControlScope:
        """Resources carrying one tag (AWS accepts a single tag per scope); no value matches any value."""
        where = "ControlScope.tag"
        return ControlScope(ScopeKind.TAG, tag_key=inputs.required_str(where, "key", key),
                            tag_value=inputs.optional_str(where, "value", value))

    def render(self) -> _ControlScopeJson:
        """CloudFormation's ``ControlScope``."""
        rendered: _ControlScopeJson = {}
        if self.types:
            rendered["ComplianceResourceTypes"] = [inputs.rendered(t) for t in self.types]
        if self.ids:
            rendered["ComplianceResourceIds"] = [inputs.rendered(i) for i in self.ids]
        if self.tag_key is not None:
            rendered["Tags"] = [{"Key": inputs.rendered(self.tag_key), "Value": inputs.rendered(self.tag_value) or ""}]
        return rendered


def _type_text(where: str, prop: str, value: object) -> str | Unresolved:
    if isinstance(value, Enum):
        return str(value.value)
    return inputs.required_str(where, prop, value)


# ---------------------------------------------------------------------------------------- controls
@dataclass(frozen=True)
class FrameworkControl:
    """One Audit Manager control with its parameters and optional scope.

    Build controls with the static factories, one per ``ControlName`` in lower case; they take typed
    values (``Duration``, lists) and render the strings AWS expects. The direct form
    ``FrameworkControl("BACKUP_RECOVERY_POINT_ENCRYPTED", parameters=(("name", "value"), ...))`` is
    checked against the same catalogue: an unknown control or parameter is an error.
    """

    control_name: str
    parameters: tuple[tuple[str, ParameterValue], ...] = ()
    """``(AWS parameter name, value)`` pairs (a dict is accepted too); values are strings, whole numbers or
    lists of strings (rendered comma-separated)."""
    scope: ControlScope | None = None
    warnings: tuple[Violation, ...] = field(default=(), init=False, compare=False, repr=False)
    """Warnings of this control (and its scope), reported by the framework that uses it."""

    def __post_init__(self) -> None:
        where = "FrameworkControl"
        name = inputs.required_str(where, "control_name", self.control_name)
        given: object = self.parameters
        if isinstance(given, Mapping):
            given = list(given.items())
        pairs = inputs.required_list(where, "parameters", given, lambda p, v: _pair(where, p, v))
        inputs.instance(where, "scope", self.scope, ControlScope, "a ControlScope")
        object.__setattr__(self, "parameters", tuple(pairs))
        violations = list(rules.control(name, dict(pairs), self._kinds()))
        self._set_warnings(inputs.enforce_errors(where, violations))

    def _kinds(self) -> set[ScopeKind]:
        return {self.scope.kind} if self.scope is not None else set()

    def _set_warnings(self, warnings: Sequence[Violation]) -> None:
        scope_warnings = self.scope.warnings if self.scope is not None else ()
        object.__setattr__(self, "warnings", (*warnings, *scope_warnings))

    @staticmethod
    def _make(name: str, parameters: Sequence[tuple[str, ParameterValue]],
              scope: ControlScope | None) -> FrameworkControl:
        """Check with the factory's keywords in messages, then build."""
        where = f"FrameworkControl.{name.lower()}"
        inputs.instance(where, "scope", scope, ControlScope, "a ControlScope")
        kinds = {scope.kind} if scope is not None else set()
        warnings = inputs.enforce_errors(where, list(rules.control(name, dict(parameters), kinds, keywords=True)))
        made = FrameworkControl(name, tuple(parameters), scope)
        made._set_warnings(warnings)
        return made

    def render(self) -> l1.CfnFramework.FrameworkControlProperty:
        """The L1's ``FrameworkControl``."""
        return l1.CfnFramework.FrameworkControlProperty(
            control_name=self.control_name,
            control_input_parameters=[
                l1.CfnFramework.ControlInputParameterProperty(parameter_name=k, parameter_value=parameter_text(v))
                for k, v in self.parameters] or None,
            control_scope=self.scope.render() if self.scope is not None else None,
        )

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
        """Plans have a rule at least this frequent (AWS default 1 day; AWS Config documents hours 1-24 or
        days 1-31) that keeps backups at least this long (AWS default 35 days). Scope: a tag or one plan."""
        name = "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK"
        where = f"FrameworkControl.{name.lower()}"
        params: list[tuple[str, ParameterValue]] = []
        if required_frequency is not None:
            unit, value = hours_or_days(where, "required_frequency", required_frequency, 31)
            params += [("requiredFrequencyUnit", unit), ("requiredFrequencyValue", value)]
        if required_retention is not None:
            params.append(("requiredRetentionDays",
                           inputs.required_duration(where, "required_retention", required_retention, "days")))
        return FrameworkControl._make(name, params, scope)

    @staticmethod
    def backup_recovery_point_manual_deletion_disabled(principal_arns: Sequence[str] | None = None,
                                                       scope: ControlScope | None = None) -> FrameworkControl:
        """Vaults deny deleting recovery points, except to up to 5 IAM roles. Scope: a tag or one vault."""
        name = "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED"
        arns = _strings(f"FrameworkControl.{name.lower()}", "principal_arns", principal_arns)
        return FrameworkControl._make(name, [] if arns is None else [("principalArnList", arns)], scope)

    @staticmethod
    def backup_recovery_point_encrypted(scope: ControlScope | None = None) -> FrameworkControl:
        """Recovery points are encrypted. Scope: a tag only."""
        return FrameworkControl._make("BACKUP_RECOVERY_POINT_ENCRYPTED", (), scope)

    @staticmethod
    def backup_recovery_point_minimum_retention_check(required_retention: cdk.Duration | None = None,
                                                      scope: ControlScope | None = None) -> FrameworkControl:
        """Recovery points are kept at least this long (AWS default 35 days). Scope: a tag only."""
        name = "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK"
        params: list[tuple[str, ParameterValue]] = []
        if required_retention is not None:
            params.append(("requiredRetentionDays", inputs.required_duration(
                f"FrameworkControl.{name.lower()}", "required_retention", required_retention, "days")))
        return FrameworkControl._make(name, params, scope)

    @staticmethod
    def backup_resources_protected_by_cross_region(regions: Sequence[str] | None = None,
                                                   scope: ControlScope | None = None) -> FrameworkControl:
        """Resources have a copy in another Region (optionally one of ``regions``)."""
        name = "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION"
        values = _strings(f"FrameworkControl.{name.lower()}", "regions", regions)
        return FrameworkControl._make(name, [("crossRegionList", values)] if values else [], scope)

    @staticmethod
    def backup_resources_protected_by_cross_account(accounts: Sequence[str] | None = None,
                                                    scope: ControlScope | None = None) -> FrameworkControl:
        """Resources have a copy in another account (optionally one of up to 5 ``accounts``)."""
        name = "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT"
        values = _strings(f"FrameworkControl.{name.lower()}", "accounts", accounts)
        return FrameworkControl._make(name, [] if values is None else [("crossAccountList", values)], scope)

    @staticmethod
    def backup_resources_protected_by_backup_vault_lock(min_retention: cdk.Duration | None = None,
                                                        max_retention: cdk.Duration | None = None,
                                                        scope: ControlScope | None = None) -> FrameworkControl:
        """Resources have backups in a locked vault (optionally with this retention range, in days)."""
        name = "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK"
        where = f"FrameworkControl.{name.lower()}"
        params: list[tuple[str, ParameterValue]] = []
        if min_retention is not None:
            params.append(("minRetentionDays", inputs.required_duration(where, "min_retention", min_retention, "days")))
        if max_retention is not None:
            params.append(("maxRetentionDays", inputs.required_duration(where, "max_retention", max_retention, "days")))
        return FrameworkControl._make(name, params, scope)

    @staticmethod
    def backup_last_recovery_point_created(recovery_point_age: cdk.Duration | None = None,
                                           scope: ControlScope | None = None) -> FrameworkControl:
        """A recovery point was created within ``recovery_point_age`` (hours 1-744 or days 1-31; AWS
        default 1 day)."""
        name = "BACKUP_LAST_RECOVERY_POINT_CREATED"
        params: list[tuple[str, ParameterValue]] = []
        if recovery_point_age is not None:
            unit, value = hours_or_days(f"FrameworkControl.{name.lower()}", "recovery_point_age",
                                        recovery_point_age, 31)
            params = [("recoveryPointAgeUnit", unit), ("recoveryPointAgeValue", value)]
        return FrameworkControl._make(name, params, scope)

    @staticmethod
    def restore_time_for_resources_meet_target(max_restore_time: cdk.Duration | None = None,
                                               scope: ControlScope | None = None) -> FrameworkControl:
        """Restore tests finish within ``max_restore_time`` (whole minutes; AWS's example is 720)."""
        name = "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET"
        params: list[tuple[str, ParameterValue]] = []
        if max_restore_time is not None:
            params.append(("maxRestoreTime", inputs.required_duration(
                f"FrameworkControl.{name.lower()}", "max_restore_time", max_restore_time, "minutes")))
        return FrameworkControl._make(name, params, scope)

    @staticmethod
    def resources_in_logically_air_gapped_vault(recovery_point_age: cdk.Duration | None = None,
                                                scope: ControlScope | None = None) -> FrameworkControl:
        """Resources have a recovery point in an air-gapped vault within ``recovery_point_age``
        (hours 1-2,184 or days 1-91; AWS default 1 day)."""
        name = "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT"
        params: list[tuple[str, ParameterValue]] = []
        if recovery_point_age is not None:
            unit, value = hours_or_days(f"FrameworkControl.{name.lower()}", "recovery_point_age",
                                        recovery_point_age, 91)
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


def _pair(where: str, prop: str, value: object) -> tuple[str, ParameterValue]:
    """One ``(parameter name, value)`` of a directly built control."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        inputs.type_error(where, prop, "a (name, value) pair", value)
    name = inputs.required_str(where, f"{prop} name", value[0])
    raw = value[1]
    if isinstance(raw, Unresolved):
        return str(name), raw
    if isinstance(raw, list):
        raw = tuple(raw)
    if isinstance(raw, float) and inputs.is_token(raw):  # a number token (Lazy.number, a parameter)
        return str(name), Unresolved(raw)
    if isinstance(raw, bool) or not isinstance(raw, (str, int, tuple)):
        inputs.type_error(where, f"{prop} value", "a string, a whole number or a list of strings", raw)
    if isinstance(raw, tuple):
        return str(name), tuple(item if isinstance(item, Unresolved) else
                                inputs.required_str(where, f"{prop} value[{i}]", item) for i, item in enumerate(raw))
    if isinstance(raw, str) and inputs.is_token(raw):
        return str(name), Unresolved(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and inputs.is_token(raw):
        return str(name), Unresolved(raw)
    return str(name), raw


# ---------------------------------------------------------------------------------------- Framework
class Framework(cdk.Resource):
    """An Audit Manager framework (``AWS::Backup::Framework``): controls that AWS evaluates every day.

    Controls evaluate through AWS Config: the account must record ``AWS::Backup::BackupPlan``,
    ``AWS::Backup::BackupSelection``, ``AWS::Backup::BackupVault``, ``AWS::Backup::RecoveryPoint`` and
    ``AWS::Config::ResourceCompliance`` (or all supported types), or the framework stays inactive.
    A warning annotation repeats this on every synth (``cdk-backup:frameworkNeedsConfig``).
    """

    def __init__(self, scope: Construct, id: str, *, controls: Sequence[FrameworkControl],
                 framework_name: str | None = None, description: str | None = None,
                 tags: Mapping[str, str] | None = None) -> None:
        """
        :param controls: 1 to 50 controls, no two alike (see :class:`FrameworkControl`).
        :param framework_name: 1-256 letters, digits or underscores, starting with a letter. Default: a
            name CloudFormation generates.
        :param description: 1-1,024 characters, not only spaces.
        :param tags: framework tags (keys 1-128 characters without ``aws:``, values up to 256).
        """
        super().__init__(scope, id, physical_name=inputs.physical_name(framework_name))
        name = inputs.optional_str(self, "framework_name", framework_name)
        text = inputs.optional_str(self, "description", description)
        chosen = inputs.required_list(self, "controls", controls, lambda p, v: inputs.instance(
            self, p, v, FrameworkControl, "a FrameworkControl (see its factories)", required=True))
        tag_map = inputs.optional_map(self, "tags", tags)
        inputs.enforce(self, rules.framework(name=name, description_text=text, control_count=len(chosen),
                                             tags=tag_map))
        inputs.enforce(self, rules.unique_controls([(c.control_name, (c.parameters, c.scope)) for c in chosen]))
        for index, control in enumerate(chosen):
            for warning in control.warnings:
                inputs.warn(self, Violation(warning.rule, f"controls[{index}].{warning.prop}", warning.got,
                                            warning.values))
        inputs.warn(self, rules.FRAMEWORK_CONFIG.violation(Text(f"{len(chosen)} controls")))
        self.controls: list[FrameworkControl] = list(chosen)
        """The controls of this framework."""
        self._resource = l1.CfnFramework(
            self, "Resource",
            framework_controls=[control.render() for control in chosen],
            framework_name=framework_name,
            framework_description=description,
            framework_tags=[cdk.CfnTag(key=k, value=v) for k, v in (tags or {}).items()] or None,
        )
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
"""The path and name of the AWS Backup reports service-linked role."""


class _ReportSettingJson(TypedDict, total=False):
    """CloudFormation's ``ReportSetting``: the L1 types it as JSON, so it is rendered in PascalCase here."""

    ReportTemplate: Any
    FrameworkArns: list[Any]
    Accounts: list[Any]
    OrganizationUnits: list[Any]
    Regions: list[Any]


class _ReportDeliveryChannelJson(TypedDict, total=False):
    """CloudFormation's ``ReportDeliveryChannel`` (JSON in the L1 as well)."""

    S3BucketName: str
    S3KeyPrefix: Any
    Formats: list[Any]


class ReportPlan(cdk.Resource):
    """An Audit Manager report plan (``AWS::Backup::ReportPlan``) delivering daily reports to S3.

    When ``bucket`` is defined in the app, its bucket policy (and the key policy of its KMS key)
    lets the AWS Backup reports service-linked role write the reports. That role only exists after
    the first report ran, so the policy names it in a condition (``aws:PrincipalArn``), which works
    before it exists. For an imported bucket, a warning gives the statement to add.

    ``ReportSetting`` and ``ReportDeliveryChannel`` are JSON in the L1 (CloudFormation's registry gives
    them no type aws-cdk-lib could map), so they are rendered as CloudFormation spells them; the
    L1's typed ``ReportSettingProperty`` would render camelCase keys, which CloudFormation refuses.
    """

    def __init__(self, scope: Construct, id: str, *, report_template: ReportTemplate | str, bucket: s3.IBucket,
                 key_prefix: str | None = None, formats: Sequence[ReportFormat | str] | None = None,
                 frameworks: Sequence[Framework | l1.CfnFramework | str] | None = None,
                 accounts: Sequence[str] | None = None,
                 organization_units: Sequence[str] | None = None, regions: Sequence[str] | None = None,
                 report_plan_name: str | None = None, description: str | None = None,
                 tags: Mapping[str, str] | None = None) -> None:
        """
        :param report_template: what the report contains.
        :param bucket: where reports are delivered.
        :param key_prefix: a key prefix inside the bucket (no ``s3://``, no leading or trailing ``/``).
        :param formats: ``CSV`` and/or ``JSON`` (JSON only for this account and one Region). Default: CSV.
        :param frameworks: frameworks (constructs or ARNs) of a compliance report, 1 to 1,000.
        :param accounts: 12-digit account ids, or ``"ROOT"`` for the whole organization.
        :param organization_units: organizational unit ids (``ou-…``).
        :param regions: Region names, or ``"*"`` for all Regions.
        :param report_plan_name: 1-256 letters, digits or underscores, starting with a letter.
        :param description: 1-1,024 characters, not only spaces.
        :param tags: report plan tags.
        """
        super().__init__(scope, id, physical_name=inputs.physical_name(report_plan_name))
        template = enum_or_text(self, "report_template", report_template, ReportTemplate)
        inputs.having(self, "bucket", bucket, "bucket_name", "an s3.IBucket", required=True)
        prefix = inputs.optional_str(self, "key_prefix", key_prefix)
        chosen = inputs.optional_list(self, "formats", formats,
                                      lambda p, v: enum_or_text(self, p, v, ReportFormat))
        framework_arns = inputs.optional_list(self, "frameworks", frameworks, lambda p, v: self._framework_arn(p, v))
        listed = {prop: inputs.optional_list(self, prop, value, lambda p, v: inputs.required_str(self, p, v))
                  for prop, value in (("accounts", accounts), ("organization_units", organization_units),
                                      ("regions", regions))}
        name = inputs.optional_str(self, "report_plan_name", report_plan_name)
        text = inputs.optional_str(self, "description", description)
        tag_map = inputs.optional_map(self, "tags", tags)
        deduplicated = None if chosen is None else list(dict.fromkeys(chosen))
        inputs.enforce(self, rules.report_plan(
            template=template, frameworks=framework_arns, formats=deduplicated, accounts=listed["accounts"],
            organization_units=listed["organization_units"], regions=listed["regions"], key_prefix=prefix,
            name=name, description_text=text, tags=tag_map))
        setting: _ReportSettingJson = {"ReportTemplate": inputs.rendered(template)}
        if framework_arns:
            setting["FrameworkArns"] = [inputs.rendered(arn) for arn in framework_arns]
        if listed["accounts"]:
            setting["Accounts"] = [inputs.rendered(v) for v in listed["accounts"]]
        if listed["organization_units"]:
            setting["OrganizationUnits"] = [inputs.rendered(v) for v in listed["organization_units"]]
        if listed["regions"]:
            setting["Regions"] = [inputs.rendered(v) for v in listed["regions"]]
        delivery: _ReportDeliveryChannelJson = {
            "S3BucketName": bucket.bucket_name,
            "Formats": [inputs.rendered(f) for f in (deduplicated if deduplicated is not None else ["CSV"])],
        }
        if key_prefix:
            delivery["S3KeyPrefix"] = key_prefix
        self._grant_bucket(bucket, key_prefix)
        self._resource = l1.CfnReportPlan(
            self, "Resource",
            report_setting=setting,
            report_delivery_channel=delivery,
            report_plan_name=report_plan_name,
            report_plan_description=description,
            report_plan_tags=[cdk.CfnTag(key=k, value=v) for k, v in (tags or {}).items()] or None,
        )
        self.report_plan_arn: str = self._resource.attr_report_plan_arn
        """The report plan ARN."""

    def _framework_arn(self, prop: str, value: object) -> str | Unresolved:
        if isinstance(value, str):
            return inputs.required_str(self, prop, value)
        if isinstance(value, l1.CfnFramework):
            return Unresolved(value.attr_framework_arn)
        arn = inputs.having(self, prop, value, "framework_arn", "a Framework or a framework ARN", required=True)
        return Unresolved(arn.framework_arn)

    def _grant_bucket(self, bucket: s3.IBucket, key_prefix: str | None) -> None:
        role_arn = f"arn:{cdk.Aws.PARTITION}:iam::{cdk.Aws.ACCOUNT_ID}:role/{REPORTS_ROLE}"
        objects = bucket.arn_for_objects(f"{key_prefix}/*" if key_prefix else "*")
        statement = iam.PolicyStatement(
            sid="AllowAwsBackupReports", principals=[iam.AnyPrincipal()], actions=["s3:PutObject"],
            resources=[objects], conditions={"ArnLike": {"aws:PrincipalArn": role_arn},
                                             "StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}})
        result = bucket.add_to_resource_policy(statement)
        if not result.statement_added:
            inputs.warn(self, rules.REPORT_IMPORTED_BUCKET.violation(Text(bucket.node.path)))
            return
        if result.policy_dependable is not None:
            self.node.add_dependency(result.policy_dependable)
        key = bucket.encryption_key
        if key is not None:
            key.add_to_resource_policy(iam.PolicyStatement(
                sid="AllowAwsBackupReports", principals=[iam.AnyPrincipal()],
                actions=["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"], resources=["*"],
                conditions={"ArnLike": {"aws:PrincipalArn": role_arn}}))

