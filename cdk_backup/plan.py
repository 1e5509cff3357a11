"""BackupPlan: the policy that says when backups run, how long they live and where copies go."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import aws_cdk as cdk
from aws_cdk import aws_backup as l1
from constructs import Construct

from cdk_backup import _l2_twins
from cdk_backup import _rules as R
from cdk_backup._arns import format_arn
from cdk_backup._l1 import init_construct, new_l1, node_get, node_invoke, overrides_nothing, set_l1
from cdk_backup._validation import (
    Loc,
    Where,
    add_synth_check,
    check_pattern,
    enum_value,
    fail,
    fail_rule,
    is_unresolved,
    parse_arn,
    show,
    warn,
)
from cdk_backup.rule import BackupPlanCopyActionProps, BackupPlanRule, shared_rule_set

if TYPE_CHECKING:
    from cdk_backup.index_and_scan import ScanSetting
    from cdk_backup.selection import Selection


class _Selections:
    """The selections attached to a plan in this app, which some plan checks read.

    Kept as a tuple (none: the shared empty one), as every list a plan kept would be one more object
    for Python's garbage collector, per plan.
    """

    _selections: tuple[Selection, ...] = ()

    @property
    def selections(self) -> list[Selection]:
        """Selections attached to this plan in this app."""
        return list(self._selections)

    def _attach_selection(self, selection: Selection) -> None:
        self._selections = (*self._selections, selection)


@overrides_nothing
class BackupPlan(Construct, _Selections):
    """An AWS Backup plan (``AWS::Backup::BackupPlan``), drop-in for ``aws_cdk.aws_backup.BackupPlan``.

    Rules without a vault use the plan's ``backup_vault``; when there is none, a retained
    :class:`BackupVault` named ``Vault`` is created under the plan, as aws-cdk-lib does.
    Unlike aws-cdk-lib, the default plan name is unique in the app (stack name plus path), so two
    stacks no longer collide on ``AlreadyExistsException``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        backup_plan_name: str | None = None,
        backup_vault: Any = None,
        backup_plan_rules: Sequence[BackupPlanRule] | None = None,
        windows_vss: bool = False,
        s3_backup_acls: bool | None = None,
        s3_backup_object_tags: bool | None = None,
        scan_settings: Sequence[ScanSetting] | None = None,
        backup_plan_tags: Mapping[str, str] | None = None,
    ) -> None:
        """
        :param backup_plan_name: 1-50 letters, digits, ``-``, ``_`` or ``.``. Default: unique in the app.
        :param backup_vault: the vault of rules that name none. Default: created on first need.
        :param backup_plan_rules: the rules; more can be added with :meth:`add_rule`.
        :param windows_vss: application-consistent (VSS) backups of Windows EC2 instances.
        :param s3_backup_acls: back up S3 object ACLs (AWS default: on). ``False`` turns them off.
        :param s3_backup_object_tags: back up S3 object tags (AWS default: on). ``False`` turns them off.
        :param scan_settings: malware scanner settings used by rules' ``scan_actions``.
        :param backup_plan_tags: tags on the plan (``Tags.of(plan)`` works too).
        """
        from cdk_backup._paths import child_path, remember, unique_id

        path = child_path(scope, id)
        remember(self, path)
        self._checks_scope = scope
        self._id = id
        check_pattern(self._where, backup_plan_name, R.PLAN_NAME)
        if backup_plan_name is not None and not is_unresolved(backup_plan_name):
            _claim_name(scope, backup_plan_name, self._where)
        self.backup_plan_name = backup_plan_name or unique_id(path)[-50:]
        self._backup_vault = backup_vault
        self._continuous_vault: Any = None
        self._windows_vss = windows_vss
        self._advanced = _advanced_settings(windows_vss, s3_backup_acls, s3_backup_object_tags)
        self._scan_settings: tuple[ScanSetting, ...] = tuple(scan_settings or ())
        self._cfn: l1.CfnBackupPlan | None = None
        rules = list(backup_plan_rules or ())
        twins = self._twins(rules, s3_backup_acls, s3_backup_object_tags, backup_plan_tags)
        self._node_plan = twins is not None
        """The Node-side object is aws-cdk-lib's BackupPlan (its ``backupPlanRef`` gives our GetAtt id)."""
        self._carried = self._node_plan
        """aws-cdk-lib's BackupPlan renders the rules (see ``_l2_twins``); False once we render them ourselves."""
        if twins is not None:
            for rule in rules:  # every vault is given, so the checks need no construct yet
                self._check_rule(rule)
            init_construct(self, scope, id, node_class=l1.BackupPlan, props={
                "backupPlanName": self.backup_plan_name, "backupVault": backup_vault,
                "backupPlanRules": twins, "windowsVss": windows_vss or None})
        else:
            init_construct(self, scope, id)
            for rule in rules:  # may create the default vault under this plan
                self._check_rule(rule)
            self._cfn = new_l1(l1.CfnBackupPlan, self, "Resource", {
                "backupPlan": self._plan_props(),
                "backupPlanTags": dict(backup_plan_tags) if backup_plan_tags else None,
            })
        self._rules = shared_rule_set(self._rules)
        if any(rule._n.warnings for rule in self._rules):  # most rules have none: no places to make
            for target in self._targets():
                self._warn_rule(target)
        add_synth_check(scope, self)

    def _twins(self, rules: Sequence[BackupPlanRule], s3_acls: bool | None, s3_tags: bool | None,
               tags: Mapping[str, str] | None) -> list[Any] | None:
        """aws-cdk-lib rules for a plan its BackupPlan renders exactly as we do, else None (L1 path).

        Needs a plan vault that aws-cdk-lib can reference (a default ``Vault`` would have to be created
        under this plan before the plan exists) and options aws-cdk-lib's plan has.
        """
        if (not _l2_twins.ENABLED or not rules or self._scan_settings or s3_acls is not None or s3_tags is not None
                or tags or _l2_twins.node_vault(self._backup_vault) is None):
            return None
        twins = []
        for index, rule in enumerate(rules):
            twin = _l2_twins.rule_twin(rule, rule.rule_name or f"{self._id}Rule{index}")
            if twin is None:
                return None
            twins.append(twin)
        return twins

    # ------------------------------------------------------------------ ready-made plans
    @classmethod
    def daily35_day_retention(cls, scope: Construct, id: str, backup_vault: Any = None) -> BackupPlan:
        """Daily backups kept 35 days (rule ``Daily``)."""
        return cls(scope, id, backup_vault=backup_vault, backup_plan_rules=[BackupPlanRule.daily()])

    @classmethod
    def daily_monthly1_year_retention(cls, scope: Construct, id: str, backup_vault: Any = None) -> BackupPlan:
        """Daily backups kept 35 days and monthly backups kept one year (cold after 30 days)."""
        return cls(scope, id, backup_vault=backup_vault,
                   backup_plan_rules=[BackupPlanRule.daily(), BackupPlanRule.monthly1_year()])

    @classmethod
    def daily_weekly_monthly5_year_retention(cls, scope: Construct, id: str, backup_vault: Any = None) -> BackupPlan:
        """Daily (35 days), weekly (90 days) and monthly (5 years, cold after 90 days) backups."""
        return cls(scope, id, backup_vault=backup_vault, backup_plan_rules=[
            BackupPlanRule.daily(), BackupPlanRule.weekly(), BackupPlanRule.monthly5_year()])

    @classmethod
    def daily_weekly_monthly7_year_retention(cls, scope: Construct, id: str, backup_vault: Any = None) -> BackupPlan:
        """Daily (35 days), weekly (90 days) and monthly (2,555 days, cold after 90 days) backups."""
        return cls(scope, id, backup_vault=backup_vault, backup_plan_rules=[
            BackupPlanRule.daily(), BackupPlanRule.weekly(), BackupPlanRule.monthly7_year()])

    @classmethod
    def continuous_and_daily35_day_retention(cls, scope: Construct, id: str, backup_vault: Any = None) -> BackupPlan:
        """Point-in-time recovery for 35 days (rule ``Continuous``) plus daily snapshots kept 35 days.

        AWS recommends both: continuous backup for S3, RDS, Aurora and SAP HANA, snapshots for the rest
        and as a fallback. Both rules use the same vault, as AWS requires for S3.
        """
        return cls(scope, id, backup_vault=backup_vault,
                   backup_plan_rules=[BackupPlanRule.continuous(), BackupPlanRule.daily()])

    @classmethod
    def grandfather_father_son(cls, scope: Construct, id: str, *, copy_to: Any,
                               backup_vault: Any = None) -> BackupPlan:
        """Daily (35 days), weekly (90 days) and monthly (1 year, cold after 30 days) backups, each copied
        to ``copy_to`` (a disaster-recovery vault, e.g. in another Region or account) with the same
        lifecycle as its source.
        """
        days = cdk.Duration.days
        return cls(scope, id, backup_vault=backup_vault, backup_plan_rules=[
            BackupPlanRule(rule_name="Daily", schedule_expression="cron(0 5 * * ? *)", delete_after=days(35),
                           copy_actions=[BackupPlanCopyActionProps(copy_to, delete_after=days(35))]),
            BackupPlanRule(rule_name="Weekly", schedule_expression="cron(0 5 ? * SAT *)", delete_after=days(90),
                           copy_actions=[BackupPlanCopyActionProps(copy_to, delete_after=days(90))]),
            BackupPlanRule(rule_name="Monthly1Year", schedule_expression="cron(0 5 1 * ? *)",
                           move_to_cold_storage_after=days(30), delete_after=days(365),
                           copy_actions=[BackupPlanCopyActionProps(copy_to, move_to_cold_storage_after=days(30),
                                                                   delete_after=days(365))]),
        ])

    # ------------------------------------------------------------------ imports
    @staticmethod
    def from_backup_plan_id(scope: Construct, id: str, backup_plan_id: str) -> IBackupPlanLike:
        """A plan defined elsewhere, by id (to attach selections to it)."""
        imported = IBackupPlanLike(scope, id)
        imported.backup_plan_id = backup_plan_id
        imported.backup_plan_arn = format_arn(scope, "backup", "backup-plan", backup_plan_id)
        return imported

    # ------------------------------------------------------------------ attributes
    @property
    def _resource(self) -> l1.CfnBackupPlan:
        """The ``CfnBackupPlan`` (``node.default_child``), read from jsii when first needed."""
        if self._cfn is None:
            self._cfn = cast(l1.CfnBackupPlan, self.node.default_child)
        return self._cfn

    _rules: tuple[BackupPlanRule, ...] = ()
    _attrs: dict[str, str] | None = None
    """Attribute tokens read so far (most plans are only referenced by their selections: none)."""

    def _attr(self, name: str) -> str:
        attrs = self._attrs
        if attrs is None:
            attrs = self._attrs = {}
        if name not in attrs:
            if self._cfn is None:  # carried: aws-cdk-lib's BackupPlan holds the same GetAtt tokens
                attrs[name] = str(node_get(self, _ATTR_NAMES[name]))
            else:
                attrs[name] = str(getattr(self._cfn, f"attr_{name}"))
        return attrs[name]

    @property
    def backup_plan_id(self) -> str:
        """The plan id."""
        return self._attr("backup_plan_id")

    @property
    def backup_plan_arn(self) -> str:
        """The plan ARN."""
        return self._attr("backup_plan_arn")

    @property
    def version_id(self) -> str:
        """The id of the plan's current version."""
        return self._attr("version_id")

    @property
    def backup_vault(self) -> Any:
        """The plan's default vault (created when first needed)."""
        if self._backup_vault is None:
            from cdk_backup.vault import BackupVault

            self._backup_vault = BackupVault(self, "Vault")
        return self._backup_vault

    @property
    def rules(self) -> list[BackupPlanRule]:
        """The rules of this plan."""
        return list(self._rules)

    @property
    def windows_vss(self) -> bool:
        return self._windows_vss

    # ------------------------------------------------------------------ rules and selections
    def add_rule(self, rule: BackupPlanRule) -> None:
        """Add a rule; names must be unique in the plan and continuous rules must share one vault."""
        name = self._check_rule(rule)
        self._warn_rule(self._targets()[-1])
        if self._carried:
            twin = _l2_twins.rule_twin(rule, name)
            if twin is not None:
                node_invoke(self, "addRule", [twin])
                return
        self._render_ourselves()

    def _render_ourselves(self) -> None:
        """Render the whole plan into the L1 from now on (a carried plan got something aws-cdk-lib lacks)."""
        self._carried = False
        set_l1(self._resource, "backup_plan", self._plan_props())

    def add_selection(self, id: str, **options: Any) -> Selection:
        """Select resources for this plan; takes the keywords of :class:`Selection` but ``backup_plan``."""
        from cdk_backup.selection import Selection

        return Selection(self, id, backup_plan=self, **options)

    def add_scan_setting(self, setting: ScanSetting) -> None:
        """Add a plan-level malware scanner setting."""
        self._scan_settings = (*self._scan_settings, setting)
        self._render_ourselves()

    def _check_rule(self, rule: BackupPlanRule) -> str:
        """Check ``rule`` against this plan and record it (pure Python: the construct may not exist yet)."""
        name = self._rule_name(rule, len(self._rules))
        where = self._where.child(name)
        if any(self._rule_name(other, index) == name for index, other in enumerate(self._rules)):
            fail(where, "rule_name", "must be unique within a plan", show(name), R.RULE_NAMES_UNIQUE)
        vault = self._vault_of(rule)
        if getattr(vault, "is_logically_air_gapped", False):
            fail_rule(where, "a LogicallyAirGappedVault", R.LAG_NOT_TARGET)
        if rule.enable_continuous_backup:
            if self._continuous_vault is not None and not _same_vault(self._continuous_vault, vault):
                fail_rule(where, "two continuous rules with different vaults", R.CONTINUOUS_ONE_VAULT)
            self._continuous_vault = vault
        self._rules = (*self._rules, rule)
        return name

    def _rule_name(self, rule: BackupPlanRule, index: int) -> str:
        return rule.rule_name or f"{self._id}Rule{index}"

    def _vault_of(self, rule: BackupPlanRule) -> Any:
        """The vault a rule backs up to: its own, else the plan's."""
        return rule.backup_vault if rule.backup_vault is not None else self.backup_vault

    def _named_rules(self) -> list[tuple[str, BackupPlanRule, Any]]:
        """(name, rule, target vault) of every rule, derived when needed rather than kept: every
        object a plan keeps is work for Python's garbage collector."""
        return [(self._rule_name(rule, index), rule, self._vault_of(rule)) for index, rule in enumerate(self._rules)]

    @property
    def _where(self) -> Where:
        """This plan's place in messages, made when needed (one object fewer kept per plan)."""
        return Where(self)

    def _targets(self) -> list[tuple[Loc, BackupPlanRule, Any]]:
        """(place, rule, target vault) of every rule; places are made when asked for, as most plans
        never need one, and every object kept per plan adds to Python's garbage-collection work."""
        where = self._where
        return [(where.child(name), rule, vault) for name, rule, vault in self._named_rules()]

    def _warn_rule(self, target: tuple[Loc, BackupPlanRule, Any]) -> None:
        """A rule's own warnings, pointed at its place in this plan."""
        where, rule, _ = target
        for warning_id, message in rule._n.warnings:
            warn(self, warning_id, message.replace(_rule_label(rule), str(where), 1))

    def _plan_props(self) -> dict[str, Any]:
        rendered = [rule._render(name, vault.backup_vault_name)
                    for name, rule, vault in self._named_rules()]
        plan: dict[str, Any] = {"backupPlanName": self.backup_plan_name, "backupPlanRule": rendered}
        if self._advanced:
            plan["advancedBackupSettings"] = self._advanced
        if self._scan_settings:
            plan["scanSettings"] = [_scan_setting(s) for s in self._scan_settings]
        return plan

    # ------------------------------------------------------------------ synth-time checks
    def _rds_copy_errors(self) -> list[str]:
        """RDS-family copies can be cross-Region or cross-account, not both at once (A-R48)."""
        from cdk_backup.resource import ResourceType

        family = {ResourceType.RDS, ResourceType.AURORA, ResourceType.DOCUMENTDB, ResourceType.NEPTUNE}
        copies = [(w, c) for w, r, _ in self._targets() for c in r._copy_targets()]
        if not copies or not any(family & s._types for s in self._selections):
            return []
        stack = cdk.Stack.of(self)
        account, region = str(stack.account), str(stack.region)
        if is_unresolved(account) or is_unresolved(region):
            return []
        errors = []
        for where, copy in copies:
            parts = parse_arn(copy.arn)
            if parts and parts["account"] not in ("", account) and parts["region"] not in ("", region):
                errors.append(f"{where}: destination_backup_vault {R.RDS_COPY_REGION_AND_ACCOUNT.requirement}, "
                              f"got {copy.arn!r} [{R.RDS_COPY_REGION_AND_ACCOUNT.id}]")
        return errors

    def _s3_vault_errors(self) -> list[str]:
        """S3's continuous and periodic backups must share one vault (A-R41)."""
        from cdk_backup.resource import ResourceType

        if not any(ResourceType.S3 in s._types for s in self._selections):
            return []
        targets = self._targets()
        continuous = [v for _, r, v in targets if r.enable_continuous_backup]
        periodic = [(w, v) for w, r, v in targets if not r.enable_continuous_backup]
        if not continuous:
            return []
        return [f"{where}: backup_vault {R.S3_CONTINUOUS_SAME_VAULT.requirement}, got a different vault than the "
                f"continuous rule's [{R.S3_CONTINUOUS_SAME_VAULT.id}]"
                for where, vault in periodic if not _same_vault(vault, continuous[0])]

    def _default_vault_errors(self, where: str, arn: str) -> list[str]:
        """A copy into another account's ``Default`` vault is refused (B-R50)."""
        parts = parse_arn(arn)
        if not parts or parts["resource"] != "backup-vault:Default":
            return []
        account = str(cdk.Stack.of(self).account)
        if is_unresolved(account) or account == parts["account"]:
            if not is_unresolved(account):
                return []
            warn(self, "copyToDefaultVault",
                 f"{where}: copies into a Default vault are refused when it is in another account; this stack's "
                 f"account is not known at synth [{R.COPY_DEFAULT_VAULT.id}]")
            return []
        return [f"{where}: destination_backup_vault {R.COPY_DEFAULT_VAULT.requirement}, got {arn!r} "
                f"[{R.COPY_DEFAULT_VAULT.id}]"]

    def _validate(self) -> list[str]:
        errors: list[str] = []
        if not self._rules:
            errors.append(f"{self._where}: backup_plan_rules {R.PLAN_HAS_RULES.requirement}, got no rules "
                          f"[{R.PLAN_HAS_RULES.id}]")
        for where, rule, vault in self._targets():
            errors.extend(_retention_errors(where, "delete_after", rule.delete_after_days, vault))
            if rule._n.lag_vault is not None:
                errors.extend(_retention_errors(where, "delete_after", rule.delete_after_days, rule._n.lag_vault))
            for index, copy in enumerate(rule._copy_targets()):
                delete_days = copy.delete_days if copy.delete_days is not None else rule.delete_after_days
                errors.extend(_retention_errors(f"{where} copy_actions[{index}]", "delete_after", delete_days,
                                                copy.destination))
                errors.extend(self._default_vault_errors(f"{where} copy_actions[{index}]", copy.arn))
            scanners = {s.malware_scanner for s in self._scan_settings}
            for scan in rule._n.scans or ():
                if scan.malware_scanner not in scanners:
                    errors.append(f"{where}: scan_actions needs a plan scan setting for "
                                  f"{scan.malware_scanner.value}, got none [{R.SCAN_SETTINGS.id}]")
        errors.extend(self._s3_vault_errors())
        errors.extend(self._rds_copy_errors())
        if self._windows_vss and self._selections and not any(s._may_select_ec2() for s in self._selections):
            warn(self, "windowsVssWithoutEc2",
                 f"windows_vss is on but no selection of this plan can select an EC2 instance "
                 f"[{R.VSS_NO_EC2.id}]")
        return errors


