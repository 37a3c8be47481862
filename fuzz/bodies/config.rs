//! Any bytes as the publisher's settings (`atlas-lod.toml`): TOML parsing, unknown keys, the
//! IRIs, identifiers and e-mail checked. An error is a fine answer; a panic is a bug.

use atlas_lod::publish::config::Config;

/// One input.
pub fn run(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Config::parse(text);
    }
}
