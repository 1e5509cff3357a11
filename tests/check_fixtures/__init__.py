"""Small CloudFormation builders for the checker's tests: templates as aws-cdk-lib writes them."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]


def getatt(logical_id: str, attr: str) -> Json:
    return {"Fn::GetAtt": [logical_id, attr]}


def ref(name: str) -> Json:
    return {"Ref": name}


def arn_of(service: str, resource: str, logical_id: str) -> Json:
    """The ARN aws-cdk-lib's ``Stack.format_arn`` renders around a ``Ref``."""
    return {"Fn::Join": ["", ["arn:", ref("AWS::Partition"), f":{service}:", ref("AWS::Region"), ":",
                              ref("AWS::AccountId"), f":{resource}", ref(logical_id)]]}


def tag_list(tags: dict[str, Any] | None) -> list[Json] | None:
    return None if tags is None else [{"Key": k, "Value": v} for k, v in tags.items()]


def table(name: str | None = None, tags: dict[str, Any] | None = None) -> Json:
    props: Json = {"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                   "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                   "BillingMode": "PAY_PER_REQUEST"}
    if name is not None:
        props["TableName"] = name
    if tags is not None:
        props["Tags"] = tag_list(tags)
    return {"Type": "AWS::DynamoDB::Table", "Properties": props}


def bucket(name: str | None = None, tags: dict[str, Any] | None = None, versioned: bool = True) -> Json:
    props: Json = {}
    if versioned:
        props["VersioningConfiguration"] = {"Status": "Enabled"}
    if name is not None:
        props["BucketName"] = name
    if tags is not None:
        props["Tags"] = tag_list(tags)
    return {"Type": "AWS::S3::Bucket", "Properties": props}


def volume(tags: dict[str, Any] | None = None, encrypted: bool | None = True) -> Json:
    props: Json = {"AvailabilityZone": "us-east-1a", "Size": 10}
    if encrypted is not None:
        props["Encrypted"] = encrypted
    if tags is not None:
        props["Tags"] = tag_list(tags)
    return {"Type": "AWS::EC2::Volume", "Properties": props}


def database(tags: dict[str, Any] | None = None, encrypted: bool | None = True, **extra: Any) -> Json:
    props: Json = {"Engine": "postgres", "DBInstanceClass": "db.t3.micro", "AllocatedStorage": "20", **extra}
    if encrypted is not None:
        props["StorageEncrypted"] = encrypted
    if tags is not None:
        props["Tags"] = tag_list(tags)
    return {"Type": "AWS::RDS::DBInstance", "Properties": props}


def vault(name: str | None = None, lock: Json | None = None, policy: Any = None, key: Any = None,
          tags: dict[str, str] | None = None, deletion: str = "Retain") -> Json:
    props: Json = {"BackupVaultName": name} if name is not None else {}
    if lock is not None:
        props["LockConfiguration"] = lock
    if policy is not None:
        props["AccessPolicy"] = policy
    if key is not None:
        props["EncryptionKeyArn"] = key
    if tags is not None:
        props["BackupVaultTags"] = tags
    return {"Type": "AWS::Backup::BackupVault", "Properties": props, "DeletionPolicy": deletion,
            "UpdateReplacePolicy": "Retain"}


def air_gapped(name: str, low: int = 7, high: int = 35) -> Json:
    return {"Type": "AWS::Backup::LogicallyAirGappedBackupVault",
            "Properties": {"BackupVaultName": name, "MinRetentionDays": low, "MaxRetentionDays": high}}


def rule(name: str = "Daily", vault: Any = "Vault", schedule: Any = "cron(0 5 * * ? *)", delete: Any = 35,
         cold: Any = None, copies: list[Json] | None = None, continuous: Any = None, **extra: Any) -> Json:
    body: Json = {"RuleName": name, **extra}
    if vault is not None:
        body["TargetBackupVault"] = getatt(vault, "BackupVaultName") if isinstance(vault, str) and \
            vault[:1].isupper() else vault
    if schedule is not None:
        body["ScheduleExpression"] = schedule
    lifecycle = {k: v for k, v in (("DeleteAfterDays", delete), ("MoveToColdStorageAfterDays", cold)) if v is not None}
    if lifecycle:
        body["Lifecycle"] = lifecycle
    if copies is not None:
        body["CopyActions"] = copies
    if continuous is not None:
        body["EnableContinuousBackup"] = continuous
    return body


def copy(destination: Any, delete: Any = None) -> Json:
    action: Json = {"DestinationBackupVaultArn": getatt(destination, "BackupVaultArn")
                    if isinstance(destination, str) and ":" not in destination else destination}
    if delete is not None:
        action["Lifecycle"] = {"DeleteAfterDays": delete}
    return action


def plan(*rules: Json, name: str | None = "Plan", tags: dict[str, str] | None = None, **extra: Any) -> Json:
    body: Json = {"BackupPlanRule": list(rules) or [rule()], **extra}
    if name is not None:
        body["BackupPlanName"] = name
    props: Json = {"BackupPlan": body}
    if tags is not None:
        props["BackupPlanTags"] = tags
    return {"Type": "AWS::Backup::BackupPlan", "Properties": props}


def selection(plan_id: Any = "Plan", resources: list[Any] | None = None, tags: dict[str, Any] | None = None,
              conditions: dict[str, dict[str, Any]] | None = None, not_resources: list[Any] | None = None,
              name: str = "Selection") -> Json:
    body: Json = {"SelectionName": name, "IamRoleArn": "arn:aws:iam::123456789012:role/backup"}
    if resources is not None:
        body["Resources"] = resources
    if tags is not None:
        body["ListOfTags"] = [{"ConditionType": "STRINGEQUALS", "ConditionKey": k, "ConditionValue": v}
                              for k, v in tags.items()]
    if conditions is not None:
        body["Conditions"] = {op: [{"ConditionKey": f"aws:ResourceTag/{k}", "ConditionValue": v}
                                   for k, v in entries.items()] for op, entries in conditions.items()}
    if not_resources is not None:
        body["NotResources"] = not_resources
    return {"Type": "AWS::Backup::BackupSelection",
            "Properties": {"BackupPlanId": ref(plan_id) if isinstance(plan_id, str) else plan_id,
                           "BackupSelection": body}}


def framework(*controls: Json, name: str = "Checks") -> Json:
    return {"Type": "AWS::Backup::Framework",
            "Properties": {"FrameworkName": name, "FrameworkControls": list(controls)}}


def control(name: str, scope: Json | None = None, **parameters: Any) -> Json:
    body: Json = {"ControlName": name}
    if parameters:
        body["ControlInputParameters"] = [{"ParameterName": k, "ParameterValue": str(v)}
                                          for k, v in parameters.items()]
    if scope is not None:
        body["ControlScope"] = scope
    return body


def template(**resources: Json) -> Json:
    return {"Resources": resources}


def coverage_of(report: Any, logical_id: str) -> Any:
    found = [c for c in report.coverage if c.logical_id == logical_id]
    assert len(found) == 1, f"{logical_id}: {[c.logical_id for c in report.coverage]}"
    return found[0]


def rules_of(report: Any, severity: str | None = None) -> list[str]:
    return [f.rule for f in report.findings if severity is None or f.severity == severity]
