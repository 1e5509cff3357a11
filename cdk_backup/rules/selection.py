"""Rules of backup selections: names, ARNs, tag matches, the limits on each list, S3 versioning.

Each function takes the plain values of one selection as :class:`~cdk_backup.selection.BackupSelection`
normalized them, or as the whole-app checker read them from ``AWS::Backup::BackupSelection``
(``Resources``, ``NotResources``, ``ListOfTags``, ``Conditions``). Values that are tokens or
intrinsics are :class:`~cdk_backup.rules.Unresolved` and are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cdk_backup.rules._core import Rule, Text, Unresolved, Violation, bound, known, pattern
from cdk_backup.rules.arns import parse_arn

MAX_ARNS = 500
"""ARNs in one ``Resources`` or ``NotResources`` list (A-R60, C-R25)."""
MAX_WILDCARD_ARNS = 30
"""ARNs with a ``*`` in one ``Resources`` or ``NotResources`` list (A-R61, C-R25)."""
OPERATORS = ("StringEquals", "StringLike", "StringNotEquals", "StringNotLike")
"""The operators of ``Conditions``, spelled as its keys (A-R65)."""
LIST_OF_TAGS_OPERATOR = "StringEquals"
"""The one operator ``ListOfTags`` supports (rendered ``STRINGEQUALS``, A-R64)."""
RESOURCE_TAG_PREFIX = "aws:ResourceTag/"
"""What ``Conditions`` keys start with; ``ListOfTags`` keys are bare tag keys (C-R27)."""


@dataclass(frozen=True)
class TagMatch:
    """One tag test of a selection: an entry of ``ListOfTags`` or of ``Conditions``."""

    key: object
    """The condition key as rendered: bare in ``ListOfTags``, ``aws:ResourceTag/<key>`` in ``Conditions``."""
    value: object
    operation: object = LIST_OF_TAGS_OPERATOR
    """One of :data:`OPERATORS` (``ListOfTags``' ``STRINGEQUALS`` is read as ``StringEquals``), or a token."""


# ---------------------------------------------------------------- the catalogue
SELECTION_NAME = pattern(
    "selectionName", "BackupSelection", "backup_selection_name", r"[a-zA-Z0-9\-_.]{1,50}",
    "1 to 50 letters, digits, hyphens, underscores or periods", "C-R4",
)
SELECTION_NOT_EMPTY = Rule(
    "selectionNotEmpty", "error", "BackupSelection", "resources",
    "{prop} must select something: at least one ARN, construct or tag (conditions only narrow them), got {got}",
    "A-R69/C-R28",
)
SELECTION_CONDITIONS = bound("selectionConditions", "BackupSelection", "conditions", 0, 30, "conditions", "A-R62")
SELECTION_TAGS = bound("selectionTags", "BackupSelection", "resources (from_tag)", 0, 30, "tags", "A-R63")
SELECTION_ARN_COUNT = Rule(
    "selectionArnCount", "error", "BackupSelection", "resources, not_resources",
    f"{{prop}} must hold at most {MAX_ARNS} ARNs, of which at most {MAX_WILDCARD_ARNS} with wildcards, got {{got}}",
    "A-R60/A-R61/C-R25",
)
SELECTION_ARN_FORMAT = Rule(
    "selectionArnFormat", "error", "BackupSelection, BackupResource", "resources, not_resources",
    "{prop} must be * or an ARN, arn:<partition>:<service>:<region>:<account>:<resource> (a * matches any "
    "characters), got {got}", "C-R25/S-Resources",
)
SELECTION_WILDCARD_PLACE = Rule(
    "selectionWildcardPlacement", "warning", "BackupSelection", "resources",
    "{prop}: a wildcard (*) only matches as the end of an ARN's resource name (prefix match), got {got}",
    "C-R25",
)
SELECTION_OR_SEMANTICS = Rule(
    "selectionOrSemantics", "warning", "BackupSelection", "resources",
    "{prop} mixes from_tag matches with ARNs, got {got}: AWS selects a resource that matches ANY of them (OR), so "
    "the tags widen the selection instead of narrowing it; to back up only tagged resources among these ARNs, "
    "pass the tags as conditions=[TagCondition(...)] (AND)", "A-R64",
)
TAG_OPERATION = Rule(
    "tagOperation", "error", "TagCondition", "operation",
    "{prop} must be STRING_EQUALS, STRING_LIKE, STRING_NOT_EQUALS or STRING_NOT_LIKE, got {got}", "A-R65/C-R27",
)
FROM_TAG_OPERATION = Rule(
    "fromTagOperation", "error", "BackupResource.from_tag", "operation",
    "{prop} must be STRING_EQUALS, the only operator of ListOfTags (pass other operators as "
    "conditions=[TagCondition(...)]), got {got}", "A-R64/C-R26",
)
CONDITION_OPERATION_TOKEN = Rule(
    "conditionOperationToken", "error", "BackupSelection", "conditions",
    "{prop} operation must be known at synth: it chooses the key of Conditions (StringEquals, StringLike, ...), "
    "which CloudFormation cannot take from a token, got {got}", "S-Conditions",
)
FROM_TAG_KEY_PREFIX = Rule(
    "fromTagKeyPrefix", "warning", "BackupResource.from_tag", "key",
    "{prop} is a bare tag key in ListOfTags (from_tag), got {got}: with the 'aws:ResourceTag/' prefix it matches "
    "no tag; drop the prefix, or use conditions=", "C-R27",
)
CONDITION_KEY_PREFIX = Rule(
    "conditionKeyPrefix", "warning", "BackupSelection", "conditions",
    "{prop} keys of Conditions start with 'aws:ResourceTag/', got {got}: without it the condition tests no tag",
    "C-R27/A-R66",
)
TAG_MATCH_LENGTH = Rule(
    "selectionTagLength", "warning", "BackupSelection", "resources (from_tag), conditions",
    "{prop} can never match a resource tag, got {got}: tag keys have 1 to 128 characters and values at most 256",
    "S-Tags/A-R77",
)
S3_VERSIONING = Rule(
    "s3Versioning", "error", "BackupSelection", "resources (S3 bucket)",
    "{prop} must have versioning enabled (versioned=True) for AWS Backup, got {got}", "A-R102",
)
S3_VERSIONING_UNKNOWN = Rule(
    "s3BucketVersioningUnknown", "warning", "BackupSelection", "resources (S3 bucket)",
    "{prop}: the bucket {got} is imported, so cdk_backup cannot see whether versioning is on; AWS Backup fails "
    "on buckets without versioning", "A-R102",
)
SELECTION_FOUND_NOTHING = Rule(
    "selectionFoundNothing", "error", "BackupSelection", "resources (from_construct)",
    "{prop} must find at least one resource AWS Backup supports, got none under {got}", "A-R69",
)


# ---------------------------------------------------------------- checks
def selection_name(value: object) -> Iterator[Violation]:
    """1 to 50 letters, digits, ``-``, ``_`` or ``.`` (the API's pattern; CloudFormation's also allows ``:``)."""
    yield from SELECTION_NAME.check(value)


def not_empty(arn_count: int, tag_count: int, condition_count: int) -> Iterator[Violation]:
    """AWS refuses a selection whose ``Resources`` and ``ListOfTags`` are both empty ("Either
    'ListOfTags' or 'Resources' section must be non-empty"): ``Conditions`` alone are not enough."""
    if arn_count == 0 and tag_count == 0:
        got = "only conditions" if condition_count else "no resources, tags or conditions"
        yield SELECTION_NOT_EMPTY.violation(Text(got))


def is_wildcard(arn: object) -> bool:
    """A known ARN with a ``*`` (counted against the 30 wildcard ARNs of a list)."""
    return isinstance(arn, str) and "*" in arn


def arn_count(arns: Sequence[object], *, prop: str) -> Iterator[Violation]:
    """At most 500 ARNs in one list, of which at most 30 with wildcards."""
    wildcards = sum(1 for arn in arns if is_wildcard(arn))
    if len(arns) > MAX_ARNS or wildcards > MAX_WILDCARD_ARNS:
        yield SELECTION_ARN_COUNT.violation(Text(f"{len(arns)} ARNs ({wildcards} with wildcards)"), prop=prop)


_PLACEHOLDERS = {1: "aws", 2: "service", 3: "us-east-1", 4: "111122223333", 5: "resource"}


def is_resource_arn(text: str) -> bool:
    """``*``, a well-formed ARN, or an ARN pattern whose ``*`` parts stand for well-formed parts.

    A pattern may end early when its last part ends with ``*`` (``arn:aws:fsx:*`` matches every FSx
    resource). Whitespace is never part of an ARN (a ``*`` matches no whitespace either).
    """
    if text == "*":
        return True
    if not text.isascii() or any(char.isspace() for char in text):
        return False
    if "*" not in text:
        return parse_arn(text) is not None
    parts = text.split(":", 5)
    if parts[0] != "arn" or len(parts) < 2:
        return False
    if len(parts) < 6:
        if not parts[-1].endswith("*"):
            return False
        parts += ["*"] * (6 - len(parts))
    filled = [_PLACEHOLDERS[index] if index and "*" in part else part for index, part in enumerate(parts)]
    return parse_arn(":".join(filled)) is not None


def arn_format(arns: Sequence[object], *, prop: str) -> Iterator[Violation]:
    """Every known entry is ``*`` or an ARN (pattern); a ``*`` inside a resource name is only warned about."""
    for arn in arns:
        if not known(arn):
            continue
        if not isinstance(arn, str) or not is_resource_arn(arn):
            yield SELECTION_ARN_FORMAT.violation(arn, prop=prop)
            continue
        if arn != "*" and "*" in arn.split(":", 5)[-1][:-1]:
            yield SELECTION_WILDCARD_PLACE.violation(arn, prop=prop)


def or_semantics(arn_count: int, tag_count: int) -> Iterator[Violation]:
    """ARNs and ``ListOfTags`` in one selection combine with OR: warn, the user usually means AND."""
    if arn_count and tag_count:
        yield SELECTION_OR_SEMANTICS.violation(Text(f"{arn_count} ARNs and {tag_count} tags"))


def _length(match: TagMatch, bare_key: object, *, prop: str) -> Iterator[Violation]:
    key_bad = isinstance(bare_key, str) and not 1 <= len(bare_key) <= 128
    value_bad = (isinstance(match.value, str) and len(match.value) > 256
                 and match.operation in ("StringEquals", "StringNotEquals"))
    if key_bad or value_bad:
        shown = bare_key if key_bad else Text(f"a value of {len(str(match.value))} characters")
        yield TAG_MATCH_LENGTH.violation(shown, prop=prop)


def list_of_tags(tags: Sequence[TagMatch], *, prop: str = "resources (from_tag)") -> Iterator[Violation]:
    """``ListOfTags``: at most 30, ``StringEquals`` only, bare tag keys."""
    yield from SELECTION_TAGS.check(len(tags), prop=prop)
    for tag in tags:
        if known(tag.operation) and tag.operation != LIST_OF_TAGS_OPERATOR:
            yield FROM_TAG_OPERATION.violation(tag.operation, prop=f"{prop} operation")
        if isinstance(tag.key, str) and tag.key.startswith(RESOURCE_TAG_PREFIX):
            yield FROM_TAG_KEY_PREFIX.violation(tag.key, prop=f"{prop} key")
        yield from _length(tag, tag.key, prop=prop)


def conditions(matches: Sequence[TagMatch], *, prop: str = "conditions") -> Iterator[Violation]:
    """``Conditions``: at most 30 in all, the four operators, keys with the ``aws:ResourceTag/`` prefix."""
    yield from SELECTION_CONDITIONS.check(len(matches), prop=prop)
    for match in matches:
        if isinstance(match.operation, Unresolved):
            yield CONDITION_OPERATION_TOKEN.violation(match.operation, prop=prop)
        elif match.operation not in OPERATORS:
            yield TAG_OPERATION.violation(match.operation, prop=f"{prop} operation")
        bare = match.key
        if isinstance(match.key, str):
            if match.key.startswith(RESOURCE_TAG_PREFIX):
                bare = match.key[len(RESOURCE_TAG_PREFIX):]
            else:
                yield CONDITION_KEY_PREFIX.violation(match.key, prop=prop)
        yield from _length(match, bare, prop=prop)


def tag_operation(value: object) -> Iterator[Violation]:
    """A tag operator is one of the four of ``Conditions`` (tokens pass)."""
    if known(value) and value not in OPERATORS:
        yield TAG_OPERATION.violation(value)


def bucket_versioning(status: object, *, bucket: object, imported: bool = False) -> Iterator[Violation]:
    """AWS Backup backs up only versioned buckets: ``status`` is the bucket's ``VersioningConfiguration.Status``.

    ``None`` means no versioning configuration; an imported bucket cannot be seen, so it is only warned about.
    ``bucket`` names the bucket in the message (anything with a ``str``: read only for a violation).
    """
    if imported:
        yield S3_VERSIONING_UNKNOWN.violation(Text(bucket))
    elif isinstance(status, Unresolved):
        return
    elif status != "Enabled":
        shown = "off" if status is None else repr(status)
        yield S3_VERSIONING.violation(Text(f"{bucket} with versioning {shown}"))


def found_nothing(construct_path: str) -> Iterator[Violation]:
    """A ``from_construct`` tree without any resource AWS Backup supports."""
    yield SELECTION_FOUND_NOTHING.violation(Text(construct_path))


def selection(arns: Sequence[object], tag_count: int, condition_count: int, not_resources: Sequence[object],
              *, name: object = None, tags: Sequence[TagMatch] | None = None,
              condition_matches: Sequence[TagMatch] | None = None) -> Iterator[Violation]:
    """Every rule of one ``AWS::Backup::BackupSelection``: its name, lists, limits and tag matches.

    ``tags`` and ``condition_matches`` (when known) are checked entry by entry; the counts are always checked.
    """
    yield from SELECTION_NAME.check(name)
    yield from not_empty(len(arns), tag_count, condition_count)
    yield from arn_format(arns, prop="resources")
    yield from arn_count(arns, prop="resources")
    yield from arn_format(not_resources, prop="not_resources")
    yield from arn_count(not_resources, prop="not_resources")
    if tags is None:
        yield from SELECTION_TAGS.check(tag_count)
    else:
        yield from list_of_tags(tags)
    if condition_matches is None:
        yield from SELECTION_CONDITIONS.check(condition_count)
    else:
        yield from conditions(condition_matches)
    yield from or_semantics(len(arns), tag_count)
