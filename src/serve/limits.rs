//! What keeps a query text from outside from stopping the server: a cheap scan of its shape
//! before it is parsed, and the large stack the parser and the evaluator run on.
//!
//! The SPARQL parser, the optimiser and the evaluator all recurse on the query's tree: a
//! query nested thousands deep (`((((...))))`, `!!!!...x`, `{{{{...}}}}`, `p/(q/(r/...))`) or
//! chaining thousands of operators at one level (`?a + ?b + ...`, `{..} UNION {..} ...`:
//! each becomes one more level of a left-deep tree) would exhaust a thread's stack, and a
//! stack overflow aborts the whole process. So a text is refused (400) past
//! [`MAX_DEPTH`] or [`MAX_WEIGHT`], measured by [`shape`] without parsing; and what is
//! accepted is parsed and evaluated on threads of [`STACK_BYTES`] (see [`on_large_stack`]),
//! far more than the deepest accepted query needs.

use std::future::Future;

/// The deepest nesting accepted: brackets (`(`, `{`, `[`) plus runs of unary operators (`!`,
/// unary `-` and `+`) inside them.
pub const MAX_DEPTH: usize = 64;

/// The largest weight accepted (see [`Shape::weight`]): a query of a few hundred triple
/// patterns, filters and operators is far below it.
pub const MAX_WEIGHT: usize = 4096;

/// The most join operands a query may have, all groups together (see [`Shape::patterns`]).
/// Oxigraph plans the order of a group's joins before evaluating, in time that grows with
/// the fourth power of their number and that no timeout interrupts: measured on the example
/// store, 100 triple patterns of one subject took 1.5 s to plan, 200 took 25 s.
pub const MAX_PATTERNS: usize = 100;

/// The stack of the threads that parse and evaluate queries and updates. Queries at the limits
/// (chains of 1,000 operators, 64 levels) parse and evaluate on it in the tests; how much of it
/// they touch was not measured. Untouched pages cost no memory, only address space.
pub const STACK_BYTES: usize = 256 << 20;

/// How deep a query text goes, measured on its characters (strings, IRIs and comments do not
/// count).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// The deepest nesting of brackets and unary operators.
    pub depth: usize,
    /// The largest sum, over the levels open at one point, of one per level plus what came
    /// before at that level (operators, separators, bracketed groups) plus unary operators
    /// pending: a bound of the depth of the tree the parser builds, chains of binary
    /// operators included.
    pub weight: usize,
    /// Join operands, all levels together: triple patterns (`.`, `;`, and `,` outside
    /// parentheses), groups (`{`), blank nodes (`[`) and path steps (`/`, `|`).
    pub patterns: usize,
}

#[derive(Default)]
struct Level {
    items: usize,
    unary: usize,
    /// The bracket that opened it (0 for the text itself).
    kind: u8,
}

/// Characters that may not appear inside an IRI reference (SPARQL's IRIREF).
fn iri_char(b: u8) -> bool {
    b > 0x20
        && !matches!(
            b,
            b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\'
        )
}

fn name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'?' | b'$' | b'@') || b >= 0x80
}

/// Skips a string starting at `i` (its opening quote); returns the index after it.
fn skip_string(t: &[u8], i: usize) -> usize {
    let q = t[i];
    let long = t.get(i + 1) == Some(&q) && t.get(i + 2) == Some(&q);
    let mut j = if long { i + 3 } else { i + 1 };
    while j < t.len() {
        match t[j] {
            b'\\' => j += 2,
            c if c == q => {
                if !long {
                    return j + 1;
                }
                if t.get(j + 1) == Some(&q) && t.get(j + 2) == Some(&q) {
                    return j + 3;
                }
                j += 1;
            }
            _ => j += 1,
        }
    }
    t.len()
}

