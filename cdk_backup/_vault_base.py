"""What every vault shares, defined here or imported: identity, grants, metrics, EventBridge rules.

``VaultBase`` is an ``aws_cdk.Resource`` implementing aws-cdk-lib's ``IBackupVault`` (and so its
``IBackupVaultRef``): our vaults can be passed to aws-cdk-lib's constructs and the other way round.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import aws_cdk as cdk
import jsii
from aws_cdk import aws_backup as l1
from aws_cdk import aws_iam as iam
from aws_cdk.interfaces import aws_backup as refs
from constructs import Construct

from cdk_backup import _inputs as inputs
from cdk_backup.rules import Text, known
from cdk_backup.rules import vault as rules

if TYPE_CHECKING:
    from aws_cdk import aws_cloudwatch as cloudwatch
    from aws_cdk import aws_events as events
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_sns as sns

    from cdk_backup.events import BackupJobState, BackupMetric, BackupVaultEvents, CopyJobState

BACKUP_SERVICE = "backup.amazonaws.com"


@jsii.implements(l1.IBackupVault)
class VaultBase(cdk.Resource):
    """A backup vault: name, ARN, grants and monitoring."""

    is_logically_air_gapped: bool = False
    """True for logically air-gapped vaults, which only receive copies (or direct air-gapped backups)."""

    @property
    def backup_vault_name(self) -> str:
        """The vault name."""
        raise NotImplementedError

    @property
    def backup_vault_arn(self) -> str:
        """The vault ARN."""
        raise NotImplementedError

    @property
    def backup_vault_ref(self) -> refs.BackupVaultReference:
        """A reference to this vault (aws-cdk-lib's ``IBackupVaultRef``)."""
        return refs.BackupVaultReference(backup_vault_arn=self.backup_vault_arn,
                                         backup_vault_name=self.backup_vault_name)

    @property
    def account(self) -> str:
        """The vault's account (``env.account``): literal for vaults imported by a literal ARN."""
        return self.env.account

    @property
    def region(self) -> str:
        """The vault's Region (``env.region``): literal for vaults imported by a literal ARN."""
        return self.env.region

    def retention_range(self) -> tuple[object, object] | None:
        """(min days, max days) every job into this vault must respect, or ``None`` when unlimited."""
        return None

    # ------------------------------------------------------------------ grants
    def grant(self, grantee: iam.IGrantable, *actions: str) -> iam.Grant:
        """Allow ``grantee`` the given ``backup:`` actions on this vault (identity policy).

        AWS Backup rejects wildcards in vault policies, and so does this method.
        """
        inputs.having(self, "grantee", grantee, "grant_principal", "an iam.IGrantable", required=True)
        names = inputs.required_list(self, "actions", list(actions), lambda p, v: inputs.required_str(self, p, v))
        inputs.enforce(self, rules.policy_actions(names))
        return iam.Grant.add_to_principal(grantee=grantee, actions=list(actions),
                                          resource_arns=[self.backup_vault_arn])

    # ------------------------------------------------------------------ CloudWatch
    def metric(self, metric_name: BackupMetric | str, *, statistic: str = "Sum",
               period: cdk.Duration | None = None, **props: Any) -> cloudwatch.Metric:
        """An ``AWS/Backup`` metric of this vault (dimension ``BackupVaultName``), summed over 5 minutes.

        For copy jobs AWS reports the metric on the destination vault.
        """
        from aws_cdk import aws_cloudwatch as cloudwatch

        from cdk_backup.events import BackupMetric

        name = inputs.enum_text(self, "metric_name", metric_name, BackupMetric)
        return cloudwatch.Metric(
            namespace="AWS/Backup", metric_name=str(inputs.rendered(name)),
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

        inputs.required_str(self, "id", id)
        inputs.required_str(self, "detail_type", detail_type)
        inputs.instance(self, "detail", detail, dict, "a dict (an EventBridge detail pattern)")
        inputs.having(self, "target", target, "bind", "an events.IRuleTarget")
        inputs.optional_str(self, "description", description)
        inputs.optional_str(self, "rule_name", rule_name)
        pattern = events.EventPattern(source=["aws.backup"], detail_type=[detail_type], detail=detail)
        return events.Rule(self, id, event_pattern=pattern, targets=[target] if target else None,
                           description=description, rule_name=rule_name)

    def on_backup_job(self, id: str, *, states: Sequence[BackupJobState | str] | None = None,
                      target: events.IRuleTarget | None = None, description: str | None = None,
                      rule_name: str | None = None) -> events.Rule:
        """A rule on state changes of backup jobs into this vault (all states unless given)."""
        from cdk_backup.events import BackupJobState

        detail: dict[str, Any] = {"backupVaultName": [self.backup_vault_name]}
        if states:
            detail["state"] = [inputs.rendered(value) for value in inputs.required_list(
                self, "states", states, lambda p, v: inputs.enum_text(self, p, v, BackupJobState))]
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
        from cdk_backup.events import CopyJobState

        detail: dict[str, Any] = {"$or": [
            {"sourceBackupVaultArn": [self.backup_vault_arn]},
            {"destinationBackupVaultArn": [self.backup_vault_arn]},
        ]}
        if states:
            detail["state"] = [inputs.rendered(value) for value in inputs.required_list(
                self, "states", states, lambda p, v: inputs.enum_text(self, p, v, CopyJobState))]
        return self.on_event(id, detail_type="Copy Job State Change", detail=detail, target=target,
                             description=description, rule_name=rule_name)

    def on_copy_job_failed(self, id: str, *, target: events.IRuleTarget | None = None,
                           description: str | None = None, rule_name: str | None = None) -> events.Rule:
        """A rule on copy jobs from or into this vault that failed or only partly succeeded."""
        from cdk_backup.events import CopyJobState

        return self.on_copy_job(id, states=[CopyJobState.FAILED, CopyJobState.PARTIAL], target=target,
                                description=description, rule_name=rule_name)


class ImportedVault(VaultBase):
    """A vault defined elsewhere, known by name and ARN."""

    def __init__(self, scope: Construct, id: str, *, name: str, arn: str, literal_arn: str | None = None) -> None:
        super().__init__(scope, id, environment_from_arn=literal_arn)
        self._name = name
        self._arn = arn

    @property
    def backup_vault_name(self) -> str:
        return self._name

    @property
    def backup_vault_arn(self) -> str:
        return self._arn


# ---------------------------------------------------------------- shared by the vaults defined here
def default_vault_name(scope: Construct) -> str:
    """A name unique in the app, as aws-cdk-lib makes it: the last 50 characters of the unique id."""
    return inputs.default_name(scope, 50)


def encryption_key_arn(where: Construct, key: kms.IKey | str | None) -> str | None:
    """The ARN of a vault key; aliases are refused, AWS Backup needs the key ARN (C-R35)."""
    if key is None:
        return None
    if isinstance(key, str):
        arn = key
    elif hasattr(key, "alias_name"):  # kms.Alias, or an imported alias
        name = key.alias_name
        shown = Text("a kms.Alias") if inputs.is_token(name) else name
        inputs.enforce(where, [rules.ENCRYPTION_KEY_ARN.violation(shown)])
        raise AssertionError  # enforce raised
    elif hasattr(key, "key_arn"):
        arn = key.key_arn
    else:
        inputs.type_error(where, "encryption_key", "a kms.IKey or a key ARN", key)
    if not inputs.is_token(arn) or arn.startswith("alias/") or ":alias/" in arn:
        inputs.enforce(where, rules.key_arn(arn))
    return arn


def removal_policy(where: Construct, value: object) -> cdk.RemovalPolicy:
    """A vault's removal policy (RETAIN by default); SNAPSHOT is refused, DESTROY warned about."""
    policy = inputs.instance(where, "removal_policy", value, cdk.RemovalPolicy, "a RemovalPolicy", required=True)
    inputs.enforce(where, rules.removal_policy(policy.name), warn_on=where)
    return policy  # type: ignore[no-any-return]


def access_policy(where: Construct, document: object) -> iam.PolicyDocument | None:
    """A vault access policy: a PolicyDocument without wildcard actions."""
    if document is None:
        return None
    policy = inputs.instance(where, "access_policy", document, iam.PolicyDocument, "an iam.PolicyDocument")
    rendered = policy.to_json() or {}
    for statement in rendered.get("Statement", []):
        actions = statement.get("Action", [])
        inputs.enforce(where, rules.policy_actions([actions] if isinstance(actions, str) else actions))
    return policy  # type: ignore[no-any-return]


def notifications(owner: Construct, topic: sns.ITopic | None,
                  events: Sequence[BackupVaultEvents | str] | None) -> Any:
    """The L1 ``NotificationObjectType``, after letting AWS Backup publish to the topic."""

    from cdk_backup.events import DEFAULT_VAULT_EVENTS, DEPRECATED_VAULT_EVENTS, BackupVaultEvents

    inputs.having(owner, "notification_topic", topic, "topic_arn", "an sns.ITopic")
    chosen = inputs.optional_list(owner, "notification_events", events,
                                  lambda p, v: inputs.enum_text(owner, p, v, BackupVaultEvents))
    if topic is None:
        if chosen:
            inputs.enforce(owner, [rules.NOTIFICATION_EVENTS.violation(
                Text("events without a notification_topic"))])
        return None
    if chosen is None:
        chosen = [event.value for event in DEFAULT_VAULT_EVENTS]
    if not chosen:
        inputs.enforce(owner, [rules.NOTIFICATION_EVENTS.violation([])])
    values: list[Any] = []
    for value in chosen:
        if value not in values:
            values.append(value)
    deprecated = [v for v in values if known(v) and BackupVaultEvents(v) in DEPRECATED_VAULT_EVENTS]
    if deprecated:
        inputs.warn(owner, rules.DEPRECATED_EVENTS.violation(deprecated))
    statement = iam.PolicyStatement(
        sid="AllowAwsBackupNotifications",
        principals=[iam.ServicePrincipal(BACKUP_SERVICE)], actions=["sns:Publish"], resources=[topic.topic_arn],
        conditions={"ArnLike": {"aws:SourceArn": cdk.Stack.of(owner).format_arn(
            service="backup", resource="backup-vault", resource_name="*",
            arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME)}},
    )
    result = topic.add_to_resource_policy(statement)
    if result.statement_added:
        if result.policy_dependable is not None:
            owner.node.add_dependency(result.policy_dependable)
    else:
        inputs.warn(owner, rules.IMPORTED_TOPIC.violation(Text(topic.node.path)))
    return l1.CfnBackupVault.NotificationObjectTypeProperty(
        sns_topic_arn=topic.topic_arn, backup_vault_events=[inputs.rendered(v) for v in values])
