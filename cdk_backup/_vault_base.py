"""What every vault shares: identity, grants, metrics, EventBridge rules, and L1 rendering."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from cdk_backup import _rules as R
from cdk_backup._arns import pseudo
from cdk_backup._l1 import init_construct
from cdk_backup._validation import Loc, Where, enum_member, enum_value, fail_rule, is_unresolved, show, warn

if TYPE_CHECKING:
    from aws_cdk import aws_cloudwatch as cloudwatch
    from aws_cdk import aws_events as events
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_sns as sns

    from cdk_backup.events import BackupJobState, BackupMetric, BackupVaultEvents, CopyJobState

_BACKUP_SERVICE = "backup.amazonaws.com"


class VaultBase(Construct):
    """A backup vault, defined here or imported: name, ARN, grants and monitoring."""

    backup_vault_name: str
    """The vault name (a token for vaults defined in the app)."""
    backup_vault_arn: str
    """The vault ARN."""
    is_logically_air_gapped: bool = False
    """True for logically air-gapped vaults, which only receive copies (or direct air-gapped backups)."""

    def __init__(self, scope: Construct, id: str, *, node_class: type | None = None,
                 node_props: dict[str, Any] | None = None) -> None:
        from cdk_backup._paths import child_path, remember

        remember(self, child_path(scope, id))
        init_construct(self, scope, id, node_class=node_class, props=node_props)
        self.account: str | None = None
        """Account of the vault when known (imports from a literal ARN), else the stack's."""
        self.region: str | None = None
        """Region of the vault when known (imports from a literal ARN), else the stack's."""

    def _cached(self, key: str, read: Any) -> str:
        """An attribute read from jsii once (each read is a round trip)."""
        cache: dict[str, str] = self.__dict__.setdefault("_attr_cache", {})
        if key not in cache:
            cache[key] = str(read())
        return cache[key]

    # ------------------------------------------------------------------ retention limits
    def retention_range(self) -> tuple[float | None, float | None] | None:
        """(min days, max days) every job into this vault must respect, or None when unlimited."""
        return None

    # ------------------------------------------------------------------ grants
    def grant(self, grantee: iam.IGrantable, *actions: str) -> iam.Grant:
        """Allow ``grantee`` the given ``backup:`` actions on this vault (identity policy).

        AWS Backup rejects wildcards in vault policies, and so does this method.
        """
        for action in actions:
            if "*" in action:
                fail_rule(Where(self), show(action), R.ACCESS_POLICY_WILDCARD, "actions")
        return iam.Grant.add_to_principal(grantee=grantee, actions=list(actions),
                                          resource_arns=[self.backup_vault_arn])

    # ------------------------------------------------------------------ CloudWatch
    def metric(self, metric_name: BackupMetric | str, *, statistic: str = "Sum",
               period: cdk.Duration | None = None, **props: Any) -> cloudwatch.Metric:
        """An ``AWS/Backup`` metric of this vault (dimension ``BackupVaultName``), summed over 5 minutes.

        For copy jobs AWS reports the metric on the destination vault.
        """
        from aws_cdk import aws_cloudwatch as cloudwatch

        from cdk_backup.events import BackupMetric  # the event and metric names load on first use

        name = metric_name.value if isinstance(metric_name, BackupMetric) else metric_name
        return cloudwatch.Metric(
            namespace="AWS/Backup", metric_name=name,
            dimensions_map={"BackupVaultName": self.backup_vault_name},
            statistic=statistic, period=period or cdk.Duration.minutes(5), **props,
        )

    def _named_metric(self, member: str, props: dict[str, Any]) -> cloudwatch.Metric:
        from cdk_backup.events import BackupMetric

        return self.metric(BackupMetric[member], **props)

    def metric_backup_jobs_failed(self, **props: Any) -> cloudwatch.Metric:
        """Backup jobs of this vault that failed."""
        return self._named_metric("BACKUP_JOBS_FAILED", props)

    def metric_backup_jobs_expired(self, **props: Any) -> cloudwatch.Metric:
        """Backup jobs of this vault that never started within their start window."""
        return self._named_metric("BACKUP_JOBS_EXPIRED", props)

    def metric_backup_jobs_completed(self, **props: Any) -> cloudwatch.Metric:
        """Backup jobs of this vault that completed."""
        return self._named_metric("BACKUP_JOBS_COMPLETED", props)

    def metric_copy_jobs_failed(self, **props: Any) -> cloudwatch.Metric:
        """Copy jobs into this vault that failed."""
        return self._named_metric("COPY_JOBS_FAILED", props)

    def metric_restore_jobs_failed(self, **props: Any) -> cloudwatch.Metric:
        """Restore jobs from this vault that failed."""
        return self._named_metric("RESTORE_JOBS_FAILED", props)

    def metric_recovery_points_expired(self, **props: Any) -> cloudwatch.Metric:
        """Recovery points AWS could not delete at expiry (still billed)."""
        return self._named_metric("RECOVERY_POINTS_EXPIRED", props)

    # ------------------------------------------------------------------ EventBridge
    def on_event(self, id: str, *, detail_type: str, detail: dict[str, Any] | None = None,
                 target: events.IRuleTarget | None = None, description: str | None = None,
                 rule_name: str | None = None) -> events.Rule:
        """An EventBridge rule on ``aws.backup`` events of ``detail_type``, narrowed by ``detail``."""
        from aws_cdk import aws_events as events

        pattern = events.EventPattern(source=["aws.backup"], detail_type=[detail_type], detail=detail)
        return events.Rule(self, id, event_pattern=pattern, targets=[target] if target else None,
                           description=description, rule_name=rule_name)

    def on_backup_job(self, id: str, *, states: Sequence[BackupJobState | str] | None = None,
                      target: events.IRuleTarget | None = None, description: str | None = None,
                      rule_name: str | None = None) -> events.Rule:
        """A rule on state changes of backup jobs into this vault (all states unless given)."""
        detail: dict[str, Any] = {"backupVaultName": [self.backup_vault_name]}
        if states:
            detail["state"] = [enum_value(s) for s in states]
        return self.on_event(id, detail_type="Backup Job State Change", detail=detail, target=target,
                             description=description, rule_name=rule_name)

    def on_backup_job_failed(self, id: str, *, target: events.IRuleTarget | None = None,
                             description: str | None = None, rule_name: str | None = None) -> events.Rule:
        """A rule on backup jobs into this vault that failed, expired or were aborted."""
        from cdk_backup.events import BackupJobState

        return self.on_backup_job(
            id, states=[BackupJobState.FAILED, BackupJobState.EXPIRED, BackupJobState.ABORTED],
            target=target, description=description, rule_name=rule_name,
        )

    def on_copy_job(self, id: str, *, states: Sequence[CopyJobState | str] | None = None,
                    target: events.IRuleTarget | None = None, description: str | None = None,
                    rule_name: str | None = None) -> events.Rule:
        """A rule on state changes of copy jobs from or into this vault."""
        detail: dict[str, Any] = {"$or": [
            {"sourceBackupVaultArn": [self.backup_vault_arn]},
            {"destinationBackupVaultArn": [self.backup_vault_arn]},
        ]}
        if states:
            detail["state"] = [enum_value(s) for s in states]
        return self.on_event(id, detail_type="Copy Job State Change", detail=detail, target=target,
                             description=description, rule_name=rule_name)

    def on_copy_job_failed(self, id: str, *, target: events.IRuleTarget | None = None,
                           description: str | None = None, rule_name: str | None = None) -> events.Rule:
        """A rule on copy jobs from or into this vault that failed or only partly succeeded."""
        from cdk_backup.events import CopyJobState

        return self.on_copy_job(id, states=[CopyJobState.FAILED, CopyJobState.PARTIAL], target=target,
                                description=description, rule_name=rule_name)


