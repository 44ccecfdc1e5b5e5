//! `column IN (…)` for a list whose length varies from call to call.
//!
//! On PostgreSQL the list travels as one array parameter (`= ANY($1)`): the statement's text is
//! then the same for two values or two hundred, so each connection prepares it once instead of
//! once per list length. SQLite has no array parameters and prepares in-process, cheaply.

use sea_orm::sea_query::extension::postgres::PgFunc;
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{ColumnTrait, DbBackend};

/// `column` is one of `values`.
pub fn one_of<C, V>(
    backend: DbBackend,
    column: C,
    values: impl IntoIterator<Item = V>,
) -> SimpleExpr
where
    C: ColumnTrait,
    V: Into<String>,
{
    let values: Vec<String> = values.into_iter().map(Into::into).collect();
    match backend {
        DbBackend::Postgres => Expr::col(column).eq(PgFunc::any(Expr::val(values))),
        _ => column.is_in(values),
    }
}
