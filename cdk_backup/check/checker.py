"""``check()``: read an assembly, run the rules, compute coverage, apply a policy and the controls."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cdk_backup.check import assembly, aws_rules, controls, coverage, parse
from cdk_backup.check import policy as policies
from cdk_backup.check.assembly import Stack
from cdk_backup.check.catalogue import input_error, rule_infos
from cdk_backup.check.match import Matcher
from cdk_backup.check.policy import BackupPolicy
from cdk_backup.check.report import SEVERITY_ORDER, CheckReport


def check(assembly_or_dir: object = "cdk.out", policy: BackupPolicy | Mapping[str, Any] | None = None) -> CheckReport:
    """Check a whole synthesized app: AWS's rules on every ``AWS::Backup::*`` resource, protection
    coverage of every resource AWS Backup can protect, a policy, and every Audit Manager framework.

    Parameters
    ----------
    assembly_or_dir
        A cloud assembly directory (``cdk.out``; nested stages included), the ``CloudAssembly`` that
        ``app.synth()`` returns, an ``App`` (synthesized for you), or templates: one template dict,
        a dict of templates by stack name, or a list of templates.
    policy
        A :class:`BackupPolicy` (or a dict of its keywords) every protectable resource must meet.

    Returns
    -------
    CheckReport
        ``findings``, ``coverage`` and ``controls``, with ``to_json()``, ``to_sarif()``, ``to_text()``.

    Raises
    ------
    cdk_backup.ValidationError
        When the input is not an assembly or templates, or the policy is malformed.
    """
    rules_policy = _policy(policy)
    return run(assembly.load(assembly_or_dir), rules_policy)


def _policy(policy: object) -> BackupPolicy | None:
    if policy is None or isinstance(policy, BackupPolicy):
        return policy
    if isinstance(policy, Mapping):
        return BackupPolicy.from_dict(policy)
    raise input_error("check", "policy", "a BackupPolicy or a dict of its keywords", policy)


def run(stacks: list[Stack], policy: BackupPolicy | None = None) -> CheckReport:
    """The whole check over stacks already read."""
    app, resolver = parse.read(stacks)
    matcher = Matcher(app.resources)
    selected = coverage.select_all(app, matcher)
    findings = aws_rules.run(app, resolver, matcher, selected)
    entries, index = coverage.build(app, selected)
    if policy is not None:
        findings.extend(policies.evaluate(policy, entries, stacks))
    results, control_findings = controls.evaluate(app, index)
    findings.extend(control_findings)
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.stack, f.path))
    counts = {"stacks": len(stacks), "plans": len(app.plans), "selections": len(app.selections),
              "vaults": len(app.vaults), "frameworks": len(app.frameworks)}
    return CheckReport(findings=findings, coverage=entries, controls=results, stacks=[s.name for s in stacks],
                       rules=rule_infos(), counts=counts)
