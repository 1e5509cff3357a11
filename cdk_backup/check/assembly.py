"""Reading a cloud assembly (``cdk.out``) into stacks: templates, environments, construct paths.

A cloud assembly is a directory with a ``manifest.json``. Each ``aws:cloudformation:stack``
artifact names its template, its environment (``aws://account/region``) and its tags, and its
metadata (in the manifest or in an ``additionalMetadataFile``) maps construct paths to logical
ids. A ``cdk:cloud-assembly`` artifact is a nested assembly (a ``Stage``); nested stacks are
templates referenced from an ``AWS::CloudFormation::Stack`` resource's ``aws:asset:path``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdk_backup._errors import ValidationError
from cdk_backup.check.catalogue import input_error
from cdk_backup.rules import Text

_UNKNOWN = ("unknown-account", "unknown-region", "")


@dataclass(eq=False)
class Stack:
    """One CloudFormation template of the app, with what the assembly says about it."""

    key: str
    """Unique within one check (the artifact id, prefixed by its nested assembly's directory)."""
    name: str
    """The stack's construct path (``Prod/Database``), as findings show it."""
    stack_name: str
    """The CloudFormation stack name (``Prod-Database``)."""
    template: dict[str, Any]
    account: str | None = None
    region: str | None = None
    template_path: str | None = None
    paths: dict[str, str] = field(default_factory=dict)
    """Logical id → construct path (without the leading ``/``)."""
    tags: dict[str, str] = field(default_factory=dict)
    """Stack tags: CloudFormation adds them to every resource it creates."""
    parent: Stack | None = None
    """The stack holding this nested stack."""
    parameter_values: dict[str, Any] = field(default_factory=dict)
    """A nested stack's parameters, as its parent passes them."""
    resource_id: str | None = None
    """A nested stack's logical id in its parent (the ``AWS::CloudFormation::Stack`` resource)."""
    name_known: bool = True
    """``False`` for a nested stack, whose CloudFormation name is generated at deployment."""
    text: str | None = None
    """The template's text, when it was read from a file (for line numbers in SARIF)."""

    @property
    def env_key(self) -> tuple[str | None, str | None]:
        return (self.account, self.region)

    @property
    def resources(self) -> dict[str, Any]:
        found = self.template.get("Resources")
        return found if isinstance(found, dict) else {}

    def path_of(self, logical_id: str) -> str:
        """The construct path of a resource: its ``aws:cdk:path`` metadata, the assembly's, or ``stack/id``."""
        resource = self.resources.get(logical_id)
        if isinstance(resource, dict):
            metadata = resource.get("Metadata")
            if isinstance(metadata, dict) and isinstance(metadata.get("aws:cdk:path"), str):
                return str(metadata["aws:cdk:path"])
        return self.paths.get(logical_id) or f"{self.name}/{logical_id}"

    def line_of(self, logical_id: str) -> int | None:
        """The 1-based line where the resource starts in the template file, when the text is known."""
        if self.text is None:
            return None
        index = self.text.find(f'"{logical_id}"')
        return self.text.count("\n", 0, index) + 1 if index >= 0 else None


def same_env(a: Stack, b: Stack) -> bool | None:
    """Whether two stacks deploy to the same account and Region.

    Known parts must be equal. Two unknown parts are taken as equal (``cdk deploy`` puts stacks
    without an environment in the account and Region of its credentials); a known part against an
    unknown one cannot be decided (``None``).
    """
    decided = True
    for left, right in zip(a.env_key, b.env_key, strict=True):
        if left is not None and right is not None:
            if left != right:
                return False
        elif (left is None) != (right is None):
            decided = False
    return True if decided else None


# ---------------------------------------------------------------------------------------- reading
def load(source: object) -> list[Stack]:
    """Stacks from a cloud assembly directory, a ``CloudAssembly``, an ``App``, or template dicts."""
    if isinstance(source, (str, os.PathLike)):
        return _from_path(Path(source))
    directory = getattr(source, "directory", None)
    if isinstance(directory, str):
        return _from_path(Path(directory))
    synth = getattr(source, "synth", None)
    if callable(synth) and not isinstance(source, Mapping):
        assembly = synth()  # an aws_cdk.App or Stage: synthesize it
        return _from_path(Path(assembly.directory))
    if isinstance(source, Mapping):
        if "Resources" in source:
            return [_from_template("Template", dict(source))]
        stacks = [_from_template(str(name), template) for name, template in source.items()]
        if not stacks:
            raise _bad(source, "holds no template")
        return stacks
    if isinstance(source, (list, tuple)):
        if not source:
            raise _bad(source, "holds no template")
        return [_from_template(f"Template{index + 1}", template) for index, template in enumerate(source)]
    raise _bad(source)


def _bad(source: object, problem: str | None = None) -> ValidationError:
    what = ("a cloud assembly directory (cdk.out), the CloudAssembly app.synth() returns, a template dict, "
            "a dict of templates by stack name, or a list of templates")
    got = f"{type(source).__name__} {_short(source)}"
    return input_error("check", "assembly_or_dir", what, Text(got if problem is None else f"{got}, which {problem}"))


def _bad_path(path: Path, expected: str, problem: str) -> ValidationError:
    return input_error("check", "assembly_or_dir", expected, Text(f"{path}, which {problem}"))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _from_template(name: str, template: object) -> Stack:
    if not isinstance(template, Mapping):
        raise input_error("check", f"template {name!r}", "a dict (a CloudFormation template)", template,
                          field="assembly_or_dir")
    return Stack(key=name, name=name, stack_name=name.replace("/", "-"), template=dict(template))


def from_template_files(entries: Iterable[tuple[str, str, str | None, str | None]]) -> list[Stack]:
    """Stacks from ``(stack construct path, template path, account, region)`` (the plugin's input)."""
    stacks: list[Stack] = []
    for name, template_path, account, region in entries:
        path = Path(template_path)
        text = _read_text(path)
        template = _parse(text, path)
        stack = Stack(key=name, name=name, stack_name=name.replace("/", "-"), template=template,
                      account=_known(account), region=_known(region), template_path=str(path), text=text)
        stack.paths = _paths_beside(path)
        stacks.append(stack)
        stacks.extend(_nested(stack, path.parent))
    return stacks


def _paths_beside(template_path: Path) -> dict[str, str]:
    """Construct paths from the ``<stack>.metadata.json`` next to a template, when it is there."""
    name = template_path.name
    if not name.endswith(".template.json"):
        return {}
    metadata_file = template_path.with_name(name[: -len(".template.json")] + ".metadata.json")
    if not metadata_file.is_file():
        return {}
    try:
        metadata = json.loads(metadata_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return _logical_paths(metadata) if isinstance(metadata, dict) else {}


def _from_path(path: Path) -> list[Stack]:
    if path.is_file() and path.name == "manifest.json":
        path = path.parent
    if path.is_file():
        text = _read_text(path)
        stem = path.name.split(".")[0] or "Template"
        stack = Stack(key=stem, name=stem, stack_name=stem, template=_parse(text, path), template_path=str(path),
                      text=text)
        return [stack, *_nested(stack, path.parent)]
    if not path.is_dir():
        raise _bad_path(path, "a cloud assembly directory", "does not exist")
    stacks = _read_assembly(path, "")
    if not stacks:
        raise _bad_path(path, "a cloud assembly with at least one stack", "holds no stack")
    return stacks


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise input_error("check", "assembly_or_dir", "a readable file",
                          Text(f"{path} (cannot read it: {error.strerror or error})")) from None


def _parse(text: str, path: Path) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise _bad_path(path, "a JSON file", f"is not JSON ({error})") from None
    if not isinstance(data, dict):
        raise _bad_path(path, "a JSON object", "is not a JSON object")
    return data


def _read_assembly(directory: Path, prefix: str) -> list[Stack]:
    manifest_file = directory / "manifest.json"
    if not manifest_file.is_file():
        raise _bad_path(directory, "a cloud assembly directory", "has no manifest.json")
    manifest = _parse(_read_text(manifest_file), manifest_file)
    artifacts = manifest.get("artifacts")
    stacks: list[Stack] = []
    for artifact_id, artifact in (artifacts.items() if isinstance(artifacts, dict) else ()):
        if not isinstance(artifact, dict):
            continue
        kind = artifact.get("type")
        properties = artifact.get("properties") if isinstance(artifact.get("properties"), dict) else {}
        assert isinstance(properties, dict)
        if kind == "cdk:cloud-assembly":
            nested = properties.get("directoryName")
            if isinstance(nested, str):
                stacks.extend(_read_assembly(directory / nested, f"{prefix}{nested}/"))
        elif kind == "aws:cloudformation:stack":
            stacks.extend(_read_stack(directory, prefix, str(artifact_id), artifact, properties))
    return stacks


def _read_stack(directory: Path, prefix: str, artifact_id: str, artifact: dict[str, Any],
                properties: dict[str, Any]) -> list[Stack]:
    template_file = properties.get("templateFile")
    if not isinstance(template_file, str):
        return []
    path = directory / template_file
    text = _read_text(path)
    account, region = _environment(artifact.get("environment"))
    metadata = artifact.get("metadata")
    if not isinstance(metadata, dict):
        metadata = {}
    extra = artifact.get("additionalMetadataFile")
    if isinstance(extra, str) and (directory / extra).is_file():
        try:
            more = json.loads((directory / extra).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            more = {}
        if isinstance(more, dict):
            metadata = {**metadata, **more}
    tags = properties.get("tags")
    stack = Stack(
        key=f"{prefix}{artifact_id}",
        name=str(artifact.get("displayName") or artifact_id),
        stack_name=str(properties.get("stackName") or artifact_id),
        template=_parse(text, path),
        account=account,
        region=region,
        template_path=str(path),
        paths=_logical_paths(metadata),
        tags={str(k): str(v) for k, v in tags.items()} if isinstance(tags, dict) else {},
        text=text,
    )
    return [stack, *_nested(stack, directory)]


def _environment(value: object) -> tuple[str | None, str | None]:
    if not isinstance(value, str) or not value.startswith("aws://"):
        return None, None
    account, _, region = value[len("aws://"):].partition("/")
    return _known(account), _known(region)


def _known(value: str | None) -> str | None:
    return None if value is None or value in _UNKNOWN or value.startswith("${") else value


def _logical_paths(metadata: dict[str, Any]) -> dict[str, str]:
    paths: dict[str, str] = {}
    for path, entries in metadata.items():
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if isinstance(entry, dict) and entry.get("type") == "aws:cdk:logicalId" and isinstance(entry.get("data"),
                                                                                                       str):
                paths.setdefault(entry["data"], str(path).lstrip("/"))
    return paths


def _asset_templates(directory: Path) -> dict[str, str]:
    """Object keys of the JSON file assets of an assembly (``*.assets.json``) → their files."""
    found: dict[str, str] = {}
    for manifest in directory.glob("*.assets.json"):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for asset in (data.get("files") or {}).values() if isinstance(data, dict) else ():
            source = asset.get("source") if isinstance(asset, dict) else None
            path = source.get("path") if isinstance(source, dict) else None
            if not isinstance(path, str) or not path.endswith(".json"):
                continue
            for destination in (asset.get("destinations") or {}).values():
                key = destination.get("objectKey") if isinstance(destination, dict) else None
                if isinstance(key, str):
                    found[key] = path
    return found


def _nested_template(resource: dict[str, Any], directory: Path, assets: dict[str, str] | None) -> Path | None:
    """The file of a nested stack's template: ``aws:asset:path`` metadata, or the asset its URL names."""
    metadata = resource.get("Metadata")
    asset = metadata.get("aws:asset:path") if isinstance(metadata, dict) else None
    if isinstance(asset, str) and (directory / asset).is_file():
        return directory / asset
    url = json.dumps((resource.get("Properties") or {}).get("TemplateURL"))
    for key, path in (assets or {}).items():
        if key in url and (directory / path).is_file():
            return directory / path
    return None


def _nested(parent: Stack, directory: Path, assets: dict[str, str] | None = None) -> list[Stack]:
    """Nested stacks of ``parent`` whose templates are in the assembly."""
    found: list[Stack] = []
    for logical_id, resource in parent.resources.items():
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::CloudFormation::Stack":
            continue
        if assets is None:
            assets = _asset_templates(directory)
        path = _nested_template(resource, directory, assets)
        if path is None:
            continue
        text = _read_text(path)
        resource_path = parent.path_of(logical_id)
        name = _nested_construct_path(resource_path, parent.name, logical_id)
        properties = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
        assert isinstance(properties, dict)
        parameters = properties.get("Parameters")
        prefix = name + "/"
        paths = {logical: path_ for logical, path_ in parent.paths.items() if path_.startswith(prefix)}
        child = Stack(
            key=f"{parent.key}/{logical_id}", name=name, stack_name=f"{parent.stack_name}-{logical_id}",
            template=_parse(text, path), account=parent.account, region=parent.region, template_path=str(path),
            paths=paths, tags=dict(parent.tags), parent=parent,
            parameter_values=dict(parameters) if isinstance(parameters, dict) else {}, text=text,
            resource_id=logical_id, name_known=False,
        )
        found.append(child)
        found.extend(_nested(child, directory, assets))
    if found:
        prefixes = tuple(child.name + "/" for child in found if child.parent is parent)
        parent.paths = {logical: path_ for logical, path_ in parent.paths.items() if not path_.startswith(prefixes)}
    return found


def _nested_construct_path(resource_path: str, parent_name: str, logical_id: str) -> str:
    """``Parent/Child.NestedStack/Child.NestedStackResource`` → ``Parent/Child``."""
    parts = resource_path.split("/")
    for index, part in enumerate(parts):
        if part.endswith(".NestedStack"):
            return "/".join([*parts[:index], part[: -len(".NestedStack")]])
    return f"{parent_name}/{logical_id}"
