//! Parsing of schema type names (`string`, `long[]`, `map[string]x.Y`,
//! `complexType.UnitAndValue<long>`, `coreTypes.AccountId:string`) into [`TypeRef`].

/// A primitive of the console format, with the Rust type it maps to.
///
/// Every string-like primitive maps to a type holding the text as it came: the generated SDK
/// must never reject a value the real API sends. Dates and dates and times are typed values
/// that keep that text (`crate::DateTime`, `crate::Date`: read as instants and dates where
/// they can be, kept as text where not); every other one (IPs, phone numbers, `time`,
/// `duration`...) is a `String`, parsing them the caller's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Prim {
    /// `string`, `text`, times, durations, UUIDs, IPs, phone numbers, MACs.
    String,
    /// `password` (console) or `format: password` (OpenAPI): a `String` that `Debug` output
    /// never shows.
    Password,
    /// `datetime` (console) or `format: date-time` (OpenAPI) → `crate::DateTime`.
    DateTime,
    /// `date` (console) or `format: date` (OpenAPI) → `crate::Date`.
    Date,
    /// `long` → `i64`.
    Long,
    /// `double` → `f64`.
    Double,
    /// `boolean` → `bool`.
    Bool,
}

/// The string-like primitive names of the console format.
pub const STRING_PRIMITIVES: &[&str] = &[
    "string",
    "text",
    "password",
    "datetime",
    "date",
    "time",
    "duration",
    "uuid",
    "ip",
    "ipv4",
    "ipv6",
    "ipBlock",
    "ipv4Block",
    "ipv6Block",
    "ipInterface",
    "macAddress",
    "phoneNumber",
    "internationalPhoneNumber",
];

/// Maps a primitive type name, if it is one.
pub fn primitive(name: &str) -> Option<Prim> {
    match name {
        "long" => Some(Prim::Long),
        "double" => Some(Prim::Double),
        "boolean" => Some(Prim::Bool),
        "password" => Some(Prim::Password),
        "datetime" => Some(Prim::DateTime),
        "date" => Some(Prim::Date),
        n if STRING_PRIMITIVES.contains(&n) => Some(Prim::String),
        _ => None,
    }
}

impl Prim {
    /// Whether values are JSON strings: `string` and the like, `password`, and the dates
    /// (text-keeping types in Rust).
    pub fn is_string(self) -> bool {
        matches!(
            self,
            Prim::String | Prim::Password | Prim::DateTime | Prim::Date
        )
    }
}

/// What the schema's type name says about a string's text beyond "a string": the console's
/// string-like primitive (`datetime`, `ipv4`...) or OpenAPI's `format` (`date-time`, `ipv4`...).
/// This feeds the docs; the Rust type is the [`Prim`]'s (typed for dates, `String` otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StrFormat {
    /// `datetime` / `date-time`.
    DateTime,
    /// `date`.
    Date,
    /// `time`.
    Time,
    /// `duration`.
    Duration,
    /// `uuid`.
    Uuid,
    /// `ip` / `ipv4` / `ipv6`: an address (`None`: either version).
    Ip(Option<u8>),
    /// `ipBlock` / `ipv4Block` / `ipv6Block` (`ip-block`...): a block of addresses.
    IpBlock(Option<u8>),
    /// `ipInterface`.
    IpInterface,
    /// `macAddress` / `mac-address`.
    MacAddress,
    /// `phoneNumber` / `phone-number`.
    PhoneNumber,
    /// `internationalPhoneNumber`.
    InternationalPhoneNumber,
    /// OpenAPI `email`.
    Email,
    /// `password`.
    Password,
}

impl StrFormat {
    /// The format a console primitive name or an OpenAPI `format` names (both spellings are
    /// accepted in both formats: they do not overlap).
    pub fn named(name: &str) -> Option<StrFormat> {
        Some(match name {
            "datetime" | "date-time" => StrFormat::DateTime,
            "date" => StrFormat::Date,
            "time" => StrFormat::Time,
            "duration" => StrFormat::Duration,
            "uuid" => StrFormat::Uuid,
            "ip" => StrFormat::Ip(None),
            "ipv4" => StrFormat::Ip(Some(4)),
            "ipv6" => StrFormat::Ip(Some(6)),
            "ipBlock" | "ip-block" => StrFormat::IpBlock(None),
            "ipv4Block" | "ipv4-block" => StrFormat::IpBlock(Some(4)),
            "ipv6Block" | "ipv6-block" => StrFormat::IpBlock(Some(6)),
            "ipInterface" | "ip-interface" => StrFormat::IpInterface,
            "macAddress" | "mac-address" => StrFormat::MacAddress,
            "phoneNumber" | "phone-number" => StrFormat::PhoneNumber,
            "internationalPhoneNumber" | "international-phone-number" => {
                StrFormat::InternationalPhoneNumber
            }
            "email" => StrFormat::Email,
            "password" => StrFormat::Password,
            _ => return None,
        })
    }

