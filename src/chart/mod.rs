//! Charts as SVG, drawn at build time from the series in `compute`: no JavaScript, no files.
//!
//! Shapes (lines, markers, bands, gridlines) are drawn with plotters' SVG backend on a pixel
//! canvas; text (ticks, labels, legend) is written as SVG `<text>` here, so that it needs no
//! font at build time and the browser lays it out with the page's fonts. The fixed size
//! plotters writes is replaced by a `viewBox` and `width="100%"`, so a chart scales down to a
//! phone. Every chart carries `role="img"`, a `<title>` and a `<desc>` saying in words what it
//! shows, and has a `csv` function giving exactly the numbers drawn.
//!
//! Output is deterministic: no random ids, integer pixel coordinates, fixed number formats.

pub mod children;
pub mod sparkline;
pub mod trend;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::compute::opendata::{plain, BOM};
use crate::diag::Lang;

/// How a chart is rendered: the language of its words and the id its `<title>` and `<desc>`
/// are referred to by (unique within a page, e.g. "trend-674").
#[derive(Clone, Debug)]
pub struct ChartOptions {
    pub lang: Lang,
    pub id: String,
}

impl ChartOptions {
    pub fn new(lang: Lang, id: impl Into<String>) -> Self {
        ChartOptions {
            lang,
            id: id.into(),
        }
    }
}

/// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
pub mod palette {
    use plotters::style::RGBColor;
    pub const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    pub const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
    pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    pub const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
    /// Text and axes.
    pub const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
    pub const GREY: RGBColor = RGBColor(0x6B, 0x6B, 0x6B);
    pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
    pub const LIGHT_GREY: RGBColor = RGBColor(0xBB, 0xBB, 0xBB);
    pub const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
}

pub(crate) const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
pub(crate) const INK: &str = "#1A1A1A";
pub(crate) const MUTED: &str = "#4D4D4D";

pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(crate) type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Draws shapes with plotters on a `w`×`h` pixel canvas and returns the SVG elements it wrote
/// (without the outer `<svg>`).
pub(crate) fn shapes(w: u32, h: u32, draw: impl FnOnce(&Area) -> DrawResult) -> String {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        draw(&root).expect("drawing into memory does not fail");
        root.present().expect("drawing into memory does not fail");
    }
    let body = buf.split_once('\n').map(|(_, rest)| rest).unwrap_or("");
    join_segments(&with_stand_ins(
        body.strip_suffix("</svg>\n").unwrap_or(body),
    ))
}

/// Appends `s` without the attributes that only repeat SVG's defaults, which plotters writes
/// on every element: `opacity="1"`, and `stroke="none"` on filled shapes with the
/// `stroke-width="1"` right after it. A tenth of a trend chart's bytes, and each chart is
/// written up to four times (unit page, its file, embed, plans).
fn push_without_defaults(out: &mut String, s: &str) {
    const OPACITY: &str = " opacity=\"1\"";
    const NONE: &str = " stroke=\"none\"";
    const WIDTH: &str = " stroke-width=\"1\"";
    let mut last = 0;
    // Where the last `stroke="none"` left out ends (with any `opacity="1"` left out after it).
    let mut none_end = usize::MAX;
    for at in memchr::memchr_iter(b' ', s.as_bytes()) {
        let rest = &s[at..];
        let cut = if rest.starts_with(OPACITY) {
            if none_end == at {
                none_end = at + OPACITY.len();
            }
            OPACITY.len()
        } else if rest.starts_with(NONE) {
            none_end = at + NONE.len();
            NONE.len()
        } else if none_end == at && rest.starts_with(WIDTH) {
            WIDTH.len()
        } else {
            continue;
        };
        out.push_str(&s[last..at]);
        last = at + cut;
    }
    out.push_str(&s[last..]);
}

/// The colours a dashed line (or a row of markers, [`marker_stand_in`]) can have. Plotters has
/// no dash array: it draws a dashed line as one short line per dash (a national site's charts
/// had thousands). Instead a dashed line is drawn whole in a stand-in colour, `#0iNNFF` (colour
/// `i` of this list, dash `NN` and gap `FF` pixels), which [`with_stand_ins`] turns into the
/// colour and a `stroke-dasharray`.
const DASH_COLOURS: [RGBColor; 5] = [
    palette::BLUE,
    palette::ORANGE,
    palette::REDDISH_PURPLE,
    palette::BLUISH_GREEN,
    palette::VERMILLION,
];

