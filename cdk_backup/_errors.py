"""The one error type of cdk_backup."""

from __future__ import annotations


class ValidationError(ValueError):
    """A value that AWS would reject, or that would certainly lose data.

    Raised where the bad value enters (a constructor, method or factory), or from a
    ``node.add_validation`` check when ``app.synth()`` runs. The message names the construct
    path, the property, the value given and the rule with its bound, and ends with the rule id.
    """

    def __init__(self, message: str, *, path: str | None = None, prop: str | None = None,
                 rule: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        """Construct path (or value-object label) that received the value."""
        self.prop = prop
        """The property (keyword) that holds the bad value."""
        self.rule = rule
        """The catalogue id of the rule that was broken."""


# Shown as ``cdk_backup.ValidationError`` in tracebacks: the public name, not this private module.
ValidationError.__module__ = "cdk_backup"
