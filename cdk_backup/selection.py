"""BackupSelection: which resources a plan protects, with the role AWS Backup uses to reach them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any, cast

import aws_cdk as cdk
import jsii
from aws_cdk import aws_backup as l1
from aws_cdk import aws_iam as iam
from aws_cdk.interfaces import aws_backup as refs
from constructs import Construct, IConstruct, IDependable

from cdk_backup import _inputs as inputs
from cdk_backup import _roles as roles
from cdk_backup.resource import BackupResource, ResourceType, TagCondition, TagOperation, texts
from cdk_backup.rules import Unresolved, Violation
from cdk_backup.rules import selection as rules

if TYPE_CHECKING:
    from cdk_backup._inputs import Str

_NAME_CHARS = re.compile(r"[^a-zA-Z0-9\-_.]")
_Cfn = l1.CfnBackupSelection


@jsii.implements(iam.IGrantable)
class BackupSelection(cdk.Resource):
    """Assign resources to a backup plan (``AWS::Backup::BackupSelection``), drop-in for aws-cdk-lib's.

    - ``resources``: ARNs, ARN patterns, constructs and ``from_tag`` matches. They combine with OR:
      a resource matching ANY of them is backed up.
    - ``conditions``: tag conditions that must ALL hold (AND); they narrow ``resources``.
    - ``not_resources``: ARNs or patterns never backed up.

    The role AWS Backup assumes is an ``iam.Role`` at ``<id>/Role`` (unless ``role`` is given), so
    ``bucket.grant_read(selection)`` always lands in ``<id>/Role/DefaultPolicy``; the selection waits
    for such grants (IAM is eventually consistent, and AWS Backup checks the role on creation).

    AWS accepts at most 500 ARNs in one selection, at most 30 of them with wildcards. More become
    further ``CfnBackupSelection`` resources (``Resource2``, ``Resource3``…, named ``<name>-2``…) that
    together select exactly the same resources; appending resources never renames existing ones.
    """

    PROPERTY_INJECTION_ID: str = "cdk-backup.BackupSelection"
    """The id aws-cdk-lib's property injectors would match (cdk_backup applies no injectors)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        backup_plan: l1.IBackupPlan | refs.IBackupPlanRef,
        resources: Sequence[BackupResource | l1.BackupResource],
        backup_selection_name: str | None = None,
        role: iam.IRole | None = None,
        allow_restores: bool | None = False,
        disable_default_backup_policy: bool | None = False,
        not_resources: Sequence[str] | None = None,
        conditions: Sequence[TagCondition | l1.TagCondition] | None = None,
    ) -> None:
        """
        :param backup_plan: the plan: this library's, one imported by id, or aws-cdk-lib's (any ``IBackupPlan``).
        :param resources: what to back up (see :class:`BackupResource`); aws-cdk-lib's ``BackupResource`` too.
        :param backup_selection_name: 1-50 letters, digits, ``-``, ``_`` or ``.``. Default: the id.
        :param role: role AWS Backup assumes. Default: a new role trusted by ``backup.amazonaws.com``.
        :param allow_restores: also attach the restore policies.
        :param disable_default_backup_policy: do not attach ``AWSBackupServiceRolePolicyForBackup``.
        :param not_resources: ARNs or patterns to exclude (at most 500, or 30 with wildcards).
        :param conditions: tag conditions, all of which must hold (at most 30).
        """
        super().__init__(scope, id)
        # ---- normalize
        plan_id = _plan_id(self, backup_plan)
        name = inputs.optional_str(self, "backup_selection_name", backup_selection_name)
        given_role: iam.IRole | None = inputs.having(self, "role", role, "role_arn", "an iam.IRole")
        restores = bool(inputs.optional_bool(self, "allow_restores", allow_restores))
        no_default = bool(inputs.optional_bool(self, "disable_default_backup_policy", disable_default_backup_policy))
        picked = inputs.required_list(self, "resources", resources,
                                      lambda prop, value: BackupResource._read(self, prop, value))
        excluded = texts(self, inputs.optional_list(self, "not_resources", not_resources,
                                                    lambda prop, value: (prop, value)) or [])
        tests = inputs.optional_list(self, "conditions", conditions,
                                     lambda prop, value: TagCondition._read(self, value, prop)) or []
        arns: dict[str, Str] = {}
        tags: dict[tuple[str, str], rules.TagMatch] = {}
        constructs: list[IConstruct] = []
        types: set[ResourceType] = set()
        buckets: list[Any] = []
        for resource in picked:
            if resource.arn is not None:
                arns.setdefault(_text(resource.arn), resource.arn)
                if resource.resource_type is not None:
                    types.add(resource.resource_type)
                if resource.bucket is not None:
                    buckets.append(resource.bucket)
            if resource.tag_condition is not None:
                key, value, operation = resource.tag_condition.parts
                tags.setdefault((_text(key), _text(value)), rules.TagMatch(key, value, _operator(operation)))
            if resource.construct is not None:
                constructs.append(resource.construct)
        matches = [_condition(test) for test in tests]
        # ---- check
        inputs.enforce(self, chain(
            rules.selection_name(name),
            () if constructs else rules.not_empty(len(arns), len(tags), len(matches)),
            rules.arn_format(list(arns.values()), prop="resources"),
            rules.list_of_tags(list(tags.values())),
            rules.arn_format(excluded, prop="not_resources"),
            rules.arn_count(excluded, prop="not_resources"),
            rules.conditions(matches),
            rules.or_semantics(len(arns), len(tags)),
        ), warn_on=self)
        for bucket in buckets:
            inputs.enforce(self, _bucket_versioning(bucket), warn_on=self)
        # ---- the role
        self._restores, self._backup_policy = restores, not no_default
        self._policies = roles.policy_names(backup=self._backup_policy, restores=restores,
                                            s3=ResourceType.S3 in types)
        self._grants: list[IDependable] = []
        """The policies granted to our role: each selection waits for them."""
        if given_role is None:
            self._role: iam.IRole = roles.BackupServiceRole(self, policies=self._policies, on_policy=self._wait_for)
        else:
            self._role = given_role
            roles.attach(given_role, self._policies)
        # ---- render
        self.backup_selection_name: str = backup_selection_name if backup_selection_name is not None else (
            _NAME_CHARS.sub("-", id)[:50] or "Selection")
        """The name of the (first) selection."""
        self._plan_id = plan_id
        self._arns = list(arns.values())
        self._tags = list(tags.values())
        self._types = types
        self._constructs = constructs
        self._found: list[dict[str, Str]] = [{} for _ in constructs]
        """ARNs that each ``from_construct`` tree holds, keyed by the path of the resource."""
        self._late: list[Violation] = []
        """Errors about resources found under ``from_construct`` trees, reported when the app synthesizes."""
        self._role_arn = self._role.role_arn
        self._not_resources: list[str] | None = [inputs.rendered(arn) for arn in excluded] or None
        self._conditions = _conditions(matches)
        self._cfns: list[l1.CfnBackupSelection] = []
        self._render()
        # ---- what needs the finished app
        for index, construct in enumerate(constructs):
            cdk.Aspects.of(construct).add(_Collect(self, index), priority=cdk.AspectPriority.MUTATING)
        if constructs:
            inputs.check_at_synth(self, self._at_synth)
        attach = getattr(backup_plan, "_attach_selection", None)
        if callable(attach):
            attach(self)

    # ------------------------------------------------------------------ attributes
    @property
    def grant_principal(self) -> iam.IPrincipal:
        """The selection role, so ``bucket.grant_read(selection)`` works."""
        return self._role

    @property
    def role(self) -> iam.IRole:
        """The role AWS Backup assumes for this selection."""
        return self._role

    @property
    def selection_id(self) -> str:
        """The id of the (first) selection."""
        return self._cfns[0].attr_selection_id

    @property
    def backup_plan_id(self) -> str:
        """The id of the plan this selection belongs to (``Fn::GetAtt``, as aws-cdk-lib gives it)."""
        return self._cfns[0].attr_backup_plan_id

    @property
    def cfn_selections(self) -> list[l1.CfnBackupSelection]:
        """The ``CfnBackupSelection`` resources (several when the ARNs exceed AWS's limits)."""
        return list(self._cfns)

    @property
    def resource_types(self) -> frozenset[ResourceType]:
        """The types of the resources selected by ARN or construct; final when the app synthesizes
        (``from_construct`` trees are read then). Tags and patterns may select other types too."""
        return frozenset(self._types)

    def _may_select_ec2(self) -> bool:
        """Whether this selection can pick an EC2 instance (for a plan's Windows VSS option)."""
        if self._tags or self._constructs or ResourceType.EC2 in self._types:
            return True
        arns = self._all_arns()
        if not arns and self._conditions:
            return True
        for arn in arns:
            if isinstance(arn, Unresolved) or arn == "*":
                return True
            service = (arn.split(":", 3) + ["*"] * 3)[2]
            if "*" in service or (service == "ec2" and "*" in arn):
                return True
        return False

    # ------------------------------------------------------------------ rendering
    def _all_arns(self) -> list[Str]:
        """The ARNs given, then those found under each ``from_construct`` tree, without repeats."""
        if not self._constructs:
            return self._arns
        arns = {_text(arn): arn for arn in self._arns}
        for found in self._found:
            for arn in found.values():
                arns.setdefault(_text(arn), arn)
        return list(arns.values())

    def _chunks(self) -> list[list[Str]]:
        return split_arns(self._all_arns())

    def _render(self) -> None:
        """Create a ``CfnBackupSelection`` for each group of ARNs that has none yet."""
        chunks = self._chunks()
        for index in range(len(self._cfns), len(chunks)):
            resources: list[str] | None
            if self._constructs:  # the trees are read when the app synthesizes
                resources = cdk.Lazy.uncached_list(_ChunkArns(self, index), omit_empty=True)
            else:
                resources = [inputs.rendered(arn) for arn in chunks[index]] or None
            self._cfns.append(_Cfn(
                self, "Resource" if index == 0 else f"Resource{index + 1}",
                backup_plan_id=self._plan_id,
                backup_selection=_Cfn.BackupSelectionResourceTypeProperty(
                    selection_name=self.backup_selection_name if index == 0 else self._suffixed(index + 1),
                    resources=resources,
                    list_of_tags=[_Cfn.ConditionResourceTypeProperty(
                        condition_key=inputs.rendered(tag.key), condition_value=inputs.rendered(tag.value),
                        condition_type=inputs.rendered(tag.operation) if isinstance(tag.operation, Unresolved)
                        else "STRINGEQUALS") for tag in self._tags] if index == 0 and self._tags else None,
                    iam_role_arn=self._role_arn, not_resources=self._not_resources, conditions=self._conditions,
                ),
            ))
            for policy in self._grants:
                self._cfns[-1].node.add_dependency(policy)

    def _suffixed(self, number: int) -> str:
        suffix = f"-{number}"
        name = self.backup_selection_name
        if inputs.is_token(name):
            return name + suffix
        return name[: 50 - len(suffix)] + suffix

    # ------------------------------------------------------------------ when the app synthesizes
    def _collect(self, index: int, node: cdk.CfnResource) -> None:
        """Add a resource found under the ``index``-th ``from_construct`` tree (called by :class:`_Collect`)."""
        make = _COLLECTORS.get(node.cfn_resource_type)
        if make is None:
            return
        path = node.node.path
        found = make(node) if path not in self._found[index] else None
        if found is None:
            return
        arn, resource_type, is_bucket = found
        self._found[index][path] = Unresolved(arn)
        if is_bucket:
            self._late.extend(_bucket_versioning(node))
        if resource_type not in self._types:
            self._types.add(resource_type)
            wanted = roles.policy_names(backup=self._backup_policy, restores=self._restores,
                                        s3=ResourceType.S3 in self._types)
            added = [name for name in wanted if name not in self._policies]
            if added:
                self._policies = [*self._policies, *added]
                roles.attach(self._role, added)
        self._render()

    def _at_synth(self) -> Iterator[Violation]:
        for found, construct in zip(self._found, self._constructs, strict=True):
            if not found:
                yield from rules.found_nothing(construct.node.path)
        yield from self._late
        if self._constructs and not self._arns:  # not warned yet: the ARNs were found just now
            yield from rules.or_semantics(len(self._all_arns()), len(self._tags))

    def _wait_for(self, policy: IDependable) -> None:
        """Make the selections depend on a policy granted to our role (``bucket.grant_read(selection)``):
        IAM is eventually consistent, and AWS Backup checks the role when the selection is created."""
        if policy not in self._grants:
            self._grants.append(policy)
            for cfn in self._cfns:
                cfn.node.add_dependency(policy)


