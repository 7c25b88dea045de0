//! Reading a conformance pack template (YAML or JSON) and resolving its CloudFormation
//! intrinsics offline: `Ref` (template parameters, pseudo parameters, `AWS::NoValue`),
//! `Fn::If`, `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`, `Fn::Sub` and
//! `Fn::Join`. Other intrinsics are reported by name where they are used.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// What is wrong with a template or with resolving part of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackError {
    /// The file cannot be read or parsed.
    #[error("{0}")]
    Parse(String),
    /// The document parses but is not a conformance pack template.
    #[error("{0}")]
    Shape(String),
    /// A `--param` override the template does not accept.
    #[error("{0}")]
    Override(String),
    /// An intrinsic function cannot be resolved offline.
    #[error("{0}")]
    Resolve(String),
}

fn resolve_err(msg: impl Into<String>) -> PackError {
    PackError::Resolve(msg.into())
}

/// Short-form YAML tags and the long-form key each stands for.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("If", "Fn::If"),
    ("Equals", "Fn::Equals"),
    ("Not", "Fn::Not"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Sub", "Fn::Sub"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("GetAtt", "Fn::GetAtt"),
    ("FindInMap", "Fn::FindInMap"),
    ("ImportValue", "Fn::ImportValue"),
    ("GetAZs", "Fn::GetAZs"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("Transform", "Fn::Transform"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("Length", "Fn::Length"),
];

fn yaml_key(key: serde_norway::Value) -> Result<String, PackError> {
    match key {
        serde_norway::Value::String(s) => Ok(s),
        serde_norway::Value::Number(n) => Ok(n.to_string()),
        serde_norway::Value::Bool(b) => Ok(b.to_string()),
        serde_norway::Value::Null => Ok("null".to_owned()),
        other => Err(PackError::Parse(format!(
            "unsupported mapping key {other:?}: keys must be scalars"
        ))),
    }
}

/// Converts YAML to JSON, turning short-form intrinsic tags (`!Ref x`) into their long
/// form (`{"Ref": "x"}`).
fn yaml_to_json(v: serde_norway::Value) -> Result<Value, PackError> {
    use serde_norway::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map_or_else(|| Value::String(n.to_string()), Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(yaml_to_json)
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                out.insert(yaml_key(k)?, yaml_to_json(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let bare = tag.trim_start_matches('!');
            let Some((_, long)) = SHORT_FORMS.iter().find(|(short, _)| *short == bare) else {
                return Err(PackError::Parse(format!(
                    "unsupported YAML tag `{tag}` (the short forms of CloudFormation intrinsics are accepted: {})",
                    SHORT_FORMS
                        .iter()
                        .map(|(s, _)| format!("!{s}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            };
            let mut inner = yaml_to_json(tagged.value)?;
            // `!GetAtt a.b` is the short form of `Fn::GetAtt: [a, b]`.
            if *long == "Fn::GetAtt"
                && let Value::String(s) = &inner
                && let Some((a, b)) = s.split_once('.')
            {
                inner = Value::Array(vec![Value::from(a), Value::from(b)]);
            }
            let mut out = Map::new();
            out.insert((*long).to_owned(), inner);
            Value::Object(out)
        }
    })
}

/// Parses a template document: JSON when its first character is `{`, YAML otherwise.
pub fn parse_document(text: &str) -> Result<Value, PackError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| PackError::Parse(format!("invalid JSON: {e}")))
    } else {
        let yaml: serde_norway::Value = serde_norway::from_str(text)
            .map_err(|e| PackError::Parse(format!("invalid YAML: {e}")))?;
        yaml_to_json(yaml)
    }
}

/// A template parameter declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterDecl {
    /// `String`, `Number`, `CommaDelimitedList`, `List<…>`.
    pub ty: String,
    /// The `Default`, as text.
    pub default: Option<String>,
    pub allowed_values: Vec<String>,
    pub description: Option<String>,
}

impl ParameterDecl {
    fn is_list(&self) -> bool {
        self.ty == "CommaDelimitedList" || self.ty.starts_with("List<")
    }
}

/// One resource of the template, unresolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub logical_id: String,
    pub ty: String,
    /// The resource's `Condition`: it exists only when that condition is true.
    pub condition: Option<String>,
    pub properties: Value,
}

/// A parsed conformance pack template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub parameters: BTreeMap<String, ParameterDecl>,
    pub conditions: BTreeMap<String, Value>,
    /// Resources by logical id.
    pub resources: Vec<Resource>,
}

/// A scalar's text: parameter values are text, and a number or boolean is its literal.
pub(crate) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Template {
    /// Parses template text (YAML or JSON).
    pub fn parse(text: &str) -> Result<Self, PackError> {
        Self::from_value(parse_document(text)?)
    }

    /// Checks the document's shape: a mapping with `Resources`, and optional
    /// `Parameters` and `Conditions`.
    pub fn from_value(doc: Value) -> Result<Self, PackError> {
        let Value::Object(mut top) = doc else {
            return Err(PackError::Shape(
                "a conformance pack template is a mapping with `Resources`".to_owned(),
            ));
        };
        let mut parameters = BTreeMap::new();
        match top.remove("Parameters") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (name, decl) in map {
                    let Value::Object(decl) = decl else {
                        return Err(PackError::Shape(format!(
                            "Parameters.{name}: expected a mapping with `Type` and `Default`"
                        )));
                    };
                    let default = match decl.get("Default") {
                        None | Some(Value::Null) => None,
                        Some(Value::Array(items)) => Some(
                            items
                                .iter()
                                .filter_map(scalar_text)
                                .collect::<Vec<_>>()
                                .join(","),
                        ),
                        Some(v) => Some(scalar_text(v).ok_or_else(|| {
                            PackError::Shape(format!(
                                "Parameters.{name}.Default: expected a scalar"
                            ))
                        })?),
                    };
                    let allowed_values = decl
                        .get("AllowedValues")
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(scalar_text).collect())
                        .unwrap_or_default();
                    parameters.insert(
                        name,
                        ParameterDecl {
                            ty: decl
                                .get("Type")
                                .and_then(Value::as_str)
                                .unwrap_or("String")
                                .to_owned(),
                            default,
                            allowed_values,
                            description: decl
                                .get("Description")
                                .and_then(Value::as_str)
                                .map(str::to_owned),
                        },
                    );
                }
            }
            Some(_) => {
                return Err(PackError::Shape(
                    "`Parameters` must be a mapping of parameter declarations".to_owned(),
                ));
            }
        }
        let conditions = match top.remove("Conditions") {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(Value::Object(map)) => map.into_iter().collect(),
            Some(_) => {
                return Err(PackError::Shape(
                    "`Conditions` must be a mapping of condition names to conditions".to_owned(),
                ));
            }
        };
        let Some(Value::Object(res)) = top.remove("Resources") else {
            return Err(PackError::Shape(
                "no `Resources` mapping: a conformance pack template declares its rules as \
                 `AWS::Config::ConfigRule` resources"
                    .to_owned(),
            ));
        };
        let mut resources = Vec::with_capacity(res.len());
        for (logical_id, r) in res {
            let Value::Object(mut r) = r else {
                return Err(PackError::Shape(format!(
                    "Resources.{logical_id}: expected a mapping with `Type` and `Properties`"
                )));
            };
            let ty = match r.get("Type") {
                Some(Value::String(t)) => t.clone(),
                _ => {
                    return Err(PackError::Shape(format!(
                        "Resources.{logical_id}: `Type` is missing or not a string"
                    )));
                }
            };
            let condition = match r.get("Condition") {
                None => None,
                Some(Value::String(c)) => Some(c.clone()),
                Some(_) => {
                    return Err(PackError::Shape(format!(
                        "Resources.{logical_id}.Condition: expected a condition name"
                    )));
                }
            };
            if let Some(c) = &condition
                && !conditions.contains_key(c)
            {
                return Err(PackError::Shape(format!(
                    "Resources.{logical_id}.Condition: no condition `{c}` in `Conditions`"
                )));
            }
            let properties = r.remove("Properties").unwrap_or(Value::Null);
            resources.push(Resource {
                logical_id,
                ty,
                condition,
                properties,
            });
        }
        Ok(Self {
            parameters,
            conditions,
            resources,
        })
    }
}

