"""Rules of legal holds (``AWS::Backup::LegalHold``): title, description, selection, dates and tags.

The functions take plain values: strings, timezone-aware ``datetime`` objects in UTC, lists of
vault names, or :class:`~cdk_backup.rules.Unresolved` for a value known only at deployment.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator, Mapping, Sequence

from cdk_backup.rules import common
from cdk_backup.rules import vault as vault_rules
from cdk_backup.rules._core import Rule, Text, Unresolved, Violation, bound, known

MAX_ACTIVE_HOLDS = 50
"""Legal holds that can be active in one account at a time (not adjustable)."""

TITLE = Rule(
    "legalHoldTitle", "error", "LegalHold", "title",
    "{prop} must be a non-empty string (CreateLegalHold requires a title), got {got}", "C-R55",
)
DESCRIPTION = bound("legalHoldDescription", "LegalHold", "description", 1, 280, "characters", "C-R55/B-R61")
DATE = Rule(
    "legalHoldDateFormat", "error", "LegalHoldDateRange", "from_date, to_date",
    "{prop} must be an ISO 8601 date or date-time such as 2024-05-01 or 2024-05-01T12:00:00Z, got {got}",
    "S-LegalHold DateRange (format date-time)",
)
DATE_ORDER = Rule(
    "legalHoldDateOrder", "error", "LegalHoldDateRange", "from_date",
    "{prop} must not be later than to_date ({to}), got {got}", "B-R64",
)
FUTURE_DATE = Rule(
    "legalHoldFutureDate", "error", "LegalHoldDateRange", "to_date",
    "{prop} must not be in the future (AWS refuses future dates; it is {now} now), got {got}", "C-R55",
)
EVERYTHING = Rule(
    "legalHoldEverything", "warning", "LegalHold", "recovery_point_selection",
    "{prop} names no vault, resource or date range{got}: the hold covers every recovery point of the account in "
    "this Region, and none of them can be deleted until the hold is released", "C-R55 (RecoveryPointSelection)",
)
TAG_COUNT = bound("legalHoldTagCount", "LegalHold", "tags", None, 50, "tags", "B-R63")
TAG_CHARACTERS = Rule(
    "legalHoldTagCharacters", "error", "LegalHold", "tags",
    "{prop} keys and values may hold only letters, digits, spaces and _ . : / = + - @, got {got}", "C-R11",
)
ACTIVE_HOLDS = Rule(
    "legalHoldCount", "warning", "LegalHold", "legal holds of a stack",
    "{prop}: an account can have at most 50 active legal holds (not adjustable), got {got}", "B-R62",
)

_TAG_PUNCTUATION = frozenset("_.:/=+-@")


def title(value: object) -> Iterator[Violation]:
    """A title with at least one non-blank character."""
    if known(value) and (not isinstance(value, str) or not value.strip()):
        yield TITLE.violation(value)


def description(value: object) -> Iterator[Violation]:
    """1 to 280 characters."""
    if isinstance(value, str):
        yield from DESCRIPTION.check(len(value))


def _tag_text_ok(text: str) -> bool:
    return all(c in _TAG_PUNCTUATION or unicodedata.category(c)[0] in "LZN" for c in text)


def tags(value: Mapping[str, object] | None) -> Iterator[Violation]:
    """CloudFormation's tag rules, at most 50 tags, and the characters CreateLegalHold accepts."""
    if not value:
        return
    yield from common.tags(value)
    yield from TAG_COUNT.check(len(value))
    for key, tag_value in value.items():
        for text in (key, tag_value):
            if isinstance(text, str) and known(text) and not _tag_text_ok(text):
                yield TAG_CHARACTERS.violation(text)
                return


def vault_names(names: Sequence[object]) -> Iterator[Violation]:
    """Each literal vault name has the shape AWS Backup requires."""
    for index, name in enumerate(names):
        yield from vault_rules.VAULT_NAME.check(name, prop=f"recovery_point_selection.vaults[{index}]")


def iso(moment: dt.datetime) -> str:
    """A UTC moment as CloudFormation's date-time: ``2024-05-01T12:00:00Z`` (milliseconds when set)."""
    text = moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond // 1000:03d}"
    return text + "Z"


def date_range(from_date: dt.datetime | Unresolved, to_date: dt.datetime | Unresolved,
               now: dt.datetime) -> Iterator[Violation]:
    """``from_date`` ≤ ``to_date`` (both inclusive), and no date in the future (tokens are skipped)."""
    if isinstance(from_date, dt.datetime) and isinstance(to_date, dt.datetime) and from_date > to_date:
        yield DATE_ORDER.violation(Text(iso(from_date)), prop="recovery_point_selection.date_range.from_date",
                                   to=iso(to_date))
        return
    for field, moment in (("to_date", to_date), ("from_date", from_date)):
        prop = f"recovery_point_selection.date_range.{field}"
        if isinstance(moment, dt.datetime) and moment > now:
            yield FUTURE_DATE.violation(Text(iso(moment)), prop=prop, now=iso(now.replace(microsecond=0)))
            return


def selection(vault_count: int, resource_count: int, has_date_range: bool) -> Iterator[Violation]:
    """A warning when the hold selects nothing in particular, so it holds every recovery point."""
    if not vault_count and not resource_count and not has_date_range:
        yield EVERYTHING.violation(Text(""))


def active_holds(count: int) -> Iterator[Violation]:
    """A warning when one stack defines more legal holds than an account can have active."""
    if count > MAX_ACTIVE_HOLDS:
        yield ACTIVE_HOLDS.violation(Text(f"{count} in one stack"), prop="legal holds")
