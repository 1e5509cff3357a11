"""BackupPlanRule and BackupPlanCopyActionProps: what a plan does, as values checked when they are made.

A rule is a value object, like aws-cdk-lib's. Its keywords are normalized once, where they enter,
into the plain model :class:`cdk_backup.rules.plan.PlanRule` (``rule.model``): Durations become
whole days or minutes, schedules and zones text, tokens :class:`~cdk_backup.rules.Unresolved`.
The rules of :mod:`cdk_backup.rules.plan` and :mod:`cdk_backup.rules.schedule` judge the model;
errors raise at once (``BackupPlanRule(<name>): …``), warnings wait for the plan the rule joins.
The plan renders the model into its ``CfnBackupPlan``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, cast

import aws_cdk as cdk
from aws_cdk import aws_backup as l1

from cdk_backup import _inputs as inputs
from cdk_backup import schedule as door
from cdk_backup.rules import Text, Unresolved, Violation, known
from cdk_backup.rules import plan as rules
from cdk_backup.rules import schedule as schedule_rules
from cdk_backup.rules.common import vault_arn

if TYPE_CHECKING:
    from aws_cdk import aws_events as events

    from cdk_backup._inputs import Str, Where
    from cdk_backup.index_and_scan import BackupPlanIndexActionProps, ScanAction

VAULT_EXPECTED = "a backup vault (an IBackupVault, e.g. BackupVault)"
DESTINATION_EXPECTED = "a backup vault or a backup vault ARN"


# ---------------------------------------------------------------- vaults, as rules and plans see them
def check_vault(where: Where, prop: str, value: object, *, required: bool = False,
                expected: str = VAULT_EXPECTED) -> Any:
    """A vault of either library, defined here or imported (it has a name or a ``backup_vault_ref``)."""
    if value is None and not required:
        return None
    kind = type(value)
    if value is None or isinstance(value, (str, bytes, int, float, Mapping)) or not (
            hasattr(kind, "backup_vault_name") or hasattr(kind, "backup_vault_ref")
            # aws-cdk-lib's imported vaults reach Python as interface proxies: ask the object itself
            or hasattr(value, "backup_vault_name")):
        inputs.type_error(where, prop, expected, value)
    return value


def is_air_gapped(vault: object) -> bool:
    """A logically air-gapped vault (ours says so; aws-cdk-lib has none)."""
    return getattr(type(vault), "is_logically_air_gapped", False) is True


def is_standard(vault: object) -> bool:
    """A vault known to be a standard one: a ``BackupVault`` of either library."""
    from cdk_backup.vault import BackupVault

    return isinstance(vault, (BackupVault, l1.BackupVault))


def _by_reference(vault: Any) -> bool:
    """Read a vault through ``backup_vault_ref``, as aws-cdk-lib does (an L1 ``CfnBackupVault``'s own
    ``backup_vault_name`` is its literal property, not a reference); ours say the same without it."""
    from cdk_backup._vault_base import VaultBase

    return not isinstance(vault, VaultBase) and hasattr(type(vault), "backup_vault_ref")


def vault_name_token(vault: Any) -> Any:
    """What a rule's ``TargetBackupVault`` renders: the vault name (a reference for vaults defined here)."""
    if _by_reference(vault):
        return vault.backup_vault_ref.backup_vault_name
    return vault.backup_vault_name


def vault_arn_token(vault: Any) -> Any:
    """The vault ARN (a GetAtt for vaults defined here, literal for vaults imported by a literal ARN)."""
    if _by_reference(vault):
        return vault.backup_vault_ref.backup_vault_arn
    return vault.backup_vault_arn


