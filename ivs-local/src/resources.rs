//! What each operation does with a resource, for any kind: create (with quota, references,
//! create delay and the kind's companion), get, batch get, list (pages, filters, owner),
//! update, delete (conflicts with resources that refer to it; owned resources go with it), and
//! the tagging operations, which find a resource of any kind by its ARN.
//!
//! Inputs reaching these functions have passed the model's validation; only what the model
//! cannot express is checked here or by the kind.

use crate::arn::{self, IvsArn};
use crate::errors::ApiError;
use crate::kinds::{self, Context, KINDS, Kind, Role, text};
use crate::model::model;
use crate::model::validate::{MAX_TAGS, check_reserved_tag_keys, tags_of};
use crate::store::{Entry, Pending, Resource, Scope, Store};
use serde_json::{Map, Value, json};
use std::time::Instant;

/// How a new resource is identified and flagged.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    /// A fixed resource id (seeds); random when `None`.
    pub id: Option<String>,
    /// Whether another resource uses it (deleting it then answers `ConflictException`).
    pub in_use: bool,
    /// Exists from the start (seeds): no create delay.
    pub settled: bool,
}

/// The quota of `kind` in force.
pub fn quota(store: &Store, kind: &Kind) -> usize {
    store
        .limits
        .quotas
        .get(kind.resource_type)
        .copied()
        .unwrap_or(kind.quota)
}

/// Creates a resource of `kind` from its validated Create input; returns Create's output:
/// the resource, and the companion made with it.
pub fn create(
    store: &mut Store,
    scope: &Scope,
    kind: &'static Kind,
    input: Resource,
    placement: Placement,
) -> Result<Value, ApiError> {
    let (arn, companion_arn) = insert_new(store, scope, kind, input, placement)?;
    let mut output = Map::new();
    output.insert(
        kind.member.to_owned(),
        Value::Object(get(store, scope, kind, &arn)?),
    );
    if let (Some((companion, member)), Some(companion_arn)) = (kind.companion, companion_arn) {
        let made = get(store, scope, companion, &companion_arn)?;
        output.insert(member.to_owned(), Value::Object(made));
    }
    Ok(Value::Object(output))
}

/// Stores a new resource of `kind` (and its companion); returns their ARNs.
pub fn insert_new(
    store: &mut Store,
    scope: &Scope,
    kind: &'static Kind,
    input: Resource,
    placement: Placement,
) -> Result<(String, Option<String>), ApiError> {
    check_reserved_tag_keys(tags_of(&input).keys())?;
    check_references(store, scope, kind, &input)?;
    let quota = quota(store, kind);
    if store.count(scope, kind.resource_type) >= quota {
        return Err(ApiError::quota_exceeded(format!(
            "Request would cause a service quota to be exceeded: at most {quota} {} per account in {}",
            kind.what_plural, scope.region
        )));
    }
    check_owner_quota(store, scope, kind, &input)?;
    let (id, arn) = match placement.id {
        Some(id) => {
            let arn = kind.arn(scope, &id);
            if store.contains(scope, kind.resource_type, &arn) {
                return Err(ApiError::conflict(format!(
                    "A {} with id {id} already exists",
                    kind.what
                )));
            }
            (id, arn)
        }
        None => loop {
            let id = arn::random_id(kind.id_length);
            let arn = kind.arn(scope, &id);
            if !store.contains(scope, kind.resource_type, &arn) {
                break (id, arn);
            }
        },
    };
    let mut resource = input;
    resource.insert("arn".to_owned(), arn.clone().into());
    (kind.prepare)(&mut resource, &Context { scope, id: &id })?;
    let delay = store.limits.create_delay;
    let pending = match &kind.delayed {
        Some(delayed) if !placement.settled && !delay.is_zero() => {
            resource.insert(delayed.member.to_owned(), delayed.pending.into());
            Some(Pending {
                member: delayed.member,
                settled: delayed.settled,
                at: Instant::now() + delay,
            })
        }
        _ => None,
    };
    store.insert(
        scope,
        kind.resource_type,
        Entry {
            resource,
            in_use: placement.in_use,
            pending,
        },
    );
    let companion_arn = match kind.companion {
        Some((companion, _)) => {
            let mut companion_input = Map::new();
            if let Some(owner) = &companion.owner {
                companion_input.insert(owner.member.to_owned(), arn.clone().into());
            }
            let (made, _) = insert_new(
                store,
                scope,
                companion,
                companion_input,
                Placement::default(),
            )?;
            Some(made)
        }
        None => None,
    };
    Ok((arn, companion_arn))
}

