#!/usr/bin/env bash
# Whole-command times and peak memory of knotmap on a history of one
# reading, of 10,000 and of 1,000,000 readings, beside a minimal ratatui
# program that draws one frame (examples/floor.rs) as the floor.
#
#   scripts/measure.sh            # all three sizes
#   SIZES="1 10000" scripts/measure.sh
#
# Needs GNU time at /usr/bin/time for the peak memory. Each figure is the
# median of RUNS runs (default 9). The sample histories are kept under
# target/bench-data/ and made on first use (1,000,000 takes under a minute).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${SIZES:-"1 10000 1000000"}
runs=${RUNS:-9}
cargo build --release --quiet --bin knotmap --example floor
bin=target/release/knotmap
floor=target/release/examples/floor
data=target/bench-data
mkdir -p "$data"

# One run of a command: its wall time in ms and peak resident memory in KB.
# The exit status is not checked: `due` exits 1 when nothing is due.
one_run() {
    local start end out
    out=$(mktemp)
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$out" "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 )) $(tail -n1 "$out")"
    rm -f "$out"
}

# The median time and the largest peak memory of $runs runs.
measure() {
    local label=$1
    shift
    local times=() peak=0 ms kb
    for _ in $(seq "$runs"); do
        read -r ms kb < <(one_run "$@")
        times+=("$ms")
        (( kb > peak )) && peak=$kb
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    printf '%-44s %6s ms %8s MB\n' "$label" "$median" "$(( peak / 1024 ))"
}

db_of() {
    local size=$1 path="$data/sample-$1.db"
    if [[ $size == 1 ]]; then
        path="$data/one-reading.db"
        if [[ ! -e $path ]]; then
            "$bin" --db "$path" log upper-trapezius-left 6 >/dev/null
        fi
    elif [[ ! -e $path ]]; then
        "$bin" --db "$path.partial" sample-data --readings "$size" >/dev/null
        mv "$path.partial" "$path"
    fi
    echo "$path"
}

measure "floor: minimal ratatui frame, 200x60" "$floor"
for size in $sizes; do
    db=$(db_of "$size")
    echo
    echo "== $size readings ($(du -h "$db" | cut -f1) on disk)"
    for screen in map knot protocol trends recurring history; do
        measure "render --screen $screen 200x60" \
            "$bin" --db "$db" render --screen "$screen" --width 200 --height 60
    done
    measure "render --screen map 80x24" "$bin" --db "$db" render --screen map --width 80 --height 24
    measure "knots --json" "$bin" --db "$db" knots --json
    measure "knots --json --all" "$bin" --db "$db" knots --json --all
    measure "trends --json" "$bin" --db "$db" trends --json
    measure "recurring --json" "$bin" --db "$db" recurring --json
    measure "due --json" "$bin" --db "$db" due --json
    knot=$("$bin" --db "$db" knots --json | grep -m1 '"id"' | tr -dc '0-9')
    measure "show $knot" "$bin" --db "$db" show "$knot"
done
