//! Declarative user rules (`*.rule.yaml`, `*.rule.yml`, `*.rule.json`): metadata, an
//! optional applicability condition and a compliance condition written as JSONPath
//! tests (RFC 9535, evaluated by `jsonpath-rust`), and message templates.
//!
//! ```yaml
//! identifier: EBS_GP3_VOLUMES
//! name: ebs-gp3-volumes
//! description: EBS volumes use gp3 rather than the older, dearer gp2.
//! resourceTypes: [AWS::EC2::Volume]
//! severity: low
//! parameters:
//!   allowedTypes: {type: csv, default: "gp3,io2,st1,sc1"}
//! applicable: {path: $.configuration.state, notEquals: deleting}
//! compliant:
//!   path: $.configuration.volumeType
//!   in: {param: allowedTypes}
//! messages:
//!   nonCompliant: "volume type {{value}} is not one of {{param.allowedTypes}}"
//! ```
//!
//! The JSONPath queries run against the item in snapshot naming (`$.resourceType`,
//! `$.configuration…`, `$.supplementaryConfiguration…`, `$.tags…`, `$.relationships…`).
//! Queries under `configuration` and `supplementaryConfiguration` read the item in place;
//! only queries starting with a wildcard or `..` at the root build the whole document.
//! The module also serves the `query*` functions of scripts.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use jsonpath_rust::parser::model::{JpQuery, Segment, Selector};
use jsonpath_rust::parser::parse_json_path;
use jsonpath_rust::query::js_path_process;
use regex::Regex;
use serde_json::{Map, Value, json};

use super::{Header, LoadError, RuleKind};
use crate::model::ConfigItem;
use crate::rules::support::as_bool;
use crate::rules::{
    Described, Evaluate, Evidence, ManagedRule, ParamValue, RuleContext, RuleMeta, ValidParams,
    Verdict, port_list_text,
};

// ---------------------------------------------------------------------------------------
// Queries over one item.

/// Where a query starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    /// `$.configuration…`: runs on the decoded configuration, in place.
    Configuration,
    /// `$.supplementaryConfiguration…`: runs on the decoded supplementary configuration.
    Supplementary,
    /// `$.<other top-level key>…`: runs on a small document of the item's other fields.
    Header,
    /// Anything else (`$..x`, `$.*`, `$[…]`): runs on the whole item.
    Whole,
}

/// A compiled JSONPath query.
#[derive(Debug, Clone)]
pub struct Query {
    text: String,
    base: Base,
    compiled: JpQuery,
}

/// The item seen as a JSON document, built lazily and only as far as queries need.
pub struct Doc<'a> {
    item: &'a ConfigItem,
    header: OnceCell<Value>,
    whole: OnceCell<Value>,
}

impl<'a> Doc<'a> {
    pub fn new(item: &'a ConfigItem) -> Self {
        Self {
            item,
            header: OnceCell::new(),
            whole: OnceCell::new(),
        }
    }

    pub fn item(&self) -> &'a ConfigItem {
        self.item
    }

    fn root(&self, base: Base) -> &Value {
        match base {
            Base::Configuration => self.item.configuration(),
            Base::Supplementary => self.item.supplementary(),
            Base::Header => self.header.get_or_init(|| header_json(self.item)),
            Base::Whole => self.whole.get_or_init(|| self.item.to_json()),
        }
    }
}

/// The item's fields other than its configurations, in snapshot naming.
fn header_json(item: &ConfigItem) -> Value {
    let mut out = Map::new();
    let mut put = |k: &str, v: Value| {
        if !v.is_null() {
            out.insert(k.to_owned(), v);
        }
    };
    put("resourceType", json!(&*item.key.resource_type));
    put("resourceId", json!(&*item.key.resource_id));
    put("resourceName", json!(item.name.as_deref()));
    put("awsAccountId", json!(&*item.key.account));
    put("awsRegion", json!(&*item.key.region));
    put("ARN", json!(item.arn.as_deref()));
    put("availabilityZone", json!(item.availability_zone.as_deref()));
    put("configurationItemStatus", json!(item.status.as_str()));
    put(
        "configurationStateId",
        json!(item.state_id.as_ref().map(|s| &*s.0)),
    );
    put(
        "configurationItemCaptureTime",
        json!(
            item.capture_time
                .as_ref()
                .map(crate::model::Timestamp::display)
        ),
    );
    put(
        "resourceCreationTime",
        json!(
            item.creation_time
                .as_ref()
                .map(crate::model::Timestamp::display)
        ),
    );
    put("configurationItemVersion", json!(item.version.as_deref()));
    put("tags", json!(item.tags()));
    put("relationships", json!(item.relationships));
    Value::Object(out)
}

