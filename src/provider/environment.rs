//! Reading the process environment: the AWS variables a setting falls back to when the provider
//! block does not set it. A leaf: every module that reads a variable takes it from here.

/// The variable `name`, if it is set to something other than the empty string.
pub fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// A setting's value and where it came from, for messages: the argument or the variable.
#[derive(Debug, Clone)]
pub struct Setting {
    pub value: String,
    pub source: String,
}

/// The first of the argument `name` (its value `argument`) and the environment variables `vars`
/// that is set; a variable holding only blanks counts as unset.
pub fn setting(argument: &Option<String>, name: &str, vars: &[&str]) -> Option<Setting> {
    if let Some(value) = argument {
        return Some(Setting {
            value: value.clone(),
            source: format!("`{name}`"),
        });
    }
    vars.iter().find_map(|var| {
        std::env::var(var)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .map(|value| Setting {
                value,
                source: var.to_string(),
            })
    })
}
