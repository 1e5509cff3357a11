"""LogicallyAirGappedVault: retention range, multi-party approval, sharing through AWS RAM, interop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_backup as aws_backup
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from hypothesis import given, settings
from hypothesis import strategies as st

import cdk_backup as backup
from cdk_backup.rules import Unresolved
from cdk_backup.rules import common as rules
from tests.conftest import assert_builds_clean, assert_rejected, new_stack, only, resources_of, warnings_of

days = cdk.Duration.days
P = pytest.param
FAST = settings(max_examples=40, deadline=None)
ACCOUNT = "222233334444"
ORGANIZATION = "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5"
OU = "arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-cdef3456"
TEAM = "arn:aws:mpa:us-east-1:111122223333:approval-team/a1b2c3d4"


# ---------------------------------------------------------------- snapshot (moved from test_vault.py)
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


# ---------------------------------------------------------------- every option, and sharing
def test_every_option_and_shares(stack: cdk.Stack, synth: Any) -> None:
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    topic = sns.Topic(stack, "Topic")
    lag = backup.LogicallyAirGappedVault(
        stack, "AirGapped", min_retention=days(7), max_retention=days(400), backup_vault_name="isolated",
        encryption_key=key, notification_topic=topic,
        notification_events=[backup.BackupVaultEvents.COPY_JOB_FAILED], mpa_approval_team_arn=TEAM,
        access_policy=iam.PolicyDocument(statements=[iam.PolicyStatement(
            effect=iam.Effect.DENY, principals=[iam.AnyPrincipal()], actions=["backup:DeleteRecoveryPoint"],
            resources=["*"])]))
    organization = lag.share_with(ORGANIZATION, OU)
    accounts = lag.share_with(ACCOUNT, share_name="recovery-account", tags={"team": "sre"})
    explicit = lag.share_with(ACCOUNT, allow_external_principals=False)
    assert lag.shares == [organization, accounts, explicit] and lag.retention_range() == (7, 400)
    template = synth(stack)
    props = only(template, "AWS::Backup::LogicallyAirGappedBackupVault")
    assert props["MpaApprovalTeamArn"] == TEAM and props["BackupVaultName"] == "isolated"
    assert props["Notifications"]["BackupVaultEvents"] == ["COPY_JOB_FAILED"]
    assert props["EncryptionKeyArn"] == {"Fn::GetAtt": ["Key961B73FD", "Arn"]}
    shares = {r["Properties"]["Name"]: r["Properties"] for r in resources_of(template, "AWS::RAM::ResourceShare").values()}
    vault_arn = {"Fn::GetAtt": ["AirGappedB22F77BE", "BackupVaultArn"]}
    assert shares["TestStackAirGapped15FF79D2Share"] == {
        "AllowExternalPrincipals": False, "Name": "TestStackAirGapped15FF79D2Share",
        "Principals": [ORGANIZATION, OU], "ResourceArns": [vault_arn]}  # only the organization: nothing external
    assert shares["recovery-account"] == {"Name": "recovery-account", "Principals": [ACCOUNT],
                                          "ResourceArns": [vault_arn], "Tags": [{"Key": "team", "Value": "sre"}]}
    assert shares["TestStackAirGapped15FF79D2Share3"]["AllowExternalPrincipals"] is False
    assert not any("PermissionArns" in share for share in shares.values())  # RAM's default for backup:BackupVault


# ---------------------------------------------------------------- bad inputs
def _lag(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    defaults: dict[str, Any] = {"min_retention": days(7), "max_retention": days(35)}
    return lambda stack: backup.LogicallyAirGappedVault(stack, "Lag", **{**defaults, **kwargs})


def _share(*principals: Any, **kwargs: Any) -> Callable[[cdk.Stack], object]:
    return lambda stack: backup.LogicallyAirGappedVault(
        stack, "Lag", min_retention=days(7), max_retention=days(35)).share_with(*principals, **kwargs)


BAD_INPUTS = [
    P(_lag(min_retention=days(6)), r"TestStack/Lag: min_retention must be between 7 and 36,500 days, got 6 days \[airGappedMinRetention\]", id="min-retention-6"),
    P(_lag(max_retention=days(36501)), r"max_retention must be between 7 and 36,500 days, got 36,501 days \[airGappedMaxRetention\]", id="max-retention-36501"),
    P(_lag(min_retention=days(40), max_retention=days(35)), r"max_retention must be at least min_retention \(40 days\), got 35 days \[airGappedMinAboveMax\]", id="min-above-max"),
    P(_lag(min_retention=cdk.Duration.hours(36)), r"min_retention must be a whole number of days, got 1 day 12 hours \[wholeUnits\]", id="min-retention-36-hours"),
    P(_lag(min_retention=None), r"min_retention must be a Duration, got None \[inputType\]", id="min-retention-none"),
    P(_lag(max_retention=35), r"max_retention must be a Duration .*got int 35 \[inputType\]", id="max-retention-int"),
    P(_lag(backup_vault_name="bad name"), r"backup_vault_name must be 2 to 50 .*got 'bad name' \[vaultName\]", id="name-space"),
    P(_lag(backup_vault_name=12), r"backup_vault_name must be a string, got int 12 \[inputType\]", id="name-int"),
    P(_lag(encryption_key="alias/aws/backup"), r"encryption_key must be a KMS key ARN, not an alias, got 'alias/aws/backup' \[vaultKeyArn\]", id="key-alias"),
    P(_lag(encryption_key=5), r"encryption_key must be a kms.IKey or a key ARN, got int 5", id="key-int"),
    P(_lag(removal_policy=cdk.RemovalPolicy.SNAPSHOT), r"removal_policy must be RETAIN, .*got 'SNAPSHOT' \[vaultRemovalSnapshot\]", id="removal-snapshot"),
    P(_lag(removal_policy="RETAIN"), r"removal_policy must be a RemovalPolicy, got str", id="removal-string"),
    P(_lag(notification_events=[backup.BackupVaultEvents.COPY_JOB_FAILED]), r"got events without a notification_topic \[vaultNotificationEvents\]", id="events-without-topic"),
    P(_lag(access_policy=iam.PolicyDocument(statements=[iam.PolicyStatement(actions=["backup:*"], resources=["*"], principals=[iam.AnyPrincipal()])])), r"\[vaultPolicyWildcard\]", id="policy-wildcard"),
    P(_lag(mpa_approval_team_arn="team-1"), r"mpa_approval_team_arn must be a multi-party approval team ARN, .*got 'team-1' \[mpaApprovalTeamArn\]", id="mpa-not-an-arn"),
    P(_lag(mpa_approval_team_arn="arn:aws:iam::111122223333:role/approvers"), r"\[mpaApprovalTeamArn\]", id="mpa-iam-arn"),
    P(_lag(mpa_approval_team_arn="arn:aws:mpa:us-east-1:1111:approval-team/a1"), r"\[mpaApprovalTeamArn\]", id="mpa-short-account"),
    P(_lag(mpa_approval_team_arn="arn:aws:mpa:us-east-1:111122223333:approval-team/"), r"\[mpaApprovalTeamArn\]", id="mpa-no-team-id"),
    P(_lag(mpa_approval_team_arn="arn:aws:mpa:us-east-1:111122223333:session/a1"), r"\[mpaApprovalTeamArn\]", id="mpa-session-arn"),
    P(_lag(mpa_approval_team_arn=7), r"mpa_approval_team_arn must be an approval team ARN or an aws_mpa.CfnApprovalTeam, got int 7", id="mpa-int"),
    P(_share(), r"TestStack/Lag.share_with: principals must name at least one account, organizational unit or organization, got \[\] \[ramShareNoPrincipal\]", id="share-nobody"),
    P(_share("12345"), r"principals must be 12-digit account ids, organizational unit ARNs .*got '12345' \[ramSharePrincipal\]", id="share-5-digits"),
    P(_share("١١١١٢٢٢٢٣٣٣٣"), r"\[ramSharePrincipal\]", id="share-arabic-digits"),
    P(_share("arn:aws:iam::111122223333:root"), r"\[ramSharePrincipal\]", id="share-iam-root"),
    P(_share("arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/r-ab12"), r"\[ramSharePrincipal\]", id="share-root-id"),
    P(_share("arn:aws:organizations:us-east-1:111122223333:organization/o-a1b2c3d4e5"), r"\[ramSharePrincipal\]", id="share-organization-with-region"),
    P(_share("o-a1b2c3d4e5"), r"\[ramSharePrincipal\]", id="share-organization-id"),
    P(_share(ACCOUNT, ACCOUNT), r"principals must not repeat an item, got '222233334444' twice \[uniqueItems\]", id="share-repeated"),
    P(_share(222233334444), r"principals\[0\] must be a string, got int 222233334444", id="share-int"),
    P(_share(ACCOUNT, allow_external_principals="false"), r"allow_external_principals must be a bool \(True or False\), got str 'false'", id="share-external-string"),
    P(_share(ACCOUNT, permission_arns="arn:aws:ram::aws:permission/x"), r"permission_arns must be a list, got str", id="share-permissions-string"),
    P(_share(ACCOUNT, share_name=1), r"share_name must be a string, got int 1", id="share-name-int"),
    P(_share(ACCOUNT, tags={"aws:x": "y"}), r"\[tagKey\]", id="share-tag-aws-prefix"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS)
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


# ---------------------------------------------------------------- edges that must pass
def _edges(stack: cdk.Stack) -> None:
    backup.LogicallyAirGappedVault(stack, "Seven", min_retention=days(7), max_retention=days(7), backup_vault_name="ab")
    longest = backup.LogicallyAirGappedVault(stack, "Longest", min_retention=days(7), max_retention=days(36500),
                                             backup_vault_name="A_b-" + "x" * 46,
                                             mpa_approval_team_arn="arn:aws-us-gov:mpa:us-gov-west-1:111122223333:"
                                                                   "approval-team/team.1_a-b")
    longest.share_with(ACCOUNT, "333344445555", OU, ORGANIZATION, allow_external_principals=True,
                       permission_arns=["arn:aws:ram::111122223333:permission/BackupRestoreOnly"])
    backup.LogicallyAirGappedVault(stack, "Hours", min_retention=cdk.Duration.hours(168),
                                   max_retention=days(36500), removal_policy=cdk.RemovalPolicy.DESTROY)


def test_edge_values_pass_and_lint(stack: cdk.Stack) -> None:
    assert_builds_clean(_edges)


# ---------------------------------------------------------------- tokens
def test_tokens_are_never_rejected(synth: Any) -> None:
    stack = new_stack()
    name = cdk.CfnParameter(stack, "Name").value_as_string
    number = cdk.CfnParameter(stack, "Days", type="Number").value_as_number
    lag = backup.LogicallyAirGappedVault(stack, "Lag", min_retention=days(number), max_retention=days(number),
                                         backup_vault_name=name, mpa_approval_team_arn=name,
                                         encryption_key=cdk.CfnParameter(stack, "Key").value_as_string,
                                         notification_topic=sns.Topic(stack, "Topic"), notification_events=[name])
    lag.share_with(name, cdk.Aws.ACCOUNT_ID, share_name=name)
    assert isinstance(lag.retention_range()[0], Unresolved)
    template = synth(stack)
    props = only(template, "AWS::Backup::LogicallyAirGappedBackupVault")
    assert props["MinRetentionDays"] == {"Ref": "Days"} and props["MpaApprovalTeamArn"] == {"Ref": "Name"}
    assert props["Notifications"]["BackupVaultEvents"] == [{"Ref": "Name"}]
    share = only(template, "AWS::RAM::ResourceShare")
    assert "AllowExternalPrincipals" not in share  # a token principal may be an account outside the organization


# ---------------------------------------------------------------- warnings
def test_destroy_warns(stack: cdk.Stack) -> None:
    backup.LogicallyAirGappedVault(stack, "Lag", min_retention=days(7), max_retention=days(35),
                                   removal_policy=cdk.RemovalPolicy.DESTROY)
    assert any("cdk-backup:vaultRemovalDestroy" in w for w in warnings_of(stack))


# ---------------------------------------------------------------- interop with aws-cdk-lib
def test_aws_cdk_lib_plans_copy_into_it_and_it_is_a_resource(stack: cdk.Stack, synth: Any) -> None:
    lag = backup.LogicallyAirGappedVault(stack, "AirGapped", min_retention=days(7), max_retention=days(90))
    assert cdk.Resource.is_resource(lag) and lag.is_logically_air_gapped
    assert isinstance(lag.node.default_child, aws_backup.CfnLogicallyAirGappedBackupVault)
    assert lag.stack is stack and lag.env.region == stack.region
    plan = aws_backup.BackupPlan(stack, "CdkPlan")
    plan.add_rule(aws_backup.BackupPlanRule(
        rule_name="Daily", schedule_expression=events.Schedule.cron(minute="0", hour="5"),
        delete_after=days(35), copy_actions=[aws_backup.BackupPlanCopyActionProps(
            destination_backup_vault=lag, delete_after=days(35))]))
    plan.add_selection("Tagged", resources=[aws_backup.BackupResource.from_tag("backup", "true")])
    role = iam.Role(stack, "Operator", assumed_by=iam.AccountRootPrincipal())
    lag.grant(role, "backup:StartCopyJob")
    lag.apply_removal_policy(cdk.RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE)
    template = synth(stack)
    copy = only(template, "AWS::Backup::BackupPlan")["BackupPlan"]["BackupPlanRule"][0]["CopyActions"][0]
    assert copy["DestinationBackupVaultArn"] == {"Fn::GetAtt": ["AirGappedB22F77BE", "BackupVaultArn"]}
    [vault] = resources_of(template, "AWS::Backup::LogicallyAirGappedBackupVault").values()
    assert vault["DeletionPolicy"] == "RetainExceptOnCreate"
    assert stack.resolve(lag.backup_vault_name) == {"Ref": "AirGappedB22F77BE"}
    assert stack.resolve(lag.backup_vault_ref.backup_vault_arn) == {"Fn::GetAtt": ["AirGappedB22F77BE",
                                                                                    "BackupVaultArn"]}


# ---------------------------------------------------------------- the pure rules, property-based
DIGITS = st.text(st.sampled_from("0123456789"), min_size=1, max_size=14)
LOWER = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789"), min_size=1, max_size=34)


@FAST
@given(digits=DIGITS, other=st.text(max_size=14))
def test_account_principals_are_twelve_ascii_digits(digits: str, other: str) -> None:
    assert (rules.principal_kind(digits) == "account") == (len(digits) == 12)
    if not (other.isascii() and other.isdigit() and len(other) == 12):
        assert rules.principal_kind(other) != "account"


@FAST
@given(organization=LOWER, root=LOWER, unit=LOWER, account=DIGITS)
def test_organization_principals_follow_the_id_patterns(organization: str, root: str, unit: str, account: str) -> None:
    ou_arn = f"arn:aws:organizations::{account}:ou/o-{organization}/ou-{root}-{unit}"
    organization_arn = f"arn:aws:organizations::{account}:organization/o-{organization}"
    organization_ok = 10 <= len(organization) <= 32 and len(account) == 12
    assert (rules.principal_kind(organization_arn) == "organization") == organization_ok
    ou_ok = organization_ok and 4 <= len(root) <= 32 and 8 <= len(unit) <= 32
    assert (rules.principal_kind(ou_arn) == "organizational unit") == ou_ok
    assert bool(list(rules.share_principals([ou_arn]))) == (not ou_ok)


@FAST
@given(partition=st.sampled_from(["aws", "aws-cn", "aws-us-gov", "awz"]), account=DIGITS,
       team=st.text(st.sampled_from("abc.-_1/ "), max_size=6))
def test_approval_team_arns(partition: str, account: str, team: str) -> None:
    arn = f"arn:{partition}:mpa:us-east-1:{account}:approval-team/{team}"
    valid = partition != "awz" and len(account) == 12 and bool(team) and "/" not in team and " " not in team
    assert (not list(rules.mpa_team_arn(arn))) == valid
    assert not list(rules.mpa_team_arn(Unresolved(arn))) and not list(rules.mpa_team_arn(None))
