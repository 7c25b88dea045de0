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
    acm_certificate_expiration_check::AcmCertificateExpirationCheck,
    alb_http_to_https_redirection_check::AlbHttpToHttpsRedirectionCheck,
    api_gw_execution_logging_enabled::ApiGwExecutionLoggingEnabled,
    api_gwv2_access_logs_enabled::ApiGwv2AccessLogsEnabled,
    cloud_trail_cloud_watch_logs_enabled::CloudTrailCloudWatchLogsEnabled,
    cloud_trail_encryption_enabled::CloudTrailEncryptionEnabled,
    cloud_trail_log_file_validation_enabled::CloudTrailLogFileValidationEnabled,
    cloudfront_accesslogs_enabled::CloudfrontAccesslogsEnabled,
    cloudtrail_enabled::CloudtrailEnabled,
    cloudtrail_s3_bucket_access_logging::CloudtrailS3BucketAccessLogging,
    cloudtrail_s3_bucket_public_access_prohibited::CloudtrailS3BucketPublicAccessProhibited,
    cloudtrail_security_trail_enabled::CloudtrailSecurityTrailEnabled,
    codebuild_project_logging_enabled::CodebuildProjectLoggingEnabled,
    codebuild_project_s3_logs_encrypted::CodebuildProjectS3LogsEncrypted,
    elasticsearch_logs_to_cloudwatch::ElasticsearchLogsToCloudwatch,
    elb_logging_enabled::ElbLoggingEnabled,
    elb_tls_https_listeners_only::ElbTlsHttpsListenersOnly,
    guardduty_enabled_centralized::GuarddutyEnabledCentralized,
    multi_region_cloudtrail_enabled::MultiRegionCloudtrailEnabled,
    opensearch_audit_logging_enabled::OpensearchAuditLoggingEnabled,
    opensearch_logs_to_cloudwatch::OpensearchLogsToCloudwatch,
    rds_logging_enabled::RdsLoggingEnabled,
    redshift_audit_logging_enabled::RedshiftAuditLoggingEnabled,
    restricted_ssh::RestrictedSsh,
    route53_query_logging_enabled::Route53QueryLoggingEnabled,
    s3_bucket_logging_enabled::S3BucketLoggingEnabled,
    ta_cloudtrail_logging::TaCloudtrailLogging,
    vpc_flow_logs_enabled::VpcFlowLogsEnabled,
}
