"""Rules of AWS Backup Audit Manager: frameworks, the control catalogue, and report plans.

The control catalogue (:data:`CONTROLS`) is data: for each control name, the scope kinds AWS accepts
and its input parameters with their units and bounds. ``FrameworkControl`` builds its controls from
it, and the whole-app checker reads the controls of ``AWS::Backup::Framework`` resources against the
same table: :func:`control` takes parameter values as numbers or as the strings a template holds.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Union

from cdk_backup.rules import common
from cdk_backup.rules._core import Bound, Rule, Text, Violation, bound, known, pattern, show
from cdk_backup.rules.arns import is_account_id, parse_arn


class ScopeKind(str, Enum):
    """The three kinds of control scope AWS Backup Audit Manager knows."""

    RESOURCE_TYPES = "resource types"
    RESOURCE_IDS = "single resource"
    TAG = "tagged resources"


ALL_SCOPES = frozenset(ScopeKind)
TAG_OR_RESOURCE = frozenset({ScopeKind.TAG, ScopeKind.RESOURCE_IDS})
TAG_ONLY = frozenset({ScopeKind.TAG})


# ---------------------------------------------------------------------------------------- the catalogue
@dataclass(frozen=True)
class UnitChoice:
    """A parameter naming the unit of another one (``hours`` or ``days``)."""

    name: str
    """The parameter name as AWS spells it (``recoveryPointAgeUnit``)."""
    keyword: str
    """The keyword of the ``FrameworkControl`` factory that sets it."""
    units: tuple[str, ...] = ("hours", "days")


@dataclass(frozen=True)
class Amount:
    """A whole number (rendered as a string) in a fixed unit, or in the unit another parameter names."""

    name: str
    keyword: str
    unit: str | None = None
    """The fixed unit, or ``None`` when ``unit_parameter`` names it."""
    unit_parameter: str | None = None
    default_unit: str = "days"
    """The unit AWS assumes when ``unit_parameter`` is absent."""
    bounds: Mapping[str, Bound] = field(default_factory=dict)
    """The bounds AWS enforces, by unit; every amount is at least 1 in any case."""
    documented: Mapping[str, float] = field(default_factory=dict)
    """Upper limits AWS Config documents without enforcing them, by unit: above them is a warning."""


@dataclass(frozen=True)
class ItemList:
    """A comma-separated list (``principalArnList``, ``crossRegionList``, ``crossAccountList``)."""

    name: str
    keyword: str
    item: str
    """What each item is: ``role ARN``, ``account id`` or ``Region``."""
    count: Bound | None = None


Parameter = Union[UnitChoice, Amount, ItemList]  # noqa: UP007  (a runtime alias)


@dataclass(frozen=True)
class ControlSpec:
    """One Audit Manager control: its name, the scope kinds it accepts, its parameters."""

    name: str
    scopes: frozenset[ScopeKind]
    parameters: tuple[Parameter, ...] = ()
    ordered: tuple[str, str] | None = None
    """Two parameters whose values must not decrease (minimum, maximum)."""

    def parameter(self, name: str) -> Parameter | None:
        """The parameter of this control called ``name`` (AWS spelling), if any."""
        return next((p for p in self.parameters if p.name == name), None)

    @property
    def factory(self) -> str:
        """The name of the ``FrameworkControl`` factory of this control."""
        return self.name.lower()


RETENTION = bound("controlRetentionDays", "FrameworkControl", "required_retention", 1, 36500, "days", "B-R31")
AGE_HOURS = bound("controlAgeHours", "FrameworkControl", "recovery_point_age", 1, 744, "hours", "B-R29/C-R41")
AGE_DAYS = bound("controlAgeDays", "FrameworkControl", "recovery_point_age", 1, 31, "days", "B-R29/C-R41")
AIR_GAPPED_AGE_HOURS = bound("controlAirGappedAgeHours", "FrameworkControl", "recovery_point_age", 1, 2184,
                             "hours", "S-Config")
AIR_GAPPED_AGE_DAYS = bound("controlAirGappedAgeDays", "FrameworkControl", "recovery_point_age", 1, 91, "days",
                            "S-Config")
RESTORE_TIME = bound("controlRestoreMinutes", "FrameworkControl", "max_restore_time", 1, 52_560_000, "minutes",
                     "B-R32")
PRINCIPAL_COUNT = bound("controlPrincipalCount", "FrameworkControl", "principal_arns", 1, 5, "role ARNs",
                        "B-R28/C-R41")
ACCOUNT_COUNT = bound("controlAccountCount", "FrameworkControl", "accounts", 1, 5, "account ids", "B-R30/C-R41")

_AGE_UNIT = "recoveryPointAgeUnit"
CONTROLS: dict[str, ControlSpec] = {spec.name: spec for spec in (
    ControlSpec("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", ALL_SCOPES),
    ControlSpec("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", TAG_OR_RESOURCE, (
        UnitChoice("requiredFrequencyUnit", "required_frequency"),
        Amount("requiredFrequencyValue", "required_frequency", unit_parameter="requiredFrequencyUnit",
               documented={"hours": 24, "days": 31}),
        Amount("requiredRetentionDays", "required_retention", unit="days", bounds={"days": RETENTION}),
    )),
    ControlSpec("BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", TAG_OR_RESOURCE, (
        ItemList("principalArnList", "principal_arns", "role ARN", PRINCIPAL_COUNT),
    )),
    ControlSpec("BACKUP_RECOVERY_POINT_ENCRYPTED", TAG_ONLY),
    ControlSpec("BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", TAG_ONLY, (
        Amount("requiredRetentionDays", "required_retention", unit="days", bounds={"days": RETENTION}),
    )),
    ControlSpec("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION", ALL_SCOPES, (
        ItemList("crossRegionList", "regions", "Region"),
    )),
    ControlSpec("BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT", ALL_SCOPES, (
        ItemList("crossAccountList", "accounts", "account id", ACCOUNT_COUNT),
    )),
    ControlSpec("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK", ALL_SCOPES, (
        Amount("minRetentionDays", "min_retention", unit="days", bounds={"days": RETENTION}),
        Amount("maxRetentionDays", "max_retention", unit="days", bounds={"days": RETENTION}),
    ), ordered=("minRetentionDays", "maxRetentionDays")),
    ControlSpec("BACKUP_LAST_RECOVERY_POINT_CREATED", ALL_SCOPES, (
        UnitChoice(_AGE_UNIT, "recovery_point_age"),
        Amount("recoveryPointAgeValue", "recovery_point_age", unit_parameter=_AGE_UNIT,
               bounds={"hours": AGE_HOURS, "days": AGE_DAYS}),
    )),
    ControlSpec("RESTORE_TIME_FOR_RESOURCES_MEET_TARGET", ALL_SCOPES, (
        Amount("maxRestoreTime", "max_restore_time", unit="minutes", bounds={"minutes": RESTORE_TIME}),
    )),
    ControlSpec("RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT", ALL_SCOPES, (
        UnitChoice(_AGE_UNIT, "recovery_point_age"),
        Amount("recoveryPointAgeValue", "recovery_point_age", unit_parameter=_AGE_UNIT,
               bounds={"hours": AIR_GAPPED_AGE_HOURS, "days": AIR_GAPPED_AGE_DAYS}),
    )),
)}
"""Every Audit Manager control AWS Backup knows, by ``ControlName``."""


# ---------------------------------------------------------------------------------------- rules
FRAMEWORK_NAME = pattern(
    "frameworkName", "Framework", "framework_name", r"[a-zA-Z][_a-zA-Z0-9]{0,255}",
    "1 to 256 letters, digits or underscores, starting with a letter", "C-R6/B-R25",
)
DESCRIPTION = Rule(
    "auditDescription", "error", "Framework, ReportPlan", "description",
    "{prop} must be 1 to 1,024 characters with at least one non-space, got {got}", "C-R8",
)
FRAMEWORK_CONTROLS = bound("frameworkControlCount", "Framework", "controls", 1, 50, "controls", "C-R38/B-R37")
FRAMEWORK_UNIQUE_CONTROLS = Rule(
    "frameworkUniqueControls", "error", "Framework", "controls",
    "{prop} must not repeat a control with the same parameters and scope, got {got}", "S-Framework",
)
FRAMEWORK_CONFIG = Rule(
    "frameworkNeedsConfig", "warning", "Framework", "controls",
    "{prop} ({got}) evaluate only what AWS Config records: record AWS::Backup::BackupPlan, BackupSelection, "
    "BackupVault, RecoveryPoint and AWS::Config::ResourceCompliance in this account and Region, or the framework "
    "stays INACTIVE", "B-R47",
)
CONTROL_NAME = Rule(
    "controlName", "error", "FrameworkControl", "control_name",
    "{prop} must be one of " + ", ".join(CONTROLS) + ", got {got}", "C-R39/B-R26",
)
CONTROL_PARAMETER = Rule(
    "controlUnknownParameter", "error", "FrameworkControl", "parameters",
    "{prop} must be parameters of {control} ({allowed}), got {got}", "B-R27",
)
CONTROL_WHOLE_NUMBER = Rule(
    "controlWholeNumber", "error", "FrameworkControl", "parameters",
    "{prop} must be a whole number of at least 1, got {got}", "B-R27/C-R41",
)
CONTROL_UNIT = Rule(
    "controlUnit", "error", "FrameworkControl", "parameters", "{prop} must be one of {units}, got {got}",
    "B-R29/B-R31",
)
CONTROL_FREQUENCY = Rule(
    "controlFrequencyBound", "warning", "FrameworkControl", "required_frequency",
    "{prop} is {got}, past what AWS Config documents (1 to 24 hours or 1 to 31 days)", "B-R31",
)
CONTROL_MIN_LE_MAX = Rule(
    "controlMinAboveMax", "error", "FrameworkControl", "max_retention",
    "{prop} must be at least min_retention ({min} days), got {got}", "B-R31",
)
CONTROL_PRINCIPAL_ROLE = Rule(
    "controlPrincipalNotRole", "warning", "FrameworkControl", "principal_arns",
    "{prop} expects IAM role ARNs, got {got}", "B-R28",
)
CONTROL_ACCOUNT_ID = Rule(
    "controlAccountId", "error", "FrameworkControl", "accounts",
    "{prop} must be 12-digit account ids, got {got}", "B-R30",
)
CONTROL_SCOPE_KIND = Rule(
    "controlScopeKind", "error", "FrameworkControl", "scope",
    "{prop} must be one of: {allowed}, got {got}", "B-R33",
)
CONTROL_SCOPE_IDS = bound("controlScopeIds", "ControlScope", "resource_ids", 1, 100, "items", "C-R40")
CONTROL_SCOPE_TYPES = bound("controlScopeTypes", "ControlScope", "resource_types", 1, None, "items", "C-R40")
CONTROL_SCOPE_ONE_TAG = Rule(
    "controlScopeOneTag", "error", "ControlScope", "tags", "{prop} must hold at most one tag, got {got}",
    "C-R40/B-R34",
)
CONTROL_EMPTY_TAG_VALUE = Rule(
    "controlScopeEmptyTagValue", "warning", "ControlScope", "tag",
    "{prop} {got} has an empty value: the console and the API refuse empty tag values (CloudFormation "
    "accepts them)", "C-R40",
)

REPORT_TEMPLATES = ("BACKUP_JOB_REPORT", "COPY_JOB_REPORT", "RESTORE_JOB_REPORT", "SCAN_JOB_REPORT",
                    "CONTROL_COMPLIANCE_REPORT", "RESOURCE_COMPLIANCE_REPORT")
COMPLIANCE_TEMPLATES = frozenset({"CONTROL_COMPLIANCE_REPORT", "RESOURCE_COMPLIANCE_REPORT"})
REPORT_FORMATS = ("CSV", "JSON")

REPORT_PLAN_NAME = pattern(
    "reportPlanName", "ReportPlan", "report_plan_name", r"[a-zA-Z][_a-zA-Z0-9]{0,255}",
    "1 to 256 letters, digits or underscores, starting with a letter", "C-R7/B-R38",
)
REPORT_TEMPLATE = Rule(
    "reportTemplate", "error", "ReportPlan", "report_template",
    "{prop} must be one of " + ", ".join(REPORT_TEMPLATES) + ", got {got}", "C-R42/B-R39",
)
REPORT_FRAMEWORKS = Rule(
    "reportFrameworks", "error", "ReportPlan", "frameworks",
    "{prop} must be given (1 to 1,000) for the compliance templates and only for them, got {got}",
    "C-R43/B-R40",
)
REPORT_FORMAT = Rule(
    "reportFormats", "error", "ReportPlan", "formats", "{prop} must be a non-empty list of CSV and JSON, got {got}",
    "C-R44/B-R42",
)
REPORT_JSON_SCOPE = Rule(
    "reportJsonSingleScope", "error", "ReportPlan", "formats",
    "{prop} may include JSON only for a report on this account and one Region, got {got}", "C-R44/B-R42",
)
REPORT_ACCOUNT = Rule(
    "reportAccountId", "error", "ReportPlan", "accounts",
    "{prop} must be 12-digit account ids or ROOT, got {got}", "C-R43",
)
REPORT_SCOPE_SIZE = bound("reportScopeSize", "ReportPlan", "accounts x regions", 1, 300, "account-Region pairs",
                          "C-R43/B-R43")
REPORT_KEY_PREFIX = Rule(
    "reportKeyPrefix", "error", "ReportPlan", "key_prefix",
    "{prop} must not include s3:// or the bucket, nor start or end with /, got {got}", "C-R44/B-R78",
)
REPORT_IMPORTED_BUCKET = Rule(
    "reportBucketPolicy", "warning", "ReportPlan", "bucket",
    "{prop} {got} is imported: add to its bucket policy an Allow of s3:PutObject on its objects for the role "
    "arn:<partition>:iam::<account>:role/aws-service-role/reports.backup.amazonaws.com/"
    "AWSServiceRoleForBackupReports, with the condition s3:x-amz-acl = bucket-owner-full-control (and, for "
    "SSE-KMS, kms:GenerateDataKey and kms:Decrypt on its key)", "B-R46",
)


# ---------------------------------------------------------------------------------------- controls
def whole_number(value: object) -> int | None:
    """A whole number from an int or a string of ASCII digits (as templates hold them), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isascii() and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def items_of(value: object) -> list[object] | None:
    """The items of a list parameter given as a list or as one comma-separated string (``None``: unknown)."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(",")]
    if isinstance(value, (list, tuple)):
        return list(value)
    return None


def control(name: object, parameters: Mapping[str, object] | None = None, scopes: Collection[ScopeKind] = (),
            *, keywords: bool = False) -> Iterator[Violation]:
    """One control against the catalogue: its name, its parameters (names, units, bounds) and its scope kinds.

    ``parameters`` maps AWS parameter names to values (numbers, strings as in a template, lists, or
    :class:`Unresolved`). Messages name each parameter by its factory keyword when ``keywords`` is
    true, else by its AWS name.
    """
    if not known(name):
        return
    spec = CONTROLS.get(name) if isinstance(name, str) else None
    if spec is None:
        yield CONTROL_NAME.violation(name)
        return
    values = dict(parameters or {})
    unknown = [key for key in values if known(key) and spec.parameter(str(key)) is None]
    if unknown:
        allowed = ", ".join(p.name for p in spec.parameters) or "none"
        yield CONTROL_PARAMETER.violation(unknown, control=spec.name, allowed=allowed)
    for parameter in spec.parameters:
        if parameter.name in values:
            prop = parameter.keyword if keywords else parameter.name
            yield from _parameter(parameter, values[parameter.name], values, prop)
    if spec.ordered is not None:
        yield from _ordered(spec, values, keywords)
    for kind in scopes:
        if kind not in spec.scopes:
            allowed_kinds = ", ".join(sorted(k.value for k in spec.scopes))
            yield CONTROL_SCOPE_KIND.violation(Text(kind.value), allowed=allowed_kinds)


def _parameter(parameter: Parameter, value: object, values: Mapping[str, object], prop: str) -> Iterator[Violation]:
    if not known(value):
        return
    if isinstance(parameter, UnitChoice):
        if value not in parameter.units:
            yield CONTROL_UNIT.violation(value, prop=prop, units=" or ".join(parameter.units))
    elif isinstance(parameter, Amount):
        yield from _amount(parameter, value, values, prop)
    else:
        yield from _items(parameter, value, prop)


def _amount(parameter: Amount, value: object, values: Mapping[str, object], prop: str) -> Iterator[Violation]:
    number = whole_number(value)
    unit = parameter.unit or values.get(parameter.unit_parameter or "", parameter.default_unit)
    shown = Text(f"{show(value)} {unit}") if isinstance(unit, str) and number is not None else value
    if number is None:
        yield CONTROL_WHOLE_NUMBER.violation(value, prop=prop)
        return
    if not isinstance(unit, str):  # a unit that is a token: the bounds depend on it
        if number < 1:
            yield CONTROL_WHOLE_NUMBER.violation(shown, prop=prop)
        return
    limits = parameter.bounds.get(unit)
    if limits is not None:
        yield from limits.check(number, prop=prop)
        return
    if number < 1:
        yield CONTROL_WHOLE_NUMBER.violation(shown, prop=prop)
    elif unit in parameter.documented and number > parameter.documented[unit]:
        yield CONTROL_FREQUENCY.violation(shown, prop=prop)


def _items(parameter: ItemList, value: object, prop: str) -> Iterator[Violation]:
    items = items_of(value)
    if items is None:
        return
    if parameter.count is not None:
        yield from parameter.count.check(len(items), prop=prop)
    for item in items:
        if not known(item) or not isinstance(item, str):
            continue
        if parameter.item == "account id" and not is_account_id(item):
            yield CONTROL_ACCOUNT_ID.violation(item, prop=prop)
        elif parameter.item == "role ARN" and not _is_role_arn(item):
            yield CONTROL_PRINCIPAL_ROLE.violation(item, prop=prop)


def _is_role_arn(text: str) -> bool:
    """A literal IAM role ARN (one built with tokens reaches the rules as ``Unresolved`` and is skipped)."""
    arn = parse_arn(text)
    return arn is not None and arn.service == "iam" and arn.resource.startswith("role/")


def _ordered(spec: ControlSpec, values: Mapping[str, object], keywords: bool) -> Iterator[Violation]:
    assert spec.ordered is not None
    low_name, high_name = spec.ordered
    low, high = whole_number(values.get(low_name)), whole_number(values.get(high_name))
    if low is not None and high is not None and high < low:
        high_spec = spec.parameter(high_name)
        prop = high_spec.keyword if keywords and high_spec is not None else high_name
        yield CONTROL_MIN_LE_MAX.violation(Text(f"{high} days"), prop=prop, min=low)


def scope_kinds(types: Sequence[object] | None, ids: Sequence[object] | None,
                tags: Sequence[object] | Mapping[str, object] | None) -> set[ScopeKind]:
    """The kinds of a control scope: one resource (ids, with or without their type), types, or a tag."""
    kinds: set[ScopeKind] = set()
    if ids:
        kinds.add(ScopeKind.RESOURCE_IDS)
    elif types:
        kinds.add(ScopeKind.RESOURCE_TYPES)
    if tags:
        kinds.add(ScopeKind.TAG)
    return kinds


def control_scope(types: Sequence[object] | None = None, ids: Sequence[object] | None = None,
                  tags: Mapping[object, object] | None = None) -> Iterator[Violation]:
    """A control scope's lists: 1-100 resource ids, at least one type, one tag with CloudFormation's tag rules."""
    if types is not None:
        yield from CONTROL_SCOPE_TYPES.check(len(types))
    if ids is not None:
        yield from CONTROL_SCOPE_IDS.check(len(ids))
    if tags is None:
        return
    if len(tags) > 1:
        yield CONTROL_SCOPE_ONE_TAG.violation(Text(f"{len(tags)} tags"))
    yield from common.tags(tags, prop="tag")  # type: ignore[arg-type]
    for key, value in tags.items():
        if value == "":
            yield CONTROL_EMPTY_TAG_VALUE.violation(key)


# ---------------------------------------------------------------------------------------- frameworks
def description(value: object) -> Iterator[Violation]:
    """A framework or report plan description: 1-1,024 characters, not only spaces."""
    if not known(value):
        return
    if not isinstance(value, str) or not value.strip() or len(value) > 1024:
        shown = value if not isinstance(value, str) or len(value) < 40 else Text(repr(value[:37]) + "...")
        yield DESCRIPTION.violation(shown)


def framework(*, name: object = None, description_text: object = None, control_count: int,
              tags: Mapping[str, object] | None = None) -> Iterator[Violation]:
    """A framework's name, description, number of controls (1-50) and tags."""
    yield from FRAMEWORK_NAME.check(name)
    yield from description(description_text)
    yield from FRAMEWORK_CONTROLS.check(control_count)
    yield from common.tags(tags)


