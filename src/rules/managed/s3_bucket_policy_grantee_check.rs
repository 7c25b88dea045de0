use std::net::IpAddr;

use ipnet::IpNet;

use crate::rules::prelude::*;
use crate::rules::support::policy::{Condition, Principal, Statement, wildcard_match};
use crate::rules::support::s3::{bucket_policy, policy_statements};

declare_managed_rule! {
    /// Whether S3 bucket policies grant access only to the principals, IP ranges or VPCs
    /// you allow.
    ///
    /// ## What it checks
    /// Every `Allow` statement of the bucket policy. A statement passes when its
    /// grantees are restricted by any of the parameters: every principal is listed
    /// (`AWS` and `CanonicalUser` principals in `awsPrincipals`, `Service` in
    /// `servicePrincipals`, `Federated` in `federatedUsers`); or an `aws:SourceIp`
    /// condition limits callers to ranges inside `ipAddresses`; or an `aws:SourceVpc`
    /// condition limits them to `vpcIds`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an `Allow` statement grants a principal outside the lists
    ///   without such a condition. Evidence: the statement.
    /// - `COMPLIANT`: every `Allow` statement passes, or the bucket has no policy.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// `awsPrincipals` entries match the principal exactly or as a wildcard pattern
    /// (`arn:aws:iam::111122223333:role/*`); an account id also matches that account's
    /// root ARN, and vice versa. With no parameter at all, every `Allow` statement
    /// fails, since nothing was allowed (AWS does not document this case). `Deny`
    /// statements are ignored. Conditions must be positive (`IpAddress`,
    /// `StringEquals`…; not negated, not `…IfExists`) to restrict.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy-grantee-check.html>
    pub S3BucketPolicyGranteeCheck {
        identifier: "S3_BUCKET_POLICY_GRANTEE_CHECK",
        name: "s3-bucket-policy-grantee-check",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate(
            "principal patterns, account-id/root equivalence and positive conditions only; no parameters means nothing is allowed",
        ),
        needs: &[],
        parameters: &[
            ParamSpec::csv("awsPrincipals").doc("Allowed principals: IAM user or role ARNs and account IDs (wildcards allowed)."),
            ParamSpec::csv("servicePrincipals").doc("Allowed service principals, e.g. cloudtrail.amazonaws.com."),
            ParamSpec::csv("federatedUsers").doc("Allowed identity providers for web identity federation, e.g. cognito-identity.amazonaws.com."),
            ParamSpec::csv("ipAddresses").doc("Allowed IP addresses in CIDR format, e.g. 10.0.0.1, 192.168.1.0/24."),
            ParamSpec::csv("vpcIds").doc("Allowed VPC IDs, e.g. vpc-1234abc0."),
        ],
    }
}

struct Allowed<'p> {
    aws: &'p [String],
    services: &'p [String],
    federated: &'p [String],
    ips: Vec<IpNet>,
    vpcs: &'p [String],
}

fn parse_net(s: &str) -> Option<IpNet> {
    let s = s.trim();
    s.parse::<IpNet>()
        .ok()
        .or_else(|| s.parse::<IpAddr>().ok().map(IpNet::from))
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `arn:<partition>:iam::<account>:root` → account.
fn root_account(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:")?;
    let (_, rest) = rest.split_once(":iam::")?;
    rest.strip_suffix(":root")
}

fn aws_matches(entry: &str, value: &str) -> bool {
    let entry = entry.trim();
    entry == value
        || wildcard_match(entry, value)
        || (is_account_id(entry) && root_account(value) == Some(entry))
        || (is_account_id(value) && root_account(entry) == Some(value))
}

impl Allowed<'_> {
    fn principal(&self, p: &Principal<'_>) -> bool {
        let in_list = |list: &[String]| list.iter().any(|e| e.trim().eq_ignore_ascii_case(p.value));
        match p.kind.to_ascii_lowercase().as_str() {
            "service" => in_list(self.services),
            "federated" => in_list(self.federated),
            _ => self.aws.iter().any(|e| aws_matches(e, p.value)),
        }
    }

    fn restricts(&self, c: &Condition<'_>) -> bool {
        if c.is_negated() || c.if_exists() || c.operator.starts_with("ForAllValues:") {
            return false;
        }
        let texts = c.texts();
        if texts.is_empty() {
            return false;
        }
        if c.key_is("aws:SourceIp") {
            return !self.ips.is_empty()
                && texts.iter().all(|t| {
                    parse_net(t).is_some_and(|net| self.ips.iter().any(|a| a.contains(&net)))
                });
        }
        if c.key_is("aws:SourceVpc") {
            return texts
                .iter()
                .all(|t| self.vpcs.iter().any(|v| v.trim() == t.as_str()));
        }
        false
    }

    fn statement_ok(&self, s: &Statement<'_>) -> bool {
        let principals = s.principals();
        (!s.has_not_principal() && !principals.is_empty() && principals.iter().all(|p| self.principal(p)))
            || s.conditions().iter().any(|c| self.restricts(c))
    }
}

impl Evaluate for S3BucketPolicyGranteeCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        if bucket_policy(item).is_none() {
            return Verdict::compliant("the bucket has no bucket policy");
        }
        let params = cx.params();
        let allowed = Allowed {
            aws: params.list("awsPrincipals"),
            services: params.list("servicePrincipals"),
            federated: params.list("federatedUsers"),
            ips: params.list("ipAddresses").iter().filter_map(|s| parse_net(s)).collect(),
            vpcs: params.list("vpcIds"),
        };
        let statements = policy_statements(item);
        let allows: Vec<&Statement<'_>> = statements.iter().filter(|s| s.is_allow()).collect();
        match allows.iter().find(|s| !allowed.statement_ok(s)) {
            Some(s) => {
                let grantees: Vec<String> = s
                    .principals()
                    .iter()
                    .filter(|p| !allowed.principal(p))
                    .map(|p| format!("{} {}", p.kind, p.value))
                    .collect();
                let who = if s.has_not_principal() {
                    "everyone except its NotPrincipal".to_owned()
                } else {
                    grantees.join(", ")
                };
                Verdict::non_compliant(
                    format!(
                        "bucket policy statement {} grants access to {who}, which the parameters do not allow",
                        s.sid().map_or_else(|| s.path.clone(), |sid| format!("{sid:?}"))
                    ),
                    Evidence::at(s.path.clone(), s.raw.clone()),
                )
            }
            None => Verdict::compliant(format!(
                "all {} Allow statement(s) grant access only to allowed principals, IP ranges or VPCs",
                allows.len()
            )),
        }
    }
}
