//! Calling AWS and saying what went wrong, each concern in its own file: counting the attempts
//! of a call ([`attempts`]), knowing the endpoint a request really went to ([`endpoint`]),
//! classifying a failed call once ([`failure`]), and wording it for people ([`wording`], every
//! text in that one place). "Not found" is said only when IVS itself said so.

mod attempts;
mod endpoint;
mod failure;
mod wording;

pub use attempts::send;
pub use endpoint::{SendFailed, SentTo, endpoint_used};
pub use failure::Failure;
pub use wording::{Call, Subject};
