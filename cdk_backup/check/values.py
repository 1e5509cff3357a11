"""CloudFormation values as the checker sees them: literals, or strings with symbolic parts.

A string property of a template is read into a :data:`SymStr`: a tuple of literal text and
:class:`Sym` parts. A ``Sym`` stands for a value CloudFormation only knows at deployment (a
resource's generated id, a parameter, a pseudo parameter whose stack has no environment). Two
occurrences of the same value are the same ``Sym``, so ``{"Fn::GetAtt": ["Table", "Arn"]}`` in a
selection and the table's own ARN are equal tuples, even across stacks (``Fn::ImportValue`` is
followed to the exporting stack's ``Outputs``).

Nothing here imports jsii or aws_cdk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from cdk_backup.rules import Unresolved

if TYPE_CHECKING:
    from cdk_backup.check.assembly import Stack

# Kinds of symbolic values.
PSEUDO = "pseudo"
"""A pseudo parameter (``AWS::Region``, ``AWS::AccountId``) of a stack whose environment is unknown."""
ATTR = "attr"
"""A resource attribute the template does not state (a generated id or name, a plan id)."""
PARAM = "param"
"""A template parameter: its value is chosen at deployment."""
OPAQUE = "opaque"
"""Anything else the checker does not follow (``Fn::If``, ``Fn::GetAZs``, a missing export)."""


@dataclass(frozen=True)
class Sym:
    """A value known only at deployment. Equal ``Sym`` s are the same value."""

    kind: str
    key: tuple[Any, ...]
    text: str = field(compare=False)
    """How the value reads in messages, in ``Fn::Sub`` style: ``${AWS::Region}``, ``${Table.Arn}``."""

    @property
    def fresh(self) -> bool:
        """A generated id or name: it did not exist before the stack created it, so no literal in a
        template can name it (only a wildcard or a reference can)."""
        return self.kind == ATTR and len(self.key) > 3 and bool(self.key[3])


Part = Union[str, Sym]  # noqa: UP007  (a runtime alias)
SymStr = tuple[Part, ...]
"""A string: literal text and symbolic parts, normalized (no empty text, no adjacent texts)."""

NO_VALUE = Sym(OPAQUE, ("AWS::NoValue",), "${AWS::NoValue}")
"""``Ref AWS::NoValue``: the property is absent."""

_PARTITIONS = (("cn-", "aws-cn"), ("us-gov-", "aws-us-gov"), ("us-iso-", "aws-iso"), ("us-isob-", "aws-iso-b"),
               ("eusc-", "aws-eusc"))
ASSUMED_PARTITION = "aws"
"""The partition of a stack whose Region is unknown (documented in the README)."""


def partition_of(region: str | None) -> str:
    """The partition of a Region (``aws`` when the Region is unknown: see :data:`ASSUMED_PARTITION`)."""
    for prefix, partition in _PARTITIONS:
        if region and region.startswith(prefix):
            return partition
    return ASSUMED_PARTITION


def normalize(parts: list[Part]) -> SymStr:
    """Merge adjacent texts and drop empty ones."""
    out: list[Part] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + part
                continue
        out.append(part)
    return tuple(out)


def text_of(value: SymStr) -> str:
    """A symbolic string as it reads in a message: ``arn:aws:dynamodb:${AWS::Region}:…``."""
    return "".join(part if isinstance(part, str) else part.text for part in value)


def literal_of(value: SymStr) -> str | None:
    """The text of a fully known string, else ``None``."""
    if all(isinstance(part, str) for part in value):
        return "".join(value)  # type: ignore[arg-type]
    return None


def syms_of(value: SymStr) -> Iterator[Sym]:
    return (part for part in value if isinstance(part, Sym))


def is_intrinsic(value: object) -> bool:
    """A CloudFormation intrinsic function or ``Ref`` (a one-key object whose key is ``Ref`` or ``Fn::…``)."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (key,) = value
    return key == "Ref" or (isinstance(key, str) and key.startswith("Fn::"))


_SUB_VAR = re.compile(r"\$\{(!?)([^}]*)\}")
_MAX_DEPTH = 24

