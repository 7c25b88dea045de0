//! The evaluations of a report, stored compactly: a check of every rule over a million
//! resources makes millions of them, and one `struct` of shared names per evaluation
//! (plus an annotation and evidence allocated one by one, among the configurations
//! decoded and freed around them) took four times the memory of their content.
//!
//! Here each evaluation is a fixed-size row of indexes: its rule and its subject (the
//! resource or account scope, whose names every evaluation of it shares) and spans of
//! a text arena holding annotations and evidence, written in large chunks. Readers get
//! [`Evaluation`] views borrowing from the store.

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde::ser::{Error as _, SerializeStruct, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

use super::Counts;
use crate::graph::FxBuild;
use crate::rules::{Compliance, Evidence, Severity, Verdict};

/// The names every evaluation of one selected rule shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleNames {
    pub identifier: Arc<str>,
    /// The reported rule name (a pack's `ConfigRuleName` when the rule came from a pack).
    pub rule_name: Arc<str>,
}

/// What every evaluation of one resource (or one account scope) shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub resource_type: Arc<str>,
    pub resource_id: Arc<str>,
    pub resource_name: Option<Arc<str>>,
    pub aws_account_id: Arc<str>,
    pub aws_region: Arc<str>,
    /// The capture time of the evaluated item (account rules: the evaluation time).
    pub ordering_timestamp: Option<Arc<str>>,
    /// The input file the evaluated item came from (for SARIF locations).
    pub source: Option<Arc<str>>,
}

/// Bytes of text after which the arena starts a new chunk: large enough that chunks
/// live apart from small allocations, small enough that growing one wastes little.
const CHUNK: usize = 4 << 20;

/// A byte range of one arena chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn of(self, text: &str) -> &str {
        let start = self.start as usize;
        text.get(start..start + self.len as usize)
            .unwrap_or_default()
    }
}

/// One evaluation: 40 bytes, whatever its annotation and evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    /// Report order (rule rank, then resource rank), given by the engine.
    key: u64,
    rule: u32,
    subject: u32,
    chunk: u32,
    annotation: Span,
    /// Range of `Evaluations::evidence`, whose spans are in the same chunk.
    evidence_start: u32,
    evidence_len: u32,
    compliance: Compliance,
    severity: Severity,
}

/// Evaluations in a compact store; see the module documentation.
#[derive(Debug, Clone, Default)]
pub struct Evaluations {
    rules: Vec<RuleNames>,
    subjects: Vec<Subject>,
    rows: Vec<Row>,
    /// (path, JSON value) of each piece of evidence.
    evidence: Vec<(Span, Span)>,
    chunks: Vec<Box<str>>,
    /// The chunk being written, sealed into `chunks` when full or when put in order.
    open: Vec<u8>,
    /// Texts already in `open`, by hash: most annotations and evidence paths repeat
    /// (one rule says the same of many resources), and each is stored once per chunk.
    written: HashMap<u64, Span, FxBuild>,
}

/// Two stores are equal when they hold the same evaluations in the same order.
impl PartialEq for Evaluations {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Evaluations {
    /// An empty store for evaluations of `rules` (indexed as the rows will index them).
    pub fn new(rules: Vec<RuleNames>, capacity: usize) -> Self {
        Self {
            rules,
            rows: Vec::with_capacity(capacity),
            ..Self::default()
        }
    }

    /// Adds the subject of the evaluations that follow; returns its index.
    pub fn add_subject(&mut self, subject: Subject) -> u32 {
        self.subjects.push(subject);
        u32_of(self.subjects.len() - 1)
    }

    fn write(&mut self, text: &[u8]) -> Span {
        let hash = self.written.hasher().hash_one(text);
        if let Some(&span) = self.written.get(&hash) {
            let start = span.start as usize;
            if self.open.get(start..start + span.len as usize) == Some(text) {
                return span;
            }
        }
        let span = Span {
            start: u32_of(self.open.len()),
            len: u32_of(text.len()),
        };
        self.open.extend_from_slice(text);
        self.written.insert(hash, span);
        span
    }

