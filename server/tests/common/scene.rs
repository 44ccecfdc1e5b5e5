//! Where benchmarks and process-level tests start: an account with a bearer token, a study on
//! the built-in codebook, some interviews, and the codebook's items. The tests reach it as
//! `common::scene`, the examples with `#[path = "../tests/common/scene.rs"]`.
#![allow(dead_code)]

use app::domain::codebook::NodeKind;
use app::domain::ids::{InterviewId, StudyId};
use app::features::interviews::dto::NewInterview;
use server::auth::principal::UserCtx;
use server::db::Db;
use server::error::ServiceError;
use server::services::{Ctx, accounts, codebooks, interviews, studies};

pub struct Scene {
    /// Acting as the account (the study's coordinator).
    pub ctx: Ctx,
    pub token: String,
    pub study: StudyId,
    pub interviews: Vec<InterviewId>,
    pub items: Vec<String>,
}

/// On a migrated database; `interviews` made-up interviews in SBI section G.
pub async fn scene(db: &Db, email: &str, interviews: usize) -> Result<Scene, ServiceError> {
    const PASSWORD: &str = "bench-Lantaarn-Kiwi-73";
    let user = accounts::create_user(db, email, "Bench", PASSWORD).await?;
    let ctx = Ctx::acting_as(
        db.clone(),
        UserCtx::on_behalf(user.id, &user.email, &user.name),
    );
    let request = app::features::account::dto::TokenRequest {
        name: "bench".into(),
        password: PASSWORD.into(),
        scope: app::features::account::dto::TokenScope::ReadWrite,
        expires_in_days: None,
    };
    let token = accounts::create_token(&ctx, &request).await?.token;
    let codebook = codebooks::list(&ctx).await?.remove(0);
    let study = studies::create(&ctx, "Bench (fictief)", codebook.id)
        .await?
        .id;
    let mut made = Vec::with_capacity(interviews);
    for n in 0..interviews {
        let new = NewInterview {
            organisation: format!("Bench {n} BV (fictief)"),
            sbi_section: "G".into(),
            respondent_function: None,
            held_on: None,
            mode: None,
            consent: true,
            notes: None,
        };
        made.push(interviews::create(&ctx, study, new).await?.id);
    }
    let items = codebooks::get(&ctx, codebook.id)
        .await?
        .nodes
        .into_iter()
        .filter(|n| n.kind == NodeKind::Item)
        .map(|n| n.id)
        .collect();
    Ok(Scene {
        ctx,
        token,
        study,
        interviews: made,
        items,
    })
}