RefFormula = Callable[["Resolver", "Stack", str, dict[str, Any], int], SymStr]
"""How a resource type answers ``Ref`` or one ``Fn::GetAtt`` attribute, from its properties."""


class Resolver:
    """Reads template values of the stacks of one app, following references between them.

    ``formulas`` maps a resource type to its ``Ref``/attribute formulas (see
    :mod:`cdk_backup.check.resources`); an attribute without a formula is a :class:`Sym`.
    """

    def __init__(self, stacks: list[Stack], formulas: Mapping[str, Mapping[str, RefFormula]]) -> None:
        self.formulas = formulas
        self.exports: dict[str, tuple[Stack, Any]] = {}
        for stack in stacks:
            for output in (stack.template.get("Outputs") or {}).values():
                if not isinstance(output, dict):
                    continue
                name = (output.get("Export") or {}).get("Name") if isinstance(output.get("Export"), dict) else None
                if name is None:
                    continue
                text = literal_of(self.sym(name, stack)) if not isinstance(name, str) else name
                if text is not None:
                    self.exports[text] = (stack, output.get("Value"))
        self._memo: dict[tuple[int, int], SymStr] = {}
        self.children: dict[tuple[str, str], Stack] = {
            (stack.parent.key, stack.resource_id): stack for stack in stacks
            if stack.parent is not None and stack.resource_id is not None}

    # ------------------------------------------------------------------ strings
    def sym(self, value: object, stack: Stack, depth: int = 0) -> SymStr:
        """A string property as a :data:`SymStr` (numbers and booleans as their text)."""
        if isinstance(value, str):
            return (value,) if value else ()
        if isinstance(value, bool):
            return ("true" if value else "false",)
        if isinstance(value, (int, float)):
            return (str(int(value)) if float(value).is_integer() else str(value),)
        if depth > _MAX_DEPTH or not is_intrinsic(value):
            return (self._opaque(value),)
        assert isinstance(value, dict)
        ((name, arg),) = value.items()
        if name == "Ref":
            return self.ref(arg, stack, depth + 1) if isinstance(arg, str) else (self._opaque(value),)
        if name == "Fn::GetAtt":
            logical, attr = _get_att_args(arg)
            if logical is None or attr is None:
                return (self._opaque(value),)
            return self.attribute(stack, logical, attr, depth + 1)
        if name == "Fn::Join":
            return self._join(arg, stack, depth + 1, value)
        if name == "Fn::Sub":
            return self._sub(arg, stack, depth + 1, value)
        if name == "Fn::ImportValue":
            return self._import(arg, stack, depth + 1, value)
        if name == "Fn::Select":
            return self._select(arg, stack, depth + 1, value)
        if name == "Fn::FindInMap":
            return self._find_in_map(arg, stack, depth + 1, value)
        return (self._opaque(value),)

    def ref(self, name: str, stack: Stack, depth: int = 0) -> SymStr:
        """``{"Ref": name}`` in ``stack``."""
        if name.startswith("AWS::"):
            return self._pseudo(name, stack)
        parameters = stack.template.get("Parameters") or {}
        if name in parameters:
            bound = stack.parameter_values.get(name)
            if bound is not None and stack.parent is not None:
                return self.sym(bound, stack.parent, depth + 1)
            return (Sym(PARAM, (stack.key, name), f"${{{name}}}"),)
        return self.attribute(stack, name, "Ref", depth)

    def attribute(self, stack: Stack, logical: str, attr: str, depth: int = 0) -> SymStr:
        """``Ref`` (``attr == "Ref"``) or ``Fn::GetAtt`` of a resource of ``stack``."""
        resource = (stack.template.get("Resources") or {}).get(logical)
        if not isinstance(resource, dict):
            return (Sym(OPAQUE, (stack.key, logical, attr), f"${{{logical}.{attr}}}"),)
        kind = resource.get("Type", "")
        if kind == "AWS::CloudFormation::Stack" and attr.startswith("Outputs.") and depth <= _MAX_DEPTH:
            child = self.children.get((stack.key, logical))
            output = (child.template.get("Outputs") or {}).get(attr[len("Outputs."):]) if child else None
            if isinstance(output, dict) and child is not None:
                return self.sym(output.get("Value"), child, depth + 1)
        formula = (self.formulas.get(kind) or {}).get(attr)
        if formula is None or depth > _MAX_DEPTH:
            return (self.generated(stack, logical, attr),)
        key = (id(resource), hash(attr))
        found = self._memo.get(key)
        if found is None:
            properties = resource.get("Properties")
            found = formula(self, stack, logical, properties if isinstance(properties, dict) else {}, depth + 1)
            self._memo[key] = found
        return found

    def generated(self, stack: Stack, logical: str, attr: str, *, fresh: bool = True) -> Sym:
        """The symbolic value of an attribute the template does not state (a generated id or name)."""
        shown = logical if attr == "Ref" else f"{logical}.{attr}"
        return Sym(ATTR, (stack.key, logical, attr, fresh), f"${{{shown}}}")

    def _pseudo(self, name: str, stack: Stack) -> SymStr:
        if name == "AWS::Region":
            return (stack.region,) if stack.region else (Sym(PSEUDO, (stack.env_key, name), "${AWS::Region}"),)
        if name == "AWS::AccountId":
            return (stack.account,) if stack.account else (Sym(PSEUDO, (stack.env_key, name), "${AWS::AccountId}"),)
        if name == "AWS::Partition":
            return (partition_of(stack.region),)
        if name == "AWS::URLSuffix":
            return ("amazonaws.com.cn" if partition_of(stack.region) == "aws-cn" else "amazonaws.com",)
        if name == "AWS::StackName":
            return (stack.stack_name,) if stack.name_known else (Sym(ATTR, (stack.key, name, "Ref", True),
                                                                      "${AWS::StackName}"),)
        if name == "AWS::NoValue":
            return (NO_VALUE,)
        return (Sym(ATTR, (stack.key, name, "Ref", True), f"${{{name}}}"),)

    def _opaque(self, value: object) -> Sym:
        import json

        try:
            text = json.dumps(value, sort_keys=True, default=str)
        except (TypeError, ValueError):
            text = repr(value)
        shown = text if len(text) <= 60 else text[:57] + "..."
        return Sym(OPAQUE, (text,), shown)

    def _join(self, arg: object, stack: Stack, depth: int, raw: object) -> SymStr:
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str)):
            return (self._opaque(raw),)
        delimiter, items = arg
        if not isinstance(items, list):
            return (self._opaque(raw),)
        parts: list[Part] = []
        first = True
        for item in items:
            piece = self.sym(item, stack, depth)
            if piece == (NO_VALUE,):
                continue
            if not first and delimiter:
                parts.append(delimiter)
            parts.extend(piece)
            first = False
        return normalize(parts)

    def _sub(self, arg: object, stack: Stack, depth: int, raw: object) -> SymStr:
        if isinstance(arg, str):
            text, variables = arg, {}
        elif isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and isinstance(arg[1], dict):
            text, variables = arg[0], arg[1]
        else:
            return (self._opaque(raw),)
        parts: list[Part] = []
        position = 0
        for match in _SUB_VAR.finditer(text):
            parts.append(text[position:match.start()])
            position = match.end()
            bang, name = match.group(1), match.group(2)
            if bang:
                parts.append("${" + name + "}")
            elif name in variables:
                parts.extend(self.sym(variables[name], stack, depth))
            elif "." in name and not name.startswith("AWS::"):
                logical, attr = name.split(".", 1)
                parts.extend(self.attribute(stack, logical, attr, depth))
            else:
                parts.extend(self.ref(name, stack, depth))
        parts.append(text[position:])
        return normalize(parts)

    def _import(self, arg: object, stack: Stack, depth: int, raw: object) -> SymStr:
        name = literal_of(self.sym(arg, stack, depth))
        found = self.exports.get(name) if name is not None else None
        if found is None:
            return (Sym(OPAQUE, ("import", name if name is not None else repr(arg)),
                        f"${{ImportValue {name}}}" if name else "${ImportValue}"),)
        exporter, value = found
        return self.sym(value, exporter, depth)

    def _select(self, arg: object, stack: Stack, depth: int, raw: object) -> SymStr:
        if not (isinstance(arg, list) and len(arg) == 2):
            return (self._opaque(raw),)
        index_text = literal_of(self.sym(arg[0], stack, depth))
        items = self.items(arg[1], stack, depth)
        if index_text is None or not index_text.isdigit() or items is None or int(index_text) >= len(items):
            return (self._opaque(raw),)
        return self.sym(items[int(index_text)], stack, depth)

    def _find_in_map(self, arg: object, stack: Stack, depth: int, raw: object) -> SymStr:
        if not (isinstance(arg, list) and len(arg) >= 3):
            return (self._opaque(raw),)
        keys = [literal_of(self.sym(item, stack, depth)) for item in arg[:3]]
        table: Any = stack.template.get("Mappings") or {}
        for key in keys:
            if key is None or not isinstance(table, dict) or key not in table:
                return (self._opaque(raw),)
            table = table[key]
        return self.sym(table, stack, depth)

    # ------------------------------------------------------------------ other shapes
    def items(self, value: object, stack: Stack, depth: int = 0) -> list[Any] | None:
        """A list property: its items (``Fn::Split`` of a known string included), ``[]`` when absent,
        ``None`` when unknown."""
        if value is None or value == {"Ref": "AWS::NoValue"}:
            return []
        if isinstance(value, list):
            return [item for item in value if not (isinstance(item, dict) and item == {"Ref": "AWS::NoValue"})]
        if isinstance(value, dict) and set(value) == {"Fn::Split"}:
            arg = value["Fn::Split"]
            if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and arg[0]:
                text = literal_of(self.sym(arg[1], stack, depth + 1))
                if text is not None:
                    return list(text.split(arg[0]))
        return None

    def value(self, value: object, stack: Stack) -> Any:
        """A property as plain Python values; what is unknown before deployment is :class:`Unresolved`.

        Strings that are numbers stay strings (CloudFormation accepts ``"35"`` for an integer:
        use :meth:`number`).
        """
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, list):
            return [self.value(item, stack) for item in value if item != {"Ref": "AWS::NoValue"}]
        if is_intrinsic(value):
            if value == {"Ref": "AWS::NoValue"}:
                return None
            text = literal_of(self.sym(value, stack))
            return text if text is not None else Unresolved(value)
        if isinstance(value, dict):
            return {key: self.value(item, stack) for key, item in value.items() if item != {"Ref": "AWS::NoValue"}}
        return Unresolved(value)

    def number(self, value: object, stack: Stack) -> int | float | Unresolved | None:
        """An integer property (``35`` or ``"35"``), ``None`` when absent."""
        plain = self.value(value, stack)
        if plain is None or isinstance(plain, Unresolved):
            return plain
        if isinstance(plain, bool):
            return Unresolved(value)
        if isinstance(plain, (int, float)):
            return plain
        if isinstance(plain, str):
            try:
                number = float(plain)
            except ValueError:
                return Unresolved(value)
            return int(number) if number.is_integer() else number
        return Unresolved(value)

    def boolean(self, value: object, stack: Stack) -> bool | Unresolved | None:
        """A boolean property (``true``, ``"true"``, ``"false"``), ``None`` when absent."""
        plain = self.value(value, stack)
        if plain is None or isinstance(plain, (bool, Unresolved)):
            return plain
        if isinstance(plain, str) and plain.lower() in ("true", "false"):
            return plain.lower() == "true"
        return Unresolved(value)

    def text(self, value: object, stack: Stack) -> str | Unresolved | None:
        """A string property, ``None`` when absent."""
        if value is None or value == {"Ref": "AWS::NoValue"}:
            return None
        symbolic = self.sym(value, stack)
        text = literal_of(symbolic)
        return text if text is not None else Unresolved(value)


def _get_att_args(arg: object) -> tuple[str | None, str | None]:
    if isinstance(arg, str) and "." in arg:
        logical, attr = arg.split(".", 1)
        return logical, attr
    if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and isinstance(arg[1], str):
        return arg[0], arg[1]
    return None, None
