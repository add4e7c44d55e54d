//! Reading data sources of any kind through terraform: a configuration of several data blocks,
//! applied, with each block's whole value as an output, compared field by field with what the
//! API's Get answered.

use serde_json::Value;

use super::{Workspace, local_provider_body, off_runtime, provider_config};

/// A configuration for `endpoint` with `data "<type>" "d<i>" { <arguments> }` for each of
/// `blocks` (arguments as whole lines), and its whole value as the sensitive output `d<i>`.
pub fn data_blocks(endpoint: &str, blocks: &[(&str, String)]) -> String {
    let mut config = provider_config(&local_provider_body(endpoint, ""));
    for (i, (data_type, arguments)) in blocks.iter().enumerate() {
        config += &format!(
            "\ndata \"{data_type}\" \"d{i}\" {{\n{arguments}}}\n\noutput \"d{i}\" {{\n  value     = data.{data_type}.d{i}\n  sensitive = true\n}}\n"
        );
    }
    config
}

/// Applies `config` (from [`data_blocks`]), checks that a second plan finds nothing to change,
/// and returns the value of each block, in order.
pub async fn apply_and_read(config: String, blocks: usize) -> Vec<Value> {
    let outputs = off_runtime(Workspace::new(&config), |workspace| {
        let run = workspace.apply();
        assert!(run.success, "terraform apply failed:\n{}", run.text());
        workspace.assert_plan_empty();
        workspace.outputs()
    })
    .await;
    (0..blocks)
        .map(|i| outputs[format!("d{i}")]["value"].clone())
        .collect()
}

/// Asserts that `actual` has exactly the fields of `expected`, with the same values.
pub fn assert_fields_equal(actual: &Value, expected: &Value, what: &str) {
    let expected = expected.as_object().expect("expected is an object");
    let actual_fields = actual.as_object().expect("output is an object");
    assert_eq!(
        actual_fields.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{what}: the output has exactly the schema's attributes"
    );
    for (name, value) in expected {
        assert_eq!(&actual[name], value, "{what}: field {name}");
    }
}

/// The region of an IVS ARN (`arn:aws:ivs:<region>:...`).
pub fn region_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(3)
}

/// For a kind with names: each of `expected` (what the singular must show, from the Get
/// answer) read by ARN and, where it has a name, by name; and the plural `plural` (whose list
/// attribute is `list_attribute`) of the whole region, and filtered by `tags`, listing them
/// sorted by ARN. ivs-local must hold nothing else of the kind.
pub async fn assert_named_kind_reads(
    endpoint: &str,
    (singular, plural, list_attribute): (&str, &str, &str),
    expected: &[Value],
    tags: &str,
) {
    let mut blocks = Vec::new();
    let mut wanted = Vec::new();
    for (i, one) in expected.iter().enumerate() {
        blocks.push((singular, format!("  arn = {}\n", one["arn"])));
        wanted.push((i, format!("{singular} by arn")));
        if one["name"].as_str().is_some_and(|n| !n.is_empty()) {
            blocks.push((singular, format!("  name = {}\n", one["name"])));
            wanted.push((i, format!("{singular} by name")));
        }
    }
    blocks.push((plural, String::new()));
    blocks.push((plural, format!("  tags = {tags}\n")));
    let read = apply_and_read(data_blocks(endpoint, &blocks), blocks.len()).await;
    for (block, (i, what)) in wanted.iter().enumerate() {
        assert_fields_equal(&read[block], &expected[*i], &format!("{what} {i}"));
    }
    let mut sorted: Vec<&Value> = expected.iter().collect();
    sorted.sort_by_key(|one| one["arn"].as_str().unwrap_or_default().to_owned());
    let all = &read[read.len() - 2];
    let listed = all[list_attribute].as_array().expect("a list");
    assert_eq!(listed.len(), sorted.len(), "{plural} lists every one");
    for (item, one) in listed.iter().zip(&sorted) {
        assert_fields_equal(item, one, &format!("{plural} item"));
    }
    let arns: Vec<&Value> = sorted.iter().map(|one| &one["arn"]).collect();
    assert_eq!(
        all["arns"].as_array().unwrap().iter().collect::<Vec<_>>(),
        arns
    );
    // The tags filter: those that have every tag of `tags`, which the caller chose to be some.
    let tagged = &read[read.len() - 1];
    let kept = tagged["arns"].as_array().expect("arns").len();
    assert!(
        kept > 0 && kept < sorted.len(),
        "{plural} with tags {tags}: {tagged}"
    );
}

/// Plans and applies `config` (from [`data_blocks`]), whose blocks `data` (addresses such as
/// `data.ivs_stream_key.d0`) read an ARN known only after apply: asserts that the plan defers
/// each read to apply, and that `operation` was called `calls` times, all at apply. Returns the
/// outputs.
pub async fn apply_deferred(
    server: &ivs_local::Server,
    config: String,
    data: &[&'static str],
    operation: &'static str,
    calls: usize,
) -> Value {
    let before = server.request_count(operation);
    let workspace = Workspace::new(&config);
    // On this thread, counting between the two runs; the multi-threaded runtime's other
    // workers go on serving ivs-local meanwhile.
    let plan = tokio::task::block_in_place(|| workspace.plan());
    let counted_at_plan = server.request_count(operation);
    let (apply, outputs) = tokio::task::block_in_place(|| (workspace.apply(), workspace.outputs()));
    assert!(plan.success, "{}", plan.text());
    for address in data {
        assert!(
            plan.text()
                .contains(&format!("{address} will be read during apply")),
            "{}",
            plan.text()
        );
    }
    assert_eq!(counted_at_plan, before, "{operation} was called at plan");
    assert!(apply.success, "{}", apply.text());
    assert_eq!(
        server.request_count(operation),
        before + calls,
        "{operation} at apply"
    );
    outputs
}