    /// The format of a console type name: of the primitive it is, of a list's items, of an
    /// alias's base (`coreTypes.Ip:ipv4`); `None` for models, maps and plain strings.
    pub fn of_type_name(text: &str) -> Option<StrFormat> {
        let t = text.trim();
        if let Some((_, base)) = t.split_once(':') {
            return StrFormat::of_type_name(base);
        }
        if let Some(inner) = t.strip_suffix("[]").or_else(|| t.strip_prefix("[]")) {
            return StrFormat::of_type_name(inner);
        }
        StrFormat::named(t)
    }
}

/// A parsed type reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `void`: no value (`()`).
    Void,
    /// A primitive.
    Prim(Prim),
    /// `T[]` or `[]T`.
    Array(Box<TypeRef>),
    /// `map[K]V`. Keys are JSON object keys, hence always strings on the wire.
    Map(Box<TypeRef>),
    /// A model, possibly with generic arguments (`complexType.UnitAndValue<long>`).
    Model {
        /// Full model name without arguments.
        name: String,
        /// Generic arguments.
        args: Vec<TypeRef>,
    },
    /// A generic parameter of the enclosing model (`T`).
    Param(String),
    /// Any JSON value (`serde_json::Value`): the faithful form of a type the generator did not
    /// understand.
    Any,
}

/// Why a type name could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The smallest part of the name that is not understood.
    pub name: String,
}

/// Parses a type name of the console grammar. `generics` are the generic parameters in scope.
/// Any other name that is not a primitive is taken as a model name, unchecked: the resolver
/// checks it against the models defined.
pub fn parse(text: &str, generics: &[String]) -> Result<TypeRef, ParseError> {
    let t = text.trim();
    let err = || ParseError {
        name: t.to_string(),
    };
    // Aliases: `coreTypes.AccountId:string` is a `string` named AccountId.
    if let Some((_, base)) = t.split_once(':') {
        return parse(base, generics);
    }
    if t == "void" {
        return Ok(TypeRef::Void);
    }
    if let Some(inner) = t.strip_suffix("[]") {
        return Ok(TypeRef::Array(Box::new(parse(inner, generics)?)));
    }
    if let Some(inner) = t.strip_prefix("[]") {
        return Ok(TypeRef::Array(Box::new(parse(inner, generics)?)));
    }
    if let Some(rest) = t.strip_prefix("map[") {
        let close = matching(rest, '[', ']').ok_or_else(err)?;
        let key = &rest[..close];
        let value = &rest[close + 1..];
        // The key must parse, but JSON keys are strings anyway.
        parse(key, generics)?;
        return Ok(TypeRef::Map(Box::new(parse(value, generics)?)));
    }
    if let Some(open) = t.find('<') {
        let inner = t[open + 1..].strip_suffix('>').ok_or_else(err)?;
        let name = t[..open].trim();
        let args = split_top(inner)
            .into_iter()
            .map(|a| parse(a, generics))
            .collect::<Result<Vec<_>, _>>()?;
        if args.is_empty() || !is_plain_name(name) {
            return Err(err());
        }
        return Ok(TypeRef::Model {
            name: name.to_string(),
            args,
        });
    }
    if generics.iter().any(|g| g == t) {
        return Ok(TypeRef::Param(t.to_string()));
    }
    if let Some(p) = primitive(t) {
        return Ok(TypeRef::Prim(p));
    }
    if is_plain_name(t) {
        return Ok(TypeRef::Model {
            name: t.to_string(),
            args: Vec::new(),
        });
    }
    Err(err())
}

/// Whether `s` can be a model name: not empty, no brackets or separators of the grammar.
fn is_plain_name(s: &str) -> bool {
    !s.is_empty() && !s.contains(['<', '>', '[', ']', ',', ':'])
}

/// Index of the bracket closing an already opened one in `s`.
fn matching(s: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 1usize;
    for (i, c) in s.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Splits generic arguments on top-level commas.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '<' | '[' => depth += 1,
            '>' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !s[start..].trim().is_empty() {
        out.push(&s[start..]);
    }
    out
}

impl TypeRef {
    /// Calls `f` on every model name referenced (including generic arguments).
    pub fn for_each_model(&self, f: &mut dyn FnMut(&str)) {
        self.for_each_model_ref(&mut |name, _| f(name));
    }

