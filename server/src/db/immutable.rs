//! Look-ups of facts that never change once written, remembered for the life of the database
//! handle (`db::Db`): a codebook node's codebook and kind (codebook versions are immutable), a
//! study's pinned codebook, and an interview's study (fixed when it is created; its interviewer
//! is not: a coordinator may reassign it, see `auth::cache`). Every answer write needs them; the
//! cache saves three queries per write. Safe across instances for the same reason: nothing here
//! is ever updated.

use std::sync::Arc;

use moka::sync::Cache;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait};

use super::entities::{codebook_node, interview, study};

/// Bounds memory per cache; moka evicts the least useful entries beyond it.
const MAX_ENTRIES: u64 = 200_000;

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

/// Cheap to clone: clones share the entries behind one reference count (as `auth::cache`
/// explains, the handle holding it is cloned several times per request, and a bare moka `Cache`
/// clone is five).
#[derive(Clone, Default)]
pub struct Facts(Arc<Caches>);

struct Caches {
    interviews: Cache<String, InterviewFacts>,
    nodes: Cache<String, NodeFacts>,
    study_codebooks: Cache<String, String>,
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            interviews: Cache::new(MAX_ENTRIES),
            nodes: Cache::new(MAX_ENTRIES),
            study_codebooks: Cache::new(MAX_ENTRIES),
        }
    }
}

/// The cached value, or `load`'s (remembered when there is one: an id that does not exist yet
/// may be created later).
async fn cached<V, F>(cache: &Cache<String, V>, key: &str, load: F) -> Result<Option<V>, DbErr>
where
    V: Clone + Send + Sync + 'static,
    F: std::future::Future<Output = Result<Option<V>, DbErr>>,
{
    if let Some(hit) = cache.get(key) {
        return Ok(Some(hit));
    }
    let found = load.await?;
    if let Some(v) = &found {
        cache.insert(key.to_string(), v.clone());
    }
    Ok(found)
}

impl Facts {
    pub async fn node(
        &self,
        db: &DatabaseConnection,
        id: &str,
    ) -> Result<Option<NodeFacts>, DbErr> {
        cached(&self.0.nodes, id, async {
            let found = codebook_node::Entity::find_by_id(id.to_string())
                .one(db)
                .await?;
            Ok(found.map(|n| NodeFacts {
                codebook_id: n.codebook_id,
                kind: n.kind,
            }))
        })
        .await
    }

    pub async fn study_codebook(
        &self,
        db: &DatabaseConnection,
        study_id: &str,
    ) -> Result<Option<String>, DbErr> {
        cached(&self.0.study_codebooks, study_id, async {
            let found = study::Entity::find_by_id(study_id.to_string())
                .one(db)
                .await?;
            Ok(found.map(|s| s.codebook_id))
        })
        .await
    }

    pub async fn interview(
        &self,
        db: &DatabaseConnection,
        id: &str,
    ) -> Result<Option<InterviewFacts>, DbErr> {
        cached(&self.0.interviews, id, async {
            let found = interview::Entity::find_by_id(id.to_string())
                .one(db)
                .await?;
            Ok(found.map(|i| InterviewFacts {
                id: i.id,
                study_id: i.study_id,
            }))
        })
        .await
    }
}
