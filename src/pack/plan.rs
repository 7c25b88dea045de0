//! From a template to the engine's [`Plan`]: each `AWS::Config::ConfigRule` is resolved
//! (condition, name, source, scope, input parameters) and mapped by its `Source`.
//!
//! | `Source` | becomes |
//! |---|---|
//! | `Owner: AWS`, an identifier we implement | a selected built-in rule |
//! | `Owner: AWS`, `AWS_CONFIG_PROCESS_CHECK` | listed as manual, with its `Description` |
//! | `Owner: AWS`, another identifier | listed as not implemented |
//! | `Owner: CUSTOM_LAMBDA` | listed as not evaluable offline |
//! | `Owner: CUSTOM_POLICY` | listed as unsupported |
//!
//! Listed rules have no evaluations, so none of them ever counts as passing. A rule that
//! cannot be resolved, or whose parameters the built-in rule rejects, is listed with
//! status `error` and becomes a `pack` problem: the run is incomplete.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::Pack;
use super::template::{PackError, Resolver, scalar_text as text};
use crate::engine::RuleRef;
use crate::engine::{Listed, Plan, ScopeFilter, Selected};
use crate::report::{ReportProblem, RuleStatus};
use crate::rules::{self, ValidParams};

/// The identifier of conformance-pack process checks.
pub const PROCESS_CHECK: &str = "AWS_CONFIG_PROCESS_CHECK";

/// User choices applied to a pack.
#[derive(Debug, Clone, Default)]
pub struct PackOptions {
    /// Template parameter values by name (`--param NAME=VALUE`), over the defaults.
    /// Pseudo parameters (`AWS::AccountId`, `AWS::Region`, …) can be given here too.
    pub parameters: BTreeMap<String, String>,
    /// `InputParameters` overrides per rule (`--param RULE.NAME=VALUE`, `--params-file`),
    /// keyed by managed identifier, built-in rule name or the pack's `ConfigRuleName`.
    /// They apply over what the template resolves to.
    pub rule_params: BTreeMap<String, BTreeMap<String, Value>>,
    /// User rules (`--rules-dir`): a pack may name them by identifier, and a user rule
    /// whose identifier or name is a `CUSTOM_LAMBDA` rule's `ConfigRuleName` runs in
    /// place of the Lambda.
    pub user_rules: Vec<RuleRef>,
    /// Fallback values for pseudo parameters (from the inputs, see
    /// [`pseudo_from_inventory`](super::pseudo_from_inventory)); `parameters` wins.
    pub pseudo: BTreeMap<String, String>,
}

/// What a pack rule maps to.
#[derive(Clone)]
pub enum Mapping {
    /// A built-in rule, with its validated parameters or the validation error.
    Builtin {
        rule: RuleRef,
        params: Result<ValidParams, String>,
    },
    /// `AWS_CONFIG_PROCESS_CHECK`: a manual attestation.
    ProcessCheck,
    /// An `AWS` identifier cfgaudit does not implement.
    NotImplemented,
    /// `CUSTOM_LAMBDA`: the function's code is not available offline.
    CustomLambda,
    /// `CUSTOM_POLICY`: a Guard policy, which cfgaudit cannot run yet.
    CustomPolicy { runtime: Option<String> },
    /// The rule could not be resolved (see [`PackRule::problem`]).
    Invalid,
}

impl std::fmt::Debug for Mapping {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Builtin { rule, params } => f
                .debug_struct("Builtin")
                .field("rule", &rule.meta().identifier)
                .field("params", params)
                .finish(),
            Self::ProcessCheck => f.write_str("ProcessCheck"),
            Self::NotImplemented => f.write_str("NotImplemented"),
            Self::CustomLambda => f.write_str("CustomLambda"),
            Self::CustomPolicy { runtime } => f
                .debug_struct("CustomPolicy")
                .field("runtime", runtime)
                .finish(),
            Self::Invalid => f.write_str("Invalid"),
        }
    }
}

