//! The merchant side of the proxy's OpenAPI document as a small type model, which the
//! TypeScript and Python writers print: every schema reachable from [`ROOTS`], in the
//! document's order. A keyword this model does not know fails the generation instead of
//! being printed as something looser than the document says.

use crate::codes;
use crate::json::Json;

/// What a merchant's server sends and receives: the `/v1` requests and answers, the error
/// body, and the signed webhooks' bodies. (The browser API's schemas are the page's.)
pub const ROOTS: &[&str] = &[
    "CreateCheckoutSession",
    "CheckoutSession",
    "SubmitTransaction",
    "TransactionList",
    "CreateRefund",
    "Refund",
    "CreatePayout",
    "CreatePayoutBatch",
    "Payout",
    "PayoutBatch",
    "ErrorResponse",
    "MerchantEvent",
    "RefundEvent",
    "PayoutEvent",
    "ChargeEvent",
];

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// Another schema of the document, or a code set of `codes` with the same values.
    Ref(String),
    Str,
    Int,
    Num,
    Bool,
    Null,
    Unknown,
    Literal(Json),
    Union(Vec<Ty>),
    Array(Box<Ty>),
    /// An object of any keys, each value of this type.
    Map(Box<Ty>),
    Object(Vec<Field>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub ty: Ty,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Def {
    pub name: String,
    pub ty: Ty,
    pub description: Option<String>,
}

/// Every definition reachable from the roots, in the document's order, and the code sets
/// they refer to.
pub struct Model {
    pub defs: Vec<Def>,
    pub code_refs: Vec<String>,
}

pub fn model(document: &Json) -> Result<Model, String> {
    model_of(document, ROOTS)
}

/// The model of the schemas reachable from `roots`.
pub fn model_of(document: &Json, roots: &[&str]) -> Result<Model, String> {
    let schemas = document
        .get("components")
        .and_then(|c| c.get("schemas"))
        .ok_or("the document has no components.schemas")?;
    let code_names = codes::names();
    let mut wanted: Vec<String> = roots.iter().map(|r| r.to_string()).collect();
    let mut reached: Vec<String> = Vec::new();
    let mut code_refs: Vec<String> = Vec::new();
    while let Some(name) = wanted.pop() {
        if reached.contains(&name) {
            continue;
        }
        let schema = schemas
            .get(&name)
            .ok_or_else(|| format!("no schema {name}"))?;
        let ty = convert(schema).map_err(|e| format!("{name}: {e}"))?;
        // A component that is exactly a code set is that set.
        if let Some(set) = code_set_of(&ty) {
            if set != name {
                return Err(format!(
                    "schema {name} has the values of {set}: name it {set}"
                ));
            }
            push_unique(&mut code_refs, set);
            continue;
        }
        if code_names.contains(&name.as_str()) {
            return Err(format!(
                "schema {name} differs from orkestra-core's {name}: {ty:?} (openapi.json and \
                 the enum have drifted apart)"
            ));
        }
        reached.push(name);
        let mut refs = Vec::new();
        collect_refs(&ty, &mut refs);
        wanted.extend(refs);
    }
    let mut defs = Vec::new();
    for (name, schema) in schemas.entries() {
        if !reached.contains(name) {
            continue;
        }
        let ty = substitute_codes(convert(schema)?, &mut code_refs);
        defs.push(Def {
            name: name.clone(),
            ty,
            description: text(schema, "description"),
        });
    }
    Ok(Model { defs, code_refs })
}

fn push_unique(list: &mut Vec<String>, name: String) {
    if !list.contains(&name) {
        list.push(name);
    }
}

fn text(schema: &Json, key: &str) -> Option<String> {
    schema.get(key).and_then(Json::as_str).map(str::to_owned)
}

/// Keywords that only constrain or describe values: the types stay what they are.
const ANNOTATIONS: &[&str] = &[
    "description",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "default",
    "examples",
    "discriminator",
];

fn convert(schema: &Json) -> Result<Ty, String> {
    for (key, _) in schema.entries() {
        let known = ANNOTATIONS.contains(&key.as_str())
            || matches!(
                key.as_str(),
                "$ref"
                    | "allOf"
                    | "anyOf"
                    | "oneOf"
                    | "const"
                    | "enum"
                    | "type"
                    | "items"
                    | "properties"
                    | "required"
                    | "additionalProperties"
            );
        if !known {
            return Err(format!("unsupported keyword `{key}`"));
        }
    }
    if let Some(reference) = schema.get("$ref").and_then(Json::as_str) {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .ok_or_else(|| format!("unsupported $ref {reference}"))?;
        return Ok(Ty::Ref(name.to_owned()));
    }
    if let Some(all) = schema.get("allOf").and_then(Json::as_array) {
        // Used to describe a referenced schema in place (`allOf: [{$ref}]`, description).
        return match all {
            [one] => convert(one),
            _ => Err("allOf with several schemas".into()),
        };
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema.get(key).and_then(Json::as_array) {
            let options = options.iter().map(convert).collect::<Result<Vec<_>, _>>()?;
            return Ok(union(options));
        }
    }
    if let Some(value) = schema.get("const") {
        return Ok(Ty::Literal(value.clone()));
    }
    if let Some(values) = schema.get("enum").and_then(Json::as_array) {
        return Ok(union(values.iter().cloned().map(Ty::Literal).collect()));
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Json::String(one)) => vec![one.as_str()],
        Some(Json::Array(many)) => many.iter().filter_map(Json::as_str).collect(),
        Some(other) => return Err(format!("unsupported type {other:?}")),
        None if schema.get("properties").is_some() => vec!["object"],
        None => return Ok(Ty::Unknown),
    };
    let mut options = Vec::new();
    for kind in types {
        options.push(match kind {
            "string" => Ty::Str,
            "integer" => Ty::Int,
            "number" => Ty::Num,
            "boolean" => Ty::Bool,
            "null" => Ty::Null,
            "array" => Ty::Array(Box::new(match schema.get("items") {
                Some(items) => convert(items)?,
                None => Ty::Unknown,
            })),
            "object" => object(schema)?,
            other => return Err(format!("unsupported type {other}")),
        });
    }
    Ok(union(options))
}

