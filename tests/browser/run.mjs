// Browser checks of the example site in headless Chromium: search (with and without
// diacritics, filters, no-JS fallback), the copy-link button, axe-core (WCAG 2.2 A/AA),
// no horizontal scroll at 320 px, visible keyboard focus and page weight.
//
//   LNOB_BIN=target/release/lnob node tests/browser/run.mjs
//
// Env: LNOB_BIN (the lnob binary; default target/release/lnob), LNOB_CHROMIUM (default
// /usr/bin/chromium), LNOB_SITE_ROOT (default the repository root), LNOB_SCREENSHOT_DIR
// (when set, PNGs of the search page at 390 px are written there).
// Prints one line per check and ends with "N passed, N failed"; exit status 1 on failure.

import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const BIN = process.env.LNOB_BIN || join(repo, "target/release/lnob");
const CHROMIUM = process.env.LNOB_CHROMIUM || "/usr/bin/chromium";
const ROOT = process.env.LNOB_SITE_ROOT || repo;
const SHOTS = process.env.LNOB_SCREENSHOT_DIR || "";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const MAX_PAGE_BYTES = 100 * 1024;

// The six pages that must pass axe, stay within 320 px and stay light.
const PAGES = {
  home: "/",
  unit: "/dia-phuong/cao-bang/nguyen-binh/",
  story: "/cau-chuyen/can-bo-lao-dong-xa-ca-thanh/",
  registry: "/khen-thuong/",
  plan: "/ke-hoach/nguyen-binh/",
  search: "/tim-kiem/?q=nguyen+binh",
};

const work = mkdtempSync(join(tmpdir(), "lnob-browser-"));
const out = join(work, "site");
let passed = 0, failed = 0;

function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? ` — ${detail}` : ""}`);
}

// --- build the example site -------------------------------------------------------------
const build = spawnSync(BIN, ["build", "--quiet", "--root", ROOT, "--output", out], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
if (build.status !== 0) {
  console.log(`FAIL build — ${build.error || build.stderr}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

// --- a tiny static server ---------------------------------------------------------------
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".csv": "text/csv; charset=utf-8", ".txt": "text/plain; charset=utf-8", ".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp" };
const served = [], missing = [];
const server = createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = resolve(out, "." + path);
  if (!file.startsWith(out + sep) && file !== out) {
    res.writeHead(403).end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  let status = 200;
  if (!existsSync(file)) {
    status = 404;
    file = join(out, "404.html");
  }
  const body = readFileSync(file);
  served.push({ path, bytes: body.length });
  if (status === 404 && path !== "/favicon.ico") missing.push(path);
  res.writeHead(status, { "content-type": TYPES[extname(file)] || "application/octet-stream", "content-length": body.length });
  res.end(body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// --- the browser ------------------------------------------------------------------------
const profile = join(work, "profile");
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ARGS,
  viewport: { width: 1280, height: 900 },
  locale: "vi-VN",
});
await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
const page = context.pages()[0] || (await context.newPage());
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error" && !/status of 404/.test(m.text())) errors.push(m.text()); });

async function search(query, filters = {}) {
  const params = new URLSearchParams({ q: query, ...filters });
  await page.goto(`${origin}/tim-kiem/?${params}`);
  return results();
}
async function results() {
  await page.waitForSelector('#search[data-state="done"]', { state: "attached" });
  return page.$$eval("#search-results li", (lis) => lis.map((li) => ({
    href: li.querySelector("a").getAttribute("href"),
    text: li.textContent,
    meta: li.querySelector(".meta").textContent,
  })));
}
async function count() {
  const s = await page.textContent("#search-status");
  const m = s.match(/\d[\d.,]*/);
  return m ? Number(m[0].replace(/[.,]/g, "")) : 0;
}

