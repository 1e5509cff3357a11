"""Audit Manager controls, evaluated before deployment against the app's templates.

Every ``AWS::Backup::Framework`` of the app is read control by control, with its scope (resource
types, resource ids, one tag): the resources (or plans, or vaults, or recovery points) the control
would evaluate in the framework's account and Region are those of the app in the same environment.
A control is ``compliant`` when every one of them would be, ``non_compliant`` when one certainly
would not be, and ``not_decidable`` when the answer needs the deployed account (restore tests,
recovery points that exist) or values the templates leave to deployment.

What each control checks follows AWS Config's rule of the same name; parameters default to AWS
Config's defaults (1 day, 35 days).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cdk_backup.check import resources as types
from cdk_backup.check.assembly import Stack, same_env
from cdk_backup.check.match import tag_condition
from cdk_backup.check.model import App, Control, Framework, Plan, Resource, Vault
from cdk_backup.check.report import ControlResource, ControlResult, ControlStatus, Coverage, Finding, Protection
from cdk_backup.check.values import Sym, SymStr, literal_of
from cdk_backup.rules import Text, Unresolved
from cdk_backup.rules import audit as audit_rules
from cdk_backup.rules import template as template_rules

Tri = bool | None
Verdict = tuple[ControlStatus, str | None]

NOT_DECIDABLE_ID = "auditControlNotDecidable"
"""The id of the note that a control cannot be decided before deployment (severity ``info``)."""
NOT_DECIDABLE_SUMMARY = "an Audit Manager control that cannot be decided before deployment"

DELETION_ACTIONS = ("backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle",
                    "backup:PutBackupVaultAccessPolicy")
"""What a vault policy must deny to everyone for ``BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED``."""
ALWAYS_ENCRYPTED = frozenset({"S3", "EFS", "DynamoDB", "Timestream", "CloudFormation", "SAP HANA on Amazon EC2",
                              "FSx", "VirtualMachine"})
"""Types whose recovery points are always encrypted (AWS Backup's own key, or the service's)."""


@dataclass(frozen=True)
class _Subject:
    """What a control evaluates: a resource, a plan or a vault, with what scoping needs."""

    stack: Stack
    logical_id: str
    path: str
    types: tuple[str, ...]
    ident: SymStr
    tags: dict[str, str | Unresolved]
    unknown_tags: str | None


def evaluate(app: App, coverage: dict[Resource, Coverage]) -> tuple[list[ControlResult], list[Finding]]:
    """Every control of every framework of the app."""
    results: list[ControlResult] = []
    findings: list[Finding] = []
    for framework in app.frameworks:
        for control in framework.controls:
            result = _control(app, coverage, framework, control)
            if result is None:
                continue
            results.append(result)
            findings.extend(_findings(framework, result, app))
    return results, findings


def _control(app: App, coverage: dict[Resource, Coverage], framework: Framework,
             control: Control) -> ControlResult | None:
    name = control.name
    if not isinstance(name, str) or name not in audit_rules.CONTROLS:
        return None  # a token or an unknown name: the AWS rules report the latter
    base = dict(framework=framework.path, framework_name=framework.name if isinstance(framework.name, str) else None,
                control=name, framework_stack=framework.stack.name, framework_logical_id=framework.logical_id)
    if name == "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET":
        return ControlResult(status="not_decidable", reason="restore times come from restore testing jobs of the "
                             "deployed account", **base)  # type: ignore[arg-type]
    if control.unknown is not None or control.scope.unknown is not None:
        return ControlResult(status="not_decidable", reason=control.unknown or control.scope.unknown,
                             **base)  # type: ignore[arg-type]
    parameters = control.parameters
    if any(isinstance(value, Unresolved) for value in parameters.values()):
        return ControlResult(status="not_decidable", reason="a parameter is a token", **base)  # type: ignore[arg-type]
    params = {key: value for key, value in parameters.items() if isinstance(value, str)}
    verdicts: list[ControlResource] = []
    if name == "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK":
        frequency = _hours(params, "requiredFrequencyUnit", "requiredFrequencyValue", default_days=1)
        retention = _whole(params.get("requiredRetentionDays"), 35)
        for plan in app.plans:
            scoped = _scope_of(framework, control, _plan_subject(plan))
            if scoped is not None:
                verdicts.append(_judge(scoped, _plan_check(plan, frequency, retention)))
    elif name == "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED":
        allowed = [item.strip() for item in params.get("principalArnList", "").split(",") if item.strip()]
        for vault in app.vaults:
            scoped = _scope_of(framework, control, _vault_subject(vault))
            if scoped is not None:
                verdicts.append(_judge(scoped, _deletion_check(vault, allowed)))
    elif name in ("BACKUP_RECOVERY_POINT_ENCRYPTED", "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK"):
        retention = _whole(params.get("requiredRetentionDays"), 35)
        verdicts.extend(_recovery_points(app, coverage, framework, control, name, retention))
    else:
        check = _resource_check(name, params)
        for resource in app.resources:
            if not control.scope.types and resource.backup_type not in types.AUDITED_TYPES:
                continue
            scoped = _scope_of(framework, control, _resource_subject(resource))
            if scoped is not None:
                verdicts.append(_judge(scoped, check(coverage[resource])))
    return _aggregate(verdicts, **base)


# ---------------------------------------------------------------------------------------- scope
def _resource_subject(resource: Resource) -> _Subject:
    return _Subject(resource.stack, resource.logical_id, resource.path, (resource.backup_type, resource.cfn_type),
                    resource.physical_id, resource.tags, resource.unknown_tags)


def _plan_subject(plan: Plan) -> _Subject:
    ident: SymStr = (Sym("attr", (plan.stack.key, plan.logical_id, "Ref", True), f"${{{plan.logical_id}}}"),)
    return _Subject(plan.stack, plan.logical_id, plan.path, ("AWS::Backup::BackupPlan",), ident, plan.tags,
                    plan.unknown_tags)


def _vault_subject(vault: Vault) -> _Subject:
    return _Subject(vault.stack, vault.logical_id, vault.path, ("AWS::Backup::BackupVault",), vault.name, vault.tags,
                    vault.unknown_tags)


@dataclass(frozen=True)
class _Scoped:
    """Something in a control's scope (``answer`` ``None``: it may be, for the reason ``why``)."""

    subject: _Subject
    answer: Tri
    why: str | None


