//! Reads an `.avsc` document into an Avro schema tree, following the Avro
//! specification's "Schema Declaration" and "Names" sections: primitives,
//! records, enums, arrays, maps, unions and fixed; full names built from
//! `name` and `namespace` (inherited from the enclosing named type); aliases
//! qualified relative to the namespace; named-type references, which may be
//! recursive; and the logical types of the specification.
//!
//! Types live in an arena ([`Schema::nodes`]) and refer to each other by
//! [`TypeId`], so a reference to a named type is the id of its definition and
//! recursion needs no special case. The parser rejects what Avro's Java
//! parser rejects (undefined or redefined names, invalid names, duplicate
//! union branches, nested unions, duplicate fields or symbols, an enum default
//! that is not a symbol); it does not validate field default values, as the
//! compatibility checker only asks whether a default exists. An invalid
//! logical type is ignored, as the specification requires.

use serde_json::{Map, Value};
use std::collections::HashMap;

/// Index of a type in [`Schema::nodes`].
pub type TypeId = usize;

/// The eight primitive types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Primitive {
    /// `null`
    Null,
    /// `boolean`
    Boolean,
    /// `int`
    Int,
    /// `long`
    Long,
    /// `float`
    Float,
    /// `double`
    Double,
    /// `bytes`
    Bytes,
    /// `string`
    String,
}

impl Primitive {
    /// The primitive called `name`.
    pub fn from_name(name: &str) -> Option<Primitive> {
        Some(match name {
            "null" => Primitive::Null,
            "boolean" => Primitive::Boolean,
            "int" => Primitive::Int,
            "long" => Primitive::Long,
            "float" => Primitive::Float,
            "double" => Primitive::Double,
            "bytes" => Primitive::Bytes,
            "string" => Primitive::String,
            _ => return None,
        })
    }

    /// The Avro name.
    pub fn name(self) -> &'static str {
        match self {
            Primitive::Null => "null",
            Primitive::Boolean => "boolean",
            Primitive::Int => "int",
            Primitive::Long => "long",
            Primitive::Float => "float",
            Primitive::Double => "double",
            Primitive::Bytes => "bytes",
            Primitive::String => "string",
        }
    }
}

/// A logical type the specification defines (or another name, kept so that
/// a change can be reported).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Logical {
    /// `decimal` on `bytes` or `fixed`.
    Decimal {
        /// Maximum number of digits.
        precision: u64,
        /// Digits after the point.
        scale: u64,
    },
    /// `uuid`, on `string` (or `fixed` of 16).
    Uuid,
    /// `date`, on `int`.
    Date,
    /// `time-millis`, on `int`.
    TimeMillis,
    /// `time-micros`, on `long`.
    TimeMicros,
    /// `timestamp-millis`, on `long`.
    TimestampMillis,
    /// `timestamp-micros`, on `long`.
    TimestampMicros,
    /// `timestamp-nanos`, on `long`.
    TimestampNanos,
    /// `local-timestamp-millis`, on `long`.
    LocalTimestampMillis,
    /// `local-timestamp-micros`, on `long`.
    LocalTimestampMicros,
    /// `local-timestamp-nanos`, on `long`.
    LocalTimestampNanos,
    /// `duration`, on `fixed` of 12.
    Duration,
    /// A logical type this parser does not know; Avro ignores it.
    Other(String),
}

impl Logical {
    /// How the logical type is written in a schema, with its parameters.
    pub fn describe(&self) -> String {
        match self {
            Logical::Decimal { precision, scale } => format!("decimal({precision},{scale})"),
            Logical::Uuid => "uuid".to_string(),
            Logical::Date => "date".to_string(),
            Logical::TimeMillis => "time-millis".to_string(),
            Logical::TimeMicros => "time-micros".to_string(),
            Logical::TimestampMillis => "timestamp-millis".to_string(),
            Logical::TimestampMicros => "timestamp-micros".to_string(),
            Logical::TimestampNanos => "timestamp-nanos".to_string(),
            Logical::LocalTimestampMillis => "local-timestamp-millis".to_string(),
            Logical::LocalTimestampMicros => "local-timestamp-micros".to_string(),
            Logical::LocalTimestampNanos => "local-timestamp-nanos".to_string(),
            Logical::Duration => "duration".to_string(),
            Logical::Other(name) => name.clone(),
        }
    }
}