/// One `AWS::Config::ConfigRule` of a pack, resolved.
#[derive(Debug, Clone)]
pub struct PackRule {
    pub logical_id: String,
    /// `ConfigRuleName`, or the logical id when the template gives none.
    pub config_rule_name: String,
    /// `Source.Owner`.
    pub owner: Option<String>,
    /// `Source.SourceIdentifier` (a Lambda ARN for `CUSTOM_LAMBDA`).
    pub source_identifier: Option<String>,
    pub description: Option<String>,
    pub filter: Option<ScopeFilter>,
    /// `InputParameters` after resolution and overrides (built-in rules only).
    pub input_parameters: BTreeMap<String, Value>,
    pub mapping: Mapping,
    /// Why the rule cannot run as the template asks (resolution or parameter error).
    pub problem: Option<String>,
}

impl PackRule {
    /// The identifier reports show: the managed identifier, or the owner for custom rules.
    pub fn identifier(&self) -> &str {
        match &self.mapping {
            Mapping::CustomLambda => "CUSTOM_LAMBDA",
            Mapping::CustomPolicy { .. } => "CUSTOM_POLICY",
            _ => self
                .source_identifier
                .as_deref()
                .or(self.owner.as_deref())
                .unwrap_or("UNKNOWN"),
        }
    }

    /// Why the rule is listed rather than evaluated.
    pub fn note(&self) -> String {
        match &self.mapping {
            Mapping::Builtin { rule, .. } => self
                .problem
                .clone()
                .unwrap_or_else(|| format!("built-in rule {}", rule.meta().name)),
            Mapping::ProcessCheck => self.description.clone().map_or_else(
                || "manual process check (no description in the pack)".to_owned(),
                |d| d.trim().to_owned(),
            ),
            Mapping::NotImplemented => {
                "cfgaudit has no built-in rule for this managed rule identifier".to_owned()
            }
            Mapping::CustomLambda => match &self.source_identifier {
                Some(arn) => format!("custom Lambda rule ({arn}): its code does not run offline"),
                None => "custom Lambda rule: its code does not run offline".to_owned(),
            },
            Mapping::CustomPolicy { runtime } => format!(
                "custom policy rule{}: {}",
                runtime
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default(),
                crate::rules::custom::guard::UNSUPPORTED_REASON
            ),
            Mapping::Invalid => self
                .problem
                .clone()
                .unwrap_or_else(|| "the rule could not be resolved".to_owned()),
        }
    }
}

/// A pack with every rule resolved and mapped.
#[derive(Debug, Clone)]
pub struct ResolvedPack {
    pub name: String,
    /// Rules in logical-id order.
    pub rules: Vec<PackRule>,
    /// Logical ids of rules whose `Condition` is false: they do not exist.
    pub skipped: Vec<String>,
    /// Other resources (`AWS::Config::RemediationConfiguration`, …), ignored offline, as
    /// (logical id, type).
    pub ignored: Vec<(String, String)>,
}

/// Finds a built-in rule by its AWS identifier only (pack rule names are free text).
/// The rule a pack's `SourceIdentifier` names: a built-in rule by identifier, else a user
/// rule by identifier (case-insensitive).
fn find_rule(identifier: &str, user: &[RuleRef]) -> Option<RuleRef> {
    rules::registry()
        .iter()
        .find(|r| r.meta().identifier.eq_ignore_ascii_case(identifier))
        .map(|r| RuleRef::Builtin(*r))
        .or_else(|| {
            user.iter()
                .find(|r| r.meta().identifier.eq_ignore_ascii_case(identifier))
                .cloned()
        })
}

/// A user rule standing in for a `CUSTOM_LAMBDA` rule: same identifier or name as the
/// pack's `ConfigRuleName`.
fn stand_in(config_rule_name: &str, user: &[RuleRef]) -> Option<RuleRef> {
    user.iter()
        .find(|r| {
            let m = r.meta();
            m.identifier.eq_ignore_ascii_case(config_rule_name)
                || m.name.eq_ignore_ascii_case(config_rule_name)
        })
        .cloned()
}

/// Resolves `obj[key]` to text; `Ok(None)` when absent or `AWS::NoValue`.
fn resolve_text(
    r: &Resolver<'_>,
    obj: &Value,
    key: &str,
    context: &str,
) -> Result<Option<String>, String> {
    let Some(raw) = obj.get(key) else {
        return Ok(None);
    };
    match r.resolve(raw) {
        Ok(None) => Ok(None),
        Ok(Some(v)) => text(&v)
            .map(Some)
            .ok_or_else(|| format!("{context}{key}: expected text, got {v}")),
        Err(e) => Err(format!("{context}{key}: {e}")),
    }
}