def _scope_of(framework: Framework, control: Control, subject: _Subject) -> _Scoped | None:
    answer, why = in_scope(framework.stack, control, subject.stack, subject.types, subject.ident, subject.tags,
                           subject.unknown_tags)
    return None if answer is False else _Scoped(subject, answer, why)


def in_scope(framework_stack: Stack, control: Control, stack: Stack, kinds: Sequence[str], ident: SymStr,
             tags: dict[str, str | Unresolved], unknown_tags: str | None) -> tuple[Tri, str | None]:
    """Whether a framework's control evaluates something: same account and Region, and its scope."""
    env = same_env(framework_stack, stack)
    if env is False:
        return False, None
    answers: list[tuple[Tri, str | None]] = []
    if env is None:
        answers.append((None, f"stacks {framework_stack.name} and {stack.name} may deploy to different accounts "
                              "or Regions"))
    scope = control.scope
    if scope.types:
        wanted = {str(t).lower() for t in scope.types if isinstance(t, str)}
        hit = any(kind.lower() in wanted for kind in kinds)
        tokens = any(isinstance(t, Unresolved) for t in scope.types)
        answers.append((True, None) if hit else ((None, "a scope resource type is a token") if tokens else
                                                 (False, None)))
    if scope.ids:
        answers.append(_id_in(scope.ids, ident))
    for key, value in scope.tags or ():
        operator, expected = ("StringEquals", value) if value else ("StringLike", "*")
        answers.append(tag_condition(operator, key, expected if expected is not None else "*", tags, unknown_tags,
                                     "its tags"))
    unknown: tuple[Tri, str | None] | None = None
    for answer in answers:
        if answer[0] is False:
            return False, None
        if answer[0] is None and unknown is None:
            unknown = answer
    return unknown or (True, None)


def _id_in(ids: Sequence[object], ident: SymStr) -> tuple[Tri, str | None]:
    literal = literal_of(ident)
    if literal is not None:
        if literal in ids:
            return True, None
        return (None, "a scope resource id is a token") if any(isinstance(i, Unresolved) for i in ids) else (
            False, None)
    if all(isinstance(part, str) or part.fresh for part in ident):
        return False, None  # a generated id: no id written in a template can be it
    return None, "its id is known only at deployment"


def _judge(scoped: _Scoped, verdict: Verdict) -> ControlResource:
    subject = scoped.subject
    status, reason = verdict
    if scoped.answer is None and status != "compliant":
        status, reason = "not_decidable", f"whether it is in the control's scope: {scoped.why}"
    return ControlResource(subject.stack.name, subject.logical_id, subject.path, status, reason)


