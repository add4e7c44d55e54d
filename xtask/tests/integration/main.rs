//! xtask's integration tests, one binary: the generated docs, the IVS model file and the release files.

mod docs;
mod model;
mod release;
