//! Rhai user rules: the sandboxed engine, the script API and compiled script rules.
//!
//! A script declares its metadata in a `RULE` constant and an entry function:
//!
//! ```rhai
//! const RULE = #{
//!     identifier: "SSH_FROM_ALLOWED_CIDRS",
//!     name: "ssh-from-allowed-cidrs",
//!     description: "Security groups open SSH only to the allowed CIDR ranges.",
//!     resourceTypes: ["AWS::EC2::SecurityGroup"],
//!     severity: "high",
//!     parameters: #{ allowedCidrs: #{ type: "csv", default: "10.0.0.0/8" } },
//! };
//!
//! fn evaluate(item, params, ctx) {
//!     for perm in sg_ingress(item) { … }
//!     compliant("SSH is open to allowed ranges only")
//! }
//! ```
//!
//! Account-level rules (`scope: "account"` or `"account-region"`) define
//! `fn evaluate_account(account, params, ctx)` instead.
//!
//! **How items reach scripts without copies.** Rhai values must be `'static`, but items
//! live in the inventory the engine borrows. During each call the inventory is lent to
//! the API functions through a scoped thread-local ([`scoped_tls`]); the script receives
//! an `Item` handle (a position) and `JsonObject` views (a position and a path). Fields are
//! read from the item in place when the script touches them: objects stay views, arrays
//! become Rhai arrays of their elements, scalars become Rhai values. Nothing of the
//! document is copied that the script does not read.
//!
//! **Sandbox.** The engine is built raw: no module resolver (no `import`), no `eval`, no
//! clock (`no_time`), `print`/`debug` discarded, strict variables, and the [`Limits`]
//! on operations, call depth, expression depth, string, array and map sizes and
//! variables. Rhai itself has no file, network, environment or process access; the API
//! adds none. A script that throws, overflows a limit or returns something other than
//! a verdict gets an ERROR verdict naming its file, line and column.
//!
//! Every API function is documented in `custom-rules/README.md`; a test checks that the
//! README names each function the engine registers.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;

use ::rhai::module_resolvers::DummyModuleResolver;
use ::rhai::packages::{Package, StandardPackage};
use ::rhai::{
    AST, Array, CallFnOptions, Dynamic, Engine, EvalAltResult, FuncArgs, ImmutableString, Map,
    NativeCallContext, Position, Scope,
};
use chrono::{DateTime, TimeZone, Utc};
use ipnet::IpNet;
use regex::Regex;
use serde_json::Value;

use super::jsonpath::{Doc, Query};
use super::{Header, Limits, LoadError, RuleKind};
use crate::Inventory;
use crate::inventory::Related;
use crate::model::{ConfigItem, ResourceKey, Verb};
use crate::rules::support::ingress::{self, Protocol, Source};
use crate::rules::support::{self, policy};
use crate::rules::{
    AccountScope, Compliance, Described, Evaluate, Evidence, ManagedRule, ParamValue, RuleContext,
    RuleMeta, Scope as RuleScope, Severity, ValidParams, Verdict,
};

scoped_tls::scoped_thread_local!(static INVENTORY: Inventory);

type RResult<T> = Result<T, Box<EvalAltResult>>;

fn err<T>(msg: impl Into<String>) -> RResult<T> {
    Err(Box::new(EvalAltResult::ErrorRuntime(
        msg.into().into(),
        Position::NONE,
    )))
}

fn with_inv<R>(f: impl FnOnce(&Inventory) -> RResult<R>) -> RResult<R> {
    if !INVENTORY.is_set() {
        return err("items and the graph are only available while a rule evaluates");
    }
    INVENTORY.with(f)
}

// ---------------------------------------------------------------------------------------
// Values handed to scripts.

/// A resource, by its position in the inventory lent for the current call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemRef {
    pos: u32,
}

impl ItemRef {
    fn with<R>(self, f: impl FnOnce(&Inventory, &ConfigItem) -> RResult<R>) -> RResult<R> {
        with_inv(|inv| match inv.resource(self.pos) {
            Some(item) => f(inv, item),
            None => err("this item does not belong to the current evaluation"),
        })
    }
}

fn item_ref(inv: &Inventory, item: &ConfigItem) -> Dynamic {
    inv.position(&item.key)
        .map_or(Dynamic::UNIT, |pos| Dynamic::from(ItemRef { pos }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Configuration,
    Supplementary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(ImmutableString),
    Index(usize),
}

/// A read-only view of a JSON object inside an item.
#[derive(Debug, Clone)]
pub struct JsonNode {
    pos: u32,
    section: Section,
    path: Vec<Seg>,
}

impl JsonNode {
    fn child(&self, seg: Seg) -> Self {
        let mut path = Vec::with_capacity(self.path.len() + 1);
        path.extend(self.path.iter().cloned());
        path.push(seg);
        Self {
            pos: self.pos,
            section: self.section,
            path,
        }
    }

    fn resolve<'i>(&self, inv: &'i Inventory) -> Option<&'i Value> {
        let item = inv.resource(self.pos)?;
        let mut cur = match self.section {
            Section::Configuration => item.configuration(),
            Section::Supplementary => item.supplementary(),
        };
        for seg in &self.path {
            cur = match seg {
                Seg::Key(k) => cur.get(k.as_str())?,
                Seg::Index(i) => cur.get(*i)?,
            };
        }
        Some(cur)
    }

    fn with<R>(&self, f: impl FnOnce(&Value) -> RResult<R>) -> RResult<R> {
        with_inv(|inv| match self.resolve(inv) {
            Some(v) => f(v),
            None => f(&Value::Null),
        })
    }

    /// The JSONPath of this object in the item (`$.configuration.ipPermissions[0]`).
    fn path_text(&self) -> String {
        let mut s = String::from(match self.section {
            Section::Configuration => "$.configuration",
            Section::Supplementary => "$.supplementaryConfiguration",
        });
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    let plain = k
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                    if plain {
                        s.push('.');
                        s.push_str(k);
                    } else {
                        s.push_str("['");
                        s.push_str(&k.replace('\'', "\\'"));
                        s.push_str("']");
                    }
                }
                Seg::Index(i) => {
                    s.push('[');
                    s.push_str(&i.to_string());
                    s.push(']');
                }
            }
        }
        s
    }
}

/// A Rhai string.
fn text(s: &str) -> Dynamic {
    Dynamic::from(ImmutableString::from(s))
}

fn scalar(v: &Value) -> Dynamic {
    match v {
        Value::Bool(b) => Dynamic::from_bool(*b),
        Value::Number(n) => n.as_i64().map_or_else(
            || n.as_f64().map_or(Dynamic::UNIT, Dynamic::from_float),
            Dynamic::from_int,
        ),
        Value::String(s) => text(s.as_str()),
        _ => Dynamic::UNIT,
    }
}

