//! Reads a JSON Schema document into the keyword subset file mode compares,
//! recording every validation keyword it does not compare so that the
//! comparison can warn about it instead of ignoring it silently.
//!
//! Schemas live in an arena ([`Document::nodes`]) keyed by their JSON
//! pointer, so a local `$ref` (`#/$defs/Address`, `#/definitions/Address`,
//! `#`, or any other pointer into the same document) is the id of its target
//! and recursive schemas need no special case. Draft-04's boolean
//! `exclusiveMinimum`/`exclusiveMaximum` are read as the later numeric form.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Index of a schema in [`Document::nodes`].
pub type SchemaId = usize;

/// The JSON Schema instance types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JsonType {
    /// `null`
    Null,
    /// `boolean`
    Boolean,
    /// `object`
    Object,
    /// `array`
    Array,
    /// `number`
    Number,
    /// `integer`
    Integer,
    /// `string`
    String,
}

impl JsonType {
    fn from_name(name: &str) -> Option<JsonType> {
        Some(match name {
            "null" => JsonType::Null,
            "boolean" => JsonType::Boolean,
            "object" => JsonType::Object,
            "array" => JsonType::Array,
            "number" => JsonType::Number,
            "integer" => JsonType::Integer,
            "string" => JsonType::String,
            _ => return None,
        })
    }

    /// The JSON Schema name.
    pub fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::Number => "number",
            JsonType::Integer => "integer",
            JsonType::String => "string",
        }
    }

    /// The type of a JSON value (an integral number is an `integer`).
    pub fn of(value: &Value) -> JsonType {
        match value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(number) if number.is_i64() || number.is_u64() => JsonType::Integer,
            Value::Number(number) => {
                if number.as_f64().is_some_and(|float| float.fract() == 0.0) {
                    JsonType::Integer
                } else {
                    JsonType::Number
                }
            }
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }
}

/// What an object allows besides its declared properties.
#[derive(Clone, Debug, PartialEq)]
pub enum Additional {
    /// Any other property (`additionalProperties` absent, `true` or `{}`):
    /// an open content model.
    Open,
    /// No other property (`additionalProperties: false`): a closed model.
    Closed,
    /// Other properties that match a schema: a partially open model.
    Schema(SchemaId),
}