_ATTR_NAMES = {"backup_plan_id": "backupPlanId", "backup_plan_arn": "backupPlanArn", "version_id": "versionId"}

_PLAN_NAMES: dict[int, tuple[object, dict[str, Loc]]] = {}


def _claim_name(scope: Construct, name: str, where: Loc) -> None:
    """Refuse a second plan with the same explicit name in the same stack-level scope (A-R2)."""
    root: object = scope
    while getattr(root, "_checks_scope", None) is not None:
        root = root._checks_scope  # type: ignore[attr-defined]
    entry = _PLAN_NAMES.get(id(root))
    if entry is None or entry[0] is not root:
        entry = _PLAN_NAMES[id(root)] = (root, {})
    names = entry[1]
    if name in names:
        fail(where, "backup_plan_name", f"must be unique among the plans of a stack (also used by {names[name]})",
             show(name), R.PLAN_NAME_UNIQUE)
    names[name] = where


@overrides_nothing
class IBackupPlanLike(Construct, _Selections):
    """A plan imported by id: enough to attach selections."""

    backup_plan_id: str
    backup_plan_arn: str

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self._checks_scope = scope

    def add_selection(self, id: str, **options: Any) -> Selection:
        """Select resources for this plan."""
        from cdk_backup.selection import Selection

        return Selection(self, id, backup_plan=self, **options)


