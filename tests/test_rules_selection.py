"""The selection rules as pure functions (no synthesis): each rule fires on its bad value, tokens are
skipped, and properties hold for generated values (hypothesis)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdk_backup import rules
from cdk_backup.rules import Text, Unresolved, Violation
from cdk_backup.rules import selection as S
from cdk_backup.selection import split_arns

FAST = settings(max_examples=60, deadline=None)
TOKEN = Unresolved("${Token[TOKEN.1]}")


def ids(violations: object) -> list[str]:
    return [v.rule.id for v in violations]  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the catalogue
def test_selection_rules_are_in_the_catalogue_with_unique_prefix_free_ids() -> None:
    ours = [rule.id for rule in rules.rules_of(vars(S))]
    assert len(ours) == len(set(ours)) == 17
    everyone = [rule.id for rule in {id(rule): rule for rule in rules.catalogue()}.values()]  # a rule imported
    # by another area's module is listed there too: the same object, not a second rule
    assert set(ours) <= set(everyone)
    for rule_id in ours:
        assert re.fullmatch(r"[a-z][a-zA-Z0-9]+", rule_id)
        assert everyone.count(rule_id) == 1, rule_id
        assert not [other for other in everyone if other != rule_id and other.startswith(rule_id)], rule_id


def test_warning_ids_of_the_old_selection_are_kept() -> None:
    warnings = {rule.id for rule in rules.rules_of(vars(S)) if rule.severity == "warning"}
    assert {"selectionOrSemantics", "selectionWildcardPlacement", "s3BucketVersioningUnknown"} <= warnings


# ---------------------------------------------------------------- one bad value per rule
CASES = [
    pytest.param(lambda: S.selection_name("a:b"), "selectionName", "backup_selection_name must be 1 to 50 letters, digits, hyphens, underscores or periods, got 'a:b'", id="selectionName"),
    pytest.param(lambda: S.not_empty(0, 0, 0), "selectionNotEmpty", "resources must select something: at least one ARN, construct or tag (conditions only narrow them), got no resources, tags or conditions", id="selectionNotEmpty"),
    pytest.param(lambda: S.conditions([S.TagMatch("aws:ResourceTag/k", "v", "StringEquals")] * 31), "selectionConditions", "conditions must be between 0 and 30 conditions, got 31 conditions", id="selectionConditions"),
    pytest.param(lambda: S.list_of_tags([S.TagMatch("k", "v")] * 31), "selectionTags", "resources (from_tag) must be between 0 and 30 tags, got 31 tags", id="selectionTags"),
    pytest.param(lambda: S.arn_count(["arn:aws:s3:::b"] * 501, prop="resources"), "selectionArnCount", "resources must hold at most 500 ARNs, of which at most 30 with wildcards, got 501 ARNs (0 with wildcards)", id="selectionArnCount"),
    pytest.param(lambda: S.arn_format(["bucket"], prop="not_resources"), "selectionArnFormat", "not_resources must be * or an ARN, arn:<partition>:<service>:<region>:<account>:<resource> (a * matches any characters), got 'bucket'", id="selectionArnFormat"),
    pytest.param(lambda: S.arn_format(["arn:aws:s3:::*-logs"], prop="resources"), "selectionWildcardPlacement", "resources: a wildcard (*) only matches as the end of an ARN's resource name (prefix match), got 'arn:aws:s3:::*-logs'", id="selectionWildcardPlacement"),
    pytest.param(lambda: S.or_semantics(2, 1), "selectionOrSemantics", "resources mixes from_tag matches with ARNs, got 2 ARNs and 1 tags:", id="selectionOrSemantics"),
    pytest.param(lambda: S.tag_operation("StringContains"), "tagOperation", "operation must be STRING_EQUALS, STRING_LIKE, STRING_NOT_EQUALS or STRING_NOT_LIKE, got 'StringContains'", id="tagOperation"),
    pytest.param(lambda: S.list_of_tags([S.TagMatch("k", "v", "StringLike")]), "fromTagOperation", "resources (from_tag) operation must be STRING_EQUALS, the only operator of ListOfTags", id="fromTagOperation"),
    pytest.param(lambda: S.conditions([S.TagMatch("aws:ResourceTag/k", "v", TOKEN)]), "conditionOperationToken", "conditions operation must be known at synth", id="conditionOperationToken"),
    pytest.param(lambda: S.list_of_tags([S.TagMatch("aws:ResourceTag/k", "v")]), "fromTagKeyPrefix", "resources (from_tag) key is a bare tag key in ListOfTags (from_tag), got 'aws:ResourceTag/k'", id="fromTagKeyPrefix"),
    pytest.param(lambda: S.conditions([S.TagMatch("k", "v", "StringEquals")]), "conditionKeyPrefix", "conditions keys of Conditions start with 'aws:ResourceTag/', got 'k'", id="conditionKeyPrefix"),
    pytest.param(lambda: S.list_of_tags([S.TagMatch("", "v")]), "selectionTagLength", "resources (from_tag) can never match a resource tag, got ''", id="selectionTagLength"),
    pytest.param(lambda: S.bucket_versioning("Suspended", bucket="Stack/B/Resource"), "s3Versioning", "resources (S3 bucket) must have versioning enabled (versioned=True) for AWS Backup, got Stack/B/Resource with versioning 'Suspended'", id="s3Versioning"),
    pytest.param(lambda: S.bucket_versioning(None, bucket="Stack/B", imported=True), "s3BucketVersioningUnknown", "resources (S3 bucket): the bucket Stack/B is imported", id="s3BucketVersioningUnknown"),
    pytest.param(lambda: S.found_nothing("Stack/Empty"), "selectionFoundNothing", "resources (from_construct) must find at least one resource AWS Backup supports, got none under Stack/Empty", id="selectionFoundNothing"),
]


@pytest.mark.parametrize(("check", "rule_id", "message"), CASES)
def test_each_rule_fires_with_its_message(check: object, rule_id: str, message: str) -> None:
    [violation] = list(check())  # type: ignore[operator]
    assert isinstance(violation, Violation)
    assert violation.rule.id == rule_id
    assert violation.message.startswith(message) and violation.message.endswith(f"[{rule_id}]")


def test_every_selection_rule_has_a_case() -> None:
    assert {case.id for case in CASES} == {rule.id for rule in rules.rules_of(vars(S))}


# ---------------------------------------------------------------- values that pass
def test_tokens_and_bounds_exactly_met_pass() -> None:
    assert not list(S.selection_name(TOKEN))
    assert not list(S.selection_name("x" * 50))
    assert not list(S.arn_format([TOKEN, "*"], prop="resources"))
    assert not list(S.arn_count(["arn:aws:s3:::b"] * 470 + ["arn:aws:s3:::b*"] * 30, prop="resources"))
    assert not list(S.list_of_tags([S.TagMatch(TOKEN, TOKEN, TOKEN)] * 30))
    assert not list(S.conditions([S.TagMatch("aws:ResourceTag/" + "k" * 128, "v" * 256, "StringEquals")] * 30))
    assert not list(S.bucket_versioning(TOKEN, bucket="B"))
    assert not list(S.bucket_versioning("Enabled", bucket="B"))
    assert not list(S.not_empty(0, 1, 0)) and not list(S.not_empty(1, 0, 1))
    assert not list(S.or_semantics(0, 3))


def test_a_whole_template_selection_is_checked_in_one_call() -> None:
    found = ids(S.selection(["arn:aws:s3:::b", "nope"], 1, 0, ["x"] * 2, name="bad name",
                            tags=[S.TagMatch("k", "v", "StringLike")],
                            condition_matches=[S.TagMatch("noprefix", "v", "StringEquals")]))
    assert found == ["selectionName", "selectionArnFormat", "selectionArnFormat", "selectionArnFormat",
                     "fromTagOperation", "conditionKeyPrefix", "selectionOrSemantics"]
    assert ids(S.selection([], 31, 31, [])) == ["selectionTags", "selectionConditions"]


# ---------------------------------------------------------------- properties
PARTITIONS = st.sampled_from(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"])
SERVICES = st.from_regex(r"[a-z][a-z0-9-]{1,20}", fullmatch=True)
REGIONS = st.sampled_from(["", "us-east-1", "eu-west-3", "us-gov-west-1", "cn-north-1", "ap-southeast-2", "*"])
ACCOUNTS = st.one_of(st.just(""), st.just("*"), st.from_regex(r"[0-9]{12}", fullmatch=True))
RESOURCES = st.from_regex(r"[A-Za-z0-9/:._*-]{1,40}", fullmatch=True)


@FAST
@given(partition=PARTITIONS, service=SERVICES, region=REGIONS, account=ACCOUNTS, resource=RESOURCES)
def test_well_formed_arns_and_patterns_are_accepted(partition: str, service: str, region: str, account: str,
                                                     resource: str) -> None:
    arn = f"arn:{partition}:{service}:{region}:{account}:{resource}"
    assert S.is_resource_arn(arn)
    assert "selectionArnFormat" not in ids(S.arn_format([arn], prop="resources"))


@FAST
@given(text=st.text(max_size=60))
def test_any_text_is_either_an_arn_or_refused_never_a_crash(text: str) -> None:
    result = ids(S.arn_format([text], prop="resources"))
    if any(char.isspace() for char in text) or not (text == "*" or text.startswith("arn:")):
        assert result == ["selectionArnFormat"]
    else:
        assert set(result) <= {"selectionArnFormat", "selectionWildcardPlacement"}


@FAST
@given(arns=st.lists(st.sampled_from(["arn:aws:s3:::b", "arn:aws:s3:::b*", TOKEN]), max_size=600))
def test_arn_count_is_500_with_30_wildcards(arns: list[object]) -> None:
    wildcards = sum(1 for arn in arns if isinstance(arn, str) and "*" in arn)
    assert bool(list(S.arn_count(arns, prop="resources"))) == (len(arns) > 500 or wildcards > 30)


@FAST
@given(arns=st.lists(st.sampled_from(["arn:aws:s3:::a", "arn:aws:s3:::w*", TOKEN]), max_size=1200),
       more=st.lists(st.sampled_from(["arn:aws:s3:::x", "arn:aws:s3:::y*"]), max_size=100))
def test_split_arns_keeps_order_respects_limits_and_is_stable_when_appending(arns: list[object],
                                                                            more: list[object]) -> None:
    chunks = split_arns(arns)  # type: ignore[arg-type]
    assert [arn for chunk in chunks for arn in chunk] == arns
    assert all(not list(S.arn_count(chunk, prop="resources")) for chunk in chunks)
    longer = split_arns([*arns, *more])  # type: ignore[list-item]
    assert longer[: len(chunks) - 1] == chunks[:-1]
    assert longer[len(chunks) - 1][: len(chunks[-1])] == chunks[-1]


@FAST
@given(tags=st.integers(0, 60), conditions=st.integers(0, 60))
def test_tag_and_condition_counts(tags: int, conditions: int) -> None:
    found = ids(S.list_of_tags([S.TagMatch("k", "v")] * tags)) + ids(
        S.conditions([S.TagMatch("aws:ResourceTag/k", "v", "StringLike")] * conditions))
    assert ("selectionTags" in found) == (tags > 30)
    assert ("selectionConditions" in found) == (conditions > 30)


@FAST
@given(name=st.text(max_size=60))
def test_selection_names_follow_the_api_pattern(name: str) -> None:
    valid = re.fullmatch(r"[a-zA-Z0-9\-_.]{1,50}", name, re.ASCII) is not None
    assert (not list(S.selection_name(name))) == valid


def test_or_semantics_message_reads_as_a_sentence() -> None:
    [violation] = S.or_semantics(3, 2)
    assert violation.got == Text("3 ARNs and 2 tags")
    assert "conditions=[TagCondition(...)] (AND)" in violation.message