/// The stand-in colour of a line of `colour` dashed `on`, `off` pixels; `None` when the
/// colour is not one of [`DASH_COLOURS`] or the lengths do not fit in a byte.
pub(crate) fn dash_stand_in(colour: RGBColor, (on, off): (i32, i32)) -> Option<RGBColor> {
    let i = DASH_COLOURS.iter().position(|c| *c == colour)?;
    let on = u8::try_from(on).ok().filter(|&n| n > 0)?;
    let off = u8::try_from(off).ok().filter(|&n| n > 0)?;
    Some(RGBColor(i as u8 + 1, on, off))
}

/// The shape of a point marker. Each is drawn in its colour over a larger white one, so that
/// it stands out from the lines under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    Circle,
    Square,
    Triangle,
}

impl Marker {
    const ALL: [Marker; 3] = [Marker::Circle, Marker::Square, Marker::Triangle];
}

/// The stand-in colour of a row of `shape` markers in `colour` (one of [`DASH_COLOURS`]):
/// `#0A0S0C`, shape `S`, colour `C`. Plotters would write each marker as two elements (nearly
/// 4 % of a national build's CPU); instead a row of markers is drawn as one line in this colour,
/// through their centres, and [`with_stand_ins`] writes the markers in its place.
pub(crate) fn marker_stand_in(shape: Marker, colour: RGBColor) -> Option<RGBColor> {
    let c = DASH_COLOURS.iter().position(|x| *x == colour)?;
    let s = Marker::ALL.iter().position(|x| *x == shape)?;
    Some(RGBColor(0x0A, s as u8, c as u8))
}

/// Writes the markers at each point of `points` (plotters' `x,y x,y ` list), as plotters
/// writes them (with the attributes that only repeat SVG's defaults left out). Plotters would
/// clip a marker at the canvas's edge; charts keep markers well inside it.
fn push_markers(out: &mut String, shape: Marker, colour: RGBColor, points: &str) {
    let hex = rgb(colour);
    // `@` stands for the numbers, in order; `%` for the colour.
    let (white, coloured) = match shape {
        Marker::Circle => (
            "<circle cx=\"@\" cy=\"@\" r=\"8\" fill=\"#FFFFFF\"/>\n",
            "<circle cx=\"@\" cy=\"@\" r=\"6\" fill=\"%\"/>\n",
        ),
        Marker::Square => (
            "<rect x=\"@\" y=\"@\" width=\"14\" height=\"14\" fill=\"#FFFFFF\"/>\n",
            "<rect x=\"@\" y=\"@\" width=\"10\" height=\"10\" fill=\"%\"/>\n",
        ),
        Marker::Triangle => (
            "<polygon fill=\"#FFFFFF\" points=\"@,@ @,@ @,@ \"/>\n",
            "<polygon fill=\"%\" points=\"@,@ @,@ @,@ \"/>\n",
        ),
    };
    for p in points.split_ascii_whitespace() {
        let Some((x, y)) = p
            .split_once(',')
            .and_then(|(x, y)| Some((x.parse::<i32>().ok()?, y.parse::<i32>().ok()?)))
        else {
            continue;
        };
        let (a, b): (&[i32], &[i32]) = match shape {
            Marker::Circle => (&[x, y], &[x, y]),
            Marker::Square => (&[x - 7, y - 7], &[x - 5, y - 5]),
            Marker::Triangle => (
                &[x, y - 9, x + 8, y + 6, x - 8, y + 6],
                &[x, y - 6, x + 5, y + 4, x - 5, y + 4],
            ),
        };
        fill_in(out, white, a, &hex);
        fill_in(out, coloured, b, &hex);
    }
}

/// Appends `template` with each `@` replaced by the next of `numbers` and `%` by `colour`
/// (the formatting machinery of `write!` cost more than the rest of a marker).
fn fill_in(out: &mut String, template: &str, numbers: &[i32], colour: &str) {
    let mut digits = itoa::Buffer::new();
    let mut numbers = numbers.iter();
    let mut last = 0;
    for at in memchr::memchr2_iter(b'@', b'%', template.as_bytes()) {
        out.push_str(&template[last..at]);
        if template.as_bytes()[at] == b'%' {
            out.push_str(colour);
        } else if let Some(n) = numbers.next() {
            out.push_str(digits.format(*n));
        }
        last = at + 1;
    }
    out.push_str(&template[last..]);
}

