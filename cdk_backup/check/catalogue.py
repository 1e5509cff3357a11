"""The rules the checker reports, as SARIF and the plugin describe them."""

from __future__ import annotations

from cdk_backup._errors import ValidationError
from cdk_backup.check.report import RuleInfo


def _version() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover
        return "0.0.0"
    try:
        return version("cdk-backup")
    except PackageNotFoundError:
        return "0.0.0"


VERSION = _version()


def rule_infos() -> list[RuleInfo]:
    """Every rule of the catalogue (the template rules included), and the checker's notes."""
    from cdk_backup.check.controls import NOT_DECIDABLE_ID, NOT_DECIDABLE_SUMMARY
    from cdk_backup.rules import catalogue
    from cdk_backup.rules import template as template_rules
    from cdk_backup.rules._core import rules_of

    found: dict[str, RuleInfo] = {}
    for rule in [*catalogue(), *rules_of(vars(template_rules))]:
        found.setdefault(rule.id, RuleInfo(rule.id, rule.severity, rule.summary, rule.construct, rule.source))
    found.setdefault(NOT_DECIDABLE_ID, RuleInfo(NOT_DECIDABLE_ID, "info", NOT_DECIDABLE_SUMMARY,
                                                "AWS::Backup::Framework", "B-§2.3"))
    return list(found.values())


def input_error(owner: str, prop: str, expected: str, got: object, *,
                field: str | None = None) -> ValidationError:
    """The checker's ``ValidationError`` for a bad input, its message from the ``checkInput`` rule:
    ``owner: prop must be expected, got got [checkInput]``. ``got`` is a value (shown with its type) or
    :class:`~cdk_backup.rules.Text` written already; ``field`` is the error's ``prop`` (default ``prop``)."""
    from cdk_backup.rules import Text
    from cdk_backup.rules.common import CHECK_INPUT

    if not isinstance(got, Text):
        got = Text("None" if got is None else f"{type(got).__name__} {_short(got)}")
    violation = CHECK_INPUT.violation(got, prop=prop, expected=expected)
    return ValidationError(f"{owner}: {violation.message}", path=owner, prop=field or prop, rule=CHECK_INPUT.id)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