Selection = BackupSelection
"""The short name of :class:`BackupSelection` (the same class)."""


def split_arns(arns: Sequence[Str]) -> list[list[Str]]:
    """ARNs split into groups AWS accepts in one selection (<= 500, of which <= 30 wildcards), in order.

    Appending ARNs only changes the last group (or adds groups), so logical ids and names stay stable.
    """
    chunks: list[list[Str]] = [[]]
    wildcards = 0
    for arn in arns:
        wild = rules.is_wildcard(arn)
        if len(chunks[-1]) >= rules.MAX_ARNS or (wild and wildcards >= rules.MAX_WILDCARD_ARNS):
            chunks.append([])
            wildcards = 0
        chunks[-1].append(arn)
        wildcards += int(wild)
    return chunks


# ---------------------------------------------------------------- normalizing
def _text(value: Str) -> str:
    """The string as given (a token's string), to find repeats."""
    return str(value.raw) if isinstance(value, Unresolved) else value


def _operator(operation: TagOperation | Unresolved) -> object:
    return operation.value if isinstance(operation, TagOperation) else operation


def _plan_id(where: BackupSelection, plan: object) -> str | refs.IBackupPlanRef:
    """What ``CfnBackupSelection`` takes as ``backup_plan_id``.

    aws-cdk-lib's plans (and ``CfnBackupPlan``) are passed as the ``IBackupPlanRef`` they are, as
    aws-cdk-lib's selection passes them: Node reads the id itself. Other plans (ours, defined in Python)
    give their ``backup_plan_id``: one read, where Node would call back into Python for the reference.
    """
    expected = "an IBackupPlan (a BackupPlan, or BackupPlan.from_backup_plan_id(...))"
    if plan is None or isinstance(plan, (str, int, float, bool)):
        inputs.type_error(where, "backup_plan", expected, plan)
    kind = type(plan)
    if kind.__module__.startswith("aws_cdk.") and hasattr(kind, "backup_plan_ref"):  # read on the class: no call
        return cast(refs.IBackupPlanRef, plan)
    plan_id = getattr(plan, "backup_plan_id", None)
    if plan_id is None:
        plan_id = getattr(getattr(plan, "backup_plan_ref", None), "backup_plan_id", None)
    if not isinstance(plan_id, str):
        inputs.type_error(where, "backup_plan", expected, plan)
    return plan_id