/// The full name of a named type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The name without namespace.
    pub simple: String,
    /// The namespace; empty for the null namespace.
    pub namespace: String,
}

impl Name {
    /// `namespace.simple`, or `simple` in the null namespace.
    pub fn full(&self) -> String {
        if self.namespace.is_empty() {
            self.simple.clone()
        } else {
            format!("{}.{}", self.namespace, self.simple)
        }
    }
}

/// A record field.
#[derive(Clone, Debug)]
pub struct Field {
    /// The field name.
    pub name: String,
    /// Alternative names a reader matches writer fields by.
    pub aliases: Vec<String>,
    /// The field's type.
    pub ty: TypeId,
    /// The default value, if the field has one (`null` counts).
    pub default: Option<Value>,
}

/// A record.
#[derive(Clone, Debug)]
pub struct Record {
    /// The full name.
    pub name: Name,
    /// Aliases, as full names.
    pub aliases: Vec<String>,
    /// The fields, in order.
    pub fields: Vec<Field>,
}

/// An enum.
#[derive(Clone, Debug)]
pub struct Enum {
    /// The full name.
    pub name: Name,
    /// Aliases, as full names.
    pub aliases: Vec<String>,
    /// The symbols, in order.
    pub symbols: Vec<String>,
    /// The symbol a reader uses for writer symbols it does not know.
    pub default: Option<String>,
}

/// A fixed-size byte sequence.
#[derive(Clone, Debug)]
pub struct Fixed {
    /// The full name.
    pub name: Name,
    /// Aliases, as full names.
    pub aliases: Vec<String>,
    /// The number of bytes.
    pub size: u64,
    /// A valid logical type (`decimal`, `duration`, `uuid`).
    pub logical: Option<Logical>,
}

/// One type of the arena.
#[derive(Clone, Debug)]
pub enum Node {
    /// A primitive, maybe with a valid logical type.
    Primitive(Primitive, Option<Logical>),
    /// A record.
    Record(Record),
    /// An enum.
    Enum(Enum),
    /// A fixed.
    Fixed(Fixed),
    /// An array of the item type.
    Array(TypeId),
    /// A map from string to the value type.
    Map(TypeId),
    /// A union of the branch types.
    Union(Vec<TypeId>),
}

/// A parsed `.avsc` document.
#[derive(Clone, Debug)]
pub struct Schema {
    /// Every type, definitions and anonymous types alike.
    pub nodes: Vec<Node>,
    /// The top-level type.
    pub root: TypeId,
    /// Full name → definition.
    pub names: HashMap<String, TypeId>,
}

/// Returned by [`Schema::node`] for an id outside the arena, which the parser
/// never produces.
static MISSING: Node = Node::Primitive(Primitive::Null, None);

impl Schema {
    /// The type with this id.
    pub fn node(&self, id: TypeId) -> &Node {
        self.nodes.get(id).unwrap_or(&MISSING)
    }

    /// The full name of a named type, if `id` is one.
    pub fn name_of(&self, id: TypeId) -> Option<&Name> {
        match self.node(id) {
            Node::Record(record) => Some(&record.name),
            Node::Enum(enumeration) => Some(&enumeration.name),
            Node::Fixed(fixed) => Some(&fixed.name),
            _ => None,
        }
    }
}

/// Parses the text of an `.avsc` file.
pub fn parse(text: &str) -> Result<Schema, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|error| format!("not valid JSON: {error}"))?;
    let mut parser = Parser {
        nodes: Vec::new(),
        names: HashMap::new(),
    };
    let root = parser.schema(&value, "")?;
    Ok(Schema {
        nodes: parser.nodes,
        root,
        names: parser.names,
    })
}

/// The state of one parse: the arena and the names defined so far.
struct Parser {
    nodes: Vec<Node>,
    names: HashMap<String, TypeId>,
}

