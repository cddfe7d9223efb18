//! Social cards: the 1200×630 PNG that link previews (Facebook, Zalo, X) show for a unit, a
//! story and the site. Each card has the site's name, the page's title, a line under it and,
//! where the unit has figures, its latest poor-household rate, the status of its first target
//! and a small trend line of the rate (broken where the poverty standard changes).
//!
//! Drawn in memory with tiny-skia (shapes) and ab_glyph (text) using DejaVu Sans, which covers
//! every Vietnamese letter and is built into the binary: no system fonts or libraries are
//! read, so a card looks the same on every machine and two builds give the same bytes.

use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, GlyphId, PxScale, ScaleFont};
use tiny_skia::{
    FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Rect, Stroke, StrokeDash, Transform,
};

use crate::compute::status::Status;
use crate::diag::Lang;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn fonts() -> &'static Fonts {
    static F: OnceLock<Fonts> = OnceLock::new();
    F.get_or_init(|| Fonts {
        regular: FontRef::try_from_slice(REGULAR).expect("the built-in font parses"),
        bold: FontRef::try_from_slice(BOLD).expect("the built-in font parses"),
    })
}

/// The file name of a card beside its page: `anh-chia-se.png` / `social-card.png`.
pub fn file_name(lang: Lang) -> &'static str {
    lang.pick("anh-chia-se.png", "social-card.png")
}

/// What a card shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Card {
    /// The site's name, small, at the top.
    pub kicker: String,
    pub title: String,
    /// Under the title: where the unit lies, or a story's place and date.
    pub subtitle: String,
    pub figure: Option<CardFigure>,
    /// At the bottom: the site's address or publisher.
    pub footer: String,
}

/// The unit's latest rate and its trend.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CardFigure {
    /// "2,41 %".
    pub value: String,
    /// "Tỷ lệ hộ nghèo năm 2023".
    pub label: String,
    /// The status of the unit's first target: its label and code.
    pub status: Option<(String, Status)>,
    /// The rate by year, one run per poverty standard.
    pub segments: Vec<Vec<(i32, f64)>>,
    /// Labels for values on the chart (`1,5 %`), in the site's style.
    pub value_labels: Vec<((i32, f64), String)>,
}

type Rgb = (u8, u8, u8);
const BG: Rgb = (0xFF, 0xFF, 0xFF);
const INK: Rgb = (0x1D, 0x27, 0x33);
const MUTED: Rgb = (0x4F, 0x5B, 0x66);
const ACCENT: Rgb = (0x0B, 0x5F, 0x8A);
const SOFT: Rgb = (0xF3, 0xF6, 0xF8);
const LINE: Rgb = (0xC5, 0xCD, 0xD5);
const TREND: Rgb = (0x00, 0x72, 0xB2);

fn status_colours(s: Status) -> (Rgb, Rgb) {
    match s {
        Status::Met => ((0x00, 0x66, 0x4A), (0xE3, 0xF5, 0xEE)),
        Status::OnTrack => ((0x00, 0x50, 0x80), (0xE4, 0xF0, 0xF8)),
        Status::Behind => ((0x8F, 0x3D, 0x00), (0xFB, 0xEA, 0xDF)),
        Status::NoData | Status::NotComparable => ((0x4D, 0x4D, 0x4D), (0xF0, 0xF0, 0xF0)),
    }
}

const MARGIN: f32 = 64.0;

/// Cards already drawn, by what they show: only after [`remember_cards`] (`lnob serve`, which
/// renders the same cards again after every change).
static DRAWN: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>> =
    std::sync::OnceLock::new();

/// From now on, [`png`] keeps every card it draws and draws each only once.
pub fn remember_cards() {
    DRAWN.get_or_init(Default::default);
}

/// The version of the drawing. A card's PNG carries it with what the card shows (an iTXt
/// chunk, [`KEY_WORD`]), so that a later build into the same folder can take the card from the
/// last output instead of drawing it again ([`shows`]). Raise it whenever a card would look
/// different (layout, colours, fonts, encoding): `the_drawing_is_pinned` fails until then.
pub const DRAWING: u32 = 1;
/// The keyword of the chunk that says what a card shows.
const KEY_WORD: &str = "lnob-card";

