//! The files as written: serde shapes of site.toml, data/*.toml and front matter.
//! Unknown fields are refused here; meaning is given in `resolve`.

use serde::{Deserialize, Deserializer};
use toml::Spanned;

/// A number written as an integer or a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num(pub f64);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Num;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Num, E> {
                Ok(Num(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Num, E> {
                Ok(Num(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Num, E> {
                Ok(Num(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A date written as a TOML date (`2023-06-15`) or a string holding one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Date(pub chrono::NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = toml::Value::deserialize(d)?;
        let text = match &v {
            toml::Value::Datetime(dt) => match dt.date {
                Some(date) if dt.time.is_none() || dt.offset.is_none() => {
                    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
                }
                _ => return Err(D::Error::custom("expected a date like 2023-06-15")),
            },
            toml::Value::String(s) => s.clone(),
            other => {
                return Err(D::Error::custom(format!(
                    "invalid type: {}, expected a date like 2023-06-15",
                    other.type_str()
                )))
            }
        };
        chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| D::Error::custom(format!("`{text}` is not a date like 2023-06-15")))
    }
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct SiteToml {
    pub title: Spanned<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub base_url: String,
    #[serde(default)]
    pub language: Option<Spanned<String>>,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub root_region: Option<Spanned<String>>,
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    #[serde(default)]
    pub paginate: Option<Spanned<i64>>,
    pub paginate_awards: Option<Spanned<i64>>,
    #[serde(default)]
    pub license: Option<String>,
    #[serde(default)]
    pub social_cards: Option<bool>,
    #[serde(default)]
    pub reports: Option<Spanned<String>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub code: Spanned<String>,
    pub name: Spanned<String>,
    #[serde(default)]
    pub kind: String,
    pub level: Spanned<String>,
    #[serde(default)]
    pub parent: Option<Spanned<String>>,
    #[serde(default)]
    pub slug: Option<Spanned<String>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Stat {
    pub region: Spanned<String>,
    pub year: Spanned<i64>,
    pub households: Option<Spanned<i64>>,
    pub poor: Option<Spanned<i64>>,
    pub near_poor: Option<Spanned<i64>>,
    pub ethnic_minority_households: Option<Spanned<i64>>,
    pub ethnic_minority_poor: Option<Spanned<i64>>,
    pub escaped: Option<Spanned<i64>>,
    pub fell_back: Option<Spanned<i64>>,
    pub extremely_difficult: Option<bool>,
    pub standard: Option<String>,
    pub source: Option<Spanned<String>>,
    pub poor_rate: Option<Spanned<Num>>,
    pub near_poor_rate: Option<Spanned<Num>>,
    pub ethnic_minority_poor_rate: Option<Spanned<Num>>,
    #[serde(default)]
    pub illustrative: bool,
    /// The source may name a person or a phone number on purpose.
    #[serde(default)]
    pub allow_personal_data: bool,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PlanToml {
    pub number: String,
    pub title: String,
    pub issuer: String,
    pub issued: Option<Date>,
    pub region: Spanned<String>,
    pub start: Spanned<i64>,
    pub end: Spanned<i64>,
    pub baseline_year: Option<Spanned<i64>>,
    pub parent: Option<Spanned<String>>,
    pub parent_title: Option<String>,
    pub page: Option<Spanned<String>>,
    #[serde(default)]
    pub target: Vec<Spanned<TargetToml>>,
    #[serde(default)]
    pub milestone: Vec<MilestoneToml>,
    #[serde(default)]
    pub quota: Vec<Spanned<QuotaToml>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct TargetToml {
    pub metric: Spanned<String>,
    pub change: Spanned<String>,
    pub at_least: Option<Spanned<Num>>,
    pub at_most: Option<Spanned<Num>>,
    pub below: Option<Spanned<Num>>,
    pub year: Option<Spanned<i64>>,
    #[serde(default)]
    pub strict: bool,
    pub applies_to: Option<Spanned<String>>,
    pub unit: Option<Spanned<String>>,
    #[serde(default)]
    pub text: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MilestoneToml {
    pub date: Spanned<Date>,
    pub title: String,
    pub occasion: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct QuotaToml {
    pub occasion: String,
    pub level: Option<Spanned<String>>,
    pub kind: Option<String>,
    pub region: Option<Spanned<String>>,
    pub max: Spanned<i64>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AwardToml {
    pub recipient: Spanned<String>,
    pub recipient_kind: Spanned<String>,
    pub region: Spanned<String>,
    pub form: Spanned<String>,
    pub occasion: Spanned<String>,
    pub year: Spanned<i64>,
    pub decision: String,
    pub decision_date: Option<Date>,
    pub plan: Option<Spanned<String>>,
    pub citation: Option<Spanned<String>>,
    pub story: Option<Spanned<String>>,
    /// The recipient or the citation may hold a phone number or an e-mail on purpose.
    #[serde(default)]
    pub allow_personal_data: bool,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct FormToml {
    pub id: Spanned<String>,
    pub name: String,
    pub rank: i64,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct StoryFront {
    pub title: Spanned<String>,
    pub date: Spanned<Date>,
    pub kind: Spanned<String>,
    pub region: Spanned<String>,
    #[serde(default)]
    pub summary: String,
    pub model: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub ethnic_group: Option<String>,
    #[serde(default)]
    pub consent: bool,
    pub image: Option<Spanned<String>>,
    pub image_alt: Option<String>,
    pub plan: Option<Spanned<String>>,
    pub author: Option<String>,
    pub updated: Option<Date>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<Spanned<String>>,
    #[serde(default)]
    pub allow_personal_data: bool,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: Spanned<String>,
    pub date: Option<Date>,
    pub summary: Option<String>,
    pub slug: Option<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub menu: bool,
    /// Optional shorter title for the site menu.
    pub menu_title: Option<String>,
    #[serde(default)]
    pub allow_personal_data: bool,
}

/// The fields each shape accepts, for did-you-mean on unknown ones.
pub const STORY_FIELDS: &[&str] = &[
    "title",
    "date",
    "kind",
    "region",
    "summary",
    "model",
    "tags",
    "ethnic_group",
    "consent",
    "image",
    "image_alt",
    "plan",
    "author",
    "updated",
    "draft",
    "slug",
    "allow_personal_data",
];
