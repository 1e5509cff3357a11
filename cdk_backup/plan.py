"""BackupPlan: the policy that says when backups run, how long they live and where copies go."""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import aws_cdk as cdk
import jsii
from aws_cdk import aws_backup as l1
from aws_cdk.interfaces import aws_backup as refs
from constructs import Construct

from cdk_backup import _inputs as inputs
from cdk_backup._errors import ValidationError
from cdk_backup.rule import (
    BackupPlanCopyActionProps,
    BackupPlanRule,
    check_vault,
    is_air_gapped,
    vault_name,
    vault_name_token,
)
from cdk_backup.rules import Text, Unresolved, Violation
from cdk_backup.rules import common as common_rules
from cdk_backup.rules import plan as plan_rules
from cdk_backup.rules.arns import parse_arn

if TYPE_CHECKING:
    from cdk_backup._inputs import Str
    from cdk_backup.index_and_scan import ScanSetting
    from cdk_backup.selection import BackupSelection

RULE_EXPECTED = "a BackupPlanRule (ours or aws-cdk-lib's)"


@jsii.implements(l1.IBackupPlan)
class _PlanBase(cdk.Resource):
    """What a plan defined here and an imported one share: an id, an ARN, and selections."""

    _selections: list[BackupSelection]

    @property
    def backup_plan_id(self) -> str:
        raise NotImplementedError

    @property
    def backup_plan_arn(self) -> str:
        raise NotImplementedError

    @property
    def backup_plan_ref(self) -> refs.BackupPlanReference:
        """A reference to this plan (aws-cdk-lib's ``IBackupPlanRef``)."""
        return refs.BackupPlanReference(backup_plan_arn=self.backup_plan_arn, backup_plan_id=self.backup_plan_id)

    def add_selection(self, id: str, **options: Any) -> BackupSelection:
        """Select resources for this plan; takes the keywords of :class:`BackupSelection` but ``backup_plan``."""
        from cdk_backup.selection import BackupSelection

        if not isinstance(id, str):  # a construct id is never a token: a type check is enough
            inputs.type_error(self, "id", "a string", id)
        return BackupSelection(self, id, backup_plan=self, **options)

    @property
    def selections(self) -> list[BackupSelection]:
        """The selections of this plan in this app (a copy)."""
        return list(self._selections)

    def _attach_selection(self, selection: BackupSelection) -> None:
        """Called by each selection of this plan, so that the plan's checks can see what it selects."""
        self._selections.append(selection)


@dataclass(frozen=True)
class _Entry:
    """A rule as it joined this plan: its name, target vault and model with both filled in."""

    name: Any
    """The rendered name: given (possibly a token) or ``<PlanId>Rule<n>``."""
    rule: BackupPlanRule
    vault: Any
    model: plan_rules.PlanRule

    @property
    def label(self) -> str:
        """How messages name the rule: ``rule Daily`` (``rule a token`` for a token name)."""
        return f"rule {self.model.name}"


