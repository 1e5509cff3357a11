"""The service role AWS Backup assumes, rendered the way ``iam.Role`` renders it, in one jsii call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aws_cdk import aws_iam as iam

from cdk_backup._arns import managed_policy_arn
from cdk_backup._l1 import new_construct, new_l1

TRUST_BACKUP = {
    "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}}],
    "Version": "2012-10-17",
}


def backup_service_role(scope: Any, policies: Sequence[str]) -> iam.CfnRole:
    """A role trusted by ``backup.amazonaws.com`` with these AWS managed policies, at ``scope/Role``.

    The ``Role/Resource`` path gives the same logical id as an ``iam.Role`` named ``Role``; like
    ``iam.Role``, a role without managed policies has no ``ManagedPolicyArns``.
    """
    return new_l1(iam.CfnRole, new_construct(scope, "Role"), "Resource", {
        "assumeRolePolicyDocument": TRUST_BACKUP,
        "managedPolicyArns": [managed_policy_arn(name) for name in policies] or None,
    })


def set_role_policies(role: iam.CfnRole, policies: Sequence[str]) -> None:
    """Replace the managed policies of a role made by :func:`backup_service_role`."""
    from cdk_backup._l1 import set_l1

    set_l1(role, "managed_policy_arns", [managed_policy_arn(name) for name in policies])
