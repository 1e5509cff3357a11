"""The door: user input becomes plain values here, with its type checked where it enters.

Every constructor and factory passes its keywords through these helpers once. A wrong type or a
``None`` where a value is required raises :class:`ValidationError` naming the property and what
was given; an unresolved CDK token becomes :class:`~cdk_backup.rules.Unresolved` and passes
untouched. Durations become whole numbers of one unit here, and keep that form to the template.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, Union

import aws_cdk as cdk
import jsii
from constructs import IValidation

from cdk_backup._errors import ValidationError
from cdk_backup.rules import Text, Unresolved, Violation, common, known

if TYPE_CHECKING:
    from constructs import IConstruct

Where = Union[str, "IConstruct"]
"""Where a message points: a construct (its path is read when needed) or a label."""

Num = Union[int, float, Unresolved]  # noqa: UP007
Str = Union[str, Unresolved]  # noqa: UP007

_SECONDS = {"days": 86_400, "hours": 3_600, "minutes": 60, "seconds": 1}


def path_of(where: Where) -> str:
    """The construct path (``node.path``), or the label as given."""
    return where if isinstance(where, str) else where.node.path


def fail(where: Where, violation: Violation) -> NoReturn:
    """Raise the standard error for ``violation``: ``Path: prop must …, got … [id]``."""
    path = path_of(where)
    raise ValidationError(f"{path}: {violation.message}", path=path, prop=violation.prop, rule=violation.rule.id)


def type_error(where: Where, prop: str, expected: str, value: object) -> NoReturn:
    """Raise for a value of the wrong type: ``Path: prop must be a Duration, got int 35``."""
    fail(where, common.INPUT_TYPE.violation(Text(_described(value)), prop=prop, expected=expected))


def _described(value: object) -> str:
    """A wrong value as a message shows it: its type and a short repr, readable for tokens and objects."""
    if value is None:
        return "None"
    kind = type(value).__name__
    if isinstance(value, cdk.Duration):
        return "Duration (a token)" if value.is_unresolved() else f"Duration {value.to_human_string()}"
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and is_token(value):
        return f"{kind} (a token)"
    text = repr(value)
    if text.startswith("<") and " object at 0x" in text:  # no useful repr: the class says enough
        return kind
    return f"{kind} {_short(value)}"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def is_token(value: object) -> bool:
    """True for an unresolved CDK token (string, number, list or object), by aws-cdk-lib's own test."""
    if value is None or isinstance(value, (bool, Enum)):
        return False
    if isinstance(value, cdk.Duration):
        return bool(value.is_unresolved())
    try:
        return bool(cdk.Token.is_unresolved(value))
    except Exception:  # a plain Python object jsii cannot send: not a token
        return False


def enforce(where: Where, violations: Iterable[Violation], warn_on: IConstruct | None = None) -> None:
    """Raise the first error; add each warning to ``warn_on`` as an annotation (or drop it)."""
    warnings: list[Violation] = []
    for violation in violations:
        if violation.severity == "error":
            fail(where, violation)
        warnings.append(violation)
    if warn_on is not None:
        for violation in warnings:
            warn(warn_on, violation)


def warn(scope: IConstruct, violation: Violation) -> None:
    """A warning annotation with the rule's stable id (``cdk-backup:<id>``), shown once with its path."""
    cdk.Annotations.of(scope).add_warning_v2(warning_id(violation.rule.id), violation.message)


def stack_of(scope: IConstruct) -> cdk.Stack:
    """The stack of ``scope`` (no round trip to Node when ``scope`` is the stack itself)."""
    return scope if isinstance(scope, cdk.Stack) else cdk.Stack.of(scope)


SYNTH_PLUGIN_NAME = "cdk-backup"
"""The name of the policy-validation plugin that reports synth-time errors (and the namespace of its
acknowledgment ids: ``cdk-backup::<ruleId>``), the same as :class:`cdk_backup.BackupChecks`'."""


