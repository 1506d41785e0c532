//! Diagnostics shared by every stage.
//!
//! A bad schema is not an `Err`: a stage pushes a [`Diagnostic`] into the
//! [`Sink`], substitutes something safe (usually `serde_json::Value`) and
//! carries on, so one run reports every problem it can find. The driver in
//! `lib.rs` decides after which stages errors stop the pipeline.
//!
//! Invariant: every diagnostic names a file (relative to the schemas root) and
//! a JSON pointer into it; output order is by location, so it is deterministic.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation cannot produce correct code; nothing is written.
    Error,
    /// Code was generated, but something was ignored or mapped lossily.
    Warning,
}

/// One problem found in the input, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable, kebab-case identifier of the kind of problem (`dangling-ref`).
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The source file, relative to the schemas root, with `/` separators.
    pub file: String,
    /// JSON pointer to the offending value inside `file` (`""` is the root).
    pub pointer: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when that is known.
    pub hint: Option<String>,
    /// 1-based line and column, for errors found before any pointer
    /// exists (a file that does not parse).
    pub position: Option<(usize, usize)>,
}

impl Diagnostic {
    /// Attaches a hint saying how to fix the problem.
    pub fn hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches a 1-based line and column.
    pub fn at(&mut self, line: usize, column: usize) -> &mut Self {
        self.position = Some((line, column));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}[{}]: {}", self.code, self.message)?;
        write!(f, "\n  --> {}#{}", self.file, self.pointer)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics from the stages of one run.
#[derive(Debug, Default)]
pub struct Sink {
    diagnostics: Vec<Diagnostic>,
    demoted: &'static [&'static str],
}

impl Sink {
    /// From now on, errors with these codes are recorded as warnings (for
    /// documents nobody here can edit; see `Config::lenient`).
    pub fn demote(&mut self, codes: &'static [&'static str]) {
        self.demoted = codes;
    }

    /// Records an error at `file#pointer` (a warning if its code is
    /// demoted).
    pub fn error(
        &mut self,
        code: &'static str,
        file: &str,
        pointer: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let severity = if self.demoted.contains(&code) {
            Severity::Warning
        } else {
            Severity::Error
        };
        self.push(severity, code, file, pointer, message.into())
    }

    /// Records a warning at `file#pointer`.
    pub fn warning(
        &mut self,
        code: &'static str,
        file: &str,
        pointer: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Warning, code, file, pointer, message.into())
    }

    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        file: &str,
        pointer: &str,
        message: String,
    ) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic {
            code,
            severity,
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message,
            hint: None,
            position: None,
        });
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Whether any error (not warning) has been recorded.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Consumes the sink, returning its diagnostics sorted by location, with
    /// exact repeats removed.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.diagnostics.sort_by(|a, b| {
            (&a.file, &a.pointer, a.severity, a.code, &a.message)
                .cmp(&(&b.file, &b.pointer, b.severity, b.code, &b.message))
        });
        self.diagnostics.dedup();
        self.diagnostics
    }
}

/// Renders diagnostics as a person reads them: the message, the file with
/// line and column, the source line with the spot marked, and the hint.
/// Falls back to the plain form when the source or the spot is unknown, or
/// when the line is too long to show (a minified document).
pub fn render(diagnostics: &[Diagnostic], sources: &[crate::load::Source]) -> String {
    use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
    use codespan_reporting::files::SimpleFiles;
    use codespan_reporting::term;

    const MAX_SNIPPET_WIDTH: usize = 240;
    const MAX_SHOWN: usize = 200;

    if diagnostics.len() > MAX_SHOWN {
        // Past a few hundred, more of the same helps nobody, and rendering
        // them all would take longer than the run. Errors go first, so
        // none hides behind warnings.
        let mut chosen: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .chain(
                diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Warning),
            )
            .take(MAX_SHOWN)
            .cloned()
            .collect();
        chosen.sort_by(|a, b| {
            (a.severity, &a.file, &a.pointer).cmp(&(b.severity, &b.file, &b.pointer))
        });
        let rest = diagnostics.len() - MAX_SHOWN;
        let mut shown = render(&chosen, sources);
        shown.push_str(&format!("... and {rest} more diagnostic(s)\n"));
        return shown;
    }

    let mut files = SimpleFiles::new();
    let ids: Vec<usize> = sources
        .iter()
        .map(|s| files.add(s.path.clone(), s.text.clone()))
        .collect();
    let config = term::Config::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let source = sources.iter().position(|s| s.path == diagnostic.file);
        let span = source.and_then(|i| {
            let text = &sources[i].text;
            match diagnostic.position {
                Some((line, column)) => Some(crate::source_map::char_at(
                    text,
                    crate::source_map::offset_of(text, line, column),
                )),
                None => crate::source_map::locate(&diagnostic.file, text, &diagnostic.pointer),
            }
        });
        let rendered = match (source, span) {
            (Some(i), Some(span)) => {
                let text = &sources[i].text;
                let line_start = text[..span.start].rfind('\n').map_or(0, |n| n + 1);
                let line_end = text[span.start..]
                    .find('\n')
                    .map_or(text.len(), |n| span.start + n);
                if line_end - line_start > MAX_SNIPPET_WIDTH {
                    let line = text[..span.start].matches('\n').count() + 1;
                    let column = span.start - line_start + 1;
                    let mut plain = diagnostic.clone();
                    plain.file = format!("{}:{line}:{column}", diagnostic.file);
                    Some(format!("{plain}\n\n"))
                } else {
                    let report = match diagnostic.severity {
                        Severity::Error => Report::error(),
                        Severity::Warning => Report::warning(),
                    };
                    let label = if diagnostic.pointer.is_empty() {
                        String::new()
                    } else {
                        format!("#{}", diagnostic.pointer)
                    };
                    let report = report
                        .with_code(diagnostic.code)
                        .with_message(&diagnostic.message)
                        .with_labels(vec![Label::primary(ids[i], span).with_message(label)])
                        .with_notes(
                            diagnostic
                                .hint
                                .iter()
                                .map(|h| format!("hint: {h}"))
                                .collect(),
                        );
                    term::emit_into_string(&config, &files, &report).ok()
                }
            }
            _ => None,
        };
        match rendered {
            Some(text) => out.push_str(&text),
            None => {
                out.push_str(&diagnostic.to_string());
                out.push('\n');
            }
        }
    }
    out
}
