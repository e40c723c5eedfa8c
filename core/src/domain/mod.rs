//! Plain domain types, validation and the pure helpers they need (text folding, time, ids).

pub mod ids;
pub mod input;
pub mod limits;
pub mod model;
pub mod text;
pub mod time;
