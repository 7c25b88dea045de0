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
    Ports(Vec<PortRange>),
}

/// An inclusive port range.
pub type PortRange = (i64, i64);

/// Parses a port list as rule parameters write it: `"443,1020-1025"`. Blanks around
/// items are ignored; each port must be 0–65535 and each range ascending.
fn parse_port_list(s: &str) -> Result<Vec<PortRange>, String> {
    let port = |p: &str| -> Result<i64, String> {
        p.trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=65535).contains(n))
            .ok_or_else(|| format!("`{}` is not a port number (0-65535)", p.trim()))
    };
    let mut out = Vec::new();
    for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (a, b) = if let Some((a, b)) = item.split_once('-') {
            (port(a)?, port(b)?)
        } else {
            let p = port(item)?;
            (p, p)
        };
        if a > b {
            return Err(format!("`{item}` is not an ascending port range"));
        }
        out.push((a, b));
    }
    Ok(out)
}

/// A port list written back as parameters write it (`443, 1020-1025`).
pub fn port_list_text(ports: &[PortRange]) -> String {
    let items: Vec<String> = ports
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    items.join(", ")
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
        ParamKind::Ports => ParamValue::Ports(parse_port_list(raw).map_err(|why| {
            wrong(&format!(
                "comma-separated ports and ascending ranges of 0-65535, e.g. 443,1020-1025 ({why})"
            ))
        })?),
        ParamKind::Choice { of } => {
            let t = raw.trim();
            let chosen = of
                .iter()
                .find(|o| o.eq_ignore_ascii_case(t))
                .ok_or_else(|| wrong(&format!("one of {}", of.join(", "))))?;
            ParamValue::Str((*chosen).to_owned())
        }
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

    /// A port-list parameter's ranges; empty when not given.
    pub fn ports(&self, name: &str) -> &[PortRange] {
        match self.values.get(name) {
            Some(ParamValue::Ports(p)) => p,
            _ => &[],
        }
    }

    /// Every value, for reports.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &ParamValue)> {
        self.values.iter().map(|(k, v)| (*k, v))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Validates `pairs` against a built-in rule's declared parameters.
    fn validate(rule: &str, pairs: &[(&str, Value)]) -> Result<ValidParams, ParamError> {
        let meta = crate::rules::find(rule).expect("a built-in rule").meta();
        let given = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        ValidParams::validate(meta, &given)
    }

    #[test]
    fn port_lists_parse_like_aws_parameters() {
        assert_eq!(
            parse_port_list("443, 1020-1025,,8080"),
            Ok(vec![(443, 443), (1020, 1025), (8080, 8080)])
        );
        assert_eq!(parse_port_list(""), Ok(vec![]));
        assert!(parse_port_list("22-20").is_err());
        assert!(parse_port_list("70000").is_err());
        assert!(parse_port_list("ssh").is_err());
        assert_eq!(
            port_list_text(&[(443, 443), (1020, 1025)]),
            "443, 1020-1025"
        );
    }

    #[test]
    fn port_lists_and_choices_are_checked_before_evaluation() {
        const RULE: &str = "VPC_SG_PORT_RESTRICTION_CHECK";
        let defaults = validate(RULE, &[]).unwrap();
        assert_eq!(defaults.ports("restrictPorts"), &[(22, 22), (3389, 3389)]);
        assert_eq!(defaults.str("ipType"), Some("ALL"));

        // A number is a one-port list; a choice keeps its documented spelling.
        let given = validate(
            RULE,
            &[("restrictPorts", json!(8080)), ("ipType", json!("ipv6"))],
        )
        .unwrap();
        assert_eq!(given.ports("restrictPorts"), &[(8080, 8080)]);
        assert_eq!(given.str("ipType"), Some("IPv6"));

        let bad_port = validate(RULE, &[("restrictPorts", json!("22,70000"))]).unwrap_err();
        assert!(matches!(&bad_port, ParamError::WrongKind { name, .. } if name == "restrictPorts"));
        let text = bad_port.to_string();
        assert!(
            text.starts_with("VPC_SG_PORT_RESTRICTION_CHECK: parameter `restrictPorts`")
                && text.contains("`70000`"),
            "{text}"
        );
        let backwards = validate(RULE, &[("restrictPorts", json!("25-20"))]).unwrap_err();
        assert!(
            backwards
                .to_string()
                .contains("`25-20` is not an ascending port range")
        );

        let bad_choice = validate(RULE, &[("ipType", json!("IPv5"))]).unwrap_err();
        assert_eq!(
            bad_choice.to_string(),
            "VPC_SG_PORT_RESTRICTION_CHECK: parameter `ipType` must be one of IPv4, IPv6, ALL, got `IPv5`"
        );
        let out_of_range = validate(
            "RESTRICTED_INCOMING_TRAFFIC",
            &[("blockedPort1", json!(70000))],
        )
        .unwrap_err();
        assert!(matches!(
            out_of_range,
            ParamError::OutOfRange { value: 70000, .. }
        ));
    }
}
