//! The collapsible tree with item search. `<details>` keeps it usable before hydration and with a
//! keyboard; search filters to matching items and opens their ancestors.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use super::dto::NodeView;
use crate::domain::codebook::{NodeKind, SectionKind};
use crate::i18n::{Key, use_i18n};

fn section_key(kind: Option<SectionKind>) -> Option<Key> {
    kind.map(|k| match k {
        SectionKind::Description => Key::SectionDescription,
        SectionKind::Tasks => Key::SectionTasks,
        SectionKind::Competencies => Key::SectionCompetencies,
        SectionKind::KnowledgeSkills => Key::SectionKnowledgeSkills,
    })
}

/// Ids of the nodes to show for a query: matching items and all their ancestors.
fn visible_for(nodes: &[NodeView], query: &str) -> HashSet<String> {
    let q = query.trim().to_lowercase();
    let parent: HashMap<&str, Option<&str>> = nodes
        .iter()
        .map(|n| (n.id.as_str(), n.parent_id.as_deref()))
        .collect();
    let mut visible = HashSet::new();
    for n in nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Item && n.label.to_lowercase().contains(&q))
    {
        let mut cur = Some(n.id.as_str());
        while let Some(id) = cur {
            if !visible.insert(id.to_string()) {
                break;
            }
            cur = parent.get(id).copied().flatten();
        }
    }
    visible
}

#[component]
pub fn CodebookTree(nodes: Vec<NodeView>) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let nodes = StoredValue::new(nodes);
    let visible = Memo::new(move |_| {
        let q = query.get();
        (!q.trim().is_empty()).then(|| nodes.with_value(|n| visible_for(n, &q)))
    });
    let matches = move || {
        visible.get().map(|v| {
            nodes.with_value(|n| {
                n.iter()
                    .filter(|x| x.kind == NodeKind::Item && v.contains(&x.id))
                    .count()
            })
        })
    };
    let children: HashMap<Option<String>, Vec<NodeView>> = nodes.with_value(|ns| {
        let mut map: HashMap<Option<String>, Vec<NodeView>> = HashMap::new();
        for n in ns {
            map.entry(n.parent_id.clone()).or_default().push(n.clone());
        }
        map
    });
    let children = StoredValue::new(children);
    view! {
        <section class="card" aria-labelledby="tree-title">
            <h2 id="tree-title">{move || i18n.t(Key::TreeTitle)}</h2>
            <div class="search">
                <label for="item-search">{move || i18n.t(Key::SearchItems)}</label>
                <input
                    id="item-search"
                    type="search"
                    autocomplete="off"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <p class="muted" role="status" aria-live="polite">
                    {move || matches().map(|n| format!("{n} {}", i18n.t(Key::ItemsFound)))}
                </p>
            </div>
            <ul class="tree" data-testid="codebook-tree">
                {move || render_level(None, children, visible)}
            </ul>
        </section>
    }
}

fn render_level(
    parent: Option<String>,
    children: StoredValue<HashMap<Option<String>, Vec<NodeView>>>,
    visible: Memo<Option<HashSet<String>>>,
) -> AnyView {
    let i18n = use_i18n();
    let level = children.with_value(|c| c.get(&parent).cloned().unwrap_or_default());
    level
        .into_iter()
        .map(|n| {
            let id = n.id.clone();
            let hidden = {
                let id = id.clone();
                move || visible.get().is_some_and(|v| !v.contains(&id))
            };
            let label = match &n.number {
                Some(num) => format!("{num}. {}", n.label),
                None => n.label.clone(),
            };
            if n.kind == NodeKind::Item {
                return view! { <li class="tree__item" hidden=hidden>{label}</li> }.into_any();
            }
            let kind_label = section_key(n.section_kind);
            let count = children.with_value(|c| c.get(&Some(id.clone())).map_or(0, Vec::len));
            let start_open = n.kind != NodeKind::Section;
            let searching = move || visible.get().is_some();
            view! {
                <li class=format!("tree__node tree__node--{}", n.kind.code()) hidden=hidden>
                    <details open=start_open prop:open=move || start_open || searching()>
                        <summary>
                            {match kind_label {
                                Some(key) => view! { <span>{move || i18n.t(key)}</span> }.into_any(),
                                None => view! { <span>{label.clone()}</span> }.into_any(),
                            }}
                            <span class="tree__count">{count}</span>
                        </summary>
                        <ul>{render_level(Some(id.clone()), children, visible)}</ul>
                    </details>
                </li>
            }
            .into_any()
        })
        .collect_view()
        .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(id: &str, parent: Option<&str>, kind: NodeKind, label: &str) -> NodeView {
        NodeView {
            id: id.into(),
            guid: id.into(),
            parent_id: parent.map(Into::into),
            kind,
            section_kind: None,
            number: None,
            label: label.into(),
            text: None,
            color: None,
        }
    }

    #[test]
    fn search_shows_matching_items_and_their_ancestors_only() {
        let nodes = vec![
            n("q", None, NodeKind::Qualification, "Q"),
            n("r", Some("q"), NodeKind::Role, "R"),
            n("s", Some("r"), NodeKind::Section, "S"),
            n("i1", Some("s"), NodeKind::Item, "Kan klachten afhandelen"),
            n("i2", Some("s"), NodeKind::Item, "Kennis van marketing"),
        ];
        let v = visible_for(&nodes, "KLACHT");
        assert_eq!(
            v,
            ["q", "r", "s", "i1"]
                .into_iter()
                .map(String::from)
                .collect()
        );
        assert!(visible_for(&nodes, "zzz").is_empty());
    }
}
