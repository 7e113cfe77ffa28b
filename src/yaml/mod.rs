//! YAML with positions: parsing into spanned nodes, and decoding nodes into the model.

pub mod decode;
pub mod node;

pub use decode::{Decoder, Fields, Keyword};
pub use node::{Node, Origin, Value, parse};
