"""Selection: which resources a plan protects, with the role AWS Backup uses to reach them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any, cast

import aws_cdk as cdk
import jsii
from aws_cdk import aws_backup as l1
from aws_cdk import aws_iam as iam
from constructs import Construct, IConstruct

from cdk_backup import _l2_twins
from cdk_backup import _rules as R
from cdk_backup._arns import format_arn
from cdk_backup._l1 import init_construct, new_l1, set_l1
from cdk_backup._l2_twins import plan_ref
from cdk_backup._roles import backup_service_role, set_role_policies
from cdk_backup._validation import (
    Loc,
    Where,
    add_synth_check,
    check_count,
    check_pattern,
    fail,
    fail_rule,
    is_unresolved,
    show,
    warn,
)
from cdk_backup.resource import BackupResource, ResourceType, TagCondition, TagOperation

MAX_ARNS = 500
MAX_WILDCARD_ARNS = 30
MAX_CONDITIONS = 30
MAX_TAGS = 30

BACKUP_POLICY = "service-role/AWSBackupServiceRolePolicyForBackup"
RESTORE_POLICY = "service-role/AWSBackupServiceRolePolicyForRestores"
S3_BACKUP_POLICY = "AWSBackupServiceRolePolicyForS3Backup"
S3_RESTORE_POLICY = "AWSBackupServiceRolePolicyForS3Restore"

_POLICIES: dict[str, iam.IManagedPolicy] = {}
_NAME_CHARS = re.compile(r"[^a-zA-Z0-9\-_.]")


def aws_managed_policy(name: str) -> iam.IManagedPolicy:
    """An AWS managed policy object; these do not depend on a scope, so one per process is enough."""
    policy = _POLICIES.get(name)
    if policy is None:
        policy = _POLICIES[name] = iam.ManagedPolicy.from_aws_managed_policy_name(name)
    return policy


@jsii.implements(iam.IGrantable)
class Selection(Construct):
    """Assign resources to a backup plan (``AWS::Backup::BackupSelection``).

    - ``resources``: ARNs, ARN patterns, constructs and ``from_tag`` matches. They combine with OR:
      a resource matching ANY of them is backed up.
    - ``conditions``: tag conditions that must ALL hold (AND); they narrow ``resources``.
    - ``not_resources``: ARNs or patterns never backed up.

    More than 500 ARNs (or more than 30 with wildcards) become several ``CfnBackupSelection``
    resources that together select exactly the same resources.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        backup_plan: Any,
        resources: Sequence[BackupResource],
        backup_selection_name: str | None = None,
        role: iam.IRole | None = None,
        allow_restores: bool = False,
        disable_default_backup_policy: bool = False,
        not_resources: Sequence[str] | None = None,
        conditions: Sequence[TagCondition] | None = None,
    ) -> None:
        """
        :param backup_plan: the plan (this library's, imported by id, or aws-cdk-lib's).
        :param resources: what to back up (see :class:`BackupResource`).
        :param backup_selection_name: 1-50 letters, digits, ``-``, ``_`` or ``.``. Default: the id.
        :param role: role AWS Backup assumes. Default: a new role trusted by ``backup.amazonaws.com``.
        :param allow_restores: also attach the restore policies.
        :param disable_default_backup_policy: do not attach ``AWSBackupServiceRolePolicyForBackup``.
        :param not_resources: ARNs or patterns to exclude (at most 500, or 30 with wildcards).
        :param conditions: tag conditions, all of which must hold (at most 30).
        """
        from cdk_backup._paths import child_path, remember

        remember(self, child_path(scope, id))
        self._checks_scope = scope
        where = self._where
        check_pattern(where, backup_selection_name, R.SELECTION_NAME)
        self.backup_selection_name = backup_selection_name or (_NAME_CHARS.sub("-", id)[:50] or "Selection")
        self._plan = backup_plan
        self._plan_id = plan_ref(backup_plan)
        twins = None
        if role is None and not not_resources and not conditions and self._plan_id is backup_plan:
            twins = _l2_twins.selection_twins(resources)
        self._carried = twins is not None
        """Built by aws-cdk-lib's BackupSelection (see ``_l2_twins``), role included."""
        if twins is not None:
            init_construct(self, scope, id, node_class=l1.BackupSelection, props={
                "backupPlan": backup_plan, "resources": twins, "backupSelectionName": self.backup_selection_name,
                "allowRestores": allow_restores or None,
                "disableDefaultBackupPolicy": disable_default_backup_policy or None}, node_has=Selection)
        else:
            init_construct(self, scope, id)
        self._collect(resources)
        self._not_resources = tuple(not_resources or ())
        _check_arn_limits(where, self._not_resources, "not_resources")
        check_count(where, conditions, R.SELECTION_CONDITIONS, "conditions")
        self._conditions = _render_conditions(conditions) if conditions else None
        check_count(where, self._tags, R.SELECTION_TAGS, "resources (from_tag)")
        if not (self._arns or self._tags or self._constructs):
            fail_rule(where, "no resources", R.SELECTION_NOT_EMPTY)
        self._warn_or_semantics()
        self._policies = _policy_names(allow_restores, disable_default_backup_policy, self._types)
        self._allow_restores = allow_restores
        self._given_role = role
        self._role_view: iam.IRole | None = role
        self._cfn_role: iam.CfnRole | None = None
        if role is not None:
            for name in self._policies:
                role.add_managed_policy(aws_managed_policy(name))
            self._role_arn = role.role_arn
        elif not self._carried:  # a carried selection's role is aws-cdk-lib's, with the same policies
            # Rendered exactly as an iam.Role would be (same path Role/Resource, so the same logical id),
            # in one jsii call; the IRole view that grants need is made only on request (see ``role``).
            self._cfn_role = backup_service_role(self, self._policies)
            self._role_arn = self._cfn_role.attr_arn
        if not self._carried:
            self._render()
        if self._constructs:
            cdk.Aspects.of(self).add(_Finalize(self), priority=cdk.AspectPriority.MUTATING)
        attach = getattr(backup_plan, "_attach_selection", None)
        if attach is not None:
            attach(self)
        add_synth_check(scope, self)

    # What a selection picks. Kept as tuples, the empty ones shared by every selection: each list or
    # set a selection kept would be one more object for Python's garbage collector, per selection.
    _arns: tuple[str, ...] = ()
    _tags: tuple[tuple[str, str], ...] = ()
    """(key, value) of each ``from_tag`` match (``ListOfTags``, always STRINGEQUALS)."""
    _constructs: tuple[IConstruct, ...] = ()
    _types: frozenset[ResourceType] = frozenset()
    _resources: tuple[l1.CfnBackupSelection, ...] = ()
    _warned_or = False

    # ------------------------------------------------------------------ attributes
    @property
    def _where(self) -> Where:
        """This selection's place in messages, made when needed (one object fewer kept per selection)."""
        return Where(self)

    @property
    def role(self) -> iam.IRole:
        """The role AWS Backup assumes for this selection."""
        if self._role_view is None:
            if self._carried:  # aws-cdk-lib's iam.Role; grants go to its DefaultPolicy
                self._role_view = cast(iam.IRole, self.node.find_child("Role"))
            else:
                assert self._cfn_role is not None
                self._role_view = iam.Role.from_role_arn(self, "RoleView", self._role_arn, mutable=True)
        return self._role_view

    @property
    def grant_principal(self) -> iam.IPrincipal:
        """The selection role, so ``bucket.grant_read(selection)`` works."""
        return self.role

    @property
    def backup_plan_id(self) -> str:
        """The id of the plan this selection belongs to."""
        return str(self._plan.backup_plan_id)

    @property
    def selection_id(self) -> str:
        """The id of the (first) selection."""
        return str(self.cfn_selections[0].attr_selection_id)

    @property
    def cfn_selections(self) -> list[l1.CfnBackupSelection]:
        """The ``CfnBackupSelection`` resources (several when the ARNs exceed AWS's limits)."""
        if self._carried and not self._resources:
            self._resources = (cast(l1.CfnBackupSelection, self.node.default_child),)
        return list(self._resources)

    # ------------------------------------------------------------------ building
    def _collect(self, resources: Sequence[BackupResource]) -> None:
        """Add ``resources`` to what this selection picks (repeats are dropped)."""
        arns, tags, constructs, types = list(self._arns), list(self._tags), list(self._constructs), set(self._types)
        for resource in resources:
            arn = resource.resource
            if arn is not None:
                if arn not in arns:
                    arns.append(arn)
                if resource.resource_type is not None:
                    types.add(resource.resource_type)
                _check_wildcard(self, arn)
                if resource.bucket is not None:
                    _check_bucket(self, resource.bucket)
            condition = resource.tag_condition
            if condition is not None:
                operation = TagOperation.of(condition.operation)
                if operation is not TagOperation.STRING_EQUALS:
                    fail(self._where, "resources (from_tag)",
                         "must use STRING_EQUALS (ListOfTags only supports it); pass other operators as "
                         "conditions=[TagCondition(...)]", operation.name, R.SELECTION_TAGS.rule)
                tag = (condition.key, condition.value)
                if tag not in tags:
                    tags.append(tag)
            if resource.construct is not None:
                constructs.append(resource.construct)
        self._arns, self._tags, self._constructs = tuple(arns), tuple(tags), tuple(constructs)
        if types != self._types:
            self._types = frozenset(types)

    def _chunks(self) -> list[list[str]]:
        """ARNs split into groups AWS accepts (<= 500, of which <= 30 wildcards), in input order.

        Appending resources only changes the last group (or adds one), so logical ids stay stable.
        """
        chunks: list[list[str]] = [[]]
        wildcards = 0
        for arn in self._arns:
            is_wild = not is_unresolved(arn) and "*" in arn
            current = chunks[-1]
            if len(current) >= MAX_ARNS or (is_wild and wildcards >= MAX_WILDCARD_ARNS):
                chunks.append([])
                wildcards = 0
                current = chunks[-1]
            current.append(arn)
            wildcards += int(is_wild)
        return chunks

    def _render(self) -> None:
        chunks = self._chunks()
        for index, arns in enumerate(chunks):
            name = self.backup_selection_name if index == 0 else _suffixed(self.backup_selection_name, index + 1)
            body: dict[str, Any] = {"iamRoleArn": self._role_arn, "selectionName": name}
            if arns:
                body["resources"] = arns
            if index == 0 and self._tags:
                body["listOfTags"] = [{"conditionKey": key, "conditionType": "STRINGEQUALS", "conditionValue": value}
                                      for key, value in self._tags]
            if self._not_resources:
                body["notResources"] = list(self._not_resources)
            if self._conditions:
                body["conditions"] = self._conditions
            if index < len(self._resources):
                set_l1(self._resources[index], "backup_selection", body)
            else:
                cfn = new_l1(l1.CfnBackupSelection, self, "Resource" if index == 0 else f"Resource{index + 1}",
                             {"backupPlanId": self._plan_id, "backupSelection": body})
                self._resources = (*self._resources, cfn)

    def _warn_or_semantics(self) -> None:
        if self._tags and self._arns and not self._warned_or:
            self._warned_or = True
            warn(self, "selectionOrSemantics",
                 f"{self._where}: this selection mixes from_tag matches with ARNs; AWS selects a resource that "
                 "matches ANY of them (OR), so the tags widen the selection instead of narrowing it. To back up "
                 "only tagged resources among these ARNs, pass the tags as conditions=[TagCondition(...)] (AND) "
                 f"[{R.SELECTION_OR_SEMANTICS.id}]")

    def _finalize(self) -> None:
        """Before aspects such as cdk-nag v2 read the selection: expand ``from_construct`` trees."""
        self._expand_constructs()

    def _wait_for_role_policy(self) -> None:
        """Make the selection wait for grants added to our role: IAM is eventually consistent, and AWS
        Backup checks the role when the selection is created. Runs at synth, when grants are known."""
        if self._role_view is None or (self._cfn_role is None and not self._carried):
            return  # nobody could add a grant to our role
        role = self.node.find_child("Role" if self._carried else "RoleView")
        for node in role.node.find_all():
            if isinstance(node, cdk.CfnResource) and node.cfn_resource_type != "AWS::IAM::Role":
                for cfn in self.cfn_selections:
                    cfn.add_dependency(node)

    def _expand_constructs(self) -> None:
        """Find supported resources under the ``from_construct`` trees and add their ARNs."""
        before = len(self._arns), len(self._types)
        for construct in self._constructs:
            self._collect(collect_backupable(construct))
        if (len(self._arns), len(self._types)) != before:
            self._add_late_policies()
            self._render()
            self._warn_or_semantics()

    def _add_late_policies(self) -> None:
        wanted = _policy_names(self._allow_restores, True, self._types)
        added = [name for name in wanted if name not in self._policies]
        self._policies = (*self._policies, *added)
        if self._cfn_role is not None and added:
            set_role_policies(self._cfn_role, self._policies)
        elif self._given_role is not None:
            for name in added:
                self._given_role.add_managed_policy(aws_managed_policy(name))

    def _may_select_ec2(self) -> bool:
        if self._tags or self._constructs or ResourceType.EC2 in self._types:
            return True
        return any(is_unresolved(arn) or (":ec2:" in arn and "*" in arn) or arn.startswith("arn:aws:ec2:*")
                   or arn == "*" for arn in self._arns)

    def _validate(self) -> list[str]:
        self._wait_for_role_policy()
        if not (self._arns or self._tags):
            return [f"{self._where}: resources {R.SELECTION_NOT_EMPTY.requirement}, got none (from_construct "
                    f"found no supported resource) [{R.SELECTION_NOT_EMPTY.id}]"]
        return []