impl Parser {
    fn push(&mut self, node: Node) -> TypeId {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// A schema in the namespace `namespace` (the enclosing one).
    fn schema(&mut self, value: &Value, namespace: &str) -> Result<TypeId, String> {
        match value {
            Value::String(name) => self.reference(name, namespace),
            Value::Array(branches) => self.union(branches, namespace),
            Value::Object(object) => self.object(object, namespace),
            other => Err(format!(
                "`{other}` is not a schema: expected a type name, an object or a union"
            )),
        }
    }

    /// A primitive name or a reference to a named type defined earlier.
    fn reference(&mut self, name: &str, namespace: &str) -> Result<TypeId, String> {
        if let Some(primitive) = Primitive::from_name(name) {
            return Ok(self.push(Node::Primitive(primitive, None)));
        }
        let qualified = qualify(name, namespace);
        if let Some(id) = self.names.get(&qualified) {
            return Ok(*id);
        }
        // As Avro's Java parser does, an unqualified name not found in the
        // enclosing namespace is looked up in the null namespace.
        if let Some(id) = self.names.get(name) {
            return Ok(*id);
        }
        Err(format!(
            "undefined name `{name}`: a named type must be defined before it is used"
        ))
    }

    fn union(&mut self, branches: &[Value], namespace: &str) -> Result<TypeId, String> {
        let mut ids = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for branch in branches {
            let id = self.schema(branch, namespace)?;
            let key = match self.nodes.get(id) {
                Some(Node::Union(_)) => {
                    return Err("a union may not immediately contain another union".to_string())
                }
                Some(Node::Primitive(primitive, _)) => primitive.name().to_string(),
                Some(Node::Array(_)) => "array".to_string(),
                Some(Node::Map(_)) => "map".to_string(),
                Some(Node::Record(record)) => record.name.full(),
                Some(Node::Enum(enumeration)) => enumeration.name.full(),
                Some(Node::Fixed(fixed)) => fixed.name.full(),
                None => String::new(),
            };
            if keys.contains(&key) {
                return Err(format!("duplicate `{key}` in union"));
            }
            keys.push(key);
            ids.push(id);
        }
        Ok(self.push(Node::Union(ids)))
    }

    fn object(&mut self, object: &Map<String, Value>, namespace: &str) -> Result<TypeId, String> {
        let kind = match object.get("type") {
            Some(Value::String(kind)) => kind.as_str(),
            Some(nested @ (Value::Object(_) | Value::Array(_))) => {
                return self.schema(nested, namespace)
            }
            Some(other) => return Err(format!("`type` must be a string, not `{other}`")),
            None => return Err("schema object without `type`".to_string()),
        };
        let logical = object.get("logicalType").and_then(Value::as_str);
        if let Some(primitive) = Primitive::from_name(kind) {
            let logical = logical.and_then(|name| primitive_logical(primitive, name, object));
            return Ok(self.push(Node::Primitive(primitive, logical)));
        }
        match kind {
            "record" | "error" => self.record(object, namespace),
            "enum" => self.enumeration(object, namespace),
            "fixed" => self.fixed(object, namespace),
            "array" => {
                let items = object
                    .get("items")
                    .ok_or_else(|| "array without `items`".to_string())?;
                let items = self.schema(items, namespace)?;
                Ok(self.push(Node::Array(items)))
            }
            "map" => {
                let values = object
                    .get("values")
                    .ok_or_else(|| "map without `values`".to_string())?;
                let values = self.schema(values, namespace)?;
                Ok(self.push(Node::Map(values)))
            }
            name => self.reference(name, namespace),
        }
    }

    /// The name, namespace and aliases of a named type, registered so that
    /// the type can refer to itself.
    fn define(
        &mut self,
        object: &Map<String, Value>,
        namespace: &str,
    ) -> Result<(TypeId, Name, Vec<String>), String> {
        let raw = object
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| "named type without a string `name`".to_string())?;
        let name = match raw.rsplit_once('.') {
            Some((space, simple)) => Name {
                simple: simple.to_string(),
                namespace: space.to_string(),
            },
            None => Name {
                simple: raw.to_string(),
                namespace: match object.get("namespace") {
                    Some(Value::String(space)) => space.clone(),
                    Some(Value::Null) | None => namespace.to_string(),
                    Some(other) => {
                        return Err(format!("`namespace` must be a string, not `{other}`"))
                    }
                },
            },
        };
        validate_name(&name.simple)?;
        if !name.namespace.is_empty() {
            for part in name.namespace.split('.') {
                validate_name(part)?;
            }
        }
        if name.namespace.is_empty() && Primitive::from_name(&name.simple).is_some() {
            return Err(format!(
                "cannot redefine the primitive type `{}`",
                name.simple
            ));
        }
        let full = name.full();
        if self.names.contains_key(&full) {
            return Err(format!("cannot redefine `{full}`"));
        }
        let aliases: Vec<String> = strings(object.get("aliases"), "aliases")?
            .into_iter()
            .map(|alias| qualify(&alias, &name.namespace))
            .collect();
        // Until its definition is complete, the type is a record without
        // fields: references to it (recursion) see its name.
        let id = self.push(Node::Record(Record {
            name: name.clone(),
            aliases: aliases.clone(),
            fields: Vec::new(),
        }));
        self.names.insert(full, id);
        Ok((id, name, aliases))
    }