/// What a card shows, as its PNG says it: the drawing's version and every field.
fn key(card: &Card) -> String {
    format!("{DRAWING} {card:?}")
}

/// Whether the PNG file at `path`, of an earlier build, is this card as this version of lnob
/// draws it ([`shows`]). Reads its first 4 KB and its last bytes only.
pub fn file_shows(path: &std::path::Path, card: &Card) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(HEAD);
    if (&mut f).take(HEAD as u64).read_to_end(&mut head).is_err() {
        return false;
    }
    let mut tail = [0u8; 12];
    let whole = f.seek(SeekFrom::End(-12)).is_ok() && f.read_exact(&mut tail).is_ok();
    whole && shows(&head, &tail, card)
}

/// Bytes of a card read to find its key: the signature, header, palette and key chunk.
const HEAD: usize = 4096;

/// Whether a PNG that starts with `head` and ends with `tail` is this card as this version of
/// lnob draws it: its key chunk is the card's key, and it ends with the end chunk.
pub fn shows(head: &[u8], tail: &[u8], card: &Card) -> bool {
    const IEND: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];
    if tail != IEND {
        return false;
    }
    let mut d = png::Decoder::new(std::io::Cursor::new(head));
    d.set_ignore_text_chunk(false);
    let Ok(r) = d.read_info() else {
        return false;
    };
    let key = key(card);
    r.info()
        .utf8_text
        .iter()
        .any(|t| t.keyword == KEY_WORD && t.get_text().is_ok_and(|text| text == key))
}

/// Draws the card and encodes it as PNG (8-bit, with a palette), with its key.
pub fn png(card: &Card) -> Vec<u8> {
    let key = key(card);
    let Some(drawn) = DRAWN.get() else {
        return draw(card).encode(&key);
    };
    if let Some(png) = drawn.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return png.clone();
    }
    let png = draw(card).encode(&key);
    let mut m = drawn.lock().unwrap_or_else(|e| e.into_inner());
    if m.len() >= 20_000 {
        m.clear();
    }
    m.insert(key, png.clone());
    png
}

fn draw(card: &Card) -> Canvas {
    let mut c = Canvas::new();
    c.rect(0.0, 0.0, WIDTH as f32, 14.0, ACCENT);
    let f = fonts();
    let text_w = WIDTH as f32 - 2.0 * MARGIN;
    let kicker = fit(&f.regular, 26.0, &card.kicker, text_w);
    c.text(&f.bold, 26.0, MARGIN, 74.0, ACCENT, &kicker);

    // Title: as large as fits in two lines, else smaller in up to three (four without figure).
    let most = if card.figure.is_some() { 3 } else { 4 };
    let uncut = |l: &Vec<String>| !l.iter().any(|x| x.ends_with('…'));
    let (size, lines) = [(64.0, 2), (56.0, 2), (48.0, most)]
        .into_iter()
        .map(|(s, n)| (s, wrap(&f.bold, s, &card.title, text_w, n)))
        .find(|(_, l)| uncut(l))
        .unwrap_or_else(|| (48.0, wrap(&f.bold, 48.0, &card.title, text_w, most)));
    let line_h = size * 1.22;
    let mut y = 74.0 + 30.0 + size;
    for l in &lines {
        c.text(&f.bold, size, MARGIN, y, INK, l);
        y += line_h;
    }
    y += 40.0 - line_h + 8.0;
    if !card.subtitle.is_empty() {
        let sub = fit(&f.regular, 30.0, &card.subtitle, text_w);
        c.text(&f.regular, 30.0, MARGIN, y, MUTED, &sub);
    }

    if let Some(fig) = &card.figure {
        figure(&mut c, fig, y + 24.0);
    }

    // Footer band.
    c.rect(0.0, HEIGHT as f32 - 58.0, WIDTH as f32, 58.0, SOFT);
    let footer = fit(&f.regular, 24.0, &card.footer, text_w);
    c.text(
        &f.regular,
        24.0,
        MARGIN,
        HEIGHT as f32 - 20.0,
        MUTED,
        &footer,
    );
    c
}

