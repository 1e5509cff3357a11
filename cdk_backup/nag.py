"""Helpers for cdk-nag users: acknowledge the findings AWS Backup's own design implies, with reasons."""

from __future__ import annotations

from constructs import IConstruct

from cdk_backup._roles import AWS_BACKUP_MANAGED_POLICIES

__all__ = ["AWS_BACKUP_MANAGED_POLICIES", "MANAGED_POLICY_REASON", "acknowledge_aws_backup_managed_policies"]

MANAGED_POLICY_REASON = (
    "AWS Backup roles use the AWS managed policies AWS maintains for AWS Backup; AWS updates them as "
    "services and features are added, which a hand-written copy would not."
)


def acknowledge_aws_backup_managed_policies(scope: IConstruct, reason: str = MANAGED_POLICY_REASON) -> None:
    """Acknowledge cdk-nag's ``AwsSolutions-IAM4`` for exactly the AWS Backup managed policies, under ``scope``.

    Works with cdk-nag v3 (``Validations``); other IAM4 findings (other managed policies) still show.
    """
    import aws_cdk as cdk

    validations = cdk.Validations.of(scope)
    for name in AWS_BACKUP_MANAGED_POLICIES:
        validations.acknowledge(cdk.Acknowledgment(
            id=f"AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/{name}]", reason=reason))
