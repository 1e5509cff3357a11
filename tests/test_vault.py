"""BackupVault and VaultLock."""

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


# Plain vaults render exactly what aws-cdk-lib's BackupVault renders for the same keywords.
SAME_AS_AWS_CDK: list[tuple[str, dict[str, Any]]] = [
    ("default", {}),
    ("named", {"backup_vault_name": "named-vault"}),
    ("destroy", {"removal_policy": cdk.RemovalPolicy.DESTROY}),
    ("key-arn", {"encryption_key": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}),
]


@pytest.mark.parametrize("name, kwargs", SAME_AS_AWS_CDK, ids=[c[0] for c in SAME_AS_AWS_CDK])
def test_plain_vaults_render_as_aws_cdk_lib(name: str, kwargs: dict[str, Any], synth: Any) -> None:
    from aws_cdk import aws_backup

    ours, theirs = new_stack(), new_stack()
    key = kwargs.pop("encryption_key", None)
    backup.BackupVault(ours, "Vault", encryption_key=key, **kwargs)
    aws_backup.BackupVault(theirs, "Vault", encryption_key=kms.Key.from_key_arn(theirs, "K", key) if key else None,
                           **kwargs)
    assert synth(ours) == synth(theirs)


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


def _twice(stack: cdk.Stack) -> None:
    vault = backup.BackupVault(stack, "Vault")
    vault.lock(min_retention=days(1))
    backup.VaultLock(stack, "Other", backup_vault=vault, min_retention=days(2))


