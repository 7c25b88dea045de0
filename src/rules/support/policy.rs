//! IAM-style policy documents (identity policies and resource policies of S3, KMS,
//! Lambda, SQS, SNS): statements, actions with wildcards, principals and conditions.
//! Documents arrive already decoded by the loader (URL-encoded or JSON strings).

use serde_json::Value;

use super::as_list;

/// One statement of a policy document, with its JSONPath.
#[derive(Debug, Clone)]
pub struct Statement<'a> {
    pub path: String,
    pub raw: &'a Value,
}

impl<'a> Statement<'a> {
    pub fn is_allow(&self) -> bool {
        self.raw
            .get("Effect")
            .and_then(Value::as_str)
            .is_some_and(|e| e.eq_ignore_ascii_case("allow"))
    }

    pub fn is_deny(&self) -> bool {
        self.raw
            .get("Effect")
            .and_then(Value::as_str)
            .is_some_and(|e| e.eq_ignore_ascii_case("deny"))
    }

    pub fn sid(&self) -> Option<&'a str> {
        self.raw.get("Sid").and_then(Value::as_str)
    }

    fn strings(&self, key: &str) -> Vec<&'a str> {
        self.raw
            .get(key)
            .map(as_list)
            .unwrap_or_default()
            .into_iter()
            .filter_map(Value::as_str)
            .collect()
    }

    /// `Action` entries (empty when the statement uses `NotAction`).
    pub fn actions(&self) -> Vec<&'a str> {
        self.strings("Action")
    }

    pub fn not_actions(&self) -> Vec<&'a str> {
        self.strings("NotAction")
    }

    pub fn resources(&self) -> Vec<&'a str> {
        self.strings("Resource")
    }

    pub fn has_condition(&self) -> bool {
        self.raw
            .get("Condition")
            .is_some_and(|c| c.as_object().is_some_and(|o| !o.is_empty()))
    }

    /// Whether the statement's actions include one matching `action` (wildcards in the
    /// statement are honoured, case-insensitively as IAM does). A `NotAction` statement
    /// matches every action it does not list.
    pub fn allows_action(&self, action: &str) -> bool {
        let actions = self.actions();
        if !actions.is_empty() {
            return actions.iter().any(|a| wildcard_match(a, action));
        }
        let not = self.not_actions();
        !not.is_empty() && !not.iter().any(|a| wildcard_match(a, action))
    }

    /// `Principal: "*"` or `{"AWS": "*"}` (also in a list): anyone, including anonymous.
    pub fn principal_is_public(&self) -> bool {
        match self.raw.get("Principal") {
            Some(Value::String(s)) => s == "*",
            Some(Value::Object(map)) => map
                .get("AWS")
                .is_some_and(|v| as_list(v).iter().any(|p| p.as_str() == Some("*"))),
            _ => false,
        }
    }

    /// Whether any resource is `*`.
    pub fn on_all_resources(&self) -> bool {
        self.resources().contains(&"*")
    }

    /// Every principal the statement names, by kind: `Principal: "*"` gives one
    /// principal of kind `*`; `{"AWS": [...], "Service": "..."}` gives one per value.
    /// Empty for `NotPrincipal` statements (see [`Self::has_not_principal`]).
    pub fn principals(&self) -> Vec<Principal<'a>> {
        match self.raw.get("Principal") {
            Some(Value::String(s)) => vec![Principal {
                kind: "*",
                value: s,
            }],
            Some(Value::Object(map)) => map
                .iter()
                .flat_map(|(kind, values)| {
                    as_list(values)
                        .into_iter()
                        .filter_map(Value::as_str)
                        .map(move |value| Principal { kind, value })
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the statement uses `NotPrincipal` (with `Allow`: everyone but the listed).
    pub fn has_not_principal(&self) -> bool {
        self.raw.get("NotPrincipal").is_some()
    }

    /// Every condition entry, one per operator, key and value list:
    /// `{"StringEquals": {"aws:SourceVpc": ["vpc-1"]}}` gives one [`Condition`].
    pub fn conditions(&self) -> Vec<Condition<'a>> {
        let Some(Value::Object(ops)) = self.raw.get("Condition") else {
            return Vec::new();
        };
        ops.iter()
            .filter_map(|(operator, block)| block.as_object().map(|b| (operator, b)))
            .flat_map(|(operator, block)| {
                block.iter().map(move |(key, values)| Condition {
                    operator,
                    key,
                    values: as_list(values),
                })
            })
            .collect()
    }

    /// Whether the statement's `Resource` covers `arn` (wildcards honoured). A
    /// `NotResource` statement covers every ARN it does not list.
    pub fn covers_resource(&self, arn: &str) -> bool {
        let resources = self.resources();
        if !resources.is_empty() {
            return resources.iter().any(|r| wildcard_match(r, arn));
        }
        let not = self.strings("NotResource");
        !not.is_empty() && !not.iter().any(|r| wildcard_match(r, arn))
    }
}

/// One principal of a statement: `kind` is `AWS`, `Service`, `Federated`,
/// `CanonicalUser`, or `*` for `Principal: "*"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Principal<'a> {
    pub kind: &'a str,
    pub value: &'a str,
}

