use crate::rules::prelude::*;
use crate::rules::support::more::config_field;
use crate::rules::support::{as_bool, as_int, config_path};

declare_managed_rule! {
    /// Whether Secrets Manager secrets have rotation enabled (optionally at least as often
    /// as a maximum interval).
    ///
    /// ## What it checks
    /// The secret's `RotationEnabled`, and, when `maximumAllowedRotationFrequency` (days)
    /// or `maximumAllowedRotationFrequencyInHours` is given, its rotation interval from
    /// `RotationRules`: `AutomaticallyAfterDays`, `AutomaticallyAfterHours`, or a
    /// `ScheduleExpression`/`RotationScheduleExpression` of the form `rate(N days)` or
    /// `rate(N hours)`.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: rotation is not enabled; or the interval is longer than a given
    ///   maximum. Evidence: the field's path and value.
    /// - `COMPLIANT`: rotation is enabled (within the maximum).
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    /// - `INSUFFICIENT_DATA`: a maximum is given but the interval cannot be read (a
    ///   `cron(…)` schedule, or no rotation rules recorded).
    ///
    /// ## Differences from AWS
    /// AWS does not say how schedule expressions are compared. We compute intervals only
    /// from day and hour counts and `rate(…)` expressions; `cron(…)` schedules give
    /// INSUFFICIENT_DATA when a maximum is set.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-rotation-enabled-check.html>
    pub SecretsmanagerRotationEnabledCheck {
        identifier: "SECRETSMANAGER_ROTATION_ENABLED_CHECK",
        name: "secretsmanager-rotation-enabled-check",
        resource_types: &["AWS::SecretsManager::Secret"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("cron(...) schedules cannot be compared with a maximum"),
        needs: &[],
        parameters: &[
            ParamSpec::int("maximumAllowedRotationFrequency").doc("Maximum allowed rotation frequency of the secret in days."),
            ParamSpec::int("maximumAllowedRotationFrequencyInHours").doc("Maximum allowed rotation frequency of the secret in hours."),
        ],
    }
}

/// Hours of a `rate(N day[s])` / `rate(N hour[s])` expression.
fn rate_hours(expression: &str) -> Option<i64> {
    let inner = expression.trim().strip_prefix("rate(")?.strip_suffix(')')?;
    let (n, unit) = inner.trim().split_once(' ')?;
    let n: i64 = n.trim().parse().ok()?;
    match unit.trim().trim_end_matches('s').to_ascii_lowercase().as_str() {
        "day" => Some(n * 24),
        "hour" => Some(n),
        _ => None,
    }
}

/// The rotation interval in hours, with the field it was read from.
fn interval_hours(item: &ConfigItem) -> Option<(&'static str, i64, &Value)> {
    let (path, days) = config_field(item, &["RotationRules.AutomaticallyAfterDays"]);
    if let Some(d) = as_int(days).filter(|d| *d > 0) {
        return Some((path, d * 24, days));
    }
    let (path, hours) = config_field(item, &["RotationRules.AutomaticallyAfterHours"]);
    if let Some(h) = as_int(hours).filter(|h| *h > 0) {
        return Some((path, h, hours));
    }
    let (path, expr) = config_field(
        item,
        &["RotationRules.ScheduleExpression", "RotationRules.RotationScheduleExpression"],
    );
    expr.as_str().and_then(rate_hours).map(|h| (path, h, expr))
}

impl Evaluate for SecretsmanagerRotationEnabledCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (path, enabled) = config_field(item, &["RotationEnabled", "rotationEnabled"]);
        if as_bool(enabled) != Some(true) {
            return Verdict::non_compliant(
                format!("rotation is not enabled ({path}: {enabled})"),
                Evidence::at(config_path(path), enabled.clone()),
            );
        }
        let params = cx.params();
        let limits: Vec<(i64, String)> = [
            params
                .int("maximumAllowedRotationFrequency")
                .map(|d| (d * 24, format!("{d} day(s)"))),
            params
                .int("maximumAllowedRotationFrequencyInHours")
                .map(|h| (h, format!("{h} hour(s)"))),
        ]
        .into_iter()
        .flatten()
        .collect();
        if limits.is_empty() {
            return Verdict::compliant("rotation is enabled");
        }
        let Some((path, hours, value)) = interval_hours(item) else {
            return Verdict::insufficient_data(
                "the rotation interval cannot be read from RotationRules (no day or hour count, no rate(...) schedule)",
            );
        };
        if let Some((_, text)) = limits.iter().find(|(max, _)| hours > *max) {
            return Verdict::non_compliant(
                format!("the secret rotates every {hours} hour(s), less often than every {text}"),
                Evidence::at(config_path(path), value.clone()),
            );
        }
        Verdict::compliant(format!("the secret rotates every {hours} hour(s)"))
    }
}
