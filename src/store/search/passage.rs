//! The passage of a hit shown under it: where a word of the question first is in its texts,
//! with `<b>` around the words found.

use tantivy::snippet::SnippetGenerator;

/// How much of a hit's texts the passage is looked for in at a time.
const SNIPPET_SPAN: usize = 320;
/// Words of context kept before the first word found.
const SNIPPET_BEFORE: u32 = 8;

/// The byte offset in `text` of its word number `n` (words as the index cuts them: runs of
/// letters and digits, accents and invisible characters inside a word), or its end.
fn word_offset(text: &str, n: u32) -> usize {
    let mut count = 0u32;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let letter = c.is_alphanumeric() || super::is_mark(c);
        if letter && !in_word {
            if count == n {
                return i;
            }
            count += 1;
        }
        in_word = letter;
    }
    text.len()
}

/// The passage of `text` where the question's words are, with `<b>` around them. `at` is the
/// position of the first word found (from the postings): the passage is looked for in a span
/// that starts a few words before it, and, should that miss, span by span from the start
/// (cut between words). Cutting every word of a long text (stemming included) cost a
/// millisecond a hit; the first place a word is found is the passage a reader wants.
pub(super) fn snippet(generator: &SnippetGenerator, text: &str, at: u32) -> String {
    let from = word_offset(text, at.saturating_sub(SNIPPET_BEFORE));
    if let Some(found) = first_span(generator, &text[from..], 1) {
        return found;
    }
    first_span(generator, text, usize::MAX).unwrap_or_default()
}

/// The passage of the first of at most `spans` spans of `text` that holds a word.
fn first_span(generator: &SnippetGenerator, text: &str, spans: usize) -> Option<String> {
    let mut rest = text;
    for _ in 0..spans {
        if rest.is_empty() {
            break;
        }
        let mut end = rest.len().min(SNIPPET_SPAN);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        // To the end of the word cut.
        end += rest[end..]
            .find(char::is_whitespace)
            .unwrap_or(rest.len() - end);
        let found = generator.snippet(&rest[..end]);
        if !found.highlighted().is_empty() {
            return Some(found.to_html());
        }
        rest = &rest[end..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_the_index_cuts_them() {
        let text = "L'accès à l\u{2019}eau, 2024 : e\u{301}coles";
        assert_eq!(word_offset(text, 0), 0);
        assert_eq!(
            &text[word_offset(text, 1)..],
            "accès à l\u{2019}eau, 2024 : e\u{301}coles"
        );
        assert_eq!(&text[word_offset(text, 4)..], "eau, 2024 : e\u{301}coles");
        assert_eq!(&text[word_offset(text, 6)..], "e\u{301}coles");
        assert_eq!(word_offset(text, 7), text.len());
    }
}