    fn record(&mut self, object: &Map<String, Value>, namespace: &str) -> Result<TypeId, String> {
        let (id, name, aliases) = self.define(object, namespace)?;
        let raw_fields = match object.get("fields") {
            Some(Value::Array(fields)) => fields,
            _ => return Err(format!("record `{}` needs a `fields` array", name.full())),
        };
        let mut fields: Vec<Field> = Vec::new();
        for raw in raw_fields {
            let field = raw
                .as_object()
                .ok_or_else(|| format!("a field of `{}` is not an object", name.full()))?;
            let field_name = field
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("a field of `{}` has no string `name`", name.full()))?;
            validate_name(field_name)?;
            if fields.iter().any(|existing| existing.name == field_name) {
                return Err(format!(
                    "record `{}` has two fields named `{field_name}`",
                    name.full()
                ));
            }
            let ty = field
                .get("type")
                .ok_or_else(|| format!("field `{field_name}` has no `type`"))?;
            let ty = self.schema(ty, &name.namespace)?;
            fields.push(Field {
                name: field_name.to_string(),
                aliases: strings(field.get("aliases"), "aliases")?,
                ty,
                default: field.get("default").cloned(),
            });
        }
        if let Some(slot) = self.nodes.get_mut(id) {
            *slot = Node::Record(Record {
                name,
                aliases,
                fields,
            });
        }
        Ok(id)
    }

    fn enumeration(
        &mut self,
        object: &Map<String, Value>,
        namespace: &str,
    ) -> Result<TypeId, String> {
        let (id, name, aliases) = self.define(object, namespace)?;
        let symbols = strings(object.get("symbols"), "symbols")?;
        if object.get("symbols").is_none() {
            return Err(format!("enum `{}` needs `symbols`", name.full()));
        }
        for (index, symbol) in symbols.iter().enumerate() {
            validate_name(symbol)?;
            if symbols.iter().skip(index + 1).any(|other| other == symbol) {
                return Err(format!("enum `{}` lists `{symbol}` twice", name.full()));
            }
        }
        let default = match object.get("default") {
            None | Some(Value::Null) => None,
            Some(Value::String(symbol)) if symbols.contains(symbol) => Some(symbol.clone()),
            Some(other) => {
                return Err(format!(
                    "the default `{other}` of enum `{}` is not one of its symbols",
                    name.full()
                ))
            }
        };
        if let Some(slot) = self.nodes.get_mut(id) {
            *slot = Node::Enum(Enum {
                name,
                aliases,
                symbols,
                default,
            });
        }
        Ok(id)
    }

    fn fixed(&mut self, object: &Map<String, Value>, namespace: &str) -> Result<TypeId, String> {
        let (id, name, aliases) = self.define(object, namespace)?;
        let size = object.get("size").and_then(Value::as_u64).ok_or_else(|| {
            format!(
                "fixed `{}` needs a non-negative integer `size`",
                name.full()
            )
        })?;
        let logical = object
            .get("logicalType")
            .and_then(Value::as_str)
            .and_then(|logical| fixed_logical(size, logical, object));
        if let Some(slot) = self.nodes.get_mut(id) {
            *slot = Node::Fixed(Fixed {
                name,
                aliases,
                size,
                logical,
            });
        }
        Ok(id)
    }
}

