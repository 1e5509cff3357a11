"""cdk-nag: the AWS Backup managed policies on selection roles (real iam.Roles) can be acknowledged, and only them."""

from __future__ import annotations

import aws_cdk as cdk
import cdk_nag
from aws_cdk import aws_backup
from aws_cdk import aws_iam as iam

import cdk_backup as backup
from tests.conftest import nag_findings, new_stack


def _iam4(acknowledge: bool) -> list[str]:
    """``<policy> <construct path>`` of each AwsSolutions-IAM4 finding."""
    def build(app: cdk.App) -> None:
        stack = new_stack(app, "Nag")
        plan = aws_backup.BackupPlan.from_backup_plan_id(stack, "Plan", "plan-id")
        backup.BackupSelection(stack, "Sel", backup_plan=plan, allow_restores=True,
                               resources=[backup.BackupResource.from_tag("a", "b")])
        other = iam.Role(stack, "Other", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        other.add_managed_policy(iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess"))
        if acknowledge:
            backup.acknowledge_aws_backup_managed_policies(stack)

    return sorted(f"{v['ruleName'].rsplit('/', 1)[-1]} {v['violatingConstructs'][0]['constructPath']}"
                  for v in nag_findings(build, cdk_nag.AwsSolutionsChecks)
                  if v["ruleName"].startswith("AwsSolutions-IAM4"))


def test_only_the_aws_backup_managed_policies_are_acknowledged() -> None:
    assert _iam4(acknowledge=False) == [
        "AWSBackupServiceRolePolicyForBackup] Nag/Sel/Role/Resource",
        "AWSBackupServiceRolePolicyForRestores] Nag/Sel/Role/Resource",
        "ReadOnlyAccess] Nag/Other/Resource"]
    assert _iam4(acknowledge=True) == ["ReadOnlyAccess] Nag/Other/Resource"]
