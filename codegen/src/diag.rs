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
}

impl Diagnostic {
    /// Attaches a hint saying how to fix the problem.
    pub fn hint(&mut self, hint: impl Into<String>) {
        self.hint = Some(hint.into());
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
}

impl Sink {
    /// Records an error at `file#pointer`.
    pub fn error(
        &mut self,
        code: &'static str,
        file: &str,
        pointer: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Error, code, file, pointer, message.into())
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
