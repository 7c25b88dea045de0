//! Data rules that need data AWS Config does not record.

#[allow(
    unused_imports,
    reason = "used by the rule declarations as they are added"
)]
use super::super::{Fidelity, Need, ParamSpec, Scope, Severity, Trigger};

super::external_rules! {
    /// Whether EBS encryption by default is enabled in the Region.
    ///
    /// ## What it checks
    /// Once per account and Region, whether new EBS volumes and snapshot copies are
    /// encrypted by default (the EC2 account attribute `EbsEncryptionByDefault`).
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. The setting is not an AWS Config resource
    ///   type and no configuration item records it; it comes from EC2
    ///   `GetEbsEncryptionByDefault` in each Region, which would decide the rule:
    ///   NON_COMPLIANT when `EbsEncryptionByDefault` is false, COMPLIANT when true.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ec2-ebs-encryption-by-default.html>
    /// - <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetEbsEncryptionByDefault.html>
    Ec2EbsEncryptionByDefault {
        identifier: "EC2_EBS_ENCRYPTION_BY_DEFAULT",
        name: "ec2-ebs-encryption-by-default",
        resource_types: &[],
        scope: Scope::AccountRegion,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Unsupported("needs EC2 GetEbsEncryptionByDefault per Region (EbsEncryptionByDefault)"),
        needs: &[Need::External("EC2 GetEbsEncryptionByDefault per Region")],
        parameters: &[],
    }
}
