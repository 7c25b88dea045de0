//! User rules: Rhai scripts (`*.rhai`) and declarative JSONPath rules (`*.rule.yaml`,
//! `*.rule.yml`, `*.rule.json`) loaded from rule directories at run time, compiled once,
//! and run by the engine exactly like built-in rules (they are selected, parameterised,
//! dispatched by resource type and reported through the same [`RuleRef`]).
//! Guard policies (`CUSTOM_POLICY` rules of conformance packs) are answered by [`guard`].
//!
//! This module reads rule files (the only place under `rules/` that reads files); it never
//! reads input data or prints. Scripts run sandboxed (see [`rhai`] and [`Limits`]).
//!
//! Integration points for other modules:
//! - [`RuleSet::load`] loads every rule under some paths; [`RuleSet::find`] looks a user
//!   rule up by identifier or name and returns a [`RuleRef`] ready for
//!   [`Selected::new`]; [`RuleSet::selected`] does that with a pack's `InputParameters`
//!   and `ConfigRuleName`.
//! - [`LoadError`]s become ERROR rows of the report with file, line and column
//!   ([`LoadError::listed`], [`LoadError::problem`]).
//! - [`guard::compile_policy`] answers a `CUSTOM_POLICY` rule's `PolicyText`.

pub mod guard;
pub mod jsonpath;
pub mod rhai;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Deserialize;
use serde_json::Value;

use super::{
    Fidelity, ManagedRule, ParamError, ParamKind, ParamSpec, RuleMeta, Scope, Severity, Trigger,
    ValidParams,
};
use crate::engine::{Listed, RuleRef, Selected};
use crate::report::{ReportProblem, RuleStatus};

/// Per-evaluation limits of the script sandbox. Every script call gets the full budget;
/// a script that exceeds one stops with an ERROR verdict for that resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Rhai operations (roughly: expressions evaluated, loop iterations) per call.
    pub operations: u64,
    /// Nested function calls.
    pub call_depth: usize,
    /// Nesting of expressions (at compile time) and of statements in functions.
    pub expr_depth: usize,
    /// Characters in one string.
    pub string_size: usize,
    /// Elements in one array.
    pub array_size: usize,
    /// Properties in one object map.
    pub map_size: usize,
    /// Variables alive at once.
    pub variables: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            operations: 1_000_000,
            call_depth: 32,
            expr_depth: 64,
            string_size: 1 << 20,
            array_size: 100_000,
            map_size: 10_000,
            variables: 1_000,
        }
    }
}

impl Limits {
    /// The names accepted by [`Self::set`], with what they limit.
    pub const NAMES: &[(&str, &str)] = &[
        ("operations", "operations per evaluation"),
        ("call-depth", "nested function calls"),
        ("expr-depth", "nesting of expressions"),
        ("string-size", "characters in a string"),
        ("array-size", "elements in an array"),
        ("map-size", "properties in an object map"),
        ("variables", "variables alive at once"),
    ];

    /// Sets one limit from `NAME=VALUE` (`operations=500000`).
    pub fn set(&mut self, assignment: &str) -> Result<(), String> {
        let (name, value) = assignment
            .split_once('=')
            .ok_or_else(|| format!("`{assignment}`: expected NAME=VALUE"))?;
        let value: u64 = value
            .trim()
            .replace('_', "")
            .parse()
            .map_err(|_| format!("`{assignment}`: the value must be a positive integer"))?;
        if value == 0 {
            return Err(format!("`{assignment}`: a limit must be at least 1"));
        }
        let size = usize::try_from(value).unwrap_or(usize::MAX);
        match name.trim() {
            "operations" => self.operations = value,
            "call-depth" => self.call_depth = size,
            "expr-depth" => self.expr_depth = size,
            "string-size" => self.string_size = size,
            "array-size" => self.array_size = size,
            "map-size" => self.map_size = size,
            "variables" => self.variables = size,
            other => {
                let known: Vec<&str> = Self::NAMES.iter().map(|(n, _)| *n).collect();
                return Err(format!(
                    "unknown script limit `{other}` (known: {})",
                    known.join(", ")
                ));
            }
        }
        Ok(())
    }
}

/// Which language a user rule is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    Rhai,
    JsonPath,
}

