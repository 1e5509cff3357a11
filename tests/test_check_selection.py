"""Which resources a selection selects, as AWS Backup decides it: on templates, without synthesis.

Each case is a small app (template dicts) and the coverage status the checker must give each
resource: ``protected``, ``unprotected`` or ``undecided`` (with the reason naming what it depends on).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cdk_backup
from cdk_backup.check.match import _intersects, like, tag_condition
from tests.check_fixtures import (
    arn_of,
    bucket,
    coverage_of,
    database,
    getatt,
    plan,
    ref,
    selection,
    table,
    template,
    vault,
    volume,
)


def _app(**resources: Any) -> dict[str, Any]:
    return template(Vault=vault("main"), Plan=plan(), **resources)


def _status(report: Any, logical_id: str) -> str:
    return str(coverage_of(report, logical_id).status)


CASES = [
    pytest.param(_app(T=table(), S=selection(resources=[getatt("T", "Arn")])), {"T": "protected"},
                 id="reference-by-getatt"),
    pytest.param(_app(V=volume(), S=selection(resources=[arn_of("ec2", "volume/", "V")])), {"V": "protected"},
                 id="reference-by-format-arn-join"),
    pytest.param(_app(V=volume(), S=selection(resources=[
        {"Fn::Sub": "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:volume/${V}"}])),
        {"V": "protected"}, id="reference-by-fn-sub"),
    pytest.param(_app(T=table(), U=table(), S=selection(resources=[getatt("T", "Arn")])),
                 {"T": "protected", "U": "unprotected"}, id="reference-selects-only-its-resource"),
    pytest.param(_app(T=table(), B=bucket(), S=selection(resources=["*"])), {"T": "protected", "B": "protected"},
                 id="star-selects-everything"),
    pytest.param(_app(T=table(), V=volume(), S=selection(resources=["arn:aws:dynamodb:*:*:table/*"])),
                 {"T": "protected", "V": "unprotected"}, id="wildcard-by-service-and-type"),
    pytest.param(_app(D=database(), S=selection(resources=["arn:aws:rds:*"])), {"D": "protected"},
                 id="wildcard-prefix-of-the-service"),
    pytest.param(_app(V=volume(), S=selection(resources=["arn:aws:ec2:*:*:instance/*"])), {"V": "unprotected"},
                 id="wildcard-other-resource-type"),
    pytest.param(_app(T=table("orders"), S=selection(resources=["arn:aws:dynamodb:*:*:table/ord*"])),
                 {"T": "protected"}, id="wildcard-on-a-literal-name"),
    pytest.param(_app(T=table("orders"), S=selection(resources=["arn:aws:dynamodb:*:*:table/pay*"])),
                 {"T": "unprotected"}, id="wildcard-not-matching-a-literal-name"),
    pytest.param(_app(T=table(), S=selection(resources=["arn:aws:dynamodb:*:*:table/orders"])),
                 {"T": "unprotected"}, id="literal-name-never-names-a-generated-one"),
    pytest.param(_app(T=table("orders"), S=selection(resources=["arn:aws:dynamodb:us-east-1:111122223333:table/orders"])),
                 {"T": "undecided"}, id="literal-region-against-an-unknown-environment"),
    pytest.param(_app(T=table(tags={"backup": "daily"}), U=table(tags={"backup": "weekly"}),
                      S=selection(tags={"backup": "daily"})),
                 {"T": "protected", "U": "unprotected"}, id="list-of-tags"),
    pytest.param(_app(T=table(tags={"a": "1"}), U=table(tags={"b": "2"}), W=table(),
                      S=selection(tags={"a": "1", "b": "2"})),
                 {"T": "protected", "U": "protected", "W": "unprotected"}, id="list-of-tags-is-or"),
    pytest.param(_app(T=table(tags={"a": "1"}), U=table(), S=selection(resources=[getatt("U", "Arn")],
                                                                       tags={"a": "1"})),
                 {"T": "protected", "U": "protected"}, id="resources-or-list-of-tags"),
    pytest.param(_app(T=table(tags={"team": "pay", "env": "prod"}), U=table(tags={"team": "pay", "env": "test"}),
                      S=selection(resources=["*"], conditions={"StringEquals": {"team": "pay", "env": "prod"}})),
                 {"T": "protected", "U": "unprotected"}, id="conditions-are-and"),
    pytest.param(_app(T=table(tags={"env": "prod-eu"}), U=table(tags={"env": "staging"}),
                      S=selection(resources=["arn:aws:dynamodb:*:*:table/*"],
                                  conditions={"StringLike": {"env": "prod*"}})),
                 {"T": "protected", "U": "unprotected"}, id="string-like-wildcard"),
    pytest.param(_app(T=table(tags={"env": "prod", "tier": "critical-db"}), U=table(tags={"env": "prod", "tier": "x"}),
                      W=table(tags={"env": "test", "tier": "critical-db"}),
                      S=selection(resources=["*"], conditions={"StringEquals": {"env": "prod"},
                                                               "StringLike": {"tier": "*crit*"}})),
                 {"T": "protected", "U": "unprotected", "W": "unprotected"}, id="and-of-equals-and-like-wildcards"),
    pytest.param(_app(T=table(tags={"stage": "test"}), U=table(tags={"stage": "prod"}), W=table(),
                      S=selection(resources=["*"], conditions={"StringNotEquals": {"stage": "test"}})),
                 {"T": "unprotected", "U": "protected", "W": "protected"}, id="string-not-equals-holds-without-tag"),
    pytest.param(_app(T=table(tags={"name": "x-exclude-y"}), U=table(tags={"name": "keep"}),
                      S=selection(resources=["*"], conditions={"StringNotLike": {"name": "*exclude*"}})),
                 {"T": "unprotected", "U": "protected"}, id="string-not-like"),
    pytest.param(_app(T=table(), V=volume(), S=selection(resources=["*"], not_resources=["arn:aws:ec2:*:*:volume/*"])),
                 {"T": "protected", "V": "unprotected"}, id="not-resources-by-wildcard"),
    pytest.param(_app(T=table(), U=table(), S=selection(resources=["arn:aws:dynamodb:*:*:table/*"],
                                                        not_resources=[getatt("U", "Arn")])),
                 {"T": "protected", "U": "unprotected"}, id="not-resources-by-reference"),
    pytest.param(_app(T=table(tags={"env": ref("Env")}), S=selection(tags={"env": "prod"})),
                 {"T": "undecided"}, id="tag-value-is-a-parameter"),
    pytest.param(_app(T=table(), S=selection(resources=[ref("TableArn")])), {"T": "undecided"},
                 id="resource-arn-is-a-parameter"),
    pytest.param(_app(T=table(), S=selection(resources=[{"Fn::ImportValue": "Elsewhere:TableArn"}])),
                 {"T": "undecided"}, id="import-of-an-export-not-in-the-app"),
    pytest.param(_app(T=table(tags={"a": "b"}), S=selection(resources=[{"Fn::If": ["Prod", "*", ref(
        "AWS::NoValue")]}])), {"T": "undecided"}, id="condition-function"),
    pytest.param(_app(T=table(tags={"a": "1"}), S=selection(tags={"a": "1"}, not_resources=[ref("Excluded")])),
                 {"T": "undecided"}, id="not-resources-is-a-parameter"),
    pytest.param(_app(T={"Type": "AWS::DynamoDB::Table", "Properties": {"Tags": ref("Tags")}},
                      S=selection(tags={"a": "1"})), {"T": "undecided"}, id="tags-are-a-token"),
    pytest.param(_app(T=table(tags={"env": "prod"}), S=selection(resources=["*"], conditions={
        "StringLike": {"env": "pr?d"}})), {"T": "undecided"}, id="string-like-question-mark-is-unclear"),
    pytest.param(_app(T=table(), S=selection(resources=["*"], conditions={
        "StringEquals": {"aws:cloudformation:logical-id": "T"}})), {"T": "protected"},
        id="tags-cloudformation-adds"),
    pytest.param(_app(G={"Type": "AWS::DynamoDB::GlobalTable", "Properties": {
        "Replicas": [{"Region": ref("AWS::Region"), "Tags": [{"Key": "backup", "Value": "yes"}]},
                     {"Region": "eu-west-1", "Tags": [{"Key": "backup", "Value": "no"}]}]}},
        S=selection(tags={"backup": "yes"})), {"G": "protected"}, id="global-table-replica-tags"),
    pytest.param(_app(E={"Type": "AWS::EFS::FileSystem", "Properties": {
        "FileSystemTags": [{"Key": "backup", "Value": "yes"}]}}, S=selection(tags={"backup": "yes"})),
        {"E": "protected"}, id="efs-file-system-tags"),
    pytest.param(_app(M=database(DBClusterIdentifier=ref("Cluster")), S=selection(resources=["*"])), {},
                 id="cluster-member-is-not-listed"),
    pytest.param(_app(T=table(), S=selection(plan_id="orphan-plan-id", resources=[getatt("T", "Arn")])),
                 {"T": "protected"}, id="plan-outside-the-app"),
]


@pytest.mark.parametrize(("resources", "expected"), CASES)
def test_selection_semantics(resources: dict[str, Any], expected: dict[str, str]) -> None:
    report = cdk_backup.check(resources)
    statuses = {entry.logical_id: entry.status for entry in report.coverage}
    assert {k: statuses.get(k) for k in expected} == expected
    if not expected:
        assert "M" not in statuses


def test_undecided_says_on_what_it_depends() -> None:
    report = cdk_backup.check(_app(T=table(tags={"env": ref("Env")}), S=selection(tags={"env": "prod"})))
    entry = coverage_of(report, "T")
    assert entry.status == "undecided"
    assert "tag 'env'" in (entry.reason or "") and "token" in (entry.reason or "")
    assert entry.undecided_by[0].selection_path.endswith("/S")


def test_unknown_region_reason_names_it() -> None:
    report = cdk_backup.check(_app(T=table("orders"), S=selection(
        resources=["arn:aws:dynamodb:us-east-1:111122223333:table/orders"])))
    assert "${AWS::Region}" in (coverage_of(report, "T").reason or "")


# ---------------------------------------------------------------------------------------- environments
def _manifest_app(tmp_path: Any, stacks: dict[str, tuple[str, dict[str, Any]]],
                  tags: dict[str, dict[str, str]] | None = None) -> Any:
    import json

    artifacts = {}
    for name, (environment, body) in stacks.items():
        (tmp_path / f"{name}.template.json").write_text(json.dumps(body))
        artifacts[name] = {"type": "aws:cloudformation:stack", "environment": environment,
                           "properties": {"templateFile": f"{name}.template.json",
                                          **({"tags": tags[name]} if tags and name in tags else {})},
                           "displayName": name}
    (tmp_path / "manifest.json").write_text(json.dumps({"version": "55.0.0", "artifacts": artifacts}))
    return tmp_path


KNOWN = "aws://111122223333/us-east-1"


def test_literal_arn_in_a_known_environment(tmp_path: Any) -> None:
    directory = _manifest_app(tmp_path, {"S": (KNOWN, _app(
        T=table("orders"), S=selection(resources=["arn:aws:dynamodb:us-east-1:111122223333:table/orders"])))})
    report = cdk_backup.check(directory)
    assert coverage_of(report, "T").status == "protected"
    assert coverage_of(report, "T").arn == "arn:aws:dynamodb:us-east-1:111122223333:table/orders"


def test_selection_never_reaches_another_region(tmp_path: Any) -> None:
    directory = _manifest_app(tmp_path, {
        "Data": ("aws://111122223333/eu-west-1", template(T=table(tags={"a": "1"}))),
        "Backup": (KNOWN, _app(S=selection(tags={"a": "1"}))),
    })
    assert coverage_of(cdk_backup.check(directory), "T").status == "unprotected"


def test_known_and_unknown_environments_are_undecided(tmp_path: Any) -> None:
    directory = _manifest_app(tmp_path, {
        "Data": ("aws://unknown-account/unknown-region", template(T=table(tags={"a": "1"}))),
        "Backup": (KNOWN, _app(S=selection(tags={"a": "1"}))),
    })
    entry = coverage_of(cdk_backup.check(directory), "T")
    assert entry.status == "undecided" and "different accounts or Regions" in (entry.reason or "")


def test_stack_tags_reach_every_resource(tmp_path: Any) -> None:
    directory = _manifest_app(tmp_path, {"S": (KNOWN, _app(T=table(), S=selection(tags={"team": "data"})))},
                              tags={"S": {"team": "data"}})
    assert coverage_of(cdk_backup.check(directory), "T").status == "protected"


def test_cross_stack_reference_through_an_export(tmp_path: Any) -> None:
    data = template(T=table())
    data["Outputs"] = {"TableArn": {"Value": getatt("T", "Arn"), "Export": {"Name": "Data:TableArn"}}}
    directory = _manifest_app(tmp_path, {
        "Data": ("aws://unknown-account/unknown-region", data),
        "Backup": ("aws://unknown-account/unknown-region",
                   _app(S=selection(resources=[{"Fn::ImportValue": "Data:TableArn"}]))),
    })
    report = cdk_backup.check(directory)
    entry = coverage_of(report, "T")
    assert entry.status == "protected" and entry.stack == "Data"
    assert entry.protected_by[0].plan_logical_id == "Plan" and entry.protected_by[0].plan_stack == "Backup"


# ---------------------------------------------------------------------------------------- properties
_TEXT = st.text(alphabet="abc-/:*", max_size=8)


@settings(max_examples=60, deadline=None)
@given(value=st.text(alphabet="abcxyz-", max_size=10), pattern=st.text(alphabet="abx*-", max_size=6))
def test_like_agrees_with_fnmatch_where_it_decides(value: str, pattern: str) -> None:
    import fnmatch

    expected = fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))
    assert like(value, pattern) == expected


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(["env", "team"]), value=st.text(alphabet="ab*", max_size=4),
       tags=st.dictionaries(st.sampled_from(["env", "team", "x"]), st.text(alphabet="ab", max_size=3), max_size=3))
def test_negated_operators_are_the_negation(key: str, value: str, tags: dict[str, str]) -> None:
    for positive, negative in (("StringEquals", "StringNotEquals"), ("StringLike", "StringNotLike")):
        yes, _ = tag_condition(positive, key, value, dict(tags), None, "here")
        no, _ = tag_condition(negative, key, value, dict(tags), None, "here")
        assert yes is not None and no is not None and yes is not no


@settings(max_examples=80, deadline=None)
@given(left=_TEXT, right=st.text(alphabet="abc-/:", max_size=8))
def test_glob_intersection_with_a_literal_is_matching(left: str, right: str) -> None:
    import re

    def tokens(text: str, star: bool) -> tuple[Any, ...]:
        return tuple((True, None) if star and c == "*" else (False, frozenset(c)) for c in text)

    regex = "".join(".*" if c == "*" else re.escape(c) for c in left)
    assert _intersects(tokens(left, True), tokens(right, False)) == (re.fullmatch(regex, right) is not None)