/// A value inside an item: objects become views, arrays Rhai arrays of their elements.
fn child_value(node: &JsonNode, seg: Seg, v: &Value) -> Dynamic {
    match v {
        Value::Object(_) => Dynamic::from(node.child(seg)),
        Value::Array(items) => {
            let base = node.child(seg);
            Dynamic::from_array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, e)| child_value(&base, Seg::Index(i), e))
                    .collect(),
            )
        }
        other => scalar(other),
    }
}

fn section_value(pos: u32, section: Section, v: &Value) -> Dynamic {
    let root = JsonNode {
        pos,
        section,
        path: Vec::new(),
    };
    match v {
        Value::Object(_) => Dynamic::from(root),
        Value::Array(items) => Dynamic::from_array(
            items
                .iter()
                .enumerate()
                .map(|(i, e)| child_value(&root, Seg::Index(i), e))
                .collect(),
        ),
        other => scalar(other),
    }
}

/// A JSON value copied into Rhai values (for query results and `to_map`).
pub(crate) fn to_dynamic(v: &Value) -> Dynamic {
    match v {
        Value::Array(items) => Dynamic::from_array(items.iter().map(to_dynamic).collect()),
        Value::Object(o) => Dynamic::from_map(
            o.iter()
                .map(|(k, v)| (k.as_str().into(), to_dynamic(v)))
                .collect(),
        ),
        other => scalar(other),
    }
}

/// A Rhai value as JSON (for evidence and helpers that take documents).
pub(crate) fn to_value(d: &Dynamic) -> Value {
    if d.is_unit() {
        return Value::Null;
    }
    if let Ok(b) = d.as_bool() {
        return Value::Bool(b);
    }
    if let Ok(i) = d.as_int() {
        return Value::from(i);
    }
    if let Ok(f) = d.as_float() {
        return serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number);
    }
    if let Ok(s) = d.as_immutable_string_ref() {
        return Value::String(s.to_string());
    }
    if let Ok(c) = d.as_char() {
        return Value::String(c.to_string());
    }
    if let Some(a) = d.read_lock::<Array>() {
        return Value::Array(a.iter().map(to_value).collect());
    }
    if let Some(m) = d.read_lock::<Map>() {
        return Value::Object(
            m.iter()
                .map(|(k, v)| (k.to_string(), to_value(v)))
                .collect(),
        );
    }
    if let Some(n) = d.read_lock::<JsonNode>() {
        return n.with(|v| Ok(v.clone())).unwrap_or(Value::Null);
    }
    if let Some(it) = d.read_lock::<ItemRef>() {
        return it
            .with(|_, item| Ok(Value::String(label(item))))
            .unwrap_or(Value::Null);
    }
    if let Some(p) = d.read_lock::<SgPermission>() {
        return Value::String(p.description.clone());
    }
    Value::String(d.to_string())
}

fn label(item: &ConfigItem) -> String {
    format!("{}/{}", item.key.resource_type, item.key.resource_id)
}

/// A security group permission (an entry of `ipPermissions` or `ipPermissionsEgress`).
#[derive(Debug, Clone)]
pub struct SgPermission {
    path: String,
    protocol: Protocol,
    protocol_raw: String,
    ports: Option<(i64, i64)>,
    sources: Vec<Source>,
    description: String,
}

impl SgPermission {
    fn from(p: &ingress::Permission<'_>) -> Self {
        Self {
            path: p.path.clone(),
            protocol: p.protocol,
            protocol_raw: p.protocol_raw.to_owned(),
            ports: p.ports,
            sources: p.sources(),
            description: p.describe(),
        }
    }

    fn covers_port(&self, port: i64) -> bool {
        self.ports
            .is_none_or(|(from, to)| from <= port && port <= to)
    }
}

fn source_map(s: &Source) -> Dynamic {
    let mut m = Map::new();
    m.insert("path".into(), s.path.as_str().into());
    m.insert("cidr".into(), s.cidr.as_str().into());
    m.insert("world".into(), s.is_world().into());
    m.insert("ipv6".into(), s.is_ipv6().into());
    m.insert("valid".into(), s.net.is_some().into());
    Dynamic::from_map(m)
}

/// A verdict returned by a script.
#[derive(Debug, Clone)]
pub struct ScriptVerdict(Verdict);

/// The `ctx` argument: evaluation time and scope.
#[derive(Debug, Clone)]
pub struct ScriptContext {
    now: DateTime<Utc>,
    account: Arc<str>,
    region: Option<Arc<str>>,
    rule: ImmutableString,
}

/// Per-call data the API functions read through the call's tag.
#[derive(Debug, Clone)]
struct CallTag {
    account: Arc<str>,
    /// `None` for account-wide rules.
    region: Option<Arc<str>>,
}

fn call_tag(ctx: &NativeCallContext) -> RResult<CallTag> {
    ctx.tag()
        .and_then(|t| t.read_lock::<CallTag>().map(|t| t.clone()))
        .map_or_else(
            || err("the graph is only available while a rule evaluates"),
            Ok,
        )
}

// ---------------------------------------------------------------------------------------
// Helpers of the API.

fn verb_of(s: &str) -> RResult<Option<Verb>> {
    let s = s.trim();
    if s.is_empty() || s == "*" {
        return Ok(None);
    }
    Verb::parse(s).map(Some).map_or_else(
        || {
            err(format!(
                "unknown relationship verb `{s}` (contains, is-contained-in, is-attached-to, is-associated-with, other, or \"\" for any)"
            ))
        },
        Ok,
    )
}

fn type_of(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty() && s != "*").then_some(s)
}

fn related(item: ItemRef, verb: &str, ty: &str) -> RResult<Array> {
    let verb = verb_of(verb)?;
    with_inv(|inv| {
        Ok(inv
            .related_to(item.pos, verb, type_of(ty))
            .into_iter()
            .filter_map(|l| l.node.item())
            .map(|i| item_ref(inv, i))
            .filter(|d| !d.is_unit())
            .collect())
    })
}

fn incoming(item: ItemRef, verb: &str, ty: &str) -> RResult<Array> {
    let verb = verb_of(verb)?;
    let ty = type_of(ty);
    with_inv(|inv| {
        Ok(inv
            .incoming(item.pos)
            .into_iter()
            .filter(|l| verb.is_none_or(|v| v == l.verb))
            .filter(|l| ty.is_none_or(|t| t == l.node.resource_type()))
            .filter_map(|l| l.node.item())
            .map(|i| item_ref(inv, i))
            .filter(|d| !d.is_unit())
            .collect())
    })
}

