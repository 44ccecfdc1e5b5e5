//! sea-orm entities, one module per table.

pub mod codebook;
pub mod codebook_node;