try {
  // Search, typed into the box as a reader would.
  await page.goto(`${origin}/tim-kiem/`);
  check("search form shows when JavaScript runs", await page.isVisible("#search"));
  await page.fill("#q", "nguyen binh");
  let r = await results();
  check("'nguyen binh' finds the district Nguyên Bình first", r[0] && r[0].href === "/dia-phuong/cao-bang/nguyen-binh/", r.slice(0, 3).map((x) => x.href).join(" "));
  check("the address keeps the query", new URL(page.url()).searchParams.get("q") === "nguyen binh");

  r = await search("Nguyên Bình");
  check("'Nguyên Bình' with diacritics finds the same district", r[0] && r[0].href === "/dia-phuong/cao-bang/nguyen-binh/");

  r = await search("dang");
  const storyUrl = "/cau-chuyen/can-bo-lao-dong-xa-ca-thanh/";
  check("'dang' finds the story that names Đặng Văn Phin", r.some((x) => x.href === storyUrl), `${r.length} results`);
  check("'dang' matches words written with đ/Đ", r.some((x) => /[đĐ][ăặảaạâậ]ng/.test(x.text)));
  const storyHtml = readFileSync(join(out, "cau-chuyen/can-bo-lao-dong-xa-ca-thanh/index.html"), "utf8");
  check("that story really says Đặng", storyHtml.includes("Đặng"));

  // Filters narrow.
  r = await search("ngheo");
  const all = await count();
  r = await search("ngheo", { unit: "04" });
  const inCaoBang = await count();
  check("the unit filter narrows results", inCaoBang > 0 && inCaoBang < all, `${all} → ${inCaoBang}`);
  check("every result of the unit filter is in Cao Bằng", r.length > 0 && r.every((x) => x.text.includes("Cao Bằng")));
  r = await search("ngheo", { type: "story" });
  check("the type filter keeps only stories", r.length > 0 && r.every((x) => x.meta.startsWith("Câu chuyện")) && (await count()) < all);
  r = await search("", { kind: "ho-gia-dinh" });
  const households = await count();
  check("the kind filter alone lists households", households > 0 && r.every((x) => /Hộ gia đình/.test(x.text)), `${households}`);
  r = await search("", { year: "2023", type: "award" });
  check("year and type filters combine", r.length > 0 && r.every((x) => x.meta.startsWith("Khen thưởng") && x.meta.includes("2023")));
  r = await search("", { model: "chan-nuoi-bo-sinh-san" });
  check("the model filter finds its stories", r.length > 0 && r.some((x) => x.meta.startsWith("Câu chuyện")));
  await page.goto(`${origin}/tim-kiem/?q=ngheo`);
  await results();
  await page.click("#search-filters summary");
  await page.selectOption("#f-unit", "04");
  await page.waitForFunction((n) => { const s = document.getElementById("search-status").textContent; const m = s.match(/\d+/); return m && Number(m[0]) < n; }, all);
  await results();
  check("choosing a filter in the form narrows at once", (await count()) === inCaoBang);
  r = await search("trieu van lin", { type: "award" });
  let entry = false;
  if (r[0] && r[0].href.includes("#")) {
    await page.click("#search-results li a");
    await page.waitForLoadState("load");
    entry = await page.evaluate(() => { const el = document.getElementById(location.hash.slice(1)); return !!el && el.textContent.includes("Triệu Văn Lìn"); });
  }
  check("a commendation result opens its entry in the registry", entry, r[0] && r[0].href);
  r = await search("zzqxw");
  check("nothing found says so", r.length === 0 && /Không tìm thấy/.test(await page.textContent("#search-status")));

  // Without JavaScript the search page explains itself and offers the lists.
  const plain = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const noPage = await (await plain.newContext({ javaScriptEnabled: false })).newPage();
  await noPage.goto(`${origin}/tim-kiem/`);
  const formHidden = !(await noPage.isVisible("#search"));
  const note = await noPage.isVisible("noscript .notice");
  const listLink = await noPage.isVisible('noscript a[href="/cau-chuyen/"]');
  check("without JavaScript the form stays hidden and a note links to the lists", formHidden && note && listLink);
  await plain.close();

  // Copy link.
  await page.goto(origin + PAGES.story);
  const button = page.locator(".share button.copy-btn");
  check("the story page has a copy-link button", (await button.count()) === 1);
  await button.click();
  await page.waitForFunction(() => document.querySelector(".share-status").textContent.length > 0);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const canonical = await page.getAttribute('link[rel="canonical"]', "href");
  check("copy link puts the page's address on the clipboard", copied === canonical, copied);
  const share = await page.$$eval(".share a", (as) => as.map((a) => a.href));
  check("share links for Facebook and Zalo are plain links", share.some((h) => h.startsWith("https://www.facebook.com/sharer/")) && share.some((h) => h.includes("zalo.me")));
  await page.goto(origin + PAGES.unit);
  check("the unit page has a copy-link button", (await page.locator(".share button.copy-btn").count()) === 1);

  // Keyboard: the first Tab lands on the skip link, visibly.
  await page.goto(origin + PAGES.home);
  await page.keyboard.press("Tab");
  const focus = await page.evaluate(() => {
    const el = document.activeElement, cs = getComputedStyle(el), box = el.getBoundingClientRect();
    return { cls: el.className, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth), left: box.left, top: box.top };
  });
  check("Tab first reaches the skip link, shown with a focus outline", focus.cls === "skip" && focus.outline !== "none" && focus.width >= 2 && focus.left >= 0 && focus.top >= 0, JSON.stringify(focus));
  await page.goto(origin + "/tim-kiem/");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  let steps = 0;
  while (steps++ < 30 && !(await page.evaluate(() => document.activeElement.id === "q"))) await page.keyboard.press("Tab");
  const qFocus = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check("the search box is reachable by keyboard and shows focus", qFocus !== "none");

  // axe-core, 320 px, page weight.
  for (const [name, path] of Object.entries(PAGES)) {
    await page.setViewportSize({ width: 1280, height: 900 });
    served.length = 0;
    await page.goto(origin + path, { waitUntil: "load" });
    if (name === "search") await results();
    await page.waitForLoadState("networkidle");
    const bytes = served.reduce((s, x) => s + x.bytes, 0);
    const list = served.map((x) => `${x.path} ${x.bytes}`).join(", ");
    if (name !== "search") check(`${name}: under 100 KB with everything it loads`, bytes < MAX_PAGE_BYTES, `${(bytes / 1024).toFixed(1)} KB: ${list}`);
    else console.log(`     ${name}: ${(bytes / 1024).toFixed(1)} KB (${list})`);
    await page.addScriptTag({ content: axeSource });
    const res = await page.evaluate(() => window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }));
    const v = res.violations.map((x) => `${x.id} (${x.nodes.length}): ${x.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
    check(`${name}: axe-core finds no WCAG 2.2 AA violation`, v.length === 0, v.join(" | "));
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(origin + path, { waitUntil: "load" });
    if (name === "search") await results();
    const wide = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      culprits: [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest(".table-wrap")).slice(0, 5).map((e) => e.tagName + "." + e.className),
    }));
    check(`${name}: no horizontal scroll at 320 px`, wide.scroll <= wide.client, wide.scroll <= wide.client ? `${wide.scroll} px wide` : `${wide.scroll} > ${wide.client}: ${wide.culprits.join(", ")}`);
  }

  if (SHOTS) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${origin}/tim-kiem/?q=nguyen+binh`);
    await results();
    await page.screenshot({ path: join(SHOTS, "search-390.png"), fullPage: true });
    await page.goto(`${origin}/tim-kiem/?q=dang&type=story`);
    await results();
    await page.screenshot({ path: join(SHOTS, "search-dang-390.png"), fullPage: false });
    await page.goto(origin + PAGES.story);
    await page.screenshot({ path: join(SHOTS, "story-390.png"), fullPage: true });
  }
  check("no script errors in the pages", errors.length === 0, errors.slice(0, 5).join(" | "));
  check("no broken links to files the pages load", missing.length === 0, missing.slice(0, 5).join(" "));
} catch (e) {
  check("the browser checks ran to the end", false, e && e.stack ? e.stack : String(e));
} finally {
  await context.close().catch(() => {});
  server.close();
  rmSync(work, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