@jsii.implements(cdk.IAspect)
class _Finalize:
    """Aspect that completes a selection before other aspects (e.g. cdk-nag) read it."""

    def __init__(self, selection: Selection) -> None:
        self._selection = selection
        self._done = False

    def visit(self, node: IConstruct) -> None:
        if not self._done:
            self._done = True
            self._selection._finalize()


def collect_backupable(root: IConstruct) -> list[BackupResource]:
    """BackupResources for every supported L1 resource under ``root`` (cdk-nag sees their logical ids)."""
    found: list[BackupResource] = []
    for node in root.node.find_all():
        if not isinstance(node, cdk.CfnResource):
            continue
        kind = node.cfn_resource_type
        make = _COLLECTORS.get(kind)
        if make is not None:
            resource = make(node)
            if resource is not None:
                found.append(resource)
    return found


def _arn_attr(resource_type: ResourceType, attr: str = "Arn") -> Any:
    def make(node: Any) -> BackupResource:
        return BackupResource(resource=node.get_att(attr).to_string(), resource_type=resource_type)
    return make


def _formatted(service: str, resource: str, resource_type: ResourceType, sep: str) -> Any:
    def make(node: Any) -> BackupResource:
        return BackupResource(resource=format_arn(node, service, resource, node.ref, sep=sep),
                              resource_type=resource_type)
    return make