fn node_dynamic(inv: &Inventory, n: Related<'_>) -> Dynamic {
    match n {
        Related::Resource(i) => item_ref(inv, i),
        Related::Unresolved(u) => {
            let mut m = Map::new();
            m.insert("resourceType".into(), (&*u.resource_type).into());
            m.insert("resourceId".into(), n.label().into());
            m.insert("unresolved".into(), true.into());
            Dynamic::from_map(m)
        }
    }
}

fn in_scope(tag: &CallTag, item: &ConfigItem) -> bool {
    *item.key.account == *tag.account
        && tag
            .region
            .as_deref()
            .is_none_or(|r| &*item.key.region == r || &*item.key.region == "global")
}

fn lookup(tag: &CallTag, ty: &str, id: &str) -> RResult<Dynamic> {
    with_inv(|inv| {
        let mut candidates = Vec::new();
        if let Some(r) = &tag.region {
            candidates.push(ResourceKey::new(
                Arc::clone(&tag.account),
                Arc::clone(r),
                ty,
                id,
            ));
        }
        candidates.push(ResourceKey::new(Arc::clone(&tag.account), "global", ty, id));
        for key in &candidates {
            if let Some(pos) = inv.position(key) {
                return Ok(Dynamic::from(ItemRef { pos }));
            }
        }
        Ok(inv
            .of_type(ty)
            .find(|i| &*i.key.resource_id == id)
            .map_or(Dynamic::UNIT, |i| item_ref(inv, i)))
    })
}

fn lookup_arn(arn: &str) -> RResult<Dynamic> {
    // Only the types of the ARN's service are scanned (`arn:aws:iam::…` → AWS::IAM::*).
    let service = arn
        .split(':')
        .nth(2)
        .unwrap_or_default()
        .to_ascii_lowercase();
    with_inv(|inv| {
        let types: Vec<&str> = inv
            .types()
            .map(|(t, _)| t)
            .filter(|t| {
                t.split("::")
                    .nth(1)
                    .is_some_and(|s| s.eq_ignore_ascii_case(&service))
            })
            .collect();
        for ty in types {
            if let Some(i) = inv.of_type(ty).find(|i| i.arn.as_deref() == Some(arn)) {
                return Ok(item_ref(inv, i));
            }
        }
        Ok(Dynamic::UNIT)
    })
}

/// A policy document argument: an object view, a map, or a JSON string. Calls `f` with
/// the document and its JSONPath.
fn with_doc<R>(doc: &Dynamic, f: impl FnOnce(&Value, &str) -> R) -> RResult<R> {
    if let Some(n) = doc.read_lock::<JsonNode>() {
        let path = n.path_text();
        return n.with(|v| Ok(f(v, &path)));
    }
    if let Ok(s) = doc.as_immutable_string_ref() {
        let parsed = crate::model::url_decode_policy(&s)
            .or_else(|| serde_json::from_str(&s).ok())
            .unwrap_or(Value::Null);
        return Ok(f(&parsed, "$"));
    }
    Ok(f(&to_value(doc), "$"))
}

fn strings(v: &[&str]) -> Dynamic {
    Dynamic::from_array(v.iter().map(|s| text(s)).collect())
}

fn statement_map(s: &policy::Statement<'_>) -> Dynamic {
    let mut m = Map::new();
    m.insert("path".into(), s.path.as_str().into());
    m.insert("sid".into(), s.sid().map_or(Dynamic::UNIT, text));
    m.insert(
        "effect".into(),
        s.raw
            .get("Effect")
            .and_then(Value::as_str)
            .map_or(Dynamic::UNIT, text),
    );
    m.insert("actions".into(), strings(&s.actions()));
    m.insert("notActions".into(), strings(&s.not_actions()));
    m.insert("resources".into(), strings(&s.resources()));
    m.insert("principalPublic".into(), s.principal_is_public().into());
    m.insert("hasCondition".into(), s.has_condition().into());
    Dynamic::from_map(m)
}

fn parse_net(s: &str) -> Option<IpNet> {
    let s = s.trim();
    s.parse::<IpNet>()
        .ok()
        .or_else(|| s.parse::<IpAddr>().ok().map(IpNet::from))
}

fn time_of(d: &Dynamic) -> Option<DateTime<Utc>> {
    crate::model::parse_timestamp_value(&to_value(d))
}

thread_local! {
    static REGEXES: RefCell<HashMap<String, Arc<Regex>>> = RefCell::new(HashMap::new());
    static QUERIES: RefCell<HashMap<String, Arc<Query>>> = RefCell::new(HashMap::new());
}

fn cached<T>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<String, Arc<T>>>>,
    key: &str,
    build: impl FnOnce(&str) -> Result<T, String>,
) -> RResult<Arc<T>> {
    if let Some(hit) = cache.with(|c| c.borrow().get(key).cloned()) {
        return Ok(hit);
    }
    let made = Arc::new(build(key).or_else(err)?);
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 256 {
            c.clear();
        }
        c.insert(key.to_owned(), Arc::clone(&made));
    });
    Ok(made)
}

fn query(item: ItemRef, path: &str) -> RResult<Vec<(String, Value)>> {
    let q = cached(&QUERIES, path, Query::parse)?;
    item.with(|_, it| {
        let doc = Doc::new(it);
        Ok(q.select(&doc)
            .into_iter()
            .map(|(p, v)| (p, v.clone()))
            .collect())
    })
}

/// The S3 public-access evaluation of the built-in rules (`support::s3::public_access`,
/// S3's own definition of "public"): ACL grants and policy statements open to everyone,
/// neutralised by the bucket's or the account's Block Public Access settings.
fn s3_public(inv: &Inventory, item: &ConfigItem) -> Map {
    let account = support::s3::account_block_in(inv, item);
    let mut out = Map::new();
    let (public, reason, path, value) = match support::s3::public_access(item, account, support::s3::Access::Any) {
        Some(g) => (true, g.reason, g.path, g.value),
        None => (
            false,
            "no public ACL grant or public policy statement (or Block Public Access neutralises them)".to_owned(),
            "$.supplementaryConfiguration".to_owned(),
            Value::Null,
        ),
    };
    out.insert("isPublic".into(), public.into());
    out.insert("reason".into(), reason.into());
    out.insert("path".into(), path.into());
    out.insert("value".into(), to_dynamic(&value));
    out
}

// ---------------------------------------------------------------------------------------
// The engine and its API.

