//! Stage 4, lower: normalized schemas -> the [`TypeTable`].
//!
//! Every named definition (a JSON Schema document's root, its `$defs` or
//! `definitions`, an OpenAPI `components/schemas` entry) gets a [`TypeId`]
//! reserved before any body is lowered, so references between them, cyclic
//! or not, become [`TypeRef::Named`]. Inline objects and enums become types
//! of their own with a [`NameHint::Contextual`] hint; naming happens later.
//!
//! Invariant: whatever cannot be modelled exactly becomes [`TypeRef::Any`]
//! with a warning saying why; lowering never fails.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::diag::Sink;
use crate::formats::StringFormat;
use crate::ir::{
    Enum, EnumVariant, Field, IntType, NameHint, Origin, Role, Struct, TypeId, TypeKind, TypeRef,
    TypeTable, UnknownFields,
};
use crate::load::{DocId, DocKind, Document};
use crate::normalize::{normalize, Additional, Schema};
use crate::pointer::{self, Location};
use crate::resolve::Resolved;

/// Lowers every named definition in `docs` into a type table.
pub fn lower(sink: &mut Sink, docs: &[Document], resolved: &Resolved) -> TypeTable {
    let mut lowerer = Lowerer {
        sink,
        docs,
        resolved,
        table: TypeTable::default(),
        named: HashMap::new(),
        in_progress: HashSet::new(),
    };
    let roots = lowerer.reserve_roots();
    for (id, location) in roots {
        lowerer.lower_root(id, &location);
    }
    lowerer.table
}

/// Where the name of an inline type comes from.
#[derive(Clone)]
struct Context {
    parent: TypeId,
    key: String,
    role: Role,
}

struct Lowerer<'a> {
    sink: &'a mut Sink,
    docs: &'a [Document],
    resolved: &'a Resolved,
    table: TypeTable,
    /// Locations that are named types: the roots, and inline schemas already
    /// lowered to a type (so a second `$ref` to one reuses it).
    named: HashMap<Location, TypeId>,
    /// Inline locations being lowered, to stop unbounded recursion through
    /// references to them.
    in_progress: HashSet<Location>,
}

