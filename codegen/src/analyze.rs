//! Stage 5, analyze: facts about the whole [`TypeTable`] that no single type
//! knows.
//!
//! - Recursion: a struct that contains itself by value (directly or through
//!   other structs) has no finite size; the fields that close such a cycle
//!   are boxed. `Vec` and map values are already indirect and need no box.
//! - Derivable traits: `Eq` and `Hash` hold for a type only when they hold
//!   for everything it contains, which for recursive types is a fixpoint.
//!
//! Invariant: after this stage every struct has a finite size, and a type is
//! marked `Eq`/`Hash` only if every type it contains implements them.

use std::collections::HashSet;

use crate::diag::Sink;
use crate::ir::{TypeId, TypeKind, TypeRef, TypeTable};

/// Traits a type can derive beyond the ones every type gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Derives {
    /// `Eq` (and `PartialEq`, which every type derives).
    pub eq: bool,
    /// `Hash`.
    pub hash: bool,
    /// `Copy`: only field-less enums.
    pub copy: bool,
    /// `Default`: only single-variant enums (a `const`).
    pub default: bool,
}

/// What `analyze` found, per type id.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Derivable traits, indexed by type id.
    pub derives: Vec<Derives>,
}

impl Analysis {
    /// The derivable traits of `id`.
    pub fn derives(&self, id: TypeId) -> Derives {
        self.derives[id.0 as usize]
    }
}

/// Boxes recursive fields in `table` and computes derivable traits.
pub fn analyze(sink: &mut Sink, table: &mut TypeTable) -> Analysis {
    box_recursive_fields(table);
    report_alias_cycles(sink, table);
    Analysis {
        derives: derivable_traits(table),
    }
}

/// The named types that `ty` contains by value (not behind `Vec` or a map).
fn direct_named(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Nullable(inner) => direct_named(inner, out),
        _ => {}
    }
}

fn box_recursive_fields(table: &mut TypeTable) {
    // Only a field whose target lies in its owner's strongly connected
    // component can close a cycle. Searching from every field instead cost
    // a pass over the whole table per field, quadratic in large documents
    // (#8); within a component the search stays inside it.
    let component = by_value_components(table);
    let ids: Vec<TypeId> = table.iter().map(|(id, _)| id).collect();
    for id in ids {
        let field_count = table.get(id).kind.fields().len();
        for index in 0..field_count {
            let mut targets = Vec::new();
            direct_named(&table.get(id).kind.fields()[index].ty, &mut targets);
            let closes_cycle = targets.iter().any(|target| {
                component[target.0 as usize] == component[id.0 as usize]
                    && reaches_by_value(table, &component, *target, id)
            });
            if closes_cycle {
                table.get_mut(id).kind.fields_mut()[index].boxed = true;
            }
        }
    }
}

/// The named types `id` contains by value: through unboxed fields,
/// flattened unions and aliases.
fn by_value_targets(table: &TypeTable, id: TypeId) -> Vec<TypeId> {
    let kind = &table.get(id).kind;
    let mut out = Vec::new();
    for field in kind.fields().into_iter().filter(|f| !f.boxed) {
        direct_named(&field.ty, &mut out);
    }
    for ty in kind.other_refs() {
        direct_named(&ty, &mut out);
    }
    out
}

