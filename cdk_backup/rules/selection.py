"""Rules of backup selections: names, what they select, and the limits on each list."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cdk_backup.rules._core import Rule, Text, Violation, bound, known, pattern

SELECTION_NAME = pattern(
    "selectionName", "BackupSelection", "backup_selection_name", r"[a-zA-Z0-9\-_.]{1,50}",
    "1 to 50 letters, digits, hyphens, underscores or periods", "C-R4",
)
SELECTION_NOT_EMPTY = Rule(
    "selectionNotEmpty", "error", "BackupSelection", "resources",
    "{prop} must select something: at least one ARN, construct or tag, got {got}", "A-R69/C-R28",
)
SELECTION_CONDITIONS = bound("selectionConditions", "BackupSelection", "conditions", 0, 30, "conditions", "A-R62")
SELECTION_TAGS = bound("selectionTags", "BackupSelection", "resources (from_tag)", 0, 30, "tags", "A-R63")
SELECTION_WILDCARD_PLACE = Rule(
    "selectionWildcardPlace", "warning", "BackupSelection", "resources",
    "{prop}: a wildcard (*) only matches as the end of an ARN (prefix match), got {got}", "C-R25",
)
SELECTION_NOT_RESOURCES = bound("selectionNotResources", "BackupSelection", "not_resources", 0, 500, "ARNs",
                                "A-R60/A-R61")
SELECTION_OR_SEMANTICS = Rule(
    "selectionOrSemantics", "warning", "BackupSelection", "resources",
    "{prop} mixes from_tag with ARNs, got {got}: they combine with OR, so either selects a resource; use "
    "conditions= to require a tag", "A-R64",
)
S3_VERSIONING = Rule(
    "s3Versioning", "error", "BackupSelection", "resources",
    "{prop}: an S3 bucket must have versioning enabled to be backed up, got {got}", "A-R102",
)
SELECTION_FOUND_NOTHING = Rule(
    "selectionFoundNothing", "error", "BackupSelection", "resources",
    "{prop}: from_construct found no resource AWS Backup supports under {got}", "A-R69",
)
TAG_OPERATION = Rule(
    "tagOperation", "error", "TagCondition", "operation",
    "{prop} must be STRING_EQUALS, STRING_LIKE, STRING_NOT_EQUALS or STRING_NOT_LIKE, got {got}", "C-R27",
)


def selection(arns: Sequence[object], tag_count: int, condition_count: int, not_resources: Sequence[object],
              *, name: object = None) -> Iterator[Violation]:
    """The limits of one selection (ARNs, ``ListOfTags``, ``Conditions``, ``NotResources``)."""
    yield from SELECTION_NAME.check(name)
    if not arns and tag_count == 0 and condition_count == 0:
        yield SELECTION_NOT_EMPTY.violation(Text("no resources, tags or conditions"))
    yield from SELECTION_TAGS.check(tag_count)
    yield from SELECTION_CONDITIONS.check(condition_count)
    yield from SELECTION_NOT_RESOURCES.check(len(not_resources), prop="not_resources")
    for arn in arns:
        if known(arn) and isinstance(arn, str) and "*" in arn.rstrip("*") and arn != "*":
            yield SELECTION_WILDCARD_PLACE.violation(arn)
    if arns and tag_count:
        yield SELECTION_OR_SEMANTICS.violation(Text(f"{len(arns)} ARNs and {tag_count} tags"))
