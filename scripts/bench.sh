#!/usr/bin/env bash
# Benchmark of large builds: generates the national site (old and new administrative trees)
# and plain corpora of stories with examples/national.rs, builds each with the release binary
# under /usr/bin/time -v, and prints wall time, CPU time, pages per second and peak memory.
#
#   scripts/bench.sh                      # everything (needs ../shared/data-real)
#   BENCH_TREES="old" BENCH_PLAIN="1000 10000" scripts/bench.sh
#
# Settings (environment):
#   BENCH_DIR     where sites and outputs go (default: a new folder under /tmp); removed at the
#                 end unless BENCH_KEEP=1
#   BENCH_TREES   national sites to build: "old new" (default); "" for none
#   BENCH_PLAIN   plain corpora, in stories: "1000 10000 100000" (default); "" for none
#   BENCH_STORIES, BENCH_AWARDS, BENCH_SEED   for the national sites (20000, 50000, 1)
#   BENCH_DATA    the real public data (default ../shared/data-real beside the repository)
#   BENCH_CARDS=1 keep the PNG link-preview cards (off by default: Hugo and Zola draw none)
#   BENCH_PROFILE Cargo profile of the binaries: dist (default: release with fat LTO, as a
#                 packaged lnob; several minutes to compile) or release (quicker to compile,
#                 about 5 % slower builds)
# Beside each build, what no generator writing the same site can avoid: "load s" is lnob's own
# reading and checking of the site (its `--verbose` phase), "write s" the time
# examples/write_floor.rs takes to write the finished output again, from memory, to a new folder
# on the same file system, on all cores (the same folders, files and bytes, nothing to compute).
# The table goes to stdout (Markdown); progress to stderr. The machine's load average is
# printed too: on a busy machine wall times grow, CPU times much less.
set -euo pipefail
cd "$(dirname "$0")/.."

TREES=${BENCH_TREES-old new}
PLAIN=${BENCH_PLAIN-1000 10000 100000}
STORIES=${BENCH_STORIES:-20000}
AWARDS=${BENCH_AWARDS:-50000}
SEED=${BENCH_SEED:-1}
DATA=${BENCH_DATA:-../shared/data-real}
DIR=${BENCH_DIR:-$(mktemp -d /tmp/lnob-bench.XXXXXX)}
CARDS=${BENCH_CARDS:+--cards}
PROFILE=${BENCH_PROFILE:-dist}
mkdir -p "$DIR"

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (/usr/bin/time) for peak memory" >&2
    apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi

echo "building the release binary and the generator" >&2
cargo build --profile "$PROFILE" --quiet --bin lnob --example national --example write_floor
TARGET=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
LNOB="$TARGET/$PROFILE/lnob"
GEN="$TARGET/$PROFILE/examples/national"
FLOOR="$TARGET/$PROFILE/examples/write_floor"

rows=()
run() { # name, site folder
    local name=$1 site=$2 out="$DIR/out-$1" log="$DIR/time-$1.txt"
    rm -rf "$out"
    echo "building $name" >&2
    /usr/bin/time -v "$LNOB" build --verbose --root "$site" --output "$out" >"$log.out" 2>"$log" || { cat "$log.out" "$log" >&2; exit 1; }
    local wall user sys rss pages bytes load write
    # "load 1697,9 ms · status …": milliseconds, with a decimal comma on a Vietnamese site.
    load=$(sed -n 's/.*load \([0-9]*\)[,.]\([0-9]*\) ms.*/\1.\2/p' "$log.out" "$log" | head -n 1)
    rm -rf "$out.copy"
    write=$("$FLOOR" "$out" "$out.copy" | cut -d' ' -f1)
    rm -rf "$out.copy"
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    user=$(sed -n 's/.*User time (seconds): //p' "$log")
    sys=$(sed -n 's/.*System time (seconds): //p' "$log")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    pages=$(find "$out" -name '*.html' | wc -l)
    bytes=$(du -sb "$out" | cut -f1)
    rows+=("$(awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v p="$pages" -v b="$bytes" -v l="${load:-0}" -v c="$write" 'BEGIN {
        printf "| %s | %d | %.1f | %.2f | %.2f | %.0f | %.0f | %.0f | %.2f | %.2f |", n, p, b / 1e6, w, u + s, p / w, r / 1024, (u + s) / w * 100, l / 1000, c }')")
    # Every unit page of a national site has its trend chart (the generator gives every unit
    # figures): unit pages are the index.html files below dia-phuong/.
    # (grep -l fails when no page matches: a plain corpus has no figures, so no charts.)
    if [ "${name#national}" != "$name" ] && [ -d "$out/dia-phuong" ]; then
        local units charted
        units=$(find "$out/dia-phuong" -mindepth 2 -name index.html | wc -l)
        charted=$({ find "$out/dia-phuong" -mindepth 2 -name index.html -print0 | xargs -0 -r grep -l -F 'class="lnob-chart lnob-trend"' || true; } | wc -l)
        charts+=("$name: $charted of $units unit pages have their trend chart")
    fi
    rm -rf "$out"
}
charts=()

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for tree in $TREES; do
    site="$DIR/national-$tree"
    echo "generating the national site ($tree tree)" >&2
    "$GEN" --tree "$tree" --stories "$STORIES" --awards "$AWARDS" --seed "$SEED" --data "$DATA" --out "$site" $CARDS >&2
    run "national-$tree" "$site"
done
for n in $PLAIN; do
    site="$DIR/plain-$n"
    echo "generating a plain corpus of $n stories" >&2
    "$GEN" --plain "$n" --seed "$SEED" --data "$DATA" --out "$site" $CARDS >&2
    run "plain-$n" "$site"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "| site | pages | output MB | wall s | CPU s | pages/s | peak MB | CPU % | load s | write s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for r in "${rows[@]}"; do echo "$r"; done
echo
for c in "${charts[@]}"; do echo "$c"; done
echo "$(nproc) cores; load average before $load_before, after $load_after; $(date -u +%Y-%m-%d)"
if [ "${BENCH_KEEP:-0}" != 1 ] && [ -z "${BENCH_DIR:-}" ]; then
    rm -rf "$DIR"
fi
