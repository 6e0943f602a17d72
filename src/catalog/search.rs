//! Finding catalog settings as the user types: fuzzy, case-insensitive, ranked.
//!
//! Each setting is matched on three texts: its schema path (`SMISettings/AutoLogon/
//! Enable`), its display name (`Enable AutoLogon`) and its CSP chain
//! (`Policy/Config/Connectivity/AllowBluetooth`). A query is split into words; every word
//! must match one of the texts, as a substring (ranked higher, more so at the start of a
//! word) or as letters in order (`alwblt` finds `AllowBluetooth`). The lower-cased texts
//! are built once, so a keystroke costs one pass over the catalog without allocating per
//! setting.

use super::{Setting, settings};
use std::sync::OnceLock;

/// One setting's texts, lower-cased once.
struct Entry {
    setting: &'static Setting,
    path: String,
    /// Where the last path segment starts in `path`.
    leaf: usize,
    label: String,
    chain: String,
}

fn index() -> &'static [Entry] {
    static I: OnceLock<Vec<Entry>> = OnceLock::new();
    I.get_or_init(|| {
        settings()
            .map(|s| {
                let path = s.path.to_lowercase();
                let leaf = path.rfind('/').map_or(0, |i| i + 1);
                Entry {
                    setting: s,
                    path,
                    leaf,
                    label: s.label.to_lowercase(),
                    chain: s.chain.to_lowercase(),
                }
            })
            .collect()
    })
}

/// A setting found, with how well it matched (higher is better).
#[derive(Clone, Copy, Debug)]
pub struct Hit {
    pub setting: &'static Setting,
    pub score: u32,
}

/// Whether `text[i]` starts a word: the first character, or after a separator.
fn word_start(text: &str, i: usize) -> bool {
    i == 0
        || text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_alphanumeric())
}

/// How well one query word matches one text; `None` when it does not.
fn word_score(word: &str, text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if text == word {
        return Some(1000);
    }
    let mut best = None;
    for (i, _) in text.match_indices(word) {
        let s = if i == 0 {
            800
        } else if word_start(text, i) {
            600
        } else {
            400
        };
        best = best.max(Some(s));
        if s >= 600 {
            break;
        }
    }
    best.or_else(|| subsequence(word, text))
}

/// Letters of `word` in order in `text`: scores 1–300, fewer and shorter gaps higher.
fn subsequence(word: &str, text: &str) -> Option<u32> {
    let mut chars = text.char_indices();
    let mut gaps = 0u32;
    let mut last: Option<usize> = None;
    for w in word.chars() {
        let (i, _) = chars.find(|(_, c)| *c == w)?;
        if let Some(l) = last
            && i > l + 1
        {
            gaps += 1 + ((i - l) as u32).min(20) / 4;
        }
        last = Some(i);
    }
    Some(300u32.saturating_sub(gaps * 12).max(1))
}

/// How well the whole query matches an entry; every word must match somewhere.
fn entry_score(words: &[&str], e: &Entry) -> Option<u32> {
    let mut total = 0;
    for w in words {
        let label = word_score(w, &e.label).map(|s| s + 60);
        let leaf = word_score(w, &e.path[e.leaf..]).map(|s| s + 40);
        let path = word_score(w, &e.path);
        let chain = word_score(w, &e.chain);
        total += label.max(leaf).max(path).max(chain)?;
    }
    Some(total)
}

/// Settings matching `query`, best first, at most `limit`. Ties go to the shorter path,
/// then path order. An empty query finds nothing (the page lists what is set instead).
pub fn search(query: &str, limit: usize) -> Vec<Hit> {
    let q = query.to_lowercase();
    let words: Vec<&str> = q.split_whitespace().collect();
    if words.is_empty() || limit == 0 {
        return Vec::new();
    }
    let mut hits: Vec<Hit> = index()
        .iter()
        .filter_map(|e| {
            entry_score(&words, e).map(|score| Hit {
                setting: e.setting,
                score,
            })
        })
        .collect();
    let key = |h: &Hit| {
        (
            std::cmp::Reverse(h.score),
            h.setting.path.len(),
            h.setting.path,
        )
    };
    if hits.len() > limit {
        hits.select_nth_unstable_by_key(limit - 1, key);
        hits.truncate(limit);
    }
    hits.sort_unstable_by_key(key);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(q: &str, n: usize) -> Vec<&'static str> {
        search(q, n).iter().map(|h| h.setting.path).collect()
    }

    #[test]
    fn exact_names_rank_first() {
        assert_eq!(paths("DNSComputerName", 1), ["DevDetail/DNSComputerName"]);
        assert_eq!(paths("dnscomputername", 1), ["DevDetail/DNSComputerName"]);
    }

    #[test]
    fn matches_display_names_and_csp_paths() {
        // By display name (the store calls it "Enable AutoLogon" or similar).
        let autologon = paths("autologon enable", 5);
        assert!(
            autologon.contains(&"SMISettings/AutoLogon/Enable"),
            "{autologon:?}"
        );
        // By CSP chain only: the Policy CSP's area path.
        let by_chain = search("policy/config/connectivity", 50);
        assert!(
            by_chain
                .iter()
                .any(|h| h.setting.path == "Policies/Connectivity/AllowBluetooth"),
        );
    }

    #[test]
    fn letters_in_order_find_a_setting() {
        let hits = paths("alwbluetth", 10);
        assert!(
            hits.contains(&"Policies/Connectivity/AllowBluetooth"),
            "{hits:?}"
        );
        // A substring match outranks a scattered one.
        let hits = search("bluetooth", 50);
        let allow = hits
            .iter()
            .position(|h| h.setting.path == "Policies/Connectivity/AllowBluetooth")
            .unwrap();
        assert!(hits[allow].score > subsequence("bluetooth", "b-l-u-e-t-o-o-t-h").unwrap());
    }

    #[test]
    fn every_word_must_match_and_limits_hold() {
        assert!(search("bluetooth zzqqxx", 10).is_empty());
        assert!(search("   ", 10).is_empty());
        assert_eq!(search("a", 7).len(), 7);
        let all = search("e", usize::MAX);
        assert!(all.windows(2).all(|w| w[0].score >= w[1].score));
    }
}
