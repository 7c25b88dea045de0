use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::more::config_field;

declare_managed_rule! {
    /// Whether CloudWatch alarms have actions for the ALARM, INSUFFICIENT_DATA and OK
    /// states (as required), optionally including a named action ARN.
    ///
    /// ## What it checks
    /// `alarmActions`, `insufficientDataActions` and `okactions` (also `okActions`) of
    /// the alarm: each list whose `…Required` parameter is true must be non-empty. When
    /// any of `action1` … `action5` is given, at least one of the alarm's actions must be
    /// one of those ARNs.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a required action list is empty or missing; or `action1` …
    ///   `action5` are given and none of the alarm's actions is among them. Evidence:
    ///   the list's path and value.
    /// - `COMPLIANT`: every required state has an action (and a named ARN is used).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not say which of the alarm's actions must match `action1` … `action5`;
    /// we accept a match in any of the three lists. `actionsEnabled: false` is not
    /// read, as in AWS's text.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-alarm-action-check.html>
    pub CloudwatchAlarmActionCheck {
        identifier: "CLOUDWATCH_ALARM_ACTION_CHECK",
        name: "cloudwatch-alarm-action-check",
        resource_types: &["AWS::CloudWatch::Alarm"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("a named action ARN may match any of the three action lists"),
        needs: &[],
        parameters: &[
            ParamSpec::bool("alarmActionRequired").default("true").doc("Alarms have at least one action."),
            ParamSpec::bool("insufficientDataActionRequired").default("true").doc("Alarms have at least one action when the alarm transitions to the INSUFFICIENT_DATA state from any other state."),
            ParamSpec::bool("okActionRequired").default("false").doc("Alarms have at least one action when the alarm transitions to an OK state from any other state."),
            ParamSpec::string("action1").doc("The action to execute, specified as an ARN."),
            ParamSpec::string("action2").doc("The action to execute, specified as an ARN."),
            ParamSpec::string("action3").doc("The action to execute, specified as an ARN."),
            ParamSpec::string("action4").doc("The action to execute, specified as an ARN."),
            ParamSpec::string("action5").doc("The action to execute, specified as an ARN."),
        ],
    }
}

/// (parameter, state, field spellings)
const KINDS: [(&str, &str, &[&str]); 3] = [
    ("alarmActionRequired", "ALARM", &["alarmActions", "AlarmActions"]),
    (
        "insufficientDataActionRequired",
        "INSUFFICIENT_DATA",
        &["insufficientDataActions", "InsufficientDataActions"],
    ),
    ("okActionRequired", "OK", &["okactions", "okActions", "OKActions"]),
];

const NAMED: [&str; 5] = ["action1", "action2", "action3", "action4", "action5"];

impl Evaluate for CloudwatchAlarmActionCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let params = cx.params();
        let mut all: Vec<&str> = Vec::new();
        for (param, state, fields) in KINDS {
            let (path, list) = config_field(item, fields);
            let actions: Vec<&str> = list
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if params.bool(param).unwrap_or(false) && actions.is_empty() {
                return Verdict::non_compliant(
                    format!("the alarm has no action for the {state} state ({param} is true)"),
                    Evidence::at(config_path(path), list.clone()),
                );
            }
            all.extend(actions);
        }
        let named: Vec<&str> = NAMED
            .iter()
            .filter_map(|n| params.str(n))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if named.is_empty() {
            return Verdict::compliant(format!("the alarm has {} action(s) for the required states", all.len()));
        }
        match all.iter().find(|a| named.contains(a)) {
            Some(a) => Verdict::compliant(format!("the alarm uses the named action {a}")),
            None => Verdict::non_compliant(
                format!("none of the alarm's actions is one of {}", named.join(", ")),
                Evidence::at(config_path(config_field(item, KINDS[0].2).0), json!(all)),
            ),
        }
    }
}