fn string_list(v: &Value, what: &str) -> Result<Vec<String>, String> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{what}: expected resource type names, got {i}"))
            })
            .collect(),
        other => Err(format!(
            "{what}: expected a list of resource types, got {other}"
        )),
    }
}

/// `Scope` → [`ScopeFilter`]; `None` when the scope restricts nothing.
fn scope_filter(r: &Resolver<'_>, props: &Value) -> Result<Option<ScopeFilter>, String> {
    let Some(raw) = props.get("Scope") else {
        return Ok(None);
    };
    let scope = match r.resolve(raw) {
        Ok(Some(v @ Value::Object(_))) => v,
        Ok(None | Some(Value::Null)) => return Ok(None),
        Ok(Some(other)) => return Err(format!("Scope: expected a mapping, got {other}")),
        Err(e) => return Err(format!("Scope: {e}")),
    };
    let field = |k: &str| -> Result<Option<String>, String> {
        match scope.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => text(v)
                .map(Some)
                .ok_or_else(|| format!("Scope.{k}: expected text, got {v}")),
        }
    };
    let filter = ScopeFilter {
        resource_types: match scope.get("ComplianceResourceTypes") {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => string_list(v, "Scope.ComplianceResourceTypes")?,
        },
        resource_id: field("ComplianceResourceId")?,
        tag_key: field("TagKey")?,
        tag_value: field("TagValue")?,
    };
    if filter.tag_value.is_some() && filter.tag_key.is_none() {
        return Err("Scope.TagValue needs a TagKey".to_owned());
    }
    Ok((filter != ScopeFilter::default()).then_some(filter))
}

/// `InputParameters` → name → value. Lists (from `CommaDelimitedList` parameters) are
/// joined with commas; a JSON string (CloudFormation's other spelling) is parsed.
fn input_parameters(r: &Resolver<'_>, props: &Value) -> Result<BTreeMap<String, Value>, String> {
    let Some(raw) = props.get("InputParameters") else {
        return Ok(BTreeMap::new());
    };
    let resolved = match r.resolve(raw) {
        Ok(v) => v,
        Err(e) => return Err(format!("InputParameters: {e}")),
    };
    let map = match resolved {
        None | Some(Value::Null) => return Ok(BTreeMap::new()),
        Some(Value::Object(m)) => m,
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(BTreeMap::new()),
        Some(Value::String(s)) => match serde_json::from_str::<Value>(&s) {
            Ok(Value::Object(m)) => m,
            _ => {
                return Err(format!(
                    "InputParameters: expected a mapping or a JSON object string, got `{s}`"
                ));
            }
        },
        Some(other) => {
            return Err(format!("InputParameters: expected a mapping, got {other}"));
        }
    };
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                Value::Array(items) if items.iter().all(|i| text(i).is_some()) => {
                    Value::String(items.iter().filter_map(text).collect::<Vec<_>>().join(","))
                }
                other => other,
            };
            (k, v)
        })
        .collect())
}

