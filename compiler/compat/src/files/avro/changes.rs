//! What a failed Avro resolution means, as findings: names that do not
//! match (renamed, replaced, or only the namespace changed), enum symbols the
//! reader lacks, fixed sizes, logical types Avro ignores, values that became
//! optional or required, and types with no promotion between them. Each
//! finding names the change from the old file to the new one and says which
//! side fails to read which, so BACKWARD and FORWARD get the code of the
//! change they see.

use super::parse::{Enum, Fixed, Logical, Node, Primitive, TypeId};
use super::resolve::{aliases, describe, Resolver};
use crate::files::{Finding, FindingBuilder, Location};
use weft_base::codes;

/// The kind of an Avro type, for promotions and messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Primitive(Primitive),
    Record,
    Enum,
    Fixed,
    Array,
    Map,
    Union,
}

fn kind(node: &Node) -> Kind {
    match node {
        Node::Primitive(primitive, _) => Kind::Primitive(*primitive),
        Node::Record(_) => Kind::Record,
        Node::Enum(_) => Kind::Enum,
        Node::Fixed(_) => Kind::Fixed,
        Node::Array(_) => Kind::Array,
        Node::Map(_) => Kind::Map,
        Node::Union(_) => Kind::Union,
    }
}

/// The rank of a numeric primitive in the promotion order.
fn numeric_rank(primitive: Primitive) -> Option<u8> {
    match primitive {
        Primitive::Int => Some(0),
        Primitive::Long => Some(1),
        Primitive::Float => Some(2),
        Primitive::Double => Some(3),
        _ => None,
    }
}