/// The sandboxed script engine with the API registered; shared by every script rule of
/// a [`RuleSet`](super::RuleSet).
#[derive(Clone)]
pub struct ScriptEngine {
    engine: Arc<Engine>,
    limits: Limits,
}

impl ScriptEngine {
    pub fn new(limits: &Limits) -> Self {
        let mut engine = Engine::new_raw();
        engine.register_global_module(StandardPackage::new().as_shared_module());
        engine.set_module_resolver(DummyModuleResolver::new());
        engine.disable_symbol("eval");
        engine.on_print(|_| {});
        engine.on_debug(|_, _, _| {});
        engine.set_strict_variables(true);
        engine.set_max_operations(limits.operations);
        engine.set_max_call_levels(limits.call_depth);
        engine.set_max_expr_depths(limits.expr_depth, limits.expr_depth);
        engine.set_max_string_size(limits.string_size);
        engine.set_max_array_size(limits.array_size);
        engine.set_max_map_size(limits.map_size);
        engine.set_max_variables(limits.variables);
        register_api(&mut engine);
        Self {
            engine: Arc::new(engine),
            limits: *limits,
        }
    }

    /// Signatures of the functions the API adds to Rhai's standard library.
    pub fn api_signatures(&self) -> Vec<String> {
        self.engine.gen_fn_signatures(false)
    }

    /// Loads and compiles a script file.
    pub fn load(&self, file: &Path) -> Result<Arc<dyn ManagedRule>, LoadError> {
        let text =
            std::fs::read_to_string(file).map_err(|e| LoadError::new(file, e.to_string()))?;
        self.compile(file, &text)
            .map(|r| Arc::new(r) as Arc<dyn ManagedRule>)
    }

    /// Compiles a script; `file` names it in metadata and errors.
    pub fn compile(&self, file: &Path, text: &str) -> Result<ScriptRule, LoadError> {
        let mut ast = self.engine.compile(text).map_err(|e| {
            let p = e.position();
            LoadError::new(file, format!("does not compile: {}", e.err_type()))
                .at(p.line(), p.position())
        })?;
        ast.set_source(file.display().to_string());
        let rule_line = text.lines().position(|l| l.contains("RULE")).map(|i| i + 1);
        let mut scope = Scope::new();
        self.engine
            .run_ast_with_scope(&mut scope, &ast)
            .map_err(|e| error_at(file, &e, self.limits, "the script's top level", None))?;
        let header = scope
            .get_value::<Map>("RULE")
            .ok_or_else(|| {
                LoadError::new(
                    file,
                    "the script must declare its metadata: const RULE = #{ identifier: \"…\", name: \"…\", description: \"…\", resourceTypes: [\"AWS::…\"] };",
                )
            })?;
        let header: Header = serde_json::from_value(to_value(&Dynamic::from_map(header)))
            .map_err(|e| LoadError::new(file, format!("RULE: {e}")).at(rule_line, None))?;
        let meta = header
            .into_meta(file, RuleKind::Rhai, true)
            .map_err(|e| LoadError::new(file, format!("RULE: {e}")).at(rule_line, None))?;
        let entry = match meta.scope {
            RuleScope::Resource => "evaluate",
            RuleScope::Account | RuleScope::AccountRegion => "evaluate_account",
        };
        let found = ast
            .iter_functions()
            .find(|f| f.name == entry)
            .map(|f| f.params.len());
        match found {
            Some(3) => {}
            Some(n) => {
                return Err(LoadError::new(
                    file,
                    format!(
                        "`{entry}` takes 3 parameters ({}params, ctx), not {n}",
                        if entry == "evaluate" {
                            "item, "
                        } else {
                            "account, "
                        }
                    ),
                ));
            }
            None => {
                return Err(LoadError::new(
                    file,
                    format!(
                        "the script must define `fn {entry}({}params, ctx)` returning a verdict",
                        if entry == "evaluate" {
                            "item, "
                        } else {
                            "account, "
                        }
                    ),
                ));
            }
        }
        Ok(ScriptRule {
            engine: Arc::clone(&self.engine),
            ast: ast.clone_functions_only(),
            meta,
            entry,
            entry_at: definition_of(text, entry),
            identifier: meta.identifier.into(),
            file: file.display().to_string(),
            limits: self.limits,
        })
    }
}

/// `file:line:col: message` for a script error, at its innermost position. Rhai drops
/// the position of limit errors (operations, call depth, sizes) when they unwind, so
/// those point at `fallback`: the definition of the entry function.
fn error_at(
    file: &Path,
    e: &EvalAltResult,
    limits: Limits,
    entry: &str,
    fallback: Option<(usize, usize)>,
) -> LoadError {
    let mut pos = Position::NONE;
    let mut cur = e;
    loop {
        if !cur.position().is_none() {
            pos = cur.position();
        }
        match cur {
            EvalAltResult::ErrorInFunctionCall(.., next, _)
            | EvalAltResult::ErrorInModule(_, next, _) => cur = next,
            _ => break,
        }
    }
    let (line, col) = match (pos.line(), pos.position()) {
        (Some(l), c) => (Some(l), c),
        (None, _) => fallback.map_or((None, None), |(l, c)| (Some(l), Some(c))),
    };
    LoadError::new(file, describe(e, limits, entry)).at(line, col)
}

fn describe(e: &EvalAltResult, limits: Limits, entry: &str) -> String {
    let inner = e.unwrap_inner();
    let mut msg = match inner {
        EvalAltResult::ErrorTooManyOperations(..) => format!(
            "exceeded the limit of {} operations per evaluation (an endless loop? raise it with --script-limit operations=N)",
            limits.operations
        ),
        EvalAltResult::ErrorStackOverflow(..) => format!(
            "exceeded the call depth limit of {} (endless recursion? --script-limit call-depth=N)",
            limits.call_depth
        ),
        EvalAltResult::ErrorDataTooLarge(what, ..) => format!(
            "{what} exceeds its size limit (string {}, array {}, map {}; see --script-limit)",
            limits.string_size, limits.array_size, limits.map_size
        ),
        EvalAltResult::ErrorTooManyVariables(..) => format!(
            "more than {} variables (--script-limit variables=N)",
            limits.variables
        ),
        EvalAltResult::ErrorRuntime(v, ..) if !v.is_unit() => {
            format!(
                "thrown: {}",
                v.clone().into_string().unwrap_or_else(|_| v.to_string())
            )
        }
        other => {
            let text = other.to_string();
            match text.rfind(" (line ") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    };
    let mut chain = Vec::new();
    let mut cur = e;
    while let EvalAltResult::ErrorInFunctionCall(name, _, next, _) = cur {
        chain.push(name.as_str());
        cur = next;
    }
    if !chain.is_empty() {
        chain.reverse();
        chain.push(entry);
        let _ = write!(
            msg,
            " (in `{}`, called from `{}`)",
            chain[0],
            chain[1..].join("` ← `")
        );
    }
    msg
}

/// The line and column of `fn <name>(` in a script.
fn definition_of(text: &str, name: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let col = line.find(&format!("fn {name}"))?;
        let rest = line[col + 3 + name.len()..].trim_start();
        rest.starts_with('(').then_some((i + 1, col + 1))
    })
}

