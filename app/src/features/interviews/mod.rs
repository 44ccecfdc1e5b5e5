//! Interview capture. The pages come with the capture-form work; the DTOs are shared now.

pub mod dto;