@jsii.implements(cdk.IPolicyValidationPlugin)
class _SynthErrors:
    """The errors the synth-time checks of one app found, reported once by aws-cdk-lib's validation report.

    Registered once per app (``Validations.of(app).add_plugins``). The checks themselves run in the
    validate phase (:class:`_StackChecks`), before the templates are written; this plugin runs after,
    and turns what they found into violations: aws-cdk-lib prints each one once, as
    ``ERROR <message> (cdk-backup)`` with the construct path and logical id under it, writes
    ``validation-report.json``, and fails the synthesis.
    """

    def __init__(self) -> None:
        self.found: dict[_StackChecks, list[tuple[IConstruct, Violation]]] = {}
        """The errors of the current validate phase, by the stack's checks that found them."""
        self.reported: dict[_StackChecks, list[tuple[IConstruct, Violation]]] = {}
        """What :meth:`validate` reported last."""

    @property
    def name(self) -> str:
        return SYNTH_PLUGIN_NAME

    @property
    def version(self) -> str | None:
        return None

    @property
    def rule_ids(self) -> list[str] | None:
        return None

    def validate(self, context: cdk.IPolicyValidationContext) -> cdk.PolicyValidationPluginReport:
        self.reported, self.found = self.found, {}  # reported once: a later synthesis runs the checks again
        found = [error for errors in self.reported.values() for error in errors]
        templates = {os.path.abspath(path): path for path in context.template_paths}
        violations = [cdk.PolicyViolation(rule_name=violation.rule.id, description=f"{construct.node.path}: "
                                          f"{violation.message}", severity="error",
                                          violating_resources=[_violating(construct, templates)])
                      for construct, violation in found]
        return cdk.PolicyValidationPluginReport(success=not violations, violations=violations)


def _violating(construct: IConstruct, templates: Mapping[str, str]) -> cdk.PolicyViolatingResource:
    """Where the report points: the construct's own L1 by logical id in its stack's template (aws-cdk-lib
    then prints its path, logical id and type), or the construct's path when it has no L1 (a stack)."""
    stack = stack_of(construct)
    written = os.path.abspath(os.path.join(cdk.Stage.of(stack).outdir, stack.template_file))  # type: ignore[union-attr]
    template = templates.get(written)
    child = construct.node.default_child
    if template is not None and isinstance(child, cdk.CfnElement):
        return cdk.PolicyViolatingResource(locations=[], resource_logical_id=stack.get_logical_id(child),
                                           template_path=template)
    return cdk.PolicyViolatingResource(locations=[], construct_path=construct.node.path)


_SYNTH_ERRORS: weakref.WeakKeyDictionary[IConstruct, _SynthErrors] = weakref.WeakKeyDictionary()
"""Each app's plugin, held weakly by the app: an app that is gone takes its plugin with it."""


def _synth_errors(stack: cdk.Stack) -> _SynthErrors | None:
    """The plugin of the app that synthesizes ``stack`` (registered on first use), or ``None`` when the
    stack is not directly in an App: a stack in a nested ``Stage`` can be synthesized on its own
    (``Template.from_stack``), and aws-cdk-lib runs validation plugins only when an App synthesizes."""
    stage = cdk.Stage.of(stack)
    if not isinstance(stage, cdk.App):  # the App a user made is this very object: no round trip
        return None
    plugin = _SYNTH_ERRORS.get(stage)
    if plugin is None:
        plugin = _SYNTH_ERRORS[stage] = _SynthErrors()
        cdk.Validations.of(stage).add_plugins(plugin)
    return plugin


def synth_check_errors(app: IConstruct) -> list[tuple[IConstruct, Violation]]:
    """The errors the synth-time checks of ``app``'s constructs found in its current synthesis (construct,
    violation), whether or not the plugin has reported them yet: for the whole-app checker, which can
    skip what the constructs already report."""
    plugin = _SYNTH_ERRORS.get(app)
    if plugin is None:
        return []
    return [error for errors in (plugin.found or plugin.reported).values() for error in errors]


@jsii.implements(IValidation)
class _StackChecks:
    """The synth-time checks of every cdk_backup construct in one stack, run by one validation.

    Warnings become annotations here (the validate phase comes before the manifest is written). Errors
    go to the app's :class:`_SynthErrors` plugin, which reports them once in the validation report;
    for a stack in a nested Stage (no plugin), they are returned, and aws-cdk-lib throws them.
    """

    def __init__(self, plugin: _SynthErrors | None) -> None:
        self.checks: list[tuple[IConstruct, Callable[[], Iterable[Violation]]]] = []
        self.plugin = plugin

    def validate(self) -> list[str]:
        errors: list[tuple[IConstruct, Violation]] = []
        for construct, check in self.checks:
            for violation in check():
                if violation.severity == "error":
                    errors.append((construct, violation))
                else:
                    warn(construct, violation)
        if self.plugin is None:
            return [f"{construct.node.path}: {violation.message}" for construct, violation in errors]
        self.plugin.found[self] = errors
        return []


_STACK_CHECKS: weakref.WeakKeyDictionary[cdk.Stack, _StackChecks] = weakref.WeakKeyDictionary()
"""Each stack's checks, held weakly: a stack (and its app) that is gone takes its checks with it."""