impl Query {
    /// Compiles a query. It must start at the root (`$`).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if !text.starts_with('$') {
            return Err(format!("JSONPath `{text}` must start with `$`"));
        }
        let parsed = parse_json_path(text).map_err(|e| format!("JSONPath `{text}`: {e}"))?;
        let first = parsed.segments.first().and_then(|s| match s {
            Segment::Selector(Selector::Name(n)) => Some(n.as_str()),
            _ => None,
        });
        let (base, skip) = match first {
            Some("configuration") => (Base::Configuration, 1),
            Some("supplementaryConfiguration") => (Base::Supplementary, 1),
            Some(_) => (Base::Header, 0),
            None => (Base::Whole, 0),
        };
        Ok(Self {
            text: text.to_owned(),
            base,
            compiled: JpQuery::new(parsed.segments[skip..].to_vec()),
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every match with its path in dot notation (`$.configuration.ipPermissions[0]`).
    pub fn select<'d>(&self, doc: &'d Doc<'_>) -> Vec<(String, &'d Value)> {
        let root = doc.root(self.base);
        let prefix = match self.base {
            Base::Configuration => "$.configuration",
            Base::Supplementary => "$.supplementaryConfiguration",
            Base::Header | Base::Whole => "$",
        };
        match js_path_process(&self.compiled, root) {
            Ok(found) => found
                .into_iter()
                .map(|r| (dot_path(prefix, &r.path), r.val))
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}

/// Converts a normalized path (`$['a'][0]['b c']`) to dot notation under `prefix`
/// (`<prefix>.a[0]['b c']`).
fn dot_path(prefix: &str, normalized: &str) -> String {
    let mut out = String::from(prefix);
    let rest = normalized.strip_prefix('$').unwrap_or(normalized);
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '[' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'\'') {
            chars.next();
            let mut raw = String::new();
            let mut name = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        raw.push(c);
                        if let Some(e) = chars.next() {
                            raw.push(e);
                            name.push(e);
                        }
                    }
                    '\'' => break,
                    c => {
                        raw.push(c);
                        name.push(c);
                    }
                }
            }
            if chars.peek() == Some(&']') {
                chars.next();
            }
            let plain = name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if plain {
                out.push('.');
                out.push_str(&name);
            } else {
                out.push_str("['");
                out.push_str(&raw);
                out.push_str("']");
            }
        } else {
            out.push('[');
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Conditions.

/// A value to compare with: a literal, or a parameter of the rule.
#[derive(Debug, Clone)]
enum Operand {
    Literal(Value),
    Param(String),
}

impl Operand {
    fn parse(v: &Value) -> Self {
        match v {
            Value::Object(o) if o.len() == 1 && o.get("param").is_some_and(Value::is_string) => {
                Self::Param(o["param"].as_str().unwrap_or_default().to_owned())
            }
            other => Self::Literal(other.clone()),
        }
    }

    fn resolve<'v>(&'v self, params: &ValidParams) -> std::borrow::Cow<'v, Value> {
        use std::borrow::Cow;
        match self {
            Self::Literal(v) => Cow::Borrowed(v),
            Self::Param(name) => Cow::Owned(param_json(params.get(name))),
        }
    }
}

fn param_json(p: Option<&ParamValue>) -> Value {
    match p {
        None => Value::Null,
        Some(ParamValue::Int(n)) => json!(n),
        Some(ParamValue::Bool(b)) => json!(b),
        Some(ParamValue::Str(s)) => json!(s),
        Some(ParamValue::List(l)) => json!(l),
        Some(ParamValue::Ports(p)) => json!(p),
    }
}

#[derive(Debug, Clone)]
enum Op {
    Equals(Operand),
    NotEquals(Operand),
    Exists(bool),
    In(Operand),
    NotIn(Operand),
    Gt(Operand),
    Gte(Operand),
    Lt(Operand),
    Lte(Operand),
    Matches(Arc<Regex>),
    Contains(Operand),
    NotContains(Operand),
}

