use crate::rules::prelude::*;
use crate::rules::support::ingress::is_world_cidr;
use crate::rules::support::policy::statements;
use crate::rules::support::{as_list, supplementary_path};

declare_managed_rule! {
    /// Whether Lambda function resource policies prohibit public access.
    ///
    /// ## What it checks
    /// The function's resource-based policy (`supplementaryConfiguration.Policy`, a JSON
    /// string the loader decodes): no `Allow` statement may grant access to everyone.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: an `Allow` statement (a) has an empty principal (`""`, `{}`,
    ///   `[]` or none), a `NotPrincipal`, or a principal containing a wildcard (`"*"`,
    ///   `{"AWS": "*"}`, `arn:aws:iam::*:root`), and no condition restricts it to fixed
    ///   values; or (b) grants the Amazon S3 service principal (`s3.amazonaws.com`) without
    ///   an `aws:SourceAccount` (or `aws:SourceOwner`, `aws:SourceOrgID`,
    ///   `aws:SourceOrgPaths`) condition. Evidence: the statement's `Principal`.
    /// - `COMPLIANT`: the function has no resource policy, or no statement is public.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    /// - `INSUFFICIENT_DATA`: the policy is present but is not a readable JSON document.
    ///
    /// A condition restricts a wildcard principal when it uses a positive operator (not a
    /// `Not…` operator, not `…IfExists`, not `Null`, not `ForAllValues:`) on one of
    /// `aws:SourceAccount`, `aws:SourceOwner`, `aws:SourceArn`, `aws:SourceVpc`,
    /// `aws:SourceVpce`, `aws:SourceIp`, `aws:SourceOrgID`, `aws:SourceOrgPaths`,
    /// `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:PrincipalOrgID` or
    /// `aws:PrincipalOrgPaths` (keys are case-insensitive), with values that are fixed:
    /// no `*`, `?` or `${…}` policy variable, and no `/0` range for `aws:SourceIp`.
    ///
    /// ## Differences from AWS
    /// AWS documents the principal test, the S3 `aws:SourceAccount` requirement and the
    /// "fixed values" note, but not its list of restricting condition keys; ours is above.
    /// `Deny` statements are not subtracted from public `Allow` statements.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/lambda-function-public-access-prohibited.html>
    pub LambdaFunctionPublicAccessProhibited {
        identifier: "LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED",
        name: "lambda-function-public-access-prohibited",
        resource_types: &["AWS::Lambda::Function"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "the list of condition keys that restrict a wildcard principal is ours",
        ),
        needs: &[],
        parameters: &[],
    }
}

/// Condition keys that pin a wildcard principal to known callers.
const RESTRICTING_KEYS: [&str; 12] = [
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourcearn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
];

/// Condition keys that pin the S3 service principal to one account or organization.
const S3_SOURCE_KEYS: [&str; 4] = [
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

fn is_fixed(key: &str, value: &Value) -> bool {
    let values = as_list(value);
    !values.is_empty()
        && values.iter().all(|v| {
            let s = match v {
                Value::String(s) => s.as_str(),
                Value::Number(_) => return true,
                _ => return false,
            };
            let open = s.trim().is_empty()
                || s.contains(['*', '?'])
                || s.contains("${")
                || (key == "aws:sourceip" && is_world_cidr(s));
            !open
        })
}

/// Whether the statement's `Condition` pins one of `keys` to fixed values.
fn restricted_by(statement: &Value, keys: &[&str]) -> bool {
    let Some(conditions) = statement.get("Condition").and_then(Value::as_object) else {
        return false;
    };
    conditions.iter().any(|(operator, block)| {
        let op = operator.to_ascii_lowercase();
        let positive = !op.contains("not")
            && !op.ends_with("ifexists")
            && op != "null"
            && !op.starts_with("forallvalues:");
        positive
            && block.as_object().is_some_and(|entries| {
                entries.iter().any(|(key, value)| {
                    let key = key.to_ascii_lowercase();
                    keys.contains(&key.as_str()) && is_fixed(&key, value)
                })
            })
    })
}

/// Every principal string of a `Principal` element (a string, a list, or a map of
/// lists), and whether the element is empty.
fn principal_strings(principal: &Value) -> Vec<&str> {
    match principal {
        Value::Object(map) => map
            .values()
            .flat_map(|v| as_list(v).into_iter().filter_map(Value::as_str))
            .collect(),
        other => as_list(other).into_iter().filter_map(Value::as_str).collect(),
    }
}

fn is_empty_principal(principal: &Value) -> bool {
    support::is_blank(principal)
        || principal_strings(principal)
            .iter()
            .all(|p| p.trim().is_empty())
}

fn grants_s3_service(principal: &Value) -> bool {
    principal.get("Service").is_some_and(|services| {
        as_list(services)
            .iter()
            .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case("s3.amazonaws.com")))
    })
}

impl Evaluate for LambdaFunctionPublicAccessProhibited {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let policy = item.supplementary_at("Policy");
        if support::is_blank(policy) {
            return Verdict::compliant("the function has no resource-based policy");
        }
        if !policy.is_object() {
            return Verdict::insufficient_data("the function's Policy is not a readable JSON document");
        }
        let base = supplementary_path("Policy");
        for statement in statements(policy, &base) {
            if !statement.is_allow() {
                continue;
            }
            let raw = statement.raw;
            let finding = if let Some(not) = raw.get("NotPrincipal") {
                Some(("NotPrincipal", not, "an Allow with NotPrincipal grants everyone else"))
            } else {
                let principal = raw.get("Principal").unwrap_or(&Value::Null);
                if is_empty_principal(principal) {
                    Some(("Principal", principal, "the principal is empty"))
                } else if principal_strings(principal).iter().any(|p| p.contains('*')) {
                    (!restricted_by(raw, &RESTRICTING_KEYS)).then_some((
                        "Principal",
                        principal,
                        "the principal is a wildcard and no condition restricts it",
                    ))
                } else if grants_s3_service(principal) {
                    (!restricted_by(raw, &S3_SOURCE_KEYS)).then_some((
                        "Principal",
                        principal,
                        "Amazon S3 may invoke it without an aws:SourceAccount condition",
                    ))
                } else {
                    None
                }
            };
            if let Some((field, value, why)) = finding {
                let sid = statement
                    .sid()
                    .map_or_else(String::new, |s| format!(" ({s})"));
                return Verdict::non_compliant(
                    format!("the resource policy allows public access{sid}: {why}"),
                    Evidence::at(format!("{}.{field}", statement.path), value.clone()),
                );
            }
        }
        Verdict::compliant("no statement of the resource policy allows public access")
    }
}
