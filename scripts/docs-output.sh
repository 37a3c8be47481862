#!/usr/bin/env bash
# The output shown in README.md and docs/*.md, made again. Each block a document shows is
# marked with its name (`<!-- output: NAME -->` on the line before the fenced block), and is
# exactly what this script prints for NAME: the commands (`$ atlas-lod ...`) and what they
# print, standard output and standard error together.
#
#   bash scripts/docs-output.sh NAME      print one block
#   bash scripts/docs-output.sh --list    the names
#   bash scripts/docs-output.sh --write   rewrite every marked block of README.md and docs/
#
# tests/it/docs.rs runs it for every marked block and fails on any difference. Runs are
# deterministic: in a fresh folder beside links to the repository's examples, with
# SOURCE_DATE_EPOCH set, durations and the server's port masked. ATLAS_LOD names the binary
# (the test passes its own); otherwise it is built.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

if [ -z "${ATLAS_LOD:-}" ]; then
    cd "$repo"
    . scripts/setup.sh
    cargo build --quiet --bin atlas-lod
    ATLAS_LOD="$CARGO_TARGET_DIR/debug/atlas-lod"
fi
export SOURCE_DATE_EPOCH=1790000000 NO_COLOR=1
unset ATLAS_LOD_UPDATE_TOKEN DATAGOUV_API_KEY

# Prints the command as a reader types it, then runs it: output masked, exit code kept.
run() {
    echo "\$ atlas-lod $(quoted "$@")"
    local code=0
    "$ATLAS_LOD" "$@" 2>&1 | mask || code=$?
    return "$code"
}

# The arguments as a reader would type them: single quotes around those that need them.
quoted() {
    local out=() a
    for a in "$@"; do
        if [[ "$a" =~ ^[A-Za-z0-9_./:=@%+-]+$ ]]; then out+=("$a"); else out+=("'$a'"); fi
    done
    echo "${out[*]}"
}

# Durations change from run to run: shown as X.XX s.
mask() {
    sed -E 's/\b[0-9]+\.[0-9]+ s\b/X.XX s/g'
}

# Runs a command expected to fail and shows its exit code.
run_status() {
    local code=0
    run "$@" || code=$?
    echo "\$ echo \$?"
    echo "$code"
}

# The bundle of the examples, as scripts/example.sh publishes it. With DOCS_BUNDLE_CACHE (a
# folder; the test sets one per run of the same binary) it is published once and copied.
publish_examples() {
    if [ -z "${DOCS_BUNDLE_CACHE:-}" ]; then
        publish_examples_to out/bundle
        return
    fi
    (
        flock 9
        if [ ! -d "$DOCS_BUNDLE_CACHE/bundle" ]; then
            publish_examples_to "$DOCS_BUNDLE_CACHE/bundle.new"
            mv "$DOCS_BUNDLE_CACHE/bundle.new" "$DOCS_BUNDLE_CACHE/bundle"
        fi
    ) 9>"$DOCS_BUNDLE_CACHE/lock"
    mkdir -p out
    cp -a "$DOCS_BUNDLE_CACHE/bundle" out/bundle
}

publish_examples_to() {
    "$ATLAS_LOD" publish examples/pages examples/records --authorities examples/authorities.csv \
        --out "$1" --config atlas-lod.toml --endpoint-url http://127.0.0.1:7878/sparql \
        >/dev/null 2>&1
}

ex_tour-convert() {
    run convert ../shared/seeds/000_2c1789aab79a3d11.txt -o seed.ttl
    echo "\$ grep -c . seed.ttl"
    grep -c . seed.ttl
}

ex_tour-publish() {
    run publish examples/pages examples/records --authorities examples/authorities.csv \
        --out out/bundle --config atlas-lod.toml --endpoint-url http://127.0.0.1:7878/sparql
}

ex_tour-query() {
    publish_examples
    run query --store out/bundle/store --file queries/funding-per-year-and-funder.rq
}

ex_tour-serve() {
    publish_examples
    local log port pid
    log="$(mktemp)"
    "$ATLAS_LOD" serve --store out/bundle/store --bind 127.0.0.1:0 2>"$log" &
    pid=$!
    for _ in $(seq 100); do
        grep -q listening "$log" && break
        sleep 0.1
    done
    port="$(sed -nE 's|.*http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$log" | head -1)"
    echo "\$ atlas-lod serve --store out/bundle/store &"
    sed "s/:$port/:7878/g" "$log"
    local q='SELECT ?status (COUNT(*) AS ?n) WHERE { ?p <https://w3id.org/atlas-lod/ontology#status> ?status } GROUP BY ?status ORDER BY ?status'
    echo "\$ curl -s http://127.0.0.1:7878/sparql -H 'Accept: text/csv' --data-urlencode 'query=$q'"
    curl -s "http://127.0.0.1:$port/sparql" -H 'Accept: text/csv' --data-urlencode "query=$q" | tr -d '\r'
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    rm -f "$log"
}