/// A compiled script rule.
pub struct ScriptRule {
    engine: Arc<Engine>,
    ast: AST,
    meta: &'static RuleMeta,
    entry: &'static str,
    entry_at: Option<(usize, usize)>,
    identifier: ImmutableString,
    file: String,
    limits: Limits,
}

impl std::fmt::Debug for ScriptRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScriptRule")
            .field("identifier", &self.meta.identifier)
            .field("file", &self.file)
            .finish_non_exhaustive()
    }
}

fn params_map(params: &ValidParams) -> Map {
    params
        .iter()
        .map(|(name, v)| {
            let d = match v {
                ParamValue::Int(n) => Dynamic::from_int(*n),
                ParamValue::Bool(b) => Dynamic::from_bool(*b),
                ParamValue::Str(s) => text(s.as_str()),
                ParamValue::List(l) => {
                    Dynamic::from_array(l.iter().map(|s| text(s.as_str())).collect())
                }
                // Each range as a two-integer array, `[from, to]`.
                ParamValue::Ports(p) => Dynamic::from_array(
                    p.iter()
                        .map(|&(from, to)| {
                            Dynamic::from_array(vec![
                                Dynamic::from_int(from),
                                Dynamic::from_int(to),
                            ])
                        })
                        .collect(),
                ),
            };
            (name.into(), d)
        })
        .collect()
}

impl ScriptRule {
    fn call(
        &self,
        inv: &Inventory,
        tag: CallTag,
        args: impl FuncArgs,
        subject: impl FnOnce() -> String,
    ) -> Verdict {
        let options = CallFnOptions::new()
            .eval_ast(false)
            .rewind_scope(false)
            .with_tag(tag);
        let result = INVENTORY.set(inv, || {
            self.engine.call_fn_with_options::<Dynamic>(
                options,
                &mut Scope::new(),
                &self.ast,
                self.entry,
                args,
            )
        });
        match result {
            Ok(v) => match v.try_cast_result::<ScriptVerdict>() {
                Ok(v) => v.0,
                Err(other) => {
                    let got = if other.is_unit() {
                        "nothing".to_owned()
                    } else {
                        self.engine.map_type_name(other.type_name()).to_owned()
                    };
                    let (line, col) = self.entry_at.unzip();
                    let at = LoadError::new(
                        Path::new(&self.file),
                        format!(
                            "`{}` returned {got} instead of a verdict (compliant(…), non_compliant(…), not_applicable(…), insufficient_data(…))",
                            self.entry
                        ),
                    )
                    .at(line, col);
                    Verdict::error(format!("{at} (while evaluating {})", subject()))
                }
            },
            Err(e) => {
                let at = error_at(
                    Path::new(&self.file),
                    &e,
                    self.limits,
                    self.entry,
                    self.entry_at,
                );
                Verdict::error(format!("{at} (while evaluating {})", subject()))
            }
        }
    }

    fn context(
        &self,
        cx: &RuleContext<'_>,
        account: Arc<str>,
        region: Option<Arc<str>>,
    ) -> ScriptContext {
        ScriptContext {
            now: cx.now(),
            account,
            region,
            rule: self.identifier.clone(),
        }
    }
}

impl Described for ScriptRule {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }
}

impl Evaluate for ScriptRule {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let Some(pos) = cx.position().or_else(|| cx.inventory.position(&item.key)) else {
            return Verdict::error(format!("{} is not in the inventory", label(item)));
        };
        let tag = CallTag {
            account: Arc::clone(&item.key.account),
            region: Some(Arc::clone(&item.key.region)),
        };
        let args = (
            Dynamic::from(ItemRef { pos }),
            Dynamic::from_map(params_map(cx.params())),
            Dynamic::from(self.context(
                cx,
                Arc::clone(&item.key.account),
                Some(Arc::clone(&item.key.region)),
            )),
        );
        self.call(cx.inventory, tag, args, || label(item))
    }

    fn evaluate_account(&self, scope: &AccountScope<'_>, cx: &RuleContext<'_>) -> Verdict {
        let tag = CallTag {
            account: Arc::from(scope.account),
            region: scope.region.map(Arc::from),
        };
        let mut account = Map::new();
        account.insert("accountId".into(), scope.account.into());
        account.insert("region".into(), scope.region.map_or(Dynamic::UNIT, text));
        let args = (
            Dynamic::from_map(account),
            Dynamic::from_map(params_map(cx.params())),
            Dynamic::from(self.context(cx, Arc::from(scope.account), scope.region.map(Arc::from))),
        );
        self.call(cx.inventory, tag, args, || {
            format!(
                "account {}{}",
                scope.account,
                scope.region.map(|r| format!(" in {r}")).unwrap_or_default()
            )
        })
    }
}

fn verdict_of(compliance: Compliance, msg: &str) -> ScriptVerdict {
    ScriptVerdict(match compliance {
        Compliance::Compliant => Verdict::compliant(msg),
        Compliance::NotApplicable => Verdict::not_applicable(msg),
        _ => Verdict::insufficient_data(msg),
    })
}

fn evidence(path: &str, value: &Dynamic) -> RResult<Evidence> {
    if !path.starts_with('$') {
        return err(format!(
            "evidence path `{path}` must be a JSONPath into the item, starting with `$` (e.g. $.configuration.encrypted)"
        ));
    }
    Ok(Evidence::at(path, to_value(value)))
}