def _aggregate(verdicts: list[ControlResource], **base: object) -> ControlResult:
    bad = [v for v in verdicts if v.status == "non_compliant"]
    open_ = [v for v in verdicts if v.status == "not_decidable"]
    if bad:
        status: ControlStatus = "non_compliant"
        reason = f"{len(bad)} of {len(verdicts)} in scope would be NON_COMPLIANT"
    elif open_:
        status, reason = "not_decidable", f"{len(open_)} of {len(verdicts)} in scope depend on deployment"
    else:
        status = "compliant"
        reason = f"all {len(verdicts)} in scope" if verdicts else "nothing of this app is in its scope"
    return ControlResult(status=status, reason=reason, resources=tuple(verdicts), **base)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------- parameters
def _whole(value: str | None, default: float) -> float:
    if value is None:
        return default
    number = audit_rules.whole_number(value)
    return float(number) if number is not None else default


def _hours(params: dict[str, str], unit_key: str, value_key: str, *, default_days: float) -> float:
    unit = params.get(unit_key, "days")
    value = _whole(params.get(value_key), default_days if unit == "days" else default_days * 24)
    return value if unit == "hours" else value * 24


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ---------------------------------------------------------------------------------------- resource controls
def _effective(entry: Coverage) -> list[Protection]:
    return [p for p in entry.protected_by if p.effective]


def _unprotected(entry: Coverage) -> Verdict | None:
    if entry.status == "unprotected":
        return "non_compliant", f"no backup plan protects it ({entry.reason})"
    return None


def _any_of(entry: Coverage, test: Callable[[Protection], Tri], missing: str) -> Verdict:
    """Compliant when some protection passes ``test``; not decidable when some may; else non compliant."""
    found = _unprotected(entry)
    if found is not None:
        return found
    answers = [test(p) for p in _effective(entry)]
    if True in answers:
        return "compliant", None
    if None in answers or entry.status == "undecided" or entry.undecided_by:
        reason = entry.reason if entry.status == "undecided" else "a value known only at deployment"
        return "not_decidable", reason
    return "non_compliant", missing


def _resource_check(name: str, params: dict[str, str]) -> Callable[[Coverage], Verdict]:
    if name == "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN":
        def protected(entry: Coverage) -> Verdict:
            found = _unprotected(entry)
            if found is not None:
                return found
            return ("compliant", None) if entry.status == "protected" else ("not_decidable", entry.reason)
        return protected
    if name == "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION":
        regions = [r.strip() for r in params.get("crossRegionList", "").split(",") if r.strip()]
        return lambda entry: _any_of(entry, lambda p: _copies(p, "region", regions),
                                     "no copy to another Region" + (f" ({', '.join(regions)})" if regions else ""))
    if name == "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT":
        accounts = [a.strip() for a in params.get("crossAccountList", "").split(",") if a.strip()]
        return lambda entry: _any_of(entry, lambda p: _copies(p, "account", accounts),
                                     "no copy to another account" + (f" ({', '.join(accounts)})" if accounts else ""))
    if name == "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK":
        low = audit_rules.whole_number(params.get("minRetentionDays"))
        high = audit_rules.whole_number(params.get("maxRetentionDays"))
        wanted = "a locked vault" + (f" with a minimum retention of at least {low} days" if low else "") + (
            f" and a maximum of at most {high} days" if high else "")
        return lambda entry: _any_of(entry, lambda p: _locked(p, low, high), f"no rule backs it up into {wanted}")
    if name == "BACKUP_LAST_RECOVERY_POINT_CREATED":
        age = _hours(params, "recoveryPointAgeUnit", "recoveryPointAgeValue", default_days=1)
        return lambda entry: _any_of(entry, lambda p: _often(p, age),
                                     f"no rule backs it up at least every {_number(age)} hours")
    if name == "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT":
        age = _hours(params, "recoveryPointAgeUnit", "recoveryPointAgeValue", default_days=1)
        return lambda entry: _any_of(entry, lambda p: _and(_air_gapped(p), _often(p, age)),
                                     f"no rule puts a recovery point in a logically air-gapped vault at least every "
                                     f"{_number(age)} hours")
    return lambda entry: ("not_decidable", "this control is not evaluated before deployment")


def _and(a: Tri, b: Tri) -> Tri:
    if a is False or b is False:
        return False
    return True if a is True and b is True else None


def _copies(p: Protection, kind: str, allowed: list[str]) -> Tri:
    found: Tri = False
    for copy in p.copies:
        if copy.errors:
            continue
        crosses = copy.cross_region if kind == "region" else copy.cross_account
        where = copy.region if kind == "region" else copy.account
        if crosses is True and (not allowed or where in allowed):
            return True
        if crosses is None or (crosses is True and where is None):
            found = None
    return found