/// The lower part: the big number with its label and status on the left, the trend on the right.
fn figure(c: &mut Canvas, fig: &CardFigure, top: f32) {
    let f = fonts();
    let bottom = HEIGHT as f32 - 58.0 - 28.0;
    let top = top.max(310.0).min(bottom - 150.0);
    let left_w = 500.0;
    let mut y = top + 78.0;
    let value = fit(&f.bold, 84.0, &fig.value, left_w);
    c.text(&f.bold, 84.0, MARGIN, y, INK, &value);
    y += 40.0;
    let label = fit(&f.regular, 26.0, &fig.label, left_w);
    c.text(&f.regular, 26.0, MARGIN, y, MUTED, &label);
    if let Some((text, status)) = &fig.status {
        let (fg, bg) = status_colours(*status);
        let t = fit(&f.bold, 26.0, text, left_w - 40.0);
        let w = measure(&f.bold, 26.0, &t) + 40.0;
        let py = (y + 18.0).min(bottom - 44.0);
        c.round_rect(MARGIN, py, w, 44.0, 22.0, bg, Some(fg));
        c.text(&f.bold, 26.0, MARGIN + 20.0, py + 32.0, fg, &t);
    }

    // The trend, in the box right of the number.
    let (x0, x1) = (MARGIN + left_w + 60.0, WIDTH as f32 - MARGIN - 40.0);
    let (y0, y1) = (top + 24.0, bottom - 34.0);
    let points: Vec<(i32, f64)> = fig.segments.iter().flatten().copied().collect();
    if points.is_empty() {
        return;
    }
    let (ymin, ymax) = (
        points.iter().map(|p| p.0).min().unwrap_or(0),
        points.iter().map(|p| p.0).max().unwrap_or(0),
    );
    let vmax = points.iter().map(|p| p.1).fold(0.0_f64, f64::max).max(0.1) * 1.15;
    let sx = |year: i32| {
        if ymax == ymin {
            (x0 + x1) / 2.0
        } else {
            x0 + (x1 - x0) * (year - ymin) as f32 / (ymax - ymin) as f32
        }
    };
    let sy = |v: f64| y1 - (y1 - y0) * (v / vmax) as f32;
    c.line(&[(x0 - 16.0, y1), (x1 + 16.0, y1)], 2.0, LINE, None);
    for w in fig.segments.windows(2) {
        if let (Some(a), Some(b)) = (w[0].last(), w[1].first()) {
            let x = (sx(a.0) + sx(b.0)) / 2.0;
            c.line(&[(x, y0 - 10.0), (x, y1)], 2.0, MUTED, Some(vec![6.0, 6.0]));
        }
    }
    for seg in &fig.segments {
        let pts: Vec<(f32, f32)> = seg.iter().map(|&(year, v)| (sx(year), sy(v))).collect();
        if pts.len() > 1 {
            c.line(&pts, 6.0, TREND, None);
        }
        for &(x, y) in &pts {
            c.circle(x, y, 9.0, BG);
            c.circle(x, y, 6.5, TREND);
        }
    }
    let first = points[0];
    let last = points[points.len() - 1];
    c.text_centred(
        &f.regular,
        24.0,
        sx(first.0),
        y1 + 30.0,
        MUTED,
        &first.0.to_string(),
    );
    if last.0 != first.0 {
        c.text_centred(
            &f.regular,
            24.0,
            sx(last.0),
            y1 + 30.0,
            MUTED,
            &last.0.to_string(),
        );
    }
    for ((year, v), label) in &fig.value_labels {
        let x = sx(*year);
        let w = measure(&f.bold, 24.0, label);
        let x = (x - w / 2.0).clamp(x0 - 30.0, WIDTH as f32 - 24.0 - w);
        c.text(&f.bold, 24.0, x, (sy(*v) - 18.0).max(y0 - 4.0), INK, label);
    }
}

// ---------------------------------------------------------------------------------------------
// Text

fn glyphs<'a>(font: &'a FontRef<'static>, text: &'a str) -> impl Iterator<Item = GlyphId> + 'a {
    text.chars().map(move |ch| font.glyph_id(ch))
}