impl Principal<'_> {
    /// `*` alone or as an `AWS` principal: anyone, including anonymous callers.
    pub fn is_anyone(&self) -> bool {
        self.value == "*" && (self.kind == "*" || self.kind.eq_ignore_ascii_case("AWS"))
    }
}

/// One condition of a statement: operator (`StringEquals`, `ForAnyValue:StringLike`,
/// `BoolIfExists`…), key (`aws:SourceIp`) and values (strings, booleans or numbers).
#[derive(Debug, Clone)]
pub struct Condition<'a> {
    pub operator: &'a str,
    pub key: &'a str,
    pub values: Vec<&'a Value>,
}

impl Condition<'_> {
    /// Whether the key is `key`, ignoring case as IAM does for condition keys.
    pub fn key_is(&self, key: &str) -> bool {
        self.key.eq_ignore_ascii_case(key)
    }

    /// The operator without a set prefix (`ForAnyValue:`/`ForAllValues:`) and without
    /// the `IfExists` suffix, e.g. `StringEquals`.
    pub fn base_operator(&self) -> &str {
        let op = self
            .operator
            .split_once(':')
            .map_or(self.operator, |(_, rest)| rest);
        op.strip_suffix("IfExists").unwrap_or(op)
    }

    /// `…IfExists` operators also match requests without the key.
    pub fn if_exists(&self) -> bool {
        self.operator.ends_with("IfExists")
    }

    /// Negated operators (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`…).
    pub fn is_negated(&self) -> bool {
        self.base_operator().contains("Not")
    }

    /// The values as text (`true` and numbers rendered as JSON would).
    pub fn texts(&self) -> Vec<String> {
        self.values
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect()
    }
}

/// The statements of a document (`Statement` may be an object or a list).
/// `base` is the JSONPath of the document.
pub fn statements<'a>(doc: &'a Value, base: &str) -> Vec<Statement<'a>> {
    match doc.get("Statement") {
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(i, raw)| Statement {
                path: format!("{base}.Statement[{i}]"),
                raw,
            })
            .collect(),
        Some(raw @ Value::Object(_)) => vec![Statement {
            path: format!("{base}.Statement"),
            raw,
        }],
        _ => Vec::new(),
    }
}

/// IAM action matching: `*` matches any run of characters, `?` one character; case is
/// ignored.
pub fn wildcard_match(pattern: &str, value: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let v: Vec<char> = value.to_ascii_lowercase().chars().collect();
    let (mut pi, mut vi) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while vi < v.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == v[vi]) {
            pi += 1;
            vi += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = vi;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            vi = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// The first statement granting `Action: "*"` (or `*:*`) on `Resource: "*"` with
/// `Effect: Allow`: full administrator access.
pub fn admin_statement<'a>(doc: &'a Value, base: &str) -> Option<Statement<'a>> {
    statements(doc, base).into_iter().find(|s| {
        s.is_allow() && s.actions().iter().any(|a| *a == "*" || *a == "*:*") && s.on_all_resources()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcards_match_like_iam() {
        assert!(wildcard_match("s3:Get*", "s3:GetObject"));
        assert!(wildcard_match("*", "ec2:RunInstances"));
        assert!(wildcard_match("S3:*", "s3:putobject"));
        assert!(wildcard_match("s3:?etObject", "s3:GetObject"));
        assert!(!wildcard_match("s3:Put*", "s3:GetObject"));
    }

    #[test]
    fn finds_admin_statements_in_either_shape() {
        let list = json!({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                                        {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]});
        assert_eq!(
            admin_statement(&list, "$.d").unwrap().path,
            "$.d.Statement[1]"
        );
        let single = json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}});
        assert!(admin_statement(&single, "$.d").is_some());
        let deny = json!({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}});
        assert!(admin_statement(&deny, "$.d").is_none());
    }

    #[test]
    fn principals_conditions_and_resources() {
        let doc = json!({"Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"], "Service": "cloudtrail.amazonaws.com"},
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b/*",
            "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8"]},
                          "StringNotEqualsIfExists": {"aws:SourceVpc": "vpc-1"}}
        }]});
        let s = &statements(&doc, "$")[0];
        let p = s.principals();
        assert_eq!(p.len(), 3);
        assert!(p.iter().any(Principal::is_anyone));
        let c = s.conditions();
        assert_eq!(c.len(), 2);
        let vpc = c.iter().find(|c| c.key_is("AWS:SOURCEVPC")).unwrap();
        assert!(vpc.is_negated() && vpc.if_exists());
        assert_eq!(vpc.base_operator(), "StringNotEquals");
        assert_eq!(vpc.texts(), vec!["vpc-1".to_owned()]);
        assert!(s.covers_resource("arn:aws:s3:::b/key"));
        assert!(!s.covers_resource("arn:aws:s3:::b"));
        let star = json!({"Statement": {"Effect": "Deny", "Principal": "*", "NotResource": "arn:aws:s3:::x"}});
        let s = &statements(&star, "$")[0];
        assert_eq!(
            s.principals(),
            vec![Principal {
                kind: "*",
                value: "*"
            }]
        );
        assert!(s.covers_resource("arn:aws:s3:::b"));
    }

    #[test]
    fn public_principals() {
        let s = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "s3:GetObject"}]});
        assert!(statements(&s, "$")[0].principal_is_public());
        let s = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}}]});
        assert!(!statements(&s, "$")[0].principal_is_public());
    }
}