/// Resolves one rule. `None`: its condition is false, so it does not exist.
fn resolve_rule(
    r: &Resolver<'_>,
    user: &[RuleRef],
    logical_id: &str,
    condition: Option<&str>,
    props: &Value,
) -> Option<PackRule> {
    let mut rule = PackRule {
        logical_id: logical_id.to_owned(),
        config_rule_name: logical_id.to_owned(),
        owner: None,
        source_identifier: None,
        description: None,
        filter: None,
        input_parameters: BTreeMap::new(),
        mapping: Mapping::Invalid,
        problem: None,
    };
    let invalid = |mut rule: PackRule, why: String| {
        rule.mapping = Mapping::Invalid;
        rule.problem = Some(why);
        Some(rule)
    };
    if let Some(c) = condition {
        match r.condition(c) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => return invalid(rule, format!("Condition: {e}")),
        }
    }
    if !props.is_object() {
        return invalid(rule, "Properties: expected a mapping".to_owned());
    }
    match resolve_text(r, props, "ConfigRuleName", "") {
        Ok(Some(name)) => rule.config_rule_name = name,
        Ok(None) => {}
        Err(e) => return invalid(rule, e),
    }
    rule.description = resolve_text(r, props, "Description", "").ok().flatten();
    let Some(source) = props.get("Source") else {
        return invalid(rule, "no `Source`".to_owned());
    };
    match resolve_text(r, source, "Owner", "Source.") {
        Ok(Some(o)) => rule.owner = Some(o),
        Ok(None) => return invalid(rule, "Source.Owner is missing".to_owned()),
        Err(e) => return invalid(rule, e),
    }
    let ident = resolve_text(r, source, "SourceIdentifier", "Source.");
    let owner = rule.owner.clone().unwrap_or_default();
    match owner.to_ascii_uppercase().as_str() {
        "CUSTOM_LAMBDA" => {
            // The Lambda ARN is informative only: a missing value is no problem.
            rule.source_identifier = ident.ok().flatten();
            let Some(user_rule) = stand_in(&rule.config_rule_name, user) else {
                rule.mapping = Mapping::CustomLambda;
                return Some(rule);
            };
            return Some(finish_rule(r, props, rule, user_rule));
        }
        "CUSTOM_POLICY" => {
            rule.source_identifier = ident.ok().flatten();
            let runtime = source
                .get("CustomPolicyDetails")
                .and_then(|d| resolve_text(r, d, "PolicyRuntime", "").ok().flatten());
            rule.mapping = Mapping::CustomPolicy { runtime };
            return Some(rule);
        }
        "AWS" => {}
        _ => {
            return invalid(
                rule,
                format!("Source.Owner `{owner}` is not AWS, CUSTOM_LAMBDA or CUSTOM_POLICY"),
            );
        }
    }
    let identifier = match ident {
        Ok(Some(i)) => i,
        Ok(None) => return invalid(rule, "Source.SourceIdentifier is missing".to_owned()),
        Err(e) => return invalid(rule, e),
    };
    rule.source_identifier = Some(identifier.clone());
    if identifier == PROCESS_CHECK {
        rule.mapping = Mapping::ProcessCheck;
        return Some(rule);
    }
    let Some(target) = find_rule(&identifier, user) else {
        rule.mapping = Mapping::NotImplemented;
        return Some(rule);
    };
    Some(finish_rule(r, props, rule, target))
}

/// Maps a pack rule onto a rule cfgaudit runs, with its scope and `InputParameters`.
fn finish_rule(r: &Resolver<'_>, props: &Value, mut rule: PackRule, target: RuleRef) -> PackRule {
    rule.mapping = Mapping::Builtin {
        rule: target,
        params: Err(String::new()),
    };
    match scope_filter(r, props) {
        Ok(f) => rule.filter = f,
        Err(e) => {
            rule.problem = Some(e);
            return rule;
        }
    }
    match input_parameters(r, props) {
        Ok(p) => rule.input_parameters = p,
        Err(e) => rule.problem = Some(e),
    }
    rule
}

/// Whether an override key names this rule.
fn key_matches(key: &str, rule: &PackRule) -> bool {
    if key == rule.config_rule_name {
        return true;
    }
    match &rule.mapping {
        Mapping::Builtin { rule: b, .. } => {
            let m = b.meta();
            m.identifier.eq_ignore_ascii_case(key) || m.name.eq_ignore_ascii_case(key)
        }
        _ => false,
    }
}

impl Pack {
    /// Checks the template parameter overrides in `opts` (names, `AllowedValues`)
    /// without resolving rules: cheap, so callers can fail before reading inputs.
    pub fn check_parameters(&self, opts: &PackOptions) -> Result<(), PackError> {
        Resolver::new(&self.template, &opts.parameters, &opts.pseudo).map(drop)
    }