/// The full name `name` refers to inside `namespace`.
fn qualify(name: &str, namespace: &str) -> String {
    if name.contains('.') || namespace.is_empty() {
        name.to_string()
    } else {
        format!("{namespace}.{name}")
    }
}

/// Names start with `[A-Za-z_]` and continue with `[A-Za-z0-9_]`.
fn validate_name(name: &str) -> Result<(), String> {
    let mut characters = name.chars();
    let valid = match characters.next() {
        Some(first) if first.is_ascii_alphabetic() || first == '_' => {
            characters.all(|rest| rest.is_ascii_alphanumeric() || rest == '_')
        }
        _ => false,
    };
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a valid Avro name: it must match [A-Za-z_][A-Za-z0-9_]*"
        ))
    }
}

/// An optional array of strings.
fn strings(value: Option<&Value>, what: &str) -> Result<Vec<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("`{what}` must list strings, found `{item}`"))
            })
            .collect(),
        Some(other) => Err(format!("`{what}` must be an array, not `{other}`")),
    }
}

/// A valid logical type on a primitive, or `None` when the specification
/// says to ignore it.
fn primitive_logical(
    primitive: Primitive,
    name: &str,
    object: &Map<String, Value>,
) -> Option<Logical> {
    let logical = match (name, primitive) {
        ("decimal", Primitive::Bytes) => return decimal(object, None),
        ("uuid", Primitive::String) => Logical::Uuid,
        ("date", Primitive::Int) => Logical::Date,
        ("time-millis", Primitive::Int) => Logical::TimeMillis,
        ("time-micros", Primitive::Long) => Logical::TimeMicros,
        ("timestamp-millis", Primitive::Long) => Logical::TimestampMillis,
        ("timestamp-micros", Primitive::Long) => Logical::TimestampMicros,
        ("timestamp-nanos", Primitive::Long) => Logical::TimestampNanos,
        ("local-timestamp-millis", Primitive::Long) => Logical::LocalTimestampMillis,
        ("local-timestamp-micros", Primitive::Long) => Logical::LocalTimestampMicros,
        ("local-timestamp-nanos", Primitive::Long) => Logical::LocalTimestampNanos,
        (
            "decimal"
            | "uuid"
            | "date"
            | "time-millis"
            | "time-micros"
            | "timestamp-millis"
            | "timestamp-micros"
            | "timestamp-nanos"
            | "local-timestamp-millis"
            | "local-timestamp-micros"
            | "local-timestamp-nanos"
            | "duration",
            _,
        ) => return None,
        (other, _) => Logical::Other(other.to_string()),
    };
    Some(logical)
}

/// A valid logical type on a fixed.
fn fixed_logical(size: u64, name: &str, object: &Map<String, Value>) -> Option<Logical> {
    match name {
        "decimal" => decimal(object, Some(size)),
        "duration" if size == 12 => Some(Logical::Duration),
        "uuid" if size == 16 => Some(Logical::Uuid),
        "duration" | "uuid" => None,
        other => Some(Logical::Other(other.to_string())),
    }
}

/// A decimal whose precision is positive, whose scale is at most the
/// precision, and, on a fixed of `size` bytes, whose precision fits.
fn decimal(object: &Map<String, Value>, size: Option<u64>) -> Option<Logical> {
    let precision = object.get("precision").and_then(Value::as_u64)?;
    let scale = match object.get("scale") {
        None => 0,
        Some(scale) => scale.as_u64()?,
    };
    if precision == 0 || scale > precision {
        return None;
    }
    if let Some(size) = size {
        if precision > max_decimal_digits(size) {
            return None;
        }
    }
    Some(Logical::Decimal { precision, scale })
}

