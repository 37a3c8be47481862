//! Delivering or checking a bundle once `publish` has built it: none of these builds one.
//!
//! - [`upload`]: the udata API v1 client (data.gouv.fr; dry run by default);
//! - [`push`]: every graph to another triple store (SPARQL 1.1 Graph Store Protocol);
//! - [`verify`]: what whoever holds a downloaded bundle can check by themselves.

pub mod push;
pub mod upload;
pub mod verify;
