"""Rules of tiering configurations (``AWS::Backup::TieringConfiguration``).

The CloudFormation schema only says which properties are required; the bounds come from the
service API (``CreateTieringConfiguration``): the name, the vault name or ``*``, 1 to 5 resource
selections, ``S3`` as the only resource type, ``*`` or up to 100 resource ARNs per configuration,
and 60 to 36,500 days before data moves to the lower-cost tier.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cdk_backup.rules._core import Rule, Text, Unresolved, Violation, bound, known, pattern
from cdk_backup.rules.arns import parse_arn

RESOURCE_TYPES = ("S3",)
"""The resource types tiering supports (the API: "currently limited to S3")."""
WILDCARD = "*"

NAME = pattern(
    "tieringName", "TieringConfiguration", "tiering_configuration_name", r"[a-zA-Z0-9_]{1,200}",
    "1 to 200 letters, digits or underscores", "API TieringConfigurationName",
)
VAULT = pattern(
    "tieringVaultName", "TieringConfiguration", "backup_vault", r"\*|[a-zA-Z0-9\-_]{2,50}",
    "'*' (every vault) or a vault name of 2 to 50 letters, digits, hyphens or underscores",
    "API BackupVaultNameOrWildcard",
)
SELECTION_COUNT = bound("tieringSelectionCount", "TieringConfiguration", "resource_selections", 1, 5,
                        "selections", "API ResourceSelection")
RESOURCE_TYPE = Rule(
    "tieringResourceType", "error", "TieringResourceSelection", "resource_type",
    "{prop} must be S3, the only type tiering supports, got {got}", "API ResourceSelection.ResourceType",
)
TIERING_DOWN = bound("tieringDownAfter", "TieringResourceSelection", "tiering_down_after", 60, 36500, "days",
                     "API TieringDownSettingsInDays")
RESOURCE_LIST = Rule(
    "tieringResourceList", "error", "TieringResourceSelection", "resources",
    "{prop} must be ['*'] alone or a non-empty list of resource ARNs, got {got}", "API ResourceArns",
)
RESOURCE_COUNT = bound("tieringResourceCount", "TieringConfiguration", "resources of all selections", None, 100,
                       "bucket ARNs", "API ResourceArns")
BUCKET_ARN = Rule(
    "tieringBucketArn", "error", "TieringResourceSelection", "resources",
    "{prop} must be an S3 bucket ARN, arn:<partition>:s3:::<bucket>, got {got}", "API ResourceArns",
)
OVERLAP = Rule(
    "tieringSelectionOverlap", "warning", "TieringConfiguration", "resource_selections",
    "{prop} select {got} more than once, so which tiering_down_after applies to it is unclear", "derived",
)
ONE_PER_VAULT = Rule(
    "tieringOnePerVault", "error", "TieringConfiguration", "backup_vault",
    "{prop} must have one tiering configuration at most (one more may use '*' for every vault), got {got}",
    "API CreateTieringConfiguration",
)


@dataclass(frozen=True)
class ResourceSelection:
    """One resource selection of a tiering configuration, as plain values."""

    resource_type: str | Unresolved
    resources: tuple[str | Unresolved, ...]
    tiering_down_days: int | float | Unresolved | None


def _is_bucket_arn(text: str) -> bool:
    arn = parse_arn(text)
    if arn is None or arn.service != "s3" or arn.region or arn.account:
        return False
    return bool(arn.resource) and "/" not in arn.resource


def selection(item: ResourceSelection, *, prop: str = "resource_selections[0]") -> Iterator[Violation]:
    """The type, the resources (``*`` alone, or bucket ARNs) and the tiering days of one selection."""
    if known(item.resource_type) and item.resource_type not in RESOURCE_TYPES:
        yield RESOURCE_TYPE.violation(item.resource_type, prop=f"{prop}.resource_type")
    yield from TIERING_DOWN.check(item.tiering_down_days, prop=f"{prop}.tiering_down_after")
    resources = list(item.resources)
    if not resources or (WILDCARD in resources and len(resources) > 1):
        yield RESOURCE_LIST.violation(resources, prop=f"{prop}.resources")
        return
    if item.resource_type == "S3":
        for index, resource in enumerate(resources):
            if isinstance(resource, str) and resource != WILDCARD and not _is_bucket_arn(resource):
                yield BUCKET_ARN.violation(resource, prop=f"{prop}.resources[{index}]")


def configuration(name: object, vault: object, selections: Sequence[ResourceSelection]) -> Iterator[Violation]:
    """Every check of one tiering configuration."""
    yield from NAME.check(name)
    yield from VAULT.check(vault)
    yield from SELECTION_COUNT.check(len(selections))
    for index, item in enumerate(selections):
        yield from selection(item, prop=f"resource_selections[{index}]")
    specific = [r for item in selections for r in item.resources if r != WILDCARD]
    yield from RESOURCE_COUNT.check(len(specific), prop="resource_selections[*].resources")
    seen: set[str] = set()
    for item in selections:
        for resource in set(r for r in item.resources if isinstance(r, str)):
            if resource in seen:
                yield OVERLAP.violation(Text(repr(resource)))
                return
            seen.add(resource)


def one_per_vault(vault_names: Sequence[object]) -> Iterator[Violation]:
    """Two configurations of one stack for the same vault (or both for ``*``) are refused by AWS."""
    names = [n for n in vault_names if isinstance(n, str)]
    for name in sorted({n for n in names if names.count(n) > 1}):
        yield ONE_PER_VAULT.violation(Text(f"{names.count(name)} configurations for {name!r} in one stack"))