/// Replaces each stand-in colour of [`dash_stand_in`] with its colour and dash array, and each
/// line in a stand-in colour of [`marker_stand_in`] with its markers.
fn with_stand_ins(body: &str) -> String {
    use std::fmt::Write;
    const KEY: &str = "stroke=\"#";
    const POINTS: &str = " points=\"";
    let mut out = String::with_capacity(body.len() + 64);
    let finder = memchr::memmem::Finder::new(KEY);
    let mut rest = body;
    while let Some(at) = finder.find(rest.as_bytes()) {
        let hex = |k: usize| {
            rest.get(at + KEY.len() + k..at + KEY.len() + k + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        let quote = rest.as_bytes().get(at + KEY.len() + 6) == Some(&b'"');
        let (r, g, b) = (hex(0), hex(2), hex(4));
        // A row of markers: the whole element (one line) gives way to them.
        if let (true, Some(0x0A), Some(s), Some(c)) = (quote, r, g, b) {
            let start = rest[..at].rfind('<').unwrap_or(at);
            let end = rest[at..].find('\n').map_or(rest.len(), |e| at + e + 1);
            let element = &rest[at..end];
            if let (Some(&shape), Some(&colour), Some(p)) = (
                Marker::ALL.get(s as usize),
                DASH_COLOURS.get(c as usize),
                element.find(POINTS),
            ) {
                let points = &element[p + POINTS.len()..];
                let points = &points[..points.find('"').unwrap_or(points.len())];
                out.push_str(&rest[..start]);
                push_markers(&mut out, shape, colour, points);
                rest = &rest[end..];
                continue;
            }
        }
        let (before, tail) = rest.split_at(at + KEY.len());
        out.push_str(before);
        rest = tail;
        let stand_in = match (r, g, b, quote) {
            (Some(i @ 1..=5), Some(on), Some(off), true) if on > 0 && off > 0 => {
                Some((DASH_COLOURS[i as usize - 1], on, off))
            }
            _ => None,
        };
        if let Some((c, on, off)) = stand_in {
            let _ = write!(
                out,
                "{:02X}{:02X}{:02X}\" stroke-dasharray=\"{on} {off}",
                c.0, c.1, c.2
            );
            rest = &rest[6..];
        }
    }
    out.push_str(rest);
    out
}

/// Plotters draws a dashed line as one `<polyline>` per dash. A run of such two-point lines
/// with the same style becomes one `<path>` with a sub-path per dash: the same strokes in the
/// same order (they are opaque), in a fifth of the bytes. Default attributes are left out on
/// the way ([`push_without_defaults`]).
fn join_segments(body: &str) -> String {
    const HEAD: &str = "<polyline ";
    const POINTS: &str = " points=\"";
    // (style, first point, second point) of a two-point polyline, else None.
    fn segment(line: &str) -> Option<(&str, &str, &str)> {
        let rest = line.strip_prefix(HEAD)?.strip_suffix(" \"/>")?;
        let (style, pts) = rest.split_once(POINTS)?;
        let (a, b) = pts.split_once(' ')?;
        (!b.contains(' ')).then_some((style, a, b))
    }
    let mut out = String::with_capacity(body.len());
    let lines: Vec<&str> = body.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let Some((style, ..)) = segment(lines[i]) else {
            push_without_defaults(&mut out, lines[i]);
            out.push('\n');
            i += 1;
            continue;
        };
        let mut j = i;
        while j < lines.len() && segment(lines[j]).is_some_and(|(s, ..)| s == style) {
            j += 1;
        }
        if j - i < 2 {
            push_without_defaults(&mut out, lines[i]);
            out.push('\n');
        } else {
            out.push_str("<path ");
            push_without_defaults(&mut out, style);
            out.push_str(" d=\"");
            for line in &lines[i..j] {
                if let Some((_, a, b)) = segment(line) {
                    out.push('M');
                    out.push_str(a);
                    out.push('L');
                    out.push_str(b);
                }
            }
            out.push_str("\"/>\n");
        }
        i = j.max(i + 1);
    }
    out
}

/// Escapes text for SVG content and attributes.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_esc(&mut out, s);
    out
}