def check_at_synth(construct: IConstruct, check: Callable[[], Iterable[Violation]], *,
                   stack: cdk.Stack | None = None) -> None:
    """Run ``check`` when the app synthesizes: for what needs the whole tree.

    One ``node.add_validation`` per stack runs the checks of all its constructs (one object and one
    callback from Node instead of one per construct). Warnings become annotations on the construct.
    Errors (the standard message, construct path first) are reported once by a policy-validation
    plugin registered once per app, which fails ``app.synth()`` and ``cdk synth``.
    """
    owner = stack if stack is not None else stack_of(construct)
    checks = _STACK_CHECKS.get(owner)
    if checks is None:
        checks = _STACK_CHECKS[owner] = _StackChecks(_synth_errors(owner))
        owner.node.add_validation(checks)
    checks.checks.append((construct, check))


def warning_id(rule_id: str) -> str:
    """The id to pass to ``Annotations.acknowledge_warning`` for one of our warnings."""
    return f"cdk-backup:{rule_id}"


# ---------------------------------------------------------------- scalars
def optional_bool(where: Where, prop: str, value: object) -> bool | None:
    """``None``, or a real bool (``"false"`` and ``0`` are refused: they look like values)."""
    if value is None:
        return None
    return required_bool(where, prop, value)


def required_bool(where: Where, prop: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    type_error(where, prop, "a bool (True or False)", value)


def optional_str(where: Where, prop: str, value: object) -> Str | None:
    """``None``, a string, or an unresolved string token."""
    if value is None:
        return None
    return required_str(where, prop, value)


def required_str(where: Where, prop: str, value: object) -> Str:
    if isinstance(value, str):
        return Unresolved(value) if is_token(value) else value
    type_error(where, prop, "a string", value)


def optional_number(where: Where, prop: str, value: object) -> Num | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        type_error(where, prop, "a number", value)
    return Unresolved(value) if is_token(value) else value


E = TypeVar("E", bound=Enum)


def enum_text(where: Where, prop: str, value: object, enum: type[E] | None, *,
              allowed: Iterable[str] | None = None) -> Str:
    """The service spelling of an enum member (ours or aws-cdk-lib's) or string; tokens pass.

    An unknown string raises with the list of accepted values.
    """
    if isinstance(value, Enum):
        text = str(value.value)
    elif isinstance(value, str):
        if is_token(value):
            return Unresolved(value)
        text = value
    else:
        type_error(where, prop, f"a {enum.__name__ if enum else 'string'} or its string value", value)
    choices = list(allowed) if allowed is not None else [str(m.value) for m in enum] if enum else None
    if choices is not None and text not in choices:
        fail(where, common.INPUT_ENUM.violation(text, prop=prop, choices=", ".join(choices)))
    return text


# ---------------------------------------------------------------- durations
def duration(where: Where, prop: str, value: object, unit: str, *, required: bool = False) -> Num | None:
    """A ``Duration`` as a whole number of ``unit``; a token Duration becomes :class:`Unresolved`.

    A Duration that is not a whole number of ``unit`` (``Duration.minutes(90)`` as days) is refused:
    AWS Backup takes whole days, hours or minutes.
    """
    if value is None:
        if required:
            type_error(where, prop, "a Duration", value)
        return None
    if not isinstance(value, cdk.Duration):
        type_error(where, prop, f"a Duration (e.g. Duration.{unit}({35 if unit == 'days' else 1}))", value)
    if value.is_unresolved():
        return Unresolved(token_amount(where, prop, value, unit))
    seconds = float(value.to_seconds(integral=False))
    amount = seconds / _SECONDS[unit]
    if not amount.is_integer():
        fail(where, common.WHOLE_UNITS.violation(Text(value.to_human_string()), prop=prop, unit=unit))
    return int(amount)


def required_duration(where: Where, prop: str, value: object, unit: str) -> int | Unresolved:
    """A required ``Duration`` as a whole number of ``unit`` (a token as a number token in that unit)."""
    amount = duration(where, prop, value, unit, required=True)
    assert amount is not None
    return amount  # type: ignore[return-value]


def days(where: Where, prop: str, value: object, *, required: bool = False) -> Num | None:
    """Whole days: the unit of every AWS Backup lifecycle and retention."""
    return duration(where, prop, value, "days", required=required)


def rendered(value: object) -> Any:
    """A plain value back in the form the L1 takes (a token as the token given)."""
    if isinstance(value, Unresolved):
        return value.raw
    return value


def token_amount(where: Where, prop: str, value: cdk.Duration, unit: str) -> Any:
    """The number token of a token Duration in ``unit`` (see :func:`token_in`)."""
    return token_in(where, prop, value, (unit,))[1]


def token_in(where: Where, prop: str, value: cdk.Duration, units: Sequence[str]) -> tuple[str, Any]:
    """(unit, number token) of a token Duration, in the first of ``units`` it converts to.

    aws-cdk-lib converts a token Duration only to the unit it was made with (``Duration.days(token)``
    gives days), so any other unit is refused here with a message instead of a Node error.
    """
    convert: dict[str, Callable[[], float]] = {
        "days": value.to_days, "hours": value.to_hours, "minutes": value.to_minutes, "seconds": value.to_seconds}
    for unit in units:
        try:
            return unit, convert[unit]()
        except Exception:  # jsii's error: a token Duration of another unit cannot be converted
            continue
    got = Text("a token Duration in another unit")
    expected = " or ".join(f"Duration.{unit}(token)" for unit in units) + " when it is a token"
    fail(where, common.INPUT_TYPE.violation(got, prop=prop, expected=expected))


def duration_rendered(value: Num | None, unit: str) -> Any:
    """A whole number of ``unit``, or the number token of a token Duration (converted at the door)."""
    return rendered(value)


# ---------------------------------------------------------------- collections
T = TypeVar("T")


def optional_list(where: Where, prop: str, value: object, item: Callable[[str, object], T]) -> list[T] | None:
    """``None``, or a list/tuple whose items each pass ``item(prop[i], value)``.

    A string is refused (it would be read letter by letter), and so is a token list: AWS Backup
    needs the items to render them.
    """
    if value is None:
        return None
    return required_list(where, prop, value, item)


def required_list(where: Where, prop: str, value: object, item: Callable[[str, object], T]) -> list[T]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (Sequence, set, frozenset)):
        type_error(where, prop, "a list", value)
    return [item(f"{prop}[{index}]", entry) for index, entry in enumerate(value)]


