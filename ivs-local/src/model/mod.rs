//! botocore's `ivs` service model, as ivs-local embeds it: `ivs-local/model/ivs.json`, written by
//! `cargo xtask model` (operations, HTTP bindings, shapes and constraints; no documentation).
//!
//! Everything ivs-local knows of the API's wire form comes from here: which method and path is
//! which operation ([`binding`]), where each input member travels, and every constraint a
//! member must meet ([`validate`]). Kinds add only behaviour the model cannot express.

pub mod binding;
pub mod validate;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// `Tags`: a map of tag keys to values.
pub type Tags = BTreeMap<String, String>;

/// The model file, checked against its digest by xtask's tests.
const MODEL_JSON: &str = include_str!("../../model/ivs.json");

/// The part of the model file ivs-local reads.
#[derive(Debug, Deserialize)]
struct ModelFile {
    model: ServiceModel,
}

/// Operations and shapes, by name.
#[derive(Debug, Deserialize)]
pub struct ServiceModel {
    pub operations: BTreeMap<String, OperationModel>,
    pub shapes: BTreeMap<String, Shape>,
}

/// One operation: its HTTP binding and its input and output shapes.
#[derive(Debug, Deserialize)]
pub struct OperationModel {
    pub http: Http,
    pub input: Option<ShapeRef>,
    pub output: Option<ShapeRef>,
}

/// Method, path template (`/tags/{resourceArn}`) and success status.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Http {
    pub method: String,
    pub request_uri: String,
    pub response_code: Option<u16>,
}

/// A reference to a shape by name.
#[derive(Debug, Deserialize)]
pub struct ShapeRef {
    pub shape: String,
}

/// A member of a structure: its shape and where it travels (`uri`, `querystring`, `header`;
/// none for the JSON body).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub shape: String,
    pub location: Option<String>,
    pub location_name: Option<String>,
}

/// A shape with the constraints ivs-local checks.
#[derive(Debug, Deserialize)]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub members: BTreeMap<String, Member>,
    #[serde(default)]
    pub required: Vec<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub pattern: Option<String>,
    #[serde(rename = "enum")]
    pub values: Option<Vec<String>>,
    /// The element shape of a list.
    pub member: Option<ShapeRef>,
    /// The key and value shapes of a map.
    pub key: Option<ShapeRef>,
    pub value: Option<ShapeRef>,
}

static MODEL: LazyLock<ServiceModel> = LazyLock::new(|| {
    serde_json::from_str::<ModelFile>(MODEL_JSON)
        .unwrap_or_else(|e| unreachable!("the embedded model is checked by tests: {e}"))
        .model
});

/// The IVS model.
pub fn model() -> &'static ServiceModel {
    &MODEL
}

impl ServiceModel {
    /// The shape named `name`; every name the model uses exists (tests load them all).
    pub fn shape(&self, name: &str) -> &Shape {
        self.shapes
            .get(name)
            .unwrap_or_else(|| unreachable!("the model has no shape {name}"))
    }

    /// The operation named `name`, which ivs-local's kinds only name from the model.
    pub fn operation(&self, name: &str) -> &OperationModel {
        self.operations
            .get(name)
            .unwrap_or_else(|| unreachable!("the model has no operation {name}"))
    }

    /// The members of the structure `shape`.
    pub fn members(&self, shape: &str) -> &BTreeMap<String, Member> {
        &self.shape(shape).members
    }

    /// The shape of member `member` of structure `shape`, if it has one.
    pub fn member_shape(&self, shape: &str, member: &str) -> Option<&Shape> {
        self.members(shape)
            .get(member)
            .map(|m| self.shape(&m.shape))
    }

    /// The input shape of `operation` (every IVS operation has one).
    pub fn input_shape(&self, operation: &str) -> &str {
        self.operation(operation)
            .input
            .as_ref()
            .map_or("", |input| input.shape.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_the_model_names_exists() {
        let model = model();
        for (name, operation) in &model.operations {
            for shape in [&operation.input, &operation.output].into_iter().flatten() {
                assert!(model.shapes.contains_key(&shape.shape), "{name}");
            }
        }
        for (name, shape) in &model.shapes {
            let referenced = shape.members.values().map(|m| &m.shape).chain(
                [&shape.member, &shape.key, &shape.value]
                    .into_iter()
                    .flatten()
                    .map(|r| &r.shape),
            );
            for target in referenced {
                assert!(model.shapes.contains_key(target), "{name} -> {target}");
            }
        }
    }
}
