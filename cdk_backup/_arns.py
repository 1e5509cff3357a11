"""ARN building and parsing: the one place that knows AWS Backup's ARN formats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdk_backup._validation import is_unresolved, parse_arn

if TYPE_CHECKING:
    from constructs import IConstruct


def format_arn(scope: IConstruct, service: str, resource: str, name: str, *, sep: str = ":",
               region: str | None = None, account: str | None = None) -> str:
    """``arn:<partition>:<service>:<region>:<account>:<resource><sep><name>`` in the scope's stack."""
    import aws_cdk as cdk

    style = cdk.ArnFormat.COLON_RESOURCE_NAME if sep == ":" else cdk.ArnFormat.SLASH_RESOURCE_NAME
    return cdk.Stack.of(scope).format_arn(
        service=service, resource=resource, resource_name=name, arn_format=style,
        region=region, account=account,
    )


def vault_arn(scope: IConstruct, name: str, *, region: str | None = None, account: str | None = None) -> str:
    """The ARN of a backup vault named ``name`` (``…:backup-vault:<name>``)."""
    return format_arn(scope, "backup", "backup-vault", name, region=region, account=account)


def vault_name_from_arn(arn: str) -> str:
    """The vault name at the end of a backup-vault ARN (a token ARN gives a token name)."""
    if not is_unresolved(arn):
        parts = parse_arn(arn)
        if parts and parts["resource"].startswith("backup-vault:"):
            return parts["resource"].split(":", 1)[1]
        raise ValueError(arn)
    import aws_cdk as cdk

    return cdk.Fn.select(6, cdk.Fn.split(":", arn))


def arn_env(arn: str) -> tuple[str | None, str | None]:
    """(account, region) of a literal ARN; (None, None) when unknown."""
    parts = parse_arn(arn)
    if not parts:
        return None, None
    return (parts["account"] or None), (parts["region"] or None)


_PSEUDO: dict[str, str] = {}


def pseudo(name: str) -> str:
    """A pseudo parameter token (``PARTITION``, ``REGION``, ``ACCOUNT_ID``), read from jsii once."""
    if name not in _PSEUDO:
        import aws_cdk as cdk

        _PSEUDO[name] = str(getattr(cdk.Aws, name))
    return _PSEUDO[name]


def managed_policy_arn(name: str) -> str:
    """ARN of an AWS managed policy, partition-aware (``service-role/…`` names included)."""
    return f"arn:{pseudo('PARTITION')}:iam::aws:policy/{name}"