/// The shape of a query or update text, in one pass.
pub fn shape(text: &str) -> Shape {
    let t = text.as_bytes();
    let mut levels = vec![Level::default()];
    // Running sums over `levels`, so that each step is O(1).
    let (mut unary_sum, mut weight) = (0usize, 1usize);
    let mut out = Shape {
        depth: 0,
        weight: 1,
        patterns: 0,
    };
    // Whether the last token ends an operand: then `+` and `-` are binary.
    let mut after_operand = false;
    let mut i = 0;
    while i < t.len() {
        let b = t[i];
        let top = levels.len() - 1;
        let mut operand = false;
        match b {
            b'"' | b'\'' => {
                i = skip_string(t, i);
                operand = true;
            }
            b'#' => {
                while i < t.len() && t[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'<' => {
                let mut j = i + 1;
                while j < t.len() && iri_char(t[j]) {
                    j += 1;
                }
                if t.get(j) == Some(&b'>') {
                    i = j + 1;
                    operand = true;
                } else {
                    i += 1;
                }
            }
            b'(' | b'{' | b'[' => {
                levels[top].items += 1;
                if b != b'(' {
                    out.patterns += 1;
                }
                levels.push(Level {
                    kind: b,
                    ..Level::default()
                });
                weight += 2;
                i += 1;
            }
            b')' | b'}' | b']' => {
                if levels.len() > 1 {
                    let l = levels.pop().unwrap_or_default();
                    unary_sum -= l.unary;
                    weight -= 1 + l.items + l.unary;
                }
                i += 1;
                operand = true;
            }
            b'!' if t.get(i + 1) != Some(&b'=') => {
                levels[top].unary += 1;
                unary_sum += 1;
                weight += 1;
                i += 1;
            }
            b'-' | b'+' if !after_operand => {
                levels[top].unary += 1;
                unary_sum += 1;
                weight += 1;
                i += 1;
            }
            b'.' if i > 0 && name_char(t[i - 1]) && t.get(i + 1).is_some_and(|c| name_char(*c)) => {
                // Inside a number or a prefixed name.
                i += 1;
                operand = true;
            }
            b'|' | b'&' | b'*' | b'/' | b'+' | b'-' | b'.' | b';' | b',' => {
                levels[top].items += 1;
                weight += 1;
                let double = matches!(b, b'|' | b'&') && t.get(i + 1) == Some(&b);
                if matches!(b, b'.' | b';' | b'/')
                    || (b == b',' && levels[top].kind != b'(')
                    || (b == b'|' && !double)
                {
                    out.patterns += 1;
                }
                // `||` and `&&` are one operator.
                i += if double { 2 } else { 1 };
            }
            c if name_char(c) => {
                while i < t.len() && (name_char(t[i]) || t[i] == b'-') {
                    i += 1;
                }
                operand = true;
            }
            _ => i += 1,
        }
        if operand {
            // The operand closes the unary operators before it.
            let top = levels.len() - 1;
            unary_sum -= levels[top].unary;
            weight -= levels[top].unary;
            levels[top].unary = 0;
        }
        if !b.is_ascii_whitespace() {
            after_operand = operand;
        }
        out.depth = out.depth.max(levels.len() - 1 + unary_sum);
        out.weight = out.weight.max(weight);
    }
    out
}

/// Refuses a text (`what`: "query" or "update") too deep or too heavy to parse safely, with a
/// message that says which limit and how to stay under it.
pub fn check(text: &str, what: &str) -> Result<(), String> {
    let s = shape(text);
    if s.depth > MAX_DEPTH {
        return Err(format!(
            "the {what} is nested {} levels deep (brackets, braces, parentheses and unary operators such as `!` and `-`, outside strings and comments); this server accepts {MAX_DEPTH}",
            s.depth
        ));
    }
    if s.patterns > MAX_PATTERNS {
        return Err(format!(
            "the {what} has {} triple patterns, groups and path steps; this server accepts {MAX_PATTERNS} (planning the order of more joins takes seconds that no timeout can interrupt); split it into smaller queries",
            s.patterns
        ));
    }
    if s.weight > MAX_WEIGHT {
        return Err(format!(
            "the {what} is too long a chain to evaluate safely: its operators, patterns and groups weigh {} where this server accepts {MAX_WEIGHT} (each operator, separator or group counts one at its level, and the levels around it add up); split it into smaller queries",
            s.weight
        ));
    }
    Ok(())
}

/// The task running on the large stack stopped without an answer (it panicked).
#[derive(Debug, thiserror::Error)]
#[error("a query thread stopped abnormally")]
pub struct ThreadLost;

/// The name of the threads that parse query texts.
pub const PARSE_THREAD: &str = "atlas-lod-parse";
/// The name of the threads that evaluate queries and updates (one per running evaluation:
/// what holds a `--max-concurrent` slot).
pub const QUERY_THREAD: &str = "atlas-lod-query";

/// Runs `job` on a new thread named `name`, of [`STACK_BYTES`], and awaits its result without
/// blocking the runtime.
pub fn on_large_stack<T: Send + 'static>(
    name: &str,
    job: impl FnOnce() -> T + Send + 'static,
) -> impl Future<Output = Result<T, ThreadLost>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name(name.into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            let _ = tx.send(job());
        });
    async move {
        spawned.map_err(|_| ThreadLost)?;
        rx.await.map_err(|_| ThreadLost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_and_unary_runs_count_but_strings_iris_and_comments_do_not() {
        assert_eq!(shape("ASK { ?s ?p ?o }").depth, 1);
        assert_eq!(shape("ASK { FILTER(!!!true) }").depth, 5);
        assert_eq!(shape("ASK { FILTER(!(!(true))) }").depth, 6);
        assert_eq!(shape("ASK { FILTER(- - -1 < 2) }").depth, 5);
        // Binary operators and `!=` are not nesting.
        assert_eq!(shape("ASK { FILTER(?a - ?b != -1) }").depth, 3);
        let quoted = format!(
            "ASK {{ ?s ?p \"{}\" , '''{}''' , <http://e/{}> }} # {}\n",
            "(((!!!".repeat(100),
            "{{{---".repeat(100),
            "((((",
            "{{{{".repeat(100)
        );
        assert_eq!(shape(&quoted).depth, 1);
        // A comparison is not an IRI.
        assert_eq!(shape("ASK { FILTER(?a < (?b) && ?c > ?d) }").depth, 3);
    }

    #[test]
    fn chains_weigh_and_deep_or_long_texts_are_refused() {
        let ok = "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a.b ?o . ?o ex:p 1.5 ; ex:q ?x , ?y OPTIONAL { ?x ex:r ?z } FILTER(?z > 3 && ?z < 10) }";
        assert!(check(ok, "query").is_ok());
        let sum = format!("ASK {{ FILTER({}1 > 0) }}", "1 + ".repeat(10_000));
        let s = shape(&sum);
        assert!(s.weight > 10_000 && s.depth < 5, "{s:?}");
        assert!(check(&sum, "query").unwrap_err().contains("chain"));
        let deep = format!("ASK {{ FILTER({}true) }}", "!".repeat(5000));
        assert!(
            check(&deep, "query")
                .unwrap_err()
                .contains("nested 5002 levels")
        );
        let unions = "{ ?s ?p ?o } UNION ".repeat(5000);
        assert!(check(&format!("SELECT * {{ {unions} {{}} }}"), "update").is_err());
    }

    #[test]
    fn the_bundled_queries_are_within_the_limits_and_join_operands_are_counted() {
        for q in crate::serve::examples::bundled_queries() {
            assert!(
                check(&q.text, "query").is_ok(),
                "{}: {:?}",
                q.name,
                shape(&q.text)
            );
        }
        let star = |n: usize| {
            let p: Vec<String> = (0..n).map(|i| format!("<http://e/p{i}> ?o{i}")).collect();
            format!("ASK {{ ?s {} }}", p.join(" ; "))
        };
        assert_eq!(shape(&star(100)).patterns, 100);
        assert!(check(&star(100), "query").is_ok());
        assert!(
            check(&star(101), "query")
                .unwrap_err()
                .contains("101 triple patterns")
        );
        // Commas inside parentheses (IN lists, arguments) and numbers are not patterns.
        let list: Vec<String> = (0..1000).map(|i| format!("{i}.5")).collect();
        let q = format!("ASK {{ FILTER(1 IN ({})) }}", list.join(", "));
        assert_eq!(shape(&q).patterns, 1);
    }

    #[tokio::test]
    async fn the_large_stack_runs_and_returns() {
        assert_eq!(on_large_stack(PARSE_THREAD, || 6 * 7).await.unwrap(), 42);
    }
}