#[allow(clippy::too_many_lines, reason = "one registration per API function")]
fn register_api(engine: &mut Engine) {
    engine.register_type_with_name::<ItemRef>("Item");
    engine.register_type_with_name::<JsonNode>("JsonObject");
    engine.register_type_with_name::<SgPermission>("Permission");
    engine.register_type_with_name::<ScriptVerdict>("Verdict");
    engine.register_type_with_name::<ScriptContext>("Context");

    // --- Item fields -------------------------------------------------------------------
    macro_rules! item_str {
        ($($prop:literal),+ => $f:expr) => {
            $( engine.register_get($prop, |it: &mut ItemRef| -> RResult<Dynamic> {
                it.with(|_, i| Ok($f(i)))
            }); )+
        };
    }
    item_str!("resourceType" => |i: &ConfigItem| text(i.resource_type()));
    item_str!("resourceId" => |i: &ConfigItem| text(i.resource_id()));
    item_str!("resourceName" => |i: &ConfigItem| opt(i.name.as_deref()));
    item_str!("awsAccountId", "accountId" => |i: &ConfigItem| text(&i.key.account));
    item_str!("awsRegion", "region" => |i: &ConfigItem| text(&i.key.region));
    item_str!("ARN", "arn" => |i: &ConfigItem| opt(i.arn.as_deref()));
    item_str!("availabilityZone" => |i: &ConfigItem| opt(i.availability_zone.as_deref()));
    item_str!("configurationItemStatus", "status" => |i: &ConfigItem| text(i.status.as_str()));
    item_str!("configurationStateId" => |i: &ConfigItem| opt(i.state_id.as_ref().map(|s| &*s.0)));
    item_str!("configurationItemVersion" => |i: &ConfigItem| opt(i.version.as_deref()));
    item_str!("configurationItemCaptureTime", "captureTime" => |i: &ConfigItem| i
        .capture_time
        .as_ref()
        .map_or(Dynamic::UNIT, |t| text(&t.display())));
    item_str!("resourceCreationTime" => |i: &ConfigItem| i
        .creation_time
        .as_ref()
        .map_or(Dynamic::UNIT, |t| text(&t.display())));
    item_str!("deleted" => |i: &ConfigItem| Dynamic::from_bool(i.is_deleted()));
    item_str!("tags" => |i: &ConfigItem| Dynamic::from_map(
        i.tags()
            .iter()
            .map(|(k, v)| (k.as_str().into(), text(v.as_str())))
            .collect(),
    ));
    item_str!("key" => |i: &ConfigItem| {
        let mut m = Map::new();
        m.insert("accountId".into(), (&*i.key.account).into());
        m.insert("region".into(), (&*i.key.region).into());
        m.insert("resourceType".into(), (&*i.key.resource_type).into());
        m.insert("resourceId".into(), (&*i.key.resource_id).into());
        Dynamic::from_map(m)
    });
    item_str!("relationships" => |i: &ConfigItem| Dynamic::from_array(
        i.relationships
            .iter()
            .map(|r| {
                let mut m = Map::new();
                m.insert("name".into(), (&*r.name).into());
                m.insert("verb".into(), r.verb.as_str().into());
                m.insert("resourceType".into(), (&*r.resource_type).into());
                m.insert("resourceId".into(), r.resource_id.as_deref().map_or(Dynamic::UNIT, text));
                m.insert("resourceName".into(), r.resource_name.as_deref().map_or(Dynamic::UNIT, text));
                Dynamic::from_map(m)
            })
            .collect(),
    ));
    engine.register_get("configuration", |it: &mut ItemRef| -> RResult<Dynamic> {
        let pos = it.pos;
        it.with(|_, i| {
            Ok(section_value(
                pos,
                Section::Configuration,
                i.configuration(),
            ))
        })
    });
    for name in ["supplementaryConfiguration", "supplementary"] {
        engine.register_get(name, |it: &mut ItemRef| -> RResult<Dynamic> {
            let pos = it.pos;
            it.with(|_, i| {
                Ok(section_value(
                    pos,
                    Section::Supplementary,
                    i.supplementary(),
                ))
            })
        });
    }
    engine.register_fn("tag", |it: &mut ItemRef, key: &str| -> RResult<Dynamic> {
        it.with(|_, i| {
            Ok(i.tags()
                .get(key)
                .map_or(Dynamic::UNIT, |v| text(v.as_str())))
        })
    });
    engine.register_fn("to_string", |it: &mut ItemRef| -> RResult<String> {
        it.with(|_, i| Ok(label(i)))
    });
    engine.register_fn("to_debug", |it: &mut ItemRef| -> RResult<String> {
        it.with(|_, i| Ok(label(i)))
    });
    engine.register_fn("==", |a: &mut ItemRef, b: ItemRef| *a == b);
    engine.register_fn("!=", |a: &mut ItemRef, b: ItemRef| *a != b);

    // --- Object views --------------------------------------------------------------------
    engine.register_indexer_get(
        |n: &mut JsonNode, key: ImmutableString| -> RResult<Dynamic> {
            let node = n.clone();
            n.with(|v| {
                Ok(match v.get(key.as_str()) {
                    Some(child) => child_value(&node, Seg::Key(key.clone()), child),
                    None => Dynamic::UNIT,
                })
            })
        },
    );
    engine.register_fn("len", |n: &mut JsonNode| -> RResult<i64> {
        n.with(|v| {
            Ok(v.as_object()
                .map_or(0, |o| i64::try_from(o.len()).unwrap_or(i64::MAX)))
        })
    });
    engine.register_fn("is_empty", |n: &mut JsonNode| -> RResult<bool> {
        n.with(|v| Ok(v.as_object().is_none_or(serde_json::Map::is_empty)))
    });
    engine.register_fn("keys", |n: &mut JsonNode| -> RResult<Array> {
        n.with(|v| {
            Ok(v.as_object()
                .map(|o| o.keys().map(|k| text(k.as_str())).collect())
                .unwrap_or_default())
        })
    });
    engine.register_fn("values", |n: &mut JsonNode| -> RResult<Array> {
        let node = n.clone();
        n.with(|v| {
            Ok(v.as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, c)| child_value(&node, Seg::Key(k.as_str().into()), c))
                        .collect()
                })
                .unwrap_or_default())
        })
    });
    engine.register_fn("contains", |n: &mut JsonNode, key: &str| -> RResult<bool> {
        n.with(|v| Ok(v.get(key).is_some()))
    });
    engine.register_fn("to_map", |n: &mut JsonNode| -> RResult<Dynamic> {
        n.with(|v| Ok(to_dynamic(v)))
    });
    engine.register_fn("path_of", |n: &mut JsonNode| n.path_text());
    engine.register_fn("to_json", |d: Dynamic| to_value(&d).to_string());
    engine.register_fn("to_string", |n: &mut JsonNode| -> RResult<String> {
        n.with(|v| Ok(v.to_string()))
    });
    engine.register_fn("to_debug", |n: &mut JsonNode| -> RResult<String> {
        n.with(|v| Ok(v.to_string()))
    });

    // --- Verdicts ------------------------------------------------------------------------
    engine.register_fn("compliant", |msg: &str| {
        verdict_of(Compliance::Compliant, msg)
    });
    engine.register_fn("not_applicable", |msg: &str| {
        verdict_of(Compliance::NotApplicable, msg)
    });
    engine.register_fn("insufficient_data", |msg: &str| {
        verdict_of(Compliance::InsufficientData, msg)
    });
    engine.register_fn(
        "non_compliant",
        |msg: &str, path: &str, value: Dynamic| -> RResult<ScriptVerdict> {
            Ok(ScriptVerdict(Verdict::non_compliant(
                msg,
                evidence(path, &value)?,
            )))
        },
    );
    engine.register_fn(
        "non_compliant",
        |msg: &str, node: JsonNode| -> RResult<ScriptVerdict> {
            let path = node.path_text();
            let value = node.with(|v| Ok(v.clone()))?;
            Ok(ScriptVerdict(Verdict::non_compliant(
                msg,
                Evidence::at(path, value),
            )))
        },
    );
    engine.register_fn(
        "with_evidence",
        |v: &mut ScriptVerdict, path: &str, value: Dynamic| -> RResult<ScriptVerdict> {
            Ok(ScriptVerdict(
                v.0.clone().with_evidence(evidence(path, &value)?),
            ))
        },
    );
    engine.register_fn(
        "with_severity",
        |v: &mut ScriptVerdict, severity: &str| -> RResult<ScriptVerdict> {
            let Some(s) = Severity::parse(severity) else {
                return err(format!(
                    "severity `{severity}` is not one of critical, high, medium, low, informational"
                ));
            };
            Ok(ScriptVerdict(v.0.clone().with_severity(s)))
        },
    );
    engine.register_get("compliance", |v: &mut ScriptVerdict| {
        v.0.compliance.as_str().to_owned()
    });
    engine.register_get("annotation", |v: &mut ScriptVerdict| v.0.annotation.clone());
    engine.register_fn("to_string", |v: &mut ScriptVerdict| {
        format!("{}: {}", v.0.compliance, v.0.annotation)
    });
    engine.register_fn("to_debug", |v: &mut ScriptVerdict| {
        format!("{}: {}", v.0.compliance, v.0.annotation)
    });

    // --- Context -------------------------------------------------------------------------
    engine.register_get("now", |c: &mut ScriptContext| c.now.timestamp());
    engine.register_get("now_iso", |c: &mut ScriptContext| {
        c.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    });
    engine.register_get("account", |c: &mut ScriptContext| text(&c.account));
    engine.register_get("region", |c: &mut ScriptContext| opt(c.region.as_deref()));
    engine.register_get("rule", |c: &mut ScriptContext| c.rule.clone());

    // --- Graph ---------------------------------------------------------------------------
    engine.register_fn("related", |it: ItemRef| related(it, "", ""));
    engine.register_fn("related", |it: ItemRef, verb: &str| related(it, verb, ""));
    engine.register_fn("related", related_str);
    engine.register_fn("incoming", |it: ItemRef| incoming(it, "", ""));
    engine.register_fn("incoming", incoming_str);
    engine.register_fn("links", |it: ItemRef| -> RResult<Array> {
        with_inv(|inv| {
            Ok(inv
                .related_to(it.pos, None, None)
                .into_iter()
                .map(|l| {
                    let mut m = Map::new();
                    m.insert("verb".into(), l.verb.as_str().into());
                    m.insert("name".into(), l.name.into());
                    m.insert("inferred".into(), l.inferred.into());
                    m.insert("resourceType".into(), l.node.resource_type().into());
                    m.insert("resourceId".into(), l.node.label().into());
                    m.insert(
                        "item".into(),
                        l.node.item().map_or(Dynamic::UNIT, |i| item_ref(inv, i)),
                    );
                    Dynamic::from_map(m)
                })
                .collect())
        })
    });
    engine.register_fn(
        "lookup",
        |ctx: NativeCallContext, ty: &str, id: &str| -> RResult<Dynamic> {
            lookup(&call_tag(&ctx)?, ty, id)
        },
    );
    engine.register_fn("lookup_arn", lookup_arn);
    engine.register_fn(
        "items",
        |ctx: NativeCallContext, ty: &str| -> RResult<Array> {
            let tag = call_tag(&ctx)?;
            with_inv(|inv| {
                Ok(inv
                    .of_type(ty)
                    .filter(|i| !i.is_deleted() && in_scope(&tag, i))
                    .map(|i| item_ref(inv, i))
                    .collect())
            })
        },
    );
    engine.register_fn("all_items", |ty: &str| -> RResult<Array> {
        with_inv(|inv| {
            Ok(inv
                .of_type(ty)
                .filter(|i| !i.is_deleted())
                .map(|i| item_ref(inv, i))
                .collect())
        })
    });
    engine.register_fn(
        "paths",
        |from: ItemRef, to: ItemRef, max_hops: i64| -> RResult<Array> {
            let hops = usize::try_from(max_hops.clamp(1, 8)).unwrap_or(1);
            with_inv(|inv| {
                Ok(inv
                    .paths(from.pos, to.pos, hops)
                    .into_iter()
                    .map(|p| {
                        Dynamic::from_array(p.into_iter().map(|n| node_dynamic(inv, n)).collect())
                    })
                    .collect())
            })
        },
    );

    // --- JSONPath ------------------------------------------------------------------------
    engine.register_fn("query", |it: ItemRef, path: &str| -> RResult<Array> {
        Ok(query(it, path)?
            .iter()
            .map(|(_, v)| to_dynamic(v))
            .collect())
    });
    engine.register_fn("query_one", |it: ItemRef, path: &str| -> RResult<Dynamic> {
        Ok(query(it, path)?
            .first()
            .map_or(Dynamic::UNIT, |(_, v)| to_dynamic(v)))
    });
    engine.register_fn("query_paths", |it: ItemRef, path: &str| -> RResult<Array> {
        Ok(query(it, path)?
            .iter()
            .map(|(p, v)| {
                let mut m = Map::new();
                m.insert("path".into(), p.as_str().into());
                m.insert("value".into(), to_dynamic(v));
                Dynamic::from_map(m)
            })
            .collect())
    });

    // --- Security groups, ports and CIDRs -------------------------------------------------
    engine.register_fn("sg_ingress", |it: ItemRef| -> RResult<Array> {
        it.with(|_, i| {
            Ok(ingress::ingress(i)
                .iter()
                .map(|p| Dynamic::from(SgPermission::from(p)))
                .collect())
        })
    });
    engine.register_fn("sg_egress", |it: ItemRef| -> RResult<Array> {
        it.with(|_, i| {
            Ok(ingress::egress(i)
                .iter()
                .map(|p| Dynamic::from(SgPermission::from(p)))
                .collect())
        })
    });
    engine.register_fn(
        "first_world_open",
        |it: ItemRef, protocol: &str, ports: Array| -> RResult<Dynamic> {
            let ports: Vec<i64> = ports.iter().filter_map(|p| p.as_int().ok()).collect();
            it.with(|_, i| {
                Ok(
                    ingress::first_world_open(i, Protocol::parse(protocol), &ports).map_or(
                        Dynamic::UNIT,
                        |w| {
                            let mut m = Map::new();
                            m.insert("port".into(), w.port.into());
                            m.insert("permission".into(), w.permission.into());
                            m.insert("path".into(), w.source.path.as_str().into());
                            m.insert("cidr".into(), w.source.cidr.as_str().into());
                            Dynamic::from_map(m)
                        },
                    ),
                )
            })
        },
    );
    engine.register_get("path", |p: &mut SgPermission| p.path.clone());
    engine.register_get("protocol", |p: &mut SgPermission| p.protocol_raw.clone());
    engine.register_get("from_port", |p: &mut SgPermission| {
        p.ports.map_or(Dynamic::UNIT, |(a, _)| Dynamic::from_int(a))
    });
    engine.register_get("to_port", |p: &mut SgPermission| {
        p.ports.map_or(Dynamic::UNIT, |(_, b)| Dynamic::from_int(b))
    });
    engine.register_get("all_ports", |p: &mut SgPermission| p.ports.is_none());
    engine.register_get("sources", |p: &mut SgPermission| -> Array {
        p.sources.iter().map(source_map).collect()
    });
    engine.register_get("world_sources", |p: &mut SgPermission| -> Array {
        p.sources
            .iter()
            .filter(|s| s.is_world())
            .map(source_map)
            .collect()
    });
    engine.register_fn("covers_port", |p: &mut SgPermission, port: i64| {
        p.covers_port(port)
    });
    engine.register_fn(
        "opens",
        |p: &mut SgPermission, protocol: &str, port: i64| {
            p.protocol.includes(Protocol::parse(protocol)) && p.covers_port(port)
        },
    );
    engine.register_fn("describe", |p: &mut SgPermission| p.description.clone());
    engine.register_fn("to_string", |p: &mut SgPermission| p.description.clone());
    engine.register_fn("to_debug", |p: &mut SgPermission| p.description.clone());
    engine.register_fn("cidr_contains", |outer: &str, inner: &str| -> bool {
        match (parse_net(outer), parse_net(inner)) {
            (Some(o), Some(i)) => o.contains(&i),
            _ => false,
        }
    });
    engine.register_fn("is_world_cidr", |cidr: &str| {
        parse_net(cidr).is_some_and(|n| n.prefix_len() == 0)
    });
    engine.register_fn("is_ipv6_cidr", |cidr: &str| {
        parse_net(cidr).is_some_and(|n| matches!(n, IpNet::V6(_)))
    });
    engine.register_fn("is_valid_cidr", |cidr: &str| parse_net(cidr).is_some());

    // --- IAM policy documents ------------------------------------------------------------
    engine.register_fn("policy_statements", |doc: Dynamic| -> RResult<Array> {
        with_doc(&doc, |d, base| {
            policy::statements(d, base)
                .iter()
                .map(statement_map)
                .collect()
        })
    });
    engine.register_fn("policy_allows_public", |doc: Dynamic| -> RResult<bool> {
        with_doc(&doc, |d, base| {
            policy::statements(d, base)
                .iter()
                .any(|s| s.is_allow() && s.principal_is_public() && !s.has_condition())
        })
    });
    engine.register_fn(
        "policy_admin_statement",
        |doc: Dynamic| -> RResult<Dynamic> {
            with_doc(&doc, |d, base| {
                policy::admin_statement(d, base).map_or(Dynamic::UNIT, |s| statement_map(&s))
            })
        },
    );
    engine.register_fn("policy_is_admin", |doc: Dynamic| -> RResult<bool> {
        with_doc(&doc, |d, base| policy::admin_statement(d, base).is_some())
    });
    engine.register_fn(
        "policy_allows_action",
        |doc: Dynamic, action: &str| -> RResult<bool> {
            with_doc(&doc, |d, base| {
                policy::statements(d, base)
                    .iter()
                    .any(|s| s.is_allow() && s.allows_action(action))
            })
        },
    );
    engine.register_fn("wildcard_match", |pattern: &str, value: &str| {
        policy::wildcard_match(pattern, value)
    });

    // --- S3 --------------------------------------------------------------------------------
    engine.register_fn("s3_public", |it: ItemRef| -> RResult<Map> {
        it.with(|inv, i| Ok(s3_public(inv, i)))
    });

    // --- Time ------------------------------------------------------------------------------
    engine.register_fn("parse_time", |v: Dynamic| {
        time_of(&v).map_or(Dynamic::UNIT, |t| Dynamic::from_int(t.timestamp()))
    });
    engine.register_fn("format_time", |secs: i64| {
        Utc.timestamp_opt(secs, 0)
            .single()
            .map_or(Dynamic::UNIT, |t| {
                Dynamic::from(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            })
    });
    engine.register_fn("days_between", |from: i64, to: i64| {
        (to - from).div_euclid(86_400)
    });

    // --- Values ----------------------------------------------------------------------------
    engine.register_fn("as_bool", |v: Dynamic| {
        support::as_bool(&to_value(&v)).map_or(Dynamic::UNIT, Dynamic::from_bool)
    });
    engine.register_fn("as_int", |v: Dynamic| {
        support::as_int(&to_value(&v)).map_or(Dynamic::UNIT, Dynamic::from_int)
    });
    engine.register_fn("is_blank", |v: Dynamic| support::is_blank(&to_value(&v)));
    engine.register_fn("join", |items: Array, separator: &str| {
        items
            .iter()
            .map(|d| {
                d.as_immutable_string_ref()
                    .map_or_else(|_| d.to_string(), |s| s.to_string())
            })
            .collect::<Vec<_>>()
            .join(separator)
    });
    engine.register_fn(
        "regex_match",
        |text: &str, pattern: &str| -> RResult<bool> {
            let re = cached(&REGEXES, pattern, |p| {
                Regex::new(p).map_err(|e| format!("bad regular expression `{p}`: {e}"))
            })?;
            Ok(re.is_match(text))
        },
    );
}

fn opt(s: Option<&str>) -> Dynamic {
    s.map_or(Dynamic::UNIT, text)
}

fn related_str(it: ItemRef, verb: &str, ty: &str) -> RResult<Array> {
    related(it, verb, ty)
}

fn incoming_str(it: ItemRef, verb: &str, ty: &str) -> RResult<Array> {
    incoming(it, verb, ty)
}