def _condition(test: TagCondition) -> rules.TagMatch:
    """A ``Conditions`` entry: the key gets its ``aws:ResourceTag/`` prefix unless it has it."""
    key, value, operation = test.parts
    prefix = rules.RESOURCE_TAG_PREFIX
    if isinstance(key, Unresolved):
        key = Unresolved(f"{prefix}{key.raw}")
    elif not key.startswith(prefix):
        key = f"{prefix}{key}"
    return rules.TagMatch(key, value, _operator(operation))


def _conditions(matches: list[rules.TagMatch]) -> dict[str, list[dict[str, str]]] | None:
    """``Conditions`` in CloudFormation's spelling.

    aws-cdk-lib types ``BackupSelectionResourceTypeProperty.conditions`` as ``Any`` (JSON), so a
    ``ConditionsProperty`` given there would render camelCase keys CloudFormation rejects; the typed
    structs are built, then written with the keys of the schema.
    """
    if not matches:
        return None
    grouped: dict[object, list[_Cfn.ConditionParameterProperty]] = {}
    for match in matches:
        grouped.setdefault(match.operation, []).append(_Cfn.ConditionParameterProperty(
            condition_key=inputs.rendered(match.key), condition_value=inputs.rendered(match.value)))
    typed = _Cfn.ConditionsProperty(
        string_equals=grouped.get("StringEquals"), string_like=grouped.get("StringLike"),
        string_not_equals=grouped.get("StringNotEquals"), string_not_like=grouped.get("StringNotLike"))
    return _cloudformation(typed)


