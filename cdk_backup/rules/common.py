"""Rules that many AWS Backup types share: tags, unique items, descriptions, ARNs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from cdk_backup.rules._core import Rule, Unresolved, Violation, bound, known
from cdk_backup.rules.arns import vault_name_of

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


