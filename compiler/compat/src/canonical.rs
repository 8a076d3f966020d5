//! Canonical JSON: compact, every object's keys sorted (byte order), as
//! `serde_json::to_value` followed by `to_string` writes it — the text lock
//! fingerprints hash — but written directly, without building a
//! `serde_json::Value` tree.
//!
//! Inside [`with_shared_records`], the text of each shared record
//! expansion (one [`Arc`] of [`crate::schema::Expander`]) is written once
//! and reused wherever the record occurs again: fingerprinting every event
//! version and API of a model costs the size of the model, not of every
//! contract expanded (issue 9: fingerprints were 40% of `weft compat`).

use crate::schema::RecordSchema;
use serde::ser::{self, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt::Display;
use std::rc::Rc;
use std::sync::Arc;

/// The canonical JSON text of `value`.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    ACTIVE.with(|active| active.set(active.get() + 1));
    let result = value.serialize(&mut Canonical {
        out: &mut out,
        raw: false,
    });
    ACTIVE.with(|active| active.set(active.get() - 1));
    match result {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => "null".to_string(),
    }
}

/// Runs `work` with a cache of the canonical texts of shared records: a
/// record expansion reached again (the same [`Arc`]) is written from the
/// cache.
pub fn with_shared_records<R>(work: impl FnOnce() -> R) -> R {
    let outermost = SHARED.with(|shared| {
        let mut shared = shared.borrow_mut();
        let outermost = shared.is_none();
        if outermost {
            *shared = Some(HashMap::new());
        }
        outermost
    });
    let result = work();
    if outermost {
        SHARED.with(|shared| *shared.borrow_mut() = None);
    }
    result
}

type Shared = HashMap<usize, (Arc<RecordSchema>, Rc<str>)>;

thread_local! {
    /// Canonical serialisations running on this thread.
    static ACTIVE: Cell<usize> = const { Cell::new(0) };
    /// The cache of [`with_shared_records`], when inside it.
    static SHARED: RefCell<Option<Shared>> = const { RefCell::new(None) };
    /// The record being written for the cache (not to be taken from it).
    static FILLING: Cell<usize> = const { Cell::new(0) };
}

/// The marker of a newtype holding text to write as it is.
const RAW: &str = "$weft::canonical::raw";

/// The cached canonical text of `schema` (a record schema holding
/// `record`), when a canonical serialisation inside
/// [`with_shared_records`] asks; computed on first use.
pub(crate) fn shared_text(record: &Arc<RecordSchema>, schema: &crate::Schema) -> Option<Rc<str>> {
    if ACTIVE.with(Cell::get) == 0 || SHARED.with(|shared| shared.borrow().is_none()) {
        return None;
    }
    let key = Arc::as_ptr(record) as usize;
    if FILLING.with(Cell::get) == key {
        return None;
    }
    if let Some(text) = SHARED.with(|shared| {
        shared
            .borrow()
            .as_ref()
            .and_then(|cache| cache.get(&key).map(|(_, text)| text.clone()))
    }) {
        return Some(text);
    }
    let outer = FILLING.with(|filling| filling.replace(key));
    let text: Rc<str> = Rc::from(to_string(schema));
    FILLING.with(|filling| filling.set(outer));
    SHARED.with(|shared| {
        if let Some(cache) = shared.borrow_mut().as_mut() {
            cache.insert(key, (record.clone(), text.clone()));
        }
    });
    Some(text)
}

/// Writes cached canonical text as it is (only a [`Canonical`] serializer
/// is ever handed one).
pub(crate) struct Raw(pub(crate) Rc<str>);

impl Serialize for Raw {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Text<'a>(&'a str);
        impl Serialize for Text<'_> {
            fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.0)
            }
        }
        serializer.serialize_newtype_struct(RAW, &Text(&self.0))
    }
}

/// Why a value has no canonical JSON (a map key that is not text).
#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Error {
        Error(message.to_string())
    }
}

struct Canonical<'o> {
    out: &'o mut Vec<u8>,
    /// The next string is cached text, written as it is.
    raw: bool,
}

impl Canonical<'_> {
    fn text<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        value.serialize(&mut Canonical {
            out: &mut out,
            raw: false,
        })?;
        Ok(out)
    }

    fn string(&mut self, text: &str) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, text).map_err(|error| Error(error.to_string()))
    }

    fn display(&mut self, value: impl Display) -> Result<(), Error> {
        use std::io::Write;
        write!(self.out, "{value}").map_err(|error| Error(error.to_string()))
    }
}

/// Entries of an object, written sorted by key when it ends.
struct Object<'c, 'o> {
    canonical: &'c mut Canonical<'o>,
    entries: Vec<(String, Vec<u8>)>,
    key: Option<String>,
    /// For `{variant: {...}}`: the variant's name around the object.
    variant: Option<&'static str>,
}

