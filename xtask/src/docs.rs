//! Registry docs generated from the schemas, in the layout and front matter `tfplugindocs`
//! produces: `docs/index.md` for the provider, `docs/data-sources/<name>.md` for each data source
//! and `docs/ephemeral-resources/<name>.md` for each ephemeral resource (the provider's prefix
//! `ivs_` dropped), `docs/functions/<name>.md` for each function, with the examples of
//! `examples/` in the tfplugindocs layout. `templates/index.md.tmpl` holds the provider page's prose (authentication,
//! precedence); it may use `{{ .Description }}`, `{{ .SchemaMarkdown }}` and
//! `{{ tffile "path" }}`, as a tfplugindocs template does.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use terraform_provider_ivs::functions::Function;
use terraform_provider_ivs::provider::Provider;
use terraform_provider_ivs::schema::{Attribute, AttributeKind, Block, Mode, Schema};
use terraform_provider_ivs::values::Type;

/// The provider's local name: the prefix of its type names.
const PROVIDER_NAME: &str = "ivs";
const INDEX_TEMPLATE: &str = "templates/index.md.tmpl";

/// Every file of `docs/`, by path relative to the project root, with its content.
pub fn render(root: &Path) -> Result<BTreeMap<String, String>> {
    let provider = Provider::new();
    let mut files = BTreeMap::new();
    files.insert("docs/index.md".to_owned(), index(root, provider.schema())?);
    for (type_name, schema) in provider.data_sources() {
        files.insert(
            format!("docs/data-sources/{}.md", short_name(type_name)),
            data_source(root, type_name, schema)?,
        );
    }
    for (type_name, schema) in provider.ephemeral_resources() {
        files.insert(
            format!("docs/ephemeral-resources/{}.md", short_name(type_name)),
            ephemeral_resource(root, type_name, schema)?,
        );
    }
    for function in provider.functions() {
        files.insert(
            format!("docs/functions/{}.md", function.name()),
            function_page(root, function)?,
        );
    }
    Ok(files)
}

/// Writes `docs/`, removing pages of data sources that no longer exist.
pub fn write(root: &Path) -> Result<()> {
    let files = render(root)?;
    for stale in stale_pages(root, &files)? {
        std::fs::remove_file(root.join(&stale)).with_context(|| format!("removing {stale}"))?;
    }
    for (path, content) in &files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("docs/ paths have a parent"))?;
        std::fs::write(&path, content).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Fails, naming the files, when `docs/` is not what [`write`] would make.
pub fn check(root: &Path) -> Result<()> {
    let files = render(root)?;
    let mut differing: Vec<String> = files
        .iter()
        .filter(|(path, content)| {
            std::fs::read_to_string(root.join(path)).ok().as_ref() != Some(content)
        })
        .map(|(path, _)| path.clone())
        .collect();
    differing.extend(stale_pages(root, &files)?);
    if !differing.is_empty() {
        bail!(
            "docs/ is out of date ({}); run `cargo xtask docs` and commit the result",
            differing.join(", ")
        );
    }
    Ok(())
}

/// Markdown files under `docs/` that rendering does not produce.
fn stale_pages(root: &Path, files: &BTreeMap<String, String>) -> Result<Vec<String>> {
    let mut stale = Vec::new();
    for dir in [
        "docs",
        "docs/data-sources",
        "docs/ephemeral-resources",
        "docs/functions",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let name = entry?.file_name().to_string_lossy().into_owned();
            let path = format!("{dir}/{name}");
            if name.ends_with(".md") && !files.contains_key(&path) {
                stale.push(path);
            }
        }
    }
    Ok(stale)
}

fn index(root: &Path, schema: &Schema) -> Result<String> {
    let template = read(root, INDEX_TEMPLATE)?;
    let mut page = template
        .replace("{{ .Description }}", schema.block.description.trim())
        .replace(
            "{{ .SchemaMarkdown }}",
            schema_markdown(&schema.block).trim(),
        );
    while let Some(start) = page.find("{{ tffile \"") {
        let rest = &page[start + "{{ tffile \"".len()..];
        let Some(end) = rest.find("\" }}") else {
            bail!("{INDEX_TEMPLATE}: unterminated tffile placeholder");
        };
        let file = rest[..end].to_owned();
        let block = terraform_block(&read(root, &file)?);
        page.replace_range(
            start..start + "{{ tffile \"".len() + end + "\" }}".len(),
            &block,
        );
    }
    Ok(page)
}