/// Pseudo parameters other than `AWS::NoValue`.
pub const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::Region",
    "AWS::Partition",
    "AWS::URLSuffix",
    "AWS::StackName",
    "AWS::StackId",
    "AWS::NotificationARNs",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CondState {
    InProgress,
    Done(bool),
}

/// Resolves intrinsics against parameter values and conditions. Conditions are
/// evaluated on first use and remembered.
#[derive(Debug)]
pub struct Resolver<'t> {
    template: &'t Template,
    /// Parameter values after overrides; `None` for a parameter with no value.
    values: BTreeMap<&'t str, Option<String>>,
    pseudo: BTreeMap<String, String>,
    conditions: RefCell<BTreeMap<String, CondState>>,
}

fn is_intrinsic_key(k: &str) -> bool {
    k == "Ref" || k == "Condition" || k.starts_with("Fn::")
}

impl<'t> Resolver<'t> {
    /// Applies `overrides` (template parameter names, or pseudo parameters like
    /// `AWS::AccountId`) over the defaults. An override naming no parameter, or outside a
    /// parameter's `AllowedValues`, is an error.
    pub fn new(
        template: &'t Template,
        overrides: &BTreeMap<String, String>,
        pseudo: &BTreeMap<String, String>,
    ) -> Result<Self, PackError> {
        let mut pseudo = pseudo.clone();
        for (name, value) in overrides {
            if PSEUDO_PARAMETERS.contains(&name.as_str()) {
                pseudo.insert(name.clone(), value.clone());
                continue;
            }
            let Some(decl) = template.parameters.get(name) else {
                let known: Vec<&str> = template.parameters.keys().map(String::as_str).collect();
                return Err(PackError::Override(format!(
                    "the pack has no parameter `{name}` (its parameters: {}; pseudo parameters: {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    },
                    PSEUDO_PARAMETERS.join(", ")
                )));
            };
            if !decl.allowed_values.is_empty() && !decl.allowed_values.contains(value) {
                return Err(PackError::Override(format!(
                    "parameter `{name}` must be one of {}, got `{value}`",
                    decl.allowed_values.join(", ")
                )));
            }
        }
        let values = template
            .parameters
            .iter()
            .map(|(name, decl)| {
                (
                    name.as_str(),
                    overrides
                        .get(name)
                        .cloned()
                        .or_else(|| decl.default.clone()),
                )
            })
            .collect();
        Ok(Self {
            template,
            values,
            pseudo,
            conditions: RefCell::new(BTreeMap::new()),
        })
    }

