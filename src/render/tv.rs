//! Tera values built directly. `tv!` has the shape of `serde_json::json!` (`{"key": value}`,
//! `[a, b]`, `null`, any expression) but makes `tera::Value`s: keys are static strings, and no
//! `serde_json` map is built, serialised into Tera's value and dropped for every page.
//! Expressions are taken by reference through [`Tv`], as `json!` takes them.

use tera::value::Key;
use tera::{Map, Value};

/// What `tv!` accepts as a value.
pub trait Tv {
    fn tv(&self) -> Value;
}

impl Tv for Value {
    fn tv(&self) -> Value {
        self.clone()
    }
}

impl Tv for str {
    fn tv(&self) -> Value {
        Value::from(self)
    }
}

impl Tv for String {
    fn tv(&self) -> Value {
        Value::from(self.as_str())
    }
}

macro_rules! plain {
    ($($t:ty),*) => {$(
        impl Tv for $t {
            fn tv(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}
plain!(bool, u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, f64);

impl<T: Tv> Tv for Option<T> {
    fn tv(&self) -> Value {
        match self {
            Some(x) => x.tv(),
            None => Value::none(),
        }
    }
}

impl<T: Tv> Tv for [T] {
    fn tv(&self) -> Value {
        Value::from(self.iter().map(Tv::tv).collect::<Vec<Value>>())
    }
}

impl<T: Tv> Tv for Vec<T> {
    fn tv(&self) -> Value {
        self.as_slice().tv()
    }
}

impl<T: Tv + ?Sized> Tv for &T {
    fn tv(&self) -> Value {
        (**self).tv()
    }
}

/// A map from static keys.
pub fn map<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    Value::from(Map::from_iter(
        entries.into_iter().map(|(k, v)| (Key::Str(k), v)),
    ))
}

/// `v` (a map) with `key` set to `x`.
pub fn set(v: &mut Value, key: &'static str, x: Value) {
    let mut m = std::mem::replace(v, Value::none())
        .into_map()
        .unwrap_or_default();
    m.insert(Key::Str(key), x);
    *v = Value::from(m);
}

/// A value of the map `v`, if it is one and has `key`.
pub fn get<'a>(v: &'a Value, key: &'static str) -> Option<&'a Value> {
    v.as_map()?.get(&Key::Str(key))
}

macro_rules! tv {
    (null) => { ::tera::Value::none() };
    ({}) => { $crate::render::tv::map([]) };
    ({ $($tt:tt)+ }) => { $crate::render::tv::tv!(@obj [] ($($tt)+)) };
    ([]) => { ::tera::Value::from(Vec::<::tera::Value>::new()) };
    ([ $($tt:tt)+ ]) => { $crate::render::tv::tv!(@arr [] ($($tt)+)) };

    (@obj [$($done:tt)*] ()) => { $crate::render::tv::map([$($done)*]) };
    (@obj [$($done:tt)*] ($key:literal : null $(, $($rest:tt)*)?)) => {
        $crate::render::tv::tv!(@obj [$($done)* ($key, ::tera::Value::none()),] ($($($rest)*)?))
    };
    (@obj [$($done:tt)*] ($key:literal : {$($inner:tt)*} $(, $($rest:tt)*)?)) => {
        $crate::render::tv::tv!(@obj [$($done)* ($key, $crate::render::tv::tv!({$($inner)*})),] ($($($rest)*)?))
    };
    (@obj [$($done:tt)*] ($key:literal : [$($inner:tt)*] $(, $($rest:tt)*)?)) => {
        $crate::render::tv::tv!(@obj [$($done)* ($key, $crate::render::tv::tv!([$($inner)*])),] ($($($rest)*)?))
    };
    (@obj [$($done:tt)*] ($key:literal : $val:expr $(, $($rest:tt)*)?)) => {
        $crate::render::tv::tv!(@obj [$($done)* ($key, $crate::render::tv::Tv::tv(&$val)),] ($($($rest)*)?))
    };

    (@arr [$($done:tt)*] ()) => { ::tera::Value::from(vec![$($done)*]) };
    (@arr [$($done:tt)*] (null $(, $($rest:tt)*)?)) => {
        $crate::render::tv::tv!(@arr [$($done)* ::tera::Value::none(),] ($($($rest)*)?))
    };
    (@arr [$($done:tt)*] ({$($inner:tt)*} $(, $($rest:tt)*)?)) => {
        $crate::render::tv::tv!(@arr [$($done)* $crate::render::tv::tv!({$($inner)*}),] ($($($rest)*)?))
    };
    (@arr [$($done:tt)*] ([$($inner:tt)*] $(, $($rest:tt)*)?)) => {
        $crate::render::tv::tv!(@arr [$($done)* $crate::render::tv::tv!([$($inner)*]),] ($($($rest)*)?))
    };
    (@arr [$($done:tt)*] ($val:expr $(, $($rest:tt)*)?)) => {
        $crate::render::tv::tv!(@arr [$($done)* $crate::render::tv::Tv::tv(&$val),] ($($($rest)*)?))
    };

    ($e:expr) => { $crate::render::tv::Tv::tv(&$e) };
}
pub(crate) use tv;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tv_makes_the_value_json_would() {
        let name = String::from("Xã A");
        let none: Option<String> = None;
        // The same input through both macros.
        macro_rules! both {
            ($($t:tt)+) => {
                (tv!($($t)+), Value::from_serializable(&serde_json::json!($($t)+)))
            };
        }
        let (v, j) = both!({
            "name": name,
            "count": 3usize,
            "year": 2024,
            "rate": 1.5,
            "gap": null,
            "missing": none,
            "list": [1, "b", {"x": true}],
            "nested": {"url": format!("/{}/", "a")},
        });
        assert_eq!(v, j);
        let mut v = v;
        set(&mut v, "count", tv!(4));
        assert_eq!(get(&v, "count"), Some(&Value::from(4)));
        assert_eq!(get(&v, "name").and_then(Value::as_str), Some("Xã A"));
    }
}