def _db_instance(node: Any) -> BackupResource | None:
    if getattr(node, "db_cluster_identifier", None):
        return None  # members of a cluster are backed up with the cluster
    return _formatted("rds", "db", ResourceType.RDS, ":")(node)  # type: ignore[no-any-return]


def _bucket(node: Any) -> BackupResource:
    return BackupResource(resource=node.attr_arn, resource_type=ResourceType.S3, bucket=node)


_COLLECTORS: dict[str, Any] = {
    "AWS::DynamoDB::Table": _arn_attr(ResourceType.DYNAMODB),
    "AWS::DynamoDB::GlobalTable": _arn_attr(ResourceType.DYNAMODB),
    "AWS::EC2::Instance": _formatted("ec2", "instance", ResourceType.EC2, "/"),
    "AWS::EC2::Volume": _formatted("ec2", "volume", ResourceType.EBS, "/"),
    "AWS::EFS::FileSystem": _arn_attr(ResourceType.EFS),
    "AWS::FSx::FileSystem": _formatted("fsx", "file-system", ResourceType.FSX, "/"),
    "AWS::FSx::Volume": _arn_attr(ResourceType.FSX, "ResourceARN"),
    "AWS::RDS::DBInstance": _db_instance,
    "AWS::RDS::DBCluster": _formatted("rds", "cluster", ResourceType.AURORA, ":"),
    "AWS::DocDB::DBCluster": _formatted("rds", "cluster", ResourceType.DOCUMENTDB, ":"),
    "AWS::Neptune::DBCluster": _formatted("rds", "cluster", ResourceType.NEPTUNE, ":"),
    "AWS::Redshift::Cluster": _formatted("redshift", "cluster", ResourceType.REDSHIFT, ":"),
    "AWS::S3::Bucket": _bucket,
    "AWS::Timestream::Table": _arn_attr(ResourceType.TIMESTREAM),
}


