//! Which weft types a crate uses, their Rust names, and the Rust type of
//! every weft type expression.

use super::names::{pascal_case, pascal_ident, Unique, RESERVED_TYPES};
use std::collections::{BTreeMap, BTreeSet};
use weft_model::{Model, Type, TypeId, TypeKind};

/// The declared types one crate uses, each with its Rust name: the short
/// name in upper camel case, qualified with the package when two types
/// share it, renamed `<Name>Model` when it is reserved.
#[derive(Debug, Default)]
pub struct TypeNames {
    names: BTreeMap<TypeId, String>,
}

impl TypeNames {
    /// Every type reachable from `roots`, named.
    pub fn collect<'t>(model: &Model, roots: impl IntoIterator<Item = &'t Type>) -> TypeNames {
        let used = model.reachable_types(roots);
        let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
        for id in &used {
            *by_name
                .entry(pascal_case(&model.type_def(*id).name.name))
                .or_default() += 1;
        }
        let mut scope = Unique::with(&RESERVED_TYPES);
        let mut names = BTreeMap::new();
        for id in used {
            let name = &model.type_def(id).name;
            let short = pascal_case(&name.name);
            let wanted = if by_name.get(&short).copied().unwrap_or(0) > 1 {
                pascal_case(&format!("{}_{}", name.package.replace('.', "_"), name.name))
            } else {
                pascal_ident(&name.name, "Model")
            };
            names.insert(id, scope.claim(wanted));
        }
        TypeNames { names }
    }

    /// The types, in id order.
    pub fn ids(&self) -> impl Iterator<Item = TypeId> + '_ {
        self.names.keys().copied()
    }

    /// The Rust name of a collected type.
    pub fn name(&self, id: TypeId) -> String {
        self.names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "serde_json::Value".to_string())
    }

    /// The Rust type of a weft type.
    pub fn rust(&self, model: &Model, ty: &Type) -> String {
        match ty {
            Type::Bool => "bool".into(),
            Type::Int32 => "i32".into(),
            Type::Int64 => "i64".into(),
            Type::Float64 => "f64".into(),
            Type::Decimal { .. } => "rust_decimal::Decimal".into(),
            Type::String => "String".into(),
            Type::Bytes => "Base64Bytes".into(),
            Type::Date => "chrono::NaiveDate".into(),
            Type::Timestamp(_) => "chrono::DateTime<chrono::Utc>".into(),
            // ISO 8601 text (`PT15M`), as the schemas say.
            Type::Duration => "String".into(),
            Type::Uuid => "uuid::Uuid".into(),
            Type::List(item) => format!("Vec<{}>", self.rust(model, item)),
            Type::Map(map) => format!(
                "std::collections::BTreeMap<{}, {}>",
                self.map_key(model, &map.0),
                self.rust(model, &map.1)
            ),
            Type::Named(id) => self.name(*id),
            Type::Optional(inner) => format!("Option<{}>", self.rust(model, inner)),
            Type::Unknown => "serde_json::Value".into(),
        }
    }

    /// A map key: its own type when it is ordered and written as a JSON
    /// string, else `String`.
    fn map_key(&self, model: &Model, key: &Type) -> String {
        match model.underlying(key) {
            Type::String | Type::Uuid | Type::Date => self.rust(model, key),
            Type::Named(id) if matches!(model.type_def(*id).kind, TypeKind::Enum { .. }) => {
                self.rust(model, key)
            }
            _ => "String".into(),
        }
    }
}

/// Whether a value of `ty` can contain a `target` record directly (through
/// optional values, aliases and records, not through a list or a map, which
/// are already indirect): such a field must be boxed.
pub fn contains_directly(model: &Model, ty: &Type, target: TypeId) -> bool {
    // Most fields are primitives or enums: answered without the walk.
    let mut outer = ty;
    while let Type::Optional(inner) = outer {
        outer = inner;
    }
    match outer {
        Type::Named(id) if *id == target => return true,
        Type::Named(id) if matches!(model.type_def(*id).kind, TypeKind::Enum { .. }) => {
            return false
        }
        Type::Named(_) => {}
        _ => return false,
    }
    let mut seen = BTreeSet::new();
    let mut pending = vec![ty];
    while let Some(ty) = pending.pop() {
        match ty {
            Type::Optional(inner) => pending.push(inner),
            Type::Named(id) => {
                if *id == target {
                    return true;
                }
                if seen.insert(*id) {
                    match &model.type_def(*id).kind {
                        TypeKind::Alias { target, .. } => pending.push(target),
                        TypeKind::Record(record) => {
                            pending.extend(record.fields.iter().map(|field| &field.ty))
                        }
                        TypeKind::Enum { .. } => {}
                    }
                }
            }
            _ => {}
        }
    }
    false
}
