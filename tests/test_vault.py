"""BackupVault, VaultLock and LogicallyAirGappedVault."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns

import cdk_backup as backup
from tests.conftest import assert_builds_clean, assert_rejected, new_stack, only, resources_of, table_ids, warnings_of

days = cdk.Duration.days


# ---------------------------------------------------------------- snapshots
def test_default_vault_is_retained_with_a_unique_name(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    backup.BackupVault(stack, "Vault")
    template = synth(stack)
    vault = resources_of(template, "AWS::Backup::BackupVault")["Vault23237E5B"]
    assert vault["DeletionPolicy"] == "Retain" and vault["UpdateReplacePolicy"] == "Retain"
    from aws_cdk import aws_backup

    reference = new_stack(name="TestStack")
    aws_backup.BackupVault(reference, "Vault")
    expected = resources_of(synth(reference), "AWS::Backup::BackupVault")["Vault23237E5B"]
    assert vault == expected  # the same name and policies as aws-cdk-lib's vault
    assert template == snapshot_json


def test_secure_vault(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    topic = sns.Topic(stack, "Topic")
    vault = backup.BackupVault(stack, "Vault", backup_vault_name="prod-vault", encryption_key=key,
                               notification_topic=topic, block_recovery_point_deletion=True)
    vault.add_to_access_policy(iam.PolicyStatement(
        effect=iam.Effect.ALLOW, principals=[iam.AccountPrincipal("111122223333")],
        actions=["backup:CopyIntoBackupVault"], resources=["*"]))
    vault.lock(min_retention=days(7), max_retention=days(365))
    template = synth(stack)
    props = only(template, "AWS::Backup::BackupVault")
    assert props["LockConfiguration"] == {"MinRetentionDays": 7, "MaxRetentionDays": 365}
    assert props["Notifications"]["BackupVaultEvents"] == [e.value for e in backup.DEFAULT_VAULT_EVENTS]
    deny = props["AccessPolicy"]["Statement"][0]
    assert deny["Effect"] == "Deny" and deny["Principal"] == {"AWS": "*"} and deny["Resource"] == "*"
    assert sorted(deny["Action"]) == sorted(backup.RECOVERY_POINT_PROTECTION_ACTIONS)
    topic_policy = only(template, "AWS::SNS::TopicPolicy")
    assert topic_policy["PolicyDocument"]["Statement"][0]["Principal"] == {"Service": "backup.amazonaws.com"}
    vault_resource = resources_of(template, "AWS::Backup::BackupVault")
    assert "TopicPolicyA1747468" in next(iter(vault_resource.values()))["DependsOn"]
    assert template == snapshot_json


# Vaults that aws-cdk-lib's BackupVault builds for us (one jsii call), then changed after construction.
PLAIN_VAULTS: list[Callable[[cdk.Stack], object]] = [
    lambda s: backup.BackupVault(s, "Vault"),
    lambda s: backup.BackupVault(s, "Vault", backup_vault_name="named-vault"),
    lambda s: backup.BackupVault(s, "Vault", encryption_key=kms.Key(s, "Key")),
    lambda s: backup.BackupVault(s, "Vault", encryption_key=kms.Key.from_key_arn(
        s, "Imported", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
    lambda s: backup.BackupVault(s, "Vault", removal_policy=cdk.RemovalPolicy.DESTROY),
    lambda s: backup.BackupVault(s, "Vault").block_recovery_point_deletion(),
    lambda s: backup.BackupVault(s, "Vault").lock(min_retention=days(7)),
    lambda s: backup.BackupVault(s, "Vault").add_to_access_policy(iam.PolicyStatement(
        principals=[iam.AccountPrincipal("111122223333")], actions=["backup:CopyIntoBackupVault"], resources=["*"])),
    lambda s: backup.BackupPlan.daily35_day_retention(s, "Plan", backup.BackupVault(s, "Vault")),
    lambda s: s.node.add_dependency(backup.BackupVault(s, "Vault").node.default_child),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("build", PLAIN_VAULTS, ids=table_ids(PLAIN_VAULTS))
def test_plain_vaults_render_the_same_built_either_way(build: Callable[[cdk.Stack], object], synth: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from aws_cdk import aws_backup

    from cdk_backup import vault as vault_module

    fast = new_stack()
    build(fast)
    assert isinstance(fast.node.find_child("Vault").node.default_child, aws_backup.CfnBackupVault)
    monkeypatch.setattr(vault_module, "_L2_CARRIER", False)
    slow = new_stack()
    build(slow)
    assert synth(fast) == synth(slow)


def test_exempt_principals_keep_the_policy_updatable(stack: cdk.Stack, synth: Any) -> None:
    vault = backup.BackupVault(stack, "Vault")
    vault.block_recovery_point_deletion(exempt_principal_arns=["arn:aws:iam::111122223333:role/Deployer"])
    deny = only(synth(stack), "AWS::Backup::BackupVault")["AccessPolicy"]["Statement"][0]
    assert deny["Condition"] == {"ArnNotLike": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:role/Deployer"]}}


def test_compliance_lock_from_lock_configuration(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    vault = backup.BackupVault(stack, "Vault", lock_configuration=backup.LockConfiguration(
        min_retention=days(30), max_retention=days(2557), changeable_for=days(3)))
    assert vault.vault_lock is not None and vault.vault_lock.mode is backup.VaultLockMode.COMPLIANCE
    template = synth(stack)
    assert only(template, "AWS::Backup::BackupVault")["LockConfiguration"] == {
        "MinRetentionDays": 30, "MaxRetentionDays": 2557, "ChangeableForDays": 3}
    [warning] = [w for w in warnings_of(stack) if "vaultLockCompliance" in w]
    assert "3 days after the deployment" in warning and "immutable" in warning
    assert template == snapshot_json


def test_governance_lock_construct(stack: cdk.Stack, synth: Any) -> None:
    vault = backup.BackupVault(stack, "Vault")
    lock = backup.VaultLock(stack, "Lock", backup_vault=vault, min_retention=days(1))
    assert lock.mode is backup.VaultLockMode.GOVERNANCE
    assert only(synth(stack), "AWS::Backup::BackupVault")["LockConfiguration"] == {"MinRetentionDays": 1}
    assert not [w for w in warnings_of(stack) if "vaultLockCompliance" in w]


def test_air_gapped_vault_receives_copies(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    lag = backup.LogicallyAirGappedVault(stack, "AirGapped", min_retention=days(7), max_retention=days(90))
    plan = backup.BackupPlan(stack, "Plan", backup_plan_rules=[backup.BackupPlanRule(
        rule_name="Daily", schedule_expression="cron(0 5 * * ? *)", delete_after=days(35),
        copy_actions=[backup.BackupPlanCopyActionProps(lag, delete_after=days(35))])])
    plan.add_selection("Tagged", resources=[backup.BackupResource.from_tag("backup", "true")])
    template = synth(stack)
    props = only(template, "AWS::Backup::LogicallyAirGappedBackupVault")
    assert (props["MinRetentionDays"], props["MaxRetentionDays"]) == (7, 90)
    copy = only(template, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanRule"][0]["CopyActions"][0]
    assert copy["DestinationBackupVaultArn"] == {"Fn::GetAtt": ["AirGappedB22F77BE", "BackupVaultArn"]}
    assert template == snapshot_json


def test_imported_vaults_cross_account_and_region(stack: cdk.Stack) -> None:
    by_arn = backup.BackupVault.from_backup_vault_arn(
        stack, "Remote", "arn:aws:backup:eu-west-1:222233334444:backup-vault:central")
    assert (by_arn.backup_vault_name, by_arn.account, by_arn.region) == ("central", "222233334444", "eu-west-1")
    by_name = backup.BackupVault.from_backup_vault_name(stack, "Local", "local-vault")
    assert stack.resolve(by_name.backup_vault_arn) == {"Fn::Join": ["", [
        "arn:", {"Ref": "AWS::Partition"}, ":backup:", {"Ref": "AWS::Region"}, ":",
        {"Ref": "AWS::AccountId"}, ":backup-vault:local-vault"]]}


def test_grant_adds_an_identity_policy(stack: cdk.Stack, synth: Any) -> None:
    vault = backup.BackupVault(stack, "Vault")
    role = iam.Role(stack, "Role", assumed_by=iam.AccountRootPrincipal())
    vault.grant(role, "backup:StartBackupJob")
    statement = only(synth(stack), "AWS::IAM::Policy")["PolicyDocument"]["Statement"][0]
    assert statement["Action"] == "backup:StartBackupJob"
    assert statement["Resource"] == {"Fn::GetAtt": ["Vault23237E5B", "BackupVaultArn"]}


def test_metrics_and_events_are_one_line(stack: cdk.Stack, synth: Any) -> None:
    from aws_cdk import aws_cloudwatch as cloudwatch

    topic = sns.Topic(stack, "Alerts")
    vault = backup.BackupVault(stack, "Vault")
    metric = vault.metric_backup_jobs_failed()
    assert (metric.namespace, metric.metric_name, metric.statistic) == ("AWS/Backup", "NumberOfBackupJobsFailed", "Sum")
    cloudwatch.Alarm(stack, "Alarm", metric=metric, threshold=1, evaluation_periods=1)
    vault.on_backup_job_failed("Failed", target=targets.SnsTopic(topic))
    vault.on_copy_job_failed("CopyFailed")
    template = synth(stack)
    patterns = [r["Properties"]["EventPattern"] for r in resources_of(template, "AWS::Events::Rule").values()]
    assert {"source": ["aws.backup"], "detail-type": ["Backup Job State Change"], "detail": {
        "backupVaultName": [{"Fn::GetAtt": ["Vault23237E5B", "BackupVaultName"]}],
        "state": ["FAILED", "EXPIRED", "ABORTED"]}} in patterns
    alarm = only(template, "AWS::CloudWatch::Alarm")
    assert alarm["Dimensions"] == [{"Name": "BackupVaultName", "Value": {"Fn::GetAtt": ["Vault23237E5B",
                                                                                       "BackupVaultName"]}}]


# ---------------------------------------------------------------- bad inputs
def _vault(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: backup.BackupVault(stack, "Vault", **kwargs)


def _lock(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: backup.BackupVault(stack, "Vault").lock(**kwargs)


def _lag(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    defaults: dict[str, Any] = {"min_retention": days(7), "max_retention": days(35)}
    return lambda stack: backup.LogicallyAirGappedVault(stack, "Lag", **{**defaults, **kwargs})


def _twice(stack: cdk.Stack) -> None:
    vault = backup.BackupVault(stack, "Vault")
    vault.lock(min_retention=days(1))
    backup.VaultLock(stack, "Other", backup_vault=vault, min_retention=days(2))


BAD_INPUTS = [
    (_vault(backup_vault_name="a"), r"TestStack/Vault: backup_vault_name must be 2 to 50 .* got 'a' \[C-R1/A-R5\]"),
    (_vault(backup_vault_name="my.vault"), r"got 'my.vault' \[C-R1/A-R5\]"),
    (_vault(backup_vault_name="x" * 51), r"backup_vault_name must be 2 to 50"),
    (_vault(backup_vault_name="aws/efs/automatic-backup-vault"), r"\[C-R1/A-R5\]"),
    (_vault(encryption_key="alias/aws/backup"), r"encryption_key must be a KMS key ARN, not an alias, got 'alias/aws/backup' \[C-R35\]"),
    (_vault(encryption_key="arn:aws:kms:us-east-1:111122223333:alias/mine"), r"\[C-R35\]"),
    (lambda s: backup.BackupVault(s, "V", encryption_key=kms.Alias.from_alias_name(s, "A", "alias/mine")),
     r"encryption_key must be a KMS key ARN, not an alias, got 'alias/mine' \[C-R35\]"),
    (lambda s: backup.BackupVault(s, "V", encryption_key=kms.Alias(s, "A", alias_name="alias/mine",
                                                                   target_key=kms.Key(s, "K"))),
     r"not an alias, got a kms.Alias \[C-R35\]"),
    (lambda s: backup.BackupVault(s, "V", encryption_key=f"arn:{cdk.Aws.PARTITION}:kms:us-east-1:111122223333:alias/x"),
     r"\[C-R35\]"),
    (_vault(notification_events=[backup.BackupVaultEvents.BACKUP_JOB_STARTED]), r"notification_events must be .*got events without a notification_topic \[C-R36\]"),
    (lambda s: backup.BackupVault(s, "Vault", notification_topic=sns.Topic(s, "T"), notification_events=[]), r"got \[\] \[C-R36\]"),
    (lambda s: backup.BackupVault(s, "Vault", notification_topic=sns.Topic(s, "T"), notification_events=["JOB_DONE"]), r"got 'JOB_DONE' \[C-R36\]"),
    (_vault(access_policy=iam.PolicyDocument(statements=[iam.PolicyStatement(actions=["backup:*"], resources=["*"], principals=[iam.AnyPrincipal()])])), r"must not use a wildcard .* got 'backup:\*' \[A-R78\]"),
    (lambda s: backup.BackupVault(s, "Vault").add_to_access_policy(iam.PolicyStatement(actions=["backup:Delete*"], resources=["*"], principals=[iam.AnyPrincipal()])), r"\[A-R78\]"),
    (lambda s: backup.BackupVault(s, "Vault").grant(iam.Role(s, "R", assumed_by=iam.AccountRootPrincipal()), "backup:*"), r"\[A-R78\]"),
    (_lock(min_retention=cdk.Duration.hours(12)), r"min_retention must be a whole number of days, got 12 hours \[C-R18\]"),
    (_lock(min_retention=days(0)), r"TestStack/Vault/Lock: min_retention must be between 1 and 36,500 days, got 0 days"),
    (_lock(min_retention=days(1), max_retention=days(36501)), r"max_retention must be between 1 and 36,500 days, got 36501 days"),
    (_lock(min_retention=days(30), max_retention=days(7)), r"max_retention must be at least min_retention \(30 days\), got 7 days \[A-R88\]"),
    (_lock(min_retention=days(1), changeable_for=days(2)), r"changeable_for must be between 3 and 36,500 days, got 2 days"),
    (_lock(min_retention=days(1), changeable_for=days(36501)), r"changeable_for must be between 3 and 36,500 days"),
    (_twice, r"must be locked at most once"),
    (lambda s: backup.VaultLock(s, "L", backup_vault=backup.BackupVault.from_backup_vault_name(s, "I", "abc"), min_retention=days(1)), r"must be a vault defined in this app"),
    (_lag(min_retention=days(6)), r"min_retention must be between 7 and 36,500 days, got 6 days"),
    (_lag(max_retention=days(36501)), r"max_retention must be between 7 and 36,500 days"),
    (_lag(min_retention=days(40), max_retention=days(35)), r"max_retention must be at least min_retention \(40 days\)"),
    (_lag(backup_vault_name="bad name"), r"\[C-R1/A-R5\]"),
    (lambda s: backup.BackupVault.from_backup_vault_arn(s, "X", "arn:aws:s3:::bucket"), r"destination_backup_vault|backup_vault_arn"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS, ids=table_ids(BAD_INPUTS))
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


# ---------------------------------------------------------------- edges that must pass
EDGES = [
    _vault(backup_vault_name="ab"),
    _vault(backup_vault_name="A_b-" + "x" * 46),
    _lock(min_retention=days(1)),
    _lock(min_retention=days(36500), max_retention=days(36500)),
    _lock(min_retention=days(30), max_retention=days(30)),
    _lock(min_retention=days(1), changeable_for=days(3)),
    _lock(min_retention=days(1), changeable_for=days(36500)),
    _lock(min_retention=cdk.Duration.hours(24)),
    _lag(min_retention=days(7), max_retention=days(7)),
    _lag(min_retention=days(7), max_retention=days(36500)),
    _vault(encryption_key="arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
]


@pytest.mark.parametrize("build", EDGES, ids=table_ids(EDGES))
def test_edge_values_pass_and_lint(build: Callable[[cdk.Stack], object]) -> None:
    assert_builds_clean(build)


def test_tokens_are_never_rejected(synth: Any) -> None:
    stack = new_stack()
    name = cdk.CfnParameter(stack, "Name").value_as_string
    number = cdk.CfnParameter(stack, "Days", type="Number").value_as_number
    vault = backup.BackupVault(stack, "Vault", backup_vault_name=name,
                               encryption_key=cdk.CfnParameter(stack, "Key").value_as_string)
    vault.lock(min_retention=days(number), max_retention=days(number), changeable_for=days(number))
    backup.LogicallyAirGappedVault(stack, "Lag", min_retention=days(number), max_retention=days(number))
    props = only(synth(stack), "AWS::Backup::BackupVault")
    assert props["LockConfiguration"]["MinRetentionDays"] == {"Ref": "Days"}


# ---------------------------------------------------------------- warnings
def test_destroy_and_deprecated_events_warn(stack: cdk.Stack) -> None:
    backup.BackupVault(stack, "Vault", removal_policy=cdk.RemovalPolicy.DESTROY,
                       notification_topic=sns.Topic(stack, "T"),
                       notification_events=[backup.BackupVaultEvents.BACKUP_JOB_FAILED])
    found = warnings_of(stack)
    assert any("cdk-backup:vaultRemovalDestroy" in w for w in found)
    assert any("cdk-backup:deprecatedVaultEvents" in w and "BACKUP_JOB_FAILED" in w for w in found)


def test_imported_topic_warns_about_its_policy(stack: cdk.Stack) -> None:
    topic = sns.Topic.from_topic_arn(stack, "T", "arn:aws:sns:us-east-1:111122223333:alerts")
    backup.BackupVault(stack, "Vault", notification_topic=topic)
    assert any("cdk-backup:importedTopicPolicy" in w for w in warnings_of(stack))
