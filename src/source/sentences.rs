//! Splitting running text into sentences.
//!
//! The boundaries are Unicode's (UAX #29, from the unicode-segmentation
//! crate), which already keep "e.g. the" together because a lowercase word
//! follows. Two things are added on top: a boundary after a common
//! abbreviation or an initial ("Dr. Smith", "J. Doe") is dropped, and a
//! piece without a letter or digit (a lone dash, an ellipsis) joins its
//! neighbour instead of counting as a sentence.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation as _;

/// Abbreviations after which a full stop does not end a sentence, in
/// lowercase. Words that often end a sentence ("etc.", "Inc.") are left
/// out on purpose.
const ABBREVIATIONS: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "sr.", "jr.", "rev.", "gen.", "col.", "lt.",
    "sgt.", "capt.", "hon.", "vs.", "e.g.", "i.e.", "cf.", "no.", "nos.", "fig.", "figs.", "vol.",
    "pp.", "p.", "ed.", "eds.", "al.", "approx.", "ca.", "ch.", "sec.", "art.", "para.",
];

/// The sentences of `text`, as byte ranges that start and end on
/// non-blank characters, in order.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut join_next = false;
    let mut last_has_word = true;
    for (start, piece) in text.split_sentence_bound_indices() {
        let begin = start + (piece.len() - piece.trim_start().len());
        let end = start + piece.trim_end().len();
        if begin >= end {
            continue;
        }
        let has_word = text[begin..end].chars().any(char::is_alphanumeric);
        match out.last_mut() {
            Some(last) if join_next || !has_word || !last_has_word => {
                last.end = end;
                last_has_word |= has_word;
            }
            _ => {
                out.push(begin..end);
                last_has_word = has_word;
            }
        }
        join_next = out
            .last()
            .is_some_and(|last| ends_with_abbreviation(&text[last.clone()]));
    }
    out
}

/// True when `sentence` ends with an abbreviation or an initial, so the
/// boundary after it is no real sentence end.
fn ends_with_abbreviation(sentence: &str) -> bool {
    let Some(word) = sentence.split_whitespace().last() else {
        return false;
    };
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if !word.ends_with('.') {
        return false;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // An initial: one capital letter and a full stop ("J.").
    let mut chars = word.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(c), Some('.'), None) if c.is_uppercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(
            split("One thing.  Another thing? Yes! And so on"),
            ["One thing.", "Another thing?", "Yes!", "And so on"]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            split("Dr. Smith met J. R. Doe, e.g. at noon. Then they left."),
            ["Dr. Smith met J. R. Doe, e.g. at noon.", "Then they left."]
        );
        assert_eq!(
            split("See fig. 3 (cf. Table 2). It shows growth."),
            ["See fig. 3 (cf. Table 2).", "It shows growth."]
        );
    }

    #[test]
    fn numbers_and_punctuation_only_pieces() {
        assert_eq!(
            split("It rose by 3.5 percent. … Then it fell."),
            ["It rose by 3.5 percent.", "… Then it fell."]
        );
        assert_eq!(split("Really? ?! Yes."), ["Really? ?!", "Yes."]);
        assert_eq!(split("   "), Vec::<&str>::new());
    }
}