class OwnedVault(VaultBase):
    """A vault defined in this app: name and ARN come from its L1, read from jsii once."""

    _resource: Any  # CfnBackupVault or CfnLogicallyAirGappedBackupVault

    def _read_name(self) -> str:
        raise NotImplementedError

    def _read_arn(self) -> str:
        return str(self._resource.attr_backup_vault_arn)

    @property
    def backup_vault_name(self) -> str:  # type: ignore[override]
        """The vault name."""
        return self._cached("name", self._read_name)

    @property
    def backup_vault_arn(self) -> str:  # type: ignore[override]
        """The vault ARN."""
        return self._cached("arn", self._read_arn)


def encryption_key_arn(where: Loc, key: kms.IKey | str | None) -> str | None:
    """The ARN of a vault key; aliases are rejected because AWS Backup needs the key ARN (C-R35)."""
    if key is None:
        return None
    if not isinstance(key, str) and hasattr(key, "alias_name"):  # kms.Alias, or an imported alias
        name = key.alias_name
        fail_rule(where, "a kms.Alias" if is_unresolved(name) else show(name), R.ENCRYPTION_KEY_ARN)
    arn = key if isinstance(key, str) else key.key_arn
    # The literal text of a partly-token ARN is known: ``arn:${Partition}:kms:…:alias/x`` is still an alias.
    if arn.startswith("alias/") or ":alias/" in arn or (not is_unresolved(arn) and not arn.startswith("arn:")):
        fail_rule(where, show(arn), R.ENCRYPTION_KEY_ARN)
    return arn


