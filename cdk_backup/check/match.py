"""Which resources a selection selects, exactly as AWS Backup decides it, in three values.

AWS Backup selects a resource when (any ``Resources`` ARN matches it OR any ``ListOfTags`` tag
matches it) AND every ``Conditions`` entry holds AND no ``NotResources`` ARN matches it, among the
resources of the selection's own account and Region. A wildcard ``*`` stands for any run of
non-blank characters, anywhere in an ARN or a ``StringLike`` value.

Each answer is ``True``, ``False`` or ``None`` (cannot be decided before deployment), with the
reason for a ``None``. Nothing is guessed: a parameter, a token, a tag whose value is a token or an
unknown Region gives ``None``. One assumption is made and documented: an id or name that
CloudFormation generates for a resource of this app did not exist before, so a literal ARN in a
template cannot name it (only a reference or a wildcard can).

Resources are indexed by ARN, service, tag and logical id, so a selection is only compared with
the resources it can select (the checker stays linear in the size of the app).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cdk_backup.check.assembly import same_env
from cdk_backup.check.model import Condition, Resource, Selection
from cdk_backup.check.values import ATTR, PSEUDO, Sym, SymStr, literal_of, syms_of, text_of
from cdk_backup.rules import Unresolved

Tri = bool | None
Answer = tuple[Tri, str | None]
"""A three-valued answer and, when it is ``None``, why."""

NOT_RESOURCE_TAG = "not aws:ResourceTag"
"""Marks a condition key that does not start with ``aws:ResourceTag/`` (AWS refuses it)."""


class _Chars:
    """Each symbolic value as one private-use character, so that matching is string matching."""

    def __init__(self) -> None:
        self._chars: dict[Sym, str] = {}

    def of(self, sym: Sym) -> str:
        found = self._chars.get(sym)
        if found is None:
            found = chr(0xF0000 + len(self._chars)) if len(self._chars) < 0xFFFD else chr(0x100000 + len(
                self._chars) - 0xFFFD)
            self._chars[sym] = found
        return found

    def text(self, value: SymStr) -> str:
        return "".join(part if isinstance(part, str) else self.of(part) for part in value)


@dataclass(frozen=True)
class _Pattern:
    value: SymStr
    text: str
    regex: re.Pattern[str]
    wildcard: bool
    key: tuple[str, str | None] | None
    """``(service, resource type)`` the pattern is limited to."""
    syms: frozenset[Sym]
    open_syms: frozenset[Sym]
    """Symbolic parts whose value is not fresh (parameters, pseudo parameters, tokens)."""
    refs: frozenset[tuple[str, str]]
    """``(stack key, logical id)`` of the resources the ARN refers to."""


@dataclass(frozen=True)
class _Subject:
    resource: Resource
    text: str
    syms: frozenset[Sym]
    open_syms: frozenset[Sym]
    key: tuple[str, str | None] | None


def _open(sym: Sym) -> bool:
    return not sym.fresh


_REGION_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_DIGITS = frozenset("0123456789")
Token = tuple[bool, "frozenset[str] | None"]
"""One step of a glob: ``(repeats, characters)``; ``None`` characters are any non-blank character."""
_STAR_TOKEN: Token = (True, None)


def _char_class(sym: Sym) -> frozenset[str] | None:
    """The characters an unknown value can hold (a Region, an account id, or anything)."""
    if sym.kind == PSEUDO and sym.key[-1] == "AWS::Region":
        return _REGION_CHARS
    if sym.kind == PSEUDO and sym.key[-1] == "AWS::AccountId":
        return _DIGITS
    return None


def _type_key(value: SymStr) -> tuple[str, str | None] | None:
    """``(service, resource type)`` of an ARN or ARN pattern whose service is literal.

    The resource type is the literal start of the resource field up to ``/`` or ``:``
    (``volume`` in ``…:volume/vol-1``, ``db`` in ``…:db:name``), ``None`` when there is none (S3).
    Region and account fields never hold ``:``, so a pattern ``arn:aws:ec2:*:*:volume/*`` can only
    match volumes.
    """
    from cdk_backup.check.parse import arn_fields

    fields = arn_fields(value)
    if fields is None:
        return None
    service = literal_of(fields[2])
    if service is None or "*" in service or any("*" in part for part in fields[1] if isinstance(part, str)):
        return None
    for field in fields[3:5]:
        text = literal_of(field)
        if text is not None and "*" in text and text != "*":
            return service, None  # a wildcard inside the Region or account: keep to the service
    resource = fields[5]
    head = resource[0] if resource and isinstance(resource[0], str) else ""
    cut = min((i for i in (head.find("/"), head.find(":")) if i >= 0), default=-1)
    if cut < 0 or "*" in head[:cut]:
        return service, None
    return service, head[:cut]


class Matcher:
    """Answers "does selection S select resource R?" for every selection of an app."""

    def __init__(self, resources: Sequence[Resource]) -> None:
        self._chars = _Chars()
        self.resources = list(resources)
        self._subjects = {id(r): self._subject(r) for r in self.resources}
        self._by_ref: dict[tuple[str, str], Resource] = {(r.stack.key, r.logical_id): r for r in self.resources}
        self._by_service: dict[str, list[Resource]] = defaultdict(list)
        self._by_type: dict[tuple[str, str | None], list[Resource]] = defaultdict(list)
        self._open: dict[tuple[str, str | None] | None, list[Resource]] = defaultdict(list)
        """Resources whose ARN holds values known only at deployment, by ``(service, type)``."""
        self._by_arn: dict[str, list[Resource]] = defaultdict(list)
        self._by_tag: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        self._by_key: dict[str, list[Resource]] = defaultdict(list)
        self._by_unknown_tag: dict[str, list[Resource]] = defaultdict(list)
        self._unknown_tags: list[Resource] = []
        for resource in self.resources:
            subject = self._subjects[id(resource)]
            key = subject.key
            if key is not None:
                self._by_service[key[0]].append(resource)
                self._by_type[key].append(resource)
            if subject.open_syms or key is None:
                self._open[key].append(resource)
            literal = literal_of(resource.arn)
            if literal is not None:
                self._by_arn[literal].append(resource)
            for tag, value in resource.tags.items():
                self._by_key[tag].append(resource)
                if isinstance(value, str):
                    self._by_tag[(tag, value)].append(resource)
                else:
                    self._by_unknown_tag[tag].append(resource)
            if resource.unknown_tags is not None:
                self._unknown_tags.append(resource)
        self._patterns: dict[SymStr, _Pattern] = {}
        self._token_cache: dict[tuple[str, frozenset[Sym]], tuple[Token, ...]] = {}
        self._envs: dict[tuple[int, int], bool | None] = {}

    # ------------------------------------------------------------------ compiled forms
    def _subject(self, resource: Resource) -> _Subject:
        syms = frozenset(syms_of(resource.arn))
        return _Subject(resource, self._chars.text(resource.arn), syms, frozenset(s for s in syms if _open(s)),
                        _type_key(resource.arn))

    def _pattern(self, value: SymStr) -> _Pattern:
        found = self._patterns.get(value)
        if found is None:
            syms = frozenset(syms_of(value))
            text = self._chars.text(value)
            regex = re.compile("".join(r"\S*" if char == "*" else re.escape(char) for char in text), re.DOTALL)
            refs = frozenset((str(s.key[0]), str(s.key[1])) for s in syms if s.kind == ATTR)
            found = _Pattern(value, text, regex, "*" in text, _type_key(value), syms,
                             frozenset(s for s in syms if _open(s)), refs)
            self._patterns[value] = found
        return found

    # ------------------------------------------------------------------ one ARN
    def arn_matches(self, pattern: _Pattern, resource: Resource) -> Answer:
        """Whether an ARN (or ARN pattern) of a selection matches a resource's ARN."""
        subject = self._subjects[id(resource)]
        if pattern.regex.fullmatch(subject.text):
            return True, None
        loose_subject = subject.open_syms - pattern.syms
        loose_pattern = pattern.open_syms - subject.syms
        if not loose_subject and not loose_pattern:
            return False, None
        left = self._tokens(pattern.text, frozenset(loose_pattern), star=True)
        right = self._tokens(subject.text, frozenset(loose_subject), star=False)
        if not _ends_agree(left, right) or not _intersects(left, right):
            return False, None
        unknown = sorted({s.text for s in loose_pattern | loose_subject})
        return None, (f"ARN {text_of(pattern.value)} may match {text_of(resource.arn)}: it depends on "
                      f"{', '.join(unknown)}, known only at deployment")

    def _tokens(self, text: str, loose: frozenset[Sym], *, star: bool) -> tuple[Token, ...]:
        key = (text, loose)
        found = self._token_cache.get(key) if star else None
        if found is None:
            classes = {self._chars.of(sym): _char_class(sym) for sym in loose}
            tokens: list[Token] = []
            for char in text:
                if char in classes:
                    tokens += [(False, classes[char]), (True, classes[char])]
                elif char == "*" and star:
                    tokens.append(_STAR_TOKEN)
                else:
                    tokens.append((False, frozenset(char)))
            found = tuple(tokens)
            if star:
                self._token_cache[key] = found
        return found

    def _candidates(self, pattern: _Pattern) -> Iterable[Resource]:
        found: list[Resource] = [self._by_ref[ref] for ref in pattern.refs if ref in self._by_ref]
        key = pattern.key
        if pattern.wildcard:
            if key is None:
                return self.resources
            found.extend(self._by_type.get(key, ()) if key[1] is not None else self._by_service.get(key[0], ()))
            if key[1] is not None:
                found.extend(self._by_type.get((key[0], None), ()))
            found.extend(self._open.get(None, ()))
            return found
        literal = literal_of(pattern.value)
        if literal is not None:
            found.extend(self._by_arn.get(literal, ()))
        if pattern.refs and all(sym.kind == PSEUDO for sym in pattern.open_syms):
            return found  # the reference pins the resource: generated ids match nothing else
        if key is None:
            found.extend(r for group in self._open.values() for r in group)
        else:
            for near in {key, (key[0], None), None}:
                found.extend(self._open.get(near, ()))
        return found

    def _env(self, selection: Selection, resource: Resource) -> bool | None:
        key = (id(selection.stack), id(resource.stack))
        if key not in self._envs:
            self._envs[key] = same_env(selection.stack, resource.stack)
        return self._envs[key]

    # ------------------------------------------------------------------ selections
    def select(self, selection: Selection) -> dict[Resource, Answer]:
        """Every resource the selection selects (``True``) or may select (``None``), with reasons."""
        narrow = self._narrow(selection)
        included: dict[Resource, Answer] = {}
        if selection.resources is None or selection.unknown is not None:
            why = selection.unknown or "its Resources list is a token"
            for resource in narrow if narrow is not None else self.resources:
                _merge_or(included, resource, (None, f"selection {selection.path}: {why}"))
        for value in selection.resources or ():
            pattern = self._pattern(value)
            for resource in self._candidates(pattern):
                if narrow is None or resource in narrow:
                    _merge_or(included, resource, self.arn_matches(pattern, resource))
        for tag in selection.list_of_tags:
            for resource in self._tag_candidates(tag):
                if narrow is None or resource in narrow:
                    _merge_or(included, resource, condition(tag, resource))
        selected: dict[Resource, Answer] = {}
        for resource, (answer, reason) in included.items():
            if answer is False:
                continue
            env = self._env(selection, resource)
            if env is False:
                continue
            parts: list[Answer] = [(answer, reason)]
            if env is None:
                parts.append((None, f"stacks {selection.stack.name} and {resource.stack.name} may deploy to different "
                                    "accounts or Regions (only one states its environment)"))
            parts.extend(condition(c, resource) for c in selection.conditions)
            parts.append(_not(self._excluded(selection, resource)))
            result = _and(parts)
            if result[0] is not False:
                selected[resource] = result
        return selected

    def _narrow(self, selection: Selection) -> set[Resource] | None:
        """The resources that can pass the selection's first ``StringEquals``/``StringLike`` condition
        (conditions AND, so nothing else can be selected), from the tag index."""
        for cond in selection.conditions:
            if not isinstance(cond.key, str) or not isinstance(cond.value, str):
                continue
            if cond.operator == "StringEquals":
                found = self._by_tag.get((cond.key, cond.value), [])
            elif cond.operator == "StringLike":
                found = self._by_key.get(cond.key, [])
            else:
                continue
            return {*found, *self._by_unknown_tag.get(cond.key, ()), *self._unknown_tags}
        return None

    def _excluded(self, selection: Selection, resource: Resource) -> Answer:
        if selection.not_resources is None:
            return None, f"selection {selection.path}: its NotResources list is a token"
        answers = [self.arn_matches(self._pattern(value), resource) for value in selection.not_resources]
        return _or(answers)

    def _tag_candidates(self, tag: Condition) -> Iterable[Resource]:
        if not isinstance(tag.key, str) or not isinstance(tag.value, str):
            return self.resources
        return [*self._by_tag.get((tag.key, tag.value), ()), *self._by_unknown_tag.get(tag.key, ()),
                *self._unknown_tags]

    def patterns_service(self, value: SymStr) -> str | None:
        """The service an ARN pattern is limited to (``None`` when it is not limited)."""
        key = self._pattern(value).key
        return key[0] if key is not None else None


# ---------------------------------------------------------------------------------------- tags
def tag_state(tags: dict[str, str | Unresolved], unknown_tags: str | None, key: str) -> tuple[str, str | None]:
    """``("present", value)``, ``("absent", None)`` or ``("unknown", why)`` for one tag key."""
    if key in tags:
        value = tags[key]
        if isinstance(value, str):
            return "present", value
        return "unknown", f"the value of tag {key!r} is a token"
    if unknown_tags is not None:
        return "unknown", unknown_tags
    return "absent", None


def condition(cond: Condition, resource: Resource) -> Answer:
    """One tag condition (``ListOfTags`` entries are ``StringEquals``) on a resource's tags."""
    return tag_condition(cond.operator, cond.key, cond.value, resource.tags, resource.unknown_tags,
                         resource.path)


def tag_condition(operator: str, key: str | Unresolved, value: str | Unresolved,
                  tags: dict[str, str | Unresolved], unknown_tags: str | None, where: str) -> Answer:
    """IAM semantics: a negated operator holds when the tag is absent."""
    if not isinstance(key, str):
        raw = key.raw
        if isinstance(raw, tuple) and raw and raw[0] == NOT_RESOURCE_TAG:
            return None, f"condition key {raw[1]!r} is not aws:ResourceTag/<key>"
        return None, "a condition key is a token"
    if not isinstance(value, str):
        return None, f"the condition value for tag {key!r} is a token"
    state, actual = tag_state(tags, unknown_tags, key)
    negated = operator in ("StringNotEquals", "StringNotLike")
    if state == "unknown":
        return None, f"{where}: {actual}"
    if state == "absent":
        return negated, None
    assert actual is not None
    if operator in ("StringEquals", "StringNotEquals"):
        holds: Tri = actual == value
    elif operator in ("StringLike", "StringNotLike"):
        holds = like(actual, value)
        if holds is None:
            return None, (f"{where}: whether tag {key!r}={actual!r} is like {value!r} depends on how AWS reads "
                          "'?' and blanks (its documentation does not say)")
    else:
        return None, f"{operator} is not a condition operator AWS Backup knows"
    return (not holds) if negated else holds, None


def like(actual: str, pattern: str) -> Tri:
    """``StringLike``: ``*`` is any run of characters; where AWS's rules are unclear (``?``, blanks), ``None``."""
    answers = {_like_regex(pattern, star, question).fullmatch(actual) is not None
               for star in (r"\S*", ".*") for question in (True, False)}
    return answers.pop() if len(answers) == 1 else None


@functools.lru_cache(maxsize=1024)
def _like_regex(pattern: str, star: str, question: bool) -> re.Pattern[str]:
    parts = []
    for char in pattern:
        if char == "*":
            parts.append(star)
        elif char == "?" and question:
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


# ---------------------------------------------------------------------------------------- logic
def _merge_or(found: dict[Resource, Answer], resource: Resource, answer: Answer) -> None:
    if answer[0] is False:
        return
    current = found.get(resource)
    if current is None or (current[0] is None and answer[0] is True):
        found[resource] = answer


def _fold(answers: Iterable[Answer], decisive: bool) -> Answer:
    """Three-valued or (``decisive=True``) / and (``False``): the first decisive answer, else the first
    unknown one, else the other value."""
    unknown: Answer | None = None
    for answer in answers:
        if answer[0] is decisive:
            return answer
        if answer[0] is None and unknown is None:
            unknown = answer
    return unknown or (not decisive, None)


def _or(answers: Iterable[Answer]) -> Answer:
    return _fold(answers, True)


def _and(answers: Iterable[Answer]) -> Answer:
    return _fold(answers, False)


def _not(answer: Answer) -> Answer:
    return (None if answer[0] is None else not answer[0]), answer[1]


def _ends_agree(a: tuple[Token, ...], b: tuple[Token, ...]) -> bool:
    """A quick test before :func:`_intersects`: the fixed starts (and ends) of two globs agree."""
    for left, right in ((a, b), (a[::-1], b[::-1])):
        for (many_a, chars_a), (many_b, chars_b) in zip(left, right, strict=False):
            if many_a or many_b:
                break
            if chars_a is not None and chars_b is not None and not chars_a & chars_b:
                return False
    return True


def _intersects(a: tuple[Token, ...], b: tuple[Token, ...]) -> bool:
    """Whether two globs match at least one common string.

    A token is ``(repeats, characters)``: one character of the set, or (``repeats``) any number of
    them; ``None`` characters are any character.
    """
    seen: set[tuple[int, int]] = set()
    stack = [(0, 0)]
    la, lb = len(a), len(b)
    while stack:
        state = stack.pop()
        if state in seen:
            continue
        seen.add(state)
        i, j = state
        if i == la and j == lb:
            return True
        if i < la and a[i][0]:
            stack.append((i + 1, j))
        if j < lb and b[j][0]:
            stack.append((i, j + 1))
        if i < la and j < lb:
            (many_a, chars_a), (many_b, chars_b) = a[i], b[j]
            if chars_a is None or chars_b is None or chars_a & chars_b:
                step = (i if many_a else i + 1, j if many_b else j + 1)
                if step != state:
                    stack.append(step)
    return False


__all__ = ["Answer", "Matcher", "Tri", "condition", "like", "tag_condition", "tag_state"]
