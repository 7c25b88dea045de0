//! IAM and account rules that need data AWS Config does not record.

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

    /// Whether IAM users have passwords or active access keys unused for too long.
    ///
    /// ## What it checks
    /// A user is NON_COMPLIANT when its console password or an active access key was
    /// not used within `maxCredentialUsageAge` days of the evaluation time.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline; the `AWS::IAM::User` item records no
    ///   credential use. The IAM credential report would decide it (`password_enabled`,
    ///   `password_last_used`, `access_key_N_active`, `access_key_N_last_used_date`, and
    ///   the creation dates for credentials never used).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-user-unused-credentials-check.html>
    IamUserUnusedCredentialsCheck {
        identifier: "IAM_USER_UNUSED_CREDENTIALS_CHECK",
        name: "iam-user-unused-credentials-check",
        resource_types: &["AWS::IAM::User"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Unsupported("needs the IAM credential report (password_last_used, access_key_N_last_used_date)"),
        needs: &[Need::External("IAM credential report"), Need::Clock],
        parameters: &[
            ParamSpec::int("maxCredentialUsageAge")
                .required()
                .default("90")
                .doc("Maximum number of days a credential may go unused (CIS v1.4 uses 45)."),
        ],
    }

    /// Whether the root user signs in with MFA.
    ///
    /// ## What it checks
    /// The account is NON_COMPLIANT when the root user does not require MFA for console
    /// sign-in.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline; there is no root-user configuration item.
    ///   IAM GetAccountSummary (`AccountMFAEnabled`) or the credential report's
    ///   `<root_account>` row (`mfa_active`) would decide it.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/root-account-mfa-enabled.html>
    RootAccountMfaEnabled {
        identifier: "ROOT_ACCOUNT_MFA_ENABLED",
        name: "root-account-mfa-enabled",
        resource_types: &[],
        scope: Scope::Account,
        trigger: Trigger::Periodic,
        severity: Severity::Critical,
        fidelity: Fidelity::Unsupported("needs IAM GetAccountSummary (AccountMFAEnabled) or the credential report root row"),
        needs: &[Need::External("IAM GetAccountSummary or credential report")],
        parameters: &[],
    }

    /// Whether the account password policy meets the given requirements.
    ///
    /// ## What it checks
    /// The account password policy against the parameters: required character classes,
    /// minimum length, reuse prevention and maximum age. The default policy (no custom
    /// policy) is NON_COMPLIANT. As AWS documents, the boolean parameters are
    /// case-sensitive: anything but lowercase `true` means false.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline; the password policy is not an AWS Config
    ///   resource type. IAM GetAccountPasswordPolicy would decide it (no policy = the
    ///   default policy = NON_COMPLIANT).
    ///
    /// ## Differences from AWS
    /// AWS documents no ranges for the integer parameters; we accept those IAM
    /// UpdateAccountPasswordPolicy accepts (length 6–128, reuse 1–24, age 1–1095 days),
    /// since no policy can meet a value outside them.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-password-policy.html>
    IamPasswordPolicy {
        identifier: "IAM_PASSWORD_POLICY",
        name: "iam-password-policy",
        resource_types: &[],
        scope: Scope::Account,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Unsupported("needs IAM GetAccountPasswordPolicy"),
        needs: &[Need::External("IAM GetAccountPasswordPolicy")],
        parameters: &[
            ParamSpec::bool_case_sensitive("RequireUppercaseCharacters")
                .default("true")
                .doc("Require at least one uppercase letter."),
            ParamSpec::bool_case_sensitive("RequireLowercaseCharacters")
                .default("true")
                .doc("Require at least one lowercase letter."),
            ParamSpec::bool_case_sensitive("RequireSymbols")
                .default("true")
                .doc("Require at least one symbol."),
            ParamSpec::bool_case_sensitive("RequireNumbers")
                .default("true")
                .doc("Require at least one number."),
            ParamSpec::int("MinimumPasswordLength")
                .range(6, 128)
                .default("14")
                .doc("Minimum password length."),
            ParamSpec::int("PasswordReusePrevention")
                .range(1, 24)
                .default("24")
                .doc("Number of previous passwords that cannot be reused."),
            ParamSpec::int("MaxPasswordAge")
                .range(1, 1095)
                .default("90")
                .doc("Number of days before a password expires."),
        ],
    }

    /// Whether the root user has access keys.
    ///
    /// ## What it checks
    /// The account is NON_COMPLIANT when the root user has an access key.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline; there is no root-user configuration item.
    ///   IAM GetAccountSummary (`AccountAccessKeysPresent`) or the credential report's
    ///   `<root_account>` row (`access_key_1_active`, `access_key_2_active`) would decide
    ///   it.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-root-access-key-check.html>
    IamRootAccessKeyCheck {
        identifier: "IAM_ROOT_ACCESS_KEY_CHECK",
        name: "iam-root-access-key-check",
        resource_types: &[],
        scope: Scope::Account,
        trigger: Trigger::Periodic,
        severity: Severity::Critical,
        fidelity: Fidelity::Unsupported("needs IAM GetAccountSummary (AccountAccessKeysPresent) or the credential report root row"),
        needs: &[Need::External("IAM GetAccountSummary or credential report")],
        parameters: &[],
    }

    /// Whether active IAM access keys were rotated within the allowed number of days.
    ///
    /// ## What it checks
    /// A user is NON_COMPLIANT when one of its active access keys is older than
    /// `maxAccessKeyAge` days at the evaluation time.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline; the `AWS::IAM::User` item has no access
    ///   keys. IAM ListAccessKeys (`CreateDate`, `Status`) or the credential report
    ///   (`access_key_N_active`, `access_key_N_last_rotated`) would decide it.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/access-keys-rotated.html>
    AccessKeysRotated {
        identifier: "ACCESS_KEYS_ROTATED",
        name: "access-keys-rotated",
        resource_types: &["AWS::IAM::User"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Unsupported("needs IAM ListAccessKeys or the credential report (access_key_N_last_rotated)"),
        needs: &[Need::External("IAM credential report"), Need::Clock],
        parameters: &[
            ParamSpec::int("maxAccessKeyAge")
                .required()
                .default("90")
                .doc("Maximum number of days since an active key was created."),
        ],
    }

    /// Whether the root user's MFA is a hardware device.
    ///
    /// ## What it checks
    /// The account is NON_COMPLIANT when root sign-in is allowed with a virtual MFA
    /// device (or without MFA): a hardware MFA is required.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. IAM GetAccountSummary (`AccountMFAEnabled`)
    ///   together with ListVirtualMFADevices (a device whose serial number ends in
    ///   `mfa/root-account-mfa-device`) would decide it.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/root-account-hardware-mfa-enabled.html>
    RootAccountHardwareMfaEnabled {
        identifier: "ROOT_ACCOUNT_HARDWARE_MFA_ENABLED",
        name: "root-account-hardware-mfa-enabled",
        resource_types: &[],
        scope: Scope::Account,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Unsupported("needs IAM GetAccountSummary and ListVirtualMFADevices"),
        needs: &[Need::External("IAM GetAccountSummary and ListVirtualMFADevices")],
        parameters: &[],
    }

    /// Whether every IAM user has MFA enabled.
    ///
    /// ## What it checks
    /// A user is NON_COMPLIANT when it has no MFA device.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline; the `AWS::IAM::User` item has no MFA
    ///   fields. IAM ListMFADevices or the credential report (`mfa_active`) would decide
    ///   it.
    ///
    /// ## Differences from AWS
    /// AWS lists no resource type; the verdicts are per user, so we attach them to
    /// `AWS::IAM::User`.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-user-mfa-enabled.html>
    IamUserMfaEnabled {
        identifier: "IAM_USER_MFA_ENABLED",
        name: "iam-user-mfa-enabled",
        resource_types: &["AWS::IAM::User"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Unsupported("needs IAM ListMFADevices or the credential report (mfa_active)"),
        needs: &[Need::External("IAM credential report")],
        parameters: &[],
    }

    /// Whether the account belongs to AWS Organizations (optionally under a given
    /// management account).
    ///
    /// ## What it checks
    /// The account is NON_COMPLIANT when it is not part of an organization, or when the
    /// organization's management account is not `MasterAccountId`.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline; organization membership is not recorded by
    ///   AWS Config. Organizations DescribeOrganization (`MasterAccountId`) would decide
    ///   it.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/account-part-of-organizations.html>
    AccountPartOfOrganizations {
        identifier: "ACCOUNT_PART_OF_ORGANIZATIONS",
        name: "account-part-of-organizations",
        resource_types: &[],
        scope: Scope::Account,
        trigger: Trigger::Periodic,
        severity: Severity::Low,
        fidelity: Fidelity::Unsupported("needs Organizations DescribeOrganization"),
        needs: &[Need::External("Organizations DescribeOrganization")],
        parameters: &[
            ParamSpec::string("MasterAccountId")
                .doc("The 12-digit ID of the expected management account."),
        ],
    }
}