    /// The value a `Ref` stands for; `None` for `AWS::NoValue`.
    fn reference(&self, name: &str) -> Result<Option<Value>, PackError> {
        if name == "AWS::NoValue" {
            return Ok(None);
        }
        if let Some(value) = self.values.get(name) {
            let Some(value) = value else {
                return Err(resolve_err(format!(
                    "parameter `{name}` has no Default; give it with --param {name}=VALUE"
                )));
            };
            let decl = &self.template.parameters[name];
            return Ok(Some(if decl.is_list() {
                Value::Array(
                    value
                        .split(',')
                        .map(|s| Value::String(s.trim().to_owned()))
                        .collect(),
                )
            } else {
                Value::String(value.clone())
            }));
        }
        if let Some(v) = self.pseudo.get(name) {
            return Ok(Some(Value::String(v.clone())));
        }
        match name {
            "AWS::Partition" => Ok(Some(Value::from(self.partition()))),
            "AWS::URLSuffix" => Ok(Some(Value::from(if self.partition() == "aws-cn" {
                "amazonaws.com.cn"
            } else {
                "amazonaws.com"
            }))),
            "AWS::NotificationARNs" => Ok(Some(Value::Array(Vec::new()))),
            "AWS::AccountId" | "AWS::Region" | "AWS::StackName" | "AWS::StackId" => {
                Err(resolve_err(format!(
                    "pseudo parameter `{name}` has no value offline; give it with --param {name}=VALUE"
                )))
            }
            _ if self.template.resources.iter().any(|r| r.logical_id == name) => {
                Err(resolve_err(format!(
                    "`Ref: {name}` names a resource, whose physical id only exists once deployed"
                )))
            }
            _ => Err(resolve_err(format!(
                "`Ref: {name}`: no such parameter or pseudo parameter"
            ))),
        }
    }