/// floor(log10(2^(8n-1) - 1)): the digits a fixed of `size` bytes holds.
fn max_decimal_digits(size: u64) -> u64 {
    if size == 0 {
        return 0;
    }
    let bits = (8 * size - 1) as f64;
    // log10(2^bits - 1) is log10(2^bits) to well within the rounding that
    // floor() needs for any realistic size.
    (bits * std::f64::consts::LOG10_2).floor() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full_names(text: &str) -> Vec<String> {
        let schema = parse(text).expect("parses");
        let mut names: Vec<String> = schema.names.keys().cloned().collect();
        names.sort();
        names
    }

    /// The specification's example of how full names are formed.
    #[test]
    fn full_names_follow_the_specification() {
        let text = r#"{
          "type": "record", "name": "Example",
          "fields": [
            {"name": "inheritNull", "type": {"type": "enum", "name": "Simple", "symbols": ["a", "b"]}},
            {"name": "explicitNamespace", "type": {"type": "fixed", "name": "Simple", "namespace": "explicit", "size": 12}},
            {"name": "fullName", "type": {"type": "record", "name": "a.full.Name", "namespace": "ignored",
              "fields": [{"name": "inheritNamespace", "type": {"type": "enum", "name": "Understanding", "symbols": ["d", "e"]}}]}}
          ]}"#;
        assert_eq!(
            full_names(text),
            [
                "Example",
                "Simple",
                "a.full.Name",
                "a.full.Understanding",
                "explicit.Simple"
            ]
        );
    }

    #[test]
    fn aliases_are_qualified_by_the_namespace() {
        let schema = parse(
            r#"{"type": "record", "name": "b", "namespace": "a", "aliases": ["c", "x.y"], "fields": []}"#,
        )
        .expect("parses");
        match schema.node(schema.root) {
            Node::Record(record) => assert_eq!(record.aliases, ["a.c", "x.y"]),
            other => panic!("not a record: {other:?}"),
        }
    }

    #[test]
    fn recursion_refers_to_the_definition() {
        let schema = parse(
            r#"{"type": "record", "name": "LongList", "fields": [
                {"name": "value", "type": "long"},
                {"name": "next", "type": ["null", "LongList"]}]}"#,
        )
        .expect("parses");
        let Node::Record(record) = schema.node(schema.root) else {
            panic!("not a record");
        };
        let next = record.fields.get(1).expect("next");
        let Node::Union(branches) = schema.node(next.ty) else {
            panic!("not a union");
        };
        assert_eq!(branches.get(1), Some(&schema.root));
    }

    #[test]
    fn invalid_schemas_are_refused() {
        for (text, error) in [
            (r#"["int", ["long"]]"#, "another union"),
            (r#"["int", "int"]"#, "duplicate"),
            (
                r#"{"type": "record", "name": "1x", "fields": []}"#,
                "not a valid Avro name",
            ),
            (
                r#"{"type": "record", "name": "A", "fields": [{"name": "a", "type": "int"}, {"name": "a", "type": "int"}]}"#,
                "two fields",
            ),
            (
                r#"{"type": "enum", "name": "E", "symbols": ["A", "A"]}"#,
                "twice",
            ),
            (r#"{"type": "fixed", "name": "F"}"#, "size"),
            (r#"{"type": "array"}"#, "items"),
            (
                r#"{"type": "record", "name": "int", "fields": []}"#,
                "primitive",
            ),
            (r#"42"#, "not a schema"),
        ] {
            let message = parse(text).expect_err(text);
            assert!(message.contains(error), "{text}: {message}");
        }
    }

    #[test]
    fn invalid_logical_types_are_ignored() {
        for text in [
            r#"{"type": "bytes", "logicalType": "decimal", "precision": 2, "scale": 3}"#,
            r#"{"type": "string", "logicalType": "date"}"#,
            r#"{"type": "fixed", "name": "F", "size": 1, "logicalType": "decimal", "precision": 3}"#,
        ] {
            let schema = parse(text).expect(text);
            let logical = match schema.node(schema.root) {
                Node::Primitive(_, logical) => logical.clone(),
                Node::Fixed(fixed) => fixed.logical.clone(),
                other => panic!("{other:?}"),
            };
            assert_eq!(logical, None, "{text}");
        }
    }
}
