//! "Related stories" for story pages without comparing every pair of stories.
//!
//! A story's related stories are the four with the highest score (model shared: 4; unit the
//! same, above or below: 2; each tag shared: 1), ties to the earlier story in the site's order.
//! Comparing every pair made a build quadratic in the number of stories (20,000 stories:
//! 400 million comparisons). Here each story's candidates come from sorted lists of story
//! positions (its model's stories, the stories related by unit, each of its tags' stories),
//! walked together in position order with WAND pruning: a position is only scored when the
//! lists it can be in could add up to more than the fourth best score so far, and since a
//! later story never wins a tie, everything below that bound is skipped by binary search.
//! The result is exactly what scoring every pair gives (see the test against it) while no list
//! has more than [`CANDIDATES`] stories; beyond that, the candidates are the newest of each
//! list, and the model's and unit's part of a score counts only within them.

use std::collections::HashMap;

use crate::model::{Site, StoryId, UnitId};

/// How many related stories a story page shows.
pub const RELATED: usize = 4;

/// How many of each list's stories (the newest) are candidates: the work per story stays
/// bounded instead of growing with the site. While no model, place or tag has more stories
/// the answer is exact over every story; 100,000 stories spent half the build here, walking
/// lists of 3,000 to 16,000 stories for each story (1,000 still cost a fifth of the build).
pub const CANDIDATES: usize = 250;

/// The newest [`CANDIDATES`] of a list.
fn newest(list: &[StoryId]) -> &[StoryId] {
    &list[..list.len().min(CANDIDATES)]
}

pub struct RelatedIndex {
    /// Each story's model as a number (equal numbers: equal models).
    model_of: Vec<Option<usize>>,
    /// Stories of each model, in site order.
    by_model: Vec<Vec<StoryId>>,
    /// Each story's tags as numbers, as written (a tag written twice counts twice).
    /// (stored flat: story `s`'s are `tag_ids[tag_start[s]..tag_start[s + 1]]`, so that
    /// counting shared tags reads one array instead of a vector per story)
    tag_ids: Vec<u32>,
    tag_start: Vec<u32>,
    /// Stories of each tag, in site order, each once.
    by_tag: Vec<Vec<StoryId>>,
    /// The most times one story lists the tag (normally 1): what the tag can add to a score.
    tag_weight: Vec<u32>,
    /// For each unit that has stories: the stories whose unit is it, lies below it or above it.
    by_unit: HashMap<UnitId, Vec<StoryId>>,
}

struct Cursor<'a> {
    list: &'a [StoryId],
    pos: usize,
    weight: u32,
    /// The model's or the unit's list: being in it is its part of the score.
    membership: bool,
}

impl Cursor<'_> {
    fn doc(&self) -> StoryId {
        self.list[self.pos]
    }
}

impl RelatedIndex {
    pub fn new(site: &Site) -> RelatedIndex {
        let n = site.stories.len();
        let mut models: HashMap<&str, usize> = HashMap::new();
        let mut by_model: Vec<Vec<StoryId>> = Vec::new();
        let mut model_of = Vec::with_capacity(n);
        let mut tags: HashMap<&str, usize> = HashMap::new();
        let mut by_tag: Vec<Vec<StoryId>> = Vec::new();
        let mut tag_weight: Vec<u32> = Vec::new();
        let mut tag_ids: Vec<u32> = Vec::new();
        let mut tag_start: Vec<u32> = Vec::with_capacity(n + 1);
        tag_start.push(0);
        for (i, s) in site.stories.iter().enumerate() {
            model_of.push(s.model.as_deref().map(|m| {
                let id = *models.entry(m).or_insert_with(|| {
                    by_model.push(Vec::new());
                    by_model.len() - 1
                });
                by_model[id].push(i);
                id
            }));
            let ids: Vec<usize> = s
                .tags
                .iter()
                .map(|t| {
                    *tags.entry(t.as_str()).or_insert_with(|| {
                        by_tag.push(Vec::new());
                        tag_weight.push(1);
                        by_tag.len() - 1
                    })
                })
                .collect();
            for &t in &ids {
                if by_tag[t].last() != Some(&i) {
                    by_tag[t].push(i);
                }
                let times = ids.iter().filter(|&&x| x == t).count() as u32;
                tag_weight[t] = tag_weight[t].max(times);
            }
            tag_ids.extend(ids.iter().map(|&t| t as u32));
            tag_start.push(tag_ids.len() as u32);
        }
        // Stories in each unit's subtree (in site order), and of each unit itself.
        let mut subtree: HashMap<UnitId, Vec<StoryId>> = HashMap::new();
        let mut own: HashMap<UnitId, Vec<StoryId>> = HashMap::new();
        for (i, s) in site.stories.iter().enumerate() {
            own.entry(s.unit).or_default().push(i);
            for a in site.ancestry(s.unit) {
                subtree.entry(a).or_default().push(i);
            }
        }
        let mut by_unit = HashMap::new();
        for &u in own.keys() {
            let mut v: Vec<StoryId> = subtree.get(&u).cloned().unwrap_or_default();
            for a in site.ancestry(u) {
                if a != u {
                    v.extend(own.get(&a).into_iter().flatten().copied());
                }
            }
            v.sort_unstable();
            v.dedup();
            by_unit.insert(u, v);
        }
        RelatedIndex {
            model_of,
            by_model,
            tag_ids,
            tag_start,
            by_tag,
            tag_weight,
            by_unit,
        }
    }