impl Resolver<'_> {
    /// Name checks of two named types of the same kind.
    pub(super) fn names(
        &self,
        reader: TypeId,
        writer: TypeId,
        location: &Location,
    ) -> Vec<Finding> {
        let (Some(reader_name), Some(writer_name)) =
            (self.reader.name_of(reader), self.writer.name_of(writer))
        else {
            return Vec::new();
        };
        let (old_name, new_name) = self.old_new(reader_name, writer_name);
        let at = location.token("name");
        if self.names_match(reader, writer) {
            if reader_name.simple == writer_name.simple && reader_name.full() != writer_name.full()
            {
                return vec![FindingBuilder::new(
                    codes::NAMESPACE_CHANGED,
                    "namespace_changed",
                    &at,
                )
                .sides(old_name.full(), new_name.full())
                .message(format!(
                    "the namespace of {} changed from `{}` to `{}`: Avro matches names \
                     unqualified, so data still resolves, but generated code and union branches \
                     chosen by full name change.",
                    new_name.simple, old_name.namespace, new_name.namespace
                ))
                .help("keep the namespace, or add the old full name to `aliases`")
                .build()];
            }
            return Vec::new();
        }
        let writer_aliases = aliases(self.writer.node(writer));
        let (code, change, message, help) =
            if !self.direction.writer_is_old() && writer_aliases.contains(&reader_name.full()) {
                (
                    codes::TYPE_RENAMED_WITH_ALIAS,
                    "type_renamed_with_alias",
                    format!(
                        "consumers on {} do not know the type name {}: the alias `{}` on it only \
                     helps consumers on {}.",
                        self.sides.old,
                        new_name.full(),
                        old_name.full(),
                        self.sides.new
                    ),
                    "upgrade consumers first (BACKWARD), or keep the old name".to_string(),
                )
            } else if self.new.names.contains_key(&old_name.full())
                || self.old.names.contains_key(&new_name.full())
            {
                (
                    codes::RECORD_REPLACED,
                    "named_type_replaced",
                    format!(
                        "{} now refers to {} instead of {}: Avro matches named types by name, and \
                     neither name nor aliases match.",
                        location.path,
                        new_name.full(),
                        old_name.full()
                    ),
                    format!(
                        "keep {} at {}, or add a new field for {}",
                        old_name.full(),
                        location.path,
                        new_name.full()
                    ),
                )
            } else {
                (
                    codes::TYPE_RENAMED,
                    "type_renamed",
                    format!(
                        "type {} renamed to {}: Avro matches named types by unqualified name or \
                     reader alias, so consumers on {} cannot read data from producers on {}.",
                        old_name.full(),
                        new_name.full(),
                        self.reader_file(),
                        self.writer_file()
                    ),
                    format!(
                    "add `\"aliases\": [\"{}\"]` to {} (that fixes BACKWARD; FORWARD needs the \
                     old name)",
                    old_name.full(),
                    new_name.full()
                ),
                )
            };
        vec![FindingBuilder::new(code, change, &at)
            .sides(old_name.full(), new_name.full())
            .message(message)
            .help(help)
            .build()]
    }

    /// Enum symbols: every writer symbol must be a reader symbol, unless the
    /// reader has a default symbol.
    pub(super) fn symbols(
        &self,
        reader: &Enum,
        writer: &Enum,
        location: &Location,
    ) -> Vec<Finding> {
        let missing: Vec<&str> = writer
            .symbols
            .iter()
            .filter(|symbol| !reader.symbols.contains(symbol))
            .map(String::as_str)
            .collect();
        if missing.is_empty() {
            return Vec::new();
        }
        let at = location.token("symbols");
        let list = missing.join(", ");
        let (old, new) = self.old_new(reader.symbols.join(", "), writer.symbols.join(", "));
        let type_name = &reader.name.simple;
        let builder = match (&reader.default, self.direction.reader_is_new) {
            (Some(fallback), true) => FindingBuilder::new(
                codes::ENUM_SYMBOL_REMOVED_WITH_FALLBACK,
                "enum_symbol_removed",
                &at,
            )
            .message(format!(
                "{list} from data of producers on {} will read as {fallback} on {} (the enum \
                 default).",
                self.sides.old, self.sides.new
            ))
            .help("keep the symbols if consumers must tell them apart"),
            (Some(fallback), false) => FindingBuilder::new(
                codes::ENUM_SYMBOL_ADDED_WITH_FALLBACK,
                "enum_symbol_added",
                &at,
            )
            .message(format!(
                "consumers on {} will see {list} as {fallback} (the enum default of {type_name}).",
                self.sides.old
            ))
            .help("upgrade consumers first if they must tell the new symbols apart"),
            (None, true) => {
                FindingBuilder::new(codes::ENUM_SYMBOL_REMOVED, "enum_symbol_removed", &at)
                    .message(format!(
                    "enum {type_name} lost {list}: data from producers on {} may contain it, and \
                     the enum on {} has no default symbol to read it as.",
                    self.sides.old, self.sides.new
                ))
                    .help("keep the symbols, or give the enum a `default` symbol")
            }
            (None, false) => {
                FindingBuilder::new(codes::ENUM_SYMBOL_ADDED, "enum_symbol_added", &at)
                    .message(format!(
                    "enum {type_name} gained {list}: consumers on {} cannot decode it (their enum \
                     has no default symbol).",
                    self.sides.old
                ))
                    .help(
                        "release a version whose enum has a `default` symbol first, or upgrade \
                     consumers first (BACKWARD)",
                    )
            }
        };
        vec![builder.sides(old, new).build()]
    }

    /// Fixed sizes must be equal.
    pub(super) fn size(&self, reader: &Fixed, writer: &Fixed, location: &Location) -> Vec<Finding> {
        if reader.size == writer.size {
            return Vec::new();
        }
        let (old, new) = self.old_new(reader.size, writer.size);
        vec![FindingBuilder::new(
            codes::AVRO_FIXED_SIZE_CHANGED,
            "fixed_size_changed",
            &location.token("size"),
        )
        .sides(old.to_string(), new.to_string())
        .message(format!(
            "fixed {} changed size {old}→{new} bytes: Avro resolves fixed types only with equal \
             sizes.",
            reader.name.simple
        ))
        .help("keep the size, or add a new fixed type and a new field")
        .build()]
    }

    /// Logical types: ignored for the verdict, as Java does, but reported.
    pub(super) fn logical(
        &self,
        reader: Option<&Logical>,
        writer: Option<&Logical>,
        reader_id: TypeId,
        writer_id: TypeId,
        location: &Location,
    ) -> Vec<Finding> {
        if reader == writer {
            return Vec::new();
        }
        let (old_type, new_type) = self.old_new_types(reader_id, writer_id);
        if let (
            Some(Logical::Decimal {
                precision: reader_precision,
                scale: reader_scale,
            }),
            Some(Logical::Decimal {
                precision: writer_precision,
                scale: writer_scale,
            }),
        ) = (reader, writer)
        {
            let ((old_precision, old_scale), (new_precision, new_scale)) = self.old_new(
                (*reader_precision, *reader_scale),
                (*writer_precision, *writer_scale),
            );
            if !self.options.avro_decimal_rule {
                return vec![FindingBuilder::new(
                    codes::AVRO_DECIMAL_CHANGED,
                    "decimal_changed",
                    location,
                )
                .sides(old_type, new_type)
                .message(format!(
                    "{} changed decimal({old_precision},{old_scale})→decimal({new_precision},\
                     {new_scale}): Avro's Java checker (what Confluent runs) accepts this, but \
                     the Avro specification only matches decimals with equal precision and scale, \
                     and encoded unscaled values are read with the reader's scale.",
                    location.path
                ))
                .help("keep precision and scale, or add a new field; enable the spec decimal rule to make this an error")
                .build()];
            }
            let (code, change, what) = if old_scale != new_scale {
                (
                    codes::DECIMAL_SCALE_CHANGED,
                    "decimal_scale_changed",
                    "encoded unscaled values would be misread by a power of ten",
                )
            } else if new_precision > old_precision {
                (
                    codes::DECIMAL_PRECISION_INCREASED,
                    "decimal_precision_increased",
                    "consumers on the old version cannot represent the new range",
                )
            } else {
                (
                    codes::DECIMAL_PRECISION_REDUCED,
                    "decimal_precision_decreased",
                    "values from the old version may not fit",
                )
            };
            return vec![FindingBuilder::new(code, change, location)
                .sides(old_type, new_type)
                .message(format!(
                    "{} changed decimal({old_precision},{old_scale})→decimal({new_precision},\
                     {new_scale}): the Avro specification only matches decimals with equal \
                     precision and scale ({what}).",
                    location.path
                ))
                .help("keep precision and scale, or add a new field")
                .build()];
        }
        let (old_logical, new_logical) = self.old_new(reader, writer);
        let show = |logical: Option<&Logical>| {
            logical.map_or_else(|| "no logical type".to_string(), Logical::describe)
        };
        vec![FindingBuilder::new(
            codes::AVRO_LOGICAL_TYPE_CHANGED,
            "logical_type_changed",
            location,
        )
        .sides(old_type, new_type)
        .message(format!(
            "the logical type of {} changed from {} to {}: Avro ignores logical types when it \
             resolves schemas, so this passes, but consumers will interpret the same encoded \
             values differently.",
            location.path,
            show(old_logical),
            show(new_logical)
        ))
        .help("add a new field with the new logical type and deprecate the old one")
        .build()]
    }

    /// A writer `null` that a reader cannot hold: the value became optional
    /// (FORWARD) or required (BACKWARD).
    pub(super) fn optionality(
        &self,
        reader: TypeId,
        writer: TypeId,
        location: &Location,
    ) -> Finding {
        let (old, new) = self.old_new_types(reader, writer);
        let element = location.is_element();
        if self.direction.writer_is_old() {
            let code = if element {
                codes::ELEMENT_BECAME_REQUIRED
            } else {
                codes::FIELD_BECAME_REQUIRED
            };
            FindingBuilder::new(code, "became_required", location)
                .sides(old, new)
                .message(format!(
                    "{} became required: data from producers on {} may contain null, which \
                     consumers on {} cannot read.",
                    location.path, self.sides.old, self.sides.new
                ))
                .help("keep `null` in the union, or upgrade producers first (FORWARD)")
                .build()
        } else {
            let code = if element {
                codes::ELEMENT_BECAME_OPTIONAL
            } else {
                codes::FIELD_BECAME_OPTIONAL
            };
            FindingBuilder::new(code, "became_optional", location)
                .sides(old, new)
                .message(format!(
                    "{} became optional: consumers on {} require a value, but producers on {} \
                     may send null.",
                    location.path, self.sides.old, self.sides.new
                ))
                .help("upgrade consumers first (BACKWARD), or keep the value required")
                .build()
        }
    }

    /// Two types Avro cannot resolve into each other.
    pub(super) fn mismatch(&self, reader: TypeId, writer: TypeId, location: &Location) -> Finding {
        let reader_kind = kind(self.reader.node(reader));
        let writer_kind = kind(self.writer.node(writer));
        if writer_kind == Kind::Primitive(Primitive::Null) && reader_kind != writer_kind {
            return self.optionality(reader, writer, location);
        }
        let (old, new) = self.old_new_types(reader, writer);
        let (old_kind, new_kind) = self.old_new(reader_kind, writer_kind);
        let path = &location.path;
        if let (Kind::Primitive(old_primitive), Kind::Primitive(new_primitive)) =
            (old_kind, new_kind)
        {
            if let (Some(old_rank), Some(new_rank)) =
                (numeric_rank(old_primitive), numeric_rank(new_primitive))
            {
                let (code, change, message) = if new_rank > old_rank {
                    let code = if new_rank == 1 {
                        codes::INT_WIDENED
                    } else {
                        codes::WIDENED_TO_FLOAT
                    };
                    (
                        code,
                        "type_widened",
                        format!(
                            "{path} widened {old}→{new}: consumers on {} cannot read {new} values \
                             (Avro promotes int→long→float→double, never back).",
                            self.sides.old
                        ),
                    )
                } else if old_rank >= 2 && new_rank <= 1 {
                    (
                        codes::FLOAT_NARROWED,
                        "type_narrowed",
                        format!(
                            "{path} narrowed {old}→{new}: floating-point data from producers on \
                             {} cannot be read as an integer.",
                            self.sides.old
                        ),
                    )
                } else {
                    (
                        codes::INT_NARROWED,
                        "type_narrowed",
                        format!(
                            "{path} narrowed {old}→{new}: data from producers on {} may not fit, \
                             and Avro never narrows.",
                            self.sides.old
                        ),
                    )
                };
                let help = format!("add a new field of type {new} and deprecate {path}");
                return FindingBuilder::new(code, change, location)
                    .sides(old, new)
                    .message(message)
                    .help(help)
                    .build();
            }
        }
        let shaped = |kind: Kind| matches!(kind, Kind::Array | Kind::Map);
        let (code, change) = if shaped(reader_kind) || shaped(writer_kind) {
            (codes::SHAPE_CHANGED, "shape_changed")
        } else {
            (codes::TYPE_CHANGED, "type_changed")
        };
        FindingBuilder::new(code, change, location)
            .sides(old.clone(), new.clone())
            .message(format!(
                "{path} changed type {old}→{new}: Avro cannot resolve {} written by producers on \
                 {} as {} for consumers on {}.",
                describe(self.writer, writer),
                self.writer_file(),
                describe(self.reader, reader),
                self.reader_file()
            ))
            .help(format!("add a new field and deprecate {path}"))
            .build()
    }
}