    /// Adds the verdict of rule `rule` on subject `subject` (an index [`Self::add_subject`]
    /// returned), at report position `key`. `rule` indexes the rules of the store the
    /// row is finally read from (a store filled in parallel has none of its own).
    pub fn push(
        &mut self,
        key: u64,
        rule: u32,
        subject: u32,
        verdict: &Verdict,
        severity: Severity,
    ) {
        if self.open.len() >= CHUNK {
            self.seal();
        }
        let annotation = self.write(verdict.annotation.as_bytes());
        let evidence_start = u32_of(self.evidence.len());
        let mut json = Vec::new();
        for ev in &verdict.evidence {
            json.clear();
            // Writing a `Value` into a vector cannot fail.
            let _ = serde_json::to_writer(&mut json, &ev.value);
            let path = self.write(ev.path.as_bytes());
            let value = self.write(&json);
            self.evidence.push((path, value));
        }
        self.rows.push(Row {
            key,
            rule,
            subject,
            chunk: u32_of(self.chunks.len()),
            annotation,
            evidence_start,
            evidence_len: u32_of(verdict.evidence.len()),
            compliance: verdict.compliance,
            severity,
        });
    }

    fn seal(&mut self) {
        self.written.clear();
        let bytes = std::mem::take(&mut self.open);
        // Only whole UTF-8 strings are written, so the lossy branch never runs.
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        self.chunks.push(text.into_boxed_str());
    }

    /// Moves the evaluations of `other` (a store filled in parallel, with no rules of
    /// its own) into this one: its subjects, its text chunks and its rows, re-pointed.
    /// No text is copied.
    pub fn append(&mut self, mut other: Evaluations) {
        if !other.open.is_empty() {
            other.seal();
        }
        if !self.open.is_empty() {
            self.seal();
        }
        let chunk_base = u32_of(self.chunks.len());
        let subject_base = u32_of(self.subjects.len());
        let evidence_base = u32_of(self.evidence.len());
        self.chunks.append(&mut other.chunks);
        self.subjects.append(&mut other.subjects);
        self.evidence.append(&mut other.evidence);
        self.rows.extend(other.rows.into_iter().map(|mut row| {
            row.chunk += chunk_base;
            row.subject += subject_base;
            row.evidence_start += evidence_base;
            row
        }));
    }

    /// Seals the text and sorts the rows into report order: by key, then by rule index
    /// (a rule selected twice under one name keeps plan order per resource).
    pub fn into_report_order(mut self) -> Self {
        if !self.open.is_empty() || self.chunks.is_empty() {
            self.seal();
        }
        self.rows.par_sort_unstable_by_key(|r| (r.key, r.rule));
        self
    }

    /// Compliance and severity of every evaluation, for summaries.
    pub(super) fn verdicts(&self) -> impl Iterator<Item = (Compliance, Severity)> + '_ {
        self.rows.iter().map(|r| (r.compliance, r.severity))
    }

    /// Verdict counts per rule index.
    pub fn counts_by_rule(&self) -> Vec<Counts> {
        let mut counts = vec![Counts::default(); self.rules.len()];
        for row in &self.rows {
            if let Some(c) = counts.get_mut(row.rule as usize) {
                c.add(row.compliance);
            }
        }
        counts
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The evaluations, in report order once [`Self::into_report_order`] has run.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Evaluation<'_>> + Clone + '_ {
        self.rows.iter().map(|row| self.view(row))
    }

    /// The evaluations with one verdict, without viewing the others.
    pub fn with_compliance(
        &self,
        compliance: Compliance,
    ) -> impl Iterator<Item = Evaluation<'_>> + '_ {
        self.rows
            .iter()
            .filter(move |r| r.compliance == compliance)
            .map(|row| self.view(row))
    }

    fn view(&self, row: &Row) -> Evaluation<'_> {
        // Rows only hold indexes given by `push` (subjects of this store, rules of the
        // store the rows end up in), so these cannot miss.
        let rule = &self.rules[row.rule as usize];
        let subject = &self.subjects[row.subject as usize];
        let text = self.chunks.get(row.chunk as usize).map_or("", |c| c);
        let start = row.evidence_start as usize;
        let spans = self
            .evidence
            .get(start..start + row.evidence_len as usize)
            .unwrap_or_default();
        Evaluation {
            identifier: &rule.identifier,
            rule_name: &rule.rule_name,
            resource_type: &subject.resource_type,
            resource_id: &subject.resource_id,
            resource_name: subject.resource_name.as_deref(),
            aws_account_id: &subject.aws_account_id,
            aws_region: &subject.aws_region,
            compliance_type: row.compliance,
            annotation: row.annotation.of(text),
            evidence: EvidenceList { text, spans },
            ordering_timestamp: subject.ordering_timestamp.as_deref(),
            severity: row.severity,
            source: subject.source.as_deref(),
        }
    }
}