def _locked(p: Protection, low: int | None, high: int | None) -> Tri:
    if p.air_gapped:
        return True
    if p.vault_locked is not True:
        return p.vault_locked
    if low is not None:
        if p.vault_lock_min_days is None:
            return None if "vault" in p.unknown else False
        if p.vault_lock_min_days < low:
            return False
    return high is None or (p.vault_lock_max_days is not None and p.vault_lock_max_days <= high)


def _often(p: Protection, age_hours: float) -> Tri:
    if p.continuous:
        return True
    if p.frequency_hours is None:
        return None
    return p.frequency_hours <= age_hours


def _air_gapped(p: Protection) -> Tri:
    if p.air_gapped:
        return True
    found: Tri = False
    for copy in p.copies:
        if copy.air_gapped is True and not copy.errors:
            return True
        if copy.air_gapped is None:
            found = None
    return found


# ---------------------------------------------------------------------------------------- plans and vaults
def _plan_check(plan: Plan, frequency_hours: float, retention_days: float) -> Verdict:
    if not plan.readable:
        return "not_decidable", "its rules are a token"
    answers: list[Tri] = []
    for rule in plan.rules:
        often: Tri = True if rule.value.continuous else (
            None if rule.frequency_hours is None else rule.frequency_hours <= frequency_hours)
        days = rule.value.delete_days
        long: Tri = True if days is None else (None if not isinstance(days, (int, float)) else days >= retention_days)
        answers.append(_and(often, long))
    if True in answers:
        return "compliant", None
    if None in answers:
        return "not_decidable", "a schedule or retention is known only at deployment"
    return "non_compliant", (f"no rule runs at least every {_number(frequency_hours)} hours and keeps recovery "
                             f"points {_number(retention_days)} days or longer")


def _deletion_check(vault: Vault, allowed: list[str]) -> Verdict:
    if vault.air_gapped:
        return "not_decidable", ("how AWS Config evaluates a logically air-gapped vault (immutable by design) is not "
                                 "documented")
    policy = vault.access_policy
    if isinstance(policy, str):
        import json

        try:
            policy = json.loads(policy)
        except ValueError:
            return "non_compliant", "its access policy is not JSON"
    if policy is None:
        return "non_compliant", f"it has no access policy denying {', '.join(DELETION_ACTIONS)} to everyone"
    if isinstance(policy, Unresolved) or not isinstance(policy, dict):
        return "not_decidable", "its access policy is a token"
    statements = policy.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        return "not_decidable", "its policy statements are a token"
    unknown = False
    for statement in statements:
        if not isinstance(statement, dict):
            unknown = True
            continue
        answer = _denies_deletion(statement, allowed)
        if answer is True:
            return "compliant", None
        if answer is None:
            unknown = True
    if unknown:
        return "not_decidable", "part of its access policy is a token"
    return "non_compliant", (f"its access policy does not deny {', '.join(DELETION_ACTIONS)} to every principal "
                             "on every resource")


def _denies_deletion(statement: dict[str, object], allowed: list[str]) -> Tri:
    if statement.get("Effect") != "Deny":
        return False if isinstance(statement.get("Effect"), str) else None
    principal = statement.get("Principal")
    if not (principal == "*" or principal == {"AWS": "*"} or principal == {"AWS": ["*"]}):
        return None if isinstance(principal, Unresolved) else False
    actions = statement.get("Action")
    listed = actions if isinstance(actions, list) else [actions]
    if any(isinstance(a, Unresolved) for a in listed):
        return None
    if not all(action in listed for action in DELETION_ACTIONS):
        return False
    resource = statement.get("Resource")
    resources = resource if isinstance(resource, list) else [resource]
    if "*" not in resources:
        return None if any(isinstance(r, Unresolved) for r in resources) else False
    condition = statement.get("Condition")
    if condition in (None, {}):
        return True
    return _exempts_only(condition, allowed)


def _exempts_only(condition: object, allowed: list[str]) -> Tri:
    """A condition that lifts the deny only for principals of ``principalArnList``."""
    if not isinstance(condition, dict):
        return None
    for operator, body in condition.items():
        if operator not in ("ArnNotEquals", "ArnNotLike", "StringNotEquals", "StringNotLike") or \
                not isinstance(body, dict):
            return None
        for key, values in body.items():
            if key not in ("aws:PrincipalArn", "aws:principalarn"):
                return None
            listed = values if isinstance(values, list) else [values]
            if any(isinstance(v, Unresolved) for v in listed):
                return None
            if any(v not in allowed for v in listed):
                return False
    return True