/// Appends `s` escaped as [`esc`] escapes it (the text between special bytes in one piece).
pub(crate) fn push_esc(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// SVG `<text>` elements, written by hand (plotters would need a font to place them).
#[derive(Default)]
pub(crate) struct Texts(pub String);

impl Texts {
    /// A label; `halo` paints a white outline under it so it stays legible over lines.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        x: i32,
        y: i32,
        size: u32,
        anchor: Anchor,
        bold: bool,
        halo: bool,
        fill: &str,
        s: &str,
    ) {
        let anchor = match anchor {
            Anchor::Start => "",
            Anchor::Middle => " text-anchor=\"middle\"",
            Anchor::End => " text-anchor=\"end\"",
        };
        let bold = if bold { " font-weight=\"bold\"" } else { "" };
        let halo = if halo {
            " stroke=\"#FFFFFF\" stroke-width=\"6\" stroke-linejoin=\"round\" style=\"paint-order:stroke\""
        } else {
            ""
        };
        use std::fmt::Write;
        let _ = write!(
            self.0,
            "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\"{anchor}{bold}{halo} fill=\"{fill}\">"
        );
        push_esc(&mut self.0, s);
        self.0.push_str("</text>\n");
    }
}

/// A rough width of `s` at `size` px in a sans-serif font (bold or not), for layout only.
pub(crate) fn text_width(s: &str, size: u32) -> i32 {
    width_of(s.chars().count(), size)
}

/// [`text_width`] of a text of `chars` characters.
fn width_of(chars: usize, size: u32) -> i32 {
    (chars as f64 * size as f64 * 0.62).ceil() as i32
}

/// Breaks `s` into lines of at most `max_px` (roughly) at spaces.
pub(crate) fn wrap(s: &str, size: u32, max_px: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_chars = 0;
    for word in s.split(' ') {
        let word_chars = word.chars().count();
        if !cur.is_empty() && width_of(cur_chars + 1 + word_chars, size) > max_px {
            lines.push(std::mem::take(&mut cur));
            cur_chars = 0;
        }
        if !cur.is_empty() {
            cur.push(' ');
            cur_chars += 1;
        }
        cur.push_str(word);
        cur_chars += word_chars;
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// The whole `<svg>` document: scalable, labelled for assistive technology.
pub(crate) fn document(
    w: u32,
    h: u32,
    class: &str,
    opts: &ChartOptions,
    title: &str,
    desc: &str,
    body: &str,
) -> String {
    let id = esc(&opts.id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" \
aria-labelledby=\"{id}-title {id}-desc\" class=\"lnob-chart {class}\" font-family=\"{font}\" lang=\"{lang}\">\n\
<title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{desc}</desc>\n{body}</svg>\n",
        font = esc(FONT),
        lang = opts.lang.pick("vi", "en"),
        title = esc(title),
        desc = esc(desc),
    )
}

/// A chart's numbers as CSV: BOM, header, rows, then a line naming the sources.
pub(crate) fn chart_csv<R, T>(
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
    sources: &[String],
    lang: Lang,
) -> String
where
    R: IntoIterator<Item = T>,
    T: AsRef<[u8]>,
{
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(BOM.as_bytes().to_vec());
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.write_record(r).expect("writing to memory");
    }
    let source = if sources.is_empty() {
        lang.pick("không ghi", "not given").to_string()
    } else {
        sources.join("; ")
    };
    w.write_record([format!("{}: {source}", lang.pick("Nguồn", "Source"))])
        .expect("writing to memory");
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 fields")
}

/// A number for a chart's CSV: plain, with a dot, at most 4 decimals.
pub(crate) fn num(x: f64) -> String {
    plain(x)
}

/// A round step for about `n` axis ticks up to `max`.
pub(crate) fn nice_step(max: f64, n: f64) -> f64 {
    let raw = (max / n).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw - 1e-12)
        .unwrap_or(10.0 * mag)
}

/// How many decimals a tick step needs: 0 for 2, 1 for 2.5 or 0.5.
pub(crate) fn step_places(step: f64) -> usize {
    (0..=3)
        .find(|&p| {
            ((step * 10f64.powi(p as i32)).round() - step * 10f64.powi(p as i32)).abs() < 1e-9
        })
        .unwrap_or(3)
}

