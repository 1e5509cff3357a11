"""The rules the checker reports, as SARIF and the plugin describe them."""

from __future__ import annotations

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
