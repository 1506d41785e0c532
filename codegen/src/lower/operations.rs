//! Stage 4, lower (OpenAPI operations): `paths` -> [`Operation`]s.
//!
//! For every operation: a parameters struct (path, query, header and cookie
//! parameters, path-level ones included), the request body's type, and an
//! enum over the documented responses. Shared `components/parameters`,
//! `components/requestBodies` and `components/responses` are followed by
//! reference, so each is lowered once. Inline schemas are named from the
//! operation and their place (`ListPetsParams`, `CreatePetBody`,
//! `GetPetNotFound`), never numbered.

use serde_json::Value;

use super::{Context, Lowerer};
use crate::ir::{
    Field, NameHint, Operation, ParameterIn, Response, Role, Status, Struct, TypeKind, TypeRef,
    UnknownFields,
};
use crate::load::{DocId, DocKind};
use crate::naming::type_ident;
use crate::normalize::normalize;
use crate::pointer::Location;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Lowerer<'_> {
    /// Lowers the operations of every OpenAPI document.
    pub(super) fn lower_operations(&mut self) {
        for (i, doc) in self.docs.iter().enumerate() {
            if !matches!(doc.kind, DocKind::OpenApi(_)) {
                continue;
            }
            let Some(Value::Object(paths)) = doc.root.get("paths") else {
                continue;
            };
            let paths_at = Location::root(DocId(i as u32)).child("paths");
            for path in paths.keys() {
                let item = self.follow(&paths_at.child(path));
                for method in METHODS {
                    if self.value(&item).get(method).is_some() {
                        self.lower_operation(path, method, &item);
                    }
                }
            }
        }
    }

    /// Follows `$ref`s from a non-schema object (a path item, parameter,
    /// request body or response) to the object itself.
    fn follow(&self, at: &Location) -> Location {
        let mut at = at.clone();
        for _ in 0..32 {
            match self.value(&at).get("$ref") {
                Some(Value::String(_)) => match self.resolved.target(&at) {
                    Some(target) => at = target.clone(),
                    None => break,
                },
                _ => break,
            }
        }
        at
    }

    fn lower_operation(&mut self, path: &str, method: &str, item: &Location) {
        let at = item.child(method);
        let operation = self.value(&at);
        let operation_id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .map_or_else(|| derived_operation_id(method, path), str::to_owned);
        let base = type_ident(&operation_id);
        let docs = [operation.get("summary"), operation.get("description")]
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");

        let (parameters, parameter_locations) = self.lower_parameters(item, &at, &base);
        let body = operation.get("requestBody").and_then(|_| {
            let body_at = self.follow(&at.child("requestBody"));
            let required = self.value(&body_at).get("required") == Some(&Value::Bool(true));
            let (media, schema_at) = self.media_schema(&body_at)?;
            let names = match component_name(&body_at) {
                Some(name) => vec![name.clone(), format!("{name}Body")],
                None => vec![format!("{base}Body"), format!("{base}RequestBody")],
            };
            Some((self.lower_at_name(&schema_at, names), media, required))
        });
        let responses = self.lower_responses(&at, &base);
        self.table.operations.push(Operation {
            origin: self.origin(&at),
            operation_id,
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            docs: (!docs.is_empty()).then_some(docs),
            parameters,
            parameter_locations,
            body,
            responses,
        });
    }

    /// The struct of an operation's parameters; operation-level ones
    /// replace path-level ones with the same name and location.
    fn lower_parameters(
        &mut self,
        item: &Location,
        at: &Location,
        base: &str,
    ) -> (Option<crate::ir::TypeId>, Vec<(String, ParameterIn)>) {
        let mut found: Vec<(String, ParameterIn, Location)> = Vec::new();
        for owner in [item, at] {
            let list = owner.child("parameters");
            let count = self
                .value(owner)
                .get("parameters")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            for i in 0..count {
                let parameter_at = self.follow(&list.child(&i.to_string()));
                let parameter = self.value(&parameter_at);
                let (Some(name), Some(location)) = (
                    parameter.get("name").and_then(Value::as_str),
                    parameter
                        .get("in")
                        .and_then(Value::as_str)
                        .and_then(parameter_in),
                ) else {
                    continue;
                };
                found.retain(|(n, l, _)| !(n == name && *l == location));
                found.push((name.to_owned(), location, parameter_at));
            }
        }
        if found.is_empty() {
            return (None, Vec::new());
        }
        let id = self.table.reserve(
            self.origin(at),
            NameHint::Derived(vec![format!("{base}Params"), format!("{base}Parameters")]),
        );
        let mut fields = Vec::new();
        for (name, location, parameter_at) in &found {
            let parameter = self.value(parameter_at);
            let required = *location == ParameterIn::Path
                || parameter.get("required") == Some(&Value::Bool(true));
            let docs = parameter
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let schema_at = if parameter.get("schema").is_some() {
                Some(parameter_at.child("schema"))
            } else {
                self.media_schema(parameter_at).map(|(_, at)| at)
            };
            let context = Context {
                parent: id,
                key: name.clone(),
                role: Role::Property,
            };
            let ty = match schema_at {
                Some(schema_at) => self.lower_type(&schema_at, Some(&context)),
                None => TypeRef::String,
            };
            fields.push(Field {
                wire_name: name.clone(),
                docs,
                ty,
                required,
                boxed: false,
            });
        }
        let def = self.table.get_mut(id);
        def.docs = Some(format!("Parameters of `{}`.", base));
        def.kind = TypeKind::Struct(Struct {
            fields,
            unknown: UnknownFields::Ignore,
            flattened: None,
        });
        let locations = found.into_iter().map(|(n, l, _)| (n, l)).collect();
        (Some(id), locations)
    }

    /// The enum over an operation's documented responses.
    fn lower_responses(&mut self, at: &Location, base: &str) -> crate::ir::TypeId {
        let id = self.table.reserve(
            self.origin(at),
            NameHint::Derived(vec![format!("{base}Response"), format!("{base}Responses")]),
        );
        let responses_at = at.child("responses");
        let codes: Vec<String> = self
            .value(at)
            .get("responses")
            .and_then(Value::as_object)
            .map(|r| r.keys().cloned().collect())
            .unwrap_or_default();
        let mut responses = Vec::new();
        for code in codes {
            let Some(status) = parse_status(&code) else {
                let file = self.doc(at.doc).path.clone();
                self.sink.warning(
                    "unsupported",
                    &file,
                    &responses_at.child(&code).pointer,
                    format!("`{code}` is not an HTTP status, a status class or `default`; ignored"),
                );
                continue;
            };
            let response_at = self.follow(&responses_at.child(&code));
            let docs = normalize(self.doc(response_at.doc), self.value(&response_at))
                .description
                .map(str::to_owned);
            // A shared response is named after its component.
            let names = match component_name(&response_at) {
                Some(name) => vec![name.clone(), format!("{name}Response")],
                None => {
                    let name = format!("{base}{}", status_name(status));
                    vec![name.clone(), format!("{name}Body")]
                }
            };
            let body = self
                .media_schema(&response_at)
                .map(|(_, schema_at)| self.lower_at_name(&schema_at, names));
            responses.push(Response { status, docs, body });
        }
        let def = self.table.get_mut(id);
        def.docs = Some(format!("The documented responses of `{base}`."));
        def.kind = TypeKind::Responses(responses);
        id
    }

    /// The media type and schema location of a request body, response or
    /// parameter `content`: JSON first, else the first one listed.
    fn media_schema(&self, at: &Location) -> Option<(String, Location)> {
        let content = self.value(at).get("content")?.as_object()?;
        let media = content
            .keys()
            .find(|m| m.starts_with("application/json") || m.ends_with("+json"))
            .or_else(|| content.keys().next())?
            .clone();
        content.get(&media)?.get("schema")?;
        Some((
            media.clone(),
            at.child("content").child(&media).child("schema"),
        ))
    }

    /// The type of the schema at `at`: a reference stays a reference; an
    /// inline schema becomes a type named by the first free candidate.
    fn lower_at_name(&mut self, at: &Location, names: Vec<String>) -> TypeRef {
        let schema = normalize(self.doc(at.doc), self.value(at));
        let plain_ref =
            schema.reference.is_some() && schema.properties.is_empty() && !schema.is_combinator();
        if plain_ref || self.named.contains_key(at) {
            return self.lower_type(at, None);
        }
        let id = self
            .table
            .reserve(self.origin(at), NameHint::Derived(names));
        self.named.insert(at.clone(), id);
        self.lower_root(id, at);
        TypeRef::Named(id)
    }
}