# The server refusing what it must: a SERVICE to a private address, an update.
ex_serve-refusals() {
    "$ATLAS_LOD" import examples/pages --store store >/dev/null 2>&1
    local log port pid
    log="$(mktemp)"
    "$ATLAS_LOD" serve --store store --bind 127.0.0.1:0 2>"$log" &
    pid=$!
    for _ in $(seq 100); do
        grep -q listening "$log" && break
        sleep 0.1
    done
    port="$(sed -nE 's|.*http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$log" | head -1)"
    local q='SELECT * WHERE { SERVICE <http://169.254.169.254/> { ?s ?p ?o } }'
    echo "\$ curl -s http://127.0.0.1:7878/sparql --data-urlencode 'query=$q' -w ' (%{http_code})\\n'"
    curl -s "http://127.0.0.1:$port/sparql" --data-urlencode "query=$q" -w ' (%{http_code})\n'
    echo "\$ curl -s -X POST -H 'Content-Type: application/sparql-update' --data 'CLEAR ALL' http://127.0.0.1:7878/sparql -w ' (%{http_code})\\n'"
    curl -s -X POST -H 'Content-Type: application/sparql-update' --data 'CLEAR ALL' \
        "http://127.0.0.1:$port/sparql" -w ' (%{http_code})\n'
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    rm -f "$log"
}

ex_tour-verify() {
    publish_examples
    run verify out/bundle
}

ex_convert-examples() {
    run convert examples -o examples.ttl
}

ex_convert-bad() {
    echo "\$ atlas-lod convert tests/bad-inputs/impossible-end-date.txt ../shared/seeds/000_2c1789aab79a3d11.txt --to ntriples > out.nt"
    local code=0
    "$ATLAS_LOD" convert tests/bad-inputs/impossible-end-date.txt \
        ../shared/seeds/000_2c1789aab79a3d11.txt --to ntriples 2>&1 >out.nt | mask || code=$?
    echo "\$ echo \$?"
    echo "$code"
}

ex_convert-invalid() {
    run_status convert tests/bad-inputs/end-before-start.txt --rejects rejects.jsonl -o out.ttl
}

ex_validate() {
    run_status validate tests/bad-inputs/end-before-start.txt examples/pages --report report.ttl
}

ex_tables-csv() {
    run convert examples/csv/partnerships.csv --mapping examples/csv/mapping.toml -o partnerships.ttl
}

ex_tables-long-joined() {
    run convert examples/csv-long/partnerships.csv --mapping examples/csv-long/mapping.toml -o long.ttl
    run convert examples/csv-joined --mapping examples/csv-joined/mapping.toml -o joined.ttl
}

ex_tables-bad() {
    run_status convert tests/bad-inputs/tables/partnerships.csv --mapping tests/bad-inputs/tables/mapping.toml -o tables.ttl
}

ex_tables-authorities() {
    run import examples/csv/partnerships.csv --mapping examples/csv/mapping.toml \
        --authorities examples/authorities.csv --store store
}

ex_import() {
    local seed=../shared/seeds/000_2c1789aab79a3d11.txt
    run import "$seed" examples/pages examples/records --store store
    run import "$seed" examples/pages examples/records --store store
    run import "$seed" --store store --prune
}

ex_statistics() {
    "$ATLAS_LOD" import ../shared/seeds/000_2c1789aab79a3d11.txt examples/pages examples/records \
        --store store >/dev/null 2>&1
    run query --store store --file queries/cube-funding-per-year-by-funder-type.rq
    run query --store store 'PREFIX qb: <http://purl.org/linked-data/cube#> SELECT ?ds (COUNT(?o) AS ?observations) WHERE { GRAPH <https://w3id.org/atlas-lod/statistics> { ?o qb:dataSet ?ds } } GROUP BY ?ds ORDER BY ?ds'
}

ex_search-service() {
    "$ATLAS_LOD" import examples/pages examples/records --store store >/dev/null 2>&1
    run query --store store --file queries/search-drinking-water.rq
}

ex_query-error() {
    "$ATLAS_LOD" import examples/pages --store store >/dev/null 2>&1
    run_status query --store store 'SELECT ?x WHERE { ?x ?y }'
}

ex_dump() {
    "$ATLAS_LOD" import examples/pages --store store >/dev/null 2>&1
    run dump --store store --canonical -o canon.nq
    run dump --store store --format turtle --gzip -o store.ttl.gz
}

ex_releases() {
    run publish examples/pages --out release-1 --config atlas-lod.toml
    run publish examples/pages examples/records --out release-2 --previous release-1
    run_status diff release-1 release-2
}

ex_generate() {
    run generate --count 200 --seed 1 --to atlas-text -o gen
    run convert gen --to nquads -o gen.nq --quiet
    echo "\$ wc -l < gen.nq"
    wc -l <gen.nq | tr -d ' '
}

