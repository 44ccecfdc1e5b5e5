//! Business logic, one module per feature. REST routes and server functions both call these;
//! nothing else touches the database.

pub mod codebooks;
pub mod status;
