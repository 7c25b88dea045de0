//! The registry of built-in rules with logic: one line per rule, sorted by file name.
//! A test checks the order, uniqueness and that each file is named after its rule.

use super::ManagedRule;

macro_rules! managed_rules {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        $( pub mod $module; )*

        /// Every rule with logic, in file-name order.
        pub static ALL: &[&dyn ManagedRule] = &[$( &$module::$rule ),*];
    };
}

managed_rules! {
    cmk_backing_key_rotation_enabled::CmkBackingKeyRotationEnabled,
    db_instance_backup_enabled::DbInstanceBackupEnabled,
    dynamodb_pitr_enabled::DynamodbPitrEnabled,
    efs_encrypted_check::EfsEncryptedCheck,
    elasticache_redis_cluster_automatic_backup_check::ElasticacheRedisClusterAutomaticBackupCheck,
    encrypted_volumes::EncryptedVolumes,
    kms_cmk_not_scheduled_for_deletion::KmsCmkNotScheduledForDeletion,
    rds_instance_deletion_protection_enabled::RdsInstanceDeletionProtectionEnabled,
    rds_multi_az_support::RdsMultiAzSupport,
    rds_snapshot_encrypted::RdsSnapshotEncrypted,
    rds_storage_encrypted::RdsStorageEncrypted,
    redshift_backup_enabled::RedshiftBackupEnabled,
    redshift_cluster_configuration_check::RedshiftClusterConfigurationCheck,
    redshift_require_tls_ssl::RedshiftRequireTlsSsl,
    restricted_ssh::RestrictedSsh,
    s3_account_level_public_access_blocks::S3AccountLevelPublicAccessBlocks,
    s3_account_level_public_access_blocks_periodic::S3AccountLevelPublicAccessBlocksPeriodic,
    s3_bucket_acl_prohibited::S3BucketAclProhibited,
    s3_bucket_level_public_access_prohibited::S3BucketLevelPublicAccessProhibited,
    s3_bucket_policy_grantee_check::S3BucketPolicyGranteeCheck,
    s3_bucket_public_read_prohibited::S3BucketPublicReadProhibited,
    s3_bucket_public_write_prohibited::S3BucketPublicWriteProhibited,
    s3_bucket_replication_enabled::S3BucketReplicationEnabled,
    s3_bucket_server_side_encryption_enabled::S3BucketServerSideEncryptionEnabled,
    s3_bucket_ssl_requests_only::S3BucketSslRequestsOnly,
    s3_bucket_versioning_enabled::S3BucketVersioningEnabled,
    s3_default_encryption_kms::S3DefaultEncryptionKms,
}