def _rule_label(rule: BackupPlanRule) -> str:
    return f"BackupPlanRule({rule.rule_name})" if rule.rule_name else "BackupPlanRule"


def _same_vault(a: Any, b: Any) -> bool:
    if a is b:
        return True
    name_a, name_b = getattr(a, "backup_vault_name", None), getattr(b, "backup_vault_name", None)
    return bool(name_a and name_a == name_b and not is_unresolved(name_a))


def _retention_errors(where: Loc, prop: str, delete_days: float | None, vault: Any) -> list[str]:
    """The lock (or air-gapped) range of ``vault`` against a retention (A-R91, A-R97, C-R33)."""
    window = getattr(vault, "retention_range", None)
    limits = window() if callable(window) else None
    if not limits or is_unresolved(delete_days):
        return []
    low, high = limits
    vault_path = Where(vault)
    if delete_days is None:
        if high is not None and not is_unresolved(high):
            return [f"{where}: {prop} must be at most {show(high)} days (max retention of {vault_path}), "
                    f"got none (kept for ever); every job into that vault would fail [{R.LOCK_RETENTION_RANGE.id}]"]
        return []
    if low is not None and not is_unresolved(low) and delete_days < low:
        return [f"{where}: {prop} must be at least {show(low)} days (min retention of {vault_path}), "
                f"got {show(delete_days)} days; every job into that vault would fail [{R.LOCK_RETENTION_RANGE.id}]"]
    if high is not None and not is_unresolved(high) and delete_days > high:
        return [f"{where}: {prop} must be at most {show(high)} days (max retention of {vault_path}), "
                f"got {show(delete_days)} days; every job into that vault would fail [{R.LOCK_RETENTION_RANGE.id}]"]
    return []


def _advanced_settings(windows_vss: bool, acls: bool | None, object_tags: bool | None) -> list[dict[str, Any]] | None:
    """``AdvancedBackupSettings``, or None when there are none (no empty list kept per plan)."""
    settings: list[dict[str, Any]] = []
    if windows_vss:
        settings.append({"backupOptions": {"WindowsVSS": "enabled"}, "resourceType": "EC2"})
    s3: dict[str, str] = {}
    if acls is not None:
        s3["BackupACLs"] = "enabled" if acls else "disabled"
    if object_tags is not None:
        s3["BackupObjectTags"] = "enabled" if object_tags else "disabled"
    if s3:
        settings.append({"backupOptions": s3, "resourceType": "S3"})
    return settings or None


def _scan_setting(setting: ScanSetting) -> dict[str, Any]:
    role = setting.scanner_role
    return {
        "malwareScanner": setting.malware_scanner.value,
        "resourceTypes": [enum_value(t) for t in setting.resource_types],
        "scannerRoleArn": role if isinstance(role, str) else role.role_arn,
    }
