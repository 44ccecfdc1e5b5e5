//! Pure rules shared by server and browser: no I/O, no framework types.

pub mod access;
pub mod codebook;
pub mod ids;
pub mod interview_fields;
pub mod rating;
pub mod reference;
pub mod rollup;
pub mod tally;
pub mod verdict;
pub mod workshop;