# The places rebuilt offline from the cache and review file of tests/places/ (README.md,
# docs/link.md).
places=(tests/places/records.jsonl --authorities tests/places/authorities.csv)
place_links=(--wikidata-cache tests/places/cache.json --review tests/places/review.csv)

ex_places-import() {
    run import "${places[@]}" --store store "${place_links[@]}"
}

ex_places-offline() {
    local links=("${place_links[@]}")
    run publish "${places[@]}" --out bundle "${links[@]}" --quiet
    for f in places.csv twinnings.csv quickstatements.txt; do
        echo "\$ cat bundle/$f"
        tr -d '\r' <"bundle/$f"
    done
    echo "\$ head -3 tests/places/review.csv"
    head -3 tests/places/review.csv
}

ex_exit-codes() {
    run_status convert examples/pages -o out.ttl --quiet
    run_status convert tests/bad-inputs/impossible-end-date.txt examples/pages -o out.ttl --quiet
    run_status convert examples/pages no-such-file.txt -o out.ttl --quiet
}

# The reconciliation service: a batch of two names (one with its SIREN, one with its
# country), then two columns pulled for what matched.
ex_reconcile() {
    "$ATLAS_LOD" import examples/pages --authorities examples/authorities.csv --store store >/dev/null 2>&1
    local log port pid
    log="$(mktemp)"
    "$ATLAS_LOD" serve --store store --bind 127.0.0.1:0 2>"$log" &
    pid=$!
    for _ in $(seq 100); do
        grep -q listening "$log" && break
        sleep 0.1
    done
    port="$(sed -nE 's|.*http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$log" | head -1)"
    local q='{"q0":{"query":"Besançon","type":"https://w3id.org/atlas-lod/ontology#FrenchLocalAuthority","properties":[{"pid":"siren","v":"212500565"}],"limit":2},"q1":{"query":"Cuenca","properties":[{"pid":"country","v":"EC"}],"limit":1}}'
    echo "\$ curl -s http://127.0.0.1:7878/reconcile --data-urlencode 'queries=$q' | python3 -m json.tool --no-ensure-ascii"
    curl -s "http://127.0.0.1:$port/reconcile" --data-urlencode "queries=$q" | python3 -m json.tool --no-ensure-ascii
    local x='{"ids":["https://w3id.org/atlas-lod/id/organisation/ec/ville-de-cuenca"],"properties":[{"id":"country"},{"id":"partnershipCount"}]}'
    echo "\$ curl -s http://127.0.0.1:7878/reconcile --data-urlencode 'extend=$x' | python3 -m json.tool --no-ensure-ascii"
    curl -s "http://127.0.0.1:$port/reconcile" --data-urlencode "extend=$x" | python3 -m json.tool --no-ensure-ascii
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    rm -f "$log"
}

names() {
    declare -F | sed -n 's/^declare -f ex_//p'
}

# One block, run in a fresh folder holding links to what the commands read.
block() {
    local name="$1" work
    if ! declare -F "ex_$name" >/dev/null; then
        echo "error: no output named $name (see --list)" >&2
        return 2
    fi
    work="$(mktemp -d)"
    mkdir "$work/atlas-lod"
    ln -s "$repo/../shared" "$work/shared"
    for f in examples queries tests atlas-lod.toml; do
        ln -s "$repo/$f" "$work/atlas-lod/$f"
    done
    # A command's failure is part of what the block shows, not a failure of the block.
    (cd "$work/atlas-lod" && "ex_$name") || true
    rm -rf "$work"
}

# Rewrites the block after each `<!-- output: NAME -->` of a document with NAME's output.
write_doc() {
    local doc="$1" tmp name line fence=0 skip=0
    tmp="$(mktemp)"
    while IFS= read -r line || [ -n "$line" ]; do
        if [ "$skip" = 1 ]; then
            # Skip the old block: its opening fence, its lines, its closing fence.
            if [[ "$line" == '```'* ]]; then
                fence=$((fence + 1))
                if [ "$fence" = 2 ]; then
                    skip=0
                    echo '```' >>"$tmp"
                    block "$name" >>"$tmp" || true
                    echo '```' >>"$tmp"
                fi
            fi
            continue
        fi
        echo "$line" >>"$tmp"
        if [[ "$line" =~ ^\<!--\ output:\ ([a-z0-9-]+)\ --\>$ ]]; then
            name="${BASH_REMATCH[1]}"
            skip=1
            fence=0
        fi
    done <"$doc"
    mv "$tmp" "$doc"
}

case "${1:-}" in
--list) names ;;
--write)
    for doc in "$repo/README.md" "$repo"/docs/*.md; do
        write_doc "$doc"
    done
    ;;
"" | -*)
    echo "usage: $0 NAME | --list | --write" >&2
    exit 2
    ;;
*) block "$1" ;;
esac
