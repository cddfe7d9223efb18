// lnob search: reads the index written by `lnob build` (src/render/search.rs) and searches
// in the browser, offline once loaded. Words are folded as the index folds them: no
// diacritics, đ → d, lower case; every word must match, whole (worth double) or, from
// three letters on, as the start of a longer word.
(function () {
  "use strict";
  var form = document.getElementById("search");
  if (!form || !window.fetch) return;
  var q = form.elements.q, status = document.getElementById("search-status");
  var list = document.getElementById("search-results"), more = document.getElementById("search-more");
  var filters = { type: "t", unit: "u", kind: "k", model: "m", year: "y" };
  var dir = new URL("i/", form.action), meta, files = {}, hits = [], shown = 0, timer, seq = 0;
  var PAGE = 20;

  function fold(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function words(s) {
    return fold(s).split(/[^a-z0-9]+/).filter(Boolean);
  }
  function fnv(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }
  function get(name) {
    if (!files[name]) files[name] = fetch(new URL(name, dir)).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
    return files[name];
  }
  function bucket(w) {
    return get("w" + (fnv(w.indexOf(":") > 0 ? w : w.slice(0, 3)) % meta.buckets) + ".json");
  }
  // Postings of a word (and, when `prefix`, of every word it begins): {doc: weight}.
  function lookup(w, prefix) {
    return bucket(w).then(function (b) {
      var out = {};
      Object.keys(b).forEach(function (k) {
        var exact = k === w;
        if (!exact && !(prefix && w.length > 2 && k.lastIndexOf(w, 0) === 0)) return;
        var p = b[k], d = 0;
        for (var i = 0; i < p.length; i++) {
          d += p[i] >> 2;
          var s = (1 << (p[i] & 3)) * (exact ? 2 : 1);
          if (!(out[d] >= s)) out[d] = s;
        }
      });
      return out;
    });
  }
  function doc(i) {
    return get("d" + Math.floor(i / meta.chunk) + ".json").then(function (c) { return c[i % meta.chunk]; });
  }
  function say(text, state) {
    status.textContent = text;
    form.setAttribute("data-state", state || "done");
    list.setAttribute("aria-busy", state === "busy");
  }
  function state() {
    var p = new URLSearchParams();
    if (q.value.trim()) p.set("q", q.value.trim());
    Object.keys(filters).forEach(function (f) { if (form.elements[f].value) p.set(f, form.elements[f].value); });
    return p;
  }
  function run() {
    if (!meta) return;
    var p = state(), mine = ++seq, qs = p.toString();
    history.replaceState(null, "", qs ? "?" + qs : location.pathname);
    var terms = words(q.value), keys = [];
    Object.keys(filters).forEach(function (f) { if (p.get(f)) keys.push(filters[f] + ":" + p.get(f)); });
    list.textContent = "";
    more.hidden = true;
    if (!terms.length && !keys.length) return say(form.dataset.prompt, "idle");
    say(form.dataset.loading, "busy");
    var phrase = terms.join(" ");
    var asks = terms.map(function (w) { return lookup(w, true); })
      .concat(keys.map(function (k) { return lookup(k, false); }));
    Promise.all(asks).then(function (sets) {
      if (mine !== seq) return;
      var score = sets[0];
      sets.slice(1).forEach(function (s) {
        var next = {};
        Object.keys(score).forEach(function (d) { if (d in s) next[d] = score[d] + s[d]; });
        score = next;
      });
      hits = Object.keys(score).map(Number).sort(function (a, b) { return score[b] - score[a] || a - b; });
      shown = 0;
      // Among the first page, those with the words side by side come first: in the title,
      // then in the line below it or the excerpt.
      return Promise.all(hits.slice(0, PAGE).map(doc)).then(function (top) {
        if (terms.length > 1) {
          var tiers = [[], [], []], has = function (s) { return (" " + words(s).join(" ") + " ").indexOf(" " + phrase) >= 0; };
          top.forEach(function (r, i) {
            tiers[has(r[1]) ? 0 : has(r[3] + " " + r[4]) ? 1 : 2].push(hits[i]);
          });
          hits = tiers[0].concat(tiers[1], tiers[2], hits.slice(PAGE));
        }
        if (mine !== seq) return;
        var n = hits.length;
        var text = n ? form.dataset.results.replace("{n}", n.toLocaleString(document.documentElement.lang)) : form.dataset.none;
        return show().then(function () { say(text); });
      });
    }).catch(function () { if (mine === seq) say(form.dataset.failed); });
  }
  function show() {
    var mine = seq, next = hits.slice(shown, shown + PAGE);
    return Promise.all(next.map(doc)).then(function (rows) {
      if (mine !== seq) return;
      rows.forEach(function (r) {
        var li = document.createElement("li"), h = document.createElement("h2"), a = document.createElement("a");
        a.href = meta.base + r[0];
        a.textContent = r[1];
        h.className = "h3";
        h.appendChild(a);
        li.appendChild(h);
        var m = document.createElement("p");
        m.className = "meta";
        m.textContent = meta.types[r[2]] + (r[3] ? " · " + r[3] : "");
        li.appendChild(m);
        if (r[4]) {
          var e = document.createElement("p");
          e.textContent = r[4];
          li.appendChild(e);
        }
        list.appendChild(li);
      });
      shown += rows.length;
      more.hidden = shown >= hits.length;
    });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  }

  var params = new URLSearchParams(location.search);
  q.value = params.get("q") || "";
  Object.keys(filters).forEach(function (f) {
    form.elements[f].value = params.get(f) || "";
    if (form.elements[f].value) document.getElementById("search-filters").open = true;
  });
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
  q.addEventListener("input", later);
  form.addEventListener("change", function (e) { if (e.target !== q) run(); });
  more.addEventListener("click", function () {
    var first = shown;
    show().then(function () { var a = list.children[first] && list.children[first].querySelector("a"); if (a) a.focus(); });
  });
  get("meta.json").then(function (m) {
    meta = m;
    if (m.v !== 2) throw new Error("version");
    run();
  }).catch(function () { say(form.dataset.failed); });
})();