impl<'a> Lowerer<'a> {
    fn doc(&self, id: DocId) -> &'a Document {
        &self.docs[id.0 as usize]
    }

    fn value(&self, at: &Location) -> &'a Value {
        self.doc(at.doc)
            .root
            .pointer(&at.pointer)
            .expect("locations are made from existing values")
    }

    fn origin(&self, at: &Location) -> Origin {
        let doc = self.doc(at.doc);
        Origin {
            module: doc.module.clone(),
            file: doc.path.clone(),
            pointer: at.pointer.clone(),
        }
    }

    /// Reserves an id for every named definition, in document order.
    fn reserve_roots(&mut self) -> Vec<(TypeId, Location)> {
        let mut roots = Vec::new();
        for (i, doc) in self.docs.iter().enumerate() {
            let root = Location::root(DocId(i as u32));
            match doc.kind {
                DocKind::JsonSchema(_) => {
                    if defines_a_type(&doc.root) {
                        roots.push((root_name(doc), root.clone()));
                    }
                    for container in ["$defs", "definitions"] {
                        if let Some(Value::Object(defs)) = doc.root.get(container) {
                            let at = root.child(container);
                            roots.extend(defs.keys().map(|key| (key.clone(), at.child(key))));
                        }
                    }
                }
                DocKind::OpenApi(_) => {
                    if let Some(Value::Object(schemas)) = doc.root.pointer("/components/schemas") {
                        let at = root.child("components").child("schemas");
                        roots.extend(schemas.keys().map(|key| (key.clone(), at.child(key))));
                    }
                }
            }
        }
        roots
            .into_iter()
            .map(|(name, location)| {
                let id = self
                    .table
                    .reserve(self.origin(&location), NameHint::Required(name));
                self.named.insert(location.clone(), id);
                (id, location)
            })
            .collect()
    }

    fn lower_root(&mut self, id: TypeId, at: &Location) {
        let doc = self.doc(at.doc);
        let schema = normalize(doc, self.value(at));
        let docs = doc_text(&schema);
        let kind = match self.lower_body(id, at, &schema) {
            Some(kind) => kind,
            None => TypeKind::Alias(self.lower_schema(at, None)),
        };
        let def = self.table.get_mut(id);
        def.docs = docs;
        def.kind = kind;
    }

    /// Lowers the schema at `at` as the body of the named type `id` when it
    /// is a struct or an enum; `None` when it is some other type.
    fn lower_body(&mut self, id: TypeId, at: &Location, schema: &Schema) -> Option<TypeKind> {
        if schema.reference.is_some() || schema.nullable || is_combinator(schema) {
            return None;
        }
        if let Some(variants) = self.string_variants(at, schema) {
            return Some(TypeKind::Enum(Enum { variants }));
        }
        let types = schema.types?;
        if types.count() == 1 && types.object && !schema.properties.is_empty()
            || types.count() == 1 && types.object && schema.additional == Additional::Forbidden
        {
            return Some(TypeKind::Struct(self.lower_struct(id, at, schema)));
        }
        None
    }

    /// Lowers the schema at `at` to a type reference, creating named types
    /// for inline structs and enums (named from `context`).
    fn lower_type(&mut self, at: &Location, context: Option<&Context>) -> TypeRef {
        match self.named.get(at) {
            Some(id) => TypeRef::Named(*id),
            None => self.lower_schema(at, context),
        }
    }

    /// Lowers the schema at `at` without looking it up among named types.
    fn lower_schema(&mut self, at: &Location, context: Option<&Context>) -> TypeRef {
        let doc = self.doc(at.doc);
        let schema = normalize(doc, self.value(at));
        let ty = self.lower_non_null(at, &schema, context);
        if schema.nullable && !ty.is_nullable() && ty != TypeRef::Any {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    fn lower_non_null(
        &mut self,
        at: &Location,
        schema: &Schema,
        context: Option<&Context>,
    ) -> TypeRef {
        let file = self.doc(at.doc).path.clone();
        if let Some(_reference) = schema.reference {
            return match self.resolved.target(at).cloned() {
                Some(target) => self.lower_reference(&target, context),
                // Resolution already reported why.
                None => TypeRef::Any,
            };
        }
        if schema.is_never {
            self.sink
                .error(
                    "unsatisfiable",
                    &file,
                    &at.pointer,
                    "this schema accepts no value at all",
                )
                .hint("remove it, or relax the keyword that excludes every value");
            return TypeRef::Any;
        }
        if is_combinator(schema) {
            if schema.all_of.len() == 1 && schema.one_of.is_empty() && schema.any_of.is_empty() {
                return self.lower_type(&at.child("allOf").child("0"), context);
            }
            self.sink.warning(
                "unsupported",
                &file,
                &at.pointer,
                "allOf/oneOf/anyOf are not modelled yet; using serde_json::Value",
            );
            return TypeRef::Any;
        }
        if schema.const_value.is_some() || schema.enum_values.is_some() {
            return match self.string_variants(at, schema) {
                Some(variants) => {
                    let id = self.reserve_inline(at, schema, context);
                    self.table.get_mut(id).kind = TypeKind::Enum(Enum { variants });
                    TypeRef::Named(id)
                }
                None => TypeRef::Any,
            };
        }
        let Some(types) = schema.types else {
            return TypeRef::Any;
        };
        if types.count() > 1 {
            self.sink.warning(
                "unsupported",
                &file,
                &at.pointer,
                "a value of several JSON types is not modelled yet; using serde_json::Value",
            );
            return TypeRef::Any;
        }
        if types.boolean {
            TypeRef::Bool
        } else if types.integer && !types.number {
            let by_format = schema.format.and_then(IntType::for_format);
            TypeRef::Integer(by_format.unwrap_or_else(|| {
                IntType::for_range(schema.minimum.map(|b| b.0), schema.maximum.map(|b| b.0))
            }))
        } else if types.number || types.integer {
            TypeRef::Float
        } else if types.string {
            schema
                .format
                .and_then(StringFormat::recognise)
                .map_or(TypeRef::String, TypeRef::Format)
        } else if types.array {
            let item = match schema.items {
                Some(_) => {
                    let context = context.map(|c| Context {
                        role: Role::Item,
                        ..c.clone()
                    });
                    self.lower_type(&at.child("items"), context.as_ref())
                }
                None => TypeRef::Any,
            };
            TypeRef::Vec(Box::new(item))
        } else {
            self.lower_object(at, schema, context)
        }
    }

    fn lower_object(
        &mut self,
        at: &Location,
        schema: &Schema,
        context: Option<&Context>,
    ) -> TypeRef {
        if schema.properties.is_empty() {
            match schema.additional {
                Additional::Schema(_) => {
                    let context = context.map(|c| Context {
                        role: Role::MapValue,
                        ..c.clone()
                    });
                    let value =
                        self.lower_type(&at.child("additionalProperties"), context.as_ref());
                    return TypeRef::Map(Box::new(value));
                }
                Additional::Any => return TypeRef::AnyObject,
                Additional::Forbidden => {}
            }
        }
        let id = self.reserve_inline(at, schema, context);
        let body = self.lower_struct(id, at, schema);
        self.table.get_mut(id).kind = TypeKind::Struct(body);
        TypeRef::Named(id)
    }

    fn lower_struct(&mut self, id: TypeId, at: &Location, schema: &Schema) -> Struct {
        let properties = at.child("properties");
        let mut fields = Vec::with_capacity(schema.properties.len());
        for (key, value) in &schema.properties {
            let context = Context {
                parent: id,
                key: (*key).to_owned(),
                role: Role::Property,
            };
            let property_at = properties.child(key);
            let ty = self.lower_type(&property_at, Some(&context));
            let docs = normalize(self.doc(at.doc), value)
                .description
                .map(str::to_owned);
            fields.push(Field {
                wire_name: (*key).to_owned(),
                docs,
                ty,
                required: schema.required.contains(key),
                boxed: false,
            });
        }
        // A required key with no schema of its own must still be present.
        for key in &schema.required {
            if !fields.iter().any(|f| f.wire_name == *key) {
                fields.push(Field {
                    wire_name: (*key).to_owned(),
                    docs: None,
                    ty: TypeRef::Any,
                    required: true,
                    boxed: false,
                });
            }
        }
        let unknown = match schema.additional {
            Additional::Any => UnknownFields::Ignore,
            Additional::Forbidden => UnknownFields::Deny,
            Additional::Schema(_) => {
                let context = Context {
                    parent: id,
                    key: "additionalProperties".to_owned(),
                    role: Role::MapValue,
                };
                UnknownFields::Collect(
                    self.lower_type(&at.child("additionalProperties"), Some(&context)),
                )
            }
        };
        Struct { fields, unknown }
    }

    /// A `$ref` to a named definition is a reference to its type; to any
    /// other schema, that schema lowered in place (once).
    fn lower_reference(&mut self, target: &Location, context: Option<&Context>) -> TypeRef {
        if let Some(id) = self.named.get(target) {
            return TypeRef::Named(*id);
        }
        if !self.in_progress.insert(target.clone()) {
            let file = self.doc(target.doc).path.clone();
            self.sink.warning(
                "unsupported",
                &file,
                &target.pointer,
                "a recursive reference to an inline schema is not modelled; using serde_json::Value",
            );
            return TypeRef::Any;
        }
        let ty = self.lower_type(target, context);
        self.in_progress.remove(target);
        if let TypeRef::Named(id) = ty {
            self.named.insert(target.clone(), id);
        }
        ty
    }

    fn reserve_inline(
        &mut self,
        at: &Location,
        schema: &Schema,
        context: Option<&Context>,
    ) -> TypeId {
        let name = match context {
            Some(context) => NameHint::Contextual {
                title: schema.title.map(str::to_owned),
                parent: context.parent,
                key: context.key.clone(),
                role: context.role,
            },
            None => NameHint::Required(
                schema
                    .title
                    .map(str::to_owned)
                    .or_else(|| pointer::last_token(&at.pointer))
                    .unwrap_or_else(|| "Schema".to_owned()),
            ),
        };
        let id = self.table.reserve(self.origin(at), name);
        self.table.get_mut(id).docs = doc_text(schema);
        self.named.insert(at.clone(), id);
        id
    }

    /// The variants of a string `enum` or `const`; `None` (with a warning) for
    /// other values.
    fn string_variants(&mut self, at: &Location, schema: &Schema) -> Option<Vec<EnumVariant>> {
        let values: Vec<&Value> = match (&schema.const_value, &schema.enum_values) {
            (Some(value), _) => vec![*value],
            (None, Some(values)) => values.clone(),
            (None, None) => return None,
        };
        let strings: Option<Vec<EnumVariant>> = values
            .iter()
            .map(|v| {
                v.as_str().map(|s| EnumVariant {
                    wire_name: s.to_owned(),
                })
            })
            .collect();
        if strings.is_none() {
            let file = self.doc(at.doc).path.clone();
            self.sink.warning(
                "unsupported",
                &file,
                &at.pointer,
                "only string enums and consts are modelled yet; using serde_json::Value",
            );
        }
        strings
    }
}

fn is_combinator(schema: &Schema) -> bool {
    !schema.all_of.is_empty() || !schema.one_of.is_empty() || !schema.any_of.is_empty()
}

/// Whether a document's root is a schema in its own right, not only a holder
/// of `$defs`.
fn defines_a_type(root: &Value) -> bool {
    const CONTAINER_ONLY: &[&str] = &[
        "$schema",
        "$id",
        "$defs",
        "definitions",
        "$comment",
        "title",
        "description",
    ];
    match root {
        Value::Object(map) => map.keys().any(|k| !CONTAINER_ONLY.contains(&k.as_str())),
        _ => true,
    }
}

/// A root's name: its `title`, else its file stem.
fn root_name(doc: &Document) -> String {
    if let Some(title) = doc.root.get("title").and_then(Value::as_str) {
        return title.to_owned();
    }
    let file = doc.path.rsplit('/').next().unwrap_or(&doc.path);
    file.split('.').next().unwrap_or(file).to_owned()
}

/// A type's documentation: its `description` (its `title` is its name).
fn doc_text(schema: &Schema) -> Option<String> {
    schema
        .description
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
}