/// A kind bounded per owner (stream keys per channel) refuses one more resource of a full
/// owner.
fn check_owner_quota(
    store: &Store,
    scope: &Scope,
    kind: &Kind,
    input: &Resource,
) -> Result<(), ApiError> {
    let Some(owner) = kind
        .owner
        .as_ref()
        .filter(|_| kind.quota_per_owner != usize::MAX)
    else {
        return Ok(());
    };
    let owner_arn = text(input, owner.member);
    let owned = store.count_where(scope, kind.resource_type, |r| {
        text(r, owner.member) == owner_arn
    });
    if owned >= kind.quota_per_owner {
        let owner_what = kinds::by_resource_type(owner.resource_type).map_or("owner", |k| k.what);
        return Err(ApiError::quota_exceeded(format!(
            "Request would cause a service quota to be exceeded: at most {} {} per {owner_what} ({owner_arn})",
            kind.quota_per_owner, kind.what_plural
        )));
    }
    Ok(())
}

/// Members that refer to resources of kinds ivs-local serves must name existing ones. Kinds
/// it does not serve yet are taken as given.
fn check_references(
    store: &Store,
    scope: &Scope,
    kind: &Kind,
    input: &Resource,
) -> Result<(), ApiError> {
    for reference in kind.references.iter().chain(&kind.owner) {
        let arn = text(input, reference.member);
        let served = kinds::by_resource_type(reference.resource_type).is_some();
        if !arn.is_empty() && served && !store.contains(scope, reference.resource_type, arn) {
            return Err(ApiError::not_found(arn));
        }
    }
    Ok(())
}

/// The resource of `kind` with this ARN.
pub fn get(
    store: &mut Store,
    scope: &Scope,
    kind: &'static Kind,
    arn: &str,
) -> Result<Resource, ApiError> {
    store
        .get(scope, kind.resource_type, arn)
        .map(|entry| entry.resource.clone())
        .ok_or_else(|| ApiError::not_found(arn))
}

/// BatchGet's output: the resources found, and an error for each ARN that is not.
pub fn batch_get(store: &mut Store, scope: &Scope, kind: &'static Kind, arns: &[Value]) -> Value {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for arn in arns.iter().filter_map(Value::as_str) {
        match get(store, scope, kind, arn) {
            Ok(resource) => found.push(Value::Object(resource)),
            Err(error) => {
                errors.push(json!({"arn": arn, "code": error.code, "message": error.message}))
            }
        }
    }
    json!({ kind.list_member: found, "errors": errors })
}

