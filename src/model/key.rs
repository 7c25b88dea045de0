use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// The identity of a resource: AWS keys configuration items by account, Region, type
/// and id; the ARN is often missing and never used as a key (aws-config-formats.md §3.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceKey {
    #[serde(rename = "awsAccountId")]
    pub account: Arc<str>,
    #[serde(rename = "awsRegion")]
    pub region: Arc<str>,
    pub resource_type: Arc<str>,
    pub resource_id: Arc<str>,
}

impl ResourceKey {
    pub fn new(
        account: impl Into<Arc<str>>,
        region: impl Into<Arc<str>>,
        resource_type: impl Into<Arc<str>>,
        resource_id: impl Into<Arc<str>>,
    ) -> Self {
        Self {
            account: account.into(),
            region: region.into(),
            resource_type: resource_type.into(),
            resource_id: resource_id.into(),
        }
    }

    /// IAM resources are global: AWS records them with `awsRegion: "global"`.
    pub fn is_global_type(resource_type: &str) -> bool {
        resource_type.starts_with("AWS::IAM::")
    }
}

impl fmt::Display for ResourceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{} ({} {})",
            self.resource_type, self.resource_id, self.account, self.region
        )
    }
}
