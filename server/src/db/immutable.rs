//! Look-ups of facts that never change once written, cached for the life of the process:
//! a codebook node's codebook and kind (codebook versions are immutable) and a study's pinned
//! codebook, and an interview's study (fixed when it is created; its interviewer is not: a
//! coordinator may reassign it, see `auth::cache::INTERVIEWERS`). Every answer write needs them; the cache saves three queries per write. Safe across
//! instances for the same reason: nothing here is ever updated.

use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

use sea_orm::{DatabaseConnection, DbErr, EntityTrait};

use super::entities::{codebook_node, interview, study};

/// Bounds memory; when full the cache starts over rather than tracking recency.
const MAX_ENTRIES: usize = 200_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeFacts {
    pub codebook_id: String,
    pub kind: String,
}

/// What never changes about an interview; its metadata (organisation, notes, …) does and is not here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewFacts {
    pub id: String,
    pub study_id: String,
}

static INTERVIEWS: LazyLock<RwLock<HashMap<String, InterviewFacts>>> =
    LazyLock::new(Default::default);
static NODES: LazyLock<RwLock<HashMap<String, NodeFacts>>> = LazyLock::new(Default::default);
static STUDY_CODEBOOK: LazyLock<RwLock<HashMap<String, String>>> = LazyLock::new(Default::default);

fn get<V: Clone>(map: &RwLock<HashMap<String, V>>, key: &str) -> Option<V> {
    map.read().ok().and_then(|m| m.get(key).cloned())
}

fn put<V>(map: &RwLock<HashMap<String, V>>, key: &str, value: V) {
    if let Ok(mut m) = map.write() {
        if m.len() >= MAX_ENTRIES {
            m.clear();
        }
        m.insert(key.to_string(), value);
    }
}

pub async fn node(db: &DatabaseConnection, id: &str) -> Result<Option<NodeFacts>, DbErr> {
    if let Some(hit) = get(&NODES, id) {
        return Ok(Some(hit));
    }
    let found = codebook_node::Entity::find_by_id(id.to_string())
        .one(db)
        .await?;
    Ok(found.map(|n| {
        let facts = NodeFacts {
            codebook_id: n.codebook_id,
            kind: n.kind,
        };
        put(&NODES, id, facts.clone());
        facts
    }))
}

pub async fn study_codebook(
    db: &DatabaseConnection,
    study_id: &str,
) -> Result<Option<String>, DbErr> {
    if let Some(hit) = get(&STUDY_CODEBOOK, study_id) {
        return Ok(Some(hit));
    }
    let found = study::Entity::find_by_id(study_id.to_string())
        .one(db)
        .await?;
    Ok(found.map(|s| {
        put(&STUDY_CODEBOOK, study_id, s.codebook_id.clone());
        s.codebook_id
    }))
}

pub async fn interview(db: &DatabaseConnection, id: &str) -> Result<Option<InterviewFacts>, DbErr> {
    if let Some(hit) = get(&INTERVIEWS, id) {
        return Ok(Some(hit));
    }
    let found = interview::Entity::find_by_id(id.to_string())
        .one(db)
        .await?;
    Ok(found.map(|i| {
        let facts = InterviewFacts {
            id: i.id,
            study_id: i.study_id,
        };
        put(&INTERVIEWS, id, facts.clone());
        facts
    }))
}
