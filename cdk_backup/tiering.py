"""TieringConfiguration: move older S3 backup data of a vault to a lower-cost warm tier.

AWS Backup moves objects of S3 recovery points that are older than ``tiering_down_after`` (60 to
36,500 days after they reach the vault) to a lower-cost tier. The move is one way: data stays in the
lower tier until its recovery point is deleted. A vault can have one configuration of its own, plus
one configuration for every vault (``backup_vault="*"``).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

import aws_cdk as cdk
from aws_cdk import aws_backup as l1
from constructs import Construct

from cdk_backup import _inputs as inputs
from cdk_backup.rules import Unresolved, known
from cdk_backup.rules import common as common_rules
from cdk_backup.rules import tiering as rules
from cdk_backup.rules.arns import vault_name_of

if TYPE_CHECKING:
    from aws_cdk.aws_backup import IBackupVault
    from aws_cdk.aws_s3 import IBucket


class TieringResourceType(str, Enum):
    """Resource types whose backups can be tiered."""

    S3 = "S3"
    """Amazon S3 buckets (the only type AWS supports today)."""


@dataclass(frozen=True)
class TieringResourceSelection:
    """Which backups of the vault to tier, and when."""

    resource_type: TieringResourceType | str
    """``TieringResourceType.S3`` (or ``"S3"``)."""
    resources: Sequence[IBucket | str]
    """Buckets (constructs or ARNs) whose backups are tiered, or ``["*"]`` for every bucket."""
    tiering_down_after: cdk.Duration
    """Age at which backup data moves to the lower-cost tier: 60 to 36,500 whole days."""


class TieringConfiguration(cdk.Resource):
    """A tiering configuration (``AWS::Backup::TieringConfiguration``).

    Example::

        backup.TieringConfiguration(self, "Tiering", backup_vault=vault, resource_selections=[
            backup.TieringResourceSelection(resource_type=backup.TieringResourceType.S3,
                                            resources=[bucket], tiering_down_after=Duration.days(90))])
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        backup_vault: IBackupVault | str,
        resource_selections: Sequence[TieringResourceSelection | Mapping[str, Any]],
        tiering_configuration_name: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        """
        :param backup_vault: the vault whose backups are tiered: a vault construct, a vault name (or
            backup-vault ARN), or ``"*"`` for every vault of the account in the Region.
        :param resource_selections: 1 to 5 selections; ``"*"`` or at most 100 bucket ARNs in all.
        :param tiering_configuration_name: 1-200 letters, digits or underscores; changing it replaces the
            configuration. Default: a name unique in the app, made from the construct path.
        :param tags: tags of the configuration.
        """
        super().__init__(scope, id, physical_name=inputs.physical_name(tiering_configuration_name))
        name = inputs.optional_str(self, "tiering_configuration_name", tiering_configuration_name)
        vault = self._vault(backup_vault)
        selections = inputs.required_list(self, "resource_selections", resource_selections, self._selection)
        tag_map = inputs.optional_map(self, "tags", tags)
        if name is None:
            name = inputs.default_name(self, 200)
        inputs.enforce(self, rules.configuration(name, vault, [model for model, _ in selections]), warn_on=self)
        inputs.enforce(self, common_rules.tags(tag_map))
        self.backup_vault_name: str = inputs.rendered(vault)
        """The name of the tiered vault, or ``"*"``."""
        self._resource = l1.CfnTieringConfiguration(
            self, "Resource",
            tiering_configuration_name=inputs.rendered(name),
            backup_vault_name=self.backup_vault_name,
            resource_selection=[rendered for _, rendered in selections],
            tiering_configuration_tags=({k: inputs.rendered(v) for k, v in tag_map.items()} if tag_map else None),
        )
        _register(self, vault)

    def _vault(self, value: object) -> str | Unresolved:
        """The vault name: ``*``, a name, the name of a backup-vault ARN, or a vault construct's name."""
        if isinstance(value, str):
            text = inputs.required_str(self, "backup_vault", value)
            if known(text) and str(text).startswith("arn:"):
                inputs.enforce(self, common_rules.vault_arn(text, prop="backup_vault"))
                name = vault_name_of(str(text))
                assert name is not None
                return name
            return text
        vault = inputs.having(self, "backup_vault", value, "backup_vault_name",
                              "a backup vault, a vault name or '*'", required=True)
        return inputs.required_str(self, "backup_vault", vault.backup_vault_name)

    def _selection(self, prop: str, value: object) -> tuple[rules.ResourceSelection, Any]:
        """One selection, normalized (for the rules) and rendered (for the L1)."""
        item = inputs.struct(self, prop, value, TieringResourceSelection, required=True)
        assert item is not None
        kind = inputs.enum_text(self, f"{prop}.resource_type", item.resource_type, None)
        resources = inputs.required_list(self, f"{prop}.resources", item.resources, self._resource_arn)
        days = inputs.days(self, f"{prop}.tiering_down_after", item.tiering_down_after, required=True)
        model = rules.ResourceSelection(resource_type=kind, resources=tuple(resources), tiering_down_days=days)
        rendered = l1.CfnTieringConfiguration.ResourceSelectionProperty(
            resource_type=inputs.rendered(kind),
            resources=[inputs.rendered(r) for r in resources],
            tiering_down_settings_in_days=inputs.duration_rendered(days, "days"),
        )
        return model, rendered

    def _resource_arn(self, prop: str, value: object) -> str | Unresolved:
        """A bucket's ARN (from a bucket construct), an ARN, or ``*``."""
        if isinstance(value, str):
            return inputs.required_str(self, prop, value)
        bucket = inputs.having(self, prop, value, "bucket_arn", "an s3.IBucket, a bucket ARN or '*'", required=True)
        return inputs.required_str(self, prop, bucket.bucket_arn)

    @property
    def tiering_configuration_name(self) -> str:
        """The configuration's name (``Ref``)."""
        return self._resource.ref

    @property
    def tiering_configuration_arn(self) -> str:
        """The configuration's ARN."""
        return self._resource.attr_tiering_configuration_arn


_VAULTS: weakref.WeakKeyDictionary[cdk.Stack, list[object]] = weakref.WeakKeyDictionary()
"""The vault names each stack's tiering configurations use (a weak mapping: gone stacks are forgotten)."""


def _register(configuration: TieringConfiguration, vault: object) -> None:
    """Note the vault; the first configuration of a stack checks, at synth, that no vault is used twice."""
    stack = cdk.Stack.of(configuration)
    names = _VAULTS.get(stack)
    if names is None:
        names = _VAULTS[stack] = []
        inputs.check_at_synth(stack, lambda: rules.one_per_vault(names))
    names.append(vault)