impl Object<'_, '_> {
    fn finish(mut self) -> Result<(), Error> {
        self.entries.sort_by(|a, b| a.0.cmp(&b.0));
        let out = &mut *self.canonical.out;
        if let Some(variant) = self.variant {
            out.push(b'{');
            serde_json::to_writer(&mut *out, variant).map_err(|error| Error(error.to_string()))?;
            out.push(b':');
        }
        out.push(b'{');
        for (index, (key, value)) in self.entries.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut *out, key).map_err(|error| Error(error.to_string()))?;
            out.push(b':');
            out.extend_from_slice(value);
        }
        out.push(b'}');
        if self.variant.is_some() {
            out.push(b'}');
        }
        Ok(())
    }
}

/// Elements of an array, written as they come.
struct Array<'c, 'o> {
    canonical: &'c mut Canonical<'o>,
    first: bool,
    variant: Option<&'static str>,
}

impl Array<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if !self.first {
            self.canonical.out.push(b',');
        }
        self.first = false;
        value.serialize(&mut Canonical {
            out: self.canonical.out,
            raw: false,
        })
    }

    fn finish(self) -> Result<(), Error> {
        self.canonical.out.push(b']');
        if self.variant.is_some() {
            self.canonical.out.push(b'}');
        }
        Ok(())
    }
}

impl<'c, 'o> ser::Serializer for &'c mut Canonical<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Array<'c, 'o>;
    type SerializeTuple = Array<'c, 'o>;
    type SerializeTupleStruct = Array<'c, 'o>;
    type SerializeTupleVariant = Array<'c, 'o>;
    type SerializeMap = Object<'c, 'o>;
    type SerializeStruct = Object<'c, 'o>;
    type SerializeStructVariant = Object<'c, 'o>;

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, value: i8) -> Result<(), Error> {
        self.display(value)
    }
    fn serialize_i16(self, value: i16) -> Result<(), Error> {
        self.display(value)
    }
    fn serialize_i32(self, value: i32) -> Result<(), Error> {
        self.display(value)
    }
    fn serialize_i64(self, value: i64) -> Result<(), Error> {
        self.display(value)
    }
    fn serialize_u8(self, value: u8) -> Result<(), Error> {
        self.display(value)
    }
    fn serialize_u16(self, value: u16) -> Result<(), Error> {
        self.display(value)
    }
    fn serialize_u32(self, value: u32) -> Result<(), Error> {
        self.display(value)
    }
    fn serialize_u64(self, value: u64) -> Result<(), Error> {
        self.display(value)
    }
    fn serialize_f32(self, value: f32) -> Result<(), Error> {
        // As `to_value` does: the value widened to a JSON number (null if
        // not finite).
        self.serialize_f64(f64::from(value))
    }
    fn serialize_f64(self, value: f64) -> Result<(), Error> {
        let text = serde_json::to_string(&serde_json::Value::from(value))
            .map_err(|error| Error(error.to_string()))?;
        self.out.extend_from_slice(text.as_bytes());
        Ok(())
    }
    fn serialize_char(self, value: char) -> Result<(), Error> {
        self.string(&value.to_string())
    }
    fn serialize_str(self, value: &str) -> Result<(), Error> {
        if self.raw {
            self.raw = false;
            self.out.extend_from_slice(value.as_bytes());
            return Ok(());
        }
        self.string(value)
    }
    fn serialize_bytes(self, value: &[u8]) -> Result<(), Error> {
        let mut array = ser::Serializer::serialize_seq(self, Some(value.len()))?;
        for byte in value {
            array.element(byte)?;
        }
        array.finish()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        if name == RAW {
            self.raw = true;
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push(b'{');
        self.string(variant)?;
        self.out.push(b':');
        value.serialize(&mut Canonical {
            out: self.out,
            raw: false,
        })?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Array<'c, 'o>, Error> {
        self.out.push(b'[');
        Ok(Array {
            canonical: self,
            first: true,
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Array<'c, 'o>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Array<'c, 'o>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Array<'c, 'o>, Error> {
        self.out.push(b'{');
        self.string(variant)?;
        self.out.extend_from_slice(b":[");
        Ok(Array {
            canonical: self,
            first: true,
            variant: Some(variant),
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Object<'c, 'o>, Error> {
        Ok(Object {
            canonical: self,
            entries: Vec::new(),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Object<'c, 'o>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Object<'c, 'o>, Error> {
        Ok(Object {
            canonical: self,
            entries: Vec::new(),
            key: None,
            variant: Some(variant),
        })
    }
}

impl ser::SerializeSeq for Array<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTuple for Array<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Array<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Array<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// A map key: JSON object keys are strings (numbers become their text, as
/// `to_value` does).
fn key_text<T: Serialize + ?Sized>(key: &T) -> Result<String, Error> {
    match serde_json::to_value(key).map_err(|error| Error(error.to_string()))? {
        serde_json::Value::String(text) => Ok(text),
        serde_json::Value::Number(number) => Ok(number.to_string()),
        serde_json::Value::Bool(flag) => Ok(flag.to_string()),
        _ => Err(Error("key must be a string".to_string())),
    }
}

impl ser::SerializeMap for Object<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key_text(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("value without a key".to_string()))?;
        let text = Canonical::text(value)?;
        self.entries.push((key, text));
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for Object<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let text = Canonical::text(value)?;
        self.entries.push((key.to_string(), text));
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Object<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let text = Canonical::text(value)?;
        self.entries.push((key.to_string(), text));
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}
