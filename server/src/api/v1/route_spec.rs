//! What the route table says of each REST route, apart from its handler: read by the router's
//! access guard, the OpenAPI document and the authorization tests.

use http::Method;

use crate::auth::policy::Access;

pub const PREFIX: &str = "/api/v1";

/// One REST route: method, path below [`PREFIX`], and who may call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}
