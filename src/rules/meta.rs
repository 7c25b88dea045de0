//! Rule metadata: everything about a rule except its logic. Declared once, in the rule's
//! file, and rendered into `rules list`, `rules explain`, the catalogue and SARIF.

use serde::{Deserialize, Serialize};

/// Our severity: AWS managed rules have none. It drives `--fail-on` and SARIF levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Informational,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Informational => "informational",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "informational" | "info" => Some(Self::Informational),
            "low" => Some(Self::Low),
            "medium" | "yellow" => Some(Self::Medium),
            "high" | "red" => Some(Self::High),
            "critical" => Some(Self::Critical),
            _ => None,
        }
    }
}

/// One verdict per resource, or one per account (and Region) on `AWS::::Account`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    Resource,
    /// One verdict per account and Region that the input covers.
    AccountRegion,
    /// One verdict per account (IAM is global).
    Account,
}

/// When AWS runs the rule. Offline it only documents intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trigger {
    ConfigurationChanges,
    Periodic,
    ConfigurationChangesAndPeriodic,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConfigurationChanges => "Configuration changes",
            Self::Periodic => "Periodic",
            Self::ConfigurationChangesAndPeriodic => "Configuration changes and Periodic",
        }
    }
}

/// How closely the rule matches AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "note", rename_all = "kebab-case")]
pub enum Fidelity {
    /// Same verdicts as AWS on the same configuration items.
    Exact,
    /// Matches AWS where AWS documents the behaviour; the note says where we chose.
    Approximate(&'static str),
    /// Needs data configuration items do not hold; always INSUFFICIENT_DATA with the note.
    Unsupported(&'static str),
}

/// Data a rule needs beyond the evaluated item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "what", rename_all = "kebab-case")]
pub enum Need {
    /// Other items, through the relationship graph or a field join.
    Relationships,
    /// The evaluation time (`--at`).
    Clock,
    /// Earlier versions of the item.
    History,
    /// Data AWS Config does not record.
    External(&'static str),
}

/// The kind of a parameter's value. InputParameters arrive as strings, numbers or booleans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ParamKind {
    Int {
        min: i64,
        max: i64,
    },
    /// `true`/`false` in any case (`True`, `TRUE` appear in AWS's own packs).
    Bool,
    /// Only lowercase `true` is true; anything else is false (iam-password-policy).
    BoolCaseSensitive,
    String,
    /// Comma-separated list; blanks around items are trimmed.
    Csv,
    /// Comma-separated ports and ascending dash ranges, each port 0–65535
    /// (`"443,1020-1025"`).
    Ports,
    /// One of these values, matched case-insensitively and kept as written here.
    Choice {
        of: &'static [&'static str],
    },
}

/// One parameter, under its AWS name, with its documented default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ParamSpec {
    pub name: &'static str,
    #[serde(flatten)]
    pub kind: ParamKind,
    pub default: Option<&'static str>,
    pub required: bool,
    pub doc: &'static str,
}

impl ParamSpec {
    const fn new(name: &'static str, kind: ParamKind) -> Self {
        Self {
            name,
            kind,
            default: None,
            required: false,
            doc: "",
        }
    }

    pub const fn int(name: &'static str) -> Self {
        Self::new(
            name,
            ParamKind::Int {
                min: i64::MIN,
                max: i64::MAX,
            },
        )
    }

    pub const fn bool(name: &'static str) -> Self {
        Self::new(name, ParamKind::Bool)
    }

    pub const fn bool_case_sensitive(name: &'static str) -> Self {
        Self::new(name, ParamKind::BoolCaseSensitive)
    }

    pub const fn string(name: &'static str) -> Self {
        Self::new(name, ParamKind::String)
    }

    pub const fn csv(name: &'static str) -> Self {
        Self::new(name, ParamKind::Csv)
    }

    pub const fn ports(name: &'static str) -> Self {
        Self::new(name, ParamKind::Ports)
    }

    pub const fn choice(name: &'static str, of: &'static [&'static str]) -> Self {
        Self::new(name, ParamKind::Choice { of })
    }

    pub const fn range(mut self, min: i64, max: i64) -> Self {
        self.kind = ParamKind::Int { min, max };
        self
    }

    pub const fn default(mut self, value: &'static str) -> Self {
        self.default = Some(value);
        self
    }

    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub const fn doc(mut self, doc: &'static str) -> Self {
        self.doc = doc;
        self
    }
}

/// Everything known about a rule but its logic.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleMeta {
    /// The AWS identifier (`INCOMING_SSH_DISABLED`): the primary key.
    pub identifier: &'static str,
    /// The AWS rule name (`restricted-ssh`): the display name and doc slug.
    pub name: &'static str,
    pub resource_types: &'static [&'static str],
    pub scope: Scope,
    pub trigger: Trigger,
    pub severity: Severity,
    pub fidelity: Fidelity,
    pub needs: &'static [Need],
    pub parameters: &'static [ParamSpec],
    /// Markdown from the rule's doc comment.
    pub docs: &'static str,
    /// The source file that declares the rule.
    pub file: &'static str,
}

impl RuleMeta {
    /// The first line of the docs' "What it checks" section.
    pub fn summary(&self) -> &'static str {
        self.docs
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("")
    }

    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// The rule's AWS page: the first link of its docs' `## References` section (the
    /// Trusted Advisor page for `TA_` checks), else its Config developer guide page.
    pub fn doc_url(&self) -> String {
        let first_reference = self.docs.split_once("## References").and_then(|(_, refs)| {
            let start = refs.find("<https://")? + 1;
            let len = refs[start..].find('>')?;
            Some(&refs[start..start + len])
        });
        if let Some(url) = first_reference {
            return url.to_owned();
        }
        format!(
            "https://docs.aws.amazon.com/config/latest/developerguide/{}.html",
            self.name
        )
    }
}

/// Declares a built-in rule: a unit struct, its [`RuleMeta`] from the doc comment and the
/// given keys, and the [`Described`](super::Described) impl. The logic is an
/// `impl Evaluate` in the same file.
#[macro_export]
macro_rules! declare_managed_rule {
    (
        $( #[doc = $doc:literal] )+
        pub $name:ident {
            identifier: $identifier:literal,
            name: $rule_name:literal,
            resource_types: $types:expr,
            scope: $scope:expr,
            trigger: $trigger:expr,
            severity: $severity:expr,
            fidelity: $fidelity:expr,
            needs: $needs:expr,
            parameters: $params:expr $(,)?
        }
    ) => {
        #[doc = concat!($($doc, "\n"),+)]
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                identifier: $identifier,
                name: $rule_name,
                resource_types: $types,
                scope: $scope,
                trigger: $trigger,
                severity: $severity,
                fidelity: $fidelity,
                needs: $needs,
                parameters: $params,
                docs: concat!($($doc, "\n"),+),
                file: file!(),
            };
        }

        impl $crate::rules::Described for $name {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &Self::META
            }
        }
    };
}