impl RuleKind {
    /// The kind of a rule file, by name; `None` for files that are not rules (cases,
    /// READMEs).
    pub fn of(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("rhai"))
        {
            Some(Self::Rhai)
        } else if [".rule.yaml", ".rule.yml", ".rule.json"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            Some(Self::JsonPath)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rhai => "rhai",
            Self::JsonPath => "jsonpath",
        }
    }
}

/// A rule file that could not be loaded: unreadable, not compiling, bad metadata, or an
/// identifier already taken. Line and column are 1-based, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl LoadError {
    pub fn new(file: &Path, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    #[must_use]
    pub fn at(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// The rule's stand-in identifier in the report: the file name without extension.
    pub fn identifier(&self) -> String {
        rule_stem(&self.file)
    }

    /// The report row of a rule that could not run.
    pub fn listed(&self) -> Listed {
        Listed {
            identifier: Arc::from(self.identifier()),
            config_rule_name: None,
            status: RuleStatus::Error,
            note: self.to_string(),
        }
    }

    /// The problem that makes the run incomplete.
    pub fn problem(&self) -> ReportProblem {
        ReportProblem {
            kind: "rule",
            message: self.to_string(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LoadError {}

/// The name of a rule file without its rule extension (`ssh.rhai` → `ssh`,
/// `gp3.rule.yaml` → `gp3`): the name of the folder holding its cases.
pub fn rule_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    for ext in [".rhai", ".rule.yaml", ".rule.yml", ".rule.json"] {
        if lower.ends_with(ext) {
            return name[..name.len() - ext.len()].to_owned();
        }
    }
    name
}

/// One loaded user rule.
#[derive(Clone)]
pub struct UserRule {
    pub rule: Arc<dyn ManagedRule>,
    pub file: PathBuf,
    pub kind: RuleKind,
}

impl UserRule {
    pub fn meta(&self) -> &'static RuleMeta {
        self.rule.meta()
    }

    /// The rule, ready for [`Selected::new`](crate::engine::Selected::new).
    pub fn rule_ref(&self) -> RuleRef {
        RuleRef::User(Arc::clone(&self.rule))
    }

    /// The folder of the rule's test cases: beside the rule file, named after it
    /// (`custom-rules/ssh.rhai` → `custom-rules/ssh/`).
    pub fn cases_dir(&self) -> PathBuf {
        self.file
            .parent()
            .unwrap_or(Path::new("."))
            .join(rule_stem(&self.file))
    }
}

impl fmt::Debug for UserRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserRule")
            .field("identifier", &self.meta().identifier)
            .field("file", &self.file)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// Every user rule found under some paths, and the files that failed to load.
#[derive(Debug, Default, Clone)]
pub struct RuleSet {
    rules: Vec<UserRule>,
    errors: Vec<LoadError>,
}

impl RuleSet {
    /// Loads rule files and every rule file under directories (recursively, sorted).
    /// A path that is neither a rule file nor a directory is an error. Identifiers must
    /// be unique and must not shadow a built-in rule.
    pub fn load(paths: &[PathBuf], limits: &Limits) -> Self {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for path in paths {
            if path.is_dir() {
                collect_rule_files(path, &mut files, &mut errors);
            } else if path.is_file() && RuleKind::of(path).is_some() {
                files.push(path.clone());
            } else if path.exists() {
                errors.push(LoadError::new(
                    path,
                    "not a rule file (*.rhai, *.rule.yaml, *.rule.yml, *.rule.json) or directory",
                ));
            } else {
                errors.push(LoadError::new(path, "no such file or directory"));
            }
        }
        let engine = rhai::ScriptEngine::new(limits);
        let mut set = Self {
            rules: Vec::new(),
            errors,
        };
        for file in files {
            let loaded = match RuleKind::of(&file) {
                Some(RuleKind::Rhai) => engine.load(&file).map(|r| (r, RuleKind::Rhai)),
                Some(RuleKind::JsonPath) => jsonpath::load(&file).map(|r| (r, RuleKind::JsonPath)),
                None => continue,
            };
            match loaded {
                Ok((rule, kind)) => set.add(UserRule { rule, file, kind }),
                Err(e) => set.errors.push(e),
            }
        }
        set
    }

    fn add(&mut self, rule: UserRule) {
        let m = rule.meta();
        if let Some(builtin) = super::find(m.identifier).or_else(|| super::find(m.name)) {
            self.errors.push(LoadError::new(
                &rule.file,
                format!(
                    "identifier `{}` or name `{}` is taken by the built-in rule {} ({})",
                    m.identifier,
                    m.name,
                    builtin.meta().identifier,
                    builtin.meta().name
                ),
            ));
        } else if let Some(other) = self.rules.iter().find(|r| {
            r.meta().identifier == m.identifier || r.meta().name.eq_ignore_ascii_case(m.name)
        }) {
            self.errors.push(LoadError::new(
                &rule.file,
                format!(
                    "identifier `{}` or name `{}` is already used by {}",
                    m.identifier,
                    m.name,
                    other.file.display()
                ),
            ));
        } else {
            self.rules.push(rule);
        }
    }

    /// Loaded rules, in file order.
    pub fn rules(&self) -> &[UserRule] {
        &self.rules
    }

    /// Files that failed to load.
    pub fn errors(&self) -> &[LoadError] {
        &self.errors
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.errors.is_empty()
    }

    /// A user rule by identifier or name, ignoring case: what a conformance pack that
    /// names a user rule resolves to.
    pub fn find(&self, id_or_name: &str) -> Option<RuleRef> {
        self.get(id_or_name).map(UserRule::rule_ref)
    }

    /// A user rule as a conformance pack selects it: by identifier or name, with the
    /// pack's `InputParameters` validated against the rule's parameters and the pack's
    /// `ConfigRuleName`. `None` when no user rule has that identifier or name.
    pub fn selected(
        &self,
        id_or_name: &str,
        input_parameters: &BTreeMap<String, Value>,
        config_rule_name: Option<&str>,
    ) -> Option<Result<Selected, ParamError>> {
        let rule = self.find(id_or_name)?;
        Some(
            ValidParams::validate(rule.meta(), input_parameters).map(|params| {
                let mut sel = Selected::new(rule, params);
                sel.config_rule_name = config_rule_name.map(Arc::from);
                sel
            }),
        )
    }

    /// Like [`Self::find`], with the rule's file and kind.
    pub fn get(&self, id_or_name: &str) -> Option<&UserRule> {
        self.rules.iter().find(|r| {
            let m = r.meta();
            m.identifier.eq_ignore_ascii_case(id_or_name) || m.name.eq_ignore_ascii_case(id_or_name)
        })
    }
}

fn collect_rule_files(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<LoadError>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            errors.push(LoadError::new(dir, e.to_string()));
            return;
        }
    };
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_rule_files(&path, files, errors);
        } else if RuleKind::of(&path).is_some() {
            files.push(path);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Metadata shared by both rule languages.

/// The metadata a user writes at the top of a rule (the `RULE` constant of a script, the
/// top of a JSONPath rule). Unknown keys are rejected so typos do not pass silently.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Header {
    pub identifier: String,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub resource_types: Vec<String>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub parameters: BTreeMap<String, ParamHeader>,
}

/// One parameter of a user rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ParamHeader {
    /// `int`, `bool`, `string` or `csv`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub default: Option<Value>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub description: Option<String>,
}

