//! One field of an item, read once, and the verdicts of rules that test one field: a
//! flag that must be on (or off), a value that must be present (or absent).
//!
//! A [`Field`] knows where it is, so the evidence path (`$.configuration.x`,
//! `$.supplementaryConfiguration.x`, or [`item_path`] for a field of another item) and
//! the value shown in annotations come from one place. `rds-instance-public-access-check`
//! is one [`require_bool`] call; its NON_COMPLIANT annotation reads "the DB instance is
//! publicly accessible (publiclyAccessible: true)", with the evidence
//! `$.configuration.publiclyAccessible` = `true`.

use std::fmt::Display;

use serde_json::Value;

use super::{as_bool, config_path, is_blank, item_path, supplementary_path};
use crate::model::ConfigItem;
use crate::rules::{Evidence, Verdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Root {
    Configuration,
    Supplementary,
}

/// A field of an item: where it is and what it holds (`Null` when absent). Cheap to
/// build: it borrows the value.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    pub item: &'a ConfigItem,
    root: Root,
    /// The dotted path below `configuration` or `supplementaryConfiguration`
    /// (`logsConfig.s3Logs.encryptionDisabled`), as annotations show it.
    pub at: &'a str,
    pub value: &'a Value,
}

impl<'a> Field<'a> {
    /// `configuration.<at>`.
    pub fn config(item: &'a ConfigItem, at: &'a str) -> Self {
        Self {
            item,
            root: Root::Configuration,
            at,
            value: item.config_at(at),
        }
    }

    /// `supplementaryConfiguration.<at>`.
    pub fn supplementary(item: &'a ConfigItem, at: &'a str) -> Self {
        Self {
            item,
            root: Root::Supplementary,
            at,
            value: item.supplementary_at(at),
        }
    }

    /// The JSONPath of the field in its item.
    pub fn path(&self) -> String {
        match self.root {
            Root::Configuration => config_path(self.at),
            Root::Supplementary => supplementary_path(self.at),
        }
    }

    /// The value as a boolean (`true`, `"TRUE"`…); `None` when absent or not a boolean.
    pub fn flag(&self) -> Option<bool> {
        as_bool(self.value)
    }

    /// Whether the value is `true` (or a `"true"` string).
    pub fn is_true(&self) -> bool {
        self.flag() == Some(true)
    }

    /// Whether the value is absent, null, or an empty string, list or object.
    pub fn is_blank(&self) -> bool {
        is_blank(self.value)
    }

    /// The value as a string that is not blank.
    pub fn text(&self) -> Option<&'a str> {
        self.value.as_str().filter(|s| !s.trim().is_empty())
    }

    /// The field and its value as evidence on its own item.
    pub fn evidence(&self) -> Evidence {
        Evidence::at(self.path(), self.value.clone())
    }

    /// The field and its value as evidence on a verdict about another item or about the
    /// account ([`item_path`]).
    pub fn foreign_evidence(&self) -> Evidence {
        Evidence::at(item_path(self.item, &self.path()), self.value.clone())
    }

    /// `<what> (<at>: <value>)`, the value as JSON (`false`, `null`, `"Disabled"`).
    pub fn describe(&self, what: impl Display) -> String {
        format!("{what} ({}: {})", self.at, self.value)
    }

    /// NON_COMPLIANT: [`Self::describe`] with the field as evidence.
    pub fn violation(&self, what: impl Display) -> Verdict {
        Verdict::non_compliant(self.describe(what), self.evidence())
    }

    /// INSUFFICIENT_DATA: the item does not record the field.
    pub fn unrecorded(&self) -> Verdict {
        Verdict::insufficient_data(match self.root {
            Root::Configuration => format!("the configuration has no {} field", self.at),
            Root::Supplementary => {
                format!(
                    "the item does not record {} in supplementaryConfiguration",
                    self.at
                )
            }
        })
    }
}

/// What an absent (or non-boolean) flag means to a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unset {
    /// The service's default passes (a launch configuration without
    /// `associatePublicIpAddress` follows its subnet).
    Passes,
    /// NON_COMPLIANT, showing the value (`null`): the feature is off unless recorded on.
    Fails,
    /// INSUFFICIENT_DATA: the item does not record the field.
    Unknown,
}

/// The verdict of a rule that wants a flag to be `expected`: COMPLIANT with `pass`;
/// NON_COMPLIANT with `fail` completed by ` (<at>: <value>)` and the field as evidence;
/// an absent or non-boolean value as `unset` says.
pub fn require_bool(
    field: &Field<'_>,
    expected: bool,
    unset: Unset,
    pass: &str,
    fail: &str,
) -> Verdict {
    match (field.flag(), unset) {
        (Some(v), _) if v == expected => Verdict::compliant(pass),
        (Some(_), _) | (None, Unset::Fails) => field.violation(fail),
        (None, Unset::Passes) => Verdict::compliant(pass),
        (None, Unset::Unknown) => field.unrecorded(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Compliance;
    use serde_json::json;

    fn item(configuration: &Value) -> ConfigItem {
        let snapshot = json!({"fileVersion": "1.0", "configurationItems": [{
            "resourceType": "AWS::RDS::DBInstance", "resourceId": "db-1",
            "awsAccountId": "111122223333", "awsRegion": "us-east-1",
            "configurationItemStatus": "OK", "configuration": configuration,
        }]});
        crate::load::load_bytes("test", snapshot.to_string().into_bytes())
            .items
            .remove(0)
    }

    #[test]
    fn require_bool_covers_every_reading() {
        let public = item(&json!({"publiclyAccessible": true, "flag": "FALSE"}));
        let field = Field::config(&public, "publiclyAccessible");
        let v = require_bool(&field, false, Unset::Unknown, "private", "public");
        assert_eq!(v.compliance, Compliance::NonCompliant);
        assert_eq!(v.annotation, "public (publiclyAccessible: true)");
        assert_eq!(v.evidence[0].path, "$.configuration.publiclyAccessible");
        assert_eq!(v.evidence[0].value, json!(true));

        let string_flag = Field::config(&public, "flag");
        let v = require_bool(&string_flag, false, Unset::Unknown, "off", "on");
        assert_eq!(
            (v.compliance, v.annotation.as_str()),
            (Compliance::Compliant, "off")
        );

        let missing = Field::config(&public, "multiAZ");
        let cases = [
            (Unset::Passes, Compliance::Compliant, "ok"),
            (
                Unset::Fails,
                Compliance::NonCompliant,
                "bad (multiAZ: null)",
            ),
            (
                Unset::Unknown,
                Compliance::InsufficientData,
                "the configuration has no multiAZ field",
            ),
        ];
        for (unset, compliance, annotation) in cases {
            let v = require_bool(&missing, true, unset, "ok", "bad");
            assert_eq!(
                (v.compliance, v.annotation.as_str()),
                (compliance, annotation)
            );
        }
    }

    #[test]
    fn paths_in_own_and_other_items() {
        let db = item(&json!({"a": {"b": ""}}));
        let field = Field::config(&db, "a.b");
        assert!(field.is_blank() && field.text().is_none());
        assert_eq!(field.path(), "$.configuration.a.b");
        assert_eq!(
            field.foreign_evidence().path,
            "$[?(@.resourceType=='AWS::RDS::DBInstance' && @.resourceId=='db-1')].configuration.a.b"
        );
        assert_eq!(
            Field::supplementary(&db, "X.y").path(),
            "$.supplementaryConfiguration.X.y"
        );
    }
}