pub(crate) fn rgb(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stand_in_colour_becomes_its_colour_and_dash_array() {
        let c = dash_stand_in(palette::VERMILLION, (12, 7)).expect("a chart colour");
        let line = |c: RGBColor| {
            format!(
                "<polyline fill=\"none\" stroke=\"#{:02X}{:02X}{:02X}\" stroke-width=\"3\" points=\"0,0 9,9 \"/>\n",
                c.0, c.1, c.2
            )
        };
        let body = format!("{}{}", line(c), line(palette::GREY));
        assert_eq!(
            with_stand_ins(&body),
            "<polyline fill=\"none\" stroke=\"#D55E00\" stroke-dasharray=\"12 7\" stroke-width=\"3\" points=\"0,0 9,9 \"/>\n\
             <polyline fill=\"none\" stroke=\"#6B6B6B\" stroke-width=\"3\" points=\"0,0 9,9 \"/>\n"
        );
        // Other colours, zero lengths and lengths past a byte keep plotters' own dashes.
        assert_eq!(dash_stand_in(palette::GREY, (12, 7)), None);
        assert_eq!(dash_stand_in(palette::BLUE, (0, 7)), None);
        assert_eq!(dash_stand_in(palette::BLUE, (300, 7)), None);
    }

    #[test]
    fn dashes_of_one_style_become_one_path_and_other_lines_stay() {
        let dash = |x: i32, c: &str| {
            format!("<polyline fill=\"none\" opacity=\"1\" stroke=\"{c}\" stroke-width=\"3\" points=\"{x},5 {},5 \"/>", x + 3)
        };
        let long = "<polyline fill=\"none\" opacity=\"1\" stroke=\"#000\" stroke-width=\"1\" points=\"0,0 5,5 9,9 \"/>";
        let body = [
            dash(0, "#111"),
            dash(6, "#111"),
            dash(12, "#222"),
            long.to_string(),
            dash(20, "#111"),
        ]
        .join("\n")
            + "\n";
        assert_eq!(
            join_segments(&body),
            format!(
                "<path fill=\"none\" stroke=\"#111\" stroke-width=\"3\" d=\"M0,5L3,5M6,5L9,5\"/>\n{}\n{}\n{}\n",
                dash(12, "#222").replace(" opacity=\"1\"", ""),
                long.replace(" opacity=\"1\"", ""),
                dash(20, "#111").replace(" opacity=\"1\"", "")
            )
        );
    }

    /// Leaving out default attributes as three replacements over the whole text, as first
    /// written; the one pass must give the same text.
    #[test]
    fn defaults_are_left_out_as_by_three_replacements() {
        let pieces = [
            " opacity=\"1\"",
            " stroke=\"none\"",
            " stroke-width=\"1\"",
            " stroke-width=\"3\"",
            " fill=\"#0072B2\"",
            "<circle cx=\"5\"",
            "/>",
            " ",
            "opacity",
            "x",
        ];
        for text in crate::compute::testkit::random_texts(&pieces, 5000, 10, 11) {
            let reference = text
                .replace(" opacity=\"1\"", "")
                .replace(" stroke=\"none\" stroke-width=\"1\"", "")
                .replace(" stroke=\"none\"", "");
            let mut out = String::new();
            push_without_defaults(&mut out, &text);
            assert_eq!(out, reference, "{text:?}");
        }
    }

    #[test]
    fn nice_steps_are_round() {
        assert_eq!(nice_step(10.0, 5.0), 2.0);
        assert_eq!(nice_step(12.0, 5.0), 2.5);
        assert_eq!(nice_step(3.3, 5.0), 1.0);
        assert_eq!(nice_step(0.9, 4.0), 0.25);
        assert_eq!(step_places(2.5), 1);
        assert_eq!(step_places(2.0), 0);
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("một hai ba bốn", 10, 45), vec!["một hai", "ba bốn"]);
    }

    #[test]
    fn plotters_output_loses_its_fixed_size() {
        let body = shapes(10, 10, |a| a.fill(&palette::WHITE));
        assert!(!body.contains("<svg"));
        assert!(!body.contains("</svg>"));
        assert!(body.contains("<rect"));
    }

    #[test]
    fn plotters_output_loses_its_default_attributes() {
        let body = shapes(20, 20, |a| {
            a.fill(&palette::WHITE)?;
            a.draw(&Circle::new((5, 5), 3, palette::BLUE.filled()))?;
            a.draw(&PathElement::new(
                vec![(0, 0), (9, 9)],
                palette::BLUE.stroke_width(2),
            ))
        });
        assert_eq!(
            body,
            "<rect x=\"0\" y=\"0\" width=\"20\" height=\"20\" fill=\"#FFFFFF\"/>\n\
             <circle cx=\"5\" cy=\"5\" r=\"3\" fill=\"#0072B2\"/>\n\
             <polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\" points=\"0,0 9,9 \"/>\n"
        );
    }
}