/// The width of `text` at `size` pixels, with kerning.
pub fn measure(font: &FontRef<'static>, size: f32, text: &str) -> f32 {
    let sf = font.as_scaled(PxScale::from(size));
    let mut w = 0.0;
    let mut prev: Option<GlyphId> = None;
    for id in glyphs(font, text) {
        if let Some(p) = prev {
            w += sf.kern(p, id);
        }
        w += sf.h_advance(id);
        prev = Some(id);
    }
    w
}

/// `text` cut with "…" to fit `width`.
fn fit(font: &FontRef<'static>, size: f32, text: &str, width: f32) -> String {
    if measure(font, size, text) <= width {
        return text.to_string();
    }
    let mut s: String = text.to_string();
    while !s.is_empty() {
        s.pop();
        let t = format!("{}…", s.trim_end());
        if measure(font, size, &t) <= width {
            return t;
        }
    }
    String::new()
}

/// Greedy word wrap into at most `max_lines`; the last line ends in "…" when text is left.
pub fn wrap(
    font: &FontRef<'static>,
    size: f32,
    text: &str,
    width: f32,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            w.to_string()
        } else {
            format!("{cur} {w}")
        };
        if cur.is_empty() || measure(font, size, &candidate) <= width {
            cur = candidate;
        } else {
            lines.push(std::mem::replace(&mut cur, w.to_string()));
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        let mut last = fit(font, size, &format!("{rest} …"), width);
        if !last.ends_with('…') {
            last.push('…');
        }
        lines.push(last);
    }
    // A single word wider than the line is cut.
    for l in lines.iter_mut() {
        if measure(font, size, l) > width {
            *l = fit(font, size, l, width);
        }
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Pixels

/// A glyph's coverage, placed relative to the pen on the baseline.
struct GlyphBitmap {
    left: i32,
    top: i32,
    w: i32,
    h: i32,
    cov: Vec<u8>,
}

type GlyphKey = (bool, u16, u32, u8);

thread_local! {
    static GLYPHS: std::cell::RefCell<std::collections::HashMap<GlyphKey, GlyphBitmap>> = std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Calls `f` with the glyph rasterised at `size` pixels and `quarter`/4 px right of the grid.
fn with_glyph(
    font: &FontRef<'static>,
    bold: bool,
    id: GlyphId,
    size: f32,
    quarter: u8,
    f: impl FnOnce(&GlyphBitmap),
) {
    GLYPHS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let g = cache
            .entry((bold, id.0, size.to_bits(), quarter))
            .or_insert_with(|| {
                let glyph = id
                    .with_scale_and_position(PxScale::from(size), point(quarter as f32 / 4.0, 0.0));
                match font.outline_glyph(glyph) {
                    Some(outline) => {
                        let b = outline.px_bounds();
                        let (w, h) = (b.width() as i32, b.height() as i32);
                        let mut cov = vec![0u8; (w * h).max(0) as usize];
                        outline.draw(|x, y, c| {
                            let i = (y as i32 * w + x as i32) as usize;
                            if i < cov.len() {
                                cov[i] = (c.clamp(0.0, 1.0) * 255.0).round() as u8;
                            }
                        });
                        GlyphBitmap {
                            left: b.min.x as i32,
                            top: b.min.y as i32,
                            w,
                            h,
                            cov,
                        }
                    }
                    None => GlyphBitmap {
                        left: 0,
                        top: 0,
                        w: 0,
                        h: 0,
                        cov: Vec::new(),
                    },
                }
            });
        f(g)
    })
}

struct Canvas {
    pix: Pixmap,
}

impl Canvas {
    fn new() -> Canvas {
        let mut pix = Pixmap::new(WIDTH, HEIGHT).expect("a card has a size");
        pix.fill(tiny_skia::Color::from_rgba8(BG.0, BG.1, BG.2, 255));
        Canvas { pix }
    }

