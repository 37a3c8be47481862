#!/usr/bin/env bash
# Refreshes the query editor's vendored files (src/serve/assets/yasgui.min.{js,css}) from npm:
# the pinned @zazuko/yasgui release, checked against its registry integrity hash before use.
# The server embeds these files (include_bytes!) and serves them itself, so that the query
# page never loads code from a CDN and builds need no JavaScript toolchain.
# Usage: bash scripts/vendor-yasgui.sh   (needs npm and the npm registry)
set -euo pipefail
VERSION=4.6.2
INTEGRITY=sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw==

here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/src/serve/assets"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@zazuko/yasgui@$VERSION" >/dev/null)
tarball="$work/zazuko-yasgui-$VERSION.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$got" != "$INTEGRITY" ]; then
    echo "integrity mismatch for @zazuko/yasgui@$VERSION: $got" >&2
    exit 1
fi
tar xzf "$tarball" -C "$work"
# The source map is not shipped: drop the comment that would make browsers ask for it.
sed '$ s|//# sourceMappingURL=.*$||' "$work/package/build/yasgui.min.js" > "$out/yasgui.min.js"
sed '$ s|/\*# sourceMappingURL=.*\*/$||' "$work/package/build/yasgui.min.css" > "$out/yasgui.min.css"
(cd "$out" && sha256sum yasgui.min.js yasgui.min.css > yasgui.sha256)
# The package ships no licence file; src/serve/assets/YASGUI-LICENSE holds the project's MIT
# licence (from its repository), to keep with the vendored files on an upgrade.
echo "vendored @zazuko/yasgui@$VERSION into $out"
