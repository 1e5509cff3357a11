"""Migration: an app written for aws_cdk.aws_backup, switched to cdk_backup by its import line only.

``build_with(module)`` is the app's code; the only line that changed is the import below. The tests
build it with both modules and compare the rules.
"""

from __future__ import annotations

from types import ModuleType

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events

# from aws_cdk import aws_backup as backup
import cdk_backup as backup


def build_with(app: cdk.App, backup: ModuleType = backup) -> cdk.Stack:
    stack = cdk.Stack(app, "MigratedBackup")
    table = dynamodb.Table(stack, "Table",
                           partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
                           billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
                           point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                               point_in_time_recovery_enabled=True))
    vault = backup.BackupVault(stack, "Vault", removal_policy=cdk.RemovalPolicy.RETAIN)
    plan = backup.BackupPlan.daily_weekly_monthly7_year_retention(stack, "Plan", vault)
    plan.add_rule(backup.BackupPlanRule(
        rule_name="Hourly", schedule_expression=events.Schedule.cron(minute="0"),
        delete_after=cdk.Duration.days(2), start_window=cdk.Duration.hours(1),
        completion_window=cdk.Duration.hours(2)))
    plan.add_selection("Tables", resources=[backup.BackupResource.from_dynamo_db_table(table)])
    return stack


def build(app: cdk.App) -> list[cdk.Stack]:
    stack = build_with(app)
    backup.acknowledge_aws_backup_managed_policies(stack)
    return [stack]
