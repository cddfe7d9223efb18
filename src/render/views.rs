//! Values handed to templates: model data with every number and date already formatted in
//! the site's style and every URL decided. Built with `tv!` (Tera's own values) so templates see
//! plain maps; nothing here touches files or Tera.

use tera::Value;

use crate::diag::Lang;
use crate::format;
use crate::model::*;
use crate::render::i18n;
use crate::render::tv::tv;
use crate::render::Derived;
use crate::urls::Urls;

pub struct V<'a> {
    pub site: &'a Site,
    pub urls: &'a Urls,
    pub lang: Lang,
    pub derived: &'a Derived,
}

impl V<'_> {
    pub fn unit_link(&self, u: UnitId) -> Value {
        let unit = &self.site.units[u];
        tv!({
            "name": unit.full_name(),
            "short": unit.name,
            "code": unit.code,
            "url": self.urls.unit(self.site, u),
            "level": i18n::level(self.lang, unit.level),
        })
    }

    /// From the top-level unit down to (and including) `u`.
    pub fn unit_trail(&self, u: UnitId) -> Vec<Value> {
        self.site
            .ancestry(u)
            .into_iter()
            .map(|a| self.unit_link(a))
            .collect()
    }

    pub fn opt_pct(&self, x: Option<f64>) -> Value {
        match x {
            Some(v) => tv!(format::percent(self.lang, v, 2)),
            None => Value::none(),
        }
    }

    pub fn opt_int(&self, x: Option<u64>) -> Value {
        match x {
            Some(v) => tv!(format::int(self.lang, v as i64)),
            None => Value::none(),
        }
    }

    pub fn figure_row(&self, f: &Figure) -> Value {
        let poor_rate = crate::render::poor_rate(f);
        let near = match (f.near_poor, f.households) {
            (Some(n), Some(h)) if h > 0 => Some(n as f64 / h as f64 * 100.0),
            _ => f.near_poor_rate,
        };
        let em = match (f.ethnic_minority_poor, f.ethnic_minority_households) {
            (Some(n), Some(h)) if h > 0 => Some(n as f64 / h as f64 * 100.0),
            _ => f.ethnic_minority_poor_rate,
        };
        tv!({
            "year": f.year,
            "households": self.opt_int(f.households),
            "poor": self.opt_int(f.poor),
            "near_poor": self.opt_int(f.near_poor),
            "poor_rate": self.opt_pct(poor_rate),
            "near_poor_rate": self.opt_pct(near),
            "em_poor_rate": self.opt_pct(em),
            "escaped": self.opt_int(f.escaped),
            "fell_back": self.opt_int(f.fell_back),
            "standard": f.standard,
            "source": f.source,
            "illustrative": f.illustrative,
        })
    }

    pub fn story_card(&self, i: StoryId) -> Value {
        let s = &self.site.stories[i];
        let (kind_label, kind_slug) = i18n::story_kind(self.lang, s.kind);
        let image = s.image.as_ref().map(|img| self.image_url(s, img));
        tv!({
            "title": s.title,
            "url": self.urls.story(&s.slug),
            "date": format::date(self.lang, s.date),
            "iso_date": format::iso_date(s.date),
            "summary": s.summary,
            "unit": self.unit_link(s.unit),
            "kind": kind_label,
            "kind_url": self.urls.taxonomy(self.urls.w.kinds, Some(kind_slug)),
            "model": s.model,
            "model_url": s.model.as_ref().map(|m| self.urls.taxonomy(self.urls.w.models, Some(&crate::slug::slugify(m)))),
            "image": image,
            "image_alt": s.image_alt,
        })
    }

    pub fn image_url(&self, s: &Story, img: &str) -> String {
        if s.assets.iter().any(|a| a.ends_with(&format!("/{img}"))) {
            format!("{}{}", self.urls.story(&s.slug), img)
        } else {
            format!("/{img}")
        }
    }

    pub fn award_row(&self, i: AwardId) -> Value {
        let a = &self.site.awards[i];
        let form = &self.site.forms[a.form];
        tv!({
            "anchor": format!("kt-{i}"),
            "recipient": a.recipient,
            "recipient_kind": i18n::recipient_kind(self.lang, &a.recipient_kind),
            "unit": self.unit_link(a.unit),
            "form": form.name,
            "form_url": self.urls.awards_by(self.urls.w.forms, &form.id),
            "occasion": self.derived.occasion_title(self.lang, &a.occasion),
            "occasion_url": self.urls.awards_by(self.urls.w.occasions, &a.occasion),
            "year": a.year,
            "year_url": self.urls.awards_by(self.urls.w.years, &a.year.to_string()),
            "decision": a.decision,
            "decision_date": a.decision_date.map(|d| format::date(self.lang, d)),
            "iso_decision_date": a.decision_date.map(format::iso_date),
            "citation": a.citation,
            "story": a.story.map(|s| tv!({"title": self.site.stories[s].title, "url": self.urls.story(&self.site.stories[s].slug)})),
            "plan": a.plan.map(|p| tv!({"title": self.site.plans[p].number, "url": self.urls.plan(&self.site.plans[p].id)})),
        })
    }

    pub fn plan_card(&self, i: PlanId) -> Value {
        let p = &self.site.plans[i];
        tv!({
            "id": p.id,
            "url": self.urls.plan(&p.id),
            "number": p.number,
            "title": p.title,
            "issuer": p.issuer,
            "issued": p.issued.map(|d| format::date(self.lang, d)),
            "iso_issued": p.issued.map(format::iso_date),
            "unit": self.unit_link(p.unit),
            "period": format!("{}–{}", p.start, p.end),
        })
    }

    pub fn target_view(&self, p: &Plan, t: &Target) -> Value {
        let applies = match t.applies_to {
            None => self.site.units[p.unit].full_name(),
            Some(l) => i18n::level(self.lang, l).to_string(),
        };
        tv!({
            "text": t.text,
            "metric": i18n::metric(self.lang, t.metric),
            "metric_id": t.metric.as_str(),
            "change": t.change.as_str(),
            "applies_to": applies,
            "rule": self.rule(t),
            "year": t.year,
        })
    }

    /// The target restated in a short, uniform form: "≥ 1,0 điểm %/năm (đến 1,5)".
    pub fn rule(&self, t: &Target) -> String {
        let lang = self.lang;
        let n = |x: f64| format::decimal(lang, x, 1);
        let ge = if t.strict { ">" } else { "≥" };
        let le = if t.strict { "<" } else { "≤" };
        match t.change {
            Change::AnnualReduction => {
                let unit = if t.relative {
                    lang.pick("%/năm (tương đối)", "% a year (relative)")
                } else {
                    lang.pick("điểm %/năm", "points a year")
                };
                let range = match (t.at_least, t.at_most) {
                    (Some(a), Some(b)) => {
                        format!("{} {}–{} {unit}", lang.pick("giảm", "down"), n(a), n(b))
                    }
                    (Some(a), None) => {
                        format!("{} {ge} {} {unit}", lang.pick("giảm", "down"), n(a))
                    }
                    _ => String::new(),
                };
                range
            }
            Change::LevelBy => {
                let v = t.below.unwrap_or(0.0);
                let val = if t.metric.is_percent() {
                    format::percent(lang, v, 1)
                } else {
                    format::int(lang, v as i64)
                };
                format!(
                    "{le} {val} {} {}",
                    lang.pick("vào năm", "by"),
                    t.year.unwrap_or(0)
                )
            }
            Change::ReductionFromBaseline => format!(
                "{} {ge} {} {} {}",
                lang.pick("giảm", "down"),
                format::percent(lang, t.at_least.unwrap_or(0.0), 0),
                lang.pick("so với đầu kỳ, đến năm", "from the baseline by"),
                t.year.unwrap_or(0)
            ),
            Change::ShareOfUnits => format!(
                "{ge} {} {} {}",
                format::percent(lang, t.at_least.unwrap_or(0.0), 0),
                lang.pick(
                    "số đơn vị thoát diện đặc biệt khó khăn đến năm",
                    "of units leave extremely difficult status by"
                ),
                t.year.unwrap_or(0)
            ),
        }
    }
}
