"""LogicallyAirGappedVault: a locked vault, isolated from the account's own credentials, shareable through RAM."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import aws_cdk as cdk
from aws_cdk import aws_backup as l1
from aws_cdk import aws_ram as ram
from constructs import Construct

from cdk_backup import _inputs as inputs
from cdk_backup import _vault_base as base
from cdk_backup._vault_base import VaultBase
from cdk_backup.rules import Unresolved, known
from cdk_backup.rules import common as common_rules
from cdk_backup.rules import vault as rules

if TYPE_CHECKING:
    from aws_cdk import aws_iam as iam
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_sns as sns

    from cdk_backup.events import BackupVaultEvents


class LogicallyAirGappedVault(VaultBase):
    """A logically air-gapped vault (``AWS::Backup::LogicallyAirGappedBackupVault``).

    It is always locked in compliance mode with the retention range given here, which can never
    change (a change replaces the vault). It receives copies from copy actions
    (``BackupPlanCopyActionProps(destination_backup_vault=lag)``) or, where AWS supports it, direct
    backups (``BackupPlanRule(logically_air_gapped_backup_vault=lag)``). Copies must use customer
    managed KMS keys on the source side, and the copy role needs ``kms:CreateGrant``.

    Other accounts restore from it once it is shared with them (:meth:`share_with`); with a
    multi-party approval team (``mpa_approval_team_arn``) they can recover even when the owning
    account is lost.

    Example::

        lag = backup.LogicallyAirGappedVault(self, "AirGapped", min_retention=Duration.days(7),
                                             max_retention=Duration.days(400))
        lag.share_with("arn:aws:organizations::111122223333:ou/o-abcdefghij/ou-ab12-cdefghij")
    """

    is_logically_air_gapped = True

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        min_retention: cdk.Duration,
        max_retention: cdk.Duration,
        backup_vault_name: str | None = None,
        encryption_key: kms.IKey | str | None = None,
        access_policy: iam.PolicyDocument | None = None,
        notification_topic: sns.ITopic | None = None,
        notification_events: Sequence[BackupVaultEvents | str] | None = None,
        mpa_approval_team_arn: str | Any | None = None,
        removal_policy: cdk.RemovalPolicy = cdk.RemovalPolicy.RETAIN,
    ) -> None:
        """
        :param min_retention: whole days, at least 7; copies kept for less are refused.
        :param max_retention: whole days, at most 36,500, at least ``min_retention``; copies kept for
            longer (or for ever) are refused.
        :param backup_vault_name: 2-50 letters, digits, ``-`` or ``_``. Default: a unique name from the path.
        :param encryption_key: customer managed KMS key (or key ARN). Default: an AWS owned key.
        :param access_policy: resource policy of the vault. No wildcard actions.
        :param notification_topic: SNS topic for vault events; AWS Backup is allowed to publish to it.
        :param notification_events: events to send. Default: every event AWS still sends.
        :param mpa_approval_team_arn: the multi-party approval team that can approve restoring from this
            vault in another account (an ARN ``arn:<partition>:mpa:<region>:<account>:approval-team/<id>``,
            or an ``aws_mpa.CfnApprovalTeam``).
        :param removal_policy: default RETAIN: a vault holding recovery points cannot be deleted.
        """
        # a name of the wrong type reaches the door below, which says so (jsii's type check would not)
        super().__init__(scope, id, physical_name=inputs.physical_name(backup_vault_name))
        name = inputs.optional_str(self, "backup_vault_name", backup_vault_name)
        inputs.enforce(self, rules.VAULT_NAME.check(name))
        self.min_retention_days = inputs.days(self, "min_retention", min_retention, required=True)
        """The minimum retention in days (an :class:`~cdk_backup.rules.Unresolved` for a token)."""
        self.max_retention_days = inputs.days(self, "max_retention", max_retention, required=True)
        """The maximum retention in days (an :class:`~cdk_backup.rules.Unresolved` for a token)."""
        inputs.enforce(self, rules.air_gapped_retention(self.min_retention_days, self.max_retention_days))
        approval_team = _approval_team_arn(self, mpa_approval_team_arn)
        inputs.enforce(self, common_rules.mpa_team_arn(approval_team))
        self._access_policy = base.access_policy(self, access_policy)
        policy = base.removal_policy(self, removal_policy)
        notifications = base.notifications(self, notification_topic, notification_events)
        self._resource = l1.CfnLogicallyAirGappedBackupVault(
            self, "Resource",
            backup_vault_name=backup_vault_name or base.default_vault_name(self),
            min_retention_days=inputs.duration_rendered(self.min_retention_days, "days"),
            max_retention_days=inputs.duration_rendered(self.max_retention_days, "days"),
            encryption_key_arn=base.encryption_key_arn(self, encryption_key),
            access_policy=self._access_policy,
            notifications=None if notifications is None else
            l1.CfnLogicallyAirGappedBackupVault.NotificationObjectTypeProperty(
                sns_topic_arn=notifications.sns_topic_arn, backup_vault_events=notifications.backup_vault_events),
            mpa_approval_team_arn=inputs.rendered(approval_team),
        )
        self._resource.apply_removal_policy(policy)
        self._shares: list[ram.CfnResourceShare] = []

    @property
    def backup_vault_name(self) -> str:
        """The vault name (``Ref`` of an air-gapped vault is its name)."""
        return self._resource.ref

    @property
    def backup_vault_arn(self) -> str:
        """The vault ARN."""
        return self._resource.attr_backup_vault_arn

    def retention_range(self) -> tuple[object, object]:
        """(min days, max days): every copy into this vault must keep its recovery points that long."""
        return self.min_retention_days, self.max_retention_days

    @property
    def shares(self) -> list[ram.CfnResourceShare]:
        """The resource shares made by :meth:`share_with`."""
        return list(self._shares)

    def share_with(self, *principals: str, allow_external_principals: bool | None = None,
                   share_name: str | None = None, permission_arns: Sequence[str] | None = None,
                   tags: Mapping[str, str] | None = None) -> ram.CfnResourceShare:
        """Share this vault through AWS RAM, so that other accounts can restore from it.

        :param principals: 12-digit account ids, organizational unit ARNs
            (``arn:aws:organizations::<management account>:ou/o-…/ou-…``) or the organization's ARN
            (``arn:aws:organizations::<management account>:organization/o-…``).
        :param allow_external_principals: whether accounts outside your organization may be invited.
            Default: ``False`` when only organizational units or the organization are given (nothing
            outside it can be reached), else RAM's default (``True``).
        :param share_name: the resource share's name. Default: a name unique in the app.
        :param permission_arns: RAM permissions to associate. Default: none given, so RAM attaches the
            default managed permission of the ``backup:BackupVault`` resource type. Neither the AWS
            Backup guide nor the CloudFormation schema names that permission's ARN, so none is
            hard-coded here; pass a customer managed permission ARN to narrow what the accounts may do.
        :param tags: tags of the resource share.
        :returns: the ``AWS::RAM::ResourceShare``. Accounts invited from outside the organization must
            accept the invitation (within 12 hours); sharing with an organization or an organizational
            unit needs RAM's sharing with AWS Organizations to be enabled in the management account.
        """
        where = f"{self.node.path}.share_with"
        values = [inputs.required_str(where, f"principals[{index}]", principal)
                  for index, principal in enumerate(principals)]
        inputs.enforce(where, common_rules.share_principals(values))
        external = inputs.optional_bool(where, "allow_external_principals", allow_external_principals)
        if external is None and values and all(
                known(v) and common_rules.principal_kind(str(v)) in ("organization", "organizational unit")
                for v in values):
            external = False
        inputs.optional_str(where, "share_name", share_name)
        permissions = inputs.optional_list(where, "permission_arns", permission_arns,
                                           lambda p, v: inputs.required_str(where, p, v))
        tag_map = inputs.optional_map(where, "tags", tags)
        inputs.enforce(where, common_rules.tags(tag_map))
        construct_id = "Share" if not self._shares else f"Share{len(self._shares) + 1}"
        share = ram.CfnResourceShare(
            self, construct_id,
            name=share_name or inputs.default_name(self, 255, construct_id),
            principals=[inputs.rendered(v) for v in values],
            resource_arns=[self.backup_vault_arn],
            allow_external_principals=external,
            permission_arns=[inputs.rendered(p) for p in permissions] if permissions else None,
            tags=[cdk.CfnTag(key=k, value=v) for k, v in (tags or {}).items()] or None,
        )
        self._shares.append(share)
        return share


def _approval_team_arn(where: Construct, value: object) -> str | Unresolved | None:
    """An approval team ARN (a string, a token, or an ``aws_mpa.CfnApprovalTeam``'s ARN)."""
    if value is None or isinstance(value, str):
        return inputs.optional_str(where, "mpa_approval_team_arn", value)
    team = inputs.having(where, "mpa_approval_team_arn", value, "attr_arn",
                         "an approval team ARN or an aws_mpa.CfnApprovalTeam")
    return inputs.required_str(where, "mpa_approval_team_arn", team.attr_arn)