def vault_name(vault: Any) -> Str:
    """The vault's name as the rules compare it: literal when known in the app, else :class:`Unresolved`.

    A vault defined here has its name on its ``CfnBackupVault`` (given or generated, literal); an
    imported one has the name it was imported with.
    """
    child = vault if isinstance(vault, l1.CfnBackupVault) else vault.node.default_child
    if isinstance(child, (l1.CfnBackupVault, l1.CfnLogicallyAirGappedBackupVault)):
        name = child.backup_vault_name
    else:
        name = vault_name_token(vault)
    if isinstance(name, str) and not inputs.is_token(name):
        return name
    return Unresolved(name)


def _arn_of(vault: Any) -> Str:
    arn = vault_arn_token(vault)
    return arn if isinstance(arn, str) and not inputs.is_token(arn) else Unresolved(arn)


def _lifecycle_property(life: rules.Lifecycle) -> l1.CfnBackupPlan.LifecycleResourceTypeProperty | None:
    if life.delete_after is None and life.move_to_cold_storage_after is None and life.opt_in_to_archive is None:
        return None
    return l1.CfnBackupPlan.LifecycleResourceTypeProperty(
        delete_after_days=inputs.rendered(life.delete_after),
        move_to_cold_storage_after_days=inputs.rendered(life.move_to_cold_storage_after),
        opt_in_to_archive_for_supported_resources=inputs.rendered(life.opt_in_to_archive),
    )


# ---------------------------------------------------------------- copy actions
_COPY_KEYS = ("destination_backup_vault", "delete_after", "move_to_cold_storage_after",
              "opt_in_to_archive_for_supported_resources")


@dataclass(frozen=True)
class BackupPlanCopyActionProps:
    """Copy every recovery point of a rule to another vault (another Region or account, or air-gapped).

    Drop-in for aws-cdk-lib's struct of the same name, plus ``opt_in_to_archive_for_supported_resources``.
    Checked when it is made. A copy with no ``delete_after`` is kept as long as its source recovery
    point (a warning says so); set it to keep copies for a known time.
    """

    destination_backup_vault: l1.IBackupVault | str
    """A vault (either library's, defined here or imported) or a backup vault ARN."""
    delete_after: cdk.Duration | None = None
    move_to_cold_storage_after: cdk.Duration | None = None
    opt_in_to_archive_for_supported_resources: bool | None = None
    model: rules.CopyAction = field(init=False, repr=False, compare=False)
    """The copy as plain values (destination ARN, lifecycle in days)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "model", _copy_model("BackupPlanCopyActionProps", "", self))

    @classmethod
    def of(cls, where: Where, prop: str, value: object) -> BackupPlanCopyActionProps:
        """Ours as is; aws-cdk-lib's struct or a dict of the same keys, checked as ``prop``."""
        if isinstance(value, BackupPlanCopyActionProps):
            return value
        if isinstance(value, l1.BackupPlanCopyActionProps):
            values = {key: getattr(value, key, None) for key in _COPY_KEYS}
        elif isinstance(value, Mapping) and all(isinstance(k, str) and k in _COPY_KEYS for k in value):
            values = dict(value)
        else:
            inputs.type_error(where, prop, "a BackupPlanCopyActionProps (or a dict of its keywords)", value)
        if "destination_backup_vault" not in values:
            inputs.type_error(where, f"{prop}.destination_backup_vault", DESTINATION_EXPECTED, None)
        copy = cls.__new__(cls)
        for key in _COPY_KEYS:
            object.__setattr__(copy, key, values.get(key))
        object.__setattr__(copy, "model", _copy_model(where, f"{prop}.", copy))
        return copy


