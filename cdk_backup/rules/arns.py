"""AWS Backup's ARN shapes, parsed in one place for constructs and the whole-app checker."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ARN = re.compile(
    r"arn:(?P<partition>aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc):(?P<service>[a-z0-9-]+):"
    r"(?P<region>(?:[a-z]{2}(?:-[a-z]+)+-\d)?):(?P<account>(?:\d{12}|aws)?):(?P<resource>.+)",
    re.ASCII,
)
VAULT_NAME = re.compile(r"[a-zA-Z0-9\-_]{2,50}", re.ASCII)
ACCOUNT_ID = re.compile(r"\d{12}", re.ASCII)


@dataclass(frozen=True)
class Arn:
    """The parts of a literal ARN."""

    partition: str
    service: str
    region: str
    account: str
    resource: str


def parse_arn(text: str) -> Arn | None:
    """The parts of a well-formed ARN (ASCII digits, a known partition), or ``None``."""
    match = _ARN.fullmatch(text)
    return Arn(**match.groupdict()) if match else None


def vault_name_of(text: str) -> str | None:
    """The vault name of a backup-vault ARN (``arn:…:backup:<region>:<account>:backup-vault:<name>``).

    ``None`` unless the ARN has a partition, a Region, a 12-digit account, the ``backup-vault``
    resource type and a valid vault name.
    """
    arn = parse_arn(text)
    if arn is None or arn.service != "backup" or not arn.region or not ACCOUNT_ID.fullmatch(arn.account):
        return None
    kind, _, name = arn.resource.partition(":")
    if kind != "backup-vault" or VAULT_NAME.fullmatch(name) is None:
        return None
    return name


def is_account_id(text: str) -> bool:
    """Twelve ASCII digits (``str.isdigit`` and ``\\d`` also accept other scripts' digits)."""
    return ACCOUNT_ID.fullmatch(text) is not None
