//! Target statuses grouped for lookups, built once per build: a unit's page, its children
//! chart and its sparklines, and a plan's page each need a few rows out of tens of thousands
//! at national scale, and scanning all of them per page made a build quadratic.

use crate::compute::status::Assessment;
use crate::model::{PlanId, UnitId};

pub struct AssessmentIndex {
    /// [`crate::compute::status::assess_all`]'s rows, stably sorted by unit: each unit's rows
    /// keep the order they have there.
    by_unit: Vec<Assessment>,
    /// Unit `u`'s rows are `by_unit[unit_start[u]..unit_start[u + 1]]`.
    unit_start: Vec<usize>,
    /// Positions in the original rows of each plan's rows, in their order.
    by_plan: Vec<Vec<usize>>,
}

impl AssessmentIndex {
    pub fn new(all: &[Assessment], units: usize, plans: usize) -> AssessmentIndex {
        let mut by_unit: Vec<Assessment> = all.iter().filter(|a| a.unit < units).cloned().collect();
        by_unit.sort_by_key(|a| a.unit);
        let mut unit_start = vec![0; units + 1];
        for a in &by_unit {
            unit_start[a.unit + 1] += 1;
        }
        for u in 0..units {
            unit_start[u + 1] += unit_start[u];
        }
        let mut by_plan = vec![Vec::new(); plans];
        for (i, a) in all.iter().enumerate() {
            if let Some(v) = by_plan.get_mut(a.plan) {
                v.push(i);
            }
        }
        AssessmentIndex { by_unit, unit_start, by_plan }
    }

    /// The rows of one unit, in the order of the full list (what `status::for_unit` returns).
    pub fn of_unit(&self, unit: UnitId) -> &[Assessment] {
        match (self.unit_start.get(unit), self.unit_start.get(unit + 1)) {
            (Some(&a), Some(&b)) => &self.by_unit[a..b],
            _ => &[],
        }
    }

    /// Positions in the full list of one plan's rows, in order.
    pub fn of_plan(&self, plan: PlanId) -> &[usize] {
        self.by_plan.get(plan).map(|v| v.as_slice()).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::status::assess_all;
    use crate::compute::testkit::*;
    use crate::model::{Level, Metric, Target};

    #[test]
    fn rows_by_unit_and_plan_match_a_scan() {
        let mut k = Kit::new();
        let pr = k.unit("68", "Lâm Đồng", Level::Province, None);
        let d1 = k.unit("672", "Lạc Dương", Level::District, Some(pr));
        let d2 = k.unit("674", "Đam Rông", Level::District, Some(pr));
        for (u, r) in [(pr, 5.0), (d1, 9.0), (d2, 12.0)] {
            k.rate(u, 2021, r);
            k.rate(u, 2023, r - 2.0);
        }
        let p = k.plan("lam-dong", pr, 2022, 2025);
        k.target(p, annual(Metric::PoorRate, 1.0, None));
        k.target(p, Target { applies_to: Some(Level::District), ..annual(Metric::PoorRate, 3.0, None) });
        let q = k.plan("dam-rong", d2, 2022, 2025);
        k.target(q, annual(Metric::PoorRate, 2.0, None));
        let site = k.build();
        let all = assess_all(&site);
        let idx = AssessmentIndex::new(&all, site.units.len(), site.plans.len());
        for u in 0..site.units.len() {
            let scan: Vec<&Assessment> = all.iter().filter(|a| a.unit == u).collect();
            assert_eq!(idx.of_unit(u).iter().collect::<Vec<_>>(), scan);
        }
        for pl in 0..site.plans.len() {
            let scan: Vec<usize> = (0..all.len()).filter(|&i| all[i].plan == pl).collect();
            assert_eq!(idx.of_plan(pl), scan.as_slice());
        }
        assert_eq!(idx.of_unit(99).len(), 0);
    }
}
