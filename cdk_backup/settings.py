"""Account settings of AWS Backup that CloudFormation has no resource type for.

``BackupRegionSettings`` calls ``UpdateRegionSettings`` (which resource types AWS Backup protects in
the stack's Region, and which it fully manages); ``BackupGlobalSettings`` calls
``UpdateGlobalSettings`` (cross-account backup, multi-party approval, delegated administrator). Both
are ``custom_resources.AwsCustomResource``s that make the call when the stack creates or updates
them, with a role that may make exactly that call (``Resource: "*"``, as these API calls act on the
account and take no resource ARN).

Behaviour on update and delete:

- Each deployment that changes the construct makes the call again with the maps as they are now. A
  key removed from a map is not reset: the API only changes the keys it is given.
- Deleting the construct (or its stack) leaves the settings as they are: no call is made. AWS has no
  single "default" to go back to (it depends on when the account started using AWS Backup), and
  turning a resource type's opt-in off would silently stop its backups.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import custom_resources as cr
from constructs import Construct

from cdk_backup import _inputs as inputs
from cdk_backup.rules import settings as rules

PROVIDER_REASON = (
    "AWS Backup account settings have no CloudFormation type: aws-cdk-lib's AwsCustomResource provider makes "
    "the one API call while the stack deploys; the call acts on the account and takes no resource ARN."
)
_PROVIDER_FINDINGS = (
    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
    "AwsSolutions-L1", "NIST.800.53.R5-LambdaConcurrency", "NIST.800.53.R5-LambdaDLQ",
    "NIST.800.53.R5-LambdaInsideVPC",
)


class _AccountSettings(cdk.Resource):
    """A settings call made by an ``AwsCustomResource`` on create and update, nothing on delete."""

    _action: str
    _kind: str

    def _call(self, parameters: dict[str, Any]) -> cr.AwsCustomResource:
        call = cr.AwsSdkCall(service="Backup", action=self._action, parameters=parameters,
                             physical_resource_id=cr.PhysicalResourceId.of(self._kind))
        policy = cr.AwsCustomResourcePolicy.from_statements([
            iam.PolicyStatement(actions=[f"backup:{self._action}"], resources=["*"])])
        resource = cr.AwsCustomResource(self, "Resource", resource_type=f"Custom::{self._kind}",
                                        on_create=call, on_update=call, policy=policy,
                                        install_latest_aws_sdk=False)
        _count_in_stack(self, self._kind)
        return resource

    def apply_removal_policy(self, policy: cdk.RemovalPolicy) -> None:
        """Apply ``policy`` to the custom resource (deleting it makes no call either way)."""
        child = self.custom_resource.node.default_child
        assert child is not None
        cfn = child.node.default_child
        assert isinstance(cfn, cdk.CfnResource)
        cfn.apply_removal_policy(policy)

    def acknowledge_provider_findings(self, reason: str = PROVIDER_REASON) -> None:
        """Acknowledge the cdk-nag findings this construct cannot avoid, on exactly what causes them.

        Its policy allows one API call on ``Resource: "*"`` (the call takes no resource ARN), inline on
        the provider's role; the provider is aws-cdk-lib's shared ``AwsCustomResource`` function (managed
        ``AWSLambdaBasicExecutionRole``, no VPC, DLQ or reserved concurrency), which runs only while
        CloudFormation deploys. Works with cdk-nag v3 (``Validations``).
        """
        acknowledge = cdk.Validations.of(self).acknowledge
        for finding in ("AwsSolutions-IAM5[Resource::*]", "NIST.800.53.R5-IAMNoInlinePolicy"):
            acknowledge(cdk.Acknowledgment(id=finding, reason=reason))
        provider = cdk.Stack.of(self).node.try_find_child(
            "AWS" + cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", ""))
        if provider is not None:
            on_provider = cdk.Validations.of(provider).acknowledge
            for finding in _PROVIDER_FINDINGS:
                on_provider(cdk.Acknowledgment(id=finding, reason=reason))

    @property
    def custom_resource(self) -> cr.AwsCustomResource:
        """The ``AwsCustomResource`` that makes the call."""
        return self._resource

    _resource: cr.AwsCustomResource


class BackupRegionSettings(_AccountSettings):
    """AWS Backup's settings for the stack's Region (``UpdateRegionSettings``).

    Example::

        backup.BackupRegionSettings(self, "Settings",
            resource_type_opt_in_preference={"DynamoDB": True, "EFS": True, "S3": True},
            resource_type_management_preference={"DynamoDB": True})

    The settings apply to the account and Region of the stack; deleting the construct leaves them as
    they are (see the module documentation).
    """

    _action = "UpdateRegionSettings"
    _kind = "BackupRegionSettings"

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        resource_type_opt_in_preference: Mapping[str, bool] | None = None,
        resource_type_management_preference: Mapping[str, bool] | None = None,
    ) -> None:
        """
        :param resource_type_opt_in_preference: resource type name (``"DynamoDB"``, ``"Storage Gateway"``,
            ...) → whether AWS Backup protects resources of that type in this Region. Resources a plan
            assigns by ARN or resource type are backed up either way; tag-only assignments follow this.
        :param resource_type_management_preference: resource type name → whether AWS Backup fully manages
            its backups (independent encryption, backup ARNs, billing under Backup): DynamoDB and EFS.
        """
        super().__init__(scope, id)
        opt_in = self._preferences("resource_type_opt_in_preference", resource_type_opt_in_preference)
        management = self._preferences("resource_type_management_preference", resource_type_management_preference)
        inputs.enforce(self, rules.region_settings(opt_in, management), warn_on=self)
        parameters: dict[str, Any] = {}
        if opt_in:
            parameters["ResourceTypeOptInPreference"] = {key: inputs.rendered(v) for key, v in opt_in.items()}
        if management:
            parameters["ResourceTypeManagementPreference"] = {key: inputs.rendered(v) for key, v in management.items()}
        self._resource = self._call(parameters)

    def _preferences(self, prop: str, value: object) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, Mapping):
            inputs.type_error(self, prop, "a dict of resource type name to bool", value)
        found: dict[str, Any] = {}
        for key, flag in value.items():
            if not isinstance(key, str):
                inputs.type_error(self, f"{prop} key", "a resource type name", key)
            found[key] = flag if inputs.is_token(flag) else inputs.required_bool(self, f"{prop}[{key!r}]", flag)
        return found


class BackupGlobalSettings(_AccountSettings):
    """AWS Backup's account-wide settings (``UpdateGlobalSettings``).

    Example (in the organization's management account)::

        backup.BackupGlobalSettings(self, "Global", global_settings={"isCrossAccountBackupEnabled": True})

    ``UpdateGlobalSettings`` only works in an AWS Organizations management account; elsewhere the
    deployment fails. Deleting the construct leaves the settings as they are.
    """

    _action = "UpdateGlobalSettings"
    _kind = "BackupGlobalSettings"

    def __init__(self, scope: Construct, id: str, *, global_settings: Mapping[str, str | bool]) -> None:
        """
        :param global_settings: flag → ``"true"``/``"false"`` or a bool: ``isCrossAccountBackupEnabled``
            (copies to other accounts of the organization), ``isMpaEnabled`` (multi-party approval),
            ``isDelegatedAdministratorEnabled``.
        """
        super().__init__(scope, id)
        if not isinstance(global_settings, Mapping):
            inputs.type_error(self, "global_settings", "a dict of flag name to 'true'/'false' or bool",
                              global_settings)
        settings: dict[str, Any] = {}
        for key, value in global_settings.items():
            if not isinstance(key, str):
                inputs.type_error(self, "global_settings key", "a flag name", key)
            if isinstance(value, bool):
                settings[key] = "true" if value else "false"
            elif isinstance(value, str):
                text = inputs.required_str(self, f"global_settings[{key!r}]", value)
                settings[key] = text.lower() if isinstance(text, str) else text
            else:
                inputs.type_error(self, f"global_settings[{key!r}]", "'true', 'false' or a bool", value)
        inputs.enforce(self, rules.global_settings(settings))
        self._resource = self._call({"GlobalSettings": {k: inputs.rendered(v) for k, v in settings.items()}})


_SETTINGS: weakref.WeakKeyDictionary[cdk.Stack, dict[str, int]] = weakref.WeakKeyDictionary()
"""How many settings constructs of each kind a stack has (a weak mapping: gone stacks are forgotten)."""


def _count_in_stack(construct: _AccountSettings, kind: str) -> None:
    stack = cdk.Stack.of(construct)
    counts = _SETTINGS.get(stack)
    if counts is None:
        counts = _SETTINGS[stack] = {}
    if kind not in counts:
        counts[kind] = 0
        inputs.check_at_synth(stack, lambda: rules.set_twice(kind, counts[kind]))
    counts[kind] += 1
