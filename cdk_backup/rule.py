"""BackupPlanRule and its parts: schedule, windows, lifecycle, copies, index and scan actions.

A rule is a value object, like aws-cdk-lib's: it checks its own values when it is created and
is rendered into its plan's ``CfnBackupPlan`` by :meth:`BackupPlan.add_rule`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from cdk_backup import _rules as R
from cdk_backup._validation import (
    Loc,
    as_int,
    check_bound,
    check_count,
    check_pattern,
    duration_amount,
    duration_days,
    enum_value,
    fail,
    fail_rule,
    is_unresolved,
    show,
)
from cdk_backup.schedule import BackupSchedule, schedule_expression, timezone_name

if TYPE_CHECKING:
    import aws_cdk as cdk
    from aws_cdk import aws_events as events

    from cdk_backup.index_and_scan import BackupPlanIndexActionProps, ScanAction


MONTHLY_MIN_DAYS = 28
"""A schedule is 'monthly or less often' when no two runs are closer than this (A-R28)."""


@dataclass(frozen=True)
class BackupPlanCopyActionProps:
    """Copy every recovery point of a rule to another vault (another Region or account, or air-gapped).

    A copy with no ``delete_after`` is kept as long as its source recovery point; AWS lets the source
    lifecycle override the copy's. Set ``delete_after`` to keep copies for a known time.
    """

    destination_backup_vault: Any
    """A vault (this library's, aws-cdk-lib's) or a backup-vault ARN."""
    delete_after: cdk.Duration | None = None
    move_to_cold_storage_after: cdk.Duration | None = None
    opt_in_to_archive_for_supported_resources: bool | None = None


@dataclass(frozen=True)
class BackupPlanRuleProps:
    """The keywords a rule was created with (the ``props`` attribute, as in aws-cdk-lib)."""

    rule_name: str | None = None
    backup_vault: Any = None
    schedule_expression: Any = None
    schedule_expression_timezone: Any = None
    start_window: cdk.Duration | None = None
    completion_window: cdk.Duration | None = None
    delete_after: cdk.Duration | None = None
    move_to_cold_storage_after: cdk.Duration | None = None
    enable_continuous_backup: bool | None = None
    copy_actions: Sequence[BackupPlanCopyActionProps] | None = None
    recovery_point_tags: Mapping[str, str] | None = None
    index_actions: Sequence[BackupPlanIndexActionProps] | None = None
    opt_in_to_archive_for_supported_resources: bool | None = None
    logically_air_gapped_backup_vault: Any = None
    scan_actions: Sequence[ScanAction] | None = None


class _Copy(NamedTuple):
    destination: Any
    arn: str
    delete_days: float | None
    cold_days: float | None
    archive: bool | None


class _Normalized:
    """A rule's values in plain units (days, minutes, strings), checked once, then read to render.

    A plain class, not a dataclass: defining a dataclass costs about 1 ms of ``import cdk_backup``.
    """

    timezone: str | None = None
    start_minutes: float | None = None
    completion_minutes: float | None = None
    archive: bool | None = None
    continuous: bool = False
    tags: dict[str, str] | None = None
    index_types: list[str] | None = None
    scans: list[ScanAction] | None = None
    lag_arn: str | None = None
    lag_vault: Any = None
    copies: Sequence[_Copy] = ()
    warnings: Sequence[tuple[str, str]] = ()
    """Most rules have neither: empty tuples are shared, a list would be one more object per rule."""

    def __init__(self, name: str | None = None, schedule: str | None = None, delete_days: float | None = None,
                 cold_days: float | None = None) -> None:
        self.name = name
        self.schedule = schedule
        self.delete_days = delete_days
        self.cold_days = cold_days

    def warn(self, warning_id: str, message: str) -> None:
        self.warnings = (*self.warnings, (warning_id, message))


class BackupPlanRule:
    """One rule of a backup plan: when to back up, how long to keep, where to copy.

    Drop-in compatible with ``aws_cdk.aws_backup.BackupPlanRule``, plus archive opt-in, malware
    scan actions and direct backups to a logically air-gapped vault. Bad values raise
    :class:`ValidationError` here, before the rule joins a plan.
    """

    _props: BackupPlanRuleProps | None
    _preset_vault: Any = None
    _aws_preset: str | None = None
    """The aws-cdk-lib factory this ready-made rule equals (``daily``…), used to build plans fast."""

    def __init__(
        self,
        *,
        rule_name: str | None = None,
        backup_vault: Any = None,
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
        logically_air_gapped_backup_vault: Any = None,
        scan_actions: Sequence[ScanAction] | None = None,
    ) -> None:
        """
        :param rule_name: 1-50 letters, digits, ``-``, ``_`` or ``.``. Default: ``<PlanId>Rule<n>``.
        :param backup_vault: target vault. Default: the plan's vault.
        :param schedule_expression: ``Schedule.cron(...)`` or ``"cron(...)"``; at most hourly.
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
        :param logically_air_gapped_backup_vault: back up directly into this air-gapped vault.
        :param scan_actions: malware scans of the new recovery points.
        """
        self._props = BackupPlanRuleProps(
            rule_name=rule_name, backup_vault=backup_vault, schedule_expression=schedule_expression,
            schedule_expression_timezone=schedule_expression_timezone, start_window=start_window,
            completion_window=completion_window, delete_after=delete_after,
            move_to_cold_storage_after=move_to_cold_storage_after,
            enable_continuous_backup=enable_continuous_backup, copy_actions=copy_actions,
            recovery_point_tags=recovery_point_tags, index_actions=index_actions,
            opt_in_to_archive_for_supported_resources=opt_in_to_archive_for_supported_resources,
            logically_air_gapped_backup_vault=logically_air_gapped_backup_vault, scan_actions=scan_actions,
        )
        where = f"BackupPlanRule({rule_name})" if rule_name else "BackupPlanRule"
        self._n = _normalize(where, self._props)

    @property
    def props(self) -> BackupPlanRuleProps:
        """The keywords this rule was created with (ready-made rules fill in their Durations)."""
        if self._props is None:
            import aws_cdk as cdk

            n = self._n
            self._props = BackupPlanRuleProps(
                rule_name=n.name, backup_vault=self._preset_vault, schedule_expression=n.schedule,
                enable_continuous_backup=n.continuous or None,
                delete_after=cdk.Duration.days(n.delete_days) if n.delete_days is not None else None,
                move_to_cold_storage_after=cdk.Duration.days(n.cold_days) if n.cold_days is not None else None,
            )
        return self._props

    # ------------------------------------------------------------------ presets (same as aws-cdk-lib)
    @classmethod
    def _preset(cls, name: str, schedule: str, delete_days: int, cold_days: int | None,
                backup_vault: Any, aws_preset: str | None = None) -> BackupPlanRule:
        """A ready-made rule, built without jsii calls (its values are known to be valid).

        Rules are values that nothing changes once made, so a ready-made rule with no vault of its
        own is made once per process: plan factories then add no Python objects for their rules.
        """
        if backup_vault is not None or aws_preset is None:
            return cls._new_preset(name, schedule, delete_days, cold_days, backup_vault, aws_preset)
        key = (cls, aws_preset)
        shared = _SHARED_PRESETS.get(key)
        if shared is None:
            shared = _SHARED_PRESETS[key] = cls._new_preset(name, schedule, delete_days, cold_days, None, aws_preset)
        return shared

    @classmethod
    def _new_preset(cls, name: str, schedule: str, delete_days: int, cold_days: int | None,
                    backup_vault: Any, aws_preset: str | None) -> BackupPlanRule:
        rule = cls.__new__(cls)
        rule._props = None
        rule._preset_vault = backup_vault
        rule._aws_preset = aws_preset
        rule._n = _Normalized(name=name, schedule=schedule, delete_days=delete_days, cold_days=cold_days)
        return rule

    @classmethod
    def daily(cls, backup_vault: Any = None) -> BackupPlanRule:
        """``Daily``: every day at 05:00 UTC, kept 35 days."""
        return cls._preset("Daily", "cron(0 5 * * ? *)", 35, None, backup_vault, "daily")

    @classmethod
    def weekly(cls, backup_vault: Any = None) -> BackupPlanRule:
        """``Weekly``: Saturdays at 05:00 UTC, kept 90 days."""
        return cls._preset("Weekly", "cron(0 5 ? * SAT *)", 90, None, backup_vault, "weekly")

    @classmethod
    def monthly1_year(cls, backup_vault: Any = None) -> BackupPlanRule:
        """``Monthly1Year``: the 1st of each month at 05:00 UTC, cold after 30 days, kept 365 days."""
        return cls._preset("Monthly1Year", "cron(0 5 1 * ? *)", 365, 30, backup_vault, "monthly1Year")

    @classmethod
    def monthly5_year(cls, backup_vault: Any = None) -> BackupPlanRule:
        """``Monthly5Year``: the 1st of each month at 05:00 UTC, cold after 90 days, kept 1,825 days."""
        return cls._preset("Monthly5Year", "cron(0 5 1 * ? *)", 1825, 90, backup_vault, "monthly5Year")

    @classmethod
    def monthly7_year(cls, backup_vault: Any = None) -> BackupPlanRule:
        """``Monthly7Year``: the 1st of each month at 05:00 UTC, cold after 90 days, kept 2,555 days.

        2,555 = 7 x 365, as in aws-cdk-lib; a vault lock asking for 7 calendar years (2,557 days)
        rejects it, which cdk_backup reports at synth.
        """
        return cls._preset("Monthly7Year", "cron(0 5 1 * ? *)", 2555, 90, backup_vault, "monthly7Year")

    @classmethod
    def continuous(cls, backup_vault: Any = None, delete_after: cdk.Duration | None = None) -> BackupPlanRule:
        """``Continuous``: point-in-time recovery kept 35 days (or ``delete_after``, 1-35 days)."""
        if delete_after is not None:
            return cls(rule_name="Continuous", backup_vault=backup_vault, enable_continuous_backup=True,
                       delete_after=delete_after)
        rule = cls._preset("Continuous", "", 35, None, backup_vault)
        rule._n.schedule = None
        rule._n.continuous = True
        return rule

    # ------------------------------------------------------------------ accessors for plans
    @property
    def rule_name(self) -> str | None:
        return self._n.name

    @property
    def backup_vault(self) -> Any:
        return self._preset_vault if self._props is None else self._props.backup_vault

    @property
    def enable_continuous_backup(self) -> bool:
        return self._n.continuous

    @property
    def delete_after_days(self) -> float | None:
        return self._n.delete_days

    @property
    def schedule(self) -> BackupSchedule | None:
        """The parsed schedule, or None (no schedule, or a token)."""
        text = self._n.schedule
        if not text or is_unresolved(text):
            return None
        return BackupSchedule(text)

    @property
    def schedule_expression_timezone(self) -> str | None:
        return self._n.timezone

    def _render(self, name: str, vault_name: str) -> dict[str, Any]:
        """The camelCase ``BackupRuleResourceType`` of this rule."""
        n = self._n
        rule: dict[str, Any] = {"ruleName": name, "targetBackupVault": vault_name}
        if n.schedule:
            rule["scheduleExpression"] = n.schedule
        if n.timezone:
            rule["scheduleExpressionTimezone"] = n.timezone
        if n.start_minutes is not None:
            rule["startWindowMinutes"] = as_int(n.start_minutes)
        if n.completion_minutes is not None:
            rule["completionWindowMinutes"] = as_int(n.completion_minutes)
        lifecycle = _lifecycle(n.delete_days, n.cold_days, n.archive)
        if lifecycle:
            rule["lifecycle"] = lifecycle
        if n.continuous:
            rule["enableContinuousBackup"] = True
        if n.copies:
            rendered = []
            for copy in n.copies:
                item: dict[str, Any] = {"destinationBackupVaultArn": copy.arn}
                copy_lifecycle = _lifecycle(copy.delete_days, copy.cold_days, copy.archive)
                if copy_lifecycle:
                    item["lifecycle"] = copy_lifecycle
                rendered.append(item)
            rule["copyActions"] = rendered
        if n.tags:
            rule["recoveryPointTags"] = dict(n.tags)
        if n.index_types:
            rule["indexActions"] = [{"resourceTypes": list(n.index_types)}]
        if n.scans:
            rule["scanActions"] = [{"malwareScanner": s.malware_scanner.value, "scanMode": s.scan_mode.value}
                                   for s in n.scans]
        if n.lag_arn:
            rule["targetLogicallyAirGappedBackupVaultArn"] = n.lag_arn
        return rule

    def _copy_targets(self) -> list[_Copy]:
        return list(self._n.copies)


def _lifecycle(delete_days: float | None, cold_days: float | None, archive: bool | None) -> dict[str, Any]:
    lifecycle: dict[str, Any] = {}
    if delete_days is not None:
        lifecycle["deleteAfterDays"] = as_int(delete_days)
    if cold_days is not None:
        lifecycle["moveToColdStorageAfterDays"] = as_int(cold_days)
    if archive is not None:
        lifecycle["optInToArchiveForSupportedResources"] = archive
    return lifecycle


def check_lifecycle(where: Loc, delete_days: float | None, cold_days: float | None, prefix: str = "") -> None:
    """Bounds and the 90-day cold-storage gap, shared by rules and copy actions."""
    check_bound(where, delete_days, R.DELETE_AFTER, f"{prefix}delete_after")
    check_bound(where, cold_days, R.COLD_AFTER, f"{prefix}move_to_cold_storage_after")
    if (delete_days is not None and cold_days is not None and not is_unresolved(delete_days)
            and not is_unresolved(cold_days) and delete_days < cold_days + 90):
        fail(where, f"{prefix}delete_after",
             f"must be at least 90 days after move_to_cold_storage_after ({show(cold_days)} days), "
             f"i.e. at least {show(cold_days + 90)} days", f"{show(delete_days)} days", R.COLD_GAP)


_SHARED_PRESETS: dict[tuple[type[BackupPlanRule], str], BackupPlanRule] = {}
_SHARED_SETS: dict[tuple[BackupPlanRule, ...], tuple[BackupPlanRule, ...]] = {}


def shared_rule_set(rules: tuple[BackupPlanRule, ...]) -> tuple[BackupPlanRule, ...]:
    """``rules``, or an equal tuple made before, when every rule is a shared ready-made one: the
    plans of a ready-made kind then share one tuple instead of keeping one each."""
    if not rules or any(_SHARED_PRESETS.get((type(rule), rule._aws_preset or "")) is not rule for rule in rules):
        return rules
    return _SHARED_SETS.setdefault(rules, rules)


def _normalize(where: Loc, p: BackupPlanRuleProps) -> _Normalized:
    n = _Normalized(name=p.rule_name)
    check_pattern(where, p.rule_name, R.RULE_NAME)
    n.schedule = schedule_expression(where, p.schedule_expression)
    n.timezone = timezone_name(where, p.schedule_expression_timezone)
    if p.start_window is not None:
        n.start_minutes = duration_amount(p.start_window, "minutes", where, "start_window", R.START_WINDOW.rule)
        check_bound(where, n.start_minutes, R.START_WINDOW)
    if p.completion_window is not None:
        n.completion_minutes = duration_amount(p.completion_window, "minutes", where, "completion_window",
                                               R.COMPLETION_WINDOW.rule)
        check_bound(where, n.completion_minutes, R.COMPLETION_WINDOW)
    if (n.start_minutes is not None and n.completion_minutes is not None and not is_unresolved(n.start_minutes)
            and not is_unresolved(n.completion_minutes) and n.completion_minutes <= n.start_minutes):
        n.warn("completionWindowNotLonger",
               f"{where}: completion_window ({show(n.completion_minutes)} minutes) is not longer than "
               f"start_window ({show(n.start_minutes)} minutes): a job that starts late may be "
               f"cancelled before it can finish [{R.COMPLETION_LE_START.id}]")
    n.delete_days = duration_days(p.delete_after, where, "delete_after")
    n.cold_days = duration_days(p.move_to_cold_storage_after, where, "move_to_cold_storage_after")
    n.continuous = bool(p.enable_continuous_backup)
    if n.continuous:
        if n.cold_days is not None:
            fail_rule(where, f"{show(n.cold_days)} days", R.CONTINUOUS_NO_COLD)
        if n.delete_days is None:
            n.delete_days = 35
        check_bound(where, n.delete_days, R.CONTINUOUS_RETENTION, "delete_after")
    check_lifecycle(where, n.delete_days, n.cold_days)
    if n.cold_days is not None and n.delete_days is None:
        n.warn("coldWithoutDelete",
               f"{where}: move_to_cold_storage_after is set but delete_after is not, so recovery "
               f"points are kept in cold storage for ever [{R.COLD_WITHOUT_DELETE.id}]")
    n.archive = p.opt_in_to_archive_for_supported_resources
    if n.archive:
        _check_archive(where, n)
    if n.schedule is None and not n.continuous:
        n.warn("ruleWithoutSchedule",
               f"{where}: no schedule_expression and no continuous backup; AWS runs the rule daily at "
               f"05:00 UTC (its default) [{R.NO_SCHEDULE.id}]")
    elif n.schedule and not is_unresolved(n.schedule) and BackupSchedule(n.schedule).crosses_midnight_step():
        n.warn("hourStepCrossesMidnight",
               f"{where}: the hour step of {n.schedule} only fits once before midnight; AWS evaluates "
               f"cron between 00:00 and 23:59, so it runs once a day [{R.SCHEDULE_MIDNIGHT.id}]")
    if p.recovery_point_tags is not None:
        check_count(where, p.recovery_point_tags, R.RECOVERY_POINT_TAGS, "recovery_point_tags")
        n.tags = dict(p.recovery_point_tags)
    n.index_types = _index_types(where, p.index_actions)
    n.scans = list(p.scan_actions) if p.scan_actions else None
    n.copies = [_copy(f"{where} copy_actions[{i}]", c) for i, c in enumerate(p.copy_actions or ())]
    for index, copy in enumerate(n.copies):
        if copy.delete_days is None:
            n.warn("copyWithoutLifecycle",
                   f"{where}: copy_actions[{index}] has no delete_after, so each copy is kept as long "
                   f"as its source recovery point ({_forever(n.delete_days)}); set delete_after to "
                   f"keep copies for a known time [{R.COPY_NO_LIFECYCLE.id}]")
    if getattr(p.backup_vault, "is_logically_air_gapped", False):
        fail_rule(where, "a LogicallyAirGappedVault", R.LAG_NOT_TARGET)
    if p.logically_air_gapped_backup_vault is not None:
        n.lag_vault = p.logically_air_gapped_backup_vault
        n.lag_arn = _vault_arn(where, p.logically_air_gapped_backup_vault, "logically_air_gapped_backup_vault")
    return n


def _forever(delete_days: float | None) -> str:
    return "for ever" if delete_days is None else f"{show(delete_days)} days"


def _check_archive(where: Loc, n: _Normalized) -> None:
    if n.cold_days is None:
        n.warn("archiveWithoutCold",
               f"{where}: opt_in_to_archive_for_supported_resources has no effect without "
               f"move_to_cold_storage_after [{R.ARCHIVE_NEEDS_COLD.id}]")
    if n.schedule and not is_unresolved(n.schedule):
        gap = BackupSchedule(n.schedule).min_interval(timezone=n.timezone if not is_unresolved(n.timezone) else None)
        if gap.days < MONTHLY_MIN_DAYS:
            fail(where, "opt_in_to_archive_for_supported_resources",
                 "needs a schedule that runs monthly or less often (EBS snapshot archive)",
                 f"{n.schedule} (runs every {_human(gap)})", R.ARCHIVE_MONTHLY)


def _human(gap: Any) -> str:
    if gap.days:
        return f"{gap.days} days"
    return f"{int(gap.total_seconds() // 3600)} hours"


def _index_types(where: Loc, actions: Sequence[BackupPlanIndexActionProps] | None) -> list[str] | None:
    if not actions:
        return None
    if len(actions) > 1:
        fail_rule(where, f"{len(actions)} index actions", R.INDEX_ACTIONS)
    types = [enum_value(t) for t in actions[0].resource_types]
    if len(types) != 1 or types[0] not in ("EBS", "S3"):
        fail_rule(where, show(types), R.INDEX_ACTIONS)
    return types


def _vault_arn(where: Loc, vault: Any, prop: str) -> str:
    found = vault if isinstance(vault, str) else getattr(vault, "backup_vault_arn", None)
    if found is None:
        fail_rule(where, type(vault).__name__, R.COPY_DESTINATION_ARN, prop)
    arn = str(found)
    if not is_unresolved(arn) and ":backup-vault:" not in arn:
        fail_rule(where, show(arn), R.COPY_DESTINATION_ARN, prop)
    return str(arn)


def _copy(where: Loc, action: Any) -> _Copy:
    destination = action.destination_backup_vault
    arn = _vault_arn(where, destination, "destination_backup_vault")
    delete_days = duration_days(action.delete_after, where, "delete_after")
    cold_days = duration_days(action.move_to_cold_storage_after, where, "move_to_cold_storage_after")
    check_lifecycle(where, delete_days, cold_days)
    archive = getattr(action, "opt_in_to_archive_for_supported_resources", None)
    return _Copy(destination, arn, delete_days, cold_days, archive)