    fn paint(c: Rgb) -> Paint<'static> {
        let mut p = Paint::default();
        p.set_color_rgba8(c.0, c.1, c.2, 255);
        p.anti_alias = true;
        p
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgb) {
        if let Some(r) = Rect::from_xywh(x, y, w, h) {
            self.pix
                .fill_rect(r, &Self::paint(c), Transform::identity(), None);
        }
    }

    #[allow(clippy::too_many_arguments)] // a rectangle's own numbers, named as tiny-skia names them
    fn round_rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        r: f32,
        fill: Rgb,
        border: Option<Rgb>,
    ) {
        let mut pb = PathBuilder::new();
        pb.move_to(x + r, y);
        pb.line_to(x + w - r, y);
        pb.quad_to(x + w, y, x + w, y + r);
        pb.line_to(x + w, y + h - r);
        pb.quad_to(x + w, y + h, x + w - r, y + h);
        pb.line_to(x + r, y + h);
        pb.quad_to(x, y + h, x, y + h - r);
        pb.line_to(x, y + r);
        pb.quad_to(x, y, x + r, y);
        pb.close();
        if let Some(path) = pb.finish() {
            self.pix.fill_path(
                &path,
                &Self::paint(fill),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
            if let Some(b) = border {
                let stroke = Stroke {
                    width: 2.0,
                    ..Stroke::default()
                };
                self.pix
                    .stroke_path(&path, &Self::paint(b), &stroke, Transform::identity(), None);
            }
        }
    }

    fn circle(&mut self, x: f32, y: f32, r: f32, c: Rgb) {
        if let Some(path) = PathBuilder::from_circle(x, y, r) {
            self.pix.fill_path(
                &path,
                &Self::paint(c),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
    }

    fn line(&mut self, pts: &[(f32, f32)], width: f32, c: Rgb, dash: Option<Vec<f32>>) {
        let mut pb = PathBuilder::new();
        for (i, &(x, y)) in pts.iter().enumerate() {
            if i == 0 {
                pb.move_to(x, y);
            } else {
                pb.line_to(x, y);
            }
        }
        let Some(path) = pb.finish() else { return };
        let stroke = Stroke {
            width,
            line_cap: if dash.is_some() {
                LineCap::Butt
            } else {
                LineCap::Round
            },
            line_join: LineJoin::Round,
            dash: dash.and_then(|d| StrokeDash::new(d, 0.0)),
            ..Stroke::default()
        };
        self.pix
            .stroke_path(&path, &Self::paint(c), &stroke, Transform::identity(), None);
    }

    /// Writes `text` with its baseline at `y`, starting at `x`.
    fn text(&mut self, font: &FontRef<'static>, size: f32, x: f32, y: f32, c: Rgb, text: &str) {
        let bold = std::ptr::eq(font, &fonts().bold);
        let sf = font.as_scaled(PxScale::from(size));
        let (w, h) = (WIDTH as i32, HEIGHT as i32);
        let data = self.pix.data_mut();
        let y = y.round();
        let mut pen = x;
        let mut prev: Option<GlyphId> = None;
        for id in glyphs(font, text) {
            if let Some(p) = prev {
                pen += sf.kern(p, id);
            }
            // Glyphs are placed on a quarter-pixel grid, so each is rasterised once per thread.
            let quarters = (pen * 4.0).round() as i32;
            let (ix, q) = (quarters.div_euclid(4), quarters.rem_euclid(4) as u8);
            pen += sf.h_advance(id);
            prev = Some(id);
            with_glyph(font, bold, id, size, q, |g| {
                for gy in 0..g.h {
                    let py = y as i32 + g.top + gy;
                    if py < 0 || py >= h {
                        continue;
                    }
                    for gx in 0..g.w {
                        let px = ix + g.left + gx;
                        let cov = g.cov[(gy * g.w + gx) as usize] as u32;
                        if cov == 0 || px < 0 || px >= w {
                            continue;
                        }
                        let i = ((py * w + px) * 4) as usize;
                        for (k, s) in [c.0, c.1, c.2].into_iter().enumerate() {
                            let d = data[i + k] as u32;
                            data[i + k] = ((s as u32 * cov + d * (255 - cov) + 127) / 255) as u8;
                        }
                    }
                }
            });
        }
    }

    fn text_centred(
        &mut self,
        font: &FontRef<'static>,
        size: f32,
        cx: f32,
        y: f32,
        c: Rgb,
        text: &str,
    ) {
        let w = measure(font, size, text);
        self.text(font, size, cx - w / 2.0, y, c, text);
    }

    /// PNG with a palette, deflate level 1: about 40 KB a card. (8-bit RGB with the fastest
    /// deflate takes half the time but gives about 110 KB: see `card_cost`.)
    fn encode(self, key: &str) -> Vec<u8> {
        self.encode_indexed(png::DeflateCompression::Level(1), key)
    }

    /// PNG with a palette of at most 256 colours: the card's own colours by how often they
    /// occur (ties by value); rarer anti-aliasing shades take the nearest of those. About a
    /// third of the bytes of RGB, and deterministic.
    fn encode_indexed(self, compression: png::DeflateCompression, card_key: &str) -> Vec<u8> {
        let rgba = self.pix.data();
        let key = |p: &[u8]| (p[0] as u32) << 16 | (p[1] as u32) << 8 | p[2] as u32;
        // Runs of one colour, then their colours counted. Pixels are compared as whole words
        // (every pixel is opaque), a run's colour made once.
        let mut runs: Vec<(u32, u32)> = Vec::with_capacity(1 << 16);
        let mut pixels = rgba.chunks_exact(4);
        if let Some(first) = pixels.next() {
            let word = |p: &[u8]| u32::from_ne_bytes([p[0], p[1], p[2], p[3]]);
            let (mut run, mut colour, mut n) = (word(first), key(first), 1u32);
            for px in pixels {
                let w = word(px);
                if w == run {
                    n += 1;
                } else {
                    runs.push((colour, n));
                    (run, colour, n) = (w, key(px), 1);
                }
            }
            runs.push((colour, n));
        }
        let mut colours: Vec<(u32, u32)> = runs.clone();
        colours.sort_unstable_by_key(|c| c.0);
        colours.dedup_by(|b, a| {
            if a.0 == b.0 {
                a.1 += b.1;
                true
            } else {
                false
            }
        });
        let mut by_count = colours.clone();
        by_count.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let kept: Vec<u32> = by_count.iter().take(256).map(|c| c.0).collect();
        let split = |k: u32| {
            (
                (k >> 16) as i32,
                ((k >> 8) & 0xFF) as i32,
                (k & 0xFF) as i32,
            )
        };
        // Every colour (sorted) to its palette index.
        let slot: std::collections::HashMap<u32, u8> = kept
            .iter()
            .enumerate()
            .map(|(i, &q)| (q, i as u8))
            .collect();
        // A rarer colour takes the nearest kept one (the first of equals): the distances to all
        // of them in one pass over their parts, then the smallest.
        let (kr, kg, kb): (Vec<i32>, Vec<i32>, Vec<i32>) = kept.iter().map(|&q| split(q)).collect();
        let mut dist = vec![0i32; kept.len()];
        let index: Vec<u8> = colours
            .iter()
            .map(|&(k, _)| match slot.get(&k) {
                Some(&i) => i,
                None => {
                    let (r, g, b) = split(k);
                    for (((d, &qr), &qg), &qb) in dist.iter_mut().zip(&kr).zip(&kg).zip(&kb) {
                        *d = (r - qr).pow(2) * 3 + (g - qg).pow(2) * 4 + (b - qb).pow(2) * 2;
                    }
                    let mut best = 0;
                    for (i, &d) in dist.iter().enumerate() {
                        if d < dist[best] {
                            best = i;
                        }
                    }
                    best as u8
                }
            })
            .collect();
        let mut pixels = Vec::with_capacity((WIDTH * HEIGHT) as usize);
        for (k, n) in runs {
            let i = colours
                .binary_search_by_key(&k, |c| c.0)
                .map(|p| index[p])
                .unwrap_or(0);
            pixels.extend(std::iter::repeat_n(i, n as usize));
        }
        let palette: Vec<u8> = kept
            .iter()
            .flat_map(|&k| [(k >> 16) as u8, (k >> 8) as u8, k as u8])
            .collect();
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, WIDTH, HEIGHT);
            enc.set_color(png::ColorType::Indexed);
            enc.set_depth(png::BitDepth::Eight);
            enc.set_palette(palette);
            enc.set_deflate_compression(compression);
            enc.set_filter(png::Filter::NoFilter);
            enc.add_itxt_chunk(KEY_WORD.into(), card_key.into())
                .expect("encoding to memory");
            let mut w = enc.write_header().expect("encoding to memory");
            w.write_image_data(&pixels).expect("encoding to memory");
        }
        out
    }

    /// 8-bit RGB: for comparison in `compare_encoders`.
    #[cfg(test)]
    fn encode_with(self, filter: png::Filter, compression: png::DeflateCompression) -> Vec<u8> {
        let rgba = self.pix.data();
        let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
        for (d, s) in rgb.chunks_exact_mut(3).zip(rgba.chunks_exact(4)) {
            d.copy_from_slice(&s[..3]);
        }
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, WIDTH, HEIGHT);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            enc.set_deflate_compression(compression);
            enc.set_filter(filter);
            let mut w = enc.write_header().expect("encoding to memory");
            w.write_image_data(&rgb).expect("encoding to memory");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_font_has_every_vietnamese_letter() {
        let letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY\
            àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ\
            ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ“”–…%";
        for font in [&fonts().regular, &fonts().bold] {
            for ch in letters.chars() {
                assert_ne!(font.glyph_id(ch).0, 0, "no glyph for {ch}");
            }
        }
    }

    #[test]
    fn wraps_titles_and_marks_what_was_cut() {
        let f = &fonts().bold;
        let lines = wrap(
            f,
            48.0,
            "Hộ bà Ka H'Nga thoát nghèo nhờ nuôi bò sinh sản",
            500.0,
            3,
        );
        assert!(lines.len() >= 2 && lines.len() <= 3, "{lines:?}");
        assert!(lines.iter().all(|l| measure(f, 48.0, l) <= 500.0));
        let long = "Tổ tiết kiệm ".repeat(30);
        let lines = wrap(f, 48.0, &long, 500.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
    }

    pub fn sample_card() -> Card {
        sample()
    }

    fn sample() -> Card {
        Card {
            kicker: "Vì người nghèo – Không để ai bị bỏ lại phía sau".into(),
            title: "Tổ tiết kiệm và vay vốn: “cánh tay nối dài” của tín dụng chính sách ở Đam Rông"
                .into(),
            subtitle: "Mô hình · Thôn Đạ Mpô · 16/1/2023".into(),
            figure: Some(CardFigure {
                value: "18,45 %".into(),
                label: "Tỷ lệ hộ nghèo năm 2024".into(),
                status: Some(("Mục tiêu: Chậm".into(), Status::Behind)),
                segments: vec![vec![
                    (2021, 22.0),
                    (2022, 20.5),
                    (2023, 19.4),
                    (2024, 18.45),
                ]],
                value_labels: vec![((2024, 18.45), "18,45 %".into())],
            }),
            footer: "lamdong.example.vn · Sở Thông tin và Truyền thông".into(),
        }
    }

    /// CPU seconds this thread has used (Linux), to time cards on a busy machine.
    pub fn cpu_seconds() -> f64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map(|(_, r)| r.split_whitespace().collect())
            .unwrap_or_default();
        let ticks: f64 = fields.get(11).and_then(|u| u.parse().ok()).unwrap_or(0.0);
        ticks / 100.0
    }

    /// `cargo test --release -- --ignored --nocapture card_cost` prints what one card costs.
    #[test]
    #[ignore]
    fn card_cost() {
        let card = sample();
        let n = 200;
        let cpu0 = cpu_seconds();
        let t = std::time::Instant::now();
        let mut bytes = 0;
        for _ in 0..n {
            bytes += png(&card).len();
        }
        let each = t.elapsed().as_secs_f64() / n as f64;
        let cpu = (cpu_seconds() - cpu0) / n as f64;
        let t = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(draw(&card));
        }
        let drawing = t.elapsed().as_secs_f64() / n as f64;
        println!(
            "one card: {:.2} ms wall, {:.2} ms CPU ({:.2} ms wall drawing), {} bytes",
            each * 1000.0,
            cpu * 1000.0,
            drawing * 1000.0,
            bytes / n
        );
    }

    #[test]
    fn a_card_is_a_1200_by_630_png_and_the_same_every_time() {
        let card = Card {
            kicker: "Vì người nghèo – Không để ai bị bỏ lại phía sau".into(),
            title: "Huyện Đam Rông".into(),
            subtitle: "Tỉnh Lâm Đồng".into(),
            figure: Some(CardFigure {
                value: "12,41 %".into(),
                label: "Tỷ lệ hộ nghèo năm 2023".into(),
                status: Some(("Đúng tiến độ".into(), Status::OnTrack)),
                segments: vec![
                    vec![(2019, 20.0), (2020, 17.5)],
                    vec![(2021, 22.0), (2022, 16.0), (2023, 12.41)],
                ],
                value_labels: vec![((2023, 12.41), "12,41 %".into())],
            }),
            footer: "lamdong.example.vn".into(),
        };
        let a = png(&card);
        assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&a[16..24], &[0, 0, 4, 176, 0, 0, 2, 118]);
        assert_eq!(a, png(&card));
    }

    #[test]
    fn a_card_says_what_it_shows() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).expect("write");
            p
        };
        let card = sample_card();
        let a = png(&card);
        assert!(file_shows(&file("a.png", &a), &card));
        let other = Card {
            title: format!("{} ", card.title),
            ..card.clone()
        };
        assert!(!file_shows(&file("a.png", &a), &other), "another title");
        let cut = file("cut.png", &a[..a.len() - 1]);
        assert!(!file_shows(&cut, &card), "a file cut short");
        assert!(!file_shows(&file("x.png", b"not a png"), &card));
        assert!(!file_shows(&dir.path().join("none.png"), &card));
        // A PNG without the key chunk (as lnob wrote before there was one).
        let mut bare = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut bare, 1, 1);
            enc.set_color(png::ColorType::Grayscale);
            let mut w = enc.write_header().expect("header");
            w.write_image_data(&[0]).expect("data");
        }
        assert!(!file_shows(&file("bare.png", &bare), &card));
    }

    /// Cards are taken from the last build where their key says they show the same, so a
    /// change to how a card looks must come with a new `DRAWING`: this holds the bytes of one
    /// card (FNV-1a, 64 bits) to the version.
    #[test]
    fn the_drawing_is_pinned() {
        let bytes = png(&sample_card());
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        assert_eq!(
            (DRAWING, h),
            (1, 1_901_200_937_961_688_802),
            "the card's bytes changed: raise DRAWING (or cards of earlier builds would be taken \
             as they are) and put the new version and hash here"
        );
    }
}