const OPS: &[&str] = &[
    "equals",
    "notEquals",
    "exists",
    "absent",
    "in",
    "notIn",
    "gt",
    "gte",
    "lt",
    "lte",
    "matches",
    "contains",
    "notContains",
];

#[derive(Debug, Clone)]
struct Test {
    query: Query,
    op: Op,
    /// `all` (default): every matched value must pass; `any`: one is enough.
    any: bool,
}

#[derive(Debug, Clone)]
enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Test(Box<Test>),
}

/// Whether a condition holds, and the match that decided it.
#[derive(Debug, Clone)]
struct Outcome<'d> {
    holds: bool,
    path: String,
    value: Option<&'d Value>,
}

fn parse_cond(
    v: &Value,
    at: &str,
    params: &BTreeMap<String, super::ParamHeader>,
) -> Result<Cond, String> {
    let Value::Object(o) = v else {
        return Err(format!(
            "{at}: a condition is a map (path + operator, all, any or not)"
        ));
    };
    if let Some(list) = o.get("all").or_else(|| o.get("any")) {
        let all = o.contains_key("all");
        if o.len() != 1 {
            return Err(format!("{at}: `all`/`any` must be the only key of its map"));
        }
        let Value::Array(items) = list else {
            return Err(format!("{at}: `all`/`any` takes a list of conditions"));
        };
        let conds = items
            .iter()
            .enumerate()
            .map(|(i, c)| {
                parse_cond(
                    c,
                    &format!("{at}.{}[{i}]", if all { "all" } else { "any" }),
                    params,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(if all {
            Cond::All(conds)
        } else {
            Cond::Any(conds)
        });
    }
    if let Some(inner) = o.get("not") {
        if o.len() != 1 {
            return Err(format!("{at}: `not` must be the only key of its map"));
        }
        return Ok(Cond::Not(Box::new(parse_cond(
            inner,
            &format!("{at}.not"),
            params,
        )?)));
    }
    let path = o
        .get("path")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{at}: a test needs `path` (a JSONPath) and one operator"))?;
    let query = Query::parse(path).map_err(|e| format!("{at}: {e}"))?;
    let any = match o.get("match").map(|m| m.as_str()) {
        None | Some(Some("all")) => false,
        Some(Some("any")) => true,
        _ => return Err(format!("{at}: `match` is `all` or `any`")),
    };
    let mut ops = o
        .iter()
        .filter(|(k, _)| k.as_str() != "path" && k.as_str() != "match");
    let (Some((name, operand)), None) = (ops.next(), ops.next()) else {
        return Err(format!(
            "{at}: a test needs exactly one operator: {}",
            OPS.join(", ")
        ));
    };
    let operand_of = |v: &Value| -> Result<Operand, String> {
        let op = Operand::parse(v);
        if let Operand::Param(p) = &op
            && !params.contains_key(p)
        {
            return Err(format!("{at}: parameter `{p}` is not declared"));
        }
        Ok(op)
    };
    let flag = |v: &Value| as_bool(v).ok_or_else(|| format!("{at}: `{name}` takes true or false"));
    let op = match name.as_str() {
        "equals" => Op::Equals(operand_of(operand)?),
        "notEquals" => Op::NotEquals(operand_of(operand)?),
        "exists" => Op::Exists(flag(operand)?),
        "absent" => Op::Exists(!flag(operand)?),
        "in" => Op::In(operand_of(operand)?),
        "notIn" => Op::NotIn(operand_of(operand)?),
        "gt" => Op::Gt(operand_of(operand)?),
        "gte" => Op::Gte(operand_of(operand)?),
        "lt" => Op::Lt(operand_of(operand)?),
        "lte" => Op::Lte(operand_of(operand)?),
        "matches" => {
            let pattern = operand
                .as_str()
                .ok_or_else(|| format!("{at}: `matches` takes a regular expression string"))?;
            Op::Matches(Arc::new(
                Regex::new(pattern).map_err(|e| format!("{at}: bad regular expression: {e}"))?,
            ))
        }
        "contains" => Op::Contains(operand_of(operand)?),
        "notContains" => Op::NotContains(operand_of(operand)?),
        other => {
            return Err(format!(
                "{at}: unknown operator `{other}` (one of {})",
                OPS.join(", ")
            ));
        }
    };
    Ok(Cond::Test(Box::new(Test { query, op, any })))
}

fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Loose JSON equality: numbers by value (`1` = `1.0` = `"1"`), booleans also as the
/// strings `true`/`false` in any case (API naming writes them as strings).
pub(crate) fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), _) | (_, Value::Number(_)) => {
            matches!((as_number(a), as_number(b)), (Some(x), Some(y)) if (x - y).abs() < f64::EPSILON)
        }
        (Value::Bool(_), Value::String(_)) | (Value::String(_), Value::Bool(_)) => {
            as_bool(a).is_some() && as_bool(a) == as_bool(b)
        }
        _ => a == b,
    }
}

fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (as_number(a), as_number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        _ => match (a, b) {
            // ISO-8601 timestamps order correctly as text.
            (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
            _ => None,
        },
    }
}

fn list_of(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::String(s) if s.contains(',') => Vec::new(),
        other => vec![other],
    }
}

fn in_list(value: &Value, list: &Value) -> bool {
    if let Value::String(s) = list
        && s.contains(',')
    {
        return s.split(',').any(|x| loose_eq(value, &json!(x.trim())));
    }
    list_of(list).iter().any(|x| loose_eq(value, x))
}

fn contains(value: &Value, needle: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(|x| loose_eq(x, needle)),
        Value::String(s) => needle.as_str().is_some_and(|n| s.contains(n)),
        Value::Object(o) => needle.as_str().is_some_and(|k| o.contains_key(k)),
        _ => false,
    }
}

impl Test {
    fn passes(&self, value: &Value, params: &ValidParams) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match &self.op {
            Op::Exists(_) => true,
            Op::Equals(o) => loose_eq(value, &o.resolve(params)),
            Op::NotEquals(o) => !loose_eq(value, &o.resolve(params)),
            Op::In(o) => in_list(value, &o.resolve(params)),
            Op::NotIn(o) => !in_list(value, &o.resolve(params)),
            Op::Gt(o) => compare(value, &o.resolve(params)) == Some(Greater),
            Op::Gte(o) => matches!(compare(value, &o.resolve(params)), Some(Greater | Equal)),
            Op::Lt(o) => compare(value, &o.resolve(params)) == Some(Less),
            Op::Lte(o) => matches!(compare(value, &o.resolve(params)), Some(Less | Equal)),
            Op::Matches(re) => match value {
                Value::String(s) => re.is_match(s),
                Value::Number(_) | Value::Bool(_) => re.is_match(&value.to_string()),
                _ => false,
            },
            Op::Contains(o) => contains(value, &o.resolve(params)),
            Op::NotContains(o) => !contains(value, &o.resolve(params)),
        }
    }

    fn eval<'d>(&self, doc: &'d Doc<'_>, params: &ValidParams) -> Outcome<'d> {
        let found: Vec<(String, &Value)> = self
            .query
            .select(doc)
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .collect();
        if let Op::Exists(want) = self.op {
            let hit = found.first();
            return Outcome {
                holds: hit.is_some() == want,
                path: hit.map_or_else(|| self.query.text.clone(), |(p, _)| p.clone()),
                value: hit.map(|(_, v)| *v),
            };
        }
        let Some(first) = found.first() else {
            return Outcome {
                holds: false,
                path: self.query.text.clone(),
                value: None,
            };
        };
        let decisive = if self.any {
            found.iter().find(|(_, v)| self.passes(v, params))
        } else {
            found.iter().find(|(_, v)| !self.passes(v, params))
        };
        let holds = decisive.is_some() == self.any;
        let (path, value) = decisive.unwrap_or(first);
        Outcome {
            holds,
            path: path.clone(),
            value: Some(*value),
        }
    }
}