def unique_controls(controls: Sequence[tuple[str, object]]) -> Iterator[Violation]:
    """No two controls with the same name, parameters and scope (``(name, comparable body)`` pairs)."""
    for index, entry in enumerate(controls):
        if entry in controls[:index]:
            yield FRAMEWORK_UNIQUE_CONTROLS.violation(Text(f"controls[{index}] repeats {entry[0]}"))
            return


# ---------------------------------------------------------------------------------------- report plans
def report_plan(*, template: object, frameworks: Sequence[object] | None = None,
                formats: Sequence[object] | None = None, accounts: Sequence[object] | None = None,
                organization_units: Sequence[object] | None = None, regions: Sequence[object] | None = None,
                key_prefix: object = None, name: object = None, description_text: object = None,
                tags: Mapping[str, object] | None = None) -> Iterator[Violation]:
    """Every rule of one report plan, on its plain values (``formats`` ``None`` means AWS's default, CSV)."""
    yield from REPORT_PLAN_NAME.check(name)
    yield from description(description_text)
    if known(template) and template not in REPORT_TEMPLATES:
        yield REPORT_TEMPLATE.violation(template)
    elif known(template):
        count = len(frameworks or ())
        if template in COMPLIANCE_TEMPLATES and not 1 <= count <= 1000:
            yield REPORT_FRAMEWORKS.violation(Text(f"{count} frameworks for {template}"))
        elif template not in COMPLIANCE_TEMPLATES and count:
            yield REPORT_FRAMEWORKS.violation(Text(f"frameworks for {template}"))
    yield from _formats(formats, accounts, organization_units, regions)
    for account in accounts or ():
        if known(account) and (not isinstance(account, str) or not (account == "ROOT" or is_account_id(account))):
            yield REPORT_ACCOUNT.violation(account)
    yield from common.region_codes(regions)
    for prop, values in (("frameworks", frameworks), ("accounts", accounts),
                         ("organization_units", organization_units), ("regions", regions)):
        yield from common.unique(values, prop=prop)
    if accounts and regions and all(known(v) for v in (*accounts, *regions)) and "*" not in regions \
            and "ROOT" not in accounts:
        yield from REPORT_SCOPE_SIZE.check(len(accounts) * len(regions))
    if isinstance(key_prefix, str) and (key_prefix.startswith(("/", "s3://")) or key_prefix.endswith("/")):
        yield REPORT_KEY_PREFIX.violation(key_prefix)
    yield from common.tags(tags)


def _formats(formats: Sequence[object] | None, accounts: Sequence[object] | None,
             organization_units: Sequence[object] | None, regions: Sequence[object] | None) -> Iterator[Violation]:
    if formats is None:
        return
    if not formats or any(known(f) and f not in REPORT_FORMATS for f in formats):
        yield REPORT_FORMAT.violation(list(formats))
        return
    yield from common.unique(formats, prop="formats")
    wide = bool(accounts or organization_units) or (regions is not None and (
        len(regions) > 1 or any(not known(r) or r == "*" for r in regions)))
    if "JSON" in formats and wide:
        yield REPORT_JSON_SCOPE.violation(Text("JSON for a multi-account or multi-Region report"))

