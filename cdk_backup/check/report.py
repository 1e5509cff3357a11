"""The check's answer: findings, protection coverage, Audit Manager controls, and three formats.

``CheckReport.to_json()`` gives the fields below as JSON, ``to_sarif()`` a SARIF 2.1.0 log for
code-scanning tools, ``to_text()`` a readable coverage table and list of findings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
Status = Literal["protected", "unprotected", "undecided"]
ControlStatus = Literal["compliant", "non_compliant", "not_decidable"]

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
"""How findings are sorted: errors first."""


@dataclass(frozen=True)
class Finding:
    """One problem (or note) about one resource of the app."""

    rule: str
    """The rule's id in the catalogue (``retentionInLockRange``)."""
    severity: Severity
    stack: str
    """The stack's construct path."""
    logical_id: str | None
    path: str
    """The resource's construct path (from the assembly's metadata)."""
    message: str
    """What is wrong, without the path: ``delete_after must lie inside …, got … [ruleId]``."""
    location: str | None = None
    """Where in the resource: ``Properties/BackupPlan/BackupPlanRule/1``."""
    template: str | None = field(default=None, compare=False)
    """The template file the resource is in."""
    line: int | None = field(default=None, compare=False)

    @property
    def text(self) -> str:
        """``path: message``, the form error messages of cdk_backup take."""
        return f"{self.path}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "stack": self.stack, "logical_id": self.logical_id,
                "path": self.path, "message": self.message, "location": self.location}


@dataclass(frozen=True)
class CopyDestination:
    """Where one copy action of a rule sends copies."""

    destination: str
    """The destination vault: its construct path when it is in the app, else its ARN as written."""
    cross_region: bool | None
    """In another Region than the source (``None``: cannot be told before deployment)."""
    cross_account: bool | None
    air_gapped: bool | None
    """A logically air-gapped vault (``None``: a vault outside the app)."""
    retention_days: float | None = None
    """How long copies are kept (``None``: as long as the source recovery point)."""
    vault_locked: bool | None = None
    errors: tuple[str, ...] = ()
    """Ids of error findings that make these copy jobs fail."""
    region: str | None = None
    """The destination's Region when it is known before deployment."""
    account: str | None = None


@dataclass(frozen=True)
class Protection:
    """What one rule of one plan gives a resource its selection selects."""

    plan_logical_id: str | None
    """``None`` when the selection's plan is not in the app (an imported plan id)."""
    rule_name: str | None
    frequency_hours: float | None
    """The longest gap between two scheduled runs, in hours (``None``: unknown, see ``unknown``)."""
    retention_days: float | None
    """``DeleteAfterDays`` (35 for continuous rules without one); ``None``: never deleted, unless
    ``"retention"`` is in ``unknown``."""
    vault_locked: bool | None
    copies: tuple[CopyDestination, ...] = ()
    plan_path: str | None = None
    plan_stack: str | None = None
    selection_path: str = ""
    vault: str | None = None
    """The target vault: its construct path when it is in the app, else its name as written."""
    vault_lock_min_days: float | None = None
    vault_lock_max_days: float | None = None
    vault_customer_key: bool | None = None
    air_gapped: bool | None = False
    """The rule targets a logically air-gapped vault directly."""
    continuous: bool = False
    cold_storage_after_days: float | None = None
    archive: bool = False
    recovery_point_tags: dict[str, str] = field(default_factory=dict)
    """Tags the rule adds to its recovery points (those known before deployment)."""
    unknown: tuple[str, ...] = ()
    """Values known only at deployment: ``schedule``, ``retention``, ``vault``, ``plan``…"""
    errors: tuple[str, ...] = ()
    """Ids of error findings that make this rule's backup jobs fail (then it protects nothing)."""

    @property
    def effective(self) -> bool:
        return not self.errors

    @property
    def label(self) -> str:
        plan = self.plan_path or "an imported plan"
        return f"rule {self.rule_name!r} of {plan}" if self.rule_name else f"a rule of {plan}"


@dataclass(frozen=True)
class MaybeSelected:
    """A selection that may select the resource, and why it cannot be decided."""

    selection_path: str
    reason: str