#[cfg(test)]
mod encoders {
    use super::tests::cpu_seconds;

    /// `cargo test --release -- --ignored --nocapture compare_encoders`: CPU time and bytes
    /// of one card with a palette and as RGB, at several deflate levels.
    #[test]
    #[ignore]
    fn compare_encoders() {
        let card = super::tests::sample_card();
        for (cn, c) in [
            ("ultrafast", png::DeflateCompression::FdeflateUltraFast),
            ("l1", png::DeflateCompression::Level(1)),
            ("l3", png::DeflateCompression::Level(3)),
        ] {
            let t = cpu_seconds();
            let mut b = 0;
            for _ in 0..40 {
                b = super::draw(&card).encode_indexed(c, "").len();
            }
            println!(
                "indexed {cn}: {:.2} ms CPU, {b} bytes",
                (cpu_seconds() - t) * 1000.0 / 40.0
            );
        }
        for (name, f) in [("adaptive", png::Filter::Adaptive)] {
            for (cn, c) in [
                ("ultrafast", png::DeflateCompression::FdeflateUltraFast),
                ("l1", png::DeflateCompression::Level(1)),
                ("l3", png::DeflateCompression::Level(3)),
                ("l6", png::DeflateCompression::Level(6)),
            ] {
                let t = cpu_seconds();
                let mut b = 0;
                for _ in 0..40 {
                    b = super::draw(&card).encode_with(f, c).len();
                }
                println!(
                    "{name} {cn}: {:.2} ms CPU, {b} bytes",
                    (cpu_seconds() - t) * 1000.0 / 40.0
                );
            }
        }
    }
}