# ---------------------------------------------------------------------------------------- recovery points
def _recovery_points(app: App, coverage: dict[Resource, Coverage], framework: Framework, control: Control,
                     name: str, retention: float) -> list[ControlResource]:
    verdicts = []
    for resource in app.resources:
        entry = coverage[resource]
        for protection in _effective(entry):
            tags = {**resource.tags, **protection.recovery_point_tags}
            answer, why = in_scope(framework.stack, control, resource.stack, (), resource.physical_id, tags,
                                   resource.unknown_tags)
            if answer is False:
                continue
            if name == "BACKUP_RECOVERY_POINT_ENCRYPTED":
                status, reason = _encrypted(resource)
            elif "retention" in protection.unknown:
                status, reason = "not_decidable", f"the retention of {protection.label} is a token"
            elif protection.retention_days is not None and protection.retention_days < retention:
                status, reason = "non_compliant", (f"{protection.label} keeps recovery points "
                                                   f"{_number(protection.retention_days)} days < "
                                                   f"required {_number(retention)}")
            else:
                status, reason = "compliant", None
            if answer is None and status != "compliant":
                status, reason = "not_decidable", f"whether its recovery points are in scope: {why}"
            verdicts.append(ControlResource(resource.stack.name, resource.logical_id, resource.path, status, reason))
    return verdicts


def _encrypted(resource: Resource) -> Verdict:
    """Whether a resource's recovery points are encrypted: the service's encryption, for types AWS Backup
    does not fully manage."""
    kind, props = resource.backup_type, resource.properties
    if kind in ALWAYS_ENCRYPTED:
        return "compliant", None
    if resource.cfn_type == "AWS::EC2::Volume":
        if props.get("Encrypted") is True or props.get("KmsKeyId") is not None:
            return "compliant", None
        return "not_decidable", "an unencrypted volume is encrypted only if the account encrypts EBS by default"
    if resource.cfn_type == "AWS::EC2::Instance":
        mappings = props.get("BlockDeviceMappings")
        if isinstance(mappings, list) and mappings and all(
                isinstance(m, dict) and isinstance(m.get("Ebs"), dict) and m["Ebs"].get("Encrypted") is True
                for m in mappings):
            return "compliant", None
        return "not_decidable", "the encryption of an instance's volumes depends on its AMI and the account"
    if kind in types.RDS_FAMILY or kind == "Redshift":
        flag = props.get("Encrypted") if kind == "Redshift" else props.get("StorageEncrypted")
        if flag is True or flag == "true" or props.get("KmsKeyId") is not None or props.get("EngineMode") == \
                "serverless":
            return "compliant", None
        if any(props.get(key) is not None for key in ("SnapshotIdentifier", "DBSnapshotIdentifier",
                                                      "SourceDBClusterIdentifier", "SourceDBInstanceIdentifier")):
            return "not_decidable", "it is restored from a snapshot, whose encryption it keeps"
        if isinstance(flag, (str, bool)) or flag is None:
            return "non_compliant", "its storage is not encrypted, so its snapshots are not either"
        return "not_decidable", "its encryption is a token"
    return "not_decidable", f"the encryption of {kind} recovery points is not known before deployment"


# ---------------------------------------------------------------------------------------- findings
def _findings(framework: Framework, result: ControlResult, app: App) -> list[Finding]:
    findings = []
    stacks = {stack.name: stack for stack in app.stacks}
    for entry in result.resources:
        if entry.status != "non_compliant":
            continue
        violation = template_rules.CONTROL_NON_COMPLIANT.violation(
            Text(entry.reason or ""), prop="control", control=Text(result.control), framework=Text(framework.path))
        stack = stacks.get(entry.stack)
        findings.append(Finding(rule=violation.rule.id, severity="warning", stack=entry.stack,
                                logical_id=entry.logical_id, path=entry.path, message=violation.message,
                                template=stack.template_path if stack else None,
                                line=stack.line_of(entry.logical_id) if stack and entry.logical_id else None))
    if result.status == "not_decidable" or any(e.status == "not_decidable" for e in result.resources):
        open_ = [e for e in result.resources if e.status == "not_decidable"]
        detail = result.reason if not open_ else (f"{len(open_)} of {len(result.resources)} in scope, e.g. "
                                                  f"{open_[0].path}: {open_[0].reason}")
        findings.append(Finding(
            rule=NOT_DECIDABLE_ID, severity="info", stack=framework.stack.name, logical_id=framework.logical_id,
            path=framework.path, message=f"control {result.control} cannot be decided before deployment: {detail} "
            f"[{NOT_DECIDABLE_ID}]", location="Properties/FrameworkControls",
            template=framework.stack.template_path, line=framework.stack.line_of(framework.logical_id)))
    return findings
