//! Converts our schema declarations to the protocol's `Schema` messages.

use super::proto;
use crate::schema::{Attribute, AttributeKind, Block, Mode, NestedBlock, Nesting, Schema};

pub fn schema(schema: &Schema) -> proto::Schema {
    proto::Schema {
        version: schema.version,
        block: Some(block(&schema.block)),
    }
}

fn block(block: &Block) -> proto::schema::Block {
    proto::schema::Block {
        version: 0,
        attributes: block.attributes.iter().map(attribute).collect(),
        block_types: block.blocks.iter().map(nested_block).collect(),
        description: block.description.to_string(),
        description_kind: proto::StringKind::Markdown as i32,
        deprecated: false,
        deprecation_message: String::new(),
    }
}

fn attribute(attribute: &Attribute) -> proto::schema::Attribute {
    let (type_json, nested_type) = match &attribute.kind {
        AttributeKind::Plain(ty) => (ty.to_json_bytes(), None),
        AttributeKind::SingleNested(members) => (
            Vec::new(),
            Some(nested(members, proto::schema::object::NestingMode::Single)),
        ),
        AttributeKind::ListNested(members) => (
            Vec::new(),
            Some(nested(members, proto::schema::object::NestingMode::List)),
        ),
    };
    proto::schema::Attribute {
        name: attribute.name.to_owned(),
        r#type: type_json,
        nested_type,
        description: attribute.description.to_string(),
        required: attribute.mode == Mode::Required,
        optional: matches!(attribute.mode, Mode::Optional | Mode::OptionalComputed),
        computed: matches!(attribute.mode, Mode::Computed | Mode::OptionalComputed),
        sensitive: attribute.sensitive,
        description_kind: proto::StringKind::Markdown as i32,
        deprecated: false,
        write_only: false,
        deprecation_message: String::new(),
    }
}

fn nested(
    members: &[Attribute],
    nesting: proto::schema::object::NestingMode,
) -> proto::schema::Object {
    proto::schema::Object {
        attributes: members.iter().map(attribute).collect(),
        nesting: nesting as i32,
        ..Default::default()
    }
}

fn nested_block(nested: &NestedBlock) -> proto::schema::NestedBlock {
    let nesting = match nested.nesting {
        Nesting::Single => proto::schema::nested_block::NestingMode::Single,
    };
    proto::schema::NestedBlock {
        type_name: nested.name.to_owned(),
        block: Some(block(&nested.block)),
        nesting: nesting as i32,
        min_items: 0,
        max_items: 0,
    }
}
