//! The kinds of IVS resource the provider reads, one file each. A kind is registered by its
//! line in [`kinds!`]: that line declares its module and gives it its singular and plural data
//! sources, so adding a kind is its file and that one line.

use super::kind::Kind;
use super::plural::Plural;
use super::{DataSource, Make};

/// `module::Kind` per line: declares each module and registers its kind, in this order.
macro_rules! kinds {
    ($($module:ident :: $kind:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// The data sources of every kind: each one's type name, and how to make it.
        pub fn data_sources() -> Vec<(&'static str, Make)> {
            let mut all = Vec::new();
            $(add::<$module::$kind>(&mut all);)*
            all
        }
    };
}

kinds! {
    recording_configuration::RecordingConfiguration,
    channel::Channel,
    stream_key::StreamKey,
    playback_key_pair::PlaybackKeyPair,
    playback_restriction_policy::PlaybackRestrictionPolicy,
    ad_configuration::AdConfiguration,
    failover_slate_configuration::FailoverSlateConfiguration,
    stream::Stream,
    stream_session::StreamSession,
}

/// The data sources of `K`: its singular and plural.
fn add<K: Kind>(all: &mut Vec<(&'static str, Make)>) {
    all.push((K::NAMES.singular, super::singular::<K>));
    all.push((K::NAMES.plural, plural::<K>));
}

fn plural<K: Kind>() -> Box<dyn DataSource> {
    Box::new(Plural::<K>::new())
}