impl Cond {
    fn eval<'d>(&self, doc: &'d Doc<'_>, params: &ValidParams) -> Outcome<'d> {
        match self {
            Self::Test(t) => t.eval(doc, params),
            Self::Not(inner) => {
                let mut o = inner.eval(doc, params);
                o.holds = !o.holds;
                o
            }
            Self::All(list) | Self::Any(list) => {
                let want = matches!(self, Self::Any(_));
                let mut first = None;
                for c in list {
                    let o = c.eval(doc, params);
                    if o.holds == want {
                        return o;
                    }
                    first.get_or_insert(o);
                }
                first.unwrap_or(Outcome {
                    holds: !want,
                    path: "$".to_owned(),
                    value: None,
                })
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Messages.

#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Value,
    Path,
    ResourceId,
    ResourceType,
    ResourceName,
    Account,
    Region,
    Param(String),
    Query(Box<Query>),
}

#[derive(Debug, Clone)]
struct Template(Vec<Piece>);

fn value_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "(absent)".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

impl Template {
    fn parse(text: &str, params: &BTreeMap<String, super::ParamHeader>) -> Result<Self, String> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            if start > 0 {
                pieces.push(Piece::Text(rest[..start].to_owned()));
            }
            let after = &rest[start + 2..];
            let end = after
                .find("}}")
                .ok_or_else(|| format!("message `{text}`: `{{{{` without `}}}}`"))?;
            let name = after[..end].trim();
            pieces.push(match name {
                "value" => Piece::Value,
                "path" => Piece::Path,
                "resourceId" => Piece::ResourceId,
                "resourceType" => Piece::ResourceType,
                "resourceName" => Piece::ResourceName,
                "accountId" | "awsAccountId" => Piece::Account,
                "region" | "awsRegion" => Piece::Region,
                q if q.starts_with('$') => Piece::Query(Box::new(Query::parse(q)?)),
                p if p.starts_with("param.") => {
                    let p = &p["param.".len()..];
                    if !params.contains_key(p) {
                        return Err(format!("message `{text}`: parameter `{p}` is not declared"));
                    }
                    Piece::Param(p.to_owned())
                }
                other => {
                    return Err(format!(
                        "message `{text}`: unknown placeholder `{{{{{other}}}}}` (value, path, resourceId, resourceType, resourceName, accountId, region, param.NAME or a JSONPath)"
                    ));
                }
            });
            rest = &after[end + 2..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_owned()));
        }
        Ok(Self(pieces))
    }

    fn render(&self, doc: &Doc<'_>, o: &Outcome<'_>, params: &ValidParams) -> String {
        let item = doc.item();
        let mut s = String::new();
        for p in &self.0 {
            match p {
                Piece::Text(t) => s.push_str(t),
                Piece::Value => s.push_str(&value_text(o.value)),
                Piece::Path => s.push_str(&o.path),
                Piece::ResourceId => s.push_str(item.resource_id()),
                Piece::ResourceType => s.push_str(item.resource_type()),
                Piece::ResourceName => s.push_str(item.display_name()),
                Piece::Account => s.push_str(&item.key.account),
                Piece::Region => s.push_str(&item.key.region),
                Piece::Param(name) => match params.get(name) {
                    Some(ParamValue::List(l)) => s.push_str(&l.join(", ")),
                    Some(ParamValue::Ports(p)) => s.push_str(&port_list_text(p)),
                    other => s.push_str(&value_text(Some(&param_json(other)))),
                },
                Piece::Query(q) => {
                    let found = q.select(doc);
                    s.push_str(&value_text(found.first().map(|(_, v)| *v)));
                }
            }
        }
        s
    }
}

// ---------------------------------------------------------------------------------------
// The rule.

/// A loaded JSONPath rule.
#[derive(Debug)]
pub struct JsonPathRule {
    meta: &'static RuleMeta,
    applicable: Option<Cond>,
    compliant: Cond,
    compliant_message: Template,
    non_compliant_message: Template,
    not_applicable_message: Template,
}

impl Described for JsonPathRule {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }
}

impl Evaluate for JsonPathRule {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let doc = Doc::new(item);
        let params = cx.params();
        if let Some(app) = &self.applicable {
            let o = app.eval(&doc, params);
            if !o.holds {
                return Verdict::not_applicable(
                    self.not_applicable_message.render(&doc, &o, params),
                );
            }
        }
        let o = self.compliant.eval(&doc, params);
        if o.holds {
            Verdict::compliant(self.compliant_message.render(&doc, &o, params))
        } else {
            let message = self.non_compliant_message.render(&doc, &o, params);
            Verdict::non_compliant(
                message,
                Evidence::at(o.path.clone(), o.value.cloned().unwrap_or(Value::Null)),
            )
        }
    }
}

const RULE_KEYS: &[&str] = &["applicable", "compliant", "messages"];

/// Loads a JSONPath rule file.
pub fn load(file: &Path) -> Result<Arc<dyn ManagedRule>, LoadError> {
    let text = std::fs::read_to_string(file).map_err(|e| LoadError::new(file, e.to_string()))?;
    parse(file, &text).map(|r| Arc::new(r) as Arc<dyn ManagedRule>)
}