#[cfg(test)]
pub(crate) mod demo;

#[cfg(test)]
mod preview {
    //! `LNOB_PREVIEW=DIR cargo test preview` writes the demo charts and a phone-sized page to DIR.
    use super::*;
    use crate::compute::{series::unit_series, status::assess_all};

    #[test]
    fn preview_charts() {
        let Ok(dir) = std::env::var("LNOB_PREVIEW") else {
            return;
        };
        let d = demo::demo();
        let all = assess_all(&d.site);
        let page = |name: &str, body: &str| {
            let html = format!("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'><body style='margin:8px;font-family:sans-serif'>{body}");
            std::fs::write(format!("{dir}/{name}.html"), html).unwrap();
        };
        let s = unit_series(&d.site, d.province, &all);
        for lang in [Lang::Vi, Lang::En] {
            let l = lang.pick("vi", "en");
            page(
                &format!("trend-{l}"),
                &trend::svg(&s, &ChartOptions::new(lang, "trend")),
            );
            for (rank, r) in [
                (children::Rank::Latest, "latest"),
                (children::Rank::Change, "change"),
            ] {
                let c = children::data(
                    &d.site,
                    d.province,
                    crate::model::Metric::PoorRate,
                    &all,
                    rank,
                );
                page(
                    &format!("children-{r}-{l}"),
                    &children::svg(&c, &ChartOptions::new(lang, "children")),
                );
            }
        }
        let mut t = String::from("<table border=1 style='border-collapse:collapse'>");
        for &u in std::iter::once(&d.province).chain(d.districts.iter()) {
            let s = unit_series(&d.site, u, &all);
            let sp = sparkline::svg(
                &s,
                crate::model::Metric::PoorRate,
                &ChartOptions::new(Lang::Vi, "sp"),
            );
            t.push_str(&format!(
                "<tr><td>{}</td><td>{sp}</td></tr>",
                d.site.units[u].name
            ));
        }
        t.push_str("</table>");
        page("sparkline", &t);
    }
}

#[cfg(test)]
mod tests_snapshots {
    //! The charts of the demo province as committed snapshots, and their invariants.
    use super::*;
    use crate::compute::series::unit_series;
    use crate::compute::status::assess_all;
    use crate::model::Metric;

    fn trend_vi() -> String {
        let d = demo::demo();
        let all = assess_all(&d.site);
        trend::svg(
            &unit_series(&d.site, d.province, &all),
            &ChartOptions::new(Lang::Vi, "trend-68"),
        )
    }

    #[test]
    fn trend_chart_with_a_standard_break() {
        insta::assert_snapshot!("trend_vi", trend_vi());
    }

    #[test]
    fn trend_chart_in_english() {
        let d = demo::demo();
        let all = assess_all(&d.site);
        let s = unit_series(&d.site, d.province, &all);
        insta::assert_snapshot!(
            "trend_en",
            trend::svg(&s, &ChartOptions::new(Lang::En, "trend-68"))
        );
    }

    #[test]
    fn trend_csv_holds_the_numbers_drawn_and_the_sources() {
        let d = demo::demo();
        let all = assess_all(&d.site);
        insta::assert_snapshot!(
            "trend_csv_vi",
            trend::csv(&unit_series(&d.site, d.province, &all), Lang::Vi)
        );
    }

    #[test]
    fn children_chart_ranked_by_latest_rate() {
        let d = demo::demo();
        let all = assess_all(&d.site);
        let c = children::data(
            &d.site,
            d.province,
            Metric::PoorRate,
            &all,
            children::Rank::Latest,
        );
        insta::assert_snapshot!(
            "children_latest_vi",
            children::svg(&c, &ChartOptions::new(Lang::Vi, "children-68"))
        );
        insta::assert_snapshot!("children_latest_csv_vi", children::csv(&c, Lang::Vi));
    }

