"""``BackupPolicy``: its door (types, durations, files) and what it finds on an app."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cdk_backup
from cdk_backup import BackupPolicy, ValidationError
from cdk_backup.rules import template as rules
from cdk_backup.rules.common import CHECK_INPUT
from tests.check_fixtures import (
    air_gapped,
    bucket,
    copy,
    getatt,
    plan,
    rule,
    selection,
    table,
    template,
    vault,
)

ELSEWHERE = "arn:aws:backup:eu-west-1:999999999999:backup-vault:central"


# ---------------------------------------------------------------------------------------- the door
def test_durations_numbers_and_strings_mean_the_same() -> None:
    assert BackupPolicy(min_frequency=cdk.Duration.hours(24), min_retention=cdk.Duration.days(90)) == \
        BackupPolicy(min_frequency=24, min_retention=90) == BackupPolicy(min_frequency="1d", min_retention="90d") \
        == BackupPolicy.from_dict({"min_frequency_hours": 24, "min_retention_days": 90})


def test_fractional_durations_are_kept() -> None:
    policy = BackupPolicy(min_frequency=cdk.Duration.minutes(90), min_retention=cdk.Duration.hours(36))
    assert (policy.min_frequency_hours, policy.min_retention_days) == (1.5, 1.5)


BAD = [
    pytest.param({"min_retention": "ninety"}, "min_retention", id="retention-word"),
    pytest.param({"min_retention": True}, "min_retention", id="retention-bool"),
    pytest.param({"min_retention": 0}, "min_retention", id="retention-zero"),
    pytest.param({"min_frequency": -1}, "min_frequency", id="frequency-negative"),
    pytest.param({"min_frequency": [24]}, "min_frequency", id="frequency-list"),
    pytest.param({"min_retention": cdk.Duration.days(cdk.Token.as_number(cdk.Aws.ACCOUNT_ID))}, "min_retention",
                 id="retention-token"),
    pytest.param({"vault_lock": "true"}, "vault_lock", id="vault-lock-string"),
    pytest.param({"cross_region_copy": 1}, "cross_region_copy", id="cross-region-int"),
    pytest.param({"resource_types": ["DynamoDB", "Mainframe"]}, "resource_types", id="unknown-type"),
    pytest.param({"resource_types": "DynamoDB"}, "resource_types", id="types-not-a-list"),
    pytest.param({"exempt": [3]}, "exempt", id="exempt-number"),
]


@pytest.mark.parametrize(("keywords", "prop"), BAD)
def test_bad_keywords(keywords: dict[str, Any], prop: str) -> None:
    with pytest.raises(ValidationError, match=f"BackupPolicy: {prop} must be") as raised:
        BackupPolicy(**keywords)
    assert raised.value.prop == prop and raised.value.rule == CHECK_INPUT.id


def test_policy_file(tmp_path: Any) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"min_retention": "35d", "vault_lock": True, "resource_types": ["rds", "Aurora"]}))
    policy = BackupPolicy.from_file(path)
    assert policy.vault_lock and policy.resource_types == ("RDS", "Aurora") and policy.min_retention_days == 35
    path.write_text(json.dumps({"retention": 35}))
    with pytest.raises(ValidationError, match="got retention, which is not a policy keyword"):
        BackupPolicy.from_file(path)
    path.write_text("{")
    with pytest.raises(ValidationError, match="is not JSON"):
        BackupPolicy.from_file(path)


@settings(max_examples=40, deadline=None)
@given(hours=st.integers(min_value=1, max_value=24 * 400))
def test_amounts_in_any_form_agree(hours: int) -> None:
    as_duration = BackupPolicy(min_frequency=cdk.Duration.hours(hours)).min_frequency_hours
    assert as_duration == BackupPolicy(min_frequency=hours).min_frequency_hours == \
        BackupPolicy(min_frequency=f"{hours}h").min_frequency_hours == float(hours)
    assert BackupPolicy(min_retention=f"{hours}h").min_retention_days == pytest.approx(hours / 24)


# ---------------------------------------------------------------------------------------- evaluation
def _app(*rules_: dict[str, Any], vault_props: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return template(Vault=vault("main", **(vault_props or {})), Lag=air_gapped("lag", 7, 3650),
                    Plan=plan(*(rules_ or (rule(),))), T=table(), S=selection(resources=[getatt("T", "Arn")]),
                    **extra)


def _findings(app: dict[str, Any], **policy: Any) -> list[tuple[str, str]]:
    report = cdk_backup.check(app, BackupPolicy(**policy))
    return [(f.rule, f.message) for f in report.findings if f.rule.startswith("policy")]


def test_retention_below_the_policy() -> None:
    found = _findings(_app(), min_retention=90)
    assert [rule_id for rule_id, _ in found] == [rules.POLICY_RETENTION.id]
    assert "retention 35 days < required 90" in found[0][1] and "rule 'Daily' of Template/Plan" in found[0][1]


def test_one_rule_must_meet_every_requirement() -> None:
    """A daily 35-day rule and a weekly 365-day rule: neither is daily AND kept 90 days."""
    app = _app(rule("Daily"), rule("Weekly", schedule="cron(0 5 ? * SUN *)", delete=365))
    found = _findings(app, min_frequency=24, min_retention=90)
    assert len(found) == 1 and found[0][0] in (rules.POLICY_FREQUENCY.id, rules.POLICY_RETENTION.id)
    assert _findings(app, min_frequency=24 * 7, min_retention=90) == []


def test_weekday_schedule_is_not_daily() -> None:
    found = _findings(_app(rule(schedule="cron(0 5 ? * MON-FRI *)")), min_frequency=cdk.Duration.days(1))
    assert found[0][0] == rules.POLICY_FREQUENCY.id and "every 72 hours > required 24" in found[0][1]


POLICY_CASES = [
    pytest.param({"vault_lock": True}, {}, rules.POLICY_VAULT_LOCK.id, id="vault-lock"),
    pytest.param({"vault_lock": True}, {"vault_props": {"lock": {"MinRetentionDays": 1}}}, None,
                 id="vault-lock-met"),
    pytest.param({"encrypted_with_customer_key": True}, {}, rules.POLICY_CUSTOMER_KEY.id, id="customer-key"),
    pytest.param({"encrypted_with_customer_key": True}, {"vault_props": {"key": getatt("Key", "Arn")}}, None,
                 id="customer-key-met"),
    pytest.param({"air_gapped_copy": True}, {}, rules.POLICY_AIR_GAPPED.id, id="air-gapped"),
    pytest.param({"air_gapped_copy": True}, {"rules": [rule(copies=[copy("Lag", 35)])]}, None, id="air-gapped-met"),
    pytest.param({"cross_region_copy": True}, {}, rules.POLICY_CROSS_REGION.id, id="cross-region"),
    pytest.param({"cross_region_copy": True}, {"rules": [rule(copies=[copy(ELSEWHERE, 35)])]},
                 rules.POLICY_UNDECIDED.id, id="cross-region-in-an-unknown-region"),
    pytest.param({"continuous_backup": True}, {}, None, id="continuous-not-for-tables"),
]


@pytest.mark.parametrize(("policy", "app", "expected"), POLICY_CASES)
def test_requirements(policy: dict[str, Any], app: dict[str, Any], expected: str | None) -> None:
    found = _findings(_app(*app.get("rules", []), vault_props=app.get("vault_props")), **policy)
    assert [rule_id for rule_id, _ in found] == ([expected] if expected else [])


def test_continuous_backup_for_buckets() -> None:
    app = template(Vault=vault("main"), Plan=plan(rule()), B=bucket(), S=selection(resources=[getatt("B", "Arn")]))
    assert [r for r, _ in _findings(app, continuous_backup=True)] == [rules.POLICY_CONTINUOUS.id]
    app["Resources"]["Plan"] = plan(rule(), rule("Pitr", continuous=True, delete=7, schedule=None))
    assert _findings(app, continuous_backup=True) == []


def test_unprotected_and_failing_resources() -> None:
    app = _app(U=table())
    app["Resources"]["Vault"] = vault("main", lock={"MinRetentionDays": 7, "MaxRetentionDays": 10})
    found = _findings(app, min_retention=1)
    assert sorted(r for r, _ in found) == [rules.POLICY_UNPROTECTED.id] * 2
    messages = " ".join(m for _, m in found)
    assert "no selection selects it" in messages and "every rule that selects it fails" in messages


def test_types_and_exemptions() -> None:
    app = _app(B=bucket())
    assert [r for r, _ in _findings(app, min_retention=1)] == [rules.POLICY_UNPROTECTED.id]
    assert _findings(app, min_retention=1, resource_types=["DynamoDB"]) == []
    assert _findings(app, min_retention=1, resource_types=["AWS::DynamoDB::Table"]) == []
    assert _findings(app, min_retention=1, exempt=["Template/B"]) == []
    assert _findings(app, min_retention=1, exempt=["B"]) == []
    assert _findings(app, min_retention=1, exempt=["Template/*"]) == []


def test_exempt_a_construct() -> None:
    stack = cdk.Stack(cdk.App(), "Data")
    construct = cdk.CfnResource(stack, "Legacy", type="AWS::S3::Bucket")
    assert BackupPolicy(exempt=[construct]).exempt == ("Data/Legacy",)


def test_undecided_resource_is_a_warning() -> None:
    app = _app(U=table(tags={"env": {"Ref": "Env"}}), S2=selection(tags={"env": "prod"}, name="ByTag"))
    report = cdk_backup.check(app, {"min_retention": 1})
    found = [f for f in report.findings if f.logical_id == "U"]
    assert [(f.rule, f.severity) for f in found] == [(rules.POLICY_UNDECIDED.id, "warning")]
    assert report.ok


def test_policy_given_as_a_dict_or_wrongly() -> None:
    assert not cdk_backup.check(_app(), {"min_retention": 90}).ok
    with pytest.raises(ValidationError, match="policy must be a BackupPolicy"):
        cdk_backup.check(_app(), "strict")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------- identity in findings
def test_policy_findings_name_their_resource(tmp_path: Any) -> None:
    path = tmp_path / "Template.template.json"
    path.write_text(json.dumps(_app(), indent=1))
    report = cdk_backup.check(path, BackupPolicy(min_retention=90, resource_types=["DynamoDB"]))
    (finding,) = [f for f in report.findings if f.rule.startswith("policy")]
    assert (finding.stack, finding.logical_id, finding.path) == ("Template", "T", "Template/T")
    lines = path.read_text().splitlines()
    assert finding.template == str(path) and finding.line == 1 + next(
        index for index, text in enumerate(lines) if text.strip() == '"T": {')
    assert "got Template/T (AWS::DynamoDB::Table): retention 35 days < required 90" in finding.message
    unprotected = cdk_backup.check(template(T=table()), BackupPolicy(min_retention=90)).findings
    assert [f.rule for f in unprotected] == [rules.POLICY_UNPROTECTED.id]
    assert "got Template/T (AWS::DynamoDB::Table): " in unprotected[0].message


def test_policy_findings_through_the_plugin(tmp_path: Any) -> None:
    import aws_cdk.aws_backup as backup
    import aws_cdk.aws_dynamodb as ddb

    app = cdk.App(outdir=str(tmp_path))
    cdk.Validations.of(app).add_plugins(cdk_backup.BackupChecks(policy={"min_retention": 90}))
    stack = cdk.Stack(app, "Stack", synthesizer=cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False))
    table_ = ddb.Table(stack, "Table", partition_key=ddb.Attribute(name="pk", type=ddb.AttributeType.STRING))
    plan_ = backup.BackupPlan.daily35_day_retention(stack, "Plan")
    plan_.add_selection("Sel", resources=[backup.BackupResource.from_dynamo_db_table(table_)])
    with pytest.raises(Exception, match="ValidationFailed"):
        app.synth()
    (plugin,) = json.loads((tmp_path / "validation-report.json").read_text())["pluginReports"]
    (violation,) = [v for v in plugin["violations"] if v["ruleName"] == rules.POLICY_RETENTION.id]
    assert "Stack/Table (AWS::DynamoDB::Table): retention 35 days < required 90" in violation["description"]
    (construct,) = violation["violatingConstructs"]
    assert construct["constructPath"] == "Stack/Table/Resource"
    assert construct["cloudFormationResource"]["templatePath"].endswith("Stack.template.json")