@dataclass(frozen=True)
class Coverage:
    """One resource AWS Backup can protect, and what protects it."""

    stack: str
    logical_id: str
    type: str
    """The CloudFormation type (``AWS::DynamoDB::Table``)."""
    path: str
    status: Status
    protected_by: tuple[Protection, ...] = ()
    reason: str | None = None
    """Why the status is ``undecided`` (or why a selected resource is still ``unprotected``)."""
    backup_type: str = ""
    """AWS Backup's name of the type (``DynamoDB``)."""
    arn: str = ""
    """The resource's ARN, with ``${…}`` for what deployment decides."""
    undecided_by: tuple[MaybeSelected, ...] = ()


@dataclass(frozen=True)
class ControlResource:
    """How one resource (or plan, or vault) fares under one Audit Manager control."""

    stack: str
    logical_id: str | None
    path: str
    status: ControlStatus
    reason: str | None = None


@dataclass(frozen=True)
class ControlResult:
    """One control of one ``AWS::Backup::Framework``, evaluated before deployment."""

    framework: str
    """The framework's construct path."""
    framework_name: str | None
    control: str
    status: ControlStatus
    reason: str | None = None
    resources: tuple[ControlResource, ...] = ()
    framework_stack: str = ""
    framework_logical_id: str = ""


@dataclass(frozen=True)
class RuleInfo:
    """What SARIF's ``tool.driver.rules`` says about a rule."""

    id: str
    level: Severity
    summary: str
    construct: str = ""
    source: str = ""


