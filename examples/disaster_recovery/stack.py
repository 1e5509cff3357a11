"""Disaster recovery: copies to another Region's vault, to another account's vault, and to an
air-gapped vault shared with the recovery account through AWS RAM, with the vault policies that let
the copies in.

Three stacks: the production account's source stack (us-east-1), a vault in another Region of the same
account (eu-west-1), and a central vault in the recovery account (222233334444, eu-central-1).
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

import cdk_backup as backup

PRODUCTION = cdk.Environment(account="111122223333", region="us-east-1")
SECOND_REGION = cdk.Environment(account="111122223333", region="eu-west-1")
RECOVERY = cdk.Environment(account="222233334444", region="eu-central-1")
days = cdk.Duration.days


class CopyTargetStack(cdk.Stack):
    """A vault that accepts copies from the production account only (backup:CopyIntoBackupVault)."""

    def __init__(self, scope: Construct, id: str, *, vault_name: str, source_account: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        key = kms.Key(self, "Key", enable_key_rotation=True, description="Disaster recovery vault")
        self.vault = backup.BackupVault(self, "Vault", backup_vault_name=vault_name, encryption_key=key,
                                        block_recovery_point_deletion=True)
        self.vault.add_to_access_policy(iam.PolicyStatement(
            sid="AllowCopiesFromProduction", principals=[iam.AccountPrincipal(source_account)],
            actions=["backup:CopyIntoBackupVault"], resources=["*"]))
        self.vault.lock(min_retention=days(7), max_retention=days(400))


class SourceStack(cdk.Stack):
    """Daily backups copied to another Region, another account and an air-gapped vault."""

    def __init__(self, scope: Construct, id: str, *, region_vault_arn: str, account_vault_arn: str,
                 **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        key = kms.Key(self, "Key", enable_key_rotation=True, description="Production backup vault")
        # Cross-account copies of non-fully-managed types need the source key shared with the target.
        key.grant_decrypt(iam.AccountPrincipal(RECOVERY.account))
        vault = backup.BackupVault(self, "Vault", encryption_key=key, block_recovery_point_deletion=True)
        other_region = backup.BackupVault.from_backup_vault_arn(self, "OtherRegion", region_vault_arn)
        other_account = backup.BackupVault.from_backup_vault_arn(self, "OtherAccount", account_vault_arn)
        air_gapped = backup.LogicallyAirGappedVault(self, "AirGapped", min_retention=days(7),
                                                    max_retention=days(400))
        # The recovery account can restore from the air-gapped copies even if this account is lost
        # (it accepts the AWS RAM invitation once; add mpa_approval_team_arn= for multi-party approval).
        air_gapped.share_with(RECOVERY.account or "")
        copies = [backup.BackupPlanCopyActionProps(v, delete_after=days(90))
                  for v in (other_region, other_account, air_gapped)]
        plan = backup.BackupPlan(self, "Plan", backup_vault=vault, backup_plan_rules=[
            backup.BackupPlanRule(rule_name="DailyWithCopies", schedule_expression="cron(0 2 * * ? *)",
                                  delete_after=days(35), copy_actions=copies),
        ])
        plan.add_selection("Tagged", resources=[backup.BackupResource.from_tag("disaster-recovery", "true")])
        backup.acknowledge_aws_backup_managed_policies(self)


def build(app: cdk.App) -> list[cdk.Stack]:
    second = CopyTargetStack(app, "DrSecondRegion", vault_name="dr-second-region",
                             source_account=PRODUCTION.account or "", env=SECOND_REGION)
    central = CopyTargetStack(app, "DrRecoveryAccount", vault_name="dr-central",
                              source_account=PRODUCTION.account or "", env=RECOVERY)
    source = SourceStack(
        app, "DrProduction", env=PRODUCTION,
        region_vault_arn=f"arn:aws:backup:{SECOND_REGION.region}:{SECOND_REGION.account}:backup-vault:dr-second-region",
        account_vault_arn=f"arn:aws:backup:{RECOVERY.region}:{RECOVERY.account}:backup-vault:dr-central")
    return [second, central, source]
