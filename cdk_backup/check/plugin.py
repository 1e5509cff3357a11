"""``BackupChecks``: the whole-app check as an aws-cdk-lib policy-validation plugin.

    app = cdk.App()
    cdk.Validations.of(app).add_plugins(backup.BackupChecks(policy=backup.BackupPolicy(min_retention=35)))

When the app synthesizes (``cdk synth`` or ``app.synth()``), aws-cdk-lib hands the plugin the
templates it wrote; the plugin runs :func:`cdk_backup.check` on them and reports every error and
warning in the CDK's validation report. An error finding fails the synthesis.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aws_cdk as cdk
import jsii

from cdk_backup._errors import ValidationError
from cdk_backup.check.assembly import from_template_files
from cdk_backup.check.catalogue import VERSION, input_error, rule_infos
from cdk_backup.check.checker import _policy, run
from cdk_backup.check.policy import BackupPolicy
from cdk_backup.rules.common import CHECK_INPUT

_PLUGIN: Any = getattr(cdk, "IPolicyValidationPlugin", None) or cdk.IPolicyValidationPluginBeta1
_REPORT: Any = getattr(cdk, "PolicyValidationPluginReport", None) or cdk.PolicyValidationPluginReportBeta1
_VIOLATION: Any = getattr(cdk, "PolicyViolation", None) or cdk.PolicyViolationBeta1
_RESOURCE: Any = getattr(cdk, "PolicyViolatingResource", None) or cdk.PolicyViolatingResourceBeta1


@jsii.implements(_PLUGIN)
class BackupChecks:
    """Run cdk_backup's whole-app check while the app synthesizes.

    Parameters
    ----------
    policy
        A :class:`BackupPolicy` (or a dict of its keywords) that every protectable resource must meet.
    include_warnings
        Report warnings too (they never fail synthesis). Default: ``True``.
    """

    def __init__(self, policy: BackupPolicy | Mapping[str, Any] | None = None, *,
                 include_warnings: bool = True) -> None:
        self.policy = _policy(policy)
        if not isinstance(include_warnings, bool):
            raise input_error("BackupChecks", "include_warnings", "a bool (True or False)", include_warnings)
        self.include_warnings = include_warnings
        self.last_report: Any = None
        """The :class:`CheckReport` of the last synthesis (for coverage and controls)."""

    @property
    def name(self) -> str:
        return "cdk-backup"

    @property
    def version(self) -> str | None:
        return VERSION if VERSION != "0.0.0" else None

    @property
    def rule_ids(self) -> list[str] | None:
        return [rule.id for rule in rule_infos()]

    def validate(self, context: Any) -> Any:
        """Check the templates aws-cdk-lib wrote, and report findings as violations."""
        try:
            stacks = from_template_files(_templates(context))
            report = run(stacks, self.policy)
        except ValidationError as error:
            violation = _VIOLATION(rule_name=error.rule or CHECK_INPUT.id, description=str(error), severity="error",
                                   violating_resources=[_RESOURCE(locations=["."])])
            return _REPORT(success=False, violations=[violation])
        self.last_report = report
        violations = []
        for finding in report.findings:
            if finding.severity == "info" or (finding.severity == "warning" and not self.include_warnings):
                continue
            resource = _RESOURCE(locations=[finding.location or "Properties"],
                                 resource_logical_id=finding.logical_id, template_path=finding.template)
            violations.append(_VIOLATION(rule_name=finding.rule, description=finding.message, severity=finding.severity,
                                         violating_resources=[resource]))
        return _REPORT(success=report.ok, violations=violations, plugin_version=self.version)


def _templates(context: Any) -> list[tuple[str, str, str | None, str | None]]:
    """``(stack construct path, template path, account, region)`` of each template to check."""
    stacks = getattr(context, "stack_templates", None)
    if stacks:
        return [(s.stack_construct_path, s.template_path, s.account_id, s.region) for s in stacks]
    found: list[tuple[str, str, str | None, str | None]] = []
    for path in context.template_paths:
        name = str(path).rsplit("/", 1)[-1].removesuffix(".template.json")
        found.append((name, str(path), None, None))
    return found
