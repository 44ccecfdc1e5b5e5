//! `/api/v1`: JSON in and out, errors as `{"error": {code, message, field?, details?}}`.
//!
//! Every route is declared in [`routes`] together with the access it requires; the router
//! enforces that access in a guard before any body is read, and the services check again
//! where they scope data. A route cannot be added without saying who may call it.

mod account;
mod codebooks;
mod dashboard;
mod extract;
mod interviews;
mod invitations;
pub(crate) mod openapi;
mod reference;
mod route_spec;
mod studies;
mod workshops;

use axum::Router;
use axum::extract::{DefaultBodyLimit, RawPathParams, Request, State};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, patch, post, put};
use http::{Method, StatusCode};

use app::domain::access::Permission;

use crate::auth::policy::{self, Access};
use crate::auth::principal::Principal;
use crate::error::api_error;
use crate::http::{BODY_LIMIT, IMPORT_LIMIT};
use crate::state::AppState;
use app::error::ErrorCode;

pub use route_spec::{PREFIX, RouteSpec};

fn spec(
    method: Method,
    path: &'static str,
    access: Access,
    handler: MethodRouter<AppState>,
) -> (RouteSpec, MethodRouter<AppState>) {
    (
        RouteSpec {
            method,
            path,
            access,
        },
        handler,
    )
}

fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    use Access::*;
    use Method as M;
    use Permission as P;
    vec![
        spec(M::GET, "/openapi.json", Public, get(openapi::document)),
        spec(
            M::GET,
            "/reference/sbi-sections",
            Public,
            get(reference::sbi_sections),
        ),
        spec(M::GET, "/reference/trends", Public, get(reference::trends)),
        spec(
            M::GET,
            "/reference/training-companies",
            Public,
            get(reference::training_companies),
        ),
        spec(M::POST, "/session", Public, post(account::sign_in)),
        spec(M::GET, "/session", Public, get(account::whoami)),
        spec(M::DELETE, "/session", SignedIn, delete(account::sign_out)),
        spec(M::GET, "/sessions", SignedIn, get(account::sessions)),
        spec(
            M::DELETE,
            "/sessions",
            SignedIn,
            delete(account::sign_out_everywhere),
        ),
        spec(
            M::DELETE,
            "/sessions/{id}",
            SignedIn,
            delete(account::revoke_session),
        ),
        spec(M::GET, "/tokens", SignedIn, get(account::tokens)),
        spec(M::POST, "/tokens", Session, post(account::create_token)),
        spec(
            M::PUT,
            "/account/password",
            Session,
            put(account::change_password),
        ),
        spec(
            M::DELETE,
            "/tokens/{id}",
            SignedIn,
            delete(account::revoke_token),
        ),
        spec(M::GET, "/codebooks", SignedIn, get(codebooks::list)),
        spec(
            M::POST,
            "/codebooks",
            SignedIn,
            post(codebooks::import).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        ),
        spec(M::GET, "/codebooks/{id}", SignedIn, get(codebooks::get)),
        spec(
            M::GET,
            "/codebooks/{id}/export.qdc",
            SignedIn,
            get(codebooks::export_qdc),
        ),
        spec(
            M::GET,
            "/codebooks/{id}/export.json",
            SignedIn,
            get(codebooks::export_json),
        ),
        spec(M::GET, "/studies", SignedIn, get(studies::mine)),
        spec(M::POST, "/studies", SignedIn, post(studies::create)),
        spec(M::GET, "/studies/{id}", Study(P::Read), get(studies::get)),
        spec(
            M::GET,
            "/studies/{id}/members",
            Study(P::Coordinate),
            get(studies::members),
        ),
        spec(
            M::POST,
            "/studies/{id}/members",
            Study(P::Coordinate),
            post(invitations::invite),
        ),
        spec(
            M::GET,
            "/studies/{id}/invitations",
            Study(P::Coordinate),
            get(invitations::of_study),
        ),
        spec(
            M::DELETE,
            "/studies/{id}/invitations/{invitation_id}",
            Study(P::Coordinate),
            delete(invitations::withdraw),
        ),
        spec(M::GET, "/invitations", SignedIn, get(invitations::mine)),
        spec(
            M::POST,
            "/invitations/{id}/accept",
            SignedIn,
            post(invitations::accept),
        ),
        spec(
            M::POST,
            "/invitations/{id}/decline",
            SignedIn,
            post(invitations::decline),
        ),
        spec(
            M::PUT,
            "/studies/{id}/members/{user_id}",
            Study(P::Coordinate),
            put(studies::change_role),
        ),
        spec(
            M::DELETE,
            "/studies/{id}/members/{user_id}",
            Study(P::Coordinate),
            delete(studies::remove_member),
        ),
        spec(
            M::GET,
            "/studies/{id}/audit",
            Study(P::Coordinate),
            get(studies::audit_log),
        ),
        spec(
            M::GET,
            "/studies/{id}/aggregate",
            Study(P::Read),
            get(dashboard::aggregate),
        ),
        spec(
            M::GET,
            "/studies/{id}/items/{item_id}",
            Study(P::Read),
            get(dashboard::item),
        ),
        spec(
            M::GET,
            "/studies/{id}/live",
            Study(P::Read),
            get(dashboard::live),
        ),
        spec(
            M::GET,
            "/studies/{id}/thresholds",
            Study(P::Read),
            get(dashboard::threshold_versions),
        ),
        spec(
            M::PUT,
            "/studies/{id}/thresholds",
            Study(P::Coordinate),
            put(dashboard::set_thresholds),
        ),
        spec(
            M::GET,
            "/studies/{id}/interviews",
            Study(P::Read),
            get(interviews::list),
        ),
        spec(
            M::POST,
            "/studies/{id}/interviews",
            Study(P::Interview),
            post(interviews::create),
        ),
        spec(
            M::GET,
            "/interviews/{id}",
            Access::Interview(P::Read),
            get(interviews::get),
        ),
        spec(
            M::PUT,
            "/interviews/{id}/answers/{item_id}",
            Access::Interview(P::Interview),
            put(interviews::put_answer),
        ),
        spec(
            M::POST,
            "/interviews/{id}/answers:batch",
            Access::Interview(P::Interview),
            post(interviews::batch),
        ),
        spec(
            M::GET,
            "/interviews/{id}/answers/{item_id}/history",
            Access::Interview(P::Read),
            get(interviews::history),
        ),
        spec(
            M::GET,
            "/studies/{id}/aspects",
            Study(P::Read),
            get(interviews::aspects),
        ),
        spec(
            M::PATCH,
            "/interviews/{id}",
            Access::Interview(P::Interview),
            patch(interviews::update),
        ),
        spec(
            M::PUT,
            "/interviews/{id}/interviewer",
            Access::Interview(P::Coordinate),
            put(interviews::assign_interviewer),
        ),
        spec(
            M::PUT,
            "/interviews/{id}/fields/{key}",
            Access::Interview(P::Interview),
            put(interviews::put_field),
        ),
        spec(
            M::GET,
            "/interviews/{id}/fields/{key}/history",
            Access::Interview(P::Read),
            get(interviews::field_history),
        ),
        spec(
            M::POST,
            "/studies/{id}/workshops",
            Study(P::Facilitate),
            post(workshops::create),
        ),
        spec(
            M::GET,
            "/studies/{id}/workshops",
            Study(P::Read),
            get(workshops::list),
        ),
        spec(M::POST, "/join", Public, post(workshops::join)),
        spec(
            M::GET,
            "/workshops/{id}",
            Workshop(P::Read),
            get(workshops::get),
        ),
        spec(
            M::GET,
            "/workshops/{id}/me",
            Participant,
            get(workshops::me),
        ),
        spec(
            M::POST,
            "/workshops/{id}/votes",
            Participant,
            post(workshops::vote),
        ),
        spec(
            M::POST,
            "/workshops/{id}/votes:batch",
            Participant,
            post(workshops::vote_batch),
        ),
        spec(
            M::POST,
            "/workshops/{id}/control",
            Workshop(P::Facilitate),
            post(workshops::control),
        ),
        spec(
            M::GET,
            "/workshops/{id}/results",
            Workshop(P::Read),
            get(workshops::results),
        ),
        spec(
            M::GET,
            "/workshops/{id}/qr.svg",
            Workshop(P::Read),
            get(workshops::qr),
        ),
        spec(
            M::GET,
            "/workshops/{id}/live",
            WorkshopAudience,
            get(workshops::live),
        ),
    ]
}

/// The declared routes, for documentation checks and the authorization matrix test.
pub fn route_specs() -> Vec<RouteSpec> {
    routes().into_iter().map(|(s, _)| s).collect()
}

async fn guard(
    State((state, access)): State<(AppState, Access)>,
    params: RawPathParams,
    req: Request,
    next: Next,
) -> Response {
    let principal = Principal::of(req.extensions());
    let scope = params.iter().find(|(k, _)| *k == "id").map(|(_, v)| v);
    match policy::at_the_door(&state.db, &principal, access, scope).await {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

pub fn router(state: AppState) -> Router<AppState> {
    let mut router = Router::new();
    for (spec, handler) in routes() {
        let guarded = handler.route_layer(from_fn_with_state((state.clone(), spec.access), guard));
        router = router.route(spec.path, guarded);
    }
    let document = openapi::Document(std::sync::Arc::new(openapi::spec(&route_specs())));
    router
        .layer(axum::Extension(document))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .fallback(|| async {
            api_error(
                StatusCode::NOT_FOUND,
                ErrorCode::NotFound,
                "no such API route",
            )
        })
}