fn object(schema: &Json) -> Result<Ty, String> {
    let Some(properties) = schema.get("properties") else {
        return Ok(Ty::Map(Box::new(
            match schema.get("additionalProperties") {
                Some(extra @ Json::Object(_)) => convert(extra)?,
                _ => Ty::Unknown,
            },
        )));
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Json::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(Json::as_str)
        .collect();
    let mut fields = Vec::new();
    for (name, property) in properties.entries() {
        fields.push(Field {
            name: name.clone(),
            ty: convert(property).map_err(|e| format!("{name}: {e}"))?,
            required: required.contains(&name.as_str()),
            description: text(property, "description"),
        });
    }
    for name in &required {
        if !fields.iter().any(|f| f.name == *name) {
            return Err(format!("`{name}` is required but not a property"));
        }
    }
    Ok(Ty::Object(fields))
}

/// One type for several: nested unions flattened, repeats dropped, one left alone.
fn union(options: Vec<Ty>) -> Ty {
    let mut flat: Vec<Ty> = Vec::new();
    for option in options {
        let parts = match option {
            Ty::Union(parts) => parts,
            other => vec![other],
        };
        for part in parts {
            if !flat.contains(&part) {
                flat.push(part);
            }
        }
    }
    match flat.len() {
        1 => flat.remove(0),
        _ => Ty::Union(flat),
    }
}

fn collect_refs(ty: &Ty, refs: &mut Vec<String>) {
    match ty {
        Ty::Ref(name) => refs.push(name.clone()),
        Ty::Union(parts) => parts.iter().for_each(|p| collect_refs(p, refs)),
        Ty::Array(item) | Ty::Map(item) => collect_refs(item, refs),
        Ty::Object(fields) => fields.iter().for_each(|f| collect_refs(&f.ty, refs)),
        Ty::Str | Ty::Int | Ty::Num | Ty::Bool | Ty::Null | Ty::Unknown | Ty::Literal(_) => {}
    }
}

/// The string literals of a union of them, sorted (to compare as sets).
fn literal_set(ty: &Ty) -> Option<Vec<String>> {
    let parts = match ty {
        Ty::Union(parts) => parts.as_slice(),
        _ => return None,
    };
    let mut values = Vec::new();
    for part in parts {
        match part {
            Ty::Literal(Json::String(s)) => values.push(s.clone()),
            _ => return None,
        }
    }
    values.sort();
    Some(values)
}

/// The code set (or union of sets) whose values are exactly this union's.
fn code_set_of(ty: &Ty) -> Option<String> {
    let values = literal_set(ty)?;
    codes::names().into_iter().find_map(|name| {
        let mut set: Vec<String> = codes::values_of(name)?
            .into_iter()
            .map(str::to_owned)
            .collect();
        set.sort();
        (set == values).then(|| name.to_owned())
    })
}

/// Every inline list that equals a code set becomes a reference to it.
fn substitute_codes(ty: Ty, code_refs: &mut Vec<String>) -> Ty {
    if let Some(set) = code_set_of(&ty) {
        push_unique(code_refs, set.clone());
        return Ty::Ref(set);
    }
    match ty {
        Ty::Union(parts) => Ty::Union(
            parts
                .into_iter()
                .map(|p| substitute_codes(p, code_refs))
                .collect(),
        ),
        Ty::Array(item) => Ty::Array(Box::new(substitute_codes(*item, code_refs))),
        Ty::Map(item) => Ty::Map(Box::new(substitute_codes(*item, code_refs))),
        Ty::Object(fields) => Ty::Object(
            fields
                .into_iter()
                .map(|f| Field {
                    ty: substitute_codes(f.ty, code_refs),
                    ..f
                })
                .collect(),
        ),
        other => other,
    }
}
