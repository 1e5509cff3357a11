"""LegalHold: keep recovery points from being deleted until the hold is released.

A legal hold (``AWS::Backup::LegalHold``) blocks every action that would delete a recovery point it
covers: manual deletion, deletion by its lifecycle (the lifecycle waits; points that expired during
the hold are deleted within 24 hours of its release), and deletion of the vault that holds it. It
covers only recovery points that exist when it is created, made by AWS Backup, and not their copies in
other Regions or accounts; it never expires. Deleting the ``AWS::Backup::LegalHold`` resource (removing
the construct, or deleting the stack) releases the hold: CloudFormation calls ``CancelLegalHold``.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

import aws_cdk as cdk
from aws_cdk import aws_backup as l1
from constructs import Construct

from cdk_backup import _inputs as inputs
from cdk_backup.rules import Unresolved, known
from cdk_backup.rules import common as common_rules
from cdk_backup.rules import legal_hold as rules
from cdk_backup.rules.arns import vault_name_of

if TYPE_CHECKING:
    from aws_cdk.aws_backup import IBackupVault

DateLike = Union[str, dt.datetime, dt.date]  # noqa: UP007  (a runtime alias)
"""An ISO 8601 string (``2024-05-01`` or ``2024-05-01T12:00:00Z``), a ``datetime`` or a ``date``."""


@dataclass(frozen=True)
class LegalHoldDateRange:
    """Recovery points created between two moments, both inclusive.

    A ``date`` (or a date-only string) means the whole day: ``from_date`` from 00:00:00 UTC, ``to_date``
    until 23:59:59 UTC. A ``datetime`` without a time zone is read as UTC. AWS refuses dates in the
    future, so ``to_date`` must be a past moment when the stack deploys.
    """

    from_date: DateLike
    to_date: DateLike


@dataclass(frozen=True)
class LegalHoldRecoveryPointSelection:
    """Which recovery points a legal hold covers: those matching every part given.

    With nothing given, the hold covers every recovery point of the account in the Region.
    """

    vaults: Sequence[IBackupVault | str] | None = None
    """Vaults (constructs of either library, names or backup-vault ARNs) whose recovery points are held."""
    resource_identifiers: Sequence[str] | None = None
    """ARNs of the protected resources whose recovery points are held."""
    date_range: LegalHoldDateRange | Mapping[str, Any] | None = None
    """Only recovery points created in this range."""


class LegalHold(cdk.Resource):
    """A legal hold on existing recovery points (``AWS::Backup::LegalHold``).

    Example::

        backup.LegalHold(self, "Litigation", title="Case 2024-17",
                         description="Keep the EU order database backups of Q1",
                         recovery_point_selection=backup.LegalHoldRecoveryPointSelection(
                             vaults=[vault],
                             date_range=backup.LegalHoldDateRange(from_date="2024-01-01", to_date="2024-03-31")))

    Title, description and selection cannot change in place: changing one replaces the hold
    (CloudFormation creates the new hold, then releases the old one; the new one covers the recovery
    points that exist at that moment). To keep the hold when the stack is deleted, call
    ``hold.apply_removal_policy(RemovalPolicy.RETAIN)``; otherwise deleting the stack releases it.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        title: str,
        description: str | None = None,
        recovery_point_selection: LegalHoldRecoveryPointSelection | Mapping[str, Any] | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        """
        :param title: the hold's title (required by AWS Backup).
        :param description: why the hold exists, 1-280 characters. Default: the title (CloudFormation
            requires a description).
        :param recovery_point_selection: which recovery points to hold. Default: every recovery point of
            the account in this Region (a warning says so).
        :param tags: at most 50; letters, digits, spaces and ``_ . : / = + - @``.
        """
        super().__init__(scope, id)
        name = inputs.required_str(self, "title", title)
        text = inputs.optional_str(self, "description", description)
        selection = inputs.struct(self, "recovery_point_selection", recovery_point_selection,
                                  LegalHoldRecoveryPointSelection)
        tag_map = inputs.optional_map(self, "tags", tags)
        inputs.enforce(self, rules.title(name))
        if text is None:
            text = name[:280] if isinstance(name, str) else name
        inputs.enforce(self, rules.description(text))
        inputs.enforce(self, rules.tags(tag_map))

        rendered_selection = self._selection(selection)
        self._resource = l1.CfnLegalHold(
            self, "Resource",
            title=inputs.rendered(name),
            description=inputs.rendered(text),
            recovery_point_selection=rendered_selection,
            tags=[l1.CfnLegalHold.TagsItemsProperty(key=key, value=inputs.rendered(value))
                  for key, value in (tag_map or {}).items()] or None,
        )
        _count_in_stack(self)

    def _selection(self, selection: LegalHoldRecoveryPointSelection | None) -> Any:
        """Normalize, check and render the recovery point selection."""
        if selection is None:
            inputs.enforce(self, rules.selection(0, 0, False), warn_on=self)
            return l1.CfnLegalHold.RecoveryPointSelectionProperty()
        vaults = inputs.optional_list(self, "recovery_point_selection.vaults", selection.vaults, self._vault_name)
        resources = inputs.optional_list(self, "recovery_point_selection.resource_identifiers",
                                         selection.resource_identifiers,
                                         lambda p, v: inputs.required_str(self, p, v))
        date_range = inputs.struct(self, "recovery_point_selection.date_range", selection.date_range,
                                   LegalHoldDateRange)
        inputs.enforce(self, rules.vault_names(vaults or []))
        inputs.enforce(self, common_rules.unique(resources, prop="recovery_point_selection.resource_identifiers"))
        inputs.enforce(self, rules.selection(len(vaults or []), len(resources or []), date_range is not None),
                       warn_on=self)
        rendered_range = None
        if date_range is not None:
            start = self._moment("date_range.from_date", date_range.from_date, end_of_day=False)
            end = self._moment("date_range.to_date", date_range.to_date, end_of_day=True)
            inputs.enforce(self, rules.date_range(start, end, dt.datetime.now(dt.timezone.utc)))
            rendered_range = l1.CfnLegalHold.DateRangeProperty(from_date=_date_text(start), to_date=_date_text(end))
        return l1.CfnLegalHold.RecoveryPointSelectionProperty(
            vault_names=[inputs.rendered(v) for v in vaults] if vaults else None,
            resource_identifiers=[inputs.rendered(r) for r in resources] if resources else None,
            date_range=rendered_range,
        )

    def _vault_name(self, prop: str, value: object) -> str | Unresolved:
        """A vault's name: from a vault construct, a name, or a backup-vault ARN."""
        if isinstance(value, str):
            text = inputs.required_str(self, prop, value)
            if known(text) and str(text).startswith("arn:"):
                inputs.enforce(self, common_rules.vault_arn(text, prop=prop))
                name = vault_name_of(str(text))
                assert name is not None
                return name
            return text
        vault = inputs.having(self, prop, value, "backup_vault_name", "a backup vault, a vault name or a vault ARN",
                              required=True)
        return inputs.required_str(self, prop, vault.backup_vault_name)

    def _moment(self, prop: str, value: object, *, end_of_day: bool) -> dt.datetime | Unresolved:
        """A date or date-time as an aware UTC ``datetime`` (a token stays a token)."""
        full = f"recovery_point_selection.{prop}"
        if isinstance(value, dt.datetime):
            return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        if isinstance(value, dt.date):
            return _whole_day(value, end_of_day)
        text = inputs.required_str(self, full, value) if isinstance(value, str) else None
        if text is None:
            inputs.type_error(self, full, "an ISO 8601 string, a datetime or a date", value)
        if isinstance(text, Unresolved):
            return text
        try:
            return _whole_day(dt.date.fromisoformat(str(text)), end_of_day)
        except ValueError:
            pass
        try:
            moment = dt.datetime.fromisoformat(str(text))
        except ValueError:
            inputs.enforce(self, [rules.DATE.violation(text, prop=full)])
            raise AssertionError from None  # enforce raised
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)

    # ------------------------------------------------------------------ attributes
    @property
    def legal_hold_arn(self) -> str:
        """The hold's ARN."""
        return self._resource.attr_arn

    @property
    def legal_hold_id(self) -> str:
        """The hold's id, as ``CancelLegalHold`` takes it."""
        return self._resource.attr_legal_hold_id

    @property
    def status(self) -> str:
        """``CREATING``, ``ACTIVE``, ``CANCELING`` or ``CANCELED`` (known after deployment)."""
        return self._resource.attr_status


def _whole_day(day: dt.date, end_of_day: bool) -> dt.datetime:
    clock = dt.time(23, 59, 59) if end_of_day else dt.time(0, 0, 0)
    return dt.datetime.combine(day, clock, tzinfo=dt.timezone.utc)


def _date_text(moment: dt.datetime | Unresolved) -> Any:
    return inputs.rendered(moment) if isinstance(moment, Unresolved) else rules.iso(moment)


_HOLDS: weakref.WeakKeyDictionary[cdk.Stack, list[int]] = weakref.WeakKeyDictionary()
"""How many legal holds each stack defines (a weak mapping: a stack that is gone is forgotten)."""


def _count_in_stack(hold: LegalHold) -> None:
    """Count the hold in its stack; the first hold of a stack checks the count at synth."""
    stack = cdk.Stack.of(hold)
    counter = _HOLDS.get(stack)
    if counter is None:
        counter = _HOLDS[stack] = [0]
        inputs.check_at_synth(stack, lambda: rules.active_holds(counter[0]))
    counter[0] += 1

