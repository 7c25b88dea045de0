//! `cfgaudit resources`: one line per resource.

use std::io::Write;

use serde::Serialize;

use super::Outcome;
use super::args::{ListFormat, ResourcesArgs};
use super::common::{load_inventory, table, write_json};
use crate::model::ConfigItem;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Row<'a> {
    resource_type: &'a str,
    resource_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource_name: Option<&'a str>,
    aws_account_id: &'a str,
    aws_region: &'a str,
    configuration_item_status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    configuration_item_capture_time: Option<String>,
    versions: usize,
}

pub(crate) fn run(args: &ResourcesArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let inv = load_inventory(&args.inputs.paths);
    let keep = |i: &ConfigItem| {
        args.resource_type
            .as_deref()
            .is_none_or(|t| t == &*i.key.resource_type)
            && args.account.as_deref().is_none_or(|a| a == &*i.key.account)
            && args.region.as_deref().is_none_or(|r| r == &*i.key.region)
    };
    let rows: Vec<Row<'_>> = inv
        .resources()
        .enumerate()
        .filter(|(_, i)| keep(i))
        .map(|(pos, i)| Row {
            resource_type: &i.key.resource_type,
            resource_id: &i.key.resource_id,
            resource_name: i.name.as_deref(),
            aws_account_id: &i.key.account,
            aws_region: &i.key.region,
            configuration_item_status: i.status.as_str(),
            configuration_item_capture_time: i
                .capture_time
                .as_ref()
                .map(crate::model::Timestamp::display),
            versions: inv.history(u32::try_from(pos).unwrap_or(u32::MAX)).count(),
        })
        .collect();
    match args.format {
        ListFormat::Json => write_json(out, &rows)?,
        ListFormat::Table => {
            let mut t = table(&[
                "type", "id", "name", "account", "region", "status", "captured", "versions",
            ]);
            for r in &rows {
                t.add_row(vec![
                    r.resource_type.to_owned(),
                    r.resource_id.to_owned(),
                    r.resource_name.unwrap_or("").to_owned(),
                    r.aws_account_id.to_owned(),
                    r.aws_region.to_owned(),
                    r.configuration_item_status.to_owned(),
                    r.configuration_item_capture_time
                        .clone()
                        .unwrap_or_default(),
                    r.versions.to_string(),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(out, "{} resources", rows.len())?;
        }
    }
    Ok(Outcome::from_complete(inv.problems.is_empty()))
}
