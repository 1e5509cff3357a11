"""Vault notification events, and EventBridge / CloudWatch names for AWS Backup."""

from __future__ import annotations

from enum import Enum


class BackupVaultEvents(str, Enum):
    """Events a vault can send to SNS, spelled as the AWS Backup API spells them."""

    BACKUP_JOB_STARTED = "BACKUP_JOB_STARTED"
    BACKUP_JOB_COMPLETED = "BACKUP_JOB_COMPLETED"
    BACKUP_JOB_SUCCESSFUL = "BACKUP_JOB_SUCCESSFUL"
    """Deprecated by AWS: accepted but never sent. Use BACKUP_JOB_COMPLETED."""
    BACKUP_JOB_FAILED = "BACKUP_JOB_FAILED"
    """Deprecated by AWS: accepted but never sent. Failures arrive as BACKUP_JOB_COMPLETED with State=FAILED."""
    BACKUP_JOB_EXPIRED = "BACKUP_JOB_EXPIRED"
    """Deprecated by AWS: accepted but never sent."""
    RESTORE_JOB_STARTED = "RESTORE_JOB_STARTED"
    RESTORE_JOB_COMPLETED = "RESTORE_JOB_COMPLETED"
    RESTORE_JOB_SUCCESSFUL = "RESTORE_JOB_SUCCESSFUL"
    """Deprecated by AWS: accepted but never sent."""
    RESTORE_JOB_FAILED = "RESTORE_JOB_FAILED"
    """Deprecated by AWS: accepted but never sent."""
    COPY_JOB_STARTED = "COPY_JOB_STARTED"
    COPY_JOB_SUCCESSFUL = "COPY_JOB_SUCCESSFUL"
    COPY_JOB_FAILED = "COPY_JOB_FAILED"
    RECOVERY_POINT_MODIFIED = "RECOVERY_POINT_MODIFIED"
    BACKUP_PLAN_CREATED = "BACKUP_PLAN_CREATED"
    """Deprecated by AWS: accepted but never sent."""
    BACKUP_PLAN_MODIFIED = "BACKUP_PLAN_MODIFIED"
    """Deprecated by AWS: accepted but never sent."""
    S3_BACKUP_OBJECT_FAILED = "S3_BACKUP_OBJECT_FAILED"
    S3_RESTORE_OBJECT_FAILED = "S3_RESTORE_OBJECT_FAILED"
    CONTINUOUS_BACKUP_INTERRUPTED = "CONTINUOUS_BACKUP_INTERRUPTED"
    RECOVERY_POINT_INDEX_COMPLETED = "RECOVERY_POINT_INDEX_COMPLETED"
    RECOVERY_POINT_INDEX_DELETED = "RECOVERY_POINT_INDEX_DELETED"
    RECOVERY_POINT_INDEXING_FAILED = "RECOVERY_POINT_INDEXING_FAILED"
    EKS_BACKUP_OBJECT_FAILED = "EKS_BACKUP_OBJECT_FAILED"
    EKS_RESTORE_OBJECT_FAILED = "EKS_RESTORE_OBJECT_FAILED"
    EKS_RESTORE_OBJECT_SKIPPED = "EKS_RESTORE_OBJECT_SKIPPED"


DEPRECATED_VAULT_EVENTS = frozenset({
    BackupVaultEvents.BACKUP_JOB_SUCCESSFUL, BackupVaultEvents.BACKUP_JOB_FAILED,
    BackupVaultEvents.BACKUP_JOB_EXPIRED, BackupVaultEvents.RESTORE_JOB_SUCCESSFUL,
    BackupVaultEvents.RESTORE_JOB_FAILED, BackupVaultEvents.BACKUP_PLAN_CREATED,
    BackupVaultEvents.BACKUP_PLAN_MODIFIED,
})

DEFAULT_VAULT_EVENTS: tuple[BackupVaultEvents, ...] = (
    BackupVaultEvents.BACKUP_JOB_STARTED,
    BackupVaultEvents.BACKUP_JOB_COMPLETED,
    BackupVaultEvents.COPY_JOB_STARTED,
    BackupVaultEvents.COPY_JOB_SUCCESSFUL,
    BackupVaultEvents.COPY_JOB_FAILED,
    BackupVaultEvents.RESTORE_JOB_STARTED,
    BackupVaultEvents.RESTORE_JOB_COMPLETED,
    BackupVaultEvents.RECOVERY_POINT_MODIFIED,
    BackupVaultEvents.S3_BACKUP_OBJECT_FAILED,
    BackupVaultEvents.S3_RESTORE_OBJECT_FAILED,
)
"""The events AWS still sends (the guide's supported list); the default when a topic is set."""


class BackupJobState(str, Enum):
    """``state`` of a ``Backup Job State Change`` event."""

    CREATED = "CREATED"
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    ABORTING = "ABORTING"
    ABORTED = "ABORTED"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    EXPIRED = "EXPIRED"
    PARTIAL = "PARTIAL"


class CopyJobState(str, Enum):
    """``state`` of a ``Copy Job State Change`` event."""

    CREATED = "CREATED"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    PARTIAL = "PARTIAL"


class RestoreJobStatus(str, Enum):
    """``status`` of a ``Restore Job State Change`` event."""

    CREATED = "CREATED"
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    ABORTED = "ABORTED"
    FAILED = "FAILED"


class BackupMetric(str, Enum):
    """CloudWatch metrics AWS Backup publishes in the ``AWS/Backup`` namespace every 5 minutes."""

    BACKUP_JOBS_CREATED = "NumberOfBackupJobsCreated"
    BACKUP_JOBS_PENDING = "NumberOfBackupJobsPending"
    BACKUP_JOBS_RUNNING = "NumberOfBackupJobsRunning"
    BACKUP_JOBS_ABORTED = "NumberOfBackupJobsAborted"
    BACKUP_JOBS_COMPLETED = "NumberOfBackupJobsCompleted"
    BACKUP_JOBS_FAILED = "NumberOfBackupJobsFailed"
    BACKUP_JOBS_EXPIRED = "NumberOfBackupJobsExpired"
    COPY_JOBS_CREATED = "NumberOfCopyJobsCreated"
    COPY_JOBS_RUNNING = "NumberOfCopyJobsRunning"
    COPY_JOBS_COMPLETED = "NumberOfCopyJobsCompleted"
    COPY_JOBS_FAILED = "NumberOfCopyJobsFailed"
    RESTORE_JOBS_PENDING = "NumberOfRestoreJobsPending"
    RESTORE_JOBS_RUNNING = "NumberOfRestoreJobsRunning"
    RESTORE_JOBS_COMPLETED = "NumberOfRestoreJobsCompleted"
    RESTORE_JOBS_FAILED = "NumberOfRestoreJobsFailed"
    RECOVERY_POINTS_COMPLETED = "NumberOfRecoveryPointsCompleted"
    RECOVERY_POINTS_PARTIAL = "NumberOfRecoveryPointsPartial"
    RECOVERY_POINTS_EXPIRED = "NumberOfRecoveryPointsExpired"
    RECOVERY_POINTS_DELETING = "NumberOfRecoveryPointsDeleting"
    RECOVERY_POINTS_COLD = "NumberOfRecoveryPointsCold"
