//! xtask's integration tests, one binary: the generated docs and the release files.

mod docs;
mod release;