/// The strongly connected components of the by-value graph (Tarjan's
/// algorithm, iterative): `result[id]` numbers the component of `id`.
fn by_value_components(table: &TypeTable) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let count = table.len();
    let edges: Vec<Vec<TypeId>> = table
        .iter()
        .map(|(id, _)| by_value_targets(table, id))
        .collect();
    let mut order = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut component = vec![UNVISITED; count];
    let mut next_order = 0;
    let mut components = 0;
    for root in 0..count {
        if order[root] != UNVISITED {
            continue;
        }
        // (node, index of its next edge to follow)
        let mut calls = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&(node, edge)) = calls.last() {
            if let Some(next) = edges[node].get(edge) {
                let next = next.0 as usize;
                calls.last_mut().expect("not empty").1 += 1;
                if order[next] == UNVISITED {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    calls.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

/// Whether `from` contains `to` by value, following unboxed fields,
/// flattened unions and aliases. Fields boxed earlier no longer count, so
/// each cycle is broken once. Both are in one component, and any path
/// between them stays in it.
fn reaches_by_value(table: &TypeTable, component: &[usize], from: TypeId, to: TypeId) -> bool {
    let inside = component[to.0 as usize];
    let mut seen = HashSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if component[id.0 as usize] != inside || !seen.insert(id) {
            continue;
        }
        stack.extend(by_value_targets(table, id));
    }
    false
}

/// `type A = B; type B = A;` has no representation at all.
fn report_alias_cycles(sink: &mut Sink, table: &mut TypeTable) {
    let ids: Vec<TypeId> = table.iter().map(|(id, _)| id).collect();
    for id in ids {
        let TypeKind::Alias(target) = &table.get(id).kind else {
            continue;
        };
        let mut targets = Vec::new();
        direct_named(target, &mut targets);
        let cyclic = targets
            .into_iter()
            .any(|t| alias_chain_reaches(table, t, id));
        if cyclic {
            let origin = &table.get(id).origin;
            sink.error(
                "alias-cycle",
                &origin.file,
                &origin.pointer,
                "this schema is only a reference to itself, through a chain of references",
            )
            .hint("give one schema in the cycle a real type (an object or a primitive)");
            table.get_mut(id).kind = TypeKind::Alias(TypeRef::Any);
        }
    }
}

fn alias_chain_reaches(table: &TypeTable, from: TypeId, to: TypeId) -> bool {
    let mut current = from;
    for _ in 0..=table.len() {
        if current == to {
            return true;
        }
        match &table.get(current).kind {
            TypeKind::Alias(TypeRef::Named(next)) => current = *next,
            TypeKind::Alias(TypeRef::Nullable(inner)) => match inner.as_ref() {
                TypeRef::Named(next) => current = *next,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

fn derivable_traits(table: &TypeTable) -> Vec<Derives> {
    // Start optimistic and knock out what fails; a type knocked out
    // re-checks the types that contain it, so this settles recursive types
    // correctly and visits each reference a bounded number of times (a
    // sweep over the whole table per change was quadratic, #8).
    let mut derives: Vec<Derives> = table
        .iter()
        .map(|(_, def)| {
            let enum_variants = match &def.kind {
                TypeKind::Enum(e) => Some(e.variants.len()),
                _ => None,
            };
            Derives {
                eq: true,
                hash: true,
                copy: enum_variants.is_some(),
                default: enum_variants == Some(1),
            }
        })
        .collect();
    let refs: Vec<Vec<TypeRef>> = table
        .iter()
        .map(|(_, def)| {
            let mut refs: Vec<TypeRef> = def.kind.fields().iter().map(|f| f.ty.clone()).collect();
            refs.extend(def.kind.other_refs());
            refs
        })
        .collect();
    // users[t]: the types with a reference that mentions `t`.
    let mut users: Vec<Vec<TypeId>> = vec![Vec::new(); table.len()];
    for (id, _) in table.iter() {
        let mut mentioned = Vec::new();
        for ty in &refs[id.0 as usize] {
            named_inside(ty, &mut mentioned);
        }
        for target in mentioned {
            users[target.0 as usize].push(id);
        }
    }
    let mut pending: Vec<TypeId> = table.iter().map(|(id, _)| id).collect();
    while let Some(id) = pending.pop() {
        let own = &refs[id.0 as usize];
        let eq = own.iter().all(|ty| ref_traits(ty, &derives).0);
        let hash = own.iter().all(|ty| ref_traits(ty, &derives).1);
        let current = &mut derives[id.0 as usize];
        if current.eq && !eq || current.hash && !hash {
            current.eq &= eq;
            current.hash &= hash;
            pending.extend(&users[id.0 as usize]);
        }
    }
    derives
}

/// The named types a reference mentions, at any depth (the ones
/// [`ref_traits`] looks at).
fn named_inside(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            named_inside(inner, out)
        }
        _ => {}
    }
}

/// Whether a type reference is (`Eq`, `Hash`), given the current knowledge.
fn ref_traits(ty: &TypeRef, derives: &[Derives]) -> (bool, bool) {
    #[allow(clippy::match_same_arms)]
    match ty {
        TypeRef::Null | TypeRef::Bool | TypeRef::Integer(_) | TypeRef::String | TypeRef::Never => {
            (true, true)
        }
        TypeRef::Format(format) => (format.is_hash_eq(), format.is_hash_eq()),
        TypeRef::Float => (false, false),
        // serde_json's `Value` is `Eq` but not `Hash`.
        TypeRef::Any | TypeRef::AnyObject => (true, false),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            ref_traits(inner, derives)
        }
        TypeRef::Named(id) => {
            let d = derives[id.0 as usize];
            (d.eq, d.hash)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, NameHint, Origin, Struct, UnknownFields};

    fn origin() -> Origin {
        Origin {
            module: "m".into(),
            file: "f.json".into(),
            pointer: String::new(),
        }
    }

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            wire_name: name.into(),
            docs: None,
            ty,
            required: true,
            boxed: false,
        }
    }

    fn structure(table: &mut TypeTable, fields: Vec<Field>) -> TypeId {
        let id = table.reserve(origin(), NameHint::Required("T".into()));
        table.get_mut(id).kind = TypeKind::Struct(Struct {
            fields,
            unknown: UnknownFields::Ignore,
            flattened: None,
        });
        id
    }

    fn boxed(table: &TypeTable, id: TypeId) -> Vec<bool> {
        match &table.get(id).kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.boxed).collect(),
            _ => panic!("not a struct"),
        }
    }

    #[test]
    fn boxes_self_reference_but_not_through_vec() {
        let mut table = TypeTable::default();
        let node = structure(&mut table, vec![]);
        table.get_mut(node).kind = TypeKind::Struct(Struct {
            fields: vec![
                field("next", TypeRef::Nullable(Box::new(TypeRef::Named(node)))),
                field("children", TypeRef::Vec(Box::new(TypeRef::Named(node)))),
            ],
            unknown: UnknownFields::Ignore,
            flattened: None,
        });
        let mut sink = Sink::default();
        analyze(&mut sink, &mut table);
        assert_eq!(boxed(&table, node), [true, false]);
    }

    #[test]
    fn mutual_recursion_is_broken_once() {
        let mut table = TypeTable::default();
        let a = structure(&mut table, vec![]);
        let b = structure(&mut table, vec![field("a", TypeRef::Named(a))]);
        table.get_mut(a).kind = TypeKind::Struct(Struct {
            fields: vec![field("b", TypeRef::Named(b))],
            unknown: UnknownFields::Ignore,
            flattened: None,
        });
        let mut sink = Sink::default();
        analyze(&mut sink, &mut table);
        assert_eq!(boxed(&table, a), [true]);
        assert_eq!(boxed(&table, b), [false]);
    }

    #[test]
    fn long_chains_and_rings_are_settled_exactly() {
        // chain: each struct holds the previous one by value; a float at
        // the start knocks Eq and Hash out of every link.
        let mut table = TypeTable::default();
        let first = structure(&mut table, vec![field("x", TypeRef::Float)]);
        let mut chain = vec![first];
        for _ in 0..3000 {
            let previous = *chain.last().unwrap();
            chain.push(structure(
                &mut table,
                vec![field("p", TypeRef::Named(previous))],
            ));
        }
        // ring: the same by value, closed; exactly one field is boxed, and
        // a string-only ring keeps Eq and Hash.
        let ring: Vec<TypeId> = (0..300).map(|_| structure(&mut table, vec![])).collect();
        for (i, id) in ring.iter().enumerate() {
            let next = ring[(i + 1) % ring.len()];
            table.get_mut(*id).kind = TypeKind::Struct(Struct {
                fields: vec![
                    field("s", TypeRef::String),
                    field("n", TypeRef::Named(next)),
                ],
                unknown: UnknownFields::Ignore,
                flattened: None,
            });
        }
        let mut sink = Sink::default();
        let analysis = analyze(&mut sink, &mut table);
        assert!(chain
            .iter()
            .all(|id| !analysis.derives(*id).eq && !analysis.derives(*id).hash));
        assert!(chain.iter().all(|id| !boxed(&table, *id).contains(&true)));
        let boxed_in_ring = ring.iter().filter(|id| boxed(&table, **id)[1]).count();
        assert_eq!(boxed_in_ring, 1);
        assert!(ring
            .iter()
            .all(|id| analysis.derives(*id).eq && analysis.derives(*id).hash));
    }

    #[test]
    fn float_anywhere_inside_removes_eq_and_hash() {
        let mut table = TypeTable::default();
        let inner = structure(&mut table, vec![field("x", TypeRef::Float)]);
        let outer = structure(
            &mut table,
            vec![field(
                "inner",
                TypeRef::Vec(Box::new(TypeRef::Named(inner))),
            )],
        );
        let plain = structure(&mut table, vec![field("s", TypeRef::String)]);
        let with_value = structure(&mut table, vec![field("v", TypeRef::Any)]);
        let mut sink = Sink::default();
        let analysis = analyze(&mut sink, &mut table);
        assert!(!analysis.derives(outer).eq && !analysis.derives(outer).hash);
        assert!(analysis.derives(plain).eq && analysis.derives(plain).hash);
        assert!(analysis.derives(with_value).eq && !analysis.derives(with_value).hash);
    }

    #[test]
    fn alias_cycle_is_an_error() {
        let mut table = TypeTable::default();
        let a = table.reserve(origin(), NameHint::Required("A".into()));
        let b = table.reserve(origin(), NameHint::Required("B".into()));
        table.get_mut(a).kind = TypeKind::Alias(TypeRef::Named(b));
        table.get_mut(b).kind = TypeKind::Alias(TypeRef::Named(a));
        let mut sink = Sink::default();
        analyze(&mut sink, &mut table);
        let codes: Vec<_> = sink.finish().iter().map(|d| d.code).collect();
        assert!(codes.contains(&"alias-cycle"), "{codes:?}");
    }
}
