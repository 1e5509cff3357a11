"""OrganizationBackupPolicy: one backup plan for many accounts, from the rules plans already use.

An AWS Organizations backup policy (``AWS::Organizations::Policy``, type ``BACKUP_POLICY``) attached to
the organization root, an organizational unit or an account makes AWS Backup create the policy's plan
in every account below it, in every Region the policy names; an account that leaves the OU loses the
plan. The policy is deployed in the organization's management account, or in a delegated
administrator account for backup policies, and needs backup policies enabled for the organization.

The rules are the same ``BackupPlanRule`` objects a ``BackupPlan`` takes (``BackupPlanRule.daily()``,
...); each rule's vault is named in the policy, so a vault with that name must exist in every member
account and Region (create it with a StackSet). AWS Backup does not validate policies: what it
cannot use is ignored, and a plan that misses a required part is not created at all, which is why
this construct checks the policy syntax before deployment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

import aws_cdk as cdk
from aws_cdk import aws_organizations as orgs
from constructs import Construct

from cdk_backup import _inputs as inputs
from cdk_backup.rules import Text, Unresolved
from cdk_backup.rules import common as common_rules
from cdk_backup.rules import organization as rules
from cdk_backup.rules.arns import vault_name_of

if TYPE_CHECKING:
    from cdk_backup.index_and_scan import ScanSetting
    from cdk_backup.rule import BackupPlanRule

_L1_VAULT_TYPES = ("AWS::Backup::BackupVault", "AWS::Backup::LogicallyAirGappedBackupVault")


class PolicyOperator(str, Enum):
    """Inheritance operators of AWS Organizations policies.

    In a value slot they say how this policy's value merges with what parent policies set; in
    ``child_policy_operators`` they are the operators child policies may still use.
    """

    ASSIGN = "@@assign"
    """Replace what parent policies set (any setting)."""
    APPEND = "@@append"
    """Add to the list parent policies set (lists only: Regions, tag values)."""
    REMOVE = "@@remove"
    """Remove from the list parent policies set (lists only: Regions, tag values)."""


@dataclass(frozen=True)
class OrganizationTagSelection:
    """Resources of each member account that carry the tag ``tag_key`` with one of ``tag_values``."""

    tag_key: str
    tag_values: Sequence[str]
    """1 to 30 values (case sensitive)."""
    selection_name: str | None = None
    """The backup selection's name in each account: 1-50 letters, digits, ``-``, ``_`` or ``.``.
    Default: the tag key in lower case, other characters replaced by ``-`` (``selection<n>`` for a token key)."""
    operator: PolicyOperator | str = PolicyOperator.ASSIGN
    """How ``tag_values`` merge with the values parent policies give the same selection."""
    iam_role_name: str | None = None
    """The role AWS Backup uses in each account for this selection. Default: the policy's ``iam_role_name``."""


