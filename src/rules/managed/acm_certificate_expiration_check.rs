use crate::model::parse_timestamp_value;
use crate::rules::prelude::*;
use crate::rules::support::config_path;

declare_managed_rule! {
    /// Whether ACM certificates expire within the given number of days.
    ///
    /// ## What it checks
    /// The certificate's `configuration.notAfter` against the evaluation time (`--at`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: fewer than `daysToExpiration` days remain before `notAfter`, or
    ///   the certificate has expired. Evidence: `notAfter`.
    /// - `COMPLIANT`: at least `daysToExpiration` days remain.
    /// - `NOT_APPLICABLE`: the certificate has no `notAfter` (not issued: pending
    ///   validation, failed), or the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not document certificates without an expiry date or the exact boundary;
    /// we answer NOT_APPLICABLE for the former and count exactly `daysToExpiration` days
    /// left as compliant. The field is `notAfter`, as in real 2026 ACM items. ACM renews the certificates it issues, but the rule (like
    /// AWS's) does not consider renewal.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/acm-certificate-expiration-check.html>
    pub AcmCertificateExpirationCheck {
        identifier: "ACM_CERTIFICATE_EXPIRATION_CHECK",
        name: "acm-certificate-expiration-check",
        resource_types: &["AWS::ACM::Certificate"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChangesAndPeriodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("certificates without notAfter are NOT_APPLICABLE"),
        needs: &[Need::Clock],
        parameters: &[
            ParamSpec::int("daysToExpiration")
                .range(0, 36_500)
                .default("14")
                .doc("Number of days before expiry from which the certificate is NON_COMPLIANT."),
        ],
    }
}

impl Evaluate for AcmCertificateExpirationCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let raw = item.config_at("notAfter");
        let Some(not_after) = parse_timestamp_value(raw) else {
            let status = item.config_at("status").as_str().unwrap_or("unknown");
            return Verdict::not_applicable(format!(
                "the certificate has no expiry date (status {status})"
            ));
        };
        let days = cx.params().int("daysToExpiration").unwrap_or(14);
        let left = not_after - cx.now();
        let when = not_after.format("%Y-%m-%dT%H:%M:%SZ");
        if left < chrono::Duration::zero() {
            return Verdict::non_compliant(
                format!("the certificate expired on {when}"),
                Evidence::at(config_path("notAfter"), raw.clone()),
            );
        }
        if left < chrono::Duration::days(days) {
            return Verdict::non_compliant(
                format!(
                    "the certificate expires on {when}, in {} day(s), within {days}",
                    left.num_days()
                ),
                Evidence::at(config_path("notAfter"), raw.clone()),
            );
        }
        Verdict::compliant(format!(
            "the certificate expires on {when}, in {} day(s)",
            left.num_days()
        ))
    }
}