    /// Resolves every rule with `opts`. Errors are the user's: an override naming no
    /// template parameter or no rule of the pack. Problems in the template itself are
    /// kept on the rules they affect.
    pub fn resolve(&self, opts: &PackOptions) -> Result<ResolvedPack, PackError> {
        let resolver = Resolver::new(&self.template, &opts.parameters, &opts.pseudo)?;
        let mut out = ResolvedPack {
            name: self.name.clone(),
            rules: Vec::new(),
            skipped: Vec::new(),
            ignored: Vec::new(),
        };
        for res in &self.template.resources {
            if res.ty != "AWS::Config::ConfigRule" {
                out.ignored.push((res.logical_id.clone(), res.ty.clone()));
                continue;
            }
            match resolve_rule(
                &resolver,
                &opts.user_rules,
                &res.logical_id,
                res.condition.as_deref(),
                &res.properties,
            ) {
                Some(rule) => out.rules.push(rule),
                None => out.skipped.push(res.logical_id.clone()),
            }
        }
        for key in opts.rule_params.keys() {
            if !out.rules.iter().any(|r| key_matches(key, r)) {
                return Err(PackError::Override(format!(
                    "parameters given for `{key}`, which names no built-in rule of the pack \
                     (use its identifier, rule name or ConfigRuleName)"
                )));
            }
        }
        for rule in &mut out.rules {
            for (key, values) in &opts.rule_params {
                if key_matches(key, rule) {
                    rule.input_parameters
                        .extend(values.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
            }
            let problem = rule.problem.clone();
            if let Mapping::Builtin { rule: b, params } = &mut rule.mapping {
                *params = match problem {
                    Some(p) => Err(p),
                    None => ValidParams::validate(b.meta(), &rule.input_parameters)
                        .map_err(|e| e.to_string()),
                };
                if let Err(e) = params {
                    rule.problem = Some(e.clone());
                }
            }
        }
        Ok(out)
    }
}

impl ResolvedPack {
    /// The message of a rule's problem, naming the pack and the rule.
    pub fn problem_message(&self, rule: &PackRule) -> Option<String> {
        rule.problem.as_ref().map(|p| {
            format!(
                "pack {}: rule `{}` ({}): {p}",
                self.name,
                rule.config_rule_name,
                rule.identifier()
            )
        })
    }

    /// Every problem, as report problems of kind `pack`.
    pub fn problems(&self) -> Vec<ReportProblem> {
        self.rules
            .iter()
            .filter_map(|r| self.problem_message(r))
            .map(|message| ReportProblem {
                kind: "pack",
                message,
            })
            .collect()
    }

    /// The engine's plan: built-in rules with valid parameters are selected; every other
    /// rule is listed with its status, and problems make the run incomplete.
    pub fn plan(&self) -> Plan {
        let mut plan = Plan::default();
        for r in &self.rules {
            let name: Arc<str> = Arc::from(r.config_rule_name.as_str());
            let status = match &r.mapping {
                Mapping::Builtin {
                    rule,
                    params: Ok(params),
                } => {
                    plan.selected.push(Selected {
                        rule: rule.clone(),
                        params: params.clone(),
                        filter: r.filter.clone(),
                        config_rule_name: Some(name),
                    });
                    continue;
                }
                Mapping::Builtin { params: Err(_), .. } | Mapping::Invalid => RuleStatus::Error,
                Mapping::ProcessCheck => RuleStatus::Manual,
                Mapping::NotImplemented => RuleStatus::NotImplemented,
                Mapping::CustomLambda => RuleStatus::NotEvaluable,
                Mapping::CustomPolicy { .. } => RuleStatus::Unsupported,
            };
            plan.listed.push(Listed {
                identifier: Arc::from(r.identifier()),
                config_rule_name: Some(name),
                status,
                note: r.note(),
            });
        }
        plan.problems = self.problems();
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pack(yaml: &str) -> Pack {
        Pack::parse("test-pack", yaml).unwrap()
    }

    fn only(p: &ResolvedPack) -> &PackRule {
        assert_eq!(p.rules.len(), 1, "{:?}", p.rules);
        &p.rules[0]
    }

    const SOURCES: &str = "
Parameters:
  LambdaArn:
    Type: String
Resources:
  Ssh:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: restricted-ssh
      Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}
  Process:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: alarm-root-account-use
      Description: Ensure a log metric filter and alarm exist for usage of the root user.
      Source: {Owner: AWS, SourceIdentifier: AWS_CONFIG_PROCESS_CHECK}
  Unknown:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: not-a-real-rule
      Source: {Owner: AWS, SourceIdentifier: NOT_A_REAL_RULE_IDENTIFIER}
  Lambda:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: CustomRule
      Source:
        Owner: CUSTOM_LAMBDA
        SourceIdentifier: {Ref: LambdaArn}
  Policy:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: guard-rule
      Source:
        Owner: CUSTOM_POLICY
        CustomPolicyDetails: {PolicyRuntime: guard-2.x.x, PolicyText: 'rule x {}'}
  Remediation:
    Type: AWS::Config::RemediationConfiguration
    Properties: {ConfigRuleName: restricted-ssh}
";

    #[test]
    fn each_source_owner_maps_to_its_status() {
        let p = pack(SOURCES).resolve(&PackOptions::default()).unwrap();
        let by_name = |n: &str| p.rules.iter().find(|r| r.config_rule_name == n).unwrap();
        assert!(matches!(
            by_name("restricted-ssh").mapping,
            Mapping::Builtin { params: Ok(_), .. }
        ));
        assert!(matches!(
            by_name("alarm-root-account-use").mapping,
            Mapping::ProcessCheck
        ));
        assert!(
            by_name("alarm-root-account-use")
                .note()
                .starts_with("Ensure a log metric")
        );
        assert!(matches!(
            by_name("not-a-real-rule").mapping,
            Mapping::NotImplemented
        ));
        assert!(matches!(
            by_name("CustomRule").mapping,
            Mapping::CustomLambda
        ));
        assert!(
            by_name("CustomRule").problem.is_none(),
            "an unset Lambda ARN is no problem"
        );
        assert!(matches!(
            &by_name("guard-rule").mapping,
            Mapping::CustomPolicy { runtime: Some(r) } if r == "guard-2.x.x"
        ));
        assert_eq!(
            p.ignored,
            vec![(
                "Remediation".to_owned(),
                "AWS::Config::RemediationConfiguration".to_owned()
            )]
        );

        let plan = p.plan();
        assert_eq!(plan.selected.len(), 1);
        assert_eq!(
            plan.selected[0].config_rule_name.as_deref(),
            Some("restricted-ssh")
        );
        assert!(plan.problems.is_empty(), "{:?}", plan.problems);
        let status = |n: &str| {
            plan.listed
                .iter()
                .find(|l| l.config_rule_name.as_deref() == Some(n))
                .map(|l| (l.status, &*l.identifier))
                .unwrap()
        };
        assert_eq!(
            status("alarm-root-account-use"),
            (RuleStatus::Manual, PROCESS_CHECK)
        );
        assert_eq!(
            status("not-a-real-rule"),
            (RuleStatus::NotImplemented, "NOT_A_REAL_RULE_IDENTIFIER")
        );
        assert_eq!(
            status("CustomRule"),
            (RuleStatus::NotEvaluable, "CUSTOM_LAMBDA")
        );
        assert_eq!(
            status("guard-rule"),
            (RuleStatus::Unsupported, "CUSTOM_POLICY")
        );
    }

    #[test]
    fn unknown_owner_is_a_problem() {
        let p = pack(
            "Resources:
  R:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: r
      Source: {Owner: SOMEONE, SourceIdentifier: X}
",
        )
        .resolve(&PackOptions::default())
        .unwrap();
        assert!(matches!(only(&p).mapping, Mapping::Invalid));
        let plan = p.plan();
        assert_eq!(plan.listed[0].status, RuleStatus::Error);
        assert_eq!(plan.problems.len(), 1);
        assert_eq!(plan.problems[0].kind, "pack");
        assert!(
            plan.problems[0]
                .message
                .contains("pack test-pack: rule `r`")
        );
    }

    const PARAMS: &str = "
Parameters:
  Port:
    Type: String
    Default: '3389'
  Extra:
    Type: String
    Default: ''
Conditions:
  portGiven:
    Fn::Not: [Fn::Equals: ['', Ref: Port]]
  extraGiven:
    Fn::Not: [Fn::Equals: ['', Ref: Extra]]
Resources:
  Ssh:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: restricted-ssh
      InputParameters:
        someParameter:
          Fn::If: [extraGiven, Ref: Extra, Ref: AWS::NoValue]
      Scope:
        ComplianceResourceTypes: [AWS::EC2::SecurityGroup]
        TagKey: env
        TagValue: prod
      Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}
  Gated:
    Type: AWS::Config::ConfigRule
    Condition: extraGiven
    Properties:
      ConfigRuleName: gated
      Source: {Owner: AWS, SourceIdentifier: AWS_CONFIG_PROCESS_CHECK}
";

    #[test]
    fn scope_becomes_a_filter() {
        let p = pack(PARAMS).resolve(&PackOptions::default()).unwrap();
        assert_eq!(
            only(&p).filter,
            Some(ScopeFilter {
                resource_types: vec!["AWS::EC2::SecurityGroup".to_owned()],
                resource_id: None,
                tag_key: Some("env".to_owned()),
                tag_value: Some("prod".to_owned()),
            })
        );
        let p = pack(
            "Resources:
  R:
    Type: AWS::Config::ConfigRule
    Properties:
      Scope: {ComplianceResourceTypes: AWS::EC2::SecurityGroup, ComplianceResourceId: sg-1}
      Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}
",
        )
        .resolve(&PackOptions::default())
        .unwrap();
        let r = only(&p);
        assert_eq!(
            r.config_rule_name, "R",
            "the logical id when ConfigRuleName is absent"
        );
        let f = r.filter.as_ref().unwrap();
        assert_eq!(f.resource_types, vec!["AWS::EC2::SecurityGroup"]);
        assert_eq!(f.resource_id.as_deref(), Some("sg-1"));
    }

