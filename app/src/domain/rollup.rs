//! Verdicts rolled up the bcp tree: per section, role and qualification, how many items fit
//! well, partly or poorly, and a role's own verdict (the verdict on its description), as the
//! report's chapter 4 and 5 tables summarise them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::codebook::{NodeKind, SectionKind};
use super::verdict::Verdict;

/// The part of a codebook node a roll-up needs.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    pub id: &'a str,
    pub parent_id: Option<&'a str>,
    pub kind: NodeKind,
    pub section_kind: Option<SectionKind>,
}

/// Items per verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VerdictCounts {
    pub good: u32,
    pub partial: u32,
    pub insufficient: u32,
    pub insufficient_data: u32,
}

impl VerdictCounts {
    pub fn add(&mut self, v: Verdict) {
        match v {
            Verdict::Good => self.good += 1,
            Verdict::Partial => self.partial += 1,
            Verdict::Insufficient => self.insufficient += 1,
            Verdict::InsufficientData => self.insufficient_data += 1,
        }
    }

    pub fn get(&self, v: Verdict) -> u32 {
        match v {
            Verdict::Good => self.good,
            Verdict::Partial => self.partial,
            Verdict::Insufficient => self.insufficient,
            Verdict::InsufficientData => self.insufficient_data,
        }
    }

    pub fn total(&self) -> u32 {
        self.good + self.partial + self.insufficient + self.insufficient_data
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RollUp {
    pub node_id: String,
    pub kind: NodeKind,
    pub items: VerdictCounts,
    /// A role's own verdict: that of the first item of its description section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own: Option<Verdict>,
}

/// One roll-up per qualification, role and section, in the tree's order.
pub fn roll_up(nodes: &[Node<'_>], verdict_of: impl Fn(&str) -> Verdict) -> Vec<RollUp> {
    let parent: HashMap<&str, Option<&str>> = nodes.iter().map(|n| (n.id, n.parent_id)).collect();
    let mut ups: Vec<RollUp> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for n in nodes.iter().filter(|n| n.kind != NodeKind::Item) {
        at.insert(n.id, ups.len());
        ups.push(RollUp {
            node_id: n.id.to_string(),
            kind: n.kind,
            items: VerdictCounts::default(),
            own: None,
        });
    }
    let description: HashMap<&str, bool> = nodes
        .iter()
        .map(|n| (n.id, n.section_kind == Some(SectionKind::Description)))
        .collect();
    for item in nodes.iter().filter(|n| n.kind == NodeKind::Item) {
        let verdict = verdict_of(item.id);
        let mut cursor = item.parent_id;
        let mut from_description = false;
        while let Some(id) = cursor {
            if let Some(up) = at.get(id).and_then(|i| ups.get_mut(*i)) {
                up.items.add(verdict);
                if up.kind == NodeKind::Role && from_description && up.own.is_none() {
                    up.own = Some(verdict);
                }
            }
            from_description |= description.get(id).copied().unwrap_or(false);
            cursor = parent.get(id).copied().flatten();
        }
    }
    ups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node<'a>(
        id: &'a str,
        parent: Option<&'a str>,
        kind: NodeKind,
        section: Option<SectionKind>,
    ) -> Node<'a> {
        Node {
            id,
            parent_id: parent,
            kind,
            section_kind: section,
        }
    }

    #[test]
    fn items_count_in_every_ancestor_and_a_role_takes_its_description() {
        use NodeKind::*;
        let nodes = [
            node("q", None, Qualification, None),
            node("r", Some("q"), Role, None),
            node("d", Some("r"), Section, Some(SectionKind::Description)),
            node("d1", Some("d"), Item, None),
            node("t", Some("r"), Section, Some(SectionKind::Tasks)),
            node("t1", Some("t"), Item, None),
            node("t2", Some("t"), Item, None),
        ];
        let ups = roll_up(&nodes, |id| match id {
            "d1" => Verdict::Partial,
            "t1" => Verdict::Good,
            _ => Verdict::Insufficient,
        });
        let by: HashMap<&str, &RollUp> = ups.iter().map(|u| (u.node_id.as_str(), u)).collect();
        assert_eq!(ups.len(), 4);
        assert_eq!(by["q"].items.total(), 3);
        assert_eq!(by["r"].own, Some(Verdict::Partial));
        assert_eq!(by["q"].own, None);
        assert_eq!(
            by["t"].items,
            VerdictCounts {
                good: 1,
                insufficient: 1,
                ..VerdictCounts::default()
            }
        );
        assert_eq!(by["d"].items.partial, 1);
    }
}