    /// How many of `o`'s tags `s` has too.
    fn shared_tags(&self, s: StoryId, o: StoryId) -> u32 {
        let mine = self.tags_of(s);
        self.tags_of(o).iter().filter(|t| mine.contains(t)).count() as u32
    }

    /// A story's tags as numbers, as written.
    fn tags_of(&self, s: StoryId) -> &[u32] {
        &self.tag_ids[self.tag_start[s] as usize..self.tag_start[s + 1] as usize]
    }

    /// Up to four stories sharing the model, then the unit, then a tag: the highest scores,
    /// ties to the earlier story.
    pub fn related(&self, site: &Site, s: StoryId) -> Vec<StoryId> {
        let mut cursors: Vec<Cursor> = Vec::new();
        if let Some(m) = self.model_of[s] {
            cursors.push(Cursor {
                list: newest(&self.by_model[m]),
                pos: 0,
                weight: 4,
                membership: true,
            });
        }
        if let Some(v) = self.by_unit.get(&site.stories[s].unit) {
            cursors.push(Cursor {
                list: newest(v),
                pos: 0,
                weight: 2,
                membership: true,
            });
        }
        let lists_before_tags = cursors.len();
        let mut tags = self.tags_of(s).to_vec();
        tags.sort_unstable();
        tags.dedup();
        for t in tags {
            cursors.push(Cursor {
                list: newest(&self.by_tag[t as usize]),
                pos: 0,
                weight: self.tag_weight[t as usize],
                membership: false,
            });
        }
        // Most often the answer lies in the model's and the unit's stories alone: when their
        // fourth best scores more than the story's tags can give a story outside them, it is
        // the answer, and the long tag lists are never walked.
        let tag_bound: u32 = cursors
            .iter()
            .skip(lists_before_tags)
            .map(|c| c.weight)
            .sum();
        // Best so far, by score (highest first), then position.
        let mut best: Vec<(u32, StoryId)> = Vec::with_capacity(RELATED + 1);
        // Being in a list is what its weight is for (same model; unit the same, above or below),
        // so only the shared tags are left to count.
        let ((a, wa), (b, wb)) = match lists_before_tags {
            2 => (
                (cursors[0].list, cursors[0].weight),
                (cursors[1].list, cursors[1].weight),
            ),
            1 => ((cursors[0].list, cursors[0].weight), (&[][..], 0)),
            _ => ((&[][..], 0), (&[][..], 0)),
        };
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let doc = match (a.get(i), b.get(j)) {
                (Some(&x), Some(&y)) => x.min(y),
                (Some(&x), None) => x,
                (None, Some(&y)) => y,
                (None, None) => break,
            };
            let in_a = a.get(i) == Some(&doc);
            let in_b = b.get(j) == Some(&doc);
            i += usize::from(in_a);
            j += usize::from(in_b);
            if doc != s {
                let lists = wa * u32::from(in_a) + wb * u32::from(in_b);
                // Tags cannot lift it above the fourth best: not worth counting them.
                let full = best.len() == RELATED;
                if !full || lists + tag_bound > best[RELATED - 1].0 {
                    keep(&mut best, lists + self.shared_tags(s, doc), doc);
                }
            }
        }
        if best.len() == RELATED && best[RELATED - 1].0 > tag_bound {
            #[cfg(test)]
            tests::SHORT_WAY.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return best.into_iter().map(|(_, j)| j).collect();
        }
        // Otherwise every list, walked together: `best` starts again from nothing.
        best.clear();
        loop {
            cursors.retain(|c| c.pos < c.list.len());
            if cursors.is_empty() {
                break;
            }
            cursors.sort_by_key(|c| c.doc());
            // A later story must score above the fourth best to enter.
            let bar = if best.len() < RELATED {
                0
            } else {
                best[RELATED - 1].0
            };
            let mut sum = 0;
            let Some(pivot) = cursors.iter().position(|c| {
                sum += c.weight;
                sum > bar
            }) else {
                break; // nothing left can score above the bar
            };
            let doc = cursors[pivot].doc();
            if cursors[0].doc() == doc {
                if doc != s {
                    let lists: u32 = cursors
                        .iter()
                        .filter(|c| c.membership && c.doc() == doc)
                        .map(|c| c.weight)
                        .sum();
                    keep(&mut best, lists + self.shared_tags(s, doc), doc);
                }
                for c in cursors.iter_mut().filter(|c| c.doc() == doc) {
                    c.pos += 1;
                }
            } else {
                // Stories before `doc` are only in the lists before the pivot, whose weights
                // do not reach above the bar: skip them.
                for c in cursors[..pivot].iter_mut() {
                    c.pos += c.list[c.pos..].partition_point(|&x| x < doc);
                }
            }
        }
        best.into_iter().map(|(_, j)| j).collect()
    }
}