    fn partition(&self) -> &'static str {
        match self.pseudo.get("AWS::Region") {
            Some(r) if r.starts_with("cn-") => "aws-cn",
            Some(r) if r.starts_with("us-gov-") => "aws-us-gov",
            _ => "aws",
        }
    }

    /// Evaluates the named condition.
    pub fn condition(&self, name: &str) -> Result<bool, PackError> {
        match self.conditions.borrow().get(name) {
            Some(CondState::Done(b)) => return Ok(*b),
            Some(CondState::InProgress) => {
                return Err(resolve_err(format!("condition `{name}` depends on itself")));
            }
            None => {}
        }
        let Some(body) = self.template.conditions.get(name) else {
            return Err(resolve_err(format!(
                "no condition `{name}` in `Conditions`"
            )));
        };
        self.conditions
            .borrow_mut()
            .insert(name.to_owned(), CondState::InProgress);
        let result = self
            .truth(body)
            .map_err(|e| resolve_err(format!("condition `{name}`: {e}")));
        match result {
            Ok(b) => {
                self.conditions
                    .borrow_mut()
                    .insert(name.to_owned(), CondState::Done(b));
                Ok(b)
            }
            Err(e) => {
                self.conditions.borrow_mut().remove(name);
                Err(e)
            }
        }
    }

    /// The truth of a condition operand: `{Condition: name}`, a condition function, or a
    /// literal `true`/`false`.
    fn truth(&self, v: &Value) -> Result<bool, PackError> {
        if let Value::Object(m) = v
            && m.len() == 1
            && let Some(c) = m.get("Condition")
        {
            let name = c
                .as_str()
                .ok_or_else(|| resolve_err("`Condition` takes a condition name"))?;
            return self.condition(name);
        }
        match self.resolve(v)? {
            Some(Value::Bool(b)) => Ok(b),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
            other => Err(resolve_err(format!(
                "expected a condition, got {}",
                other.map_or_else(|| "AWS::NoValue".to_owned(), |v| v.to_string())
            ))),
        }
    }

    fn args<'v>(
        name: &str,
        v: &'v Value,
        min: usize,
        max: usize,
    ) -> Result<&'v [Value], PackError> {
        match v {
            Value::Array(a) if a.len() >= min && a.len() <= max => Ok(a),
            _ if min == max => Err(resolve_err(format!(
                "`{name}` takes a list of {min} arguments, got {v}"
            ))),
            _ => Err(resolve_err(format!(
                "`{name}` takes a list of {min} to {max} arguments, got {v}"
            ))),
        }
    }

    /// Resolves every intrinsic in `v`. `None` is `AWS::NoValue`: the caller drops the
    /// key or list item that held it.
    pub fn resolve(&self, v: &Value) -> Result<Option<Value>, PackError> {
        match v {
            Value::Object(m) => {
                if m.len() == 1
                    && let Some((k, arg)) = m.iter().next()
                    && is_intrinsic_key(k)
                {
                    return self.intrinsic(k, arg);
                }
                self.resolve_map(m).map(Some)
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    if let Some(r) = self.resolve(item)? {
                        out.push(r);
                    }
                }
                Ok(Some(Value::Array(out)))
            }
            other => Ok(Some(other.clone())),
        }
    }

    fn resolve_map(&self, m: &Map<String, Value>) -> Result<Value, PackError> {
        let mut out = Map::new();
        for (k, v) in m {
            if let Some(r) = self
                .resolve(v)
                .map_err(|e| resolve_err(format!("{k}: {e}")))?
            {
                out.insert(k.clone(), r);
            }
        }
        Ok(Value::Object(out))
    }

    /// Resolves `v` to a scalar's text (for `Fn::Sub`, `Fn::Join`, `Fn::Equals`).
    fn text(&self, name: &str, v: &Value) -> Result<String, PackError> {
        let r = self.resolve(v)?;
        r.as_ref().and_then(scalar_text).ok_or_else(|| {
            resolve_err(format!(
                "`{name}` needs text, got {}",
                r.map_or_else(|| "AWS::NoValue".to_owned(), |v| v.to_string())
            ))
        })
    }

    fn intrinsic(&self, name: &str, arg: &Value) -> Result<Option<Value>, PackError> {
        match name {
            "Ref" => {
                let target = arg
                    .as_str()
                    .ok_or_else(|| resolve_err(format!("`Ref` takes a name, got {arg}")))?;
                self.reference(target)
            }
            "Condition" => {
                let c = arg.as_str().ok_or_else(|| {
                    resolve_err(format!("`Condition` takes a condition name, got {arg}"))
                })?;
                self.condition(c).map(|b| Some(Value::Bool(b)))
            }
            "Fn::If" => {
                let a = Self::args(name, arg, 3, 3)?;
                let cond = a[0].as_str().ok_or_else(|| {
                    resolve_err(format!(
                        "`Fn::If` takes a condition name first, got {}",
                        a[0]
                    ))
                })?;
                if self.condition(cond)? {
                    self.resolve(&a[1])
                } else {
                    self.resolve(&a[2])
                }
            }
            "Fn::Equals" => {
                let a = Self::args(name, arg, 2, 2)?;
                let left = self.resolve(&a[0])?;
                let right = self.resolve(&a[1])?;
                Ok(Some(Value::Bool(
                    comparable(left.as_ref()) == comparable(right.as_ref()),
                )))
            }
            "Fn::Not" => {
                let a = Self::args(name, arg, 1, 1)?;
                Ok(Some(Value::Bool(!self.truth(&a[0])?)))
            }
            "Fn::And" | "Fn::Or" => {
                let a = Self::args(name, arg, 2, 10)?;
                let and = name == "Fn::And";
                // Every operand is evaluated, so a broken one is reported even when
                // another already decides the result.
                let mut result = and;
                for c in a {
                    let t = self.truth(c)?;
                    result = if and { result && t } else { result || t };
                }
                Ok(Some(Value::Bool(result)))
            }
            "Fn::Join" => {
                let a = Self::args(name, arg, 2, 2)?;
                let delim = a[0]
                    .as_str()
                    .ok_or_else(|| resolve_err("`Fn::Join` takes a delimiter string first"))?;
                let items = match self.resolve(&a[1])? {
                    Some(Value::Array(items)) => items,
                    other => {
                        return Err(resolve_err(format!(
                            "`Fn::Join` takes a list to join, got {}",
                            other.map_or_else(|| "AWS::NoValue".to_owned(), |v| v.to_string())
                        )));
                    }
                };
                let parts: Vec<String> = items
                    .iter()
                    .map(|i| {
                        scalar_text(i).ok_or_else(|| {
                            resolve_err(format!("`Fn::Join` can only join text, got {i}"))
                        })
                    })
                    .collect::<Result<_, _>>()?;
                Ok(Some(Value::String(parts.join(delim))))
            }
            "Fn::Sub" => {
                let (text, vars) = match arg {
                    Value::String(s) => (s.as_str(), None),
                    Value::Array(a) if a.len() == 2 => (
                        a[0].as_str().ok_or_else(|| {
                            resolve_err("`Fn::Sub` takes a string, or [string, {variables}]")
                        })?,
                        Some(a[1].as_object().ok_or_else(|| {
                            resolve_err("`Fn::Sub` takes a string, or [string, {variables}]")
                        })?),
                    ),
                    _ => {
                        return Err(resolve_err(
                            "`Fn::Sub` takes a string, or [string, {variables}]",
                        ));
                    }
                };
                self.substitute(text, vars).map(|s| Some(Value::String(s)))
            }
            other => Err(resolve_err(format!(
                "the intrinsic function `{other}` is not supported offline"
            ))),
        }
    }

    fn substitute(
        &self,
        text: &str,
        vars: Option<&Map<String, Value>>,
    ) -> Result<String, PackError> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                return Err(resolve_err(format!(
                    "`Fn::Sub`: unclosed `${{` in `{text}`"
                )));
            };
            let var = &after[..end];
            if let Some(literal) = var.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else if let Some(v) = vars.and_then(|m| m.get(var)) {
                out.push_str(&self.text("Fn::Sub", v)?);
            } else if var.contains('.') {
                return Err(resolve_err(format!(
                    "`Fn::Sub`: `${{{var}}}` names a resource attribute, which only exists once deployed"
                )));
            } else {
                let value = self.reference(var)?;
                out.push_str(
                    &value.as_ref().and_then(scalar_text).ok_or_else(|| {
                        resolve_err(format!("`Fn::Sub`: `${{{var}}}` is not text"))
                    })?,
                );
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// Values as `Fn::Equals` compares them: scalars by their text, as CloudFormation
/// parameters are strings.
fn comparable(v: Option<&Value>) -> Value {
    match v {
        None => Value::Null,
        Some(Value::Array(a)) => Value::Array(a.iter().map(|i| comparable(Some(i))).collect()),
        Some(v) => scalar_text(v).map_or_else(|| v.clone(), Value::String),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(yaml: &str) -> Template {
        Template::parse(yaml).unwrap()
    }

    fn resolve(
        t: &Template,
        overrides: &[(&str, &str)],
        v: &Value,
    ) -> Result<Option<Value>, PackError> {
        let o = overrides
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Resolver::new(t, &o, &BTreeMap::new())?.resolve(v)
    }

    const BASE: &str = "
Parameters:
  Port:
    Type: String
    Default: '3389'
  Empty:
    Type: String
    Default: ''
  Flag:
    Type: String
    Default: 'true'
    AllowedValues: ['true', 'false']
  NoDefault:
    Type: String
  Ports:
    Type: CommaDelimitedList
    Default: 22, 3389
Conditions:
  portGiven:
    Fn::Not:
    - Fn::Equals:
      - ''
      - Ref: Port
  emptyGiven:
    Fn::Not:
    - Fn::Equals: ['', Ref: Empty]
  both:
    Fn::And:
    - Condition: portGiven
    - Condition: emptyGiven
  either:
    Fn::Or:
    - Condition: portGiven
    - Condition: emptyGiven
  flagOn:
    Fn::Equals: [Ref: Flag, 'true']
  loop1:
    Fn::Not: [Condition: loop2]
  loop2:
    Fn::Not: [Condition: loop1]
Resources:
  R:
    Type: AWS::Config::ConfigRule
    Properties: {}
";

    #[test]
    fn ref_resolves_parameters_and_no_value() {
        let t = template(BASE);
        assert_eq!(
            resolve(&t, &[], &json!({"Ref": "Port"})).unwrap(),
            Some(json!("3389"))
        );
        assert_eq!(
            resolve(&t, &[], &json!({"Ref": "AWS::NoValue"})).unwrap(),
            None
        );
        assert_eq!(
            resolve(&t, &[], &json!({"Ref": "Ports"})).unwrap(),
            Some(json!(["22", "3389"]))
        );
        assert_eq!(
            resolve(
                &t,
                &[],
                &json!({"a": {"Ref": "AWS::NoValue"}, "b": [1, {"Ref": "AWS::NoValue"}]})
            )
            .unwrap(),
            Some(json!({"b": [1]}))
        );
        let err = resolve(&t, &[], &json!({"Ref": "NoDefault"})).unwrap_err();
        assert!(err.to_string().contains("--param NoDefault="), "{err}");
        let err = resolve(&t, &[], &json!({"Ref": "Nope"})).unwrap_err();
        assert!(err.to_string().contains("no such parameter"), "{err}");
        assert_eq!(
            resolve(&t, &[("NoDefault", "x")], &json!({"Ref": "NoDefault"})).unwrap(),
            Some(json!("x"))
        );
    }

    #[test]
    fn pseudo_parameters() {
        let t = template(BASE);
        assert_eq!(
            resolve(&t, &[], &json!({"Ref": "AWS::Partition"})).unwrap(),
            Some(json!("aws"))
        );
        let err = resolve(&t, &[], &json!({"Ref": "AWS::AccountId"})).unwrap_err();
        assert!(err.to_string().contains("--param AWS::AccountId="), "{err}");
        assert_eq!(
            resolve(
                &t,
                &[("AWS::AccountId", "123456789012")],
                &json!({"Ref": "AWS::AccountId"})
            )
            .unwrap(),
            Some(json!("123456789012"))
        );
        let pseudo = BTreeMap::from([("AWS::Region".to_owned(), "cn-north-1".to_owned())]);
        let r = Resolver::new(&t, &BTreeMap::new(), &pseudo).unwrap();
        assert_eq!(
            r.resolve(
                &json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::b-${AWS::Region}-${!Literal}"})
            )
            .unwrap(),
            Some(json!("arn:aws-cn:s3:::b-cn-north-1-${Literal}"))
        );
    }

    #[test]
    fn equals_not_and_or() {
        let t = template(BASE);
        let r = Resolver::new(&t, &BTreeMap::new(), &BTreeMap::new()).unwrap();
        assert!(r.condition("portGiven").unwrap());
        assert!(!r.condition("emptyGiven").unwrap());
        assert!(!r.condition("both").unwrap());
        assert!(r.condition("either").unwrap());
        assert!(r.condition("flagOn").unwrap());
        assert_eq!(
            r.resolve(&json!({"Fn::Equals": [90, "90"]})).unwrap(),
            Some(json!(true))
        );
        assert_eq!(
            r.resolve(&json!({"Fn::And": [{"Fn::Equals": [1, 1]}, {"Condition": "emptyGiven"}]}))
                .unwrap(),
            Some(json!(false))
        );
        let err = r.condition("loop1").unwrap_err();
        assert!(err.to_string().contains("depends on itself"), "{err}");
        assert!(r.condition("nope").is_err());
        assert!(
            r.resolve(&json!({"Fn::And": [true]})).is_err(),
            "And needs 2 operands"
        );
    }

    #[test]
    fn if_picks_a_branch_and_no_value_drops_the_key() {
        let t = template(BASE);
        let v = json!({
            "blockedPort3": {"Fn::If": ["portGiven", {"Ref": "Port"}, {"Ref": "AWS::NoValue"}]},
            "other": {"Fn::If": ["emptyGiven", {"Ref": "Empty"}, {"Ref": "AWS::NoValue"}]},
        });
        assert_eq!(
            resolve(&t, &[], &v).unwrap(),
            Some(json!({"blockedPort3": "3389"}))
        );
        assert_eq!(
            resolve(&t, &[("Port", ""), ("Empty", "x")], &v).unwrap(),
            Some(json!({"other": "x"}))
        );
    }

    #[test]
    fn overrides_are_checked() {
        let t = template(BASE);
        assert!(matches!(
            Resolver::new(
                &t,
                &BTreeMap::from([("Nope".to_owned(), "1".to_owned())]),
                &BTreeMap::new()
            ),
            Err(PackError::Override(_))
        ));
        let err = Resolver::new(
            &t,
            &BTreeMap::from([("Flag".to_owned(), "maybe".to_owned())]),
            &BTreeMap::new(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("must be one of true, false"),
            "{err}"
        );
    }

    #[test]
    fn join_and_unsupported_functions() {
        let t = template(BASE);
        assert_eq!(
            resolve(&t, &[], &json!({"Fn::Join": ["-", ["a", {"Ref": "Port"}]]})).unwrap(),
            Some(json!("a-3389"))
        );
        let err = resolve(&t, &[], &json!({"Fn::GetAtt": ["R", "Arn"]})).unwrap_err();
        assert!(
            err.to_string().contains("`Fn::GetAtt` is not supported"),
            "{err}"
        );
        let err = resolve(&t, &[], &json!({"Ref": "R"})).unwrap_err();
        assert!(err.to_string().contains("names a resource"), "{err}");
    }

    #[test]
    fn short_form_tags_become_long_form() {
        let t = template(
            "
Parameters:
  P: {Type: String, Default: x}
Conditions:
  c: !Not [!Equals ['', !Ref P]]
  d: !And [!Condition c, !Or [!Condition c, !Equals [a, b]]]
Resources:
  R:
    Type: AWS::Config::ConfigRule
    Properties:
      A: !If [d, !Sub '${P}-y', !Ref AWS::NoValue]
      B: !GetAtt R.Arn
",
        );
        assert_eq!(
            t.resources[0].properties["B"],
            json!({"Fn::GetAtt": ["R", "Arn"]})
        );
        let r = Resolver::new(&t, &BTreeMap::new(), &BTreeMap::new()).unwrap();
        assert_eq!(
            r.resolve(&t.resources[0].properties["A"]).unwrap(),
            Some(json!("x-y"))
        );
        let err = Template::parse("Resources:\n  R: !Bogus x\n").unwrap_err();
        assert!(
            err.to_string().contains("unsupported YAML tag `!Bogus`"),
            "{err}"
        );
    }

    #[test]
    fn json_templates_and_shape_errors() {
        let t = Template::parse(
            r#"{"Resources": {"R": {"Type": "AWS::Config::ConfigRule", "Properties": {"ConfigRuleName": "r"}}}}"#,
        )
        .unwrap();
        assert_eq!(t.resources[0].logical_id, "R");
        assert!(matches!(
            Template::parse("{\"Resources\": "),
            Err(PackError::Parse(_))
        ));
        assert!(matches!(
            Template::parse("- a\n- b\n"),
            Err(PackError::Shape(_))
        ));
        assert!(matches!(
            Template::parse("Parameters: {}\n"),
            Err(PackError::Shape(_))
        ));
        assert!(matches!(
            Template::parse("Resources:\n  R:\n    Type: X\n    Condition: missing\n"),
            Err(PackError::Shape(_))
        ));
    }
}