def _policy_names(allow_restores: bool, disable_default: bool, types: frozenset[ResourceType]) -> tuple[str, ...]:
    return _policies_for(allow_restores, disable_default, ResourceType.S3 in types)


@cache
def _policies_for(allow_restores: bool, disable_default: bool, s3: bool) -> tuple[str, ...]:
    """The managed policies a selection's role needs; one tuple per combination, shared by selections."""
    names: list[str] = []
    if not disable_default:
        names.append(BACKUP_POLICY)
    if allow_restores:
        names.append(RESTORE_POLICY)
    if s3:
        names.append(S3_BACKUP_POLICY)
        if allow_restores:
            names.append(S3_RESTORE_POLICY)
    return tuple(names)


def _render_conditions(conditions: Sequence[TagCondition]) -> dict[str, list[dict[str, str]]]:
    """``Conditions`` is untyped in the L1, so it is rendered in CloudFormation's PascalCase."""
    rendered: dict[str, list[dict[str, str]]] = {}
    for condition in conditions:
        operation = TagOperation.of(condition.operation)
        key = condition.key if condition.key.startswith("aws:ResourceTag/") else f"aws:ResourceTag/{condition.key}"
        rendered.setdefault(operation.value, []).append({"ConditionKey": key, "ConditionValue": condition.value})
    return rendered


