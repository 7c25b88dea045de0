use crate::rules::prelude::*;
use crate::rules::support::iam::{attached_policies, group_names, role_has_trusted_entity};
use crate::rules::support::{config_path, item_path, items_path};

declare_managed_rule! {
    /// Whether an IAM policy is attached to a user, a group with users, or a role that
    /// can be assumed.
    ///
    /// ## What it checks
    /// Whether the managed policy `policyARN` appears in `attachedManagedPolicies` of an
    /// IAM user, of an IAM group that has at least one member, or of an IAM role whose
    /// trust policy names at least one principal. `policyUsageType` restricts the search
    /// to users, groups or roles. CIS uses it with
    /// `arn:aws:iam::aws:policy/AWSSupportAccess` (a support role exists).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: no user, group or role of the wanted kind uses the policy (an
    ///   attachment to a group without members or a role without trusted entities does
    ///   not count). Evidence: each unused attachment in the group's or role's item,
    ///   and, for each wanted kind without any attachment, the empty selection of
    ///   `attachedManagedPolicies` entries with that ARN in the account's items.
    /// - `COMPLIANT`: one does; the annotation names it.
    /// - `INSUFFICIENT_DATA`: the input has no IAM user, group or role item for the
    ///   account (IAM is not recorded in it).
    ///
    /// ## Differences from AWS
    /// AWS-managed policies have no configuration item, so the verdict is reported once
    /// per account on `AWS::::Account`; AWS does not document which resource it reports
    /// on. Group members come from users' `groupList` and the group's `Contains User`
    /// relationships. AWS requires `policyARN` and documents no default; we default it to
    /// `arn:aws:iam::aws:policy/AWSSupportAccess`, the value the CIS packs pass, so that
    /// running every built-in rule needs no parameter file.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-in-use.html>
    pub IamPolicyInUse {
        identifier: "IAM_POLICY_IN_USE",
        name: "iam-policy-in-use",
        resource_types: &[],
        scope: Scope::Account,
        trigger: Trigger::Periodic,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("reported on the account; group members from groupList"),
        needs: &[Need::Relationships],
        parameters: &[
            ParamSpec::string("policyARN")
                .required()
                .default("arn:aws:iam::aws:policy/AWSSupportAccess")
                .doc("The ARN of the IAM policy that must be in use."),
            ParamSpec::choice("policyUsageType", &["IAM_USER", "IAM_GROUP", "IAM_ROLE", "ANY"])
                .default("ANY")
                .doc("Where the policy must be attached (case-insensitive)."),
        ],
    }
}

const USER: &str = "AWS::IAM::User";
const GROUP: &str = "AWS::IAM::Group";
const ROLE: &str = "AWS::IAM::Role";

fn has_policy(item: &ConfigItem, arn: &str) -> bool {
    attached_policies(item).iter().any(|p| p.arn == arn)
}

/// The attachment of `arn` in an unused group's or role's item, as evidence.
fn attachment(item: &ConfigItem, arn: &str) -> Option<Evidence> {
    let index = attached_policies(item).iter().find(|p| p.arn == arn)?.index;
    let path = config_path(&format!("attachedManagedPolicies[{index}].policyArn"));
    Some(Evidence::at(item_path(item, &path), arn))
}

impl Evaluate for IamPolicyInUse {
    fn evaluate_account(&self, scope: &AccountScope<'_>, cx: &RuleContext<'_>) -> Verdict {
        let Some(arn) = cx.params().str("policyARN") else {
            return Verdict::error("policyARN is required");
        };
        // A validated choice: anything else is rejected before evaluation.
        let usage = cx.params().str("policyUsageType").unwrap_or("ANY");
        let (users_wanted, groups_wanted, roles_wanted) = match usage {
            "IAM_USER" => (true, false, false),
            "IAM_GROUP" => (false, true, false),
            "IAM_ROLE" => (false, false, true),
            _ => (true, true, true),
        };
        let recorded = cx.items_in(USER, scope).next().is_some()
            || cx.items_in(GROUP, scope).next().is_some()
            || cx.items_in(ROLE, scope).next().is_some();
        if !recorded {
            return Verdict::insufficient_data(
                "the input has no IAM user, group or role for this account",
            );
        }
        let mut unused = Vec::new();
        if users_wanted && let Some(u) = cx.items_in(USER, scope).find(|u| has_policy(u, arn)) {
            return Verdict::compliant(format!("{arn} is attached to user {}", u.display_name()));
        }
        if groups_wanted {
            for g in cx.items_in(GROUP, scope).filter(|g| has_policy(g, arn)) {
                let name = g
                    .config_at("groupName")
                    .as_str()
                    .unwrap_or_else(|| g.display_name());
                let listed_member = g.relationships.iter().any(|r| {
                    r.verb == Verb::Contains && &*r.resource_type == USER
                });
                let member = listed_member
                    || cx
                        .items_in(USER, scope)
                        .any(|u| group_names(u).contains(&name));
                if member {
                    return Verdict::compliant(format!(
                        "{arn} is attached to group {name}, which has members"
                    ));
                }
                unused.push((format!("group {name} (no members)"), attachment(g, arn)));
            }
        }
        if roles_wanted {
            for r in cx.items_in(ROLE, scope).filter(|r| has_policy(r, arn)) {
                if role_has_trusted_entity(r) {
                    return Verdict::compliant(format!(
                        "{arn} is attached to role {}, which has a trusted entity",
                        r.display_name()
                    ));
                }
                unused.push((
                    format!("role {} (no trusted entity)", r.display_name()),
                    attachment(r, arn),
                ));
            }
        }
        let kinds = match usage {
            "IAM_USER" => "user",
            "IAM_GROUP" => "group with members",
            "IAM_ROLE" => "role with a trusted entity",
            _ => "user, group with members or role with a trusted entity",
        };
        let detail = if unused.is_empty() {
            String::new()
        } else {
            let labels: Vec<&str> = unused.iter().map(|(label, _)| label.as_str()).collect();
            format!("; attached only to {}", labels.join(", "))
        };
        let no_attachment = |ty: &str| {
            let path = format!(
                "{}.configuration.attachedManagedPolicies[?(@.policyArn=='{arn}')]",
                items_path(ty, scope.account, None, None)
            );
            Evidence::at(path, json!([]))
        };
        let wanted = [(users_wanted, USER), (groups_wanted, GROUP), (roles_wanted, ROLE)];
        let mut evidence = unused
            .into_iter()
            .filter_map(|(_, e)| e)
            .chain(
                wanted
                    .into_iter()
                    .filter(|&(wanted, ty)| {
                        wanted && !cx.items_in(ty, scope).any(|i| has_policy(i, arn))
                    })
                    .map(|(_, ty)| no_attachment(ty)),
            );
        let first = evidence.next().unwrap_or_else(|| no_attachment(USER));
        Verdict::non_compliant_all(
            format!("{arn} is not attached to any IAM {kinds}{detail}"),
            first,
            evidence.collect(),
        )
    }
}