/// `Problem` for an object at `#/components/responses/Problem` (or
/// `requestBodies`).
fn component_name(at: &Location) -> Option<String> {
    ["/components/responses/", "/components/requestBodies/"]
        .iter()
        .find_map(|prefix| at.pointer.strip_prefix(prefix))
        .filter(|rest| !rest.contains('/'))
        .map(|name| type_ident(&name.replace("~1", "/").replace("~0", "~")))
}

fn parameter_in(location: &str) -> Option<ParameterIn> {
    Some(match location {
        "path" => ParameterIn::Path,
        "query" => ParameterIn::Query,
        "header" => ParameterIn::Header,
        "cookie" => ParameterIn::Cookie,
        _ => return None,
    })
}

fn parse_status(code: &str) -> Option<Status> {
    if code == "default" {
        return Some(Status::Default);
    }
    let upper = code.to_ascii_uppercase();
    if let Some(class) = upper.strip_suffix("XX") {
        return class
            .parse()
            .ok()
            .filter(|c| (1..=5).contains(c))
            .map(Status::Class);
    }
    code.parse()
        .ok()
        .filter(|c| (100..=599).contains(c))
        .map(Status::Code)
}

/// A variant name for a status: its reason phrase (`201` -> `Created`).
pub(crate) fn status_name(status: Status) -> String {
    let reason = match status {
        Status::Default => return "Default".to_owned(),
        Status::Class(class) => return format!("Status{class}xx"),
        Status::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            206 => "PartialContent",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            423 => "Locked",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            other => return format!("Status{other}"),
        },
    };
    reason.to_owned()
}

/// `get /pets/{petId}/toys` -> `get_pets_pet_id_toys`.
fn derived_operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        id.push_str(segment.trim_start_matches('{').trim_end_matches('}'));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(parse_status("201"), Some(Status::Code(201)));
        assert_eq!(parse_status("4XX"), Some(Status::Class(4)));
        assert_eq!(parse_status("default"), Some(Status::Default));
        assert_eq!(parse_status("99"), None);
        assert_eq!(parse_status("abc"), None);
        assert_eq!(status_name(Status::Code(422)), "UnprocessableEntity");
        assert_eq!(status_name(Status::Code(299)), "Status299");
        assert_eq!(status_name(Status::Class(5)), "Status5xx");
    }

    #[test]
    fn derived_ids() {
        assert_eq!(
            derived_operation_id("get", "/pets/{petId}/toys"),
            "get_pets_petId_toys"
        );
    }
}