/// List's output: one page of summaries, with the kind's filters and owner applied.
pub fn list(
    store: &mut Store,
    scope: &Scope,
    kind: &'static Kind,
    input: &Value,
) -> Result<Value, ApiError> {
    let filters: Vec<(&str, &str)> = kind
        .filters
        .iter()
        .filter_map(|(input_member, member)| {
            let wanted = input.get(*input_member)?.as_str()?;
            // An empty filter (the model allows "") filters nothing.
            (!wanted.is_empty()).then_some((*member, wanted))
        })
        .collect();
    if kind.exclusive_filters && filters.len() > 1 {
        return Err(ApiError::conflict(format!(
            "Filters are mutually exclusive and cannot be used together: {}",
            filters
                .iter()
                .map(|(member, _)| *member)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let owner = match &kind.owner {
        Some(owner) => {
            let arn = input
                .get(owner.member)
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !store.contains(scope, owner.resource_type, arn) {
                return Err(ApiError::not_found(arn));
            }
            Some((owner.member, arn))
        }
        None => None,
    };
    let list = kind.operation(Role::List).unwrap_or_default();
    // "Default: 100" (or the quota, when smaller: "your service quota or 100, whichever is
    // smaller"): the largest page the model allows.
    let largest = model()
        .member_shape(model().input_shape(list), "maxResults")
        .and_then(|shape| shape.max)
        .map_or(100, |max| max as usize);
    let max = input
        .get("maxResults")
        .and_then(Value::as_u64)
        .map_or_else(|| largest.min(quota(store, kind)).max(1), |m| m as usize);
    let token = input.get("nextToken").and_then(Value::as_str);
    let keep = |resource: &Resource| {
        filters
            .iter()
            .chain(&owner)
            .all(|(member, wanted)| text(resource, member) == *wanted)
    };
    let page = store.list(scope, kind.resource_type, token, max, keep)?;
    let summary_members = model().members(kind.summary_shape);
    let items: Vec<Value> = page
        .items
        .into_iter()
        .map(|resource| {
            Value::Object(
                resource
                    .into_iter()
                    .filter(|(member, _)| summary_members.contains_key(member))
                    .collect(),
            )
        })
        .collect();
    let mut output = json!({ kind.list_member: items });
    if let Some(token) = page.next_token {
        output["nextToken"] = token.into();
    }
    Ok(output)
}

/// Applies Update's input to the resource it names; returns Update's output.
pub fn update(
    store: &mut Store,
    scope: &Scope,
    kind: &'static Kind,
    input: Resource,
) -> Result<Value, ApiError> {
    let arn = text(&input, "arn").to_owned();
    let mut resource = get(store, scope, kind, &arn)?;
    check_references(store, scope, kind, &input)?;
    for (member, value) in input {
        if !value.is_null() {
            resource.insert(member, value);
        }
    }
    let id = IvsArn::parse(&arn)
        .map(|parsed| parsed.id)
        .unwrap_or_default();
    (kind.prepare)(&mut resource, &Context { scope, id })?;
    if let Some(entry) = store.get_mut(scope, kind.resource_type, &arn) {
        entry.resource = resource.clone();
    }
    Ok(json!({ kind.member: resource }))
}

/// Deletes the resource of `kind` with this ARN, and the resources it owns.
pub fn delete(
    store: &mut Store,
    scope: &Scope,
    kind: &'static Kind,
    arn: &str,
) -> Result<(), ApiError> {
    let entry = store
        .get(scope, kind.resource_type, arn)
        .ok_or_else(|| ApiError::not_found(arn))?;
    let flagged = entry.in_use;
    for referrer in KINDS {
        for reference in referrer.references {
            if reference.resource_type != kind.resource_type {
                continue;
            }
            let users = store.select(scope, referrer.resource_type, |r| {
                text(r, reference.member) == arn
            });
            if flagged || !users.is_empty() {
                return Err(ApiError::conflict(format!(
                    "{} {arn} is associated with a {}; set the {}'s {} to \"\" before deleting it",
                    capitalized(kind.what),
                    referrer.what,
                    referrer.what,
                    reference.member
                )));
            }
        }
    }
    if flagged {
        return Err(ApiError::conflict(format!(
            "{} {arn} is in use",
            capitalized(kind.what)
        )));
    }
    store.remove(scope, kind.resource_type, arn);
    for owned in KINDS {
        if let Some(owner) = owned
            .owner
            .as_ref()
            .filter(|o| o.resource_type == kind.resource_type)
        {
            for resource in
                store.select(scope, owned.resource_type, |r| text(r, owner.member) == arn)
            {
                store.remove(scope, owned.resource_type, text(&resource, "arn"));
            }
        }
    }
    Ok(())
}

fn capitalized(what: &str) -> String {
    let mut chars = what.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The stored resource of any kind with this ARN, to change its tags.
fn tagged<'s>(
    store: &'s mut Store,
    scope: &Scope,
    arn: &str,
) -> Result<&'s mut Resource, ApiError> {
    let kind = IvsArn::parse(arn)
        .and_then(|parsed| kinds::by_resource_type(parsed.resource_type))
        .ok_or_else(|| ApiError::not_found(arn))?;
    store
        .get_mut(scope, kind.resource_type, arn)
        .map(|entry| &mut entry.resource)
        .ok_or_else(|| ApiError::not_found(arn))
}

/// Adds or replaces tags on a resource of any kind.
pub fn tag(
    store: &mut Store,
    scope: &Scope,
    arn: &str,
    tags: Map<String, Value>,
) -> Result<(), ApiError> {
    check_reserved_tag_keys(tags.keys())?;
    let resource = tagged(store, scope, arn)?;
    let mut merged = resource
        .get("tags")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    merged.extend(tags);
    if merged.len() > MAX_TAGS {
        return Err(ApiError::validation(format!(
            "Resource {arn} would have {} tags; at most {MAX_TAGS} are allowed",
            merged.len()
        )));
    }
    resource.insert("tags".to_owned(), Value::Object(merged));
    Ok(())
}

/// Removes tags (missing keys are ignored) from a resource of any kind.
pub fn untag(store: &mut Store, scope: &Scope, arn: &str, keys: &[Value]) -> Result<(), ApiError> {
    let resource = tagged(store, scope, arn)?;
    if let Some(Value::Object(tags)) = resource.get_mut("tags") {
        for key in keys.iter().filter_map(Value::as_str) {
            tags.remove(key);
        }
    }
    Ok(())
}

/// The tags of a resource of any kind.
pub fn tags(store: &mut Store, scope: &Scope, arn: &str) -> Result<Value, ApiError> {
    let resource = tagged(store, scope, arn)?;
    Ok(resource.get("tags").cloned().unwrap_or_else(|| json!({})))
}
