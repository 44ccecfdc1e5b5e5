//! The OpenAPI 3.1 document of what is implemented, generated from the code so that it cannot
//! drift from it: the handlers' `#[utoipa::path]` attributes, the schemas the DTOs derive, and
//! the route table, whose access rules say which refusals every route can answer
//! ([`completion`]). A unit test holds the document's operations to the routes registered.

mod bodies;
mod completion;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use axum::{Extension, Json};
use utoipa::OpenApi;

pub use bodies::{Ended, Liveness, NotReady, Ready};

use super::route_spec::RouteSpec;
use super::{
    account, codebooks, dashboard, interviews, invitations, reference, studies, workshops,
};
use crate::error::ErrorBody;
use crate::http::{health, metrics};
use app::domain::ids::{
    CodebookId, InterviewId, InvitationId, NodeId, SessionId, StudyId, TokenId, UserId, WorkshopId,
};

const DESCRIPTION: &str = "\
Survey and interview coding of occupational competence profiles (docs: api-v1.md).

- JSON in and out, UTF-8, `snake_case` fields; ids are hyphenated UUIDs.
- Errors: a non-2xx status with `{\"error\": {\"code\", \"message\", \"field\"?, \"reason\"?, \
\"details\"?, \"current\"?}}`. 400 malformed, 401 not signed in, 403 not allowed, 404 unknown, \
409 conflict, 413 too large, 422 invalid value, 429 throttled, 503 unavailable.
- Auth: the session cookie set by `POST /api/v1/session`, or `Authorization: Bearer <token>` \
with a token made by `POST /api/v1/tokens`. State-changing requests with a cookie must come \
from this site (Origin or Referer); bearer requests need not.
- Writes carry a client-made `op_id`: the same `op_id` again is acknowledged again and changes \
nothing; with different content it is `409 op_conflict`. A write is acknowledged only after it \
is durably committed.";

/// The whole document: operations outside `/api/v1` first, then the API itself.
#[derive(OpenApi)]
#[openapi(
    info(title = "Aansluiting API", version = "1", description = DESCRIPTION),
    paths(health::live, health::ready, metrics::render),
    nest((path = "/api/v1", api = V1)),
    // Ids appear in path parameters too, whose schemas utoipa does not collect.
    components(schemas(
        ErrorBody, StudyId, InterviewId, CodebookId, NodeId, UserId, SessionId, TokenId,
        WorkshopId, InvitationId
    )),
    tags(
        (name = "account", description = "Signing in and out, sessions, API tokens"),
        (name = "codebooks", description = "Codebook versions: import, read, export"),
        (name = "studies", description = "Studies, their members and audit log"),
        (name = "interviews", description = "Interviews, their answers and fields, with history"),
        (name = "dashboard", description = "Aggregates and verdicts, thresholds, the live stream"),
        (name = "workshops", description = "Workshops: join codes, live votes, blind rounds, results"),
        (name = "reference", description = "Reference data: SBI sections, trends, table 1"),
        (name = "operations", description = "Health, readiness, metrics and this document"),
    ),
)]
struct ApiDoc;

/// The operations below `/api/v1`, in the order of the route table.
#[derive(OpenApi)]
#[openapi(paths(
    document,
    reference::sbi_sections,
    reference::trends,
    reference::training_companies,
    account::sign_in,
    account::whoami,
    account::sign_out,
    account::sessions,
    account::sign_out_everywhere,
    account::revoke_session,
    account::tokens,
    account::create_token,
    account::revoke_token,
    account::change_password,
    codebooks::list,
    codebooks::import,
    codebooks::get,
    codebooks::export_qdc,
    codebooks::export_json,
    studies::mine,
    studies::create,
    studies::get,
    studies::members,
    invitations::invite,
    invitations::of_study,
    invitations::withdraw,
    invitations::mine,
    invitations::accept,
    invitations::decline,
    studies::change_role,
    studies::remove_member,
    studies::audit_log,
    dashboard::aggregate,
    dashboard::item,
    dashboard::live,
    dashboard::threshold_versions,
    dashboard::set_thresholds,
    interviews::list,
    interviews::create,
    interviews::get,
    interviews::put_answer,
    interviews::batch,
    interviews::history,
    interviews::aspects,
    interviews::update,
    interviews::assign_interviewer,
    interviews::put_field,
    interviews::field_history,
    workshops::create,
    workshops::list,
    workshops::join,
    workshops::get,
    workshops::me,
    workshops::vote,
    workshops::vote_batch,
    workshops::control,
    workshops::results,
    workshops::qr,
    workshops::live,
))]
struct V1;

/// The document as served: the handlers' own descriptions, completed from the route table.
pub fn spec(routes: &[RouteSpec]) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    completion::complete(&mut doc, routes);
    doc
}

/// The document, made once when the router is built (it is what the route table implies).
#[derive(Clone)]
pub struct Document(pub Arc<utoipa::openapi::OpenApi>);

/// This document
#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document of what this server implements", body = serde_json::Value)))]
pub async fn document(Extension(doc): Extension<Document>) -> Json<utoipa::openapi::OpenApi> {
    Json((*doc.0).clone())
}
