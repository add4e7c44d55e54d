//! The resource types of IVS and IVS Chat ARNs, and the service each belongs to: what the ARN
//! functions accept.

/// `(resource type, service)`: low-latency streaming, real-time streaming, then chat.
pub const RESOURCE_TYPES: [(&str, &str); 12] = [
    ("channel", "ivs"),
    ("stream-key", "ivs"),
    ("playback-key", "ivs"),
    ("recording-configuration", "ivs"),
    ("playback-restriction-policy", "ivs"),
    ("ad-configuration", "ivs"),
    ("failover-slate-configuration", "ivs"),
    ("stage", "ivs"),
    ("encoder-configuration", "ivs"),
    ("storage-configuration", "ivs"),
    ("room", "ivschat"),
    ("logging-configuration", "ivschat"),
];

/// The service of `resource_type`, if it is one of [`RESOURCE_TYPES`].
pub fn service_of(resource_type: &str) -> Option<&'static str> {
    RESOURCE_TYPES
        .iter()
        .find(|(name, _)| *name == resource_type)
        .map(|(_, service)| *service)
}

/// The resource types, for an error message: `channel, stream-key, ..., logging-configuration`.
pub fn listed() -> String {
    let names: Vec<&str> = RESOURCE_TYPES.iter().map(|(name, _)| *name).collect();
    names.join(", ")
}

/// The resource types as Markdown: each with its service.
pub fn markdown_list() -> String {
    RESOURCE_TYPES
        .iter()
        .map(|(name, service)| format!("- `{name}` ({service})\n"))
        .collect()
}