def optional_map(where: Where, prop: str, value: object) -> dict[str, Str] | None:
    """``None``, or a dict of string keys to string values (tokens pass)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        type_error(where, prop, "a dict of strings", value)
    result: dict[str, Str] = {}
    for key, entry in value.items():
        if not isinstance(key, str):
            type_error(where, f"{prop} key", "a string", key)
        result[key] = required_str(where, f"{prop}[{key!r}]", entry)
    return result


def instance(where: Where, prop: str, value: object, kinds: type | tuple[type, ...], expected: str,
             *, required: bool = False) -> Any:
    """``value`` when it is one of ``kinds`` (or ``None`` when optional)."""
    if value is None and not required:
        return None
    if not isinstance(value, kinds):
        type_error(where, prop, expected, value)
    return value


def plain(value: Num | Str | None) -> Any:
    """The Python value for rules (``None`` for tokens)."""
    return value if known(value) else None


def having(where: Where, prop: str, value: object, attribute: str, expected: str, *, required: bool = False) -> Any:
    """``value`` when it has ``attribute`` (how a jsii interface such as ``ITopic`` is recognized)."""
    if value is None and not required:
        return None
    if value is None or isinstance(value, (str, int, float, bool)) or not hasattr(value, attribute):
        type_error(where, prop, expected, value)
    return value


D = TypeVar("D")


def struct(where: Where, prop: str, value: object, kind: type[D], *, required: bool = False) -> D | None:
    """A struct argument: an instance of the frozen dataclass ``kind``, or a dict of its snake_case keys.

    A dict with an unknown or a missing required key is refused with the keys ``kind`` takes.
    """
    import dataclasses

    if value is None and not required:
        return None
    if isinstance(value, kind):
        return value
    names = [f.name for f in dataclasses.fields(kind)]  # type: ignore[arg-type]
    expected = f"a {kind.__name__} or a dict with keys {', '.join(names)}"
    if not isinstance(value, Mapping) or any(not isinstance(key, str) or key not in names for key in value):
        type_error(where, prop, expected, value)
    try:
        return kind(**value)
    except TypeError:  # a required key is missing
        type_error(where, prop, expected, value)


def physical_name(value: object) -> str | None:
    """A name for ``cdk.Resource.__init__`` (a name of the wrong type is reported by the door just after,
    with the construct path the call gives)."""
    return value if isinstance(value, str) else None


def enforce_errors(where: Where, violations: Iterable[Violation]) -> list[Violation]:
    """Raise the first error; give back the warnings, for a value object that has no construct to
    annotate yet (its warnings are added by the construct it joins)."""
    found = list(violations)
    enforce(where, [v for v in found if v.severity == "error"])
    return [v for v in found if v.severity == "warning"]


def default_name(scope: IConstruct, length: int, suffix: str = "") -> str:
    """A physical name unique in the app, as aws-cdk-lib makes them: the last ``length`` characters of
    the construct's unique id (plus ``suffix``), letters and digits only."""
    return f"{cdk.Names.unique_id(scope)}{suffix}"[-length:]
