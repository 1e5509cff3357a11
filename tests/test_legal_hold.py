"""LegalHold: selection by vaults, resources and dates; required fields; tags; tokens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cdk_backup as backup
from cdk_backup.rules import Unresolved
from cdk_backup.rules import legal_hold as rules
from tests.conftest import assert_builds_clean, assert_rejected, new_stack, only, resources_of, warnings_of

UTC = dt.timezone.utc


# ---------------------------------------------------------------- what it renders
def test_hold_on_vaults_and_dates(stack: cdk.Stack, synth: Any, snapshot_json: Any) -> None:
    from aws_cdk import aws_backup

    ours = backup.BackupVault(stack, "Vault", backup_vault_name="orders")
    theirs = aws_backup.BackupVault(stack, "Theirs")
    hold = backup.LegalHold(
        stack, "Hold", title="Case 2024-17", description="Orders of Q1, kept for the audit",
        recovery_point_selection=backup.LegalHoldRecoveryPointSelection(
            vaults=[ours, theirs, "archive", "arn:aws:backup:eu-west-1:111122223333:backup-vault:central"],
            resource_identifiers=["arn:aws:dynamodb:eu-west-1:111122223333:table/orders"],
            date_range=backup.LegalHoldDateRange(from_date="2024-01-01", to_date=dt.date(2024, 3, 31))),
        tags={"case": "2024-17", "owner": "legal team"})
    template = synth(stack)
    props = only(template, "AWS::Backup::LegalHold")
    vaults = sorted(resources_of(template, "AWS::Backup::BackupVault"))
    names = props["RecoveryPointSelection"]["VaultNames"]
    assert sorted(name["Fn::GetAtt"][0] for name in names[:2]) == vaults and names[2:] == ["archive", "central"]
    assert props["RecoveryPointSelection"]["DateRange"] == {"FromDate": "2024-01-01T00:00:00Z",
                                                           "ToDate": "2024-03-31T23:59:59Z"}
    assert props["Tags"] == [{"Key": "case", "Value": "2024-17"}, {"Key": "owner", "Value": "legal team"}]
    assert stack.resolve(hold.legal_hold_arn) == {"Fn::GetAtt": ["HoldD91DA810", "Arn"]}
    assert stack.resolve(hold.legal_hold_id) == {"Fn::GetAtt": ["HoldD91DA810", "LegalHoldId"]}
    assert cdk.Resource.is_resource(hold) and isinstance(hold.node.default_child, aws_backup.CfnLegalHold)
    assert not warnings_of(stack)
    assert template == snapshot_json


def test_description_defaults_to_the_title_and_no_selection_holds_everything(stack: cdk.Stack, synth: Any) -> None:
    backup.LegalHold(stack, "Hold", title="Freeze everything")
    props = only(synth(stack), "AWS::Backup::LegalHold")
    assert props == {"Title": "Freeze everything", "Description": "Freeze everything", "RecoveryPointSelection": {}}
    [warning] = warnings_of(stack)
    assert "every recovery point of the account" in warning and "cdk-backup:legalHoldEverything" in warning


def test_selection_may_be_a_dict(stack: cdk.Stack, synth: Any) -> None:
    backup.LegalHold(stack, "Hold", title="t", recovery_point_selection={
        "resource_identifiers": ["arn:aws:ec2:us-east-1:111122223333:volume/vol-1"],
        "date_range": {"from_date": dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
                       "to_date": "2024-02-01T10:15:30.250+01:00"}})
    selection = only(synth(stack), "AWS::Backup::LegalHold")["RecoveryPointSelection"]
    assert selection["DateRange"] == {"FromDate": "2024-01-01T10:00:00Z", "ToDate": "2024-02-01T09:15:30.250Z"}
    assert selection["ResourceIdentifiers"] == ["arn:aws:ec2:us-east-1:111122223333:volume/vol-1"]
    assert not warnings_of(stack)


def test_naive_datetimes_are_utc(stack: cdk.Stack, synth: Any) -> None:
    backup.LegalHold(stack, "Hold", title="t", recovery_point_selection=backup.LegalHoldRecoveryPointSelection(
        date_range=backup.LegalHoldDateRange(from_date=dt.datetime(2024, 5, 1, 8), to_date="2024-05-01T09:00")))
    assert only(synth(stack), "AWS::Backup::LegalHold")["RecoveryPointSelection"]["DateRange"] == {
        "FromDate": "2024-05-01T08:00:00Z", "ToDate": "2024-05-01T09:00:00Z"}


def test_retained_hold_survives_stack_deletion(stack: cdk.Stack, synth: Any) -> None:
    hold = backup.LegalHold(stack, "Hold", title="t", recovery_point_selection={"vaults": ["orders"]})
    hold.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
    resource = next(iter(resources_of(synth(stack), "AWS::Backup::LegalHold").values()))
    assert resource["DeletionPolicy"] == "Retain"


def test_tokens_are_never_rejected(synth: Any) -> None:
    stack = new_stack()
    text = cdk.CfnParameter(stack, "Text").value_as_string
    backup.LegalHold(stack, "Hold", title=text, description=text, tags={"k": text},
                     recovery_point_selection=backup.LegalHoldRecoveryPointSelection(
                         vaults=[text], resource_identifiers=[text],
                         date_range=backup.LegalHoldDateRange(from_date=text, to_date=text)))
    props = only(synth(stack), "AWS::Backup::LegalHold")
    assert props["Title"] == props["Description"] == {"Ref": "Text"}
    assert props["RecoveryPointSelection"]["DateRange"] == {"FromDate": {"Ref": "Text"}, "ToDate": {"Ref": "Text"}}


def test_more_holds_than_an_account_can_have_warn(stack: cdk.Stack) -> None:
    for index in range(rules.MAX_ACTIVE_HOLDS + 1):
        backup.LegalHold(stack, f"Hold{index}", title=f"hold {index}", recovery_point_selection={"vaults": ["v1"]})
    found = [w for w in warnings_of(stack) if "legalHoldCount" in w]
    assert len(found) == 1 and "got 51 in one stack" in found[0]


# ---------------------------------------------------------------- bad inputs
def _hold(**kwargs: Any) -> Callable[[cdk.Stack], object]:
    kwargs.setdefault("title", "Case")
    return lambda stack: backup.LegalHold(stack, "Hold", **kwargs)


def _dates(from_date: Any, to_date: Any) -> Callable[[cdk.Stack], object]:
    return _hold(recovery_point_selection={"date_range": {"from_date": from_date, "to_date": to_date}})


BAD_INPUTS = [
    pytest.param(_hold(title=""), r"TestStack/Hold: title must be a non-empty string .* got '' \[legalHoldTitle\]", id="title-empty"),
    pytest.param(_hold(title="   "), r"\[legalHoldTitle\]", id="title-blank"),
    pytest.param(_hold(title=None), r"title must be a string, got None \[inputType\]", id="title-none"),
    pytest.param(_hold(title=17), r"title must be a string, got int 17", id="title-int"),
    pytest.param(_hold(description=""), r"description must be between 1 and 280 characters, got 0 characters \[legalHoldDescription\]", id="description-empty"),
    pytest.param(_hold(description="x" * 281), r"got 281 characters \[legalHoldDescription\]", id="description-281"),
    pytest.param(_hold(description=3), r"description must be a string, got int 3", id="description-int"),
    pytest.param(_hold(recovery_point_selection=["orders"]), r"recovery_point_selection must be a LegalHoldRecoveryPointSelection or a dict", id="selection-list"),
    pytest.param(_hold(recovery_point_selection={"vault_names": ["a"]}), r"with keys vaults, resource_identifiers, date_range, got dict", id="selection-unknown-key"),
    pytest.param(_hold(recovery_point_selection={"vaults": "orders"}), r"recovery_point_selection.vaults must be a list, got str", id="vaults-str"),
    pytest.param(_hold(recovery_point_selection={"vaults": ["a"]}), r"vaults\[0\] must be 2 to 50 letters, .* got 'a' \[vaultName\]", id="vault-name-short"),
    pytest.param(_hold(recovery_point_selection={"vaults": ["has space"]}), r"\[vaultName\]", id="vault-name-space"),
    pytest.param(_hold(recovery_point_selection={"vaults": ["arn:aws:backup:us-east-1:1:backup-vault:x"]}), r"\[backupVaultArn\]", id="vault-arn-bad"),
    pytest.param(_hold(recovery_point_selection={"vaults": [42]}), r"vaults\[0\] must be a backup vault, a vault name or a vault ARN, got int 42", id="vault-int"),
    pytest.param(_hold(recovery_point_selection={"resource_identifiers": ["a", "a"]}), r"resource_identifiers must not repeat an item, got 'a' twice \[uniqueItems\]", id="resources-repeat"),
    pytest.param(_hold(recovery_point_selection={"resource_identifiers": [None]}), r"resource_identifiers\[0\] must be a string, got None", id="resource-none"),
    pytest.param(_dates("2024-05-01", "2024-04-01"), r"from_date must not be later than to_date \(2024-04-01T23:59:59Z\), got 2024-05-01T00:00:00Z \[legalHoldDateOrder\]", id="dates-reversed"),
    pytest.param(_dates("2024-05-01T10:00:01Z", "2024-05-01T10:00:00Z"), r"\[legalHoldDateOrder\]", id="dates-reversed-by-a-second"),
    pytest.param(_dates("2024-01-01", dt.datetime.now(UTC) + dt.timedelta(days=1)), r"to_date must not be in the future .* \[legalHoldFutureDate\]", id="to-date-tomorrow"),
    pytest.param(_dates("2024-01-01", dt.date.today() + dt.timedelta(days=2)), r"\[legalHoldFutureDate\]", id="to-date-future-day"),
    pytest.param(_dates("yesterday", "2024-01-01"), r"from_date must be an ISO 8601 date or date-time .* got 'yesterday' \[legalHoldDateFormat\]", id="date-words"),
    pytest.param(_dates("2024-13-01", "2024-01-01"), r"\[legalHoldDateFormat\]", id="date-month-13"),
    pytest.param(_dates(20240101, "2024-01-01"), r"from_date must be an ISO 8601 string, a datetime or a date, got int", id="date-int"),
    pytest.param(_hold(recovery_point_selection={"date_range": {"from_date": "2024-01-01"}}), r"date_range must be a LegalHoldDateRange or a dict", id="date-range-missing-to"),
    pytest.param(_hold(tags={"aws:case": "x"}), r"tags keys must be 1 to 128 characters and must not start with 'aws:', got 'aws:case' \[tagKey\]", id="tag-aws-prefix"),
    pytest.param(_hold(tags={"k": "v" * 257}), r"\[tagValue\]", id="tag-value-257"),
    pytest.param(_hold(tags={f"k{i}": "v" for i in range(51)}), r"tags must be at most 50 tags, got 51 tags \[legalHoldTagCount\]", id="tags-51"),
    pytest.param(_hold(tags={"case": "<17>"}), r"got '<17>' \[legalHoldTagCharacters\]", id="tag-angle-brackets"),
    pytest.param(_hold(tags={"case#": "17"}), r"\[legalHoldTagCharacters\]", id="tag-key-hash"),
    pytest.param(_hold(tags=["case"]), r"tags must be a dict of strings, got list", id="tags-list"),
]


@pytest.mark.parametrize("build, message", BAD_INPUTS)
def test_bad_inputs_are_rejected(build: Callable[[cdk.Stack], object], message: str) -> None:
    assert_rejected(build, message)


EDGES: list[tuple[str, dict[str, Any]]] = [
    ("description-280", {"description": "x" * 280}),
    ("long-title-default-description-cut-to-280", {"title": "x" * 400}),
    ("tags-50", {"tags": {f"k{i}": "v" for i in range(50)}}),
    ("tag-unicode-letters-and-punctuation", {"tags": {"Case Nº": "Müller: 17/2024 @legal +x =y"}}),
    ("one-day", {"recovery_point_selection": {"date_range": {"from_date": "2024-05-01", "to_date": "2024-05-01"}}}),
    ("same-moment", {"recovery_point_selection": {"date_range": {"from_date": "2024-05-01T10:00:00Z",
                                                                 "to_date": "2024-05-01T10:00:00Z"}}}),
    ("up-to-five-minutes-ago", {"recovery_point_selection": {"date_range": {
        "from_date": "2000-01-01", "to_date": dt.datetime.now(UTC) - dt.timedelta(minutes=5)}}}),
    ("vault-names-2-and-50", {"recovery_point_selection": {"vaults": ["ab", "A_b-" + "x" * 46]}}),
]


def test_edge_values_pass_and_lint() -> None:
    """Bounds exactly met, each a hold of one stack (linted once)."""

    def build(stack: cdk.Stack) -> None:
        for name, kwargs in EDGES:
            backup.LegalHold(stack, name, **{"title": "Case", **kwargs})

    assert_builds_clean(build)


# ---------------------------------------------------------------- the rules (pure, fast)
moments = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 1, 1), timezones=st.just(UTC))


@settings(max_examples=150, deadline=None)
@given(start=moments, end=moments, now=moments)
def test_date_range_rule(start: dt.datetime, end: dt.datetime, now: dt.datetime) -> None:
    ids = [v.rule.id for v in rules.date_range(start, end, now)]
    if start > end:
        assert ids == ["legalHoldDateOrder"]
    elif end > now:
        assert ids == ["legalHoldFutureDate"]
    else:
        assert ids == []


@settings(max_examples=30, deadline=None)
@given(moments)
def test_date_range_skips_tokens(moment: dt.datetime) -> None:
    assert list(rules.date_range(Unresolved(), moment, moment)) == []
    assert list(rules.date_range(moment, Unresolved(), moment)) == []


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_description_and_title_rules(text: str) -> None:
    assert bool(list(rules.description(text))) == (not 1 <= len(text) <= 280)
    assert bool(list(rules.title(text))) == (not text.strip())


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_tag_characters(text: str) -> None:
    import unicodedata

    allowed = all(c in "_.:/=+-@" or unicodedata.category(c)[0] in "LZN" for c in text)
    found = [v.rule.id for v in rules.tags({"key": text})]
    assert ("legalHoldTagCharacters" in found) == (not allowed)


@settings(max_examples=60, deadline=None)
@given(moments)
def test_iso_is_utc_with_z(moment: dt.datetime) -> None:
    text = rules.iso(moment)
    assert text.endswith("Z") and dt.datetime.fromisoformat(text).astimezone(UTC).replace(
        microsecond=moment.microsecond // 1000 * 1000) == moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def test_active_holds_rule() -> None:
    assert list(rules.active_holds(50)) == []
    assert [v.rule.id for v in rules.active_holds(51)] == ["legalHoldCount"]
