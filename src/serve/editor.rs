//! What the query editor completes from, all from this server: `/editor/prefixes.json` (the
//! prefixes of our dumps, of the dataset descriptions and of the example queries, in the
//! prefix.cc format YASGUI reads) and `/editor/vocabulary.json` (the classes and properties the
//! store holds, read from the VoID partitions).

use super::describe::void_of;
use super::state::Shared;
use crate::vocab::void;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use oxigraph::model::Term;

fn json(value: &serde_json::Value) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        value.to_string(),
    )
        .into_response()
}

/// `GET /editor/prefixes.json`.
pub async fn prefixes_json(State(state): State<Shared>) -> Response {
    json(&serde_json::json!(super::examples::prefixes(
        &state.options.queries
    )))
}

/// `GET /editor/vocabulary.json`: `{"classes": [...], "properties": [...]}`, IRIs sorted.
pub async fn vocabulary_json(State(state): State<Shared>) -> Response {
    let triples = match void_of(&state).await {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    let objects = |p: oxigraph::model::NamedNodeRef<'_>| -> Vec<&str> {
        let mut v: Vec<&str> = triples
            .iter()
            .filter(|t| t.predicate.as_ref() == p)
            .filter_map(|t| match &t.object {
                Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    json(&serde_json::json!({
        "classes": objects(void::CLASS),
        "properties": objects(void::PROPERTY),
    }))
}
