//! Pure rules shared by server and browser: no I/O, no framework types.

pub mod rating;
pub mod verdict;