/// Puts `doc` among the best four (by score, highest first; the earlier story first on a
/// tie) if it scores above the fourth. Stories must come in site order.
fn keep(best: &mut Vec<(u32, StoryId)>, score: u32, doc: StoryId) {
    if score == 0 || (best.len() == RELATED && score <= best[RELATED - 1].0) {
        return;
    }
    let at = best
        .iter()
        .position(|&(b, _)| b < score)
        .unwrap_or(best.len());
    best.insert(at, (score, doc));
    best.truncate(RELATED);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::testkit::Kit;
    use crate::model::{Level, Story, StoryKind};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// How many answers came from the model's and unit's stories alone.
    pub static SHORT_WAY: AtomicUsize = AtomicUsize::new(0);

    /// What story pages showed before: every pair scored.
    fn brute(site: &Site, i: StoryId) -> Vec<StoryId> {
        let s = &site.stories[i];
        let mut scored: Vec<(i32, StoryId)> = site
            .stories
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(j, o)| {
                let mut score = 0;
                if s.model.is_some() && o.model == s.model {
                    score += 4;
                }
                if site.is_within(o.unit, s.unit) || site.is_within(s.unit, o.unit) {
                    score += 2;
                }
                score += o.tags.iter().filter(|t| s.tags.contains(t)).count() as i32;
                (score, j)
            })
            .filter(|(sc, _)| *sc > 0)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().take(4).map(|(_, j)| j).collect()
    }

    fn story(unit: UnitId, model: Option<&str>, tags: &[&str]) -> Story {
        Story {
            slug: String::new(),
            title: String::new(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            updated: None,
            kind: StoryKind::Model,
            unit,
            summary: String::new(),
            model: model.map(str::to_string),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ethnic_group: None,
            consent: true,
            image: None,
            image_alt: None,
            plan: None,
            author: None,
            draft: false,
            allow_personal_data: false,
            body: Default::default(),
            file: String::new(),
            assets: Vec::new(),
            awards: Vec::new(),
            loc: Default::default(),
        }
    }

    #[test]
    fn matches_scoring_every_pair() {
        let mut k = Kit::new();
        let mut units = Vec::new();
        for p in 0..3 {
            let pu = k.unit(
                &format!("p{p}"),
                &format!("Tỉnh {p}"),
                Level::Province,
                None,
            );
            units.push(pu);
            for d in 0..3 {
                let du = k.unit(
                    &format!("d{p}{d}"),
                    &format!("Huyện {p}{d}"),
                    Level::District,
                    Some(pu),
                );
                units.push(du);
                for c in 0..2 {
                    units.push(k.unit(
                        &format!("c{p}{d}{c}"),
                        &format!("Xã {p}{d}{c}"),
                        Level::Commune,
                        Some(du),
                    ));
                }
            }
        }
        let mut site = k.build();
        let models = [None, Some("bò"), Some("cà phê"), Some("dệt")];
        let tags = ["a", "b", "c", "d", "e"];
        // A fixed pseudo-random mix, with a tag written twice now and then.
        let mut next = crate::compute::testkit::picker(7);
        for _ in 0..400 {
            let unit = units[next(units.len())];
            let model = models[next(models.len())];
            let mut ts: Vec<&str> = (0..next(4)).map(|_| tags[next(tags.len())]).collect();
            if next(10) == 0 {
                ts.push("a");
                ts.push("b");
                ts.push("a");
            }
            site.stories.push(story(unit, model, &ts));
        }
        let idx = RelatedIndex::new(&site);
        for i in 0..site.stories.len() {
            assert_eq!(idx.related(&site, i), brute(&site, i), "story {i}");
        }
        // Both ways were taken: the short one and the walk through every list.
        let short = SHORT_WAY.load(Ordering::Relaxed);
        assert!(short > 40 && short < 360, "{short} of 400 the short way");
    }
}