impl Serialize for Evaluations {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// One verdict on one resource, shaped like AWS `PutEvaluations` plus our fields: a view
/// into [`Evaluations`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation<'r> {
    pub identifier: &'r str,
    pub rule_name: &'r str,
    pub resource_type: &'r str,
    pub resource_id: &'r str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_name: Option<&'r str>,
    pub aws_account_id: &'r str,
    pub aws_region: &'r str,
    pub compliance_type: Compliance,
    pub annotation: &'r str,
    pub evidence: EvidenceList<'r>,
    /// The capture time of the evaluated item (account rules: the evaluation time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordering_timestamp: Option<&'r str>,
    pub severity: Severity,
    /// The input file the evaluated item came from (for SARIF locations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'r str>,
}

impl<'r> Evaluation<'r> {
    /// Report order: rule identifier and name, then resource type, id, account, Region.
    pub fn sort_key(&self) -> (&'r str, &'r str, &'r str, &'r str, &'r str, &'r str) {
        (
            self.identifier,
            self.rule_name,
            self.resource_type,
            self.resource_id,
            self.aws_account_id,
            self.aws_region,
        )
    }
}

/// The evidence of one evaluation.
#[derive(Clone, Copy)]
pub struct EvidenceList<'r> {
    text: &'r str,
    spans: &'r [(Span, Span)],
}

impl<'r> EvidenceList<'r> {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<EvidenceRef<'r>> {
        let text = self.text;
        self.spans.get(i).map(|&(path, json)| EvidenceRef {
            path: path.of(text),
            json: json.of(text),
        })
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = EvidenceRef<'r>> + 'r {
        let text = self.text;
        self.spans.iter().map(move |&(path, json)| EvidenceRef {
            path: path.of(text),
            json: json.of(text),
        })
    }

    /// Owned copies, for comparing with a rule's [`Verdict`].
    pub fn to_vec(&self) -> Vec<Evidence> {
        self.iter()
            .map(|e| Evidence::at(e.path, e.value()))
            .collect()
    }
}

impl fmt::Debug for EvidenceList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for EvidenceList<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Serialize for EvidenceList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// One piece of evidence: the JSONPath into the item and the value found there, kept
/// as its JSON text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidenceRef<'r> {
    pub path: &'r str,
    json: &'r str,
}

impl EvidenceRef<'_> {
    /// The value, as compact JSON text (what `Value`'s `Display` prints).
    pub fn json(&self) -> &str {
        self.json
    }

    pub fn value(&self) -> Value {
        serde_json::from_str(self.json).unwrap_or(Value::Null)
    }
}