/// Process-wide interned metadata. User rules share [`RuleMeta`] (whose strings are
/// `&'static`) with built-ins, so everything that reads metadata (parameters, reports,
/// `rules explain`) treats them alike; each distinct metadata is stored once for the
/// life of the process, however often its file is loaded.
fn intern_meta(meta: &OwnedMeta) -> &'static RuleMeta {
    static METAS: Mutex<Option<HashMap<String, &'static RuleMeta>>> = Mutex::new(None);
    let key = format!("{meta:?}");
    let mut guard = METAS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let map = guard.get_or_insert_with(HashMap::new);
    if let Some(m) = map.get(&key) {
        return m;
    }
    let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
    let types: Vec<&'static str> = meta.resource_types.iter().map(|t| leak(t)).collect();
    let params: Vec<ParamSpec> = meta
        .parameters
        .iter()
        .map(|p| ParamSpec {
            name: leak(&p.name),
            kind: p.kind,
            default: p.default.as_deref().map(leak),
            required: p.required,
            doc: leak(&p.doc),
        })
        .collect();
    let built: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
        identifier: leak(&meta.identifier),
        name: leak(&meta.name),
        resource_types: Box::leak(types.into_boxed_slice()),
        scope: meta.scope,
        trigger: match meta.scope {
            Scope::Resource => Trigger::ConfigurationChanges,
            _ => Trigger::Periodic,
        },
        severity: meta.severity,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: Box::leak(params.into_boxed_slice()),
        docs: leak(&meta.docs),
        file: leak(&meta.file),
    }));
    map.insert(key, built);
    built
}