def _copy_model(where: Where, prefix: str, copy: BackupPlanCopyActionProps) -> rules.CopyAction:
    prop = f"{prefix}destination_backup_vault"
    destination = copy.destination_backup_vault
    if isinstance(destination, str):
        arn: Str = inputs.required_str(where, prop, destination)
    else:
        check_vault(where, prop, destination, required=True, expected=DESTINATION_EXPECTED)
        arn = _arn_of(destination)
    inputs.enforce(where, vault_arn(arn, prop=prop))
    life = rules.Lifecycle(
        delete_after=inputs.duration(where, f"{prefix}delete_after", copy.delete_after, "days"),
        move_to_cold_storage_after=inputs.duration(where, f"{prefix}move_to_cold_storage_after",
                                          copy.move_to_cold_storage_after, "days"),
        opt_in_to_archive=inputs.optional_bool(where, f"{prefix}opt_in_to_archive_for_supported_resources",
                                               copy.opt_in_to_archive_for_supported_resources),
    )
    inputs.enforce(where, rules.lifecycle(life, prefix=prefix))
    return rules.CopyAction(destination=arn, lifecycle=life)


# ---------------------------------------------------------------- the rule
@dataclass(frozen=True)
class BackupPlanRuleProps:
    """The keywords a rule was created with (``rule.props``, as in aws-cdk-lib).

    As in aws-cdk-lib, a continuous rule without ``delete_after`` shows the 35 days AWS keeps it.
    """

    rule_name: str | None = None
    backup_vault: l1.IBackupVault | None = None
    schedule_expression: events.Schedule | str | None = None
    schedule_expression_timezone: cdk.TimeZone | str | None = None
    start_window: cdk.Duration | None = None
    completion_window: cdk.Duration | None = None
    delete_after: cdk.Duration | None = None
    move_to_cold_storage_after: cdk.Duration | None = None
    enable_continuous_backup: bool | None = None
    copy_actions: Sequence[BackupPlanCopyActionProps] | None = None
    recovery_point_tags: Mapping[str, str] | None = None
    index_actions: Sequence[BackupPlanIndexActionProps] | None = None
    opt_in_to_archive_for_supported_resources: bool | None = None
    logically_air_gapped_backup_vault: l1.IBackupVault | None = None
    scan_actions: Sequence[ScanAction] | None = None


