//! Systems Manager compliance items (`AWS::SSM::AssociationCompliance`,
//! `AWS::SSM::PatchCompliance`): their configuration holds
//! `{"AWS:ComplianceItem": {"ComplianceType", "Content": {"<Association|Patch>": {
//! "<id>": {"Status", …}, "ComplianceSummary"?: {"Status", …}}}}}`.

use serde_json::Value;

use crate::model::ConfigItem;
use crate::rules::{Evidence, Verdict};

/// One compliance entry with a status.
#[derive(Debug, Clone)]
pub struct ComplianceEntry<'a> {
    pub id: &'a str,
    pub status: &'a str,
    pub path: String,
}

fn content_path(kind: &str) -> String {
    format!("$.configuration['AWS:ComplianceItem'].Content.{kind}")
}

/// The entries of `Content.<kind>` that carry a non-blank `Status`, the
/// `ComplianceSummary` entry first when present. `None` when the content is missing.
pub fn compliance_entries<'a>(
    item: &'a ConfigItem,
    kind: &str,
) -> Option<Vec<ComplianceEntry<'a>>> {
    let content = item
        .config_field("AWS:ComplianceItem")?
        .get("Content")?
        .get(kind)?
        .as_object()?;
    let base = content_path(kind);
    let mut entries: Vec<ComplianceEntry<'a>> = content
        .iter()
        .filter_map(|(id, v)| {
            let status = v.get("Status").and_then(Value::as_str)?.trim();
            (!status.is_empty()).then(|| ComplianceEntry {
                id,
                status,
                path: format!("{base}['{id}'].Status"),
            })
        })
        .collect();
    entries.sort_by_key(|e| e.id != "ComplianceSummary");
    Some(entries)
}

/// The verdict of the two SSM compliance rules: COMPLIANT when every status (or the
/// summary's) is `COMPLIANT`, NON_COMPLIANT on the first other status, INSUFFICIENT_DATA
/// when no status is recorded.
pub fn compliance_verdict(item: &ConfigItem, kind: &str, what: &str) -> Verdict {
    let Some(entries) = compliance_entries(item, kind) else {
        return Verdict::insufficient_data(format!(
            "the item has no AWS:ComplianceItem.Content.{kind}"
        ));
    };
    let summary = entries.iter().find(|e| e.id == "ComplianceSummary");
    let deciding: Vec<&ComplianceEntry<'_>> = match summary {
        Some(s) => vec![s],
        None => entries.iter().collect(),
    };
    if deciding.is_empty() {
        return Verdict::insufficient_data(format!("no {what} compliance status is recorded"));
    }
    match deciding
        .iter()
        .find(|e| !e.status.eq_ignore_ascii_case("COMPLIANT"))
    {
        Some(e) => Verdict::non_compliant(
            format!("{what} {} has status {}", e.id, e.status),
            Evidence::at(e.path.clone(), e.status),
        ),
        None => Verdict::compliant(format!(
            "{what} compliance status is COMPLIANT ({} entr{})",
            deciding.len(),
            if deciding.len() == 1 { "y" } else { "ies" }
        )),
    }
}
