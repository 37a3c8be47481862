#!/usr/bin/env bash
# Installs what building and testing atlas-lod needs, when it is missing. Sourced by the other
# scripts. Safe to run again: it only installs what is absent.
set -euo pipefail

# System packages (Debian names): libclang-dev for the bindgen step of RocksDB, which
# Oxigraph compiles from C++ for the on-disk store.
APT_PACKAGES=(libclang-dev)

# The build cache lives outside the clone so that every clone on a machine shares it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/atlas-lod/target}"

if ! command -v cargo >/dev/null 2>&1; then
    echo "error: cargo not found; install Rust 1.95 or later (https://rustup.rs)" >&2
    exit 2
fi

# Installs the Debian packages given that are not installed yet (shared with test-tools.sh).
ensure_apt() {
    local missing=() pkg sudo=""
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ "${#missing[@]}" -gt 0 ] || return 0
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}
ensure_apt "${APT_PACKAGES[@]}"

for component in rustfmt clippy; do
    if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
        rustup component add "$component"
    fi
done
