//! Signing in and out, sessions and tokens.

use app::features::account::api::*;

use super::table::Table;
use crate::auth::cookie;
use crate::auth::policy::Access;
use crate::services::{Ctx, accounts};

pub(super) fn routes(t: &mut Table) {
    t.add(Access::Public, |ctx, _: Whoami| async move {
        accounts::whoami(&ctx)
    });
    t.add(Access::Public, |ctx, a: SignIn| async move {
        let (user, token) = accounts::sign_in(&ctx, &a.email, &a.password).await?;
        let name = cookie::session_name(&ctx.auth);
        let max_age = ctx.auth.absolute_timeout.as_secs();
        set_cookie(cookie::set(&ctx.auth, name, &token, max_age));
        Ok(user)
    });
    t.add(Access::SignedIn, |ctx, _: SignOut| async move {
        accounts::sign_out(&ctx).await?;
        clear_cookie(&ctx);
        Ok(())
    });
    t.add(Access::SignedIn, |ctx, _: SignOutEverywhere| async move {
        let n = accounts::sign_out_everywhere(&ctx).await?;
        clear_cookie(&ctx);
        Ok(n)
    });
    t.add(Access::SignedIn, |ctx, _: ListSessions| async move {
        accounts::sessions(&ctx).await
    });
    t.add(Access::SignedIn, |ctx, a: RevokeSession| async move {
        accounts::revoke_session(&ctx, a.id).await
    });
    t.add(Access::SignedIn, |ctx, _: ListTokens| async move {
        accounts::tokens(&ctx).await
    });
    t.add(Access::Session, |ctx, a: CreateToken| async move {
        accounts::create_token(&ctx, &a.request).await
    });
    t.add(Access::SignedIn, |ctx, a: RevokeToken| async move {
        accounts::revoke_token(&ctx, a.id).await
    });
    t.add(Access::Session, |ctx, a: ChangePassword| async move {
        accounts::change_password(&ctx, &a.current_password, &a.new_password).await
    });
}

fn clear_cookie(ctx: &Ctx) {
    set_cookie(cookie::clear(&ctx.auth, cookie::session_name(&ctx.auth)));
}

/// Server functions set cookies through the Leptos response options of their request.
fn set_cookie(value: String) {
    if let (Some(resp), Ok(v)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&value),
    ) {
        resp.append_header(http::header::SET_COOKIE, v);
    }
}