fn data_source(root: &Path, type_name: &str, schema: &Schema) -> Result<String> {
    schema_page(
        root,
        type_name,
        schema,
        "Data Source",
        &format!("examples/data-sources/{type_name}/data-source.tf"),
    )
}

fn ephemeral_resource(root: &Path, type_name: &str, schema: &Schema) -> Result<String> {
    schema_page(
        root,
        type_name,
        schema,
        "Ephemeral Resource",
        &format!("examples/ephemeral-resources/{type_name}/ephemeral-resource.tf"),
    )
}

/// A page's file name: the type name without the provider's prefix (`ivs_`), as tfplugindocs
/// names them.
fn short_name(type_name: &str) -> &str {
    type_name
        .strip_prefix(&format!("{PROVIDER_NAME}_"))
        .unwrap_or(type_name)
}

/// The "Example Usage" section showing the file `example`, or nothing if there is none.
fn example_usage(root: &Path, example: &str) -> Result<String> {
    if !root.join(example).exists() {
        return Ok(String::new());
    }
    Ok(format!(
        "## Example Usage\n\n{}\n\n",
        terraform_block(&read(root, example)?)
    ))
}

/// A page of a schema (data source, ephemeral resource): front matter, title, description,
/// the example at `example` if there is one, the schema.
fn schema_page(
    root: &Path,
    type_name: &str,
    schema: &Schema,
    what: &str,
    example: &str,
) -> Result<String> {
    let description = schema.block.description.trim();
    let mut page = format!(
        "---\n# generated by `cargo xtask docs` from the provider's schema; do not edit\n\
         page_title: \"{type_name} {what} - {PROVIDER_NAME}\"\nsubcategory: \"\"\n\
         description: |-\n{}\n---\n\n# {type_name} ({what})\n\n{description}\n\n",
        indent(description, "  ")
    );
    page.push_str(&example_usage(root, example)?);
    page.push_str(schema_markdown(&schema.block).trim());
    page.push('\n');
    Ok(page)
}