/// Parses a JSONPath rule from its text (YAML or JSON); `file` names it in errors.
pub fn parse(file: &Path, text: &str) -> Result<JsonPathRule, LoadError> {
    let doc: Value = serde_norway::from_str(text).map_err(|e| {
        let loc = e.location();
        LoadError::new(file, e.to_string()).at(
            loc.as_ref().map(serde_norway::Location::line),
            loc.as_ref().map(serde_norway::Location::column),
        )
    })?;
    let Value::Object(mut map) = doc else {
        return Err(LoadError::new(
            file,
            "a JSONPath rule is a map of metadata and conditions",
        ));
    };
    let mut parts: BTreeMap<&str, Value> = BTreeMap::new();
    for key in RULE_KEYS {
        if let Some(v) = map.remove(*key) {
            parts.insert(key, v);
        }
    }
    let header: Header = serde_json::from_value(Value::Object(map))
        .map_err(|e| LoadError::new(file, format!("metadata: {e}")))?;
    let declared = header.parameters.clone();
    let line_of = |key: &str| {
        text.lines()
            .position(|l| l.trim_start().trim_start_matches('"').starts_with(key))
            .map(|i| i + 1)
    };
    let err = |key: &str, msg: String| LoadError::new(file, msg).at(line_of(key), None);
    let applicable = parts
        .get("applicable")
        .map(|v| parse_cond(v, "applicable", &declared))
        .transpose()
        .map_err(|e| err("applicable", e))?;
    let compliant = parts
        .get("compliant")
        .ok_or_else(|| {
            err(
                "compliant",
                "a JSONPath rule needs a `compliant` condition".into(),
            )
        })
        .and_then(|v| parse_cond(v, "compliant", &declared).map_err(|e| err("compliant", e)))?;
    let messages = parts.get("messages").cloned().unwrap_or(Value::Null);
    if let Value::Object(m) = &messages
        && let Some(k) = m
            .keys()
            .find(|k| !["compliant", "nonCompliant", "notApplicable"].contains(&k.as_str()))
    {
        return Err(err(
            "messages",
            format!("messages: unknown key `{k}` (compliant, nonCompliant, notApplicable)"),
        ));
    }
    let message = |key: &str, default: &str| -> Result<Template, LoadError> {
        let text = messages.get(key).and_then(Value::as_str).unwrap_or(default);
        Template::parse(text, &declared).map_err(|e| err("messages", e))
    };
    let compliant_message = message("compliant", "{{path}} is {{value}}")?;
    let non_compliant_message = message("nonCompliant", "{{path}} is {{value}}")?;
    let not_applicable_message = message(
        "notApplicable",
        "the rule does not apply: {{path}} is {{value}}",
    )?;
    let meta = header
        .into_meta(file, RuleKind::JsonPath, false)
        .map_err(|e| LoadError::new(file, e).at(line_of("identifier"), None))?;
    Ok(JsonPathRule {
        meta,
        applicable,
        compliant,
        compliant_message,
        non_compliant_message,
        not_applicable_message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_in_dot_notation() {
        assert_eq!(
            dot_path(
                "$.configuration",
                "$['ipPermissions'][0]['ipv4Ranges'][1]['cidrIp']"
            ),
            "$.configuration.ipPermissions[0].ipv4Ranges[1].cidrIp"
        );
        assert_eq!(
            dot_path("$", "$['tags']['cost center']"),
            "$.tags['cost center']"
        );
        assert_eq!(dot_path("$", "$['a\\'b']"), "$['a\\'b']");
    }

    #[test]
    fn queries_rebase_on_configurations() {
        assert_eq!(
            Query::parse("$.configuration.x").unwrap().base,
            Base::Configuration
        );
        assert_eq!(
            Query::parse("$.supplementaryConfiguration.x").unwrap().base,
            Base::Supplementary
        );
        assert_eq!(Query::parse("$.tags.Owner").unwrap().base, Base::Header);
        assert_eq!(Query::parse("$..cidrIp").unwrap().base, Base::Whole);
        assert!(Query::parse("configuration.x").is_err());
    }

    #[test]
    fn loose_equality() {
        assert!(loose_eq(&json!(1), &json!(1.0)));
        assert!(loose_eq(&json!("22"), &json!(22)));
        assert!(loose_eq(&json!("TRUE"), &json!(true)));
        assert!(!loose_eq(&json!("yes"), &json!(true)));
        assert!(!loose_eq(&json!("a"), &json!("A")));
    }
}
