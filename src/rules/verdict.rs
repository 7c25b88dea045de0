use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Severity;

/// AWS `ComplianceType`, plus `ERROR` for a rule that could not run (user scripts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Compliance {
    Compliant,
    NonCompliant,
    NotApplicable,
    InsufficientData,
    Error,
}

impl Compliance {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Compliant => "COMPLIANT",
            Self::NonCompliant => "NON_COMPLIANT",
            Self::NotApplicable => "NOT_APPLICABLE",
            Self::InsufficientData => "INSUFFICIENT_DATA",
            Self::Error => "ERROR",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "COMPLIANT" => Some(Self::Compliant),
            "NON_COMPLIANT" => Some(Self::NonCompliant),
            "NOT_APPLICABLE" => Some(Self::NotApplicable),
            "INSUFFICIENT_DATA" => Some(Self::InsufficientData),
            "ERROR" => Some(Self::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Compliance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in the item a verdict comes from: a JSONPath into the normalized item
/// (`$.configuration.ipPermissions[0].ipv4Ranges[0].cidrIp`) and the value found there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub path: String,
    pub value: Value,
}

impl Evidence {
    pub fn at(path: impl Into<String>, value: impl Into<Value>) -> Self {
        Self {
            path: path.into(),
            value: value.into(),
        }
    }
}

/// AWS caps annotations at 256 characters.
pub const MAX_ANNOTATION: usize = 256;

/// What a rule says about one resource (or account).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub compliance: Compliance,
    pub annotation: String,
    pub evidence: Vec<Evidence>,
    /// Overrides the rule's severity for this verdict (Trusted Advisor checks rate
    /// each finding red or yellow).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
}

impl Verdict {
    fn new(compliance: Compliance, annotation: impl Into<String>, evidence: Vec<Evidence>) -> Self {
        Self {
            compliance,
            annotation: truncate_annotation(annotation.into()),
            evidence,
            severity: None,
        }
    }

    /// Rates this verdict at `severity` instead of the rule's own.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }

    pub fn compliant(annotation: impl Into<String>) -> Self {
        Self::new(Compliance::Compliant, annotation, Vec::new())
    }

    /// Evidence is required: a NON_COMPLIANT always says where and what.
    pub fn non_compliant(annotation: impl Into<String>, evidence: Evidence) -> Self {
        Self::new(Compliance::NonCompliant, annotation, vec![evidence])
    }

    pub fn non_compliant_all(
        annotation: impl Into<String>,
        first: Evidence,
        rest: Vec<Evidence>,
    ) -> Self {
        let mut evidence = vec![first];
        evidence.extend(rest);
        Self::new(Compliance::NonCompliant, annotation, evidence)
    }

    pub fn not_applicable(annotation: impl Into<String>) -> Self {
        Self::new(Compliance::NotApplicable, annotation, Vec::new())
    }

    pub fn insufficient_data(annotation: impl Into<String>) -> Self {
        Self::new(Compliance::InsufficientData, annotation, Vec::new())
    }

    pub fn error(annotation: impl Into<String>) -> Self {
        Self::new(Compliance::Error, annotation, Vec::new())
    }

    /// Attaches evidence to a verdict of any kind (e.g. what made it COMPLIANT).
    #[must_use]
    pub fn with_evidence(mut self, evidence: Evidence) -> Self {
        self.evidence.push(evidence);
        self
    }
}

/// Cuts at a character boundary so the result, with an ellipsis, fits AWS's limit.
pub fn truncate_annotation(mut s: String) -> String {
    if s.chars().count() > MAX_ANNOTATION {
        let cut = s
            .char_indices()
            .nth(MAX_ANNOTATION - 1)
            .map_or(s.len(), |(i, _)| i);
        s.truncate(cut);
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_fit_aws_limit() {
        let v = Verdict::compliant("é".repeat(400));
        assert_eq!(v.annotation.chars().count(), MAX_ANNOTATION);
        assert!(v.annotation.ends_with('…'));
        assert_eq!(Verdict::compliant("short").annotation, "short");
    }
}