def _check_arn_limits(where: Loc, arns: Sequence[str], prop: str) -> None:
    wildcards = sum(1 for arn in arns if not is_unresolved(arn) and "*" in arn)
    if len(arns) > MAX_ARNS or wildcards > MAX_WILDCARD_ARNS:
        fail(where, prop, f"must hold at most {MAX_ARNS} ARNs, of which at most {MAX_WILDCARD_ARNS} with wildcards",
             f"{len(arns)} ARNs ({wildcards} with wildcards)", R.SELECTION_NOT_RESOURCES.rule)


def _check_wildcard(owner: Selection, arn: str) -> None:
    if is_unresolved(arn) or arn == "*":
        return
    resource = arn.split(":", 5)[-1]
    if "*" in resource[:-1]:
        warn(owner, "selectionWildcardPlacement",
             f"{owner._where}: {arn!r} has a wildcard inside the resource name; AWS Backup only supports a "
             f"trailing * (prefix match) [{R.SELECTION_WILDCARD_PLACE.id}]")


def _check_bucket(owner: Selection, bucket: Any) -> None:
    """S3 backups need versioning: reject a bucket defined without it, warn for an imported one."""
    cfn = bucket if isinstance(bucket, cdk.CfnResource) else bucket.node.default_child
    if cfn is None:
        warn(owner, "s3BucketVersioningUnknown",
             f"{owner._where}: the S3 bucket is imported, so cdk_backup cannot see whether versioning is on; "
             f"AWS Backup fails on buckets without versioning [{R.S3_VERSIONING.id}]")
        return
    versioning = getattr(cfn, "versioning_configuration", None)
    status = getattr(versioning, "status", None) if versioning is not None else None
    if status is None and isinstance(versioning, dict):
        status = versioning.get("status")
    if status is not None and is_unresolved(status):
        return
    if status != "Enabled":
        fail(owner._where, "resources (S3 bucket)", "must have versioning enabled (versioned=True) for AWS Backup",
             f"{Where(cfn)} with versioning {show(status) if status else 'off'}", R.S3_VERSIONING)


def _suffixed(name: str, number: int) -> str:
    suffix = f"-{number}"
    return name[: 50 - len(suffix)] + suffix


BackupSelection = Selection
"""aws-cdk-lib's name for :class:`Selection`."""

