use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::logging::{field, str_field};

declare_managed_rule! {
    /// Whether Classic Load Balancers use SSL certificates from AWS Certificate Manager.
    ///
    /// ## What it checks
    /// Every SSL or HTTPS listener in `listenerDescriptions`: its `sslcertificateId` must
    /// be an ACM certificate ARN (`arn:<partition>:acm:…`), not an IAM server
    /// certificate (`arn:<partition>:iam::…:server-certificate/…`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an SSL/HTTPS listener has no certificate or a certificate that
    ///   is not from ACM. Evidence: the listener's certificate field and value.
    /// - `COMPLIANT`: every SSL/HTTPS listener uses an ACM certificate.
    /// - `NOT_APPLICABLE`: the load balancer has no SSL or HTTPS listener; a deleted
    ///   item.
    ///
    /// ## Differences from AWS
    /// AWS says the rule needs an SSL or HTTPS listener but not what it answers without
    /// one; we answer NOT_APPLICABLE. The certificate field is `sslcertificateId` in
    /// the resource schema; `sSLCertificateId` and `SSLCertificateId` are read too.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/elb-acm-certificate-required.html>
    pub ElbAcmCertificateRequired {
        identifier: "ELB_ACM_CERTIFICATE_REQUIRED",
        name: "elb-acm-certificate-required",
        resource_types: &["AWS::ElasticLoadBalancing::LoadBalancer"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("a load balancer without SSL/HTTPS listeners is NOT_APPLICABLE"),
        needs: &[],
        parameters: &[],
    }
}

const CERT_KEYS: [&str; 4] = [
    "sslcertificateId",
    "sSLCertificateId",
    "SSLCertificateId",
    "sslCertificateId",
];

/// Whether a certificate ARN names an ACM certificate.
fn is_acm(arn: &str) -> bool {
    arn.split(':').nth(2) == Some("acm")
}

impl Evaluate for ElbAcmCertificateRequired {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let descriptions = item
            .config_at("listenerDescriptions")
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut secure = 0;
        for (i, description) in descriptions.iter().enumerate() {
            let listener = description.get("listener").unwrap_or(&Value::Null);
            let protocol = str_field(listener, &["protocol", "Protocol"]).unwrap_or("");
            if !(protocol.eq_ignore_ascii_case("https") || protocol.eq_ignore_ascii_case("ssl")) {
                continue;
            }
            secure += 1;
            let (key, cert) = field(listener, &CERT_KEYS).unwrap_or((CERT_KEYS[0], &Value::Null));
            let path = config_path(&format!("listenerDescriptions[{i}].listener.{key}"));
            let port = listener.get("loadBalancerPort").cloned().unwrap_or(Value::Null);
            match cert.as_str().filter(|c| !c.trim().is_empty()) {
                Some(c) if is_acm(c) => {}
                Some(c) => {
                    return Verdict::non_compliant(
                        format!("the {protocol} listener on port {port} uses {c}, not an ACM certificate"),
                        Evidence::at(path, c),
                    );
                }
                None => {
                    return Verdict::non_compliant(
                        format!("the {protocol} listener on port {port} has no certificate"),
                        Evidence::at(path, cert.clone()),
                    );
                }
            }
        }
        if secure == 0 {
            Verdict::not_applicable("the load balancer has no SSL or HTTPS listener")
        } else {
            Verdict::compliant(format!("all {secure} SSL/HTTPS listener(s) use ACM certificates"))
        }
    }
}
