//! Schemas, declared once in Rust: the provider's and each data source's.
//!
//! The same declaration gives the protocol schema (converted once by the tfplugin6 layer), the cty
//! type that directs the value codec, and the documentation (every attribute has a description).

use std::borrow::Cow;

use crate::values::Type;

/// A description: usually a literal, sometimes made from a kind's names.
pub type Text = Cow<'static, str>;

/// A versioned schema: the provider configuration or one data source.
#[derive(Debug, Clone)]
pub struct Schema {
    pub version: i64,
    pub block: Block,
}

/// A configuration block: attributes and nested blocks.
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub description: Text,
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<NestedBlock>,
}

/// Who sets an attribute: the practitioner, the provider, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Required,
    Optional,
    Computed,
    /// Set by the practitioner, or else by the provider (a lookup key the other key fills in).
    OptionalComputed,
}

/// An attribute's type: a plain cty type, or attributes nested in a single object.
#[derive(Debug, Clone)]
pub enum AttributeKind {
    Plain(Type),
    /// Nested attributes (protocol 6), one object, null when absent.
    SingleNested(Vec<Attribute>),
    /// Nested attributes (protocol 6), a list of objects.
    ListNested(Vec<Attribute>),
}

#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: &'static str,
    pub kind: AttributeKind,
    pub description: Text,
    pub mode: Mode,
    pub sensitive: bool,
}

impl Attribute {
    pub fn required(name: &'static str, ty: Type, description: impl Into<Text>) -> Self {
        Self::new(name, AttributeKind::Plain(ty), Mode::Required, description)
    }

    pub fn optional(name: &'static str, ty: Type, description: impl Into<Text>) -> Self {
        Self::new(name, AttributeKind::Plain(ty), Mode::Optional, description)
    }

    pub fn computed(name: &'static str, ty: Type, description: impl Into<Text>) -> Self {
        Self::new(name, AttributeKind::Plain(ty), Mode::Computed, description)
    }

    /// A computed object whose members are themselves described attributes.
    pub fn computed_object(
        name: &'static str,
        attributes: Vec<Attribute>,
        description: impl Into<Text>,
    ) -> Self {
        Self::new(
            name,
            AttributeKind::SingleNested(attributes),
            Mode::Computed,
            description,
        )
    }

    /// A computed list of objects whose members are themselves described attributes.
    pub fn computed_list(
        name: &'static str,
        attributes: Vec<Attribute>,
        description: impl Into<Text>,
    ) -> Self {
        Self::new(
            name,
            AttributeKind::ListNested(attributes),
            Mode::Computed,
            description,
        )
    }

    /// The same attribute, set by `mode` and described as `description`: a shared computed
    /// attribute that one data source takes as an argument.
    pub fn as_argument(mut self, mode: Mode, description: impl Into<Text>) -> Self {
        self.mode = mode;
        self.description = description.into();
        self
    }

    /// Marks the attribute as sensitive: Terraform hides its value in plans and output.
    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    fn new(
        name: &'static str,
        kind: AttributeKind,
        mode: Mode,
        description: impl Into<Text>,
    ) -> Self {
        Attribute {
            name,
            kind,
            description: description.into(),
            mode,
            sensitive: false,
        }
    }

    /// The cty type of this attribute's value.
    pub fn value_type(&self) -> Type {
        match &self.kind {
            AttributeKind::Plain(ty) => ty.clone(),
            AttributeKind::SingleNested(attributes) => object_type(attributes, &[]),
            AttributeKind::ListNested(attributes) => Type::list(object_type(attributes, &[])),
        }
    }
}

/// How a nested block may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    /// At most one; its value is an object, or null when the block is absent.
    Single,
}

#[derive(Debug, Clone)]
pub struct NestedBlock {
    pub name: &'static str,
    pub nesting: Nesting,
    pub block: Block,
}

impl Block {
    /// The cty object type of a value of this block.
    pub fn value_type(&self) -> Type {
        object_type(&self.attributes, &self.blocks)
    }

    /// The attribute of that name, if the block declares it.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

fn object_type(attributes: &[Attribute], blocks: &[NestedBlock]) -> Type {
    let attribute_types = attributes.iter().map(|a| (a.name, a.value_type()));
    let block_types = blocks.iter().map(|b| match b.nesting {
        Nesting::Single => (b.name, b.block.value_type()),
    });
    Type::object(attribute_types.chain(block_types))
}