    /// Calls `f` on every model referenced, with its number of generic arguments.
    pub fn for_each_model_ref(&self, f: &mut dyn FnMut(&str, usize)) {
        match self {
            TypeRef::Array(t) | TypeRef::Map(t) => t.for_each_model_ref(f),
            TypeRef::Model { name, args } => {
                f(name, args.len());
                for a in args {
                    a.for_each_model_ref(f);
                }
            }
            TypeRef::Void | TypeRef::Prim(_) | TypeRef::Param(_) | TypeRef::Any => {}
        }
    }

    /// Whether values of this type hold a password (`password`, or a list or map of them):
    /// what `Debug` output must not show. A model holding one redacts it itself.
    pub fn holds_password(&self) -> bool {
        match self {
            TypeRef::Prim(p) => *p == Prim::Password,
            TypeRef::Array(t) | TypeRef::Map(t) => t.holds_password(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<TypeRef, ParseError> {
        parse(s, &["T".to_string()])
    }

    fn model(n: &str) -> TypeRef {
        TypeRef::Model {
            name: n.into(),
            args: vec![],
        }
    }

    #[test]
    fn primitives() {
        assert_eq!(p("long"), Ok(TypeRef::Prim(Prim::Long)));
        assert_eq!(p("double"), Ok(TypeRef::Prim(Prim::Double)));
        assert_eq!(p("boolean"), Ok(TypeRef::Prim(Prim::Bool)));
        let typed = ["password", "datetime", "date"];
        for s in STRING_PRIMITIVES.iter().filter(|s| !typed.contains(s)) {
            assert_eq!(p(s), Ok(TypeRef::Prim(Prim::String)), "{s}");
        }
        assert_eq!(p("password"), Ok(TypeRef::Prim(Prim::Password)));
        assert_eq!(p("datetime"), Ok(TypeRef::Prim(Prim::DateTime)));
        assert_eq!(
            p("date[]"),
            Ok(TypeRef::Array(Box::new(TypeRef::Prim(Prim::Date))))
        );
        assert_eq!(p("coreTypes.Day:date"), Ok(TypeRef::Prim(Prim::Date)));
        for s in STRING_PRIMITIVES {
            assert!(primitive(s).is_some_and(Prim::is_string), "{s}");
        }
        assert!(p("password[]").unwrap().holds_password());
        assert!(!p("string").unwrap().holds_password());
        assert_eq!(p("void"), Ok(TypeRef::Void));
    }

    #[test]
    fn string_formats_of_both_spellings() {
        assert_eq!(
            StrFormat::of_type_name("datetime"),
            Some(StrFormat::DateTime)
        );
        assert_eq!(StrFormat::named("date-time"), Some(StrFormat::DateTime));
        assert_eq!(
            StrFormat::of_type_name("coreTypes.Ip:ipv4[]"),
            Some(StrFormat::Ip(Some(4)))
        );
        assert_eq!(
            StrFormat::named("ipv6-block"),
            Some(StrFormat::IpBlock(Some(6)))
        );
        for plain in ["string", "text", "long", "a.Model", "map[string]datetime"] {
            assert_eq!(StrFormat::of_type_name(plain), None, "{plain}");
        }
    }

    #[test]
    fn arrays_maps_aliases_generics() {
        assert_eq!(p("a.B[]"), Ok(TypeRef::Array(Box::new(model("a.B")))));
        assert_eq!(
            p("map[string][]a.B"),
            Ok(TypeRef::Map(Box::new(TypeRef::Array(Box::new(model(
                "a.B"
            ))))))
        );
        assert_eq!(p("coreTypes.X:long"), Ok(TypeRef::Prim(Prim::Long)));
        assert_eq!(
            p("coreTypes.X[]:long[]"),
            Ok(TypeRef::Array(Box::new(TypeRef::Prim(Prim::Long))))
        );
        assert_eq!(
            p("a.G<a.B>[]"),
            Ok(TypeRef::Array(Box::new(TypeRef::Model {
                name: "a.G".into(),
                args: vec![model("a.B")]
            })))
        );
        assert_eq!(
            p("T[]"),
            Ok(TypeRef::Array(Box::new(TypeRef::Param("T".into()))))
        );
    }

    #[test]
    fn other_names_are_models_and_bad_syntax_is_an_error() {
        assert_eq!(p("b.C"), Ok(model("b.C")));
        assert_eq!(p("strin"), Ok(model("strin")));
        assert_eq!(
            p("map[string]b.C"),
            Ok(TypeRef::Map(Box::new(model("b.C"))))
        );
        assert!(p("map[string").is_err());
        assert!(p("").is_err());
        assert!(p("a.G<>").is_err());
        assert!(p("a.G<long").is_err());
        assert!(p("<long>").is_err());
    }
}
