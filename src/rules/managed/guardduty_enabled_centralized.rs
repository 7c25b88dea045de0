use crate::rules::prelude::*;
use crate::rules::support::logging::field;
use crate::rules::support::{item_path, no_items};
use crate::rules::support::{as_bool, config_path};

declare_managed_rule! {
    /// Whether Amazon GuardDuty is enabled in each account and Region.
    ///
    /// ## What it checks
    /// Whether the account has an enabled `AWS::GuardDuty::Detector` in the Region. With
    /// `CentralMonitoringAccount`, AWS also checks that the account's GuardDuty findings go
    /// to one of the listed administrator accounts.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the Region has no detector item, or every detector has
    ///   `Enable: false`. Evidence: the detectors' `Enable` field, or the empty set of
    ///   detector items.
    /// - `COMPLIANT`: an enabled detector exists, and `CentralMonitoringAccount` is not
    ///   given or lists this account itself.
    /// - `INSUFFICIENT_DATA`: an enabled detector exists, but `CentralMonitoringAccount`
    ///   lists other accounts: the administrator/member link (GuardDuty
    ///   GetAdministratorAccount) is not in configuration items.
    ///
    /// ## Differences from AWS
    /// A missing detector item is read as "GuardDuty not enabled", which also happens
    /// when AWS Config does not record `AWS::GuardDuty::Detector`. The detector's
    /// `Enable` flag (or `Status: ENABLED`) decides.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/guardduty-enabled-centralized.html>
    pub GuarddutyEnabledCentralized {
        identifier: "GUARDDUTY_ENABLED_CENTRALIZED",
        name: "guardduty-enabled-centralized",
        resource_types: &[],
        scope: Scope::AccountRegion,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "a missing detector item means not enabled; the administrator link for CentralMonitoringAccount is not recorded",
        ),
        needs: &[
            Need::Relationships,
            Need::External("GuardDuty GetAdministratorAccount (only with CentralMonitoringAccount)"),
        ],
        parameters: &[
            ParamSpec::csv("CentralMonitoringAccount")
                .doc("Comma-separated 12-digit account IDs of the GuardDuty administrator accounts that centralize findings."),
        ],
    }
}

const DETECTOR: &str = "AWS::GuardDuty::Detector";

fn enabled(detector: &ConfigItem) -> (String, Value, bool) {
    if let Some((name, value)) = field(detector, &["Enable", "enable"]) {
        return (config_path(name), value.clone(), as_bool(value) == Some(true));
    }
    match field(detector, &["Status", "status"]) {
        Some((name, value)) => (
            config_path(name),
            value.clone(),
            value.as_str().is_some_and(|s| s.eq_ignore_ascii_case("enabled")),
        ),
        None => (config_path("Enable"), Value::Null, false),
    }
}

impl Evaluate for GuarddutyEnabledCentralized {
    fn evaluate_account(&self, scope: &AccountScope<'_>, cx: &RuleContext<'_>) -> Verdict {
        let region = scope.region.unwrap_or("global");
        let detectors: Vec<&ConfigItem> = cx.items_in(DETECTOR, scope).collect();
        let Some(on) = detectors.iter().find(|d| enabled(d).2) else {
            let mut evidence = detectors.iter().map(|d| {
                let (path, value, _) = enabled(d);
                Evidence::at(item_path(d, &path), value)
            });
            let annotation = if detectors.is_empty() {
                format!("GuardDuty is not enabled in {region}: no detector in the input")
            } else {
                format!(
                    "GuardDuty is not enabled in {region}: detector {} is disabled",
                    detectors[0].key.resource_id
                )
            };
            return match evidence.next() {
                Some(first) => Verdict::non_compliant_all(annotation, first, evidence.collect()),
                None => Verdict::non_compliant(annotation, no_items(DETECTOR, scope.account, scope.region)),
            };
        };
        let central = cx.params().list("CentralMonitoringAccount");
        if central.is_empty() || central.iter().any(|a| a == scope.account) {
            return Verdict::compliant(format!(
                "GuardDuty detector {} is enabled in {region}",
                on.key.resource_id
            ));
        }
        Verdict::insufficient_data(format!(
            "GuardDuty detector {} is enabled in {region}, but whether its findings go to administrator account {} is not recorded by AWS Config",
            on.key.resource_id,
            central.join(" or ")
        ))
    }
}