    #[test]
    fn false_condition_skips_the_rule_and_parameters_override() {
        let p = pack(PARAMS).resolve(&PackOptions::default()).unwrap();
        assert_eq!(p.skipped, vec!["Gated".to_owned()]);
        assert!(
            only(&p).input_parameters.is_empty(),
            "the empty default drops the key"
        );
        assert!(only(&p).problem.is_none());

        // Setting the parameter brings the gated rule in and passes a value our rule
        // does not model: a pack problem naming the rule and the parameter.
        let opts = PackOptions {
            parameters: BTreeMap::from([("Extra".to_owned(), "x".to_owned())]),
            ..PackOptions::default()
        };
        let p = pack(PARAMS).resolve(&opts).unwrap();
        assert!(p.skipped.is_empty());
        let ssh = p.rules.iter().find(|r| r.logical_id == "Ssh").unwrap();
        assert_eq!(
            ssh.input_parameters,
            BTreeMap::from([("someParameter".to_owned(), json!("x"))])
        );
        let plan = p.plan();
        assert!(plan.selected.is_empty());
        assert_eq!(plan.problems.len(), 1);
        let msg = &plan.problems[0].message;
        assert!(
            msg.contains("restricted-ssh") && msg.contains("someParameter"),
            "{msg}"
        );
        assert!(msg.contains("test-pack"), "{msg}");
    }

