//! What holds for many routes, written into the document once rather than on every handler:
//! the refusals that follow from a route's access rule in the route table, the errors any
//! request can meet on its way in (credentials, CSRF, body limits, the database), and the error
//! envelope of every error response. A handler's own description of a status comes first; these
//! add to it.

use http::Method;
use utoipa::ToSchema;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{Content, OpenApi, Ref, Response};

use super::super::route_spec::{PREFIX, RouteSpec};
use crate::auth::cookie;
use crate::auth::policy::Access;
use crate::error::ErrorBody;
use app::domain::access::Permission;

/// Adds to `doc` what the route table and the layers imply for every operation.
pub fn complete(doc: &mut OpenApi, routes: &[RouteSpec]) {
    add_security_schemes(doc);
    for spec in routes {
        let path = format!("{PREFIX}{}", spec.path);
        if let Some(op) = operation_mut(doc, &path, &spec.method) {
            access_refusals(op, spec.access);
        }
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in operations_mut(item) {
            on_the_way_in(op, &method, path);
            error_envelope(op);
        }
    }
}

const SESSION_SCHEME: &str = "session";
const BEARER_SCHEME: &str = "bearer";
const PARTICIPANT_SCHEME: &str = "participant";

fn add_security_schemes(doc: &mut OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        SESSION_SCHEME,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            cookie::SESSION,
            "Set by `POST /api/v1/session`; named `__Host-aansluiting_session` over https",
        ))),
    );
    components.add_security_scheme(
        PARTICIPANT_SCHEME,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            cookie::PARTICIPANT,
            "Set by `POST /api/v1/join`; named `__Host-aansluiting_participant` over https",
        ))),
    );
    components.add_security_scheme(
        BEARER_SCHEME,
        SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
    );
}

fn access_refusals(op: &mut Operation, access: Access) {
    let permission = match access {
        Access::Public => return,
        Access::Participant | Access::WorkshopAudience => {
            return participant_refusals(op, access);
        }
        Access::SignedIn => None,
        Access::Session => return session_refusals(op),
        Access::Study(p) | Access::Interview(p) | Access::Workshop(p) => Some(p),
    };
    op.security = Some(vec![
        SecurityRequirement::new(SESSION_SCHEME, Vec::<String>::new()),
        SecurityRequirement::new(BEARER_SCHEME, Vec::<String>::new()),
    ]);
    add(op, 401, "Not signed in");
    add(
        op,
        403,
        "A workshop participant's session, which cannot do this",
    );
    if let Some(p) = permission.filter(|p| *p != Permission::Read) {
        add(
            op,
            403,
            &format!("The caller's role in the study may not {}", verb(p)),
        );
    }
    match access {
        Access::Study(_) => add(
            op,
            404,
            "No such study, or the caller is not a member of it",
        ),
        Access::Interview(_) => add(
            op,
            404,
            "No such interview, or the caller is not a member of its study",
        ),
        Access::Workshop(_) => add(
            op,
            404,
            "No such workshop, or the caller is not a member of its study",
        ),
        _ => {}
    }
}

/// Routes for a signed-in session only (a token is refused).
fn session_refusals(op: &mut Operation) {
    op.security = Some(vec![SecurityRequirement::new(
        SESSION_SCHEME,
        Vec::<String>::new(),
    )]);
    add(op, 401, "Not signed in");
    add(
        op,
        403,
        "Called with an API token or as a workshop participant (`reason`: `session_required`)",
    );
}

/// Routes for a workshop's participants (their cookie), and for members too where said.
fn participant_refusals(op: &mut Operation, access: Access) {
    let mut schemes = vec![SecurityRequirement::new(
        PARTICIPANT_SCHEME,
        Vec::<String>::new(),
    )];
    if access == Access::WorkshopAudience {
        schemes.push(SecurityRequirement::new(
            SESSION_SCHEME,
            Vec::<String>::new(),
        ));
        schemes.push(SecurityRequirement::new(
            BEARER_SCHEME,
            Vec::<String>::new(),
        ));
    }
    op.security = Some(schemes);
    add(op, 401, "Not joined (no participant cookie)");
    if access == Access::Participant {
        add(
            op,
            403,
            "Signed in with an account: only participants can do this",
        );
    }
    add(
        op,
        404,
        "No such workshop, or the caller's participant cookie is another workshop's",
    );
}