class BackupPlanRule:
    """One rule of a backup plan: when to back up, how long to keep, where to copy.

    Drop-in for ``aws_cdk.aws_backup.BackupPlanRule``, plus archive opt-in, malware scan actions and
    direct backups to a logically air-gapped vault. Bad values raise :class:`ValidationError` here,
    before the rule joins a plan; warnings are added to the plan it joins.

    Example::

        backup.BackupPlanRule(rule_name="Nightly", schedule_expression="cron(0 1 * * ? *)",
                              delete_after=Duration.days(35))
    """

    def __init__(
        self,
        *,
        rule_name: str | None = None,
        backup_vault: l1.IBackupVault | None = None,
        schedule_expression: events.Schedule | str | None = None,
        schedule_expression_timezone: cdk.TimeZone | str | None = None,
        start_window: cdk.Duration | None = None,
        completion_window: cdk.Duration | None = None,
        delete_after: cdk.Duration | None = None,
        move_to_cold_storage_after: cdk.Duration | None = None,
        enable_continuous_backup: bool | None = None,
        copy_actions: Sequence[BackupPlanCopyActionProps] | None = None,
        recovery_point_tags: Mapping[str, str] | None = None,
        index_actions: Sequence[BackupPlanIndexActionProps] | None = None,
        opt_in_to_archive_for_supported_resources: bool | None = None,
        logically_air_gapped_backup_vault: l1.IBackupVault | None = None,
        scan_actions: Sequence[ScanAction] | None = None,
    ) -> None:
        """
        :param rule_name: 1-50 letters, digits, ``-``, ``_`` or ``.``. Default: ``<PlanId>Rule<n>``.
        :param backup_vault: target vault (not an air-gapped one). Default: the plan's vault.
        :param schedule_expression: ``Schedule.cron(...)`` or ``"cron(...)"``; at most hourly.
            Default: none (AWS then runs the rule daily at 05:00 UTC; a warning says so).
        :param schedule_expression_timezone: ``TimeZone`` or IANA name. Default: UTC.
        :param start_window: time a job may wait to start; at least 60 minutes. AWS default: 8 hours.
        :param completion_window: time a job may run. AWS default: 7 days.
        :param delete_after: retention, 1-36,500 days (1-35 with continuous backup). Default: for ever
            (35 days with continuous backup).
        :param move_to_cold_storage_after: days before cold storage; ``delete_after`` must be 90 days later.
        :param enable_continuous_backup: point-in-time recovery (S3, RDS, Aurora, SAP HANA).
        :param copy_actions: copies to other vaults.
        :param recovery_point_tags: tags put on every recovery point (at most 50).
        :param index_actions: build a backup index (one action, EBS or S3).
        :param opt_in_to_archive_for_supported_resources: let EBS snapshots move to the archive tier
            (needs cold storage and a monthly or rarer schedule).
        :param logically_air_gapped_backup_vault: back up directly into this air-gapped vault (a
            ``LogicallyAirGappedVault`` or its ARN, in the plan's account and Region).
        :param scan_actions: malware scans of the new recovery points (the plan needs ``scan_settings``).
        """
        name = inputs.optional_str("BackupPlanRule", "rule_name", rule_name)
        where = f"BackupPlanRule({name})" if isinstance(name, str) else "BackupPlanRule"
        vault = check_vault(where, "backup_vault", backup_vault)
        if vault is not None and is_air_gapped(vault):
            inputs.enforce(where, [rules.AIR_GAPPED_NOT_TARGET.violation(Text(type(vault).__name__))])
        schedule = door.schedule_text(where, "schedule_expression", schedule_expression)
        timezone = door.timezone_text(where, "schedule_expression_timezone", schedule_expression_timezone)
        continuous = inputs.optional_bool(where, "enable_continuous_backup", enable_continuous_backup)
        if continuous and delete_after is None:
            delete_after = cdk.Duration.days(rules.DEFAULT_CONTINUOUS_DAYS)  # as aws-cdk-lib does
        life = rules.Lifecycle(
            delete_after=inputs.duration(where, "delete_after", delete_after, "days"),
            move_to_cold_storage_after=inputs.duration(where, "move_to_cold_storage_after", move_to_cold_storage_after,
                                              "days"),
            opt_in_to_archive=inputs.optional_bool(where, "opt_in_to_archive_for_supported_resources",
                                                   opt_in_to_archive_for_supported_resources),
        )
        copies = inputs.optional_list(where, "copy_actions", copy_actions,
                                      lambda p, v: BackupPlanCopyActionProps.of(where, p, v)) or []
        tags = inputs.optional_map(where, "recovery_point_tags", recovery_point_tags)
        indexes = inputs.optional_list(where, "index_actions", index_actions,
                                       lambda p, v: _index_types(where, p, v))
        scans = inputs.optional_list(where, "scan_actions", scan_actions, lambda p, v: _scan(where, p, v))
        air_gapped_vault, air_gapped_arn = _air_gapped_target(where, logically_air_gapped_backup_vault)
        self._setup(where, rules.PlanRule(
            name=name, vault=vault_name(vault) if vault is not None else None, schedule=schedule,
            timezone=timezone, start_minutes=inputs.duration(where, "start_window", start_window, "minutes"),
            completion_minutes=inputs.duration(where, "completion_window", completion_window, "minutes"),
            lifecycle=life, continuous=bool(continuous), copies=tuple(c.model for c in copies),
            recovery_point_tags=dict(tags) if tags is not None else None,
            index_resource_types=tuple(indexes[0]) if indexes else None, index_action_count=len(indexes or ()),
            scanners=tuple(str(s) for s, _ in scans or () if known(s)), air_gapped_vault=air_gapped_arn,
        ), copies=copies, indexes=indexes, scans=scans, air_gapped_vault=air_gapped_vault)
        self._props: BackupPlanRuleProps | None = BackupPlanRuleProps(
            rule_name=rule_name, backup_vault=backup_vault, schedule_expression=schedule_expression,
            schedule_expression_timezone=schedule_expression_timezone, start_window=start_window,
            completion_window=completion_window, delete_after=delete_after,
            move_to_cold_storage_after=move_to_cold_storage_after, enable_continuous_backup=enable_continuous_backup,
            copy_actions=copy_actions, recovery_point_tags=recovery_point_tags, index_actions=index_actions,
            opt_in_to_archive_for_supported_resources=opt_in_to_archive_for_supported_resources,
            logically_air_gapped_backup_vault=logically_air_gapped_backup_vault, scan_actions=scan_actions,
        )

    def _setup(self, where: Where, model: rules.PlanRule, *, copies: list[BackupPlanCopyActionProps],
               indexes: list[list[Str]] | None, scans: list[tuple[Str, Str]] | None, air_gapped_vault: Any) -> None:
        """Judge the plain values (schedule, zone, then the rule's own rules) and keep them."""
        checks: list[Violation] = []
        if isinstance(model.schedule, str):
            checks.extend(schedule_rules.expression(model.schedule))
        if isinstance(model.timezone, str):
            checks.extend(schedule_rules.timezone(model.timezone))
        warnings = tuple(inputs.enforce_errors(where, checks))
        if model.lifecycle.opt_in_to_archive is True and isinstance(model.schedule, str):
            body = schedule_rules.cron_body(model.schedule)
            if body:
                gap = schedule_rules.min_interval_days(body, inputs.plain(model.timezone))
                model = replace(model, min_interval_days=gap)
        self.model = model
        """The rule as plain values (what ``BackupRuleResourceType`` holds), for plans, policies and checks."""
        self._warnings = warnings + tuple(inputs.enforce_errors(where, list(rules.rule(model))))
        self._indexes = indexes
        self._scans = scans
        self._air_gapped_vault = air_gapped_vault
        self.copy_actions = copies
        """The copy actions, checked."""
        self._ready_made: tuple[str, int, int | None, Any] | None = None

    @classmethod
    def from_aws_cdk_lib(cls, rule: l1.BackupPlanRule) -> BackupPlanRule:
        """The same rule as one of ours (read from aws-cdk-lib's ``rule.props``)."""
        props = rule.props
        return cls(**{f.name: getattr(props, f.name, None) for f in fields(BackupPlanRuleProps)
                      if hasattr(props, f.name)})

    # ------------------------------------------------------------------ what aws-cdk-lib's rule has
    @property
    def props(self) -> BackupPlanRuleProps:
        """The keywords this rule was created with (a ready-made rule's, as aws-cdk-lib shows them)."""
        if self._props is None:
            from aws_cdk import aws_events as events

            assert self._ready_made is not None and isinstance(self.model.name, str)
            cron, delete, cold, vault = self._ready_made
            self._props = BackupPlanRuleProps(
                rule_name=self.model.name, backup_vault=vault, schedule_expression=events.Schedule.expression(cron),
                delete_after=cdk.Duration.days(delete),
                move_to_cold_storage_after=cdk.Duration.days(cold) if cold is not None else None)
        return self._props

    @classmethod
    def daily(cls, backup_vault: l1.IBackupVault | None = None) -> BackupPlanRule:
        """``Daily``: every day at 05:00 UTC, kept 35 days."""
        return cls._made_ready("Daily", "cron(0 5 * * ? *)", 35, None, backup_vault)

    @classmethod
    def weekly(cls, backup_vault: l1.IBackupVault | None = None) -> BackupPlanRule:
        """``Weekly``: Saturdays at 05:00 UTC, kept 90 days."""
        return cls._made_ready("Weekly", "cron(0 5 ? * SAT *)", 90, None, backup_vault)

    @classmethod
    def monthly1_year(cls, backup_vault: l1.IBackupVault | None = None) -> BackupPlanRule:
        """``Monthly1Year``: the 1st of each month at 05:00 UTC, cold after 30 days, kept 365 days."""
        return cls._made_ready("Monthly1Year", "cron(0 5 1 * ? *)", 365, 30, backup_vault)

    @classmethod
    def monthly5_year(cls, backup_vault: l1.IBackupVault | None = None) -> BackupPlanRule:
        """``Monthly5Year``: the 1st of each month at 05:00 UTC, cold after 90 days, kept 1,825 days."""
        return cls._made_ready("Monthly5Year", "cron(0 5 1 * ? *)", 1825, 90, backup_vault)

    @classmethod
    def monthly7_year(cls, backup_vault: l1.IBackupVault | None = None) -> BackupPlanRule:
        """``Monthly7Year``: the 1st of each month at 05:00 UTC, cold after 90 days, kept 2,555 days.

        2,555 = 7 x 365, as in aws-cdk-lib; a vault lock asking for 7 calendar years (2,557 days)
        rejects it, which cdk_backup reports at synth.
        """
        return cls._made_ready("Monthly7Year", "cron(0 5 1 * ? *)", 2555, 90, backup_vault)

    @classmethod
    def continuous(cls, backup_vault: l1.IBackupVault | None = None,
                   delete_after: cdk.Duration | None = None) -> BackupPlanRule:
        """``Continuous``: point-in-time recovery kept 35 days (or ``delete_after``, 1-35 days)."""
        return cls(rule_name="Continuous", backup_vault=backup_vault, enable_continuous_backup=True,
                   delete_after=delete_after)

    @classmethod
    def _made_ready(cls, name: str, cron: str, delete_days: int, cold_days: int | None,
                    backup_vault: Any) -> BackupPlanRule:
        """A ready-made rule: its constants are plain values already, so they skip the door (no
        Duration or Schedule is made until ``props`` is read); the vault given is checked, and the
        rule is judged by the same rules as any other."""
        where = f"BackupPlanRule({name})"
        vault = check_vault(where, "backup_vault", backup_vault)
        if vault is not None and is_air_gapped(vault):
            inputs.enforce(where, [rules.AIR_GAPPED_NOT_TARGET.violation(Text(type(vault).__name__))])
        rule = cls.__new__(cls)
        rule._setup(where, rules.PlanRule(
            name=name, vault=vault_name(vault) if vault is not None else None, schedule=cron,
            lifecycle=rules.Lifecycle(delete_after=delete_days, move_to_cold_storage_after=cold_days),
        ), copies=[], indexes=None, scans=None, air_gapped_vault=None)
        rule._props = None
        rule._ready_made = (cron, delete_days, cold_days, backup_vault)
        return rule

    # ------------------------------------------------------------------ reading a rule
    @property
    def rule_name(self) -> str | None:
        """The name given (``None``: the plan names it ``<PlanId>Rule<n>``; a token as given)."""
        return inputs.rendered(self.model.name)  # type: ignore[no-any-return]

    @property
    def backup_vault(self) -> Any:
        """The rule's own vault, or ``None`` (the plan's vault)."""
        return self._ready_made[3] if self._props is None and self._ready_made else self.props.backup_vault

    @property
    def logically_air_gapped_backup_vault(self) -> Any:
        """The air-gapped vault (or ARN) backed up to directly, or ``None``."""
        return self.props.logically_air_gapped_backup_vault

    @property
    def enable_continuous_backup(self) -> bool:
        return self.model.continuous

    @property
    def delete_after_days(self) -> int | float | Unresolved | None:
        """Retention in days (35 for continuous backup by default; ``None``: for ever)."""
        return self.model.delete_days

    @property
    def schedule(self) -> door.BackupSchedule | None:
        """The schedule, or ``None`` (no schedule, or a token)."""
        text = self.model.schedule
        return door.BackupSchedule(text) if isinstance(text, str) else None

    @property
    def schedule_expression_timezone(self) -> str | None:
        """The IANA time zone name (or a token), or ``None`` for UTC."""
        return inputs.rendered(self.model.timezone)  # type: ignore[no-any-return]

    @property
    def warnings(self) -> tuple[Violation, ...]:
        """Legal but risky values of this rule; the plan it joins shows them as warnings."""
        return self._warnings

    # ------------------------------------------------------------------ rendering (by the plan)
    def _render(self, name: Any, target_vault_name: Any) -> l1.CfnBackupPlan.BackupRuleResourceTypeProperty:
        m = self.model
        return l1.CfnBackupPlan.BackupRuleResourceTypeProperty(
            rule_name=name,
            target_backup_vault=target_vault_name,
            schedule_expression=inputs.rendered(m.schedule),
            schedule_expression_timezone=inputs.rendered(m.timezone),
            start_window_minutes=inputs.rendered(m.start_minutes),
            completion_window_minutes=inputs.rendered(m.completion_minutes),
            lifecycle=_lifecycle_property(m.lifecycle),
            enable_continuous_backup=True if m.continuous else None,
            copy_actions=[l1.CfnBackupPlan.CopyActionResourceTypeProperty(
                destination_backup_vault_arn=inputs.rendered(copy.destination),
                lifecycle=_lifecycle_property(copy.lifecycle)) for copy in m.copies] or None,
            recovery_point_tags={key: inputs.rendered(cast("Str", value))
                                 for key, value in (m.recovery_point_tags or {}).items()} or None,
            index_actions=[l1.CfnBackupPlan.IndexActionsResourceTypeProperty(
                resource_types=[inputs.rendered(t) for t in types]) for types in self._indexes or ()] or None,
            scan_actions=[l1.CfnBackupPlan.ScanActionResourceTypeProperty(
                malware_scanner=inputs.rendered(scanner), scan_mode=inputs.rendered(mode))
                for scanner, mode in self._scans or ()] or None,
            target_logically_air_gapped_backup_vault_arn=inputs.rendered(m.air_gapped_vault),
        )