/// A function's page as tfplugindocs writes one: summary in the front matter, description,
/// example (`examples/functions/<name>/function.tf`), signature, numbered arguments.
fn function_page(root: &Path, function: &dyn Function) -> Result<String> {
    let name = function.name();
    let signature = function.signature();
    let mut page = format!(
        "---\n# generated by `cargo xtask docs` from the provider's functions; do not edit\n\
         page_title: \"{name} function - {PROVIDER_NAME}\"\nsubcategory: \"\"\n\
         description: |-\n{}\n---\n\n# function: {name}\n\n{}\n\n",
        indent(signature.summary.trim(), "  "),
        signature.description.trim()
    );
    page.push_str(&example_usage(
        root,
        &format!("examples/functions/{name}/function.tf"),
    )?);
    let parameters: Vec<String> = signature
        .parameters
        .iter()
        .map(|p| format!("{} {}", p.name, signature_type(&p.ty)))
        .collect();
    page.push_str(&format!(
        "## Signature\n\n<!-- signature generated by cargo xtask docs -->\n```text\n\
         {name}({}) {}\n```\n\n## Arguments\n\n<!-- arguments generated by cargo xtask docs -->\n",
        parameters.join(", "),
        signature_type(&signature.returns)
    ));
    for (index, parameter) in signature.parameters.iter().enumerate() {
        page.push_str(&format!(
            "{}. `{}` ({}) {}\n",
            index + 1,
            parameter.name,
            type_name(&parameter.ty),
            parameter
                .description
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    Ok(page)
}

/// Types in a function signature, as tfplugindocs writes them (`string`, `object`).
fn signature_type(ty: &Type) -> String {
    match ty {
        Type::String => "string".into(),
        Type::Number => "number".into(),
        Type::Bool => "bool".into(),
        Type::List(element) => format!("list of {}", signature_type(element)),
        Type::Set(element) => format!("set of {}", signature_type(element)),
        Type::Map(element) => format!("map of {}", signature_type(element)),
        Type::Object(_) => "object".into(),
    }
}

/// The "Schema" section as tfplugindocs writes it: top-level attributes and blocks grouped as
/// Required / Optional / Read-Only, then one "Nested Schema" section per nested object.
fn schema_markdown(block: &Block) -> String {
    let mut out = String::from("<!-- schema generated by cargo xtask docs -->\n## Schema\n");
    let mut nested = Vec::new();
    out.push_str(&groups(block, "", &mut nested, true));
    while !nested.is_empty() {
        let (anchor, path, inner) = nested.remove(0);
        out.push_str(&format!(
            "\n<a id=\"{anchor}\"></a>\n### Nested Schema for `{path}`\n"
        ));
        let mut deeper = Vec::new();
        out.push_str(&groups(&inner, &path, &mut deeper, false));
        // Depth-first, as tfplugindocs orders them.
        nested.splice(0..0, deeper);
    }
    out
}

/// (anchor, dotted path, contents) of a nested schema still to write.
type Pending = (String, String, Block);

fn groups(block: &Block, path: &str, nested: &mut Vec<Pending>, top: bool) -> String {
    let mut out = String::new();
    for (title, modes) in [
        ("Required", &[Mode::Required][..]),
        // tfplugindocs lists optional-and-computed arguments with the optional ones.
        ("Optional", &[Mode::Optional, Mode::OptionalComputed][..]),
        ("Read-Only", &[Mode::Computed][..]),
    ] {
        let mut lines = Vec::new();
        let mut items: Vec<(&str, String)> = Vec::new();
        for attribute in block.attributes.iter().filter(|a| modes.contains(&a.mode)) {
            items.push((attribute.name, attribute_line(attribute, path, nested)));
        }
        if title == "Optional" {
            // Nested blocks of a configuration are optional: none of ours is required.
            for child in &block.blocks {
                let dotted = dotted(path, child.name);
                let anchor = format!("nestedblock--{}", dotted.replace('.', "--"));
                items.push((
                    child.name,
                    format!(
                        "- `{}` (Block, Optional) {}(see [below for nested schema](#{anchor}))",
                        child.name,
                        sentence(&child.block.description)
                    ),
                ));
                nested.push((anchor, dotted, child.block.clone()));
            }
        }
        items.sort_by(|a, b| a.0.cmp(b.0));
        lines.extend(items.into_iter().map(|(_, line)| line));
        if lines.is_empty() {
            continue;
        }
        if top {
            out.push_str(&format!("\n### {title}\n\n"));
        } else {
            out.push_str(&format!("\n{title}:\n\n"));
        }
        out.push_str(&lines.join("\n"));
        out.push('\n');
    }
    nested.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

fn attribute_line(attribute: &Attribute, path: &str, nested: &mut Vec<Pending>) -> String {
    let sensitive = if attribute.sensitive {
        ", Sensitive"
    } else {
        ""
    };
    let description = sentence(&attribute.description);
    match &attribute.kind {
        AttributeKind::Plain(ty) => format!(
            "- `{}` ({}{sensitive}) {description}",
            attribute.name,
            type_name(ty)
        )
        .trim_end()
        .to_owned(),
        AttributeKind::SingleNested(attributes) | AttributeKind::ListNested(attributes) => {
            let kind = match attribute.kind {
                AttributeKind::ListNested(_) => "Attributes List",
                _ => "Attributes",
            };
            let dotted = dotted(path, attribute.name);
            let anchor = format!("nestedatt--{}", dotted.replace('.', "--"));
            nested.push((
                anchor.clone(),
                dotted,
                Block {
                    attributes: attributes.clone(),
                    ..Block::default()
                },
            ));
            format!(
                "- `{}` ({kind}{sensitive}) {description}(see [below for nested schema](#{anchor}))",
                attribute.name
            )
        }
    }
}

/// A description followed by one space, or nothing when there is none.
fn sentence(description: &str) -> String {
    let text = description.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() { text } else { text + " " }
}

fn dotted(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Type names as tfplugindocs writes them.
fn type_name(ty: &Type) -> String {
    match ty {
        Type::String => "String".into(),
        Type::Number => "Number".into(),
        Type::Bool => "Boolean".into(),
        Type::List(element) => format!("List of {}", type_name(element)),
        Type::Set(element) => format!("Set of {}", type_name(element)),
        Type::Map(element) => format!("Map of {}", type_name(element)),
        Type::Object(_) => "Object".into(),
    }
}

fn terraform_block(content: &str) -> String {
    format!("```terraform\n{}\n```", content.trim_end())
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|line| format!("{prefix}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn read(root: &Path, path: &str) -> Result<String> {
    std::fs::read_to_string(root.join(path)).with_context(|| format!("reading {path}"))
}