fn verb(p: Permission) -> &'static str {
    match p {
        Permission::Read => "read",
        Permission::Interview => "interview",
        Permission::Facilitate => "facilitate",
        Permission::Coordinate => "coordinate",
    }
}

/// Layers in front of every route: credentials are resolved, CSRF checked, bodies limited, and
/// a request that takes too long is cut off.
fn on_the_way_in(op: &mut Operation, method: &Method, path: &str) {
    add(op, 401, "The bearer token is unknown or revoked");
    if !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        add(
            op,
            403,
            "`cross_origin`: the request carries our cookie but does not come from this site \
             (Origin or Referer)",
        );
    }
    if takes_json_body(op) {
        add(op, 400, "The body is not JSON, or is larger than 2 MiB");
        add(
            op,
            422,
            "The JSON does not have this operation's shape (a missing field, a wrong type)",
        );
    }
    if op.request_body.is_some() {
        add(op, 413, "The body is larger than 16 MiB");
    }
    if op.responses.responses.contains_key("503") {
        // The handler's own 503 (readiness) says it better.
        return;
    }
    let reads_database = path.starts_with(PREFIX)
        && !path.starts_with(&format!("{PREFIX}/reference/"))
        && path != format!("{PREFIX}/openapi.json");
    let unavailable = if reads_database {
        "The database is not available right now, or the request took longer than 30 s"
    } else {
        "The database is not available to check the credentials, or the request took longer \
         than 30 s"
    };
    add(op, 503, unavailable);
    if reads_database {
        add(
            op,
            500,
            "A fault on the server, such as a stored value that does not parse: code `internal`, \
             logged with the request's `x-request-id`",
        );
    }
}

/// Bodies read by the JSON extractor, as opposed to a file upload that may also be XML.
fn takes_json_body(op: &Operation) -> bool {
    op.request_body
        .as_ref()
        .is_some_and(|b| b.content.len() == 1 && b.content.contains_key("application/json"))
}

/// Every error response without a body of its own carries the error envelope.
fn error_envelope(op: &mut Operation) {
    for (status, response) in op.responses.responses.iter_mut() {
        let is_error = status.starts_with('4') || status.starts_with('5');
        if let (true, utoipa::openapi::RefOr::T(r)) = (is_error, response)
            && r.content.is_empty()
        {
            r.content.insert(
                "application/json".into(),
                Content::new(Some(Ref::from_schema_name(ErrorBody::name()))),
            );
        }
    }
}

/// Documents `status` with `description`, or adds the description to the one already there.
fn add(op: &mut Operation, status: u16, description: &str) {
    let entry = op
        .responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| Response::new("").into());
    if let utoipa::openapi::RefOr::T(r) = entry {
        if r.description.is_empty() {
            r.description = description.to_string();
        } else if !r.description.contains(description) {
            r.description = format!("{}; or {}", r.description, uncapitalised(description));
        }
    }
}

fn uncapitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn operation_mut<'a>(
    doc: &'a mut OpenApi,
    path: &str,
    method: &Method,
) -> Option<&'a mut Operation> {
    let item = doc.paths.paths.get_mut(path)?;
    operations_mut(item)
        .into_iter()
        .find(|(m, _)| m == method)
        .map(|(_, op)| op)
}

/// The operations of one path, with their methods.
pub fn operations_mut(item: &mut PathItem) -> Vec<(Method, &mut Operation)> {
    [
        (Method::GET, &mut item.get),
        (Method::PUT, &mut item.put),
        (Method::POST, &mut item.post),
        (Method::DELETE, &mut item.delete),
        (Method::OPTIONS, &mut item.options),
        (Method::HEAD, &mut item.head),
        (Method::PATCH, &mut item.patch),
        (Method::TRACE, &mut item.trace),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_mut().map(|op| (m, op)))
    .collect()
}