@dataclass
class CheckReport:
    """The result of :func:`cdk_backup.check`."""

    findings: list[Finding]
    coverage: list[Coverage]
    controls: list[ControlResult] = field(default_factory=list)
    stacks: list[str] = field(default_factory=list)
    rules: list[RuleInfo] = field(default_factory=list, repr=False)
    counts: dict[str, int] = field(default_factory=dict)
    """How many stacks, plans, selections, vaults and frameworks were read."""

    # ------------------------------------------------------------------ summaries
    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        """No error finding."""
        return not self.errors

    def summary(self) -> dict[str, int]:
        by_status = {status: sum(1 for c in self.coverage if c.status == status)
                     for status in ("protected", "unprotected", "undecided")}
        return {**self.counts, "resources": len(self.coverage), **by_status,
                "errors": len(self.errors), "warnings": len(self.warnings),
                "infos": sum(1 for f in self.findings if f.severity == "info")}

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "findings": [f.to_dict() for f in self.findings],
            "coverage": [_plain(asdict(c)) for c in self.coverage],
            "controls": [_plain(asdict(c)) for c in self.controls],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON: ``summary``, ``findings``, ``coverage`` and ``controls``."""
        return json.dumps(self.to_dict(), indent=indent)

    # ------------------------------------------------------------------ SARIF
    def to_sarif(self, indent: int | None = 2) -> str:
        """A SARIF 2.1.0 log: one run, the catalogue as ``tool.driver.rules``, one result per finding."""
        from cdk_backup.check.catalogue import VERSION

        used = {f.rule for f in self.findings}
        rules = [r for r in self.rules if r.id in used] + [r for r in self.rules if r.id not in used]
        index = {rule.id: position for position, rule in enumerate(rules)}
        results = []
        for finding in self.findings:
            location: dict[str, Any] = {
                "logicalLocations": [{"name": finding.logical_id or finding.path, "fullyQualifiedName": finding.path,
                                      "kind": "resource"},
                                     {"name": finding.stack, "kind": "module"}],
            }
            if finding.template:
                physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(finding.template)}}
                if finding.line:
                    physical["region"] = {"startLine": finding.line}
                location["physicalLocation"] = physical
            result: dict[str, Any] = {
                "ruleId": finding.rule,
                "level": _SARIF_LEVEL[finding.severity],
                "message": {"text": finding.text},
                "locations": [location],
                "properties": {"stack": finding.stack, "logicalId": finding.logical_id,
                               "constructPath": finding.path},
            }
            if finding.rule in index:
                result["ruleIndex"] = index[finding.rule]
            results.append(result)
        log = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "cdk-backup",
                    "informationUri": "https://pypi.org/project/cdk-backup/",
                    "version": VERSION,
                    "rules": [{
                        "id": rule.id,
                        "name": rule.id[:1].upper() + rule.id[1:],
                        "shortDescription": {"text": rule.summary},
                        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.level]},
                        "properties": {"appliesTo": rule.construct, "source": rule.source},
                    } for rule in rules],
                }},
                "results": results,
            }],
        }
        return json.dumps(log, indent=indent)

    # ------------------------------------------------------------------ text
    def to_text(self) -> str:
        """A coverage table, the Audit Manager controls, and the findings, for people."""
        lines: list[str] = []
        summary = self.summary()
        lines.append(
            f"cdk-backup check: {summary.get('stacks', len(self.stacks))} stacks, {len(self.coverage)} resources "
            f"AWS Backup can protect ({summary['protected']} protected, {summary['unprotected']} unprotected, "
            f"{summary['undecided']} undecided), {summary.get('plans', 0)} plans, "
            f"{summary.get('selections', 0)} selections, {summary.get('frameworks', 0)} frameworks")
        lines.append("")
        lines.extend(_coverage_table(self.coverage))
        if self.controls:
            lines.append("")
            lines.append("Audit Manager controls, evaluated before deployment")
            lines.extend(_controls_table(self.controls))
        lines.append("")
        counts = f"{summary['errors']} errors, {summary['warnings']} warnings, {summary['infos']} notes"
        if not self.findings:
            lines.append(f"Findings: none ({counts})")
        else:
            lines.append(f"Findings ({counts})")
            for finding in sorted(self.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.path)):
                lines.append(f"  {finding.severity:<8} {finding.text}")
        return "\n".join(lines) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _uri(path: str) -> str:
    import os

    try:
        relative = os.path.relpath(path)
    except ValueError:
        relative = path
    return (path if relative.startswith("..") else relative).replace(os.sep, "/")


def _days(value: float | None, unknown: bool, *, forever: str = "forever") -> str:
    if unknown:
        return "?"
    if value is None:
        return forever
    return f"{_number(value)} d"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _every(protection: Protection) -> str:
    if "schedule" in protection.unknown:
        return "?"
    if protection.frequency_hours is None:
        return "continuous" if protection.continuous else "?"
    text = f"{_number(protection.frequency_hours)} h"
    return f"{text} +PITR" if protection.continuous else text


def _vault_text(protection: Protection) -> str:
    if protection.vault is None:
        return "?"
    flags = []
    if protection.air_gapped:
        flags.append("air-gapped")
    elif protection.vault_locked:
        flags.append("locked")
    elif protection.vault_locked is None:
        flags.append("lock ?")
    return f"{protection.vault} ({', '.join(flags)})" if flags else protection.vault


def _copies_text(copies: Sequence[CopyDestination]) -> str:
    if not copies:
        return "-"
    parts = []
    for copy in copies:
        flags = [name for name, on in (("cross-Region", copy.cross_region), ("cross-account", copy.cross_account),
                                       ("air-gapped", copy.air_gapped)) if on]
        flags += [f"{name}?" for name, on in (("Region", copy.cross_region), ("account", copy.cross_account))
                  if on is None]
        parts.append(f"{copy.destination}" + (f" ({', '.join(flags)})" if flags else ""))
    return "; ".join(parts)


def _coverage_table(coverage: Iterable[Coverage]) -> list[str]:
    rows: list[list[str]] = []
    for entry in sorted(coverage, key=lambda c: ({"unprotected": 0, "undecided": 1, "protected": 2}[c.status],
                                                 c.path)):
        first = [entry.status, entry.path, entry.backup_type]
        if not entry.protected_by:
            rows.append([*first, entry.reason or "-", "", "", "", ""])
            continue
        for number, protection in enumerate(entry.protected_by):
            prefix = first if number == 0 else ["", "", ""]
            rule = protection.label + (f" [fails: {', '.join(protection.errors)}]" if protection.errors else "")
            rows.append([*prefix, rule, _every(protection),
                         _days(protection.retention_days, "retention" in protection.unknown),
                         _vault_text(protection), _copies_text(protection.copies)])
        if entry.reason:
            rows.append(["", "", "", f"({entry.reason})", "", "", "", ""])
    header = ["STATUS", "RESOURCE", "TYPE", "PROTECTED BY", "EVERY", "KEEP", "VAULT", "COPIES"]
    if not rows:
        return ["Coverage: no resource AWS Backup can protect"]
    return _table(header, rows)


def _controls_table(controls: Iterable[ControlResult]) -> list[str]:
    rows = []
    for result in controls:
        shown = {"compliant": "compliant", "non_compliant": "NON-COMPLIANT", "not_decidable": "not decidable"}
        rows.append([shown[result.status], result.framework, result.control, result.reason or ""])
    return _table(["STATUS", "FRAMEWORK", "CONTROL", "WHY"], rows)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    widths = [min(w, 70) for w in widths]

    def line(cells: list[str]) -> str:
        return "  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(cells)).rstrip()
    return [line(header), *(line(row) for row in rows)]