/// The compared keywords of one schema object.
#[derive(Clone, Debug)]
pub struct Keywords {
    /// `type`, when given.
    pub types: Option<BTreeSet<JsonType>>,
    /// `properties`.
    pub properties: BTreeMap<String, SchemaId>,
    /// `required`.
    pub required: BTreeSet<String>,
    /// `additionalProperties`.
    pub additional: Additional,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `enum`, or `const` as a one-value enum.
    pub enumeration: Option<Vec<Value>>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `format`.
    pub format: Option<String>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum` (numeric form).
    pub exclusive_minimum: Option<f64>,
    /// `exclusiveMaximum` (numeric form).
    pub exclusive_maximum: Option<f64>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// The schema of every element after `prefix_items`: `items` as one
    /// schema (2020-12, and draft-07 without a tuple), draft-07's
    /// `additionalItems` after a tuple, or `unevaluatedItems` when neither
    /// is given. `None`: any element.
    pub items: Option<SchemaId>,
    /// The tuple: `prefixItems` (2020-12) or `items` as an array (draft-07).
    pub prefix_items: Vec<SchemaId>,
    /// The keyword that holds the tuple (`prefixItems` or `items`), for
    /// pointers.
    pub tuple_keyword: &'static str,
    /// `contains`.
    pub contains: Option<SchemaId>,
    /// `minContains` (1 when `contains` is given without it).
    pub min_contains: Option<u64>,
    /// `maxContains`.
    pub max_contains: Option<u64>,
    /// `patternProperties`: a pattern and the schema of the properties
    /// whose names match it.
    pub pattern_properties: BTreeMap<String, SchemaId>,
    /// `propertyNames`.
    pub property_names: Option<SchemaId>,
    /// `dependentRequired`, and `dependencies` with an array: when the
    /// property is present, these are required too.
    pub dependent_required: BTreeMap<String, BTreeSet<String>>,
    /// `dependentSchemas`, and `dependencies` with a schema: when the
    /// property is present, the object also matches the schema.
    pub dependent_schemas: BTreeMap<String, SchemaId>,
    /// `allOf`: the value matches every one of these.
    pub all_of: Vec<SchemaId>,
    /// `not`: the value does not match this.
    pub not: Option<SchemaId>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `anyOf` or `oneOf`: the value matches one of these.
    pub any_of: Option<Vec<SchemaId>>,
    /// `default`.
    pub default: Option<Value>,
}

/// One schema of the arena.
#[derive(Clone, Debug)]
pub enum Node {
    /// `true` (anything) or `false` (nothing).
    Bool(bool),
    /// A schema object.
    Schema(Box<Keywords>),
    /// A `$ref` to the schema at this id.
    Ref(SchemaId),
}

/// A validation keyword the comparison does not support, where it was seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    /// The keyword, such as `allOf`.
    pub keyword: String,
    /// The JSON pointer of the schema that uses it.
    pub pointer: String,
}

/// A parsed JSON Schema document.
#[derive(Clone, Debug)]
pub struct Document {
    /// Every schema reached from the root.
    pub nodes: Vec<Node>,
    /// The root schema.
    pub root: SchemaId,
    /// The root's `title`, if any.
    pub title: Option<String>,
    /// The text of each schema (its JSON, compact), by id: two subschemas
    /// with the same text accept the same values whatever keywords they
    /// use, so keywords that are not compared never change a verdict.
    pub texts: Vec<String>,
    /// Keywords seen but not compared, in document order.
    pub unsupported: Vec<Unsupported>,
}

/// Returned by [`Document::node`] for an id outside the arena, which the
/// parser never produces.
static ANYTHING: Node = Node::Bool(true);

impl Document {
    /// The schema with this id, following `$ref`s.
    pub fn node(&self, id: SchemaId) -> &Node {
        let mut current = id;
        for _ in 0..64 {
            match self.nodes.get(current) {
                Some(Node::Ref(target)) => current = *target,
                Some(node) => return node,
                None => return &ANYTHING,
            }
        }
        &ANYTHING
    }

    /// The id after following `$ref`s.
    pub fn resolve(&self, id: SchemaId) -> SchemaId {
        let mut current = id;
        for _ in 0..64 {
            match self.nodes.get(current) {
                Some(Node::Ref(target)) => current = *target,
                _ => return current,
            }
        }
        current
    }
}

/// Keywords that only annotate and never change what validates.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "id",
    "$comment",
    "title",
    "description",
    "examples",
    "readOnly",
    "writeOnly",
    "deprecated",
    "$defs",
    "definitions",
    "contentEncoding",
    "contentMediaType",
];

/// Validation keywords file mode does not compare.
const UNSUPPORTED: &[&str] = &[
    "if",
    "then",
    "else",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "$vocabulary",
];

/// Parses the text of a JSON Schema file.
pub fn parse(text: &str) -> Result<Document, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|error| format!("not valid JSON: {error}"))?;
    if !matches!(value, Value::Object(_) | Value::Bool(_)) {
        return Err("a JSON Schema is an object or a boolean".to_string());
    }
    let mut parser = Parser {
        document: &value,
        nodes: Vec::new(),
        by_pointer: HashMap::new(),
        unsupported: Vec::new(),
        texts: Vec::new(),
    };
    let root = parser.schema(&value, "");
    let title = value
        .get("title")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(Document {
        nodes: parser.nodes,
        root,
        title,
        unsupported: parser.unsupported,
        texts: parser.texts,
    })
}

/// The state of one parse.
struct Parser<'v> {
    document: &'v Value,
    nodes: Vec<Node>,
    by_pointer: HashMap<String, SchemaId>,
    unsupported: Vec<Unsupported>,
    texts: Vec<String>,
}

impl Parser<'_> {
    fn unsupported(&mut self, keyword: &str, pointer: &str) {
        self.unsupported.push(Unsupported {
            keyword: keyword.to_string(),
            pointer: if pointer.is_empty() {
                "/".to_string()
            } else {
                pointer.to_string()
            },
        });
    }

    /// The schema at `pointer`, parsed once.
    fn schema(&mut self, value: &Value, pointer: &str) -> SchemaId {
        if let Some(id) = self.by_pointer.get(pointer) {
            return *id;
        }
        self.nodes.push(Node::Bool(true));
        self.texts.push(value.to_string());
        let id = self.nodes.len() - 1;
        self.by_pointer.insert(pointer.to_string(), id);
        let node = match value {
            Value::Bool(accepts) => Node::Bool(*accepts),
            Value::Object(object) => self.object(object, pointer),
            _ => {
                self.unsupported("a schema that is neither an object nor a boolean", pointer);
                Node::Bool(true)
            }
        };
        if let Some(slot) = self.nodes.get_mut(id) {
            *slot = node;
        }
        id
    }

    fn object(&mut self, object: &Map<String, Value>, pointer: &str) -> Node {
        if let Some(reference) = object.get("$ref") {
            let target = reference.as_str().and_then(|text| text.strip_prefix('#'));
            let document = self.document;
            let resolved = target.and_then(|target| {
                let decoded = percent_decode(target);
                document.pointer(&decoded).map(|value| (decoded, value))
            });
            let others = object
                .keys()
                .filter(|key| {
                    *key != "$ref" && !ANNOTATIONS.contains(&key.as_str()) && *key != "default"
                })
                .count();
            if others > 0 {
                self.unsupported("keywords beside `$ref`", pointer);
            }
            return match resolved {
                Some((target, value)) => Node::Ref(self.schema(value, &target)),
                None => {
                    self.unsupported("`$ref` outside this document", pointer);
                    Node::Bool(true)
                }
            };
        }
        for key in object.keys() {
            if UNSUPPORTED.contains(&key.as_str()) {
                self.unsupported(key, pointer);
            }
        }
        let mut keywords = Keywords {
            types: None,
            properties: BTreeMap::new(),
            required: BTreeSet::new(),
            additional: Additional::Open,
            min_properties: count(object, "minProperties"),
            max_properties: count(object, "maxProperties"),
            enumeration: None,
            min_length: count(object, "minLength"),
            max_length: count(object, "maxLength"),
            pattern: object
                .get("pattern")
                .and_then(Value::as_str)
                .map(str::to_string),
            format: object
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_string),
            minimum: number(object, "minimum"),
            maximum: number(object, "maximum"),
            exclusive_minimum: number(object, "exclusiveMinimum"),
            exclusive_maximum: number(object, "exclusiveMaximum"),
            multiple_of: number(object, "multipleOf"),
            items: None,
            prefix_items: Vec::new(),
            tuple_keyword: "prefixItems",
            contains: None,
            min_contains: count(object, "minContains"),
            max_contains: count(object, "maxContains"),
            pattern_properties: BTreeMap::new(),
            property_names: None,
            dependent_required: BTreeMap::new(),
            dependent_schemas: BTreeMap::new(),
            all_of: Vec::new(),
            not: None,
            min_items: count(object, "minItems"),
            max_items: count(object, "maxItems"),
            unique_items: object
                .get("uniqueItems")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            any_of: None,
            default: object.get("default").cloned(),
        };
        // Draft-04 writes an exclusive bound as a boolean beside the bound.
        if object.get("exclusiveMinimum").and_then(Value::as_bool) == Some(true) {
            keywords.exclusive_minimum = keywords.minimum.take();
        }
        if object.get("exclusiveMaximum").and_then(Value::as_bool) == Some(true) {
            keywords.exclusive_maximum = keywords.maximum.take();
        }
        match object.get("type") {
            Some(Value::String(name)) => match JsonType::from_name(name) {
                Some(kind) => keywords.types = Some(BTreeSet::from([kind])),
                None => self.unsupported(&format!("type `{name}`"), pointer),
            },
            Some(Value::Array(names)) => {
                let mut types = BTreeSet::new();
                for name in names {
                    match name.as_str().and_then(JsonType::from_name) {
                        Some(kind) => {
                            types.insert(kind);
                        }
                        None => self.unsupported(&format!("type `{name}`"), pointer),
                    }
                }
                keywords.types = Some(types);
            }
            Some(other) => self.unsupported(&format!("type `{other}`"), pointer),
            None => {}
        }
        if let Some(Value::Object(properties)) = object.get("properties") {
            for (name, schema) in properties {
                let at = format!("{pointer}/properties/{}", escape(name));
                let id = self.schema(schema, &at);
                keywords.properties.insert(name.clone(), id);
            }
        }
        if let Some(Value::Array(required)) = object.get("required") {
            keywords.required = required
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
        }
        match object.get("additionalProperties") {
            None | Some(Value::Bool(true)) => {}
            Some(Value::Bool(false)) => keywords.additional = Additional::Closed,
            Some(Value::Object(schema)) if schema.is_empty() => {}
            Some(schema) => {
                let at = format!("{pointer}/additionalProperties");
                keywords.additional = Additional::Schema(self.schema(schema, &at));
            }
        }
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            keywords.enumeration = Some(values.clone());
        }
        if let Some(value) = object.get("const") {
            keywords.enumeration = Some(vec![value.clone()]);
        }
        self.arrays(object, pointer, &mut keywords);
        self.objects(object, pointer, &mut keywords);
        if let Some(Value::Array(parts)) = object.get("allOf") {
            for (index, part) in parts.iter().enumerate() {
                let id = self.schema(part, &format!("{pointer}/allOf/{index}"));
                keywords.all_of.push(id);
            }
        }
        if let Some(schema) = object.get("not") {
            keywords.not = Some(self.schema(schema, &format!("{pointer}/not")));
        }
        for combinator in ["anyOf", "oneOf"] {
            if let Some(branches) = object.get(combinator).and_then(Value::as_array) {
                if keywords.any_of.is_some() {
                    self.unsupported("anyOf together with oneOf", pointer);
                    continue;
                }
                let ids = branches
                    .iter()
                    .enumerate()
                    .map(|(index, branch)| {
                        self.schema(branch, &format!("{pointer}/{combinator}/{index}"))
                    })
                    .collect();
                keywords.any_of = Some(ids);
                if keywords.types.is_some() {
                    self.unsupported(&format!("type beside {combinator}"), pointer);
                }
            }
        }
        Node::Schema(Box::new(keywords))
    }
}

impl Parser<'_> {
    /// Tuples, the schema of the other elements, and `contains`.
    fn arrays(&mut self, object: &Map<String, Value>, pointer: &str, keywords: &mut Keywords) {
        let mut tuple = false;
        if let Some(Value::Array(prefix)) = object.get("prefixItems") {
            tuple = true;
            for (index, item) in prefix.iter().enumerate() {
                let id = self.schema(item, &format!("{pointer}/prefixItems/{index}"));
                keywords.prefix_items.push(id);
            }
        }
        match object.get("items") {
            None => {}
            Some(Value::Array(prefix)) => {
                // Draft-07: a tuple; `additionalItems` is the rest.
                keywords.tuple_keyword = "items";
                for (index, item) in prefix.iter().enumerate() {
                    let id = self.schema(item, &format!("{pointer}/items/{index}"));
                    keywords.prefix_items.push(id);
                }
                if let Some(rest) = object.get("additionalItems") {
                    keywords.items = Some(self.schema(rest, &format!("{pointer}/additionalItems")));
                }
                tuple = true;
            }
            Some(schema) => {
                keywords.items = Some(self.schema(schema, &format!("{pointer}/items")));
            }
        }
        // Without a tuple, `additionalItems` has no effect.
        if keywords.items.is_none() && (tuple || !object.contains_key("items")) {
            if let Some(rest) = object.get("unevaluatedItems") {
                keywords.items = Some(self.schema(rest, &format!("{pointer}/unevaluatedItems")));
            }
        }
        if let Some(schema) = object.get("contains") {
            keywords.contains = Some(self.schema(schema, &format!("{pointer}/contains")));
            keywords.min_contains.get_or_insert(1);
        } else {
            keywords.min_contains = None;
            keywords.max_contains = None;
        }
    }

    /// Pattern properties, property names and dependencies.
    fn objects(&mut self, object: &Map<String, Value>, pointer: &str, keywords: &mut Keywords) {
        if let Some(Value::Object(patterns)) = object.get("patternProperties") {
            for (pattern, schema) in patterns {
                let at = format!("{pointer}/patternProperties/{}", escape(pattern));
                let id = self.schema(schema, &at);
                keywords.pattern_properties.insert(pattern.clone(), id);
            }
        }
        if let Some(schema) = object.get("propertyNames") {
            keywords.property_names =
                Some(self.schema(schema, &format!("{pointer}/propertyNames")));
        }
        for keyword in ["dependencies", "dependentRequired", "dependentSchemas"] {
            let Some(Value::Object(entries)) = object.get(keyword) else {
                continue;
            };
            for (name, entry) in entries {
                match entry {
                    Value::Array(names) => {
                        keywords
                            .dependent_required
                            .entry(name.clone())
                            .or_default()
                            .extend(names.iter().filter_map(Value::as_str).map(str::to_string));
                    }
                    schema => {
                        let at = format!("{pointer}/{keyword}/{}", escape(name));
                        let id = self.schema(schema, &at);
                        keywords.dependent_schemas.insert(name.clone(), id);
                    }
                }
            }
        }
        if !object.contains_key("additionalProperties") {
            match object.get("unevaluatedProperties") {
                None | Some(Value::Bool(true)) => {}
                Some(Value::Bool(false)) => keywords.additional = Additional::Closed,
                Some(Value::Object(schema)) if schema.is_empty() => {}
                Some(schema) => {
                    let at = format!("{pointer}/unevaluatedProperties");
                    keywords.additional = Additional::Schema(self.schema(schema, &at));
                }
            }
        }
    }
}

/// A non-negative integer keyword.
fn count(object: &Map<String, Value>, key: &str) -> Option<u64> {
    object.get(key).and_then(Value::as_u64)
}

/// A numeric keyword (a boolean, as in draft-04, is not a number).
fn number(object: &Map<String, Value>, key: &str) -> Option<f64> {
    object.get(key).and_then(Value::as_f64)
}

/// Escapes a JSON pointer token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Decodes `%XX` escapes in a URI fragment.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes.get(index).copied().unwrap_or_default();
        if byte == b'%' {
            let hex = text
                .get(index + 1..index + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok());
            if let Some(decoded) = hex {
                out.push(decoded);
                index += 3;
                continue;
            }
        }
        out.push(byte);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
