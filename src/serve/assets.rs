//! The query editor's files, compiled into the binary and served by the server itself (never a
//! CDN): YASGUI's build, vendored from npm by `scripts/vendor-yasgui.sh` (pinned version,
//! checked against the registry's integrity hash; its MIT licence in `assets/YASGUI-LICENSE`,
//! served beside it), and our own script that sets it up.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The vendored YASGUI release (`@zazuko/yasgui`, MIT licence).
pub const YASGUI_VERSION: &str = "4.6.2";

/// The editor's files: URL name, media type, content. The YASGUI names carry the version, so
/// that they can be kept by browsers for a year and still change with an upgrade.
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "yasgui-4.6.2.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/yasgui.min.js"),
    ),
    (
        "yasgui-4.6.2.min.css",
        "text/css; charset=utf-8",
        include_bytes!("assets/yasgui.min.css"),
    ),
    (
        "yasgui-LICENSE.txt",
        "text/plain; charset=utf-8",
        include_bytes!("assets/YASGUI-LICENSE"),
    ),
    (
        "editor.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/editor.js"),
    ),
];

/// The address of YASGUI's script.
pub fn yasgui_js() -> String {
    format!("/assets/yasgui-{YASGUI_VERSION}.min.js")
}

/// The address of YASGUI's style sheet.
pub fn yasgui_css() -> String {
    format!("/assets/yasgui-{YASGUI_VERSION}.min.css")
}

/// The address of the script that sets the editor up.
pub const EDITOR_JS: &str = "/assets/editor.js";

/// Where the editor reads its prefixes (`editor::prefixes_json`).
pub const PREFIXES_URL: &str = "/editor/prefixes.json";
/// Where the editor reads the classes and properties to complete (`editor::vocabulary_json`).
pub const VOCABULARY_URL: &str = "/editor/vocabulary.json";

/// An embedded file by its URL name, with its media type.
pub fn file(name: &str) -> Option<(&'static str, &'static [u8])> {
    FILES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, media, bytes)| (*media, *bytes))
}

/// `GET /assets/{name}`.
pub async fn handler(Path(name): Path<String>) -> Response {
    let Some((media, bytes)) = file(&name) else {
        return (StatusCode::NOT_FOUND, "no such asset\n").into_response();
    };
    // Versioned names never change content; editor.js may change with the binary.
    let cache = if name.starts_with("yasgui-") {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_files_are_the_pinned_release() {
        // Written by scripts/vendor-yasgui.sh from the integrity-checked tarball.
        let sums = include_str!("assets/yasgui.sha256");
        for (file, name) in [
            ("yasgui.min.js", yasgui_js()),
            ("yasgui.min.css", yasgui_css()),
        ] {
            let (_, bytes) = super::file(name.trim_start_matches("/assets/")).expect("served");
            let digest = sha256_hex(bytes);
            assert!(
                sums.lines().any(|l| l == format!("{digest}  {file}")),
                "{file}: {digest} not in yasgui.sha256"
            );
        }
        assert!(super::file("nothing.js").is_none());
    }

    fn sha256_hex(bytes: &[u8]) -> String {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(bytes))
    }
}