_CONDITION_FIELDS = (("StringEquals", "string_equals"), ("StringLike", "string_like"),
                     ("StringNotEquals", "string_not_equals"), ("StringNotLike", "string_not_like"))


def _cloudformation(conditions: l1.CfnBackupSelection.ConditionsProperty) -> dict[str, list[dict[str, str]]]:
    """A ``ConditionsProperty`` with the schema's keys (``StringEquals: [{ConditionKey, ConditionValue}]``)."""
    rendered: dict[str, list[dict[str, str]]] = {}
    for key, attribute in _CONDITION_FIELDS:
        params = cast("list[_Cfn.ConditionParameterProperty] | None", getattr(conditions, attribute))
        if params:
            rendered[key] = [{"ConditionKey": cast(str, param.condition_key),
                              "ConditionValue": cast(str, param.condition_value)} for param in params]
    return rendered


def _bucket_versioning(bucket: Any) -> Iterator[Violation]:
    """AWS Backup needs versioning: a bucket defined without it is an error, an imported one a warning."""
    cfn = bucket if isinstance(bucket, cdk.CfnResource) else bucket.node.default_child
    if cfn is None:
        yield from rules.bucket_versioning(None, bucket=_PathOf(bucket), imported=True)
        return
    versioning = getattr(cfn, "versioning_configuration", None)
    status = versioning.get("status") if isinstance(versioning, dict) else getattr(versioning, "status", None)
    if inputs.is_token(versioning) or inputs.is_token(status):
        status = Unresolved(status)
    yield from rules.bucket_versioning(status, bucket=_PathOf(cfn))


