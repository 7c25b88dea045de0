use crate::rules::prelude::*;
use crate::rules::support::item_path;
use crate::rules::support::logging::{field, str_field};
use crate::rules::support::{as_list, config_path};

declare_managed_rule! {
    /// Whether the HTTPS and TLS listeners of Application and Network Load Balancers use
    /// certificates from AWS Certificate Manager (optionally from a list).
    ///
    /// ## What it checks
    /// The `AWS::ElasticLoadBalancingV2::Listener` items of the same account and Region
    /// whose `LoadBalancerArn` is the load balancer's ARN. Every listener with
    /// `Protocol` `HTTPS` or `TLS` must list `Certificates` whose `CertificateArn` is an
    /// ACM ARN (`arn:<partition>:acm:…`) and, when `AcmCertificatesAllowed` is given,
    /// one of the listed ARNs.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an HTTPS/TLS listener has no certificate, a non-ACM (IAM)
    ///   certificate, or a certificate not in `AcmCertificatesAllowed`. Evidence: the
    ///   listener's certificate path and ARN.
    /// - `COMPLIANT`: every HTTPS/TLS listener uses (allowed) ACM certificates.
    /// - `NOT_APPLICABLE`: none of the load balancer's listeners uses HTTPS or TLS; a
    ///   deleted item.
    /// - `INSUFFICIENT_DATA`: no listener item of the input belongs to the load
    ///   balancer.
    ///
    /// ## Differences from AWS
    /// AWS's text reads as if every listener needed an ACM certificate; HTTP, TCP and
    /// UDP listeners cannot hold one, so only HTTPS and TLS listeners are checked and a
    /// load balancer with none is NOT_APPLICABLE. The rule is periodic in AWS; offline
    /// the listeners come from the input. Certificates added with
    /// `AddListenerCertificates` are read only if the listener item records them.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/elbv2-acm-certificate-required.html>
    pub Elbv2AcmCertificateRequired {
        identifier: "ELBV2_ACM_CERTIFICATE_REQUIRED",
        name: "elbv2-acm-certificate-required",
        resource_types: &["AWS::ElasticLoadBalancingV2::LoadBalancer"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("only HTTPS/TLS listeners are checked; listeners must be in the input"),
        needs: &[Need::Relationships],
        parameters: &[
            ParamSpec::csv("AcmCertificatesAllowed").doc("Comma-separated list of certificate Amazon Resource Names (ARNs)."),
        ],
    }
}

const LISTENER: &str = "AWS::ElasticLoadBalancingV2::Listener";

impl Evaluate for Elbv2AcmCertificateRequired {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let arn = str_field(item, &["loadBalancerArn", "LoadBalancerArn"])
            .or(item.arn.as_deref())
            .unwrap_or(&item.key.resource_id);
        let allowed = cx.params().list("AcmCertificatesAllowed");
        let mut listeners = 0;
        let mut secure = 0;
        for listener in cx.items_near(LISTENER, item) {
            if str_field(listener, &["LoadBalancerArn", "loadBalancerArn"]) != Some(arn) {
                continue;
            }
            listeners += 1;
            let protocol = str_field(listener, &["Protocol", "protocol"]).unwrap_or("");
            if !(protocol.eq_ignore_ascii_case("https") || protocol.eq_ignore_ascii_case("tls")) {
                continue;
            }
            secure += 1;
            let port = field(listener, &["Port", "port"]).map_or(Value::Null, |(_, v)| v.clone());
            let (key, certs) = field(listener, &["Certificates", "certificates"])
                .unwrap_or(("Certificates", &Value::Null));
            let certs = as_list(certs);
            if certs.is_empty() {
                return Verdict::non_compliant(
                    format!("the {protocol} listener on port {port} has no certificate"),
                    Evidence::at(item_path(listener, &config_path(key)), Value::Null),
                );
            }
            for (i, cert) in certs.iter().enumerate() {
                let cert_arn = str_field(cert, &["CertificateArn", "certificateArn"]).unwrap_or("");
                let path = item_path(listener, &config_path(&format!("{key}[{i}].CertificateArn")));
                if cert_arn.split(':').nth(2) != Some("acm") {
                    return Verdict::non_compliant(
                        format!("the {protocol} listener on port {port} uses {cert_arn}, not an ACM certificate"),
                        Evidence::at(path, cert_arn),
                    );
                }
                if !allowed.is_empty() && !allowed.iter().any(|a| a.trim() == cert_arn) {
                    return Verdict::non_compliant(
                        format!("the {protocol} listener on port {port} uses {cert_arn}, which is not in AcmCertificatesAllowed"),
                        Evidence::at(path, cert_arn),
                    );
                }
            }
        }
        if listeners == 0 {
            return Verdict::insufficient_data(
                "no AWS::ElasticLoadBalancingV2::Listener item in the input belongs to this load balancer",
            );
        }
        if secure == 0 {
            Verdict::not_applicable(format!("none of the {listeners} listener(s) uses HTTPS or TLS"))
        } else {
            Verdict::compliant(format!("all {secure} HTTPS/TLS listener(s) use ACM certificates"))
        }
    }
}
