//! Diagnostics: every problem found in a user's files, with a file, a span and advice.
//!
//! Problems are collected, never thrown: loading goes on after a mistake so that one run
//! reports all of them. Messages exist in Vietnamese and English; the site's `language`
//! picks one. Rendering uses annotate-snippets; this module does no other I/O.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// The interface language of messages and pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// Where a problem is: a file relative to the site root and a byte range in its text.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Loc {
    pub file: String,
    pub span: Option<Range<usize>>,
}

impl Loc {
    pub fn file(file: impl Into<String>) -> Self {
        Loc {
            file: file.into(),
            span: None,
        }
    }
    pub fn at(file: impl Into<String>, span: Range<usize>) -> Self {
        Loc {
            file: file.into(),
            span: Some(span),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub loc: Option<Loc>,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
}

/// Collects problems and the texts they point into.
#[derive(Default, Debug)]
pub struct Diagnostics {
    pub lang: Lang,
    pub items: Vec<Diagnostic>,
    sources: BTreeMap<String, Arc<str>>,
}

impl Diagnostics {
    pub fn new(lang: Lang) -> Self {
        Diagnostics {
            lang,
            ..Default::default()
        }
    }

    /// Remembers a file's text so that problems in it can be quoted.
    pub fn add_source(&mut self, file: &str, text: &str) {
        self.add_shared_source(file, Arc::from(text));
    }

    /// Adds another list's problems after this one's, and the texts they quote.
    pub fn absorb(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.sources.extend(other.sources);
    }

    /// Forgets the texts of files no problem points into (after loading, a large site's
    /// texts would otherwise be held for the whole build).
    pub fn keep_quoted_sources(&mut self) {
        let quoted: std::collections::BTreeSet<&str> = self
            .items
            .iter()
            .filter_map(|d| d.loc.as_ref().map(|l| l.file.as_str()))
            .collect();
        let kept = std::mem::take(&mut self.sources)
            .into_iter()
            .filter(|(f, _)| quoted.contains(f.as_str()))
            .collect();
        self.sources = kept;
    }

    /// [`Self::add_source`] without a copy.
    pub fn add_shared_source(&mut self, file: &str, text: Arc<str>) {
        self.sources.insert(file.to_string(), text);
    }

    pub fn source(&self, file: &str) -> Option<&str> {
        self.sources.get(file).map(|s| &**s)
    }

    /// A file's text that can be held while problems are added.
    pub fn shared_source(&self, file: &str) -> Option<Arc<str>> {
        self.sources.get(file).cloned()
    }

    pub fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(vi, en)
    }

    pub fn push(
        &mut self,
        severity: Severity,
        loc: Option<Loc>,
        message: String,
    ) -> &mut Diagnostic {
        self.items.push(Diagnostic {
            severity,
            loc,
            message,
            label: None,
            help: None,
        });
        self.items.last_mut().expect("just pushed")
    }

    pub fn error(&mut self, loc: Loc, message: String) -> &mut Diagnostic {
        self.push(Severity::Error, Some(loc), message)
    }

    pub fn warning(&mut self, loc: Loc, message: String) -> &mut Diagnostic {
        self.push(Severity::Warning, Some(loc), message)
    }

    pub fn note(&mut self, loc: Loc, message: String) -> &mut Diagnostic {
        self.push(Severity::Note, Some(loc), message)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// Sorts problems by file and position so that output is stable.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let ka = (
                a.loc
                    .as_ref()
                    .map(|l| (l.file.clone(), l.span.as_ref().map(|s| s.start))),
                a.severity,
            );
            let kb = (
                b.loc
                    .as_ref()
                    .map(|l| (l.file.clone(), l.span.as_ref().map(|s| s.start))),
                b.severity,
            );
            ka.cmp(&kb).then_with(|| a.message.cmp(&b.message))
        });
    }

    /// Renders every problem of at least `min` severity, numbered, as plain text.
    pub fn render(&self, min: Severity, color: bool) -> String {
        let shown: Vec<&Diagnostic> = self.items.iter().filter(|d| d.severity <= min).collect();
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        let mut line_starts: std::collections::HashMap<&str, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, d) in shown.iter().enumerate() {
            let level = match d.severity {
                Severity::Error => Level::ERROR.with_name(self.t("lỗi", "error")),
                Severity::Warning => Level::WARNING.with_name(self.t("cảnh báo", "warning")),
                Severity::Note => Level::NOTE.with_name(self.t("ghi chú", "note")),
            };
            let title = level
                .primary_title(d.message.as_str())
                .id((i + 1).to_string());
            let mut group: Group = match &d.loc {
                Some(loc) => match (self.sources.get(&loc.file), &loc.span) {
                    (Some(text), Some(span)) => {
                        // Only the lines the span covers are handed over, so that many problems
                        // in one large file cost no more than the lines they quote.
                        let span = clamp_span(text, span.clone());
                        let first = text[..span.start].rfind('\n').map(|i| i + 1).unwrap_or(0);
                        let last = text[span.end..]
                            .find('\n')
                            .map(|i| span.end + i)
                            .unwrap_or(text.len());
                        let starts = line_starts.entry(loc.file.as_str()).or_insert_with(|| {
                            std::iter::once(0)
                                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                                .collect::<Vec<usize>>()
                        });
                        let line = starts.partition_point(|&s| s <= first);
                        let window = &text[first..last];
                        let mut ann =
                            AnnotationKind::Primary.span(span.start - first..span.end - first);
                        if let Some(label) = &d.label {
                            ann = ann.label(label.as_str());
                        }
                        title.element(
                            Snippet::source(window)
                                .line_start(line)
                                .path(loc.file.as_str())
                                .annotation(ann),
                        )
                    }
                    _ => title.element(annotate_snippets::Origin::path(loc.file.as_str())),
                },
                None => Group::with_title(title),
            };
            if let Some(help) = &d.help {
                group = group.element(
                    Level::HELP
                        .with_name(self.t("gợi ý", "help"))
                        .message(help.as_str()),
                );
            }
            out.push_str(&renderer.render(&[group]));
            out.push_str("\n\n");
        }
        out
    }

    /// The one-line summary printed after the problems.
    pub fn summary(&self) -> String {
        let e = self.count(Severity::Error);
        let w = self.count(Severity::Warning);
        match self.lang {
            Lang::Vi => format!("{e} lỗi, {w} cảnh báo"),
            Lang::En => format!(
                "{e} error{}, {w} warning{}",
                if e == 1 { "" } else { "s" },
                if w == 1 { "" } else { "s" }
            ),
        }
    }
}

impl Diagnostic {
    pub fn label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
}

/// Keeps a span inside the text and on character boundaries; an empty span at the end of the
/// text points at the last character.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    let mut end = span.end.min(text.len()).max(start);
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    if start == end && start == text.len() && start > 0 {
        start -= 1;
        while start > 0 && !text.is_char_boundary(start) {
            start -= 1;
        }
    }
    start..end
}

/// Line and column (both 1-based, column in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// "did you mean `x`?" for a word among candidates, by Jaro-Winkler similarity.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase());
        if score > 0.8 && best.map(|(s, _)| score > s).unwrap_or(true) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}