class _PathOf:
    """A construct's path, read only if a message shows it."""

    def __init__(self, construct: IConstruct) -> None:
        self._construct = construct

    def __str__(self) -> str:
        return self._construct.node.path


# ---------------------------------------------------------------- from_construct
@jsii.implements(cdk.IAspect)
class _Collect:
    """Finds the supported resources under one ``from_construct`` tree, as aws-cdk-lib's collector does."""

    def __init__(self, selection: BackupSelection, index: int) -> None:
        self._selection = selection
        self._index = index

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, cdk.CfnResource):
            self._selection._collect(self._index, node)


@jsii.implements(cdk.IListProducer)
class _ChunkArns:
    """The ARNs of one ``CfnBackupSelection`` of a selection with ``from_construct`` trees."""

    def __init__(self, selection: BackupSelection, index: int) -> None:
        self._selection = selection
        self._index = index

    def produce(self, context: cdk.IResolveContext) -> list[str] | None:
        chunks = self._selection._chunks()
        arns = chunks[self._index] if self._index < len(chunks) else []
        return [inputs.rendered(arn) for arn in arns] or None


Found = tuple[str, ResourceType, bool]
"""An ARN found under a tree, its type, and whether it is an S3 bucket (whose versioning is checked)."""


def _attribute(resource_type: ResourceType, attribute: str = "Arn") -> Callable[[Any], Found]:
    def make(node: Any) -> Found:
        return node.get_att(attribute).to_string(), resource_type, resource_type is ResourceType.S3
    return make


def _formatted(service: str, resource: str, resource_type: ResourceType, sep: str) -> Callable[[Any], Found]:
    style = cdk.ArnFormat.COLON_RESOURCE_NAME if sep == ":" else cdk.ArnFormat.SLASH_RESOURCE_NAME

    def make(node: Any) -> Found:
        arn = cdk.Stack.of(node).format_arn(service=service, resource=resource, resource_name=node.ref,
                                            arn_format=style)
        return arn, resource_type, False
    return make


def _db_instance(node: Any) -> Found | None:
    if getattr(node, "db_cluster_identifier", None):
        return None  # members of a cluster are backed up with the cluster
    return _formatted("rds", "db", ResourceType.RDS, ":")(node)


_COLLECTORS: dict[str, Callable[[Any], Found | None]] = {
    "AWS::DynamoDB::Table": _attribute(ResourceType.DYNAMODB),
    "AWS::DynamoDB::GlobalTable": _attribute(ResourceType.DYNAMODB),
    "AWS::EC2::Instance": _formatted("ec2", "instance", ResourceType.EC2, "/"),
    "AWS::EC2::Volume": _formatted("ec2", "volume", ResourceType.EBS, "/"),
    "AWS::EFS::FileSystem": _attribute(ResourceType.EFS),
    "AWS::FSx::FileSystem": _formatted("fsx", "file-system", ResourceType.FSX, "/"),
    "AWS::FSx::Volume": _attribute(ResourceType.FSX, "ResourceARN"),
    "AWS::RDS::DBInstance": _db_instance,
    "AWS::RDS::DBCluster": _formatted("rds", "cluster", ResourceType.AURORA, ":"),
    "AWS::DocDB::DBCluster": _formatted("rds", "cluster", ResourceType.DOCUMENTDB, ":"),
    "AWS::Neptune::DBCluster": _formatted("rds", "cluster", ResourceType.NEPTUNE, ":"),
    "AWS::Redshift::Cluster": _formatted("redshift", "cluster", ResourceType.REDSHIFT, ":"),
    "AWS::S3::Bucket": _attribute(ResourceType.S3),
    "AWS::Timestream::Table": _attribute(ResourceType.TIMESTREAM),
}
"""How to read the ARN of each CloudFormation type AWS Backup supports (``from_construct``)."""
