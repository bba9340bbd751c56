#!/usr/bin/env bash
# Whole-command times and peak memory of knotmap on a history of one
# reading, of 10,000 and of 1,000,000 readings, beside a minimal ratatui
# program that draws one frame (examples/floor.rs) as the floor; then the
# work that writes or walks the whole history (log, export, import, the
# report, sample-data itself) side by side for each size.
#
#   scripts/measure.sh            # all three sizes
#   SIZES="1 10000" scripts/measure.sh
#
# Needs GNU time at /usr/bin/time for the peak memory. Each figure is the
# median of RUNS runs (default 9) for the reads and of WHOLE_RUNS runs
# (default 3) for the whole-history work. The sample histories are kept
# under target/bench-data/ and made on first use (1,000,000 takes under a
# minute).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${SIZES:-"1 10000 1000000"}
runs=${RUNS:-9}
whole_runs=${WHOLE_RUNS:-3}
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

# The whole-history work, one line per piece of work, a column per size.
echo
echo "== whole history: median of $whole_runs runs, peak memory"
declare -A cells
labels=("log one reading" "export (JSON)" "export --format csv" "import of that JSON into a new file" "report (last 12 weeks)" "report --all" "sample-data --readings N")
whole() {
    local label=$1 size=$2
    shift 2
    local times=() peak=0 ms kb
    for _ in $(seq "$whole_runs"); do
        read -r ms kb < <(one_run "$@")
        times+=("$ms")
        (( kb > peak )) && peak=$kb
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (whole_runs + 1) / 2 ))p")
    cells["$label|$size"]="$median ms, $(( peak / 1024 )) MB"
}
for size in $sizes; do
    db=$(db_of "$size")
    copy="$data/measure-copy.db"
    json="$data/measure-$size.json"
    cp "$db" "$copy"
    rm -f "$copy-wal" "$copy-shm"
    whole "log one reading" "$size" "$bin" --db "$copy" log upper-trapezius-left 5
    whole "export (JSON)" "$size" "$bin" --db "$db" export -o "$json"
    whole "export --format csv" "$size" "$bin" --db "$db" export --format csv -o /dev/null
    whole "import of that JSON into a new file" "$size" \
        sh -c "rm -f '$data/measure-import.db'*; exec '$bin' --db '$data/measure-import.db' import '$json'"
    whole "report (last 12 weeks)" "$size" "$bin" --db "$db" report -o /dev/null
    if [[ $size != 1000000 || -n ${REPORT_ALL:-} ]]; then
        whole "report --all" "$size" "$bin" --db "$db" report --all -o /dev/null
    fi
    if [[ $size != 1 ]]; then
        whole "sample-data --readings N" "$size" \
            sh -c "rm -f '$data/measure-sample.db'*; exec '$bin' --db '$data/measure-sample.db' sample-data --readings $size"
    fi
    rm -f "$copy"* "$data/measure-import.db"* "$data/measure-sample.db"*
done
printf '%-40s' "work"
for size in $sizes; do printf ' | %22s' "$size readings"; done
echo
for label in "${labels[@]}"; do
    printf '%-40s' "$label"
    for size in $sizes; do printf ' | %22s' "${cells["$label|$size"]:-}"; done
    echo
done
