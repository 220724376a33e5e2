//! Diagnostics: what is wrong (or suspicious) in a map file, where, and why.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The map cannot be used as written.
    Error,
    /// The map works but probably does not say what its author meant.
    Warning,
}

/// One finding about a map file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, naming the ids involved.
    pub message: String,
    /// The file the finding is about.
    pub file: Option<PathBuf>,
    /// 1-based line in `file`, when known.
    pub line: Option<usize>,
    /// 1-based column in `file`, when known.
    pub column: Option<usize>,
    /// The text of the offending line, when known.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error about `file` with no position.
    pub fn error(file: Option<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            file,
            line: None,
            column: None,
            source_line: None,
        }
    }

    /// A warning about `file` with no position.
    pub fn warning(file: Option<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    /// The same finding placed at 1-based `line` and `column`, showing
    /// `source_line` (the text of that line) under the message.
    pub fn at(mut self, line: usize, column: usize, source_line: impl Into<String>) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self.source_line = Some(source_line.into());
        self
    }

    /// True for an error, false for a warning.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Severity {
    /// The severity's name as printed ("error", "warning").
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.severity.label())?;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let (Some(text), Some(line)) = (&self.source_line, self.line) {
            let (shown, caret) = excerpt_line(text, self.column.unwrap_or(1).saturating_sub(1));
            let gutter = line.to_string().len();
            write!(f, "\n{:gutter$} |\n{line} | {shown}", "")?;
            if self.column.is_some() {
                let pad: String = shown
                    .chars()
                    .take(caret)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n{:gutter$} | {pad}^", "")?;
            }
        }
        Ok(())
    }
}

/// Longest source line shown whole under a diagnostic, in characters.
const MAX_SHOWN_CHARS: usize = 100;

/// The part of `text` to show so that 0-based character `column` is in
/// view, and where `column` falls in what is shown. Long lines (a minified
/// file, a binary one) are cut to a window marked with `…` at the cut ends.
fn excerpt_line(text: &str, column: usize) -> (String, usize) {
    let len = text.chars().count();
    if len <= MAX_SHOWN_CHARS {
        return (text.to_owned(), column);
    }
    let start = column
        .saturating_sub(MAX_SHOWN_CHARS / 2)
        .min(len - MAX_SHOWN_CHARS);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(text.chars().skip(start).take(MAX_SHOWN_CHARS));
    if start + MAX_SHOWN_CHARS < len {
        shown.push('…');
    }
    (shown, column - start + usize::from(start > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_line_with_a_caret() {
        let d = Diagnostic::error(Some("m.ron".into()), "expected `:`").at(12, 5, "    id \"a\",");
        assert_eq!(
            d.to_string(),
            "error: m.ron:12:5: expected `:`\n   |\n12 |     id \"a\",\n   |     ^"
        );
    }

    #[test]
    fn cuts_long_lines_around_the_column() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::warning(None, "here").at(1, 501, line);
        let text = d.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "warning: here");
        let shown = lines[2].trim_start_matches("1 | ");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().count(), MAX_SHOWN_CHARS + 2);
        let caret = lines[3].trim_start_matches("  | ").chars().count() - 1;
        assert_eq!(shown.chars().nth(caret), Some('X'));
    }
}