    #[test]
    fn bad_overrides_are_errors() {
        let opts = PackOptions {
            parameters: BTreeMap::from([("Nope".to_owned(), "x".to_owned())]),
            ..PackOptions::default()
        };
        assert!(matches!(
            pack(PARAMS).resolve(&opts),
            Err(PackError::Override(_))
        ));
        let opts = PackOptions {
            rule_params: BTreeMap::from([("no-such-rule".to_owned(), BTreeMap::new())]),
            ..PackOptions::default()
        };
        assert!(matches!(
            pack(PARAMS).resolve(&opts),
            Err(PackError::Override(_))
        ));
        // By identifier, rule name or ConfigRuleName.
        for key in ["INCOMING_SSH_DISABLED", "restricted-ssh"] {
            let opts = PackOptions {
                rule_params: BTreeMap::from([(key.to_owned(), BTreeMap::new())]),
                ..PackOptions::default()
            };
            assert!(pack(PARAMS).resolve(&opts).is_ok(), "{key}");
        }
    }

    #[test]
    fn input_parameter_values_of_every_kind() {
        let p = pack(
            "Parameters:
  L: {Type: CommaDelimitedList, Default: 'a,b'}
Resources:
  R:
    Type: AWS::Config::ConfigRule
    Properties:
      InputParameters: {s: '90', n: 90, b: true, l: {Ref: L}}
      Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}
",
        )
        .resolve(&PackOptions::default())
        .unwrap();
        assert_eq!(
            only(&p).input_parameters,
            BTreeMap::from([
                ("b".to_owned(), json!(true)),
                ("l".to_owned(), json!("a,b")),
                ("n".to_owned(), json!(90)),
                ("s".to_owned(), json!("90")),
            ])
        );
        let p = pack(
            r#"Resources:
  R:
    Type: AWS::Config::ConfigRule
    Properties:
      InputParameters: '{"x": "1"}'
      Source: {Owner: AWS, SourceIdentifier: INCOMING_SSH_DISABLED}
"#,
        )
        .resolve(&PackOptions::default())
        .unwrap();
        assert_eq!(only(&p).input_parameters["x"], json!("1"));
    }
}
