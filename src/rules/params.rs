//! InputParameters validation, once, before evaluation (unvalidated → validated).

use std::collections::BTreeMap;

use serde_json::Value;

use super::{ParamKind, RuleMeta};

/// A parameter value after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    Int(i64),
    Bool(bool),
    Str(String),
    List(Vec<String>),
}

/// What is wrong with a rule's parameters. Every variant names the rule and parameter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error("{rule}: unknown parameter `{name}` (known: {known})")]
    Unknown {
        rule: String,
        name: String,
        known: String,
    },
    #[error("{rule}: parameter `{name}` must be {expected}, got `{value}`")]
    WrongKind {
        rule: String,
        name: String,
        expected: String,
        value: String,
    },
    #[error("{rule}: parameter `{name}` must be between {min} and {max}, got {value}")]
    OutOfRange {
        rule: String,
        name: String,
        min: i64,
        max: i64,
        value: i64,
    },
    #[error("{rule}: parameter `{name}` is required")]
    Missing { rule: String, name: String },
}

/// Validated parameters of one rule: every declared parameter with a value or default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidParams {
    values: BTreeMap<&'static str, ParamValue>,
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn parse_one(
    meta: &RuleMeta,
    name: &'static str,
    kind: ParamKind,
    raw: &str,
) -> Result<ParamValue, ParamError> {
    let wrong = |expected: &str| ParamError::WrongKind {
        rule: meta.identifier.to_owned(),
        name: name.to_owned(),
        expected: expected.to_owned(),
        value: raw.to_owned(),
    };
    Ok(match kind {
        ParamKind::Int { min, max } => {
            let t = raw.trim();
            let n = t
                .parse::<i64>()
                .or_else(|_| {
                    // Packs and advanced queries write integers as floats ("90.0").
                    t.parse::<f64>()
                        .ok()
                        .filter(|f| f.fract() == 0.0 && f.is_finite())
                        .map(|f| {
                            #[allow(
                                clippy::cast_possible_truncation,
                                reason = "a whole, finite float"
                            )]
                            let n = f as i64;
                            n
                        })
                        .ok_or(())
                })
                .map_err(|()| wrong("an integer"))?;
            if n < min || n > max {
                return Err(ParamError::OutOfRange {
                    rule: meta.identifier.to_owned(),
                    name: name.to_owned(),
                    min,
                    max,
                    value: n,
                });
            }
            ParamValue::Int(n)
        }
        ParamKind::Bool => match raw.trim().to_ascii_lowercase().as_str() {
            "true" => ParamValue::Bool(true),
            "false" => ParamValue::Bool(false),
            _ => return Err(wrong("true or false")),
        },
        ParamKind::BoolCaseSensitive => ParamValue::Bool(raw.trim() == "true"),
        ParamKind::String => ParamValue::Str(raw.to_owned()),
        ParamKind::Csv => ParamValue::List(
            raw.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
    })
}

impl ValidParams {
    /// Validates user values (strings, numbers or booleans) against the rule's specs and
    /// fills in documented defaults. An empty string counts as "not given", as in packs
    /// whose conditional parameters resolve to `""`.
    pub fn validate(meta: &RuleMeta, given: &BTreeMap<String, Value>) -> Result<Self, ParamError> {
        for name in given.keys() {
            if meta.param(name).is_none() {
                let known: Vec<&str> = meta.parameters.iter().map(|p| p.name).collect();
                return Err(ParamError::Unknown {
                    rule: meta.identifier.to_owned(),
                    name: name.clone(),
                    known: if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    },
                });
            }
        }
        let mut values = BTreeMap::new();
        for spec in meta.parameters {
            let raw = given
                .get(spec.name)
                .filter(|v| !v.is_null())
                .map(text_of)
                .filter(|s| !s.trim().is_empty());
            let raw = match (raw, spec.default) {
                (Some(r), _) => r,
                (None, Some(d)) => d.to_owned(),
                (None, None) if spec.required => {
                    return Err(ParamError::Missing {
                        rule: meta.identifier.to_owned(),
                        name: spec.name.to_owned(),
                    });
                }
                (None, None) => continue,
            };
            values.insert(spec.name, parse_one(meta, spec.name, spec.kind, &raw)?);
        }
        Ok(Self { values })
    }

    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.values.get(name)
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        match self.values.get(name)? {
            ParamValue::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.values.get(name)? {
            ParamValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn str(&self, name: &str) -> Option<&str> {
        match self.values.get(name)? {
            ParamValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A CSV parameter's items; empty when not given.
    pub fn list(&self, name: &str) -> &[String] {
        match self.values.get(name) {
            Some(ParamValue::List(l)) => l,
            _ => &[],
        }
    }

    /// Every value, for reports.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &ParamValue)> {
        self.values.iter().map(|(k, v)| (*k, v))
    }
}
