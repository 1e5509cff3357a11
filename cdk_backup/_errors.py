"""The one error type of cdk_backup."""

from __future__ import annotations


class ValidationError(ValueError):
    """A value that AWS would reject, or that would certainly lose data.

    Raised where the bad value enters (a constructor or method), or from a
    ``node.add_validation`` check when ``app.synth()`` runs. The message names the
    construct path, the property, the value given and the rule with its bound.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        prop: str | None = None,
        rule: str | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.prop = prop
        self.rule = rule
