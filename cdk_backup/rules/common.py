"""Rules that many AWS Backup types share: tags, unique items, descriptions, ARNs."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from cdk_backup.rules._core import Rule, Unresolved, Violation, bound, known
from cdk_backup.rules.arns import is_account_id, parse_arn, vault_name_of

TAG_KEY = Rule(
    "tagKey", "error", "every construct with tags", "tags",
    "{prop} keys must be 1 to 128 characters and must not start with 'aws:', got {got}", "S-Tags",
)
TAG_VALUE = bound("tagValue", "every construct with tags", "tags", 0, 256, "characters", "S-Tags")
UNIQUE_ITEMS = Rule(
    "uniqueItems", "error", "lists the schemas mark uniqueItems", "(lists)",
    "{prop} must not repeat an item, got {got} twice", "S-uniqueItems",
)
VAULT_ARN = Rule(
    "backupVaultArn", "error", "copy actions, imported vaults", "backup_vault_arn",
    "{prop} must be a backup vault ARN, arn:<partition>:backup:<region>:<12-digit account>:backup-vault:<name>, "
    "got {got}", "C-R22",
)


def tags(value: Mapping[str, object] | None, *, prop: str = "tags") -> Iterator[Violation]:
    """CloudFormation's tag rules: keys 1-128 characters without the reserved ``aws:`` prefix, values ≤ 256."""
    for key, tag_value in (value or {}).items():
        if not known(key):
            continue
        if not isinstance(key, str) or not 1 <= len(key) <= 128 or key.lower().startswith("aws:"):
            yield TAG_KEY.violation(key, prop=prop)
        if isinstance(tag_value, str):
            yield from TAG_VALUE.check(len(tag_value), prop=f"{prop}[{key!r}]")


def unique(items: Sequence[object] | None, *, prop: str) -> Iterator[Violation]:
    """A violation for the first item that appears twice (tokens are not compared)."""
    seen: set[object] = set()
    for item in items or ():
        if isinstance(item, Unresolved) or not isinstance(item, (str, int, float)):
            continue
        if item in seen:
            yield UNIQUE_ITEMS.violation(item, prop=prop)
            return
        seen.add(item)


def vault_arn(value: object, *, prop: str) -> Iterator[Violation]:
    """A literal backup-vault ARN must have every part AWS requires."""
    if not known(value):
        return
    if not isinstance(value, str) or vault_name_of(value) is None:
        yield VAULT_ARN.violation(value, prop=prop)




# ---------------------------------------------------------------- sharing and approval (logically air-gapped vaults)
_OU_PATH = re.compile(r"ou/o-[a-z0-9]{10,32}/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}", re.ASCII)
_ORGANIZATION_PATH = re.compile(r"organization/o-[a-z0-9]{10,32}", re.ASCII)
_APPROVAL_TEAM_PATH = re.compile(r"approval-team/[A-Za-z0-9._-]+", re.ASCII)

SHARE_PRINCIPAL = Rule(
    "ramSharePrincipal", "error", "LogicallyAirGappedVault.share_with", "principals",
    "{prop} must be 12-digit account ids, organizational unit ARNs (arn:<partition>:organizations::<account>:"
    "ou/o-…/ou-…) or organization ARNs (arn:<partition>:organizations::<account>:organization/o-…), got {got}",
    "S-RAM",
)
SHARE_NO_PRINCIPAL = Rule(
    "ramShareNoPrincipal", "error", "LogicallyAirGappedVault.share_with", "principals",
    "{prop} must name at least one account, organizational unit or organization, got {got}", "S-RAM",
)
MPA_TEAM_ARN = Rule(
    "mpaApprovalTeamArn", "error", "LogicallyAirGappedVault", "mpa_approval_team_arn",
    "{prop} must be a multi-party approval team ARN, arn:<partition>:mpa:<region>:<12-digit account>:"
    "approval-team/<id>, got {got}", "S-MPA",
)


def principal_kind(text: str) -> str | None:
    """``account``, ``organizational unit`` or ``organization`` for a RAM principal of those kinds, else ``None``."""
    if is_account_id(text):
        return "account"
    arn = parse_arn(text)
    if arn is None or arn.service != "organizations" or arn.region or not is_account_id(arn.account):
        return None
    if _OU_PATH.fullmatch(arn.resource):
        return "organizational unit"
    if _ORGANIZATION_PATH.fullmatch(arn.resource):
        return "organization"
    return None


def share_principals(principals: Sequence[object]) -> Iterator[Violation]:
    """At least one principal, each an account id, an OU ARN or an organization ARN, none repeated."""
    if not principals:
        yield SHARE_NO_PRINCIPAL.violation([])
        return
    for principal in principals:
        if known(principal) and (not isinstance(principal, str) or principal_kind(principal) is None):
            yield SHARE_PRINCIPAL.violation(principal)
            return
    yield from unique(principals, prop="principals")


def mpa_team_arn(value: object) -> Iterator[Violation]:
    """A literal multi-party approval team ARN has the ``mpa`` service, an account and ``approval-team/<id>``."""
    if not known(value):
        return
    arn = parse_arn(value) if isinstance(value, str) else None
    if arn is None or arn.service != "mpa" or not is_account_id(arn.account) \
            or _APPROVAL_TEAM_PATH.fullmatch(arn.resource) is None:
        yield MPA_TEAM_ARN.violation(value)

# ---------------------------------------------------------------- the door: types, enums, units
INPUT_TYPE = Rule(
    "inputType", "error", "every construct", "(any keyword)",
    "{prop} must be {expected}, got {got}", "S-types",
)
INPUT_ENUM = Rule(
    "inputEnum", "error", "every enum-like keyword", "(any keyword)",
    "{prop} must be one of {choices}, got {got}", "S-enums",
)
WHOLE_UNITS = Rule(
    "wholeUnits", "error", "every Duration", "(any Duration)",
    "{prop} must be a whole number of {unit}, got {got}", "C-R18",
)

# ---------------------------------------------------------------- the whole-app checker's own inputs
CHECK_INPUT = Rule(
    "checkInput", "error", "cdk_backup.check", "(input)", "{prop} must be {expected}, got {got}", "S-check",
)

REGION_CODE = Rule(
    "regionCode", "error", "ReportPlan", "regions",
    "{prop} must be AWS Region codes such as eu-west-1 (or '*'), got {got}", "C-R43",
)


def region_codes(values: Sequence[object] | None, *, prop: str = "regions") -> Iterator[Violation]:
    """Region codes (``eu-west-1``, ``us-gov-west-1``) or ``*``; tokens pass."""
    from cdk_backup.rules.organization import REGION

    for value in values or ():
        if known(value) and value != "*" and (not isinstance(value, str) or not REGION.matches(value)):
            yield REGION_CODE.violation(value, prop=prop)
