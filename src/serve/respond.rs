//! Building answers: plain-text errors (every refusal says why), bodies with their media
//! type, RDF serialised with the project's prefixes, and [`Failure`], what a handler meets
//! that is not the client's fault.

use super::negotiate;
use crate::vocab;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oxigraph::io::RdfSerializer;
use oxigraph::model::Triple;
use oxigraph::store::StorageError;

/// What goes wrong on the server's side while answering: 500 with the cause, never a page
/// with parts silently missing.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Reading the store failed.
    #[error("the store could not be read: {0}")]
    Storage(#[from] StorageError),
    /// Serialising an answer failed.
    #[error("the answer could not be written: {0}")]
    Write(#[from] std::io::Error),
    /// Describing the store (VoID) failed.
    #[error(transparent)]
    Describe(#[from] crate::store::describe::DescribeError),
    /// A background task stopped.
    #[error("a task of the server stopped: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        error_response(StatusCode::INTERNAL_SERVER_ERROR, self.to_string())
    }
}

/// A plain-text error answer (every refusal carries a message saying why).
pub fn error_response(status: StatusCode, message: impl Into<String>) -> Response {
    let mut message = message.into();
    if !message.ends_with('\n') {
        message.push('\n');
    }
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        message,
    )
        .into_response()
}

/// A 200 answer of media type `media`, varying with `Accept`.
pub fn body_response(media: &str, body: impl Into<axum::body::Bytes>) -> Response {
    let mut r = (StatusCode::OK, body.into()).into_response();
    if let Ok(v) = HeaderValue::from_str(&negotiate::content_type(media)) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    r
}

/// Serialises triples in `format` with the project's prefixes.
pub fn triples_body(
    triples: &[Triple],
    format: oxigraph::io::RdfFormat,
) -> Result<Vec<u8>, std::io::Error> {
    let mut ser = RdfSerializer::from_format(format);
    for (p, ns) in vocab::PREFIXES.iter().chain(vocab::DESCRIPTION_PREFIXES) {
        ser = ser
            .with_prefix(*p, *ns)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    }
    let mut out = Vec::new();
    let mut w = ser.for_writer(&mut out);
    for t in triples {
        w.serialize_triple(t)?;
    }
    w.finish()?;
    Ok(out)
}

/// An RDF answer negotiated among [`negotiate::GRAPHS`], or 406.
pub fn rdf_response(triples: &[Triple], accept: Option<&str>) -> Response {
    let chosen = negotiate::choose(accept, negotiate::GRAPHS)
        .and_then(|m| negotiate::rdf_format(m).map(|f| (m, f)));
    let Some((media, format)) = chosen else {
        return error_response(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "none of the types in Accept is available here; available: {}",
                negotiate::GRAPHS.join(", ")
            ),
        );
    };
    match triples_body(triples, format) {
        Ok(body) => body_response(media, body),
        Err(e) => Failure::Write(e).into_response(),
    }
}

/// The `Accept` header, when it is text.
pub fn accept(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok())
}
