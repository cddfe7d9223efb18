//! Hand-built sites for tests: the model is plain data, this fills in the links.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::diag::Loc;
use crate::model::*;

#[derive(Default)]
pub struct Kit {
    pub site: Site,
}

impl Kit {
    pub fn new() -> Self {
        Kit::default()
    }

    /// Adds a unit; add them depth first (a parent before its children) as the loader sorts them.
    pub fn unit(&mut self, code: &str, name: &str, level: Level, parent: Option<UnitId>) -> UnitId {
        let kind = match level {
            Level::Province => "tỉnh",
            Level::District => "huyện",
            Level::Commune => "xã",
            Level::Hamlet => "xóm",
        };
        self.site.units.push(Unit {
            code: code.into(),
            name: name.into(),
            kind: kind.into(),
            level,
            parent,
            children: vec![],
            slug: crate::slug::slugify(name),
            path: vec![],
            loc: Loc::default(),
            full: Unit::titled(kind, name),
        });
        self.site.units.len() - 1
    }

    /// Adds (or fills) the record of `unit` for `year` and lets `edit` set its fields.
    pub fn record(&mut self, unit: UnitId, year: i32, edit: impl FnOnce(&mut Figure)) -> usize {
        let i = match self
            .site
            .figures
            .iter()
            .position(|f| f.unit == unit && f.year == year)
        {
            Some(i) => i,
            None => {
                self.site.figures.push(Figure {
                    unit,
                    year,
                    standard: default_standard(year).into(),
                    ..Default::default()
                });
                self.site.figures.len() - 1
            }
        };
        edit(&mut self.site.figures[i]);
        i
    }

    pub fn fig(&mut self, unit: UnitId, year: i32, households: u64, poor: u64) -> usize {
        self.record(unit, year, |f| {
            f.households = Some(households);
            f.poor = Some(poor);
        })
    }

    /// A record giving the poor rate directly.
    pub fn rate(&mut self, unit: UnitId, year: i32, rate: f64) -> usize {
        self.record(unit, year, |f| f.poor_rate = Some(rate))
    }

    pub fn difficult(&mut self, unit: UnitId, year: i32, difficult: bool) -> usize {
        self.record(unit, year, |f| f.extremely_difficult = Some(difficult))
    }

    pub fn plan(&mut self, id: &str, unit: UnitId, start: i32, end: i32) -> PlanId {
        self.site.plans.push(Plan {
            id: id.into(),
            number: format!("{id}/KH-UBND"),
            title: format!("Kế hoạch {id}"),
            issuer: "Ủy ban nhân dân".into(),
            issued: None,
            unit,
            start,
            end,
            baseline_year: start - 1,
            parent: None,
            parent_title: None,
            page: None,
            targets: vec![],
            milestones: vec![],
            quotas: vec![],
            children: vec![],
            loc: Loc::default(),
        });
        self.site.plans.len() - 1
    }

    pub fn target(&mut self, plan: PlanId, t: Target) -> usize {
        self.site.plans[plan].targets.push(t);
        self.site.plans[plan].targets.len() - 1
    }

    pub fn milestone(&mut self, plan: PlanId, date: (i32, u32, u32), title: &str) {
        self.site.plans[plan].milestones.push(Milestone {
            date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
            title: title.into(),
            occasion: None,
        });
    }

    pub fn build(mut self) -> Site {
        let s = &mut self.site;
        let n = s.units.len();
        for u in 0..n {
            if let Some(p) = s.units[u].parent {
                s.units[p].children.push(u);
            }
        }
        for u in 0..n {
            let mut ch = std::mem::take(&mut s.units[u].children);
            ch.sort_by(|&a, &b| {
                (&s.units[a].name, &s.units[a].code).cmp(&(&s.units[b].name, &s.units[b].code))
            });
            s.units[u].children = ch;
        }
        // Slugs from the top down, as the loader makes them (units come parents first).
        for u in 0..n {
            let mut path = match s.units[u].parent {
                Some(p) => s.units[p].path.clone(),
                None => Vec::new(),
            };
            path.push(s.units[u].slug.clone());
            s.units[u].path = path;
        }
        s.roots = (0..n).filter(|&u| s.units[u].parent.is_none()).collect();
        s.links.unit_by_code = s
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.code.clone(), i))
            .collect();
        let mut unit_figures = vec![Vec::new(); n];
        for (i, f) in s.figures.iter().enumerate() {
            unit_figures[f.unit].push(i);
        }
        for list in &mut unit_figures {
            list.sort_by_key(|&i| s.figures[i].year);
        }
        s.links.unit_figures = unit_figures;
        s.links.unit_stories = vec![Vec::new(); n];
        s.links.unit_awards = vec![Vec::new(); n];
        let mut unit_plans = vec![Vec::new(); n];
        for (i, p) in s.plans.iter().enumerate() {
            unit_plans[p.unit].push(i);
        }
        s.links.unit_plans = unit_plans;
        s.links.plan_by_id = s
            .plans
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect::<HashMap<_, _>>();
        for p in &mut s.plans {
            p.milestones.sort_by_key(|m| m.date);
        }
        self.site
    }
}

fn blank(metric: Metric, change: Change) -> Target {
    Target {
        metric,
        change,
        at_least: None,
        at_most: None,
        below: None,
        year: None,
        strict: false,
        applies_to: None,
        relative: false,
        text: String::new(),
        loc: Loc::default(),
    }
}

/// "giảm at_least (– at_most) điểm %/năm".
pub fn annual(metric: Metric, at_least: f64, at_most: Option<f64>) -> Target {
    Target {
        at_least: Some(at_least),
        at_most,
        ..blank(metric, Change::AnnualReduction)
    }
}

/// "dưới/không quá `below` vào năm `year`".
pub fn level_by(metric: Metric, below: f64, year: i32) -> Target {
    Target {
        below: Some(below),
        year: Some(year),
        ..blank(metric, Change::LevelBy)
    }
}

/// "giảm (trên) `at_least` % so với đầu kỳ".
pub fn reduction(metric: Metric, at_least: f64) -> Target {
    Target {
        at_least: Some(at_least),
        ..blank(metric, Change::ReductionFromBaseline)
    }
}

/// "(trên) `at_least` % số đơn vị `level` ra khỏi diện đặc biệt khó khăn".
pub fn share(at_least: f64, level: Level) -> Target {
    Target {
        at_least: Some(at_least),
        applies_to: Some(level),
        ..blank(Metric::ExtremelyDifficultUnits, Change::ShareOfUnits)
    }
}

/// A fixed pseudo-random sequence for tests (a linear congruential generator): `pick(n)` is a
/// number below `n`, the same ones in every run.
pub fn picker(seed: u64) -> impl FnMut(usize) -> usize {
    let mut x = seed;
    move |n| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) as usize) % n
    }
}

/// `count` texts, each made of `len` of `pieces` picked by [`picker`] from `seed`.
pub fn random_texts(pieces: &[&str], count: usize, len: usize, seed: u64) -> Vec<String> {
    let mut pick = picker(seed);
    (0..count)
        .map(|_| (0..len).map(|_| pieces[pick(pieces.len())]).collect())
        .collect()
}