    #[test]
    fn children_chart_ranked_by_change() {
        let d = demo::demo();
        let all = assess_all(&d.site);
        let c = children::data(
            &d.site,
            d.province,
            Metric::PoorRate,
            &all,
            children::Rank::Change,
        );
        let names: Vec<_> = c.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["Đam Rông", "Di Linh", "Lâm Hà", "Đơn Dương", "Lạc Dương"]
        );
        insta::assert_snapshot!(
            "children_change_en",
            children::svg(&c, &ChartOptions::new(Lang::En, "children-68"))
        );
    }

    #[test]
    fn sparkline_with_a_break() {
        let d = demo::demo();
        let all = assess_all(&d.site);
        let s = unit_series(&d.site, d.province, &all);
        insta::assert_snapshot!(
            "sparkline_vi",
            sparkline::svg(&s, Metric::PoorRate, &ChartOptions::new(Lang::Vi, "sp"))
        );
        insta::assert_snapshot!(
            "sparkline_csv_vi",
            sparkline::csv(&s, Metric::PoorRate, Lang::Vi)
        );
    }

    #[test]
    fn two_renders_are_byte_identical() {
        assert_eq!(trend_vi(), trend_vi());
        let d = demo::demo();
        let all = assess_all(&d.site);
        let c = || {
            children::svg(
                &children::data(
                    &d.site,
                    d.province,
                    Metric::PoorRate,
                    &all,
                    children::Rank::Latest,
                ),
                &ChartOptions::new(Lang::Vi, "c"),
            )
        };
        assert_eq!(c(), c());
    }

    #[test]
    fn trend_chart_is_scalable_and_labelled() {
        let svg = trend_vi();
        let head = svg.lines().next().unwrap();
        assert!(head.contains("viewBox=\"0 0 640 "), "{head}");
        assert!(head.contains("width=\"100%\""));
        assert!(!head.contains("height="));
        assert!(head.contains("role=\"img\""));
        assert!(head.contains("aria-labelledby=\"trend-68-title trend-68-desc\""));
        assert!(svg.contains(
            "<title id=\"trend-68-title\">Tỷ lệ hộ nghèo theo năm – Tỉnh Lâm Đồng</title>"
        ));
        assert!(svg.contains(
            "Bình quân giảm 1,13 điểm %/năm (2021–2024), mục tiêu 1,0–1,5: đúng tiến độ."
        ));
        assert_eq!(svg.matches("<svg").count(), 1);
    }

    #[test]
    fn trend_chart_draws_no_line_across_the_break() {
        let d = demo::demo();
        let all = assess_all(&d.site);
        let s = unit_series(&d.site, d.province, &all);
        let svg = trend::svg(&s, &ChartOptions::new(Lang::Vi, "t"));
        // The poor-rate line is drawn per segment: one polyline ending at 2020, one from 2021.
        let blue: Vec<&str> = svg
            .lines()
            .filter(|l| {
                l.starts_with("<polyline")
                    && l.contains("#0072B2")
                    && l.contains("stroke-width=\"4\"")
            })
            .collect();
        assert_eq!(blue.len(), 3, "{blue:#?}"); // two segments and the legend sample
        assert!(svg.contains("Chuẩn 2016–2020"));
        assert!(svg.contains("Chuẩn 2022–2025"));
    }

    #[test]
    fn numbers_on_the_chart_use_the_site_language() {
        let svg = trend_vi();
        assert!(svg.contains(">1,62 %</text>"));
        assert!(svg.contains(">15 %</text>"));
        assert!(!svg.contains(">1.62"));
    }
}

#[cfg(test)]
mod tests_edges {
    use super::*;
    use crate::compute::series::unit_series;
    use crate::compute::status::assess_all;
    use crate::compute::testkit::*;
    use crate::model::{Level, Metric};

    #[test]
    fn charts_of_a_unit_without_figures_say_so() {
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        let site = k.build();
        let s = unit_series(&site, u, &[]);
        let opts = ChartOptions::new(Lang::Vi, "t");
        assert!(trend::svg(&s, &opts).contains("Chưa có số liệu"));
        assert!(sparkline::svg(&s, Metric::PoorRate, &opts)
            .contains("aria-label=\"Tỷ lệ hộ nghèo: chưa có số liệu\""));
        let c = children::data(&site, u, Metric::PoorRate, &[], children::Rank::Latest);
        assert!(children::svg(&c, &opts).contains("không có đơn vị trực thuộc"));
        assert!(trend::csv(&s, Lang::Vi).ends_with("Nguồn: không ghi\n"));
    }