impl Serialize for EvidenceRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let value: &RawValue = serde_json::from_str(self.json).map_err(S::Error::custom)?;
        let mut st = s.serialize_struct("Evidence", 2)?;
        st.serialize_field("path", self.path)?;
        st.serialize_field("value", value)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn subject(id: &str) -> Subject {
        Subject {
            resource_type: Arc::from("AWS::S3::Bucket"),
            resource_id: Arc::from(id),
            resource_name: None,
            aws_account_id: Arc::from("111122223333"),
            aws_region: Arc::from("us-east-1"),
            ordering_timestamp: None,
            source: None,
        }
    }

    /// An empty store for rules named by their identifiers (rule names in lowercase).
    fn store_of(identifiers: &[&str]) -> Evaluations {
        let names = identifiers
            .iter()
            .map(|id| RuleNames {
                identifier: Arc::from(*id),
                rule_name: Arc::from(id.to_lowercase()),
            })
            .collect();
        Evaluations::new(names, 3)
    }

    #[test]
    fn rows_come_back_in_key_order_with_their_text() {
        let mut store = store_of(&["A", "B"]);
        let (x, y) = (
            store.add_subject(subject("x")),
            store.add_subject(subject("y")),
        );
        let bad = Verdict::non_compliant(
            "public",
            Evidence::at("$.configuration.acl", json!({"g": [1]})),
        );
        store.push(key(1, 0), 1, x, &bad, Severity::High);
        store.push(key(0, 1), 0, y, &Verdict::compliant("fine"), Severity::Low);
        store.push(
            key(0, 0),
            0,
            x,
            &Verdict::not_applicable("n/a"),
            Severity::Low,
        );
        let store = store.into_report_order();
        let seen: Vec<(&str, &str, &str)> = store
            .iter()
            .map(|e| (e.identifier, e.resource_id, e.annotation))
            .collect();
        assert_eq!(
            seen,
            [("A", "x", "n/a"), ("A", "y", "fine"), ("B", "x", "public")]
        );
        let last = store.iter().last().map(|e| e.evidence.to_vec());
        assert_eq!(
            last,
            Some(vec![Evidence::at("$.configuration.acl", json!({"g": [1]}))])
        );
        let doc = serde_json::to_value(&store).unwrap_or_default();
        assert_eq!(doc[2]["evidence"][0]["value"], json!({"g": [1]}));
        assert_eq!(doc[2]["complianceType"], "NON_COMPLIANT");
        assert_eq!(store.counts_by_rule()[0].compliant, 1);
    }

    #[test]
    fn repeated_text_is_stored_once() {
        let mut store = store_of(&["A"]);
        let bad = |id: &str| {
            Verdict::non_compliant(
                "versioning is off",
                Evidence::at("$.supplementaryConfiguration.versioning", id),
            )
        };
        for (i, id) in ["x", "y", "z"].into_iter().enumerate() {
            let s = store.add_subject(subject(id));
            store.push(i as u64, 0, s, &bad(id), Severity::Low);
        }
        let store = store.into_report_order();
        let text = &store.chunks[0];
        assert_eq!(text.matches("versioning is off").count(), 1, "{text}");
        assert_eq!(text.matches("$.supplementaryConfiguration").count(), 1);
        let values: Vec<Value> = store
            .iter()
            .map(|e| e.evidence.to_vec()[0].value.clone())
            .collect();
        assert_eq!(values, [json!("x"), json!("y"), json!("z")]);
    }

    #[test]
    fn text_spills_into_new_chunks() {
        let mut store = store_of(&["A"]);
        let s = store.add_subject(subject("x"));
        let long = "n".repeat(200);
        let n = CHUNK / 200 + 10;
        for i in 0..n {
            let v = Verdict::compliant(format!("{i} {long}"));
            store.push(i as u64, 0, s, &v, Severity::Low);
        }
        let store = store.into_report_order();
        assert!(store.chunks.len() >= 2);
        assert!(
            store
                .iter()
                .enumerate()
                .all(|(i, e)| e.annotation.starts_with(&format!("{i} ")))
        );
    }

    #[test]
    fn stores_filled_apart_append_with_their_subjects_and_text() {
        let mut out = store_of(&["A"]);
        let x = out.add_subject(subject("x"));
        out.push(key(0, 0), 0, x, &Verdict::compliant("x ok"), Severity::Low);
        for (rank, id) in [(2, "z"), (1, "y")] {
            let mut part = Evaluations::default();
            let s = part.add_subject(subject(id));
            let bad = Verdict::non_compliant(
                format!("{id} bad"),
                Evidence::at(format!("$.configuration.{id}"), json!(rank)),
            );
            part.push(key(0, rank), 0, s, &bad, Severity::High);
            out.append(part);
        }
        let out = out.into_report_order();
        let seen: Vec<(&str, &str, Vec<Evidence>)> = out
            .iter()
            .map(|e| (e.resource_id, e.annotation, e.evidence.to_vec()))
            .collect();
        assert_eq!(
            seen,
            [
                ("x", "x ok", vec![]),
                (
                    "y",
                    "y bad",
                    vec![Evidence::at("$.configuration.y", json!(1))]
                ),
                (
                    "z",
                    "z bad",
                    vec![Evidence::at("$.configuration.z", json!(2))]
                ),
            ]
        );
    }

    fn key(rule: u64, item: u64) -> u64 {
        (rule << 32) | item
    }
}
