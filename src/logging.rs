//! Logs as hclog JSON lines on stderr: go-plugin parses them, so `TF_LOG=debug terraform plan`
//! shows them at their level under the provider's name. The level comes from `TF_LOG_PROVIDER`,
//! else `TF_LOG`, as with providers built on HashiCorp's SDKs.

use std::fmt;

use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

/// The level for a `TF_LOG`-style value; `None` turns logging off.
pub fn level_from(value: Option<&str>) -> Option<Level> {
    match value.map(|v| v.trim().to_ascii_uppercase()).as_deref() {
        Some("TRACE") | Some("JSON") => Some(Level::TRACE),
        Some("DEBUG") => Some(Level::DEBUG),
        Some("INFO") => Some(Level::INFO),
        Some("WARN") => Some(Level::WARN),
        Some("ERROR") => Some(Level::ERROR),
        Some("OFF") => None,
        // Unset or unrecognised: warnings and errors only; Terraform drops them unless it logs.
        _ => Some(Level::WARN),
    }
}

/// Installs the stderr logger for this process.
pub fn init() {
    let setting = std::env::var("TF_LOG_PROVIDER")
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| std::env::var("TF_LOG").ok());
    let Some(level) = level_from(setting.as_deref()) else {
        return;
    };
    // Our own events at the level asked for; the libraries below us (HTTP/2 frames, the AWS
    // SDK's internals) only at TRACE, where someone is debugging the transport itself.
    let libraries = if level == Level::TRACE {
        Level::DEBUG
    } else {
        Level::WARN.min(level)
    };
    let filter = Targets::new()
        .with_default(libraries)
        .with_target("terraform_provider_ivs", level);
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .event_format(HclogJson)
        .finish()
        .with(filter)
        .try_init();
}

/// One JSON object per event: `@level`, `@message`, `@module`, `@timestamp`, then the fields.
pub struct HclogJson;

impl<S, N> FormatEvent<S, N> for HclogJson
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        _ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        writeln!(writer, "{}", hclog_line(event))
    }
}

fn hclog_line(event: &Event<'_>) -> Value {
    let mut fields = FieldsAsJson::default();
    event.record(&mut fields);
    let mut line = Map::new();
    let level = event.metadata().level().as_str().to_ascii_lowercase();
    line.insert("@level".into(), Value::String(level));
    let message = fields
        .0
        .remove("message")
        .unwrap_or(Value::String(String::new()));
    line.insert("@message".into(), message);
    line.insert("@module".into(), Value::String("provider".into()));
    let now = humantime::format_rfc3339_micros(std::time::SystemTime::now()).to_string();
    line.insert("@timestamp".into(), Value::String(now));
    line.append(&mut fields.0);
    Value::Object(line)
}

#[derive(Default)]
struct FieldsAsJson(Map<String, Value>);

impl Visit for FieldsAsJson {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0
            .insert(field.name().into(), Value::String(value.into()));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .insert(field.name().into(), Value::String(format!("{value:?}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_terraform_log_levels() {
        assert_eq!(level_from(Some("debug")), Some(Level::DEBUG));
        assert_eq!(level_from(Some("TRACE")), Some(Level::TRACE));
        assert_eq!(level_from(Some("json")), Some(Level::TRACE));
        assert_eq!(level_from(Some("off")), None);
        assert_eq!(level_from(None), Some(Level::WARN));
    }
}
