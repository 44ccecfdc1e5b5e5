//! Accounts: who they are, and (in the submodules) signing in, sessions, tokens and passwords.

mod passwords;
mod sessions;
mod sign_in;
mod tokens;
pub mod users;

pub use passwords::{change_password, set_password};
pub use sessions::{revoke_session, sessions, sign_out, sign_out_everywhere};
pub use sign_in::sign_in;
pub use tokens::{create_token, revoke_token, tokens};
pub use users::{
    MAX_EMAIL, MAX_PASSWORD, check_email, create_user, find_by_email, names_of, normalise_email,
    whoami,
};
