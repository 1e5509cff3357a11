"""``BackupPolicy``: what every protectable resource of the app must get from its backup rules.

Every resource of the covered types must be protected by at least one rule that meets every
requirement at once (frequency, retention, a locked vault, a customer managed key, copies to another
Region, another account, an air-gapped vault). ``continuous_backup`` is separate: a continuous rule
keeps at most 35 days, so it cannot also meet a long retention; it is required of the types that
have continuous backup (S3, RDS, Aurora, SAP HANA) and of no other.

Durations are ``aws_cdk.Duration`` s, or plain numbers (hours for ``min_frequency``, days for
``min_retention``) or strings such as ``"24h"``, ``"90d"``, so that a policy file needs no CDK.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cdk_backup._errors import ValidationError
from cdk_backup.check import resources as types
from cdk_backup.check.assembly import Stack
from cdk_backup.check.catalogue import input_error
from cdk_backup.check.report import Coverage, Finding, Protection
from cdk_backup.rules import Rule, Text
from cdk_backup.rules import template as rules

Tri = bool | None

_KEYS = ("min_frequency", "min_retention", "vault_lock", "encrypted_with_customer_key", "cross_region_copy",
         "cross_account_copy", "air_gapped_copy", "continuous_backup", "resource_types", "exempt")
_AMOUNT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(h|hours?|d|days?)?\s*", re.IGNORECASE | re.ASCII)


class BackupPolicy:
    """Requirements every protectable resource of the app must meet.

    Parameters
    ----------
    min_frequency
        Backups at least this often (the longest gap between two runs of the rule's schedule). A
        ``Duration``, or a number of hours. Default: no requirement.
    min_retention
        Recovery points kept at least this long. A ``Duration``, or a number of days.
    vault_lock
        The rule's vault is locked (vault lock, or a logically air-gapped vault).
    encrypted_with_customer_key
        The rule's vault is encrypted with a customer managed KMS key.
    cross_region_copy, cross_account_copy, air_gapped_copy
        The rule copies to a vault in another Region / another account / a logically air-gapped
        vault (a rule that backs up into an air-gapped vault directly also meets ``air_gapped_copy``).
    continuous_backup
        Resources of the types with continuous backup have a continuous rule.
    resource_types
        Which types the policy covers: AWS Backup's names (``"DynamoDB"``, ``"RDS"``, ``"Aurora"``…)
        or CloudFormation types (``"AWS::DynamoDB::Table"``). Default: every type but CloudFormation
        stacks (a nested stack's resources are listed themselves).
    exempt
        Resources the policy skips: construct paths (a path exempts everything under it), glob
        patterns of paths (``"*/Scratch*"``), ``Stack/LogicalId`` or logical ids, or constructs.
    """

    def __init__(self, *, min_frequency: object = None, min_retention: object = None, vault_lock: bool = False,
                 encrypted_with_customer_key: bool = False, cross_region_copy: bool = False,
                 cross_account_copy: bool = False, air_gapped_copy: bool = False, continuous_backup: bool = False,
                 resource_types: Sequence[object] | None = None, exempt: Sequence[object] | None = None) -> None:
        self.min_frequency_hours = _amount(min_frequency, "min_frequency", "hours")
        self.min_retention_days = _amount(min_retention, "min_retention", "days")
        self.vault_lock = _flag(vault_lock, "vault_lock")
        self.encrypted_with_customer_key = _flag(encrypted_with_customer_key, "encrypted_with_customer_key")
        self.cross_region_copy = _flag(cross_region_copy, "cross_region_copy")
        self.cross_account_copy = _flag(cross_account_copy, "cross_account_copy")
        self.air_gapped_copy = _flag(air_gapped_copy, "air_gapped_copy")
        self.continuous_backup = _flag(continuous_backup, "continuous_backup")
        self.resource_types = _types(resource_types)
        self.exempt = _exempt(exempt)

    # ------------------------------------------------------------------ files
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BackupPolicy:
        """A policy from the keywords as a mapping (a policy file's JSON). ``min_frequency_hours`` and
        ``min_retention_days`` are accepted as spellings of the two durations."""
        if not isinstance(data, Mapping):
            raise input_error("BackupPolicy", "policy", "a JSON object of BackupPolicy keywords", data)
        values = dict(data)
        for alias, key in (("min_frequency_hours", "min_frequency"), ("min_retention_days", "min_retention")):
            if alias in values:
                values[key] = values.pop(alias)
        unknown = sorted(str(key) for key in values if key not in _KEYS)
        if unknown:
            raise input_error("BackupPolicy", "keywords", f"policy keywords ({', '.join(_KEYS)})",
                              Text(", ".join(unknown) + (", which are not policy keywords" if len(unknown) > 1
                                                         else ", which is not a policy keyword")), field=unknown[0])
        return cls(**values)

    @classmethod
    def from_file(cls, path: str | Path) -> BackupPolicy:
        """A policy from a JSON file (the keywords of :class:`BackupPolicy`)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise input_error("BackupPolicy", "policy file", "a readable file",
                              Text(f"{path} (cannot read it: {error.strerror or error})"),
                              field="policy") from None
        except ValueError as error:
            raise input_error("BackupPolicy", "policy file", "a JSON file",
                              Text(f"{path}, which is not JSON ({error})"), field="policy") from None
        return cls.from_dict(data)

    def __repr__(self) -> str:
        shown = {key: value for key, value in vars(self).items() if value not in (None, False, ())}
        return "BackupPolicy(" + ", ".join(f"{key}={value!r}" for key, value in shown.items()) + ")"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BackupPolicy) and vars(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ scope
    def covers(self, entry: Coverage) -> bool:
        """Whether the policy applies to a resource (its type is covered and it is not exempt)."""
        if self.resource_types:
            if entry.type not in self.resource_types and entry.backup_type not in self.resource_types:
                return False
        elif entry.backup_type not in types.POLICY_TYPES:
            return False
        return not self._exempt(entry)

    def _exempt(self, entry: Coverage) -> bool:
        names = {entry.path, entry.logical_id, f"{entry.stack}/{entry.logical_id}"}
        if entry.path.endswith("/Resource"):
            names.add(entry.path[: -len("/Resource")])
        for pattern in self.exempt:
            for name in names:
                if name == pattern or name.startswith(pattern.rstrip("/") + "/") or fnmatch.fnmatchcase(name, pattern):
                    return True
        return False

    @property
    def requirements(self) -> list[str]:
        """The requirements as text, for reports."""
        found = []
        if self.min_frequency_hours is not None:
            found.append(f"every {_number(self.min_frequency_hours)} hours or more often")
        if self.min_retention_days is not None:
            found.append(f"kept {_number(self.min_retention_days)} days or longer")
        found += [text for flag, text in ((self.vault_lock, "locked vault"),
                                          (self.encrypted_with_customer_key, "customer managed key"),
                                          (self.cross_region_copy, "copy to another Region"),
                                          (self.cross_account_copy, "copy to another account"),
                                          (self.air_gapped_copy, "air-gapped copy"),
                                          (self.continuous_backup, "continuous backup")) if flag]
        return found


# ---------------------------------------------------------------------------------------- the door
def _error(prop: str, expected: str, value: object) -> ValidationError:
    return input_error("BackupPolicy", prop, expected, value)


def _amount(value: object, prop: str, unit: str) -> float | None:
    """A Duration, a positive number (in ``unit``) or a string like ``24h`` / ``90d``, as ``unit``."""
    expected = f"a Duration, a number of {unit} or a string such as '24h' or '90d'"
    if value is None:
        return None
    if isinstance(value, bool):
        raise _error(prop, expected, value)
    if isinstance(value, (int, float)):
        amount = float(value)
    elif isinstance(value, str):
        match = _AMOUNT.fullmatch(value)
        if match is None:
            raise _error(prop, expected, value)
        amount = float(match.group(1))
        given = (match.group(2) or unit)[0].lower()
        if given != unit[0]:
            amount = amount * 24 if given == "d" else amount / 24
    elif callable(getattr(value, "to_hours", None)) and callable(getattr(value, "is_unresolved", None)):
        duration: Any = value  # an aws_cdk.Duration (not imported: the checker runs without aws_cdk)
        if duration.is_unresolved():
            raise _error(prop, f"{expected}, known at synth (not a token)", value)
        hours = float(duration.to_hours(integral=False))
        amount = hours if unit == "hours" else hours / 24
    else:
        raise _error(prop, expected, value)
    if not amount > 0:
        raise _error(prop, f"{expected}, more than 0", value)
    return amount


def _flag(value: object, prop: str) -> bool:
    if not isinstance(value, bool):
        raise _error(prop, "a bool (True or False)", value)
    return value


def _types(value: Sequence[object] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise _error("resource_types", "a list of resource types", value)
    found = []
    for item in value:
        name = types.type_name(item)
        if name is None:
            raise _error("resource_types", "AWS Backup resource types (" + ", ".join(types.BACKUP_TYPES) +
                         ") or CloudFormation types such as 'AWS::DynamoDB::Table'", item)
        found.append(name)
    return tuple(found)


def _exempt(value: Sequence[object] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise _error("exempt", "a list of construct paths, patterns, logical ids or constructs", value)
    found = []
    for item in value:
        node = getattr(item, "node", None)
        path = getattr(node, "path", None) if node is not None else None
        if isinstance(path, str):
            found.append(path)
        elif isinstance(item, str) and item:
            found.append(item.strip("/"))
        else:
            raise _error("exempt", "construct paths, patterns, logical ids or constructs", item)
    return tuple(found)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ---------------------------------------------------------------------------------------- evaluation
def evaluate(policy: BackupPolicy, coverage: Iterable[Coverage], stacks: Iterable[Stack] = ()) -> list[Finding]:
    """Findings for every covered resource that no single rule protects as the policy requires.

    ``stacks`` (those the coverage was computed on) give each finding its template file and line."""
    by_name: dict[str, Stack] = {}
    for stack in stacks:
        by_name.setdefault(stack.name, stack)
    findings: list[Finding] = []
    for entry in coverage:
        if policy.covers(entry):
            found = _resource(policy, entry)
            home = by_name.get(entry.stack)
            if home is not None:
                template, line = home.template_path, home.line_of(entry.logical_id)
                found = [dataclasses.replace(finding, template=template, line=line) for finding in found]
            findings.extend(found)
    return findings


def resource_name(entry: Coverage) -> str:
    """How a policy finding names its resource: ``Stack/Table (AWS::DynamoDB::Table)``."""
    path = entry.path.removesuffix("/Resource") or f"{entry.stack}/{entry.logical_id}"
    return f"{path} ({entry.type})"


def _finding(entry: Coverage, rule: Rule, got: str) -> Finding:
    violation = rule.violation(Text(f"{resource_name(entry)}: {got}"))
    return Finding(rule=rule.id, severity=rule.severity, stack=entry.stack, logical_id=entry.logical_id,
                   path=entry.path, message=violation.message)


def _resource(policy: BackupPolicy, entry: Coverage) -> list[Finding]:
    effective = [p for p in entry.protected_by if p.effective]
    if not effective:
        if entry.status == "undecided":
            return [_finding(entry, rules.POLICY_UNDECIDED, f"whether it is selected: {entry.reason}")]
        return [_finding(entry, rules.POLICY_UNPROTECTED, entry.reason or "no selection selects it")]
    findings: list[Finding] = []
    checks = [_checks(policy, protection) for protection in effective]
    if not any(all(answer is True for _, answer, _ in check) for check in checks):
        undecided = [(p, c) for p, c in zip(effective, checks, strict=True)
                     if all(answer is not False for _, answer, _ in c)]
        if undecided or entry.status == "undecided" or entry.undecided_by:
            if undecided:
                protection, check = undecided[0]
                open_items = [why for _, answer, why in check if answer is None]
                reason = f"{'; '.join(open_items)} ({protection.label})"
            else:
                reason = entry.undecided_by[0].reason if entry.undecided_by else (entry.reason or "")
            findings.append(_finding(entry, rules.POLICY_UNDECIDED, reason))
        else:
            best_index = min(range(len(checks)), key=lambda i: (
                sum(1 for _, answer, _ in checks[i] if answer is False), i))
            best, check = effective[best_index], checks[best_index]
            for rule, answer, why in check:
                if answer is False:
                    findings.append(_finding(entry, rule, f"{why} ({best.label})"))
    if policy.continuous_backup and entry.backup_type in types.CONTINUOUS_TYPES:
        answers = [_continuous(p) for p in effective]
        if True not in answers:
            if None in answers:
                findings.append(_finding(entry, rules.POLICY_UNDECIDED, "whether a rule is continuous"))
            else:
                findings.append(_finding(entry, rules.POLICY_CONTINUOUS, "no continuous rule"))
    return findings


def _continuous(protection: Protection) -> Tri:
    if protection.continuous:
        return True
    return None if "continuous" in protection.unknown else False


def _checks(policy: BackupPolicy, p: Protection) -> list[tuple[Rule, Tri, str]]:
    """Each requirement of the policy on one protection: (rule, met?, what is missing or unknown)."""
    checks: list[tuple[Rule, Tri, str]] = []
    if policy.min_frequency_hours is not None:
        required = policy.min_frequency_hours
        if p.continuous:
            checks.append((rules.POLICY_FREQUENCY, True, ""))
        elif p.frequency_hours is None:
            checks.append((rules.POLICY_FREQUENCY, None, "its schedule is known only at deployment"))
        else:
            checks.append((rules.POLICY_FREQUENCY, p.frequency_hours <= required,
                           f"every {_number(p.frequency_hours)} hours > required {_number(required)}"))
    if policy.min_retention_days is not None:
        required = policy.min_retention_days
        if "retention" in p.unknown:
            checks.append((rules.POLICY_RETENTION, None, "its retention is known only at deployment"))
        elif p.retention_days is None:
            checks.append((rules.POLICY_RETENTION, True, ""))
        else:
            checks.append((rules.POLICY_RETENTION, p.retention_days >= required,
                           f"retention {_number(p.retention_days)} days < required {_number(required)}"))
    if policy.vault_lock:
        locked: Tri = True if p.air_gapped else p.vault_locked
        checks.append((rules.POLICY_VAULT_LOCK, locked,
                       f"vault {p.vault} is not locked" if locked is False else f"whether vault {p.vault} is locked"))
    if policy.encrypted_with_customer_key:
        checks.append((rules.POLICY_CUSTOMER_KEY, p.vault_customer_key,
                       f"vault {p.vault} uses an AWS managed key" if p.vault_customer_key is False
                       else f"the key of vault {p.vault}"))
    if policy.cross_region_copy:
        checks.append((rules.POLICY_CROSS_REGION, _any(c.cross_region for c in p.copies),
                       "no copy to another Region" if not p.copies else "no copy certainly in another Region"))
    if policy.cross_account_copy:
        checks.append((rules.POLICY_CROSS_ACCOUNT, _any(c.cross_account for c in p.copies),
                       "no copy to another account" if not p.copies else "no copy certainly in another account"))
    if policy.air_gapped_copy:
        answer = True if p.air_gapped else _any(c.air_gapped for c in p.copies)
        checks.append((rules.POLICY_AIR_GAPPED, answer, "no copy to a logically air-gapped vault"
                       if answer is False else "whether a copy's vault is air-gapped"))
    return checks


def _any(answers: Iterable[Tri]) -> Tri:
    found: Tri = False
    for answer in answers:
        if answer is True:
            return True
        if answer is None:
            found = None
    return found
