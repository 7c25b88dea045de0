//! IAM and account rules that need data AWS Config does not record.

#[allow(
    unused_imports,
    reason = "used by the rule declarations as they are added"
)]
use super::super::{Fidelity, Need, ParamSpec, Scope, Severity, Trigger};

super::external_rules! {
    /// Whether IAM users with a console password have MFA enabled.
    ///
    /// ## What it checks
    /// Every IAM user that has a console password must have an MFA device.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline; the `AWS::IAM::User` item has no password or
    ///   MFA fields. The data is in the IAM credential report (`password_enabled`,
    ///   `mfa_active`).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/mfa-enabled-for-iam-console-access.html>
    MfaEnabledForIamConsoleAccess {
        identifier: "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS",
        name: "mfa-enabled-for-iam-console-access",
        resource_types: &["AWS::IAM::User"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Unsupported("needs the IAM credential report (password_enabled, mfa_active)"),
        needs: &[Need::External("IAM credential report")],
        parameters: &[],
    }
}