#[derive(Debug)]
struct OwnedParam {
    name: String,
    kind: ParamKind,
    default: Option<String>,
    required: bool,
    doc: String,
}

#[derive(Debug)]
struct OwnedMeta {
    identifier: String,
    name: String,
    resource_types: Vec<String>,
    scope: Scope,
    severity: Severity,
    parameters: Vec<OwnedParam>,
    docs: String,
    file: String,
}

fn default_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(default_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

impl Header {
    /// Checks the metadata and turns it into the engine's [`RuleMeta`]. `allow_account`
    /// is false for languages without account-level evaluation.
    pub(crate) fn into_meta(
        self,
        file: &Path,
        kind: RuleKind,
        allow_account: bool,
    ) -> Result<&'static RuleMeta, String> {
        let Self {
            identifier,
            name,
            description,
            resource_types,
            scope,
            severity,
            parameters,
        } = self;
        if identifier.is_empty()
            || !identifier
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(format!(
                "identifier `{identifier}` must be UPPER_SNAKE_CASE (A-Z, 0-9, _)"
            ));
        }
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(format!("name `{name}` must be kebab-case (a-z, 0-9, -)"));
        }
        if description.trim().is_empty() {
            return Err("description must not be empty".to_owned());
        }
        let scope = match scope.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("resource") => Scope::Resource,
            Some("account") if allow_account => Scope::Account,
            Some("account-region") if allow_account => Scope::AccountRegion,
            Some(other) => {
                return Err(format!(
                    "scope `{other}` is not one of {}",
                    if allow_account {
                        "resource, account, account-region"
                    } else {
                        "resource (this kind of rule has no account-level evaluation)"
                    }
                ));
            }
        };
        if scope == Scope::Resource && resource_types.is_empty() {
            return Err("resourceTypes must list at least one type (e.g. AWS::S3::Bucket)".into());
        }
        if let Some(t) = resource_types
            .iter()
            .find(|t| !t.starts_with("AWS::") || t.split("::").count() != 3)
        {
            return Err(format!(
                "resource type `{t}` is not of the form AWS::Service::Type"
            ));
        }
        let severity = match severity.as_deref() {
            None => Severity::Medium,
            Some(s) => Severity::parse(s).ok_or_else(|| {
                format!("severity `{s}` is not one of critical, high, medium, low, informational")
            })?,
        };
        let mut params = Vec::new();
        for (pname, p) in parameters {
            let kind = match p.kind.to_ascii_lowercase().as_str() {
                "int" | "integer" => ParamKind::Int {
                    min: p.min.unwrap_or(i64::MIN),
                    max: p.max.unwrap_or(i64::MAX),
                },
                "bool" | "boolean" => ParamKind::Bool,
                "string" => ParamKind::String,
                "csv" | "list" => ParamKind::Csv,
                "ports" => ParamKind::Ports,
                other => {
                    return Err(format!(
                        "parameter `{pname}`: type `{other}` is not one of int, bool, string, csv, ports"
                    ));
                }
            };
            params.push(OwnedParam {
                name: pname,
                kind,
                default: p.default.as_ref().map(default_text),
                required: p.required,
                doc: p.description.unwrap_or_default(),
            });
        }
        let docs = format!(
            " {description}\n\n ## What it checks\n {description}\n\n ## Source\n A user rule ({}) in `{}`.\n",
            kind.as_str(),
            file.display()
        );
        let meta = intern_meta(&OwnedMeta {
            identifier,
            name,
            resource_types,
            scope,
            severity,
            parameters: params,
            docs,
            file: file.display().to_string(),
        });
        // Defaults must parse under their kinds, as for built-in rules.
        ValidParams::validate(meta, &BTreeMap::new())
            .map(|_| ())
            .or_else(|e| match e {
                ParamError::Missing { .. } => Ok(()),
                other => Err(format!("parameter defaults: {other}")),
            })?;
        Ok(meta)
    }
}
