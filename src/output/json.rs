//! The stable JSON report: `{"evaluations":[…],"summary":{…},"rules":[…],"problems":[…],
//! "evaluatedAt":…}`. Evaluation fields map one to one onto AWS `PutEvaluations`
//! (`ComplianceResourceType`, `ComplianceResourceId`, `ComplianceType`, `Annotation`,
//! `OrderingTimestamp`).

use std::io::{self, Write};

use crate::report::Report;

pub(super) fn write(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, report)?;
    writeln!(w)
}