    #[test]
    fn charts_of_a_single_year_and_a_plan_ahead_draw() {
        let mut k = Kit::new();
        let u = k.unit("68", "Lâm Đồng", Level::Province, None);
        let c = k.unit("1", "Rô Men", Level::Commune, Some(u));
        k.rate(u, 2021, 3.0);
        k.rate(c, 2021, 30.0);
        let p = k.plan("lam-dong", u, 2022, 2025);
        k.target(p, annual(Metric::PoorRate, 1.0, None));
        let site = k.build();
        let all = assess_all(&site);
        let s = unit_series(&site, u, &all);
        let opts = ChartOptions::new(Lang::En, "t");
        let svg = trend::svg(&s, &opts);
        assert!(svg.contains("No data yet: no figures after 2021."));
        assert!(sparkline::svg(&s, Metric::PoorRate, &opts).contains("Poverty rate 2021: 3.00%"));
        let ch = children::data(&site, u, Metric::PoorRate, &all, children::Rank::Change);
        assert!(children::svg(&ch, &opts).contains("Cannot be computed · No target"));
    }

    #[test]
    fn same_target_of_two_plans_is_one_line_and_other_targets_dash_differently() {
        let mut k = Kit::new();
        let u = k.unit("15", "Yên Bái", Level::Province, None);
        for (year, rate) in [(2021, 2.6), (2022, 2.3), (2023, 2.1), (2024, 1.9)] {
            k.rate(u, year, rate);
        }
        let a = k.plan("3778", u, 2022, 2025);
        let b = k.plan("2884", u, 2022, 2025);
        k.target(
            a,
            crate::model::Target {
                relative: true,
                ..annual(Metric::PoorRate, 10.0, None)
            },
        );
        k.target(b, annual(Metric::PoorRate, 0.3, None));
        k.target(
            b,
            crate::model::Target {
                relative: true,
                ..annual(Metric::PoorRate, 10.0, None)
            },
        );
        let site = k.build();
        let all = assess_all(&site);
        let s = unit_series(&site, u, &all);
        assert_eq!(s.targets.len(), 3);
        let svg = trend::svg(&s, &ChartOptions::new(Lang::Vi, "t"));
        // The chart's words, its wrapped lines joined again.
        let words: Vec<&str> = svg
            .lines()
            .filter_map(|l| {
                l.strip_prefix("<text ")?
                    .split_once('>')?
                    .1
                    .strip_suffix("</text>")
            })
            .collect();
        let words = words.join(" ");
        assert_eq!(words.matches("Lộ trình mục tiêu").count(), 2, "{words}");
        assert!(
            words.contains(
                "Lộ trình mục tiêu: giảm từ 10 %/năm từ năm 2021 – KH 2884/KH-UBND, 3778/KH-UBND –"
            ),
            "{words}"
        );
        assert!(
            words.contains("giảm từ 0,3 điểm %/năm từ năm 2021 – KH 2884/KH-UBND –"),
            "{words}"
        );
        // Two green lines drawn, each with its own dash, then the two legend samples with the
        // same dashes in the same order.
        let dashes: Vec<&str> = svg
            .lines()
            .filter(|l| l.starts_with("<polyline") && l.contains("#009E73"))
            .filter_map(|l| l.split("stroke-dasharray=\"").nth(1)?.split('"').next())
            .collect();
        assert_eq!(dashes, ["12 7", "3 5", "12 7", "3 5"], "{svg}");
        let desc = trend::description(&s, Lang::En);
        assert_eq!(
            desc.matches("plans 2884/KH-UBND, 3778/KH-UBND.").count(),
            1,
            "{desc}"
        );
        assert_eq!(desc.matches("Target path:").count(), 2, "{desc}");
        // The CSV keeps each plan's target, as data.
        let csv = trend::csv(&s, Lang::En);
        assert_eq!(csv.matches("– plan 3778/KH-UBND").count(), 5, "{csv}");
        assert_eq!(csv.matches("– plan 2884/KH-UBND").count(), 10, "{csv}");
    }

    #[test]
    fn text_is_escaped() {
        let mut k = Kit::new();
        let u = k.unit("68", "A <b> & \"B\"", Level::Province, None);
        k.rate(u, 2022, 1.0);
        let site = k.build();
        let s = unit_series(&site, u, &[]);
        let svg = trend::svg(&s, &ChartOptions::new(Lang::Vi, "x\"y"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("A &lt;b&gt; &amp; &quot;B&quot;"));
        assert!(svg.contains("id=\"x&quot;y-title\""));
    }
}
