//! The site model: plain values, no I/O, no templates.
//!
//! Everything the loader resolved (units as a tree, figures by unit and year, plans with
//! their targets, stories, pages, commendations) and the links between them. Indices are
//! plain `usize` positions into the vectors of [`Site`]. Lists are sorted when built, so
//! every later stage can iterate them as they are and stay deterministic.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::{Lang, Loc};

pub type UnitId = usize;
pub type PlanId = usize;
pub type StoryId = usize;
pub type AwardId = usize;
pub type FormId = usize;

#[derive(Clone, Debug, Default)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: Lang,
    pub publisher: String,
    pub root_region: Option<String>,
    pub theme: Option<String>,
    /// Stories per list page.
    pub paginate: usize,
    /// Commendations per registry page (the registry and each of its facet pages).
    pub paginate_awards: usize,
    /// Licence line shown with open data and charts.
    pub license: String,
    /// `social_cards`: a PNG card per unit and story for link previews (default true).
    pub social_cards: bool,
    /// `reports`: the deepest level that gets printable annual reports (default district);
    /// None for `reports = "none"`.
    pub reports: Option<Level>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    District,
    Commune,
    Hamlet,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Province,
        Level::District,
        Level::Commune,
        Level::Hamlet,
    ];
    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
            Level::Hamlet => "hamlet",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Unit {
    pub code: String,
    pub name: String,
    /// The word used before the name: "xã", "huyện" …
    pub kind: String,
    pub level: Level,
    pub parent: Option<UnitId>,
    /// Sorted by name, then code.
    pub children: Vec<UnitId>,
    pub slug: String,
    /// Slugs from the top-level unit down to this one.
    pub path: Vec<String>,
    pub loc: Loc,
    /// [`Unit::titled`] of the kind and name, made once (pages name units thousands of times).
    pub full: String,
}

impl Unit {
    /// "Xã Rô Men": the kind word, capitalised, in front of the name.
    pub fn full_name(&self) -> String {
        self.full.clone()
    }

    /// How deep the unit lies in the tree: 0 for a top-level unit.
    pub fn depth(&self) -> usize {
        self.path.len().saturating_sub(1)
    }

    /// The full name of a unit of `kind` called `name`.
    pub fn titled(kind: &str, name: &str) -> String {
        if kind.is_empty() {
            return name.to_string();
        }
        format!("{} {name}", crate::text::capitalized(kind))
    }
}

/// One year of figures for one unit, as given; rates are derived in `compute::metrics`.
#[derive(Clone, Debug, Default)]
pub struct Figure {
    pub unit: UnitId,
    pub year: i32,
    pub households: Option<u64>,
    pub poor: Option<u64>,
    pub near_poor: Option<u64>,
    pub ethnic_minority_households: Option<u64>,
    pub ethnic_minority_poor: Option<u64>,
    pub escaped: Option<u64>,
    pub fell_back: Option<u64>,
    pub extremely_difficult: Option<bool>,
    pub poor_rate: Option<f64>,
    pub near_poor_rate: Option<f64>,
    pub ethnic_minority_poor_rate: Option<f64>,
    pub standard: String,
    pub source: Option<String>,
    /// Not official figures: made up to show how the site works; the site says so.
    pub illustrative: bool,
    pub loc: Loc,
}

/// The poverty standard a review of `year` used when the record does not say.
pub fn default_standard(year: i32) -> &'static str {
    if year <= 2020 {
        "2016-2020"
    } else if year <= 2025 {
        "2022-2025"
    } else {
        "2026-2030"
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    PoorRate,
    NearPoorRate,
    PoorAndNearPoorRate,
    EthnicMinorityPoorRate,
    PoorHouseholds,
    PoorAndNearPoorHouseholds,
    ExtremelyDifficultUnits,
    FellBackShare,
}

