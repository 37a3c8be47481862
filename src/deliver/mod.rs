//! Delivering or checking a bundle once `publish` has built it: none of these builds one.
//!
//! - [`upload`]: the udata API v1 client (data.gouv.fr; dry run by default);
//! - [`push`]: every graph to another triple store (SPARQL 1.1 Graph Store Protocol);
//! - [`verify`]: what whoever holds a downloaded bundle can check by themselves.

pub mod push;
pub mod upload;
pub mod verify;

/// Whether an error (or one of its causes) is a delivery that may complete when run again: the
/// server gave no answer, a 429 or a 5xx, after the retries. What was sent is not sent twice by
/// the next run (uploads compare checksums, graphs are replaced).
pub fn transient(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(e) = cause {
        let found = e
            .downcast_ref::<upload::UploadError>()
            .map(upload::UploadError::transient)
            .or_else(|| {
                e.downcast_ref::<push::PushError>()
                    .map(push::PushError::transient)
            })
            .or_else(|| {
                e.downcast_ref::<crate::http::HttpError>()
                    .map(crate::http::HttpError::transient)
            });
        if let Some(t) = found {
            return t;
        }
        cause = e.source();
    }
    false
}