def _index_types(where: Where, prop: str, value: object) -> list[Str]:
    from cdk_backup.index_and_scan import BackupPlanIndexActionProps, index_resource_type

    if isinstance(value, BackupPlanIndexActionProps):
        return value.resource_type_values(where, f"{prop}.")
    if isinstance(value, l1.BackupPlanIndexActionProps):
        types: object = value.resource_types
    elif isinstance(value, Mapping) and set(value) == {"resource_types"}:
        types = value["resource_types"]
    else:
        inputs.type_error(where, prop, "a BackupPlanIndexActionProps (or a dict with resource_types)", value)
    return inputs.required_list(where, f"{prop}.resource_types", types,
                                lambda p, v: index_resource_type(where, p, v))


def _scan(where: Where, prop: str, value: object) -> tuple[Str, Str]:
    from cdk_backup.index_and_scan import ScanAction

    if isinstance(value, Mapping) and all(isinstance(k, str) and k in ("scan_mode", "malware_scanner")
                                          for k in value):
        value = ScanAction(**value)
    if not isinstance(value, ScanAction):
        inputs.type_error(where, prop, "a ScanAction (or a dict of its keywords)", value)
    return value.values(where, f"{prop}.")


def _air_gapped_target(where: Where, value: object) -> tuple[Any, Str | None]:
    """(the vault construct or ``None``, its ARN) of a direct air-gapped target."""
    prop = "logically_air_gapped_backup_vault"
    if value is None:
        return None, None
    if isinstance(value, str):
        arn = inputs.required_str(where, prop, value)
        inputs.enforce(where, vault_arn(arn, prop=prop))
        return None, arn
    check_vault(where, prop, value, expected="a LogicallyAirGappedVault or its ARN")
    if is_standard(value):
        inputs.enforce(where, [rules.AIR_GAPPED_TARGET_KIND.violation(Text(f"a standard {type(value).__name__}"))])
    return value, _arn_of(value)