impl Metric {
    pub const ALL: [Metric; 8] = [
        Metric::PoorRate,
        Metric::NearPoorRate,
        Metric::PoorAndNearPoorRate,
        Metric::EthnicMinorityPoorRate,
        Metric::PoorHouseholds,
        Metric::PoorAndNearPoorHouseholds,
        Metric::ExtremelyDifficultUnits,
        Metric::FellBackShare,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::PoorRate => "poor_rate",
            Metric::NearPoorRate => "near_poor_rate",
            Metric::PoorAndNearPoorRate => "poor_and_near_poor_rate",
            Metric::EthnicMinorityPoorRate => "ethnic_minority_poor_rate",
            Metric::PoorHouseholds => "poor_households",
            Metric::PoorAndNearPoorHouseholds => "poor_and_near_poor_households",
            Metric::ExtremelyDifficultUnits => "extremely_difficult_units",
            Metric::FellBackShare => "fell_back_share",
        }
    }
    pub fn parse(s: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.as_str() == s)
    }
    /// Rates and shares are in percent; counts are households.
    pub fn is_percent(self) -> bool {
        !matches!(
            self,
            Metric::PoorHouseholds | Metric::PoorAndNearPoorHouseholds
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    AnnualReduction,
    LevelBy,
    ReductionFromBaseline,
    ShareOfUnits,
}

impl Change {
    pub const ALL: [Change; 4] = [
        Change::AnnualReduction,
        Change::LevelBy,
        Change::ReductionFromBaseline,
        Change::ShareOfUnits,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Change::AnnualReduction => "annual_reduction",
            Change::LevelBy => "level_by",
            Change::ReductionFromBaseline => "reduction_from_baseline",
            Change::ShareOfUnits => "share_of_units",
        }
    }
    pub fn parse(s: &str) -> Option<Change> {
        Change::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

#[derive(Clone, Debug)]
pub struct Target {
    pub metric: Metric,
    pub change: Change,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
    pub below: Option<f64>,
    /// The year a level or reduction must be reached; default the plan's end.
    pub year: Option<i32>,
    pub strict: bool,
    /// None: the plan's own unit ("self"); Some(level): each unit of that level below it.
    pub applies_to: Option<Level>,
    /// `unit = "relative"`: annual reduction in percent of the previous year's value.
    pub relative: bool,
    pub text: String,
    pub loc: Loc,
}

#[derive(Clone, Debug)]
pub struct Milestone {
    pub date: NaiveDate,
    pub title: String,
    pub occasion: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Quota {
    pub occasion: String,
    pub level: Option<Level>,
    pub kind: Option<String>,
    pub region: Option<UnitId>,
    pub max: u32,
    pub loc: Loc,
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub id: String,
    pub number: String,
    pub title: String,
    pub issuer: String,
    pub issued: Option<NaiveDate>,
    pub unit: UnitId,
    pub start: i32,
    pub end: i32,
    pub baseline_year: i32,
    pub parent: Option<PlanId>,
    pub parent_title: Option<String>,
    /// A content page's key ("pages/ke-hoach-lam-dong") with the plan's full text.
    pub page: Option<String>,
    pub targets: Vec<Target>,
    /// Sorted by date.
    pub milestones: Vec<Milestone>,
    pub quotas: Vec<Quota>,
    /// Plans whose parent is this one, sorted by id.
    pub children: Vec<PlanId>,
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum StoryKind {
    Household,
    Individual,
    Collective,
    Model,
}

impl StoryKind {
    pub const ALL: [StoryKind; 4] = [
        StoryKind::Household,
        StoryKind::Individual,
        StoryKind::Collective,
        StoryKind::Model,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            StoryKind::Household => "household",
            StoryKind::Individual => "individual",
            StoryKind::Collective => "collective",
            StoryKind::Model => "model",
        }
    }
    pub fn parse(s: &str) -> Option<StoryKind> {
        StoryKind::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

#[derive(Clone, Debug)]
pub struct Story {
    pub slug: String,
    pub title: String,
    pub date: NaiveDate,
    pub updated: Option<NaiveDate>,
    pub kind: StoryKind,
    pub unit: UnitId,
    pub summary: String,
    pub model: Option<String>,
    pub tags: Vec<String>,
    pub ethnic_group: Option<String>,
    pub consent: bool,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub plan: Option<PlanId>,
    pub author: Option<String>,
    pub draft: bool,
    pub allow_personal_data: bool,
    /// Markdown after the front matter.
    pub body: Body,
    /// The story's file relative to the site root.
    pub file: String,
    /// Files next to `index.md` in a story folder (relative to the site root), sorted.
    pub assets: Vec<String>,
    /// Commendations that name this story, sorted.
    pub awards: Vec<AwardId>,
    pub loc: Loc,
}

#[derive(Clone, Debug)]
pub struct Page {
    pub key: String,
    pub slug: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub summary: Option<String>,
    pub draft: bool,
    pub weight: i64,
    pub menu: bool,
    /// Shorter title for the menu, if given.
    pub menu_title: Option<String>,
    pub allow_personal_data: bool,
    pub body: Body,
    pub file: String,
    pub loc: Loc,
}

/// The Markdown of a story or page: the end of its file's text, shared with the loader
/// instead of copied (100,000 stories: 300 MB less at the end of loading).
#[derive(Clone, Debug, Default)]
pub struct Body {
    text: std::sync::Arc<str>,
    start: usize,
}

impl Body {
    /// The part of `text` from byte `start` (the whole text if `start` is not a boundary).
    pub fn new(text: std::sync::Arc<str>, start: usize) -> Body {
        let start = if text.is_char_boundary(start) {
            start
        } else {
            0
        };
        Body { text, start }
    }
}

impl std::ops::Deref for Body {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text[self.start..]
    }
}

impl From<String> for Body {
    fn from(s: String) -> Body {
        Body {
            text: s.into(),
            start: 0,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct AwardForm {
    pub id: String,
    pub name: String,
    /// Lower is higher: 1 is the highest form.
    pub rank: i64,
}

#[derive(Clone, Debug)]
pub struct Award {
    pub recipient: String,
    pub recipient_kind: String,
    pub unit: UnitId,
    pub form: FormId,
    pub occasion: String,
    pub year: i32,
    pub decision: String,
    pub decision_date: Option<NaiveDate>,
    pub plan: Option<PlanId>,
    pub citation: Option<String>,
    pub story: Option<StoryId>,
    pub loc: Loc,
}

/// The whole site, resolved and linked.
#[derive(Clone, Debug, Default)]
pub struct Site {
    pub config: Config,
    /// Sorted: depth-first from the top-level units, siblings by name.
    pub units: Vec<Unit>,
    /// Top-level units (no parent), sorted by name.
    pub roots: Vec<UnitId>,
    /// The unit the site is about (`root_region`), if set.
    pub root: Option<UnitId>,
    pub figures: Vec<Figure>,
    pub plans: Vec<Plan>,
    /// Newest first, then by slug.
    pub stories: Vec<Story>,
    /// By weight, then title.
    pub pages: Vec<Page>,
    pub forms: Vec<AwardForm>,
    /// By year (newest first), form rank, recipient.
    pub awards: Vec<Award>,
    pub links: Links,
}

/// Links between model values, computed once after loading.
#[derive(Clone, Debug, Default)]
pub struct Links {
    pub unit_by_code: HashMap<String, UnitId>,
    /// Figures of each unit, sorted by year.
    pub unit_figures: Vec<Vec<usize>>,
    /// Stories of each unit itself (not its children), newest first.
    pub unit_stories: Vec<Vec<StoryId>>,
    /// Commendations of each unit itself.
    pub unit_awards: Vec<Vec<AwardId>>,
    /// Plans whose region is this unit.
    pub unit_plans: Vec<Vec<PlanId>>,
    pub plan_by_id: HashMap<String, PlanId>,
    pub story_by_slug: HashMap<String, StoryId>,
}

impl Site {
    pub fn unit_figures(&self, unit: UnitId) -> impl Iterator<Item = &Figure> {
        self.links.unit_figures[unit]
            .iter()
            .map(move |&i| &self.figures[i])
    }

    pub fn figure(&self, unit: UnitId, year: i32) -> Option<&Figure> {
        self.unit_figures(unit).find(|f| f.year == year)
    }

    /// The unit and every unit above it, from the top.
    pub fn ancestry(&self, unit: UnitId) -> Vec<UnitId> {
        let mut chain = vec![unit];
        let mut cur = unit;
        while let Some(p) = self.units[cur].parent {
            if chain.contains(&p) {
                break;
            }
            chain.push(p);
            cur = p;
        }
        chain.reverse();
        chain
    }

    /// Every unit below `unit` (not itself), depth first.
    pub fn descendants(&self, unit: UnitId) -> Vec<UnitId> {
        let mut out = Vec::new();
        let mut stack: Vec<UnitId> = self.units[unit].children.iter().rev().copied().collect();
        while let Some(u) = stack.pop() {
            out.push(u);
            stack.extend(self.units[u].children.iter().rev().copied());
        }
        out
    }

    /// Units of `level` below `unit`.
    pub fn descendants_at(&self, unit: UnitId, level: Level) -> Vec<UnitId> {
        self.descendants(unit)
            .into_iter()
            .filter(|&u| self.units[u].level == level)
            .collect()
    }

    /// Whether `unit` is `ancestor` or lies below it.
    pub fn is_within(&self, unit: UnitId, ancestor: UnitId) -> bool {
        let mut cur = Some(unit);
        let mut steps = 0;
        while let Some(u) = cur {
            if u == ancestor {
                return true;
            }
            steps += 1;
            if steps > self.units.len() {
                return false;
            }
            cur = self.units[u].parent;
        }
        false
    }

    pub fn form(&self, id: FormId) -> &AwardForm {
        &self.forms[id]
    }
}