def notification_props(owner: Construct, where: Loc, topic: sns.ITopic | None,
                        events: Sequence[BackupVaultEvents | str] | None) -> dict[str, Any] | None:
    """The L1 ``Notifications`` value, after letting AWS Backup publish to the topic."""
    if topic is None:
        if events:
            fail_rule(where, "events without a notification_topic", R.NOTIFICATION_EVENTS)
        return None
    from cdk_backup.events import DEFAULT_VAULT_EVENTS, DEPRECATED_VAULT_EVENTS, BackupVaultEvents

    chosen = list(DEFAULT_VAULT_EVENTS) if events is None else list(events)
    if not chosen:
        fail_rule(where, "[]", R.NOTIFICATION_EVENTS)
    values: list[str] = []
    deprecated: list[str] = []
    for event in chosen:
        value = enum_value(event)
        member = enum_member(BackupVaultEvents, value)
        if member is None:
            fail_rule(where, show(value), R.NOTIFICATION_EVENTS)
        if member in DEPRECATED_VAULT_EVENTS:
            deprecated.append(value)
        if value not in values:
            values.append(value)
    if deprecated:
        warn(owner, "deprecatedVaultEvents",
             f"notification_events {deprecated} are deprecated by AWS and are never sent; failures arrive "
             "as BACKUP_JOB_COMPLETED / RESTORE_JOB_COMPLETED with a State message attribute of FAILED "
             f"[{R.DEPRECATED_EVENTS.id}]")
    topic_arn = topic.topic_arn
    statement = iam.PolicyStatement(
        sid="AllowAwsBackupNotifications",
        principals=[iam.ServicePrincipal(_BACKUP_SERVICE)], actions=["sns:Publish"], resources=[topic_arn],
        conditions={"ArnLike": {"aws:SourceArn": f"arn:{pseudo('PARTITION')}:backup:{pseudo('REGION')}:"
                                                 f"{pseudo('ACCOUNT_ID')}:backup-vault:*"}},
    )
    result = topic.add_to_resource_policy(statement)
    if result.statement_added:
        policy = result.policy_dependable
        if policy is not None:
            owner.node.add_dependency(policy)
    else:
        warn(owner, "importedTopicPolicy",
             "the notification topic is imported: its topic policy must allow the service principal "
             "backup.amazonaws.com to call sns:Publish, or AWS Backup cannot send notifications")
    return {"snsTopicArn": topic_arn, "backupVaultEvents": values}


def apply_removal_policy(owner: Construct, resource: cdk.CfnResource, policy: cdk.RemovalPolicy) -> None:
    """Apply a vault's removal policy (RETAIN by default), warning about DESTROY."""
    resource.apply_removal_policy(policy)
    check_removal_policy(owner, policy)


def check_removal_policy(owner: Construct, policy: cdk.RemovalPolicy) -> None:
    """Warn when a vault would be deleted with the stack (it fails while recovery points exist)."""
    if policy == cdk.RemovalPolicy.DESTROY:
        warn(owner, "vaultRemovalDestroy",
             "removal_policy DESTROY: CloudFormation cannot delete a vault that still holds recovery points, "
             f"so stack deletion fails; RETAIN is the safe default [{R.REMOVAL_DESTROY.id}]")


def default_vault_name(scope: Construct) -> str:
    """A name unique in the app (as aws-cdk-lib does): the last 50 characters of the unique id."""
    from cdk_backup._paths import path_of, unique_id

    return unique_id(path_of(scope))[-50:]
