//! Computed prose (a criterion's reasons, what a task waits for) names
//! resources by id (`task :task-7-3 is Active`): the model's reasons are
//! shared with `spec gates`, where ids are what a user greps for. Documents
//! are read by people: there each id the campaign gives a title to is
//! replaced with that title.

use crate::model::{Campaign, Name};
use rustc_hash::FxHashMap as HashMap;

/// Titles by id (`:task-7-3` → `Code quality`), borrowed from the model.
#[derive(Default)]
pub struct Labels<'a> {
    by_id: HashMap<&'a str, &'a str>,
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

fn is_prefix_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-')
}

impl<'a> Labels<'a> {
    pub fn of(campaign: &'a Campaign) -> Self {
        let c = campaign;
        let mut by_id = HashMap::with_capacity_and_hasher(
            1 + c.phases.len()
                + c.tasks.len()
                + c.gates.len()
                + c.criteria.len()
                + c.metrics.len()
                + c.agents.len()
                + c.deliverable_list.len(),
            Default::default(),
        );
        let mut add = |name: &'a Name| {
            if let Some(title) = &name.title {
                by_id.insert(name.id.as_str(), title.as_str());
            }
        };
        campaign.name.iter().for_each(&mut add);
        campaign.phases.iter().for_each(|p| add(&p.name));
        campaign.tasks.iter().for_each(|t| add(&t.name));
        campaign.gates.iter().for_each(|g| add(&g.name));
        campaign.criteria.iter().for_each(|c| add(&c.name));
        campaign.metrics.iter().for_each(|m| add(&m.name));
        campaign.agents.iter().for_each(|a| add(&a.name));
        campaign.deliverable_list.iter().for_each(|d| add(&d.name));
        Self { by_id }
    }

    /// `text` with every known id (`:task-1`, `ex:task-1`) replaced by its
    /// title; other text as it is.
    pub fn apply(&self, text: &str) -> String {
        if self.by_id.is_empty() || !text.contains(':') {
            return text.to_owned();
        }
        // Scanned in place: collecting the characters first was a sixth of
        // building a spec's view (every task's reasons pass here).
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut search = 0;
        while let Some(offset) = text[search..].find(':') {
            let colon = search + offset;
            // The prefix: prefix characters right before the colon, at a
            // word start, and not inside a name already replaced.
            let start = text[copied..colon]
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_prefix_char(*c))
                .last()
                .map_or(colon, |(i, _)| copied + i);
            let after = &text[colon + 1..];
            let mut end = colon
                + 1
                + after
                    .char_indices()
                    .find(|(_, c)| !is_local_char(*c))
                    .map_or(after.len(), |(i, _)| i);
            // A trailing dot ends a sentence, not the name.
            while end > colon + 1 && text.as_bytes()[end - 1] == b'.' {
                end -= 1;
            }
            let starts_word = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            match self.by_id.get(&text[start..end]) {
                Some(title) if end > colon + 1 && starts_word => {
                    out.push_str(&text[copied..start]);
                    out.push_str(title);
                    copied = end;
                    search = end;
                }
                _ => search = colon + 1,
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels<'a>(pairs: &[(&'a str, &'a str)]) -> Labels<'a> {
        Labels {
            by_id: pairs.iter().copied().collect(),
        }
    }

    #[test]
    fn replaces_known_ids_only() {
        let l = labels(&[(":task-1", "Build"), ("ex:gate-2", "Release gate")]);
        assert_eq!(
            l.apply("task :task-1 is Active; ex:gate-2 failed. :task-9 too."),
            "task Build is Active; Release gate failed. :task-9 too."
        );
        assert_eq!(l.apply("ends with :task-1."), "ends with Build.");
        assert_eq!(l.apply("no ids here"), "no ids here");
        assert_eq!(l.apply("x:task-1"), "x:task-1");
        assert_eq!(l.apply(":task-10"), ":task-10");
        assert_eq!(l.apply("ünï :task-1 ✓"), "ünï Build ✓");
        // Names right after one another: the second does not start a word.
        assert_eq!(l.apply(":task-1:task-1"), "Build:task-1");
        assert_eq!(l.apply("(:task-1), ex:gate-2:"), "(Build), Release gate:");
        assert_eq!(l.apply("ex:gate-2..."), "Release gate...");
        assert_eq!(l.apply(":"), ":");
        // Two known names overlapping: the second may not start inside the
        // first (the prefix scan reached back into it and sliced backwards).
        let overlapping = labels(&[(":x", "X"), ("x:y", "XY")]);
        assert_eq!(overlapping.apply(":x:y"), "X:y");
        assert_eq!(l.apply("a:"), "a:");
    }
}