class BackupPlan(_PlanBase):
    """An AWS Backup plan (``AWS::Backup::BackupPlan``), drop-in for ``aws_cdk.aws_backup.BackupPlan``.

    Rules without a vault use the plan's ``backup_vault``; when there is none, a retained
    :class:`BackupVault` named ``Vault`` is created under the plan, as aws-cdk-lib does. Unlike
    aws-cdk-lib, the default plan name is unique in the app (stack name plus path), so two stacks
    no longer collide on ``AlreadyExistsException``.

    Example::

        plan = backup.BackupPlan(self, "Plan", backup_vault=vault)
        plan.add_rule(backup.BackupPlanRule.daily())
        plan.add_selection("Tagged", resources=[backup.BackupResource.from_tag("backup", "true")])
    """

    PROPERTY_INJECTION_ID = "cdk-backup.BackupPlan"
    """Id for property injectors (aws-cdk-lib's plan uses ``aws-cdk-lib.aws-backup.BackupPlan``)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        backup_plan_name: str | None = None,
        backup_vault: l1.IBackupVault | None = None,
        backup_plan_rules: Sequence[BackupPlanRule | l1.BackupPlanRule] | None = None,
        windows_vss: bool | None = False,
        s3_backup_acls: bool | None = None,
        s3_backup_object_tags: bool | None = None,
        scan_settings: Sequence[ScanSetting] | None = None,
        backup_plan_tags: Mapping[str, str] | None = None,
    ) -> None:
        """
        :param backup_plan_name: 1-50 letters, digits, ``-``, ``_`` or ``.``, unique in the account and
            Region. Default: unique in the app (the last 50 characters of the construct's unique id).
        :param backup_vault: the vault of rules that name none (not an air-gapped one). Default: a
            retained ``BackupVault`` created under the plan when a rule first needs it.
        :param backup_plan_rules: the rules; more can be added with :meth:`add_rule`.
        :param windows_vss: application-consistent (VSS) backups of Windows EC2 instances.
        :param s3_backup_acls: back up S3 object ACLs (AWS default: on). ``False`` turns them off.
        :param s3_backup_object_tags: back up S3 object tags (AWS default: on). ``False`` turns them off.
        :param scan_settings: malware scanner settings used by rules' ``scan_actions``.
        :param backup_plan_tags: tags on the plan (``Tags.of(plan)`` works too).
        """
        super().__init__(scope, id, physical_name=inputs.physical_name(backup_plan_name))
        self._selections = []
        name = inputs.optional_str(self, "backup_plan_name", backup_plan_name)
        inputs.enforce(self, plan_rules.PLAN_NAME.check(name))
        vault = check_vault(self, "backup_vault", backup_vault)
        if vault is not None and is_air_gapped(vault):
            inputs.enforce(self, [plan_rules.AIR_GAPPED_NOT_TARGET.violation(Text(type(vault).__name__))])
        self._windows_vss = bool(inputs.optional_bool(self, "windows_vss", windows_vss))
        acls = inputs.optional_bool(self, "s3_backup_acls", s3_backup_acls)
        object_tags = inputs.optional_bool(self, "s3_backup_object_tags", s3_backup_object_tags)
        settings = inputs.optional_list(self, "scan_settings", scan_settings, lambda p, v: _scan_setting(self, p, v))
        tags = inputs.optional_map(self, "backup_plan_tags", backup_plan_tags)
        inputs.enforce(self, common_rules.tags(tags, prop="backup_plan_tags"))
        rule_list = inputs.optional_list(self, "backup_plan_rules", backup_plan_rules,
                                         lambda p, v: _as_rule(self, p, v))
        if isinstance(name, str):
            _claim_name(self, name)

        self._backup_vault = vault
        self._entries: list[_Entry] = []
        self._vault_names: list[tuple[Any, Str]] = []
        self._scan_settings: list[_ScanSettingValues] = settings or []
        self._advanced = _advanced_settings(self._windows_vss, acls, object_tags)
        self._name: Any = inputs.rendered(name) if name is not None else inputs.default_name(self, 50)
        for rule in rule_list or ():
            self._add(rule)
        self._resource = l1.CfnBackupPlan(
            self, "Resource", backup_plan=self._plan_property(),
            backup_plan_tags={key: inputs.rendered(value) for key, value in tags.items()} if tags else None,
        )
        inputs.check_at_synth(self, self._validate, stack=inputs.stack_of(scope))

    # ------------------------------------------------------------------ ready-made plans (as aws-cdk-lib's)
    @classmethod
    def daily35_day_retention(cls, scope: Construct, id: str, backup_vault: l1.IBackupVault | None = None
                              ) -> BackupPlan:
        """Daily backups kept 35 days (rule ``Daily``)."""
        return cls(scope, id, backup_vault=backup_vault, backup_plan_rules=[BackupPlanRule.daily()])

    @classmethod
    def daily_monthly1_year_retention(cls, scope: Construct, id: str, backup_vault: l1.IBackupVault | None = None
                                      ) -> BackupPlan:
        """Daily backups kept 35 days and monthly backups kept one year (cold after 30 days)."""
        return cls(scope, id, backup_vault=backup_vault,
                   backup_plan_rules=[BackupPlanRule.daily(), BackupPlanRule.monthly1_year()])

    @classmethod
    def daily_weekly_monthly5_year_retention(cls, scope: Construct, id: str,
                                             backup_vault: l1.IBackupVault | None = None) -> BackupPlan:
        """Daily (35 days), weekly (90 days) and monthly (5 years, cold after 90 days) backups."""
        return cls(scope, id, backup_vault=backup_vault, backup_plan_rules=[
            BackupPlanRule.daily(), BackupPlanRule.weekly(), BackupPlanRule.monthly5_year()])

    @classmethod
    def daily_weekly_monthly7_year_retention(cls, scope: Construct, id: str,
                                             backup_vault: l1.IBackupVault | None = None) -> BackupPlan:
        """Daily (35 days), weekly (90 days) and monthly (2,555 days, cold after 90 days) backups."""
        return cls(scope, id, backup_vault=backup_vault, backup_plan_rules=[
            BackupPlanRule.daily(), BackupPlanRule.weekly(), BackupPlanRule.monthly7_year()])

    @classmethod
    def continuous_and_daily35_day_retention(cls, scope: Construct, id: str,
                                             backup_vault: l1.IBackupVault | None = None) -> BackupPlan:
        """Point-in-time recovery for 35 days (rule ``Continuous``) plus daily snapshots kept 35 days.

        AWS recommends both: continuous backup for S3, RDS, Aurora and SAP HANA, snapshots for the rest
        and as a fallback. Both rules use the same vault, as AWS requires for S3.
        """
        return cls(scope, id, backup_vault=backup_vault,
                   backup_plan_rules=[BackupPlanRule.continuous(), BackupPlanRule.daily()])

    @classmethod
    def grandfather_father_son(cls, scope: Construct, id: str, *, copy_to: Any,
                               backup_vault: l1.IBackupVault | None = None) -> BackupPlan:
        """Daily (35 days), weekly (90 days) and monthly (1 year, cold after 30 days) backups, each copied
        to ``copy_to`` (a disaster-recovery vault or its ARN, e.g. in another Region or account) with
        the same lifecycle as its source.
        """
        days = cdk.Duration.days

        def rule(name: str, cron: str, delete: int, cold: int | None = None) -> BackupPlanRule:
            cold_after = days(cold) if cold is not None else None
            return BackupPlanRule(
                rule_name=name, schedule_expression=cron, delete_after=days(delete),
                move_to_cold_storage_after=cold_after, copy_actions=[BackupPlanCopyActionProps(
                    copy_to, delete_after=days(delete), move_to_cold_storage_after=cold_after)])

        return cls(scope, id, backup_vault=backup_vault, backup_plan_rules=[
            rule("Daily", "cron(0 5 * * ? *)", 35), rule("Weekly", "cron(0 5 ? * SAT *)", 90),
            rule("Monthly1Year", "cron(0 5 1 * ? *)", 365, 30)])

    # ------------------------------------------------------------------ imports
    @staticmethod
    def from_backup_plan_id(scope: Construct, id: str, backup_plan_id: str) -> ImportedBackupPlan:
        """A plan defined elsewhere, by id (to attach selections to it)."""
        return ImportedBackupPlan(scope, id, backup_plan_id=backup_plan_id)

    # ------------------------------------------------------------------ attributes
    @property
    def backup_plan_id(self) -> str:
        """The plan id."""
        return self._resource.attr_backup_plan_id

    @property
    def backup_plan_arn(self) -> str:
        """The plan ARN."""
        return self._resource.attr_backup_plan_arn

    @property
    def version_id(self) -> str:
        """The id of the plan's current version."""
        return self._resource.attr_version_id

    @property
    def backup_plan_name(self) -> str:
        """The plan name: given, or unique in the app."""
        return self._name  # type: ignore[no-any-return]

    @property
    def backup_vault(self) -> l1.IBackupVault:
        """The plan's default vault; a retained ``BackupVault`` named ``Vault`` is created on first need."""
        if self._backup_vault is None:
            from cdk_backup.vault import BackupVault

            self._backup_vault = BackupVault(self, "Vault")
        return self._backup_vault  # type: ignore[no-any-return]

    @property
    def rules(self) -> list[BackupPlanRule]:
        """The rules of this plan."""
        return [entry.rule for entry in self._entries]

    @property
    def windows_vss(self) -> bool:
        return self._windows_vss

    # ------------------------------------------------------------------ rules and scan settings
    def add_rule(self, rule: BackupPlanRule | l1.BackupPlanRule) -> None:
        """Add a rule (ours, or aws-cdk-lib's: its ``props`` are read).

        Names must be unique in the plan and continuous rules must share one vault; the rule's
        warnings are added to this plan.
        """
        self._add(_as_rule(self, "rule", rule))
        self._resource.backup_plan = self._plan_property()

    def add_scan_setting(self, setting: ScanSetting) -> None:
        """Add a plan-level malware scanner setting."""
        self._scan_settings.append(_scan_setting(self, "setting", setting))
        self._resource.backup_plan = self._plan_property()

    def _add(self, rule: BackupPlanRule) -> None:
        index = len(self._entries)
        given = rule.model.name
        name = inputs.rendered(given) if given is not None else f"{self.node.id}Rule{index}"
        vault = rule.backup_vault if rule.backup_vault is not None else self.backup_vault
        entry = _Entry(name, rule, vault, replace(rule.model, name=given if given is not None else name))
        entries = [*self._entries, entry]
        for violation in plan_rules.plan(self._models(entries, continuous_only=True)):
            if violation.severity == "error":
                path = self.node.path
                raise ValidationError(f"{path}: {entry.label}: {violation.message}", path=path, prop=violation.prop,
                                      rule=violation.rule.id)
        for warning in rule.warnings:
            inputs.warn(self, _in(entry, warning))
        self._entries.append(entry)

    def _models(self, entries: Sequence[_Entry], *, continuous_only: bool = False) -> list[plan_rules.PlanRule]:
        """The rules' models with their target vault's name (looked up only where a check needs it)."""
        return [entry.model if entry.model.vault is not None or (continuous_only and not entry.model.continuous)
                else replace(entry.model, vault=self._vault_name(entry.vault)) for entry in entries]

    def _vault_name(self, vault: Any) -> Str:
        for seen, name in self._vault_names:
            if seen is vault:
                return name
        name = vault_name(vault)
        self._vault_names.append((vault, name))
        return name

    # ------------------------------------------------------------------ rendering
    def _plan_property(self) -> l1.CfnBackupPlan.BackupPlanResourceTypeProperty:
        """The whole ``BackupPlan`` property, rendered from the plan's state: once when the plan is
        made, again after each later ``add_rule`` or ``add_scan_setting`` (the L1's public setter)."""
        return l1.CfnBackupPlan.BackupPlanResourceTypeProperty(
            backup_plan_name=self._name,
            backup_plan_rule=self._render_rules(),
            advanced_backup_settings=self._advanced,
            scan_settings=[l1.CfnBackupPlan.ScanSettingResourceTypeProperty(
                malware_scanner=inputs.rendered(s.scanner), resource_types=[inputs.rendered(t) for t in s.types],
                scanner_role_arn=s.role_arn) for s in self._scan_settings] or None,
        )

    def _render_rules(self) -> list[l1.CfnBackupPlan.BackupRuleResourceTypeProperty]:
        names: list[tuple[Any, Any]] = []  # (vault, its name token): rules of a plan mostly share one vault

        def target(vault: Any) -> Any:
            for seen, name in names:
                if seen is vault:
                    return name
            names.append((vault, vault_name_token(vault)))
            return names[-1][1]

        return [entry.rule._render(entry.name, target(entry.vault)) for entry in self._entries]

    # ------------------------------------------------------------------ checks that need the whole app
    def _validate(self) -> Iterator[Violation]:
        """Run at synth: the plan has rules, retentions fit their vaults' locks, copies AWS accepts."""
        from cdk_backup.resource import ResourceType

        yield from plan_rules.plan(self._models(self._entries, continuous_only=True))
        account = region = None
        if any(entry.model.copies or entry.model.air_gapped_vault is not None for entry in self._entries):
            stack = cdk.Stack.of(self)
            account, region = _literal(stack.account), _literal(stack.region)
        types = self._selected_types()
        rds_family = bool(types & {ResourceType.RDS, ResourceType.AURORA, ResourceType.DOCUMENTDB,
                                   ResourceType.NEPTUNE})
        configured = [s.scanner for s in self._scan_settings]
        ranges = _Ranges()
        for entry in self._entries:
            yield from self._rule_checks(entry, account, region, rds_family, configured, ranges)
        if ResourceType.S3 in types:
            yield from plan_rules.s3_same_vault(self._models(self._entries))
        yield from plan_rules.windows_vss(self._windows_vss, self._selects_ec2(types))

    def _rule_checks(self, entry: _Entry, account: str | None, region: str | None, rds_family: bool,
                     configured: Sequence[Str], ranges: _Ranges) -> Iterator[Violation]:
        model, rule = entry.model, entry.rule
        checks: list[Violation] = [
            *ranges.check(model.delete_days, entry.vault, "delete_after"),
            *plan_rules.scanners_configured([model], configured),
        ]
        target = rule._air_gapped_vault
        if target is not None:
            checks.extend(ranges.check(model.delete_days, target, "delete_after"))
        checks.extend(plan_rules.air_gapped_target_local(model.air_gapped_vault, account, region))
        for index, copy in enumerate(rule.copy_actions):
            delete = copy.model.lifecycle.delete_after
            kept = delete if delete is not None else model.delete_days
            destination = copy.destination_backup_vault
            if not isinstance(destination, str):
                checks.extend(ranges.check(kept, destination, f"copy_actions[{index}].delete_after"))
            checks.extend(plan_rules.copy_to_default_vault(copy.model.destination, account,
                                                      prop=f"copy_actions[{index}].destination_backup_vault"))
            if rds_family:
                there = _place(destination)
                cross_account = bool(account and there[0] and there[0] != account)
                cross_region = bool(region and there[1] and there[1] != region)
                checks.extend(plan_rules.copy_cross_region_and_account(index, cross_region, cross_account, True))
        for violation in checks:
            yield _in(entry, violation)

    def _selected_types(self) -> frozenset[Any]:
        found: set[Any] = set()
        for selection in self._selections:
            found.update(getattr(selection, "resource_types", ()))
        return frozenset(found)

    def _selects_ec2(self, types: frozenset[Any]) -> bool | None:
        """Whether a selection of this plan can select an EC2 instance (``None``: no selection, or unknown)."""
        from cdk_backup.resource import ResourceType

        if not self._selections:
            return None
        if ResourceType.EC2 in types:
            return True
        answers = [getattr(selection, "_may_select_ec2", None) for selection in self._selections]
        if any(answer is None for answer in answers):
            return None
        return any(answer() for answer in answers if answer is not None)


class ImportedBackupPlan(_PlanBase):
    """A plan defined elsewhere, known by id: selections can be attached to it."""

    def __init__(self, scope: Construct, id: str, *, backup_plan_id: str) -> None:
        super().__init__(scope, id)
        self._selections = []
        plan_id = inputs.required_str(self, "backup_plan_id", backup_plan_id)
        self._id: str = inputs.rendered(plan_id)
        self._arn = cdk.Stack.of(self).format_arn(service="backup", resource="backup-plan", resource_name=self._id,
                                                   arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME)

    @property
    def backup_plan_id(self) -> str:
        return self._id

    @property
    def backup_plan_arn(self) -> str:
        return self._arn


# ---------------------------------------------------------------- helpers
def _as_rule(where: Construct, prop: str, value: object) -> BackupPlanRule:
    if isinstance(value, BackupPlanRule):
        return value
    if isinstance(value, l1.BackupPlanRule):
        return BackupPlanRule.from_aws_cdk_lib(value)
    inputs.type_error(where, prop, RULE_EXPECTED, value)


def _in(entry: _Entry, violation: Violation) -> Violation:
    """The same violation, about a property of one rule of the plan (``rule Daily: delete_after``)."""
    return Violation(violation.rule, f"{entry.label}: {violation.prop}", violation.got, violation.values)


def _literal(value: str) -> str | None:
    return None if inputs.is_token(value) else value


def _place(destination: object) -> tuple[str | None, str | None]:
    """(account, Region) of a copy destination, where they are known at synth."""
    if isinstance(destination, str):
        arn = parse_arn(destination) if not inputs.is_token(destination) else None
        return (arn.account or None, arn.region or None) if arn else (None, None)
    env = getattr(destination, "env", None)
    if env is None:
        return None, None
    return _literal(env.account), _literal(env.region)


def retention_range(vault: Any) -> tuple[object, object] | None:
    """(min days, max days) every job into ``vault`` must respect, or ``None`` when it has no lock.

    Our vaults say so themselves; an aws-cdk-lib vault's lock (or an L1 ``CfnBackupVault``'s) is read
    from its ``CfnBackupVault`` when it is a literal ``LockConfigurationTypeProperty``.
    """
    own = getattr(vault, "retention_range", None)
    if callable(own):
        return own()  # type: ignore[no-any-return]
    child = vault if isinstance(vault, l1.CfnBackupVault) else getattr(getattr(vault, "node", None),
                                                                          "default_child", None)
    if isinstance(child, l1.CfnBackupVault):
        lock = child.lock_configuration
        if isinstance(lock, l1.CfnBackupVault.LockConfigurationTypeProperty):
            return _number(lock.min_retention_days), _number(lock.max_retention_days)
    return None


def _number(value: object) -> object:
    return Unresolved(value) if inputs.is_token(value) else value


class _Ranges:
    """Each vault's lock range and path, read once per check of a plan."""

    def __init__(self) -> None:
        self._seen: list[tuple[Any, tuple[object, object] | None, str]] = []

    def check(self, days: object, vault: Any, prop: str) -> Iterable[Violation]:
        found = next((item for item in self._seen if item[0] is vault), None)
        if found is None:
            limits = retention_range(vault)
            found = (vault, limits, vault.node.path if limits is not None else "")
            self._seen.append(found)
        _, limits, path = found
        if limits is None:
            return ()
        return plan_rules.retention_in_lock(days, limits[0], limits[1], vault=path, prop=prop)


_PLAN_NAMES: weakref.WeakKeyDictionary[cdk.Stack, dict[str, str]] = weakref.WeakKeyDictionary()
"""Explicit plan names per stack, to refuse a second plan of the same name (the stack keeps the state)."""


def _claim_name(plan: BackupPlan, name: str) -> None:
    names = _PLAN_NAMES.setdefault(cdk.Stack.of(plan), {})
    if name in names:
        inputs.enforce(plan, [plan_rules.PLAN_NAME_UNIQUE.violation(name, other=names[name])])
    names[name] = plan.node.path


def _advanced_settings(windows_vss: bool, acls: bool | None, object_tags: bool | None
                       ) -> list[l1.CfnBackupPlan.AdvancedBackupSettingResourceTypeProperty] | None:
    """``AdvancedBackupSettings``, or ``None`` when there are none."""
    settings = []
    if windows_vss:
        settings.append(l1.CfnBackupPlan.AdvancedBackupSettingResourceTypeProperty(
            backup_options={"WindowsVSS": "enabled"}, resource_type="EC2"))
    s3: dict[str, str] = {}
    if acls is not None:
        s3["BackupACLs"] = "enabled" if acls else "disabled"
    if object_tags is not None:
        s3["BackupObjectTags"] = "enabled" if object_tags else "disabled"
    if s3:
        settings.append(l1.CfnBackupPlan.AdvancedBackupSettingResourceTypeProperty(
            backup_options=s3, resource_type="S3"))
    return settings or None


@dataclass(frozen=True)
class _ScanSettingValues:
    scanner: Str
    types: list[Str]
    role_arn: Any


def _scan_setting(plan: Construct, prop: str, value: object) -> _ScanSettingValues:
    from cdk_backup.index_and_scan import ScanSetting

    if isinstance(value, Mapping) and all(isinstance(k, str) and k in ("resource_types", "scanner_role",
                                                                       "malware_scanner") for k in value):
        try:
            value = ScanSetting(**value)
        except TypeError:
            inputs.type_error(plan, prop, "a ScanSetting (or a dict of its keywords)", value)
    if not isinstance(value, ScanSetting):
        inputs.type_error(plan, prop, "a ScanSetting (or a dict of its keywords)", value)
    scanner, types, role = value.values(plan, f"{prop}.")
    inputs.enforce(plan, plan_rules.scan_setting(types, role, prop=prop))
    return _ScanSettingValues(scanner, types, inputs.rendered(role))