BAD_INPUTS = [
    (_vault(backup_vault_name="a"), r"TestStack/Vault: backup_vault_name must be 2 to 50 .* got 'a' \[vaultName\]"),
    (_vault(backup_vault_name="my.vault"), r"got 'my.vault' \[vaultName\]"),
    (_vault(backup_vault_name="x" * 51), r"backup_vault_name must be 2 to 50"),
    (_vault(backup_vault_name="aws/efs/automatic-backup-vault"), r"\[vaultName\]"),
    (_vault(encryption_key="alias/aws/backup"), r"encryption_key must be a KMS key ARN, not an alias, got 'alias/aws/backup' \[vaultKeyArn\]"),
    (_vault(encryption_key="arn:aws:kms:us-east-1:111122223333:alias/mine"), r"\[vaultKeyArn\]"),
    (lambda s: backup.BackupVault(s, "V", encryption_key=kms.Alias.from_alias_name(s, "A", "alias/mine")),
     r"encryption_key must be a KMS key ARN, not an alias, got 'alias/mine' \[vaultKeyArn\]"),
    (lambda s: backup.BackupVault(s, "V", encryption_key=kms.Alias(s, "A", alias_name="alias/mine",
                                                                   target_key=kms.Key(s, "K"))),
     r"not an alias, got a kms.Alias \[vaultKeyArn\]"),
    (lambda s: backup.BackupVault(s, "V", encryption_key=f"arn:{cdk.Aws.PARTITION}:kms:us-east-1:111122223333:alias/x"),
     r"\[vaultKeyArn\]"),
    (_vault(notification_events=[backup.BackupVaultEvents.BACKUP_JOB_STARTED]), r"notification_events must be .*got events without a notification_topic \[vaultNotificationEvents\]"),
    (lambda s: backup.BackupVault(s, "Vault", notification_topic=sns.Topic(s, "T"), notification_events=[]), r"got \[\] \[vaultNotificationEvents\]"),
    (lambda s: backup.BackupVault(s, "Vault", notification_topic=sns.Topic(s, "T"), notification_events=["JOB_DONE"]), r"notification_events\[0\] must be one of BACKUP_JOB_STARTED, .* got 'JOB_DONE' \[inputEnum\]"),
    (_vault(access_policy=iam.PolicyDocument(statements=[iam.PolicyStatement(actions=["backup:*"], resources=["*"], principals=[iam.AnyPrincipal()])])), r"must not use a wildcard .* got 'backup:\*' \[vaultPolicyWildcard\]"),
    (lambda s: backup.BackupVault(s, "Vault").add_to_access_policy(iam.PolicyStatement(actions=["backup:Delete*"], resources=["*"], principals=[iam.AnyPrincipal()])), r"\[vaultPolicyWildcard\]"),
    (lambda s: backup.BackupVault(s, "Vault").grant(iam.Role(s, "R", assumed_by=iam.AccountRootPrincipal()), "backup:*"), r"\[vaultPolicyWildcard\]"),
    (_lock(min_retention=cdk.Duration.hours(12)), r"min_retention must be a whole number of days, got 12 hours \[wholeUnits\]"),
    (_lock(min_retention=days(0)), r"TestStack/Vault/Lock: min_retention must be between 1 and 36,500 days, got 0 days \[lockMinRetention\]"),
    (_lock(min_retention=days(1), max_retention=days(36501)), r"max_retention must be between 1 and 36,500 days, got 36,501 days \[lockMaxRetention\]"),
    (_lock(min_retention=days(30), max_retention=days(7)), r"max_retention must be at least min_retention \(30 days\), got 7 days \[lockMinAboveMax\]"),
    (_lock(min_retention=days(1), changeable_for=days(2)), r"changeable_for must be between 3 and 36,500 days, got 2 days \[lockChangeableFor\]"),
    (_lock(min_retention=days(1), changeable_for=days(36501)), r"changeable_for must be between 3 and 36,500 days"),
    (_twice, r"backup_vault must be locked at most once, got a second lock on TestStack/Vault \[lockOnePerVault\]"),
    (lambda s: backup.VaultLock(s, "L", backup_vault=backup.BackupVault.from_backup_vault_name(s, "I", "abc"), min_retention=days(1)), r"TestStack/L: backup_vault must be a BackupVault defined in this app, got ImportedVault \[lockOwnedVault\]"),
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


# ---------------------------------------------------------------- wrong types (issue: every input gets a clear answer)
WRONG_TYPES = [
    pytest.param(_vault(backup_vault_name=12), r"backup_vault_name must be a string, got int 12 \[inputType\]", id="name-int"),
    pytest.param(_vault(block_recovery_point_deletion="false"), r"block_recovery_point_deletion must be a bool .*got str 'false'", id="block-str"),
    pytest.param(_vault(block_recovery_point_deletion=None), r"block_recovery_point_deletion must be a bool .*got None", id="block-none"),
    pytest.param(_vault(removal_policy="RETAIN"), r"removal_policy must be a RemovalPolicy, got str 'RETAIN'", id="removal-str"),
    pytest.param(_vault(removal_policy=None), r"removal_policy must be a RemovalPolicy, got None", id="removal-none"),
    pytest.param(_vault(removal_policy=cdk.RemovalPolicy.SNAPSHOT), r"removal_policy must be RETAIN, .* got 'SNAPSHOT' \[vaultRemovalSnapshot\]", id="removal-snapshot"),
    pytest.param(_vault(encryption_key=42), r"encryption_key must be a kms.IKey or a key ARN, got int 42", id="key-int"),
    pytest.param(_vault(access_policy={"Statement": []}), r"access_policy must be an iam.PolicyDocument, got dict", id="policy-dict"),
    pytest.param(_vault(notification_topic="arn:aws:sns:us-east-1:111122223333:t"), r"notification_topic must be an sns.ITopic, got str", id="topic-str"),
    pytest.param(lambda s: backup.BackupVault(s, "Vault", notification_topic=sns.Topic(s, "T"), notification_events="BACKUP_JOB_STARTED"), r"notification_events must be a list, got str", id="events-str"),
    pytest.param(_vault(lock_configuration={"min_retention": days(1)}), r"lock_configuration must be an aws_backup.LockConfiguration, got dict", id="lock-dict"),
    pytest.param(_lock(min_retention=None), r"min_retention must be a Duration, got None", id="lock-min-none"),
    pytest.param(_lock(min_retention=7), r"min_retention must be a Duration \(e.g. Duration.days\(35\)\), got int 7", id="lock-min-int"),
    pytest.param(_lock(min_retention=days(1), max_retention="400"), r"max_retention must be a Duration .*got str '400'", id="lock-max-str"),
    pytest.param(_lock(min_retention=cdk.Duration.minutes(5754.13)), r"min_retention must be a whole number of days", id="lock-fractional"),
    pytest.param(lambda s: backup.BackupVault(s, "Vault").lock(min_retention=cdk.Duration.hours(cdk.CfnParameter(s, "H", type="Number").value_as_number)),
                 r"min_retention must be Duration.days\(token\) when it is a token, got a token Duration in another unit \[inputType\]", id="lock-token-hours"),
    pytest.param(lambda s: backup.BackupVault(s, "Vault").grant("role", "backup:StartBackupJob"), r"grantee must be an iam.IGrantable, got str 'role'", id="grant-str"),
    pytest.param(lambda s: backup.BackupVault(s, "Vault").add_to_access_policy({"Action": "x"}), r"statement must be an iam.PolicyStatement, got dict", id="statement-dict"),
    pytest.param(lambda s: backup.BackupVault.from_backup_vault_name(s, "I", None), r"TestStack/I: backup_vault_name must be a string, got None", id="import-name-none"),
    pytest.param(lambda s: backup.BackupVault.from_backup_vault_arn(s, "I", "junk:backup-vault:x"), r"backup_vault_arn must be a backup vault ARN.* \[backupVaultArn\]", id="import-arn-junk"),
    pytest.param(lambda s: backup.BackupVault.from_backup_vault_arn(s, "I", "arn:aws:backup:us-east-1:111122223333:backup-vault:"), r"\[backupVaultArn\]", id="import-arn-empty-name"),
    pytest.param(lambda s: backup.BackupVault.from_backup_vault_arn(s, "I", "arn:aws:backup:us-east-1:١١١١٢٢٢٢٣٣٣٣:backup-vault:ab"), r"\[backupVaultArn\]", id="import-arn-unicode-digits"),
    pytest.param(lambda s: backup.BackupVault.from_backup_vault_arn(s, "I", "arn:aws:backup:us-east-1:111122223333:backup-vault:has space"), r"\[backupVaultArn\]", id="import-arn-space"),
]


@pytest.mark.parametrize("build, message", WRONG_TYPES)
def test_wrong_types_get_a_validation_error(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


def test_error_type_is_public_and_names_everything() -> None:
    with pytest.raises(backup.ValidationError) as caught:
        backup.BackupVault(new_stack(), "Vault", backup_vault_name="a")
    error = caught.value
    assert type(error).__module__ == "cdk_backup" and isinstance(error, ValueError)
    assert (error.path, error.prop, error.rule) == ("TestStack/Vault", "backup_vault_name", "vaultName")


def test_imported_by_token_arn_takes_the_name_as_aws_cdk_lib_does(stack: cdk.Stack) -> None:
    from aws_cdk import aws_backup

    arn = f"arn:{cdk.Aws.PARTITION}:backup:{cdk.Aws.REGION}:{cdk.Aws.ACCOUNT_ID}:backup-vault:central"
    ours = backup.BackupVault.from_backup_vault_arn(stack, "Ours", arn)
    theirs = aws_backup.BackupVault.from_backup_vault_arn(stack, "Theirs", arn)
    assert stack.resolve(ours.backup_vault_name) == stack.resolve(theirs.backup_vault_name) == "central"
    whole = cdk.CfnParameter(stack, "Arn").value_as_string
    ours_whole = backup.BackupVault.from_backup_vault_arn(stack, "Whole", whole)
    theirs_whole = aws_backup.BackupVault.from_backup_vault_arn(stack, "WholeTheirs", whole)
    assert stack.resolve(ours_whole.backup_vault_name) == stack.resolve(theirs_whole.backup_vault_name)


# ---------------------------------------------------------------- a real Resource, both ways round
def test_vault_is_a_resource_like_aws_cdk_libs(stack: cdk.Stack, synth: Any) -> None:
    from aws_cdk import aws_backup

    vault = backup.BackupVault(stack, "Vault", block_recovery_point_deletion=True)
    assert cdk.Resource.is_resource(vault) and vault.stack is stack and vault.env.account == stack.account
    assert isinstance(vault.node.default_child, aws_backup.CfnBackupVault)
    assert stack.resolve(vault.backup_vault_ref.backup_vault_name) == {
        "Fn::GetAtt": ["Vault23237E5B", "BackupVaultName"]}
    vault.apply_removal_policy(cdk.RemovalPolicy.DESTROY)
    plan = aws_backup.BackupPlan(stack, "Plan", backup_vault=vault)
    plan.add_rule(aws_backup.BackupPlanRule.daily())
    template = synth(stack)
    assert resources_of(template, "AWS::Backup::BackupVault")["Vault23237E5B"]["DeletionPolicy"] == "Delete"
    rule = only(template, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanRule"][0]
    assert rule["TargetBackupVault"] == {"Fn::GetAtt": ["Vault23237E5B", "BackupVaultName"]}


def test_aws_cdk_lib_vault_works_with_our_lock_checks_and_grants(stack: cdk.Stack, synth: Any) -> None:
    from aws_cdk import aws_backup

    theirs = aws_backup.BackupVault(stack, "Theirs")
    imported = backup.BackupVault.from_backup_vault_name(stack, "Imported", "their-vault")
    role = iam.Role(stack, "Role", assumed_by=iam.AccountRootPrincipal())
    imported.grant(role, "backup:StartBackupJob")
    theirs.grant(role, "backup:StartBackupJob")
    assert cdk.Resource.is_resource(imported)
    synth(stack)


# ---------------------------------------------------------------- the rules themselves (pure, fast)
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cdk_backup.rules import Unresolved  # noqa: E402
from cdk_backup.rules import vault as vault_rules  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(low=st.integers(-5, 40000), high=st.one_of(st.none(), st.integers(-5, 40000)),
       grace=st.one_of(st.none(), st.integers(-5, 40000)))
def test_lock_rule_accepts_exactly_the_documented_ranges(low: int, high: int | None, grace: int | None) -> None:
    errors = [v for v in vault_rules.lock(low, high, grace) if v.severity == "error"]
    valid = (1 <= low <= 36500 and (high is None or (1 <= high <= 36500 and high >= low))
             and (grace is None or 3 <= grace <= 36500))
    assert (not errors) == valid
    for violation in errors:
        assert violation.message.endswith(f"[{violation.rule.id}]")


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.none(), st.integers(-5, 40000)))
def test_lock_rule_skips_tokens(high: int | None) -> None:
    assert not [v for v in vault_rules.lock(Unresolved(), high if high is None else Unresolved(), None)
                if v.severity == "error"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_vault_name_pattern_is_ascii_only(name: str) -> None:
    ok = not list(vault_rules.VAULT_NAME.check(name))
    assert ok == (2 <= len(name) <= 50 and all(c.isascii() and (c.isalnum() or c in "-_") for c in name))


EVENT_METHODS = [
    pytest.param(lambda v: v.on_backup_job("A", states="FAILED"), r"states must be a list, got str 'FAILED'", id="states-str"),
    pytest.param(lambda v: v.on_backup_job("A", states=["NOPE"]), r"states\[0\] must be one of .*\[inputEnum\]", id="states-unknown"),
    pytest.param(lambda v: v.on_backup_job_failed("A", target="topic"), r"target must be an events.IRuleTarget, got str 'topic'", id="target-str"),
    pytest.param(lambda v: v.on_event("A", detail_type="x", description=3), r"description must be a string, got int 3", id="description-int"),
    pytest.param(lambda v: v.on_copy_job("A", rule_name=3), r"rule_name must be a string, got int 3", id="rule-name-int"),
]


@pytest.mark.parametrize("call, message", EVENT_METHODS)
def test_event_rule_methods_check_their_keywords(call: Callable[[Any], object], message: str) -> None:
    assert_rejected(lambda s: call(backup.BackupVault(s, "Vault")), message)