class OrganizationBackupPolicy(cdk.Resource):
    """An AWS Organizations backup policy built from ``BackupPlanRule`` objects.

    Example (in the management account, for one OU)::

        backup.OrganizationBackupPolicy(self, "Policy",
            backup_plan_rules=[backup.BackupPlanRule.daily(), backup.BackupPlanRule.monthly5_year()],
            regions=["eu-west-1", "eu-central-1"],
            target_ids=["ou-ab12-cdef3456"],
            plan_name="OrgDefault",
            selections=[backup.OrganizationTagSelection(tag_key="backup", tag_values=["daily"])])
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        backup_plan_rules: Sequence[BackupPlanRule],
        regions: Sequence[str],
        target_ids: Sequence[str],
        policy_name: str | None = None,
        description: str | None = None,
        plan_name: str | None = None,
        iam_role_name: str | None = None,
        selections: Sequence[OrganizationTagSelection | Mapping[str, Any]] | None = None,
        tags: Mapping[str, str] | None = None,
        regions_operator: PolicyOperator | str = PolicyOperator.ASSIGN,
        child_policy_operators: Sequence[PolicyOperator | str] | None = None,
        backup_plan_tags: Mapping[str, str] | None = None,
        windows_vss: bool | None = None,
        s3_backup_acls: bool | None = None,
        s3_backup_object_tags: bool | None = None,
        scan_settings: Sequence[ScanSetting] | None = None,
    ) -> None:
        """
        :param backup_plan_rules: 1 to 10 rules (``BackupPlanRule``). Each rule's vault is used by name
            (a vault construct with a known name, or a name); a rule without a vault uses ``Default``.
        :param regions: Regions in which AWS Backup backs up each account's resources.
        :param target_ids: where the policy is attached: the root (``r-…``), organizational units
            (``ou-…-…``) or accounts (12 digits).
        :param policy_name: the policy's name in Organizations (1-128 ASCII characters). Default: a name
            unique in the app.
        :param description: the policy's description (at most 512 characters).
        :param plan_name: the backup plan's name in each account (1-50 letters, digits, ``-``, ``_``,
            ``.``); policies with the same plan name merge. Default: a name unique in the app.
        :param iam_role_name: the role AWS Backup assumes in each account, by name (with its path) or as an
            ARN with ``$account``. Default: ``service-role/AWSBackupDefaultServiceRole``.
        :param selections: resources to back up, by tag. Default: none (a warning says the plan then
            backs up nothing unless another policy adds a selection).
        :param tags: tags of the policy itself.
        :param regions_operator: how ``regions`` merge with parent policies' Regions. Default: ``@@assign``.
        :param child_policy_operators: the operators child policies may use on this plan; ``[]`` locks
            the plan (``@@none``). Default: all operators.
        :param backup_plan_tags: tags of the backup plan in each account.
        :param windows_vss: Windows VSS backups of EC2 instances (``advanced_backup_settings``).
        :param s3_backup_acls: back up S3 object ACLs (AWS default: enabled).
        :param s3_backup_object_tags: back up S3 object tags (AWS default: enabled).
        :param scan_settings: malware scanner settings, needed by rules with scan actions.
        """
        super().__init__(scope, id, physical_name=inputs.physical_name(policy_name))
        name = inputs.optional_str(self, "policy_name", policy_name)
        text = inputs.optional_str(self, "description", description)
        plan = inputs.optional_str(self, "plan_name", plan_name)
        role = inputs.optional_str(self, "iam_role_name", iam_role_name)
        region_list = _distinct(inputs.required_list(self, "regions", regions,
                                                     lambda p, v: inputs.required_str(self, p, v)))
        targets = inputs.required_list(self, "target_ids", target_ids, lambda p, v: inputs.required_str(self, p, v))
        tag_map = inputs.optional_map(self, "tags", tags)
        plan_tags = inputs.optional_map(self, "backup_plan_tags", backup_plan_tags)
        regions_op = inputs.enum_text(self, "regions_operator", regions_operator, PolicyOperator)
        child_ops = inputs.optional_list(self, "child_policy_operators", child_policy_operators,
                                         lambda p, v: str(inputs.enum_text(self, p, v, PolicyOperator)))
        flags = {key: inputs.optional_bool(self, key, value) for key, value in (
            ("windows_vss", windows_vss), ("s3_backup_acls", s3_backup_acls),
            ("s3_backup_object_tags", s3_backup_object_tags))}
        inputs.enforce(self, rules.ROLE_NAME.check(role))
        self._partition = rules.partition_of(next((r for r in region_list if isinstance(r, str)), "us-east-1"))
        role_arn = self._role_arn(role if role is not None else rules.DEFAULT_ROLE)
        policy_rules = inputs.required_list(self, "backup_plan_rules", backup_plan_rules, self._policy_rule)
        chosen = inputs.optional_list(self, "selections", selections,
                                      lambda p, v: self._selection(p, v, role_arn)) or []

        self.plan_name: str = str(plan) if plan is not None else inputs.default_name(self, 50)
        """The backup plan's name in each member account."""
        self.plan = rules.PolicyPlan(
            name=plan if plan is not None else self.plan_name,
            regions=tuple(region_list),
            regions_operator=str(regions_op),
            rules=tuple(policy_rules),
            selections=tuple(chosen),
            plan_tags=tuple((plan_tags or {}).items()),
            child_operators=None if child_ops is None else tuple(child_ops),
            windows_vss=flags["windows_vss"],
            s3_backup_acls=flags["s3_backup_acls"],
            s3_backup_object_tags=flags["s3_backup_object_tags"],
            scan_settings=self._scan_settings(scan_settings),
        )
        """The policy's plan as plain values (what the rules check)."""
        if name is None:
            name = inputs.default_name(self, 128)
        inputs.enforce(self, rules.policy_name(name))
        inputs.enforce(self, rules.description(text))
        inputs.enforce(self, common_rules.tags(tag_map))
        inputs.enforce(self, rules.policy_plan(self.plan, rule_checks=False), warn_on=self)
        inputs.enforce(self, rules.targets(targets), warn_on=self)

        self.content: dict[str, Any] = rules.document([self.plan], _token)
        """The policy document, as the template holds it (tokens resolve at deployment)."""
        size_floor = json.dumps(rules.document([self.plan], lambda _value, _unit: ""), separators=(",", ":"))
        inputs.enforce(self, rules.document_size(size_floor))
        self._resource = orgs.CfnPolicy(
            self, "Resource",
            name=inputs.rendered(name),
            type="BACKUP_POLICY",
            content=self.content,
            description=inputs.rendered(text),
            target_ids=[inputs.rendered(t) for t in targets] or None,
            tags=[cdk.CfnTag(key=k, value=inputs.rendered(v)) for k, v in (tag_map or {}).items()] or None,
        )

    # ------------------------------------------------------------------ attributes
    @property
    def policy_id(self) -> str:
        """The policy's id (``p-…``)."""
        return self._resource.attr_id

    @property
    def policy_arn(self) -> str:
        """The policy's ARN."""
        return self._resource.attr_arn

    # ------------------------------------------------------------------ normalizing
    def _role_arn(self, role: str | Unresolved) -> str:
        """A role of each member account (``$account``) by name, or an ARN as given (a token is a name)."""
        if isinstance(role, Unresolved):
            return f"arn:{self._partition}:iam::$account:role/{role.raw}"
        return role if role.startswith("arn:") else f"arn:{self._partition}:iam::$account:role/{role}"

    def _policy_rule(self, prop: str, value: object) -> rules.PolicyRule:
        """A ``BackupPlanRule`` as the policy writes it: its model (``rule.model``), named, its vaults by
        name and its copy destinations as literal ARNs, with the scan mode of each scan action."""
        from aws_cdk import aws_backup

        from cdk_backup.rule import BackupPlanRule, vault_name

        if isinstance(value, aws_backup.BackupPlanRule):
            value = BackupPlanRule.from_aws_cdk_lib(value)
        rule = inputs.instance(self, prop, value, BackupPlanRule, "a BackupPlanRule", required=True)
        model = rule.model
        index = int(prop.rsplit("[", 1)[1].rstrip("]"))
        vault = self._vault_name(f"{prop}.backup_vault", model.vault, rule.backup_vault)
        air_gapped_arn = None
        target = rule.logically_air_gapped_backup_vault
        if target is not None:
            name: object = vault_name_of(target) if isinstance(target, str) else vault_name(target)
            name = self._vault_name(f"{prop}.logically_air_gapped_backup_vault", name, target)
            air_gapped_arn = f"arn:{self._partition}:backup:$region:$account:backup-vault:{name}"
        copies = tuple(replace(copy, destination=self._copy_destination(
            f"{prop}.copy_actions[{i}]", copy.destination, action.destination_backup_vault))
            for i, (copy, action) in enumerate(zip(model.copies, rule.copy_actions, strict=True)))
        scans = tuple(_scan_values(f"{prop}.scan_actions[{i}]", action)
                      for i, action in enumerate(rule.props.scan_actions or ()))
        model = replace(model, name=model.name if model.name is not None else f"Rule{index + 1}", vault=vault,
                        air_gapped_vault=air_gapped_arn, copies=copies)
        for warning in rule.warnings:
            inputs.warn(self, warning)
        return rules.PolicyRule(rule=model, scan_modes=scans)

    def _vault_name(self, prop: str, name: object, vault: object) -> str | None:
        """A vault by name (``None``: the ``Default`` vault). The name must be known at synth; a vault
        defined in this app gets a warning, since each member account needs one of that name."""
        if name is None and vault is None:
            return None
        if not isinstance(name, str):
            inputs.enforce(self, [rules.VAULT_NAME.violation(Text(_path(vault)), prop=prop)])
            raise AssertionError  # enforce raised
        child = getattr(getattr(vault, "node", None), "default_child", None)
        if isinstance(child, cdk.CfnResource) and child.cfn_resource_type in _L1_VAULT_TYPES:
            generated = name == inputs.default_name(vault, 50)  # type: ignore[arg-type]
            how = ", a name generated from its construct path: give it a backup_vault_name" if generated else ""
            inputs.warn(self, rules.VAULT_IN_MEMBERS.violation(Text(f"{name!r} ({_path(vault)}{how})"), prop=prop))
        return name

    def _copy_destination(self, prop: str, arn: object, vault: Any) -> str:
        """A copy destination's ARN, literal: it is a key of the policy document. A vault of this app
        whose name, account and Region are known gets its ARN written out."""
        if isinstance(arn, str):
            return arn
        if hasattr(vault, "node"):
            from cdk_backup.rule import vault_name

            name = vault_name(vault)
            stack = cdk.Stack.of(vault)
            if isinstance(name, str) and not inputs.is_token(stack.account) and not inputs.is_token(stack.region):
                partition = stack.partition if not inputs.is_token(stack.partition) else self._partition
                return f"arn:{partition}:backup:{stack.region}:{stack.account}:backup-vault:{name}"
        inputs.enforce(self, [rules.LITERAL_KEY.violation(
            Text(f"{_path(vault)}, whose ARN is not known at synth (give the vault's stack an account and "
                 "Region, or pass arn:<partition>:backup:<region>:<account>:backup-vault:<name>)"),
            prop=f"{prop}.destination_backup_vault")])
        raise AssertionError  # enforce raised

    def _selection(self, prop: str, value: object, role_arn: str) -> rules.TagSelection:
        item = inputs.struct(self, prop, value, OrganizationTagSelection, required=True)
        assert item is not None
        key = inputs.required_str(self, f"{prop}.tag_key", item.tag_key)
        values = inputs.required_list(self, f"{prop}.tag_values", item.tag_values,
                                      lambda p, v: inputs.required_str(self, p, v))
        name = inputs.optional_str(self, f"{prop}.selection_name", item.selection_name)
        operator = inputs.enum_text(self, f"{prop}.operator", item.operator, PolicyOperator)
        role = inputs.optional_str(self, f"{prop}.iam_role_name", item.iam_role_name)
        inputs.enforce(self, rules.ROLE_NAME.check(role, prop=f"{prop}.iam_role_name"))
        if name is None:
            index = int(prop.rsplit("[", 1)[1].rstrip("]"))
            name = _selection_name(key) if isinstance(key, str) else f"selection{index + 1}"
        return rules.TagSelection(name=name, tag_key=key, tag_values=tuple(values), operator=str(operator),
                                  iam_role_arn=self._role_arn(role) if role is not None else role_arn)

    def _scan_settings(self, settings: object) -> tuple[rules.ScanSetting, ...]:
        from cdk_backup.index_and_scan import ScanSetting

        found = inputs.optional_list(self, "scan_settings", settings,
                                     lambda p, v: (p, inputs.instance(self, p, v, ScanSetting, "a ScanSetting",
                                                                      required=True))) or []
        written = []
        for prop, setting in found:
            scanner, types, arn = setting.values(self, f"{prop}.")
            written.append(rules.ScanSetting(scanner=str(scanner), resource_types=tuple(types),
                                             scanner_role_arn=arn if isinstance(arn, Unresolved) else str(arn)))
        return tuple(written)


def _token(value: Unresolved, unit: str | None) -> Any:
    """A token written into the policy document: numbers become string tokens, as the syntax wants."""
    raw = value.raw
    if isinstance(raw, cdk.Duration):
        raw = raw.to_days() if unit == "days" else raw.to_minutes()
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return cdk.Token.as_string(raw)
    return raw


def _distinct(items: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _selection_name(tag_key: str) -> str:
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in tag_key.lower())
    return cleaned[:50] or "selection"


def _scan_values(prop: str, action: Any) -> tuple[str, str]:
    """(scanner, scan mode) of a rule's scan action (the rule checked it)."""
    from cdk_backup.index_and_scan import ScanAction

    if isinstance(action, Mapping):
        action = ScanAction(**action)
    scanner, mode = action.values(prop)
    return str(scanner), str(mode)


def _path(construct: object) -> str:
    node = getattr(construct, "node", None)
    return str(node.path) if node is not None else repr(construct)
