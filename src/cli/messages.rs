//! The one place that decides the exit code, with the helpers every command prints through.
//!
//! The rule, for every command that reads inputs (`convert`, `import`, `validate`, `publish`):
//! - 0: every input was read and every record written;
//! - 1: some records were rejected (unreadable or invalid); the others were written;
//! - 2: a usage or I/O error: a wrong flag, an input path that cannot be found or read, an
//!   output that cannot be written, a server's refusal (401, 403, 404, 413). It wins over 1;
//! - 3: a delivery (`publish --upload`, `push`, `link`) stopped because a server gave no
//!   answer, a 429 or a 5xx after the retries: running the same command again completes it.

use atlas_lod::ingest::IngestError;
use atlas_lod::jobs::Event;
use atlas_lod::validate::{Finding, Severity};
use std::fmt::Display;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// Everything read and written.
pub const SUCCESS: i32 = 0;
/// Some records rejected, the rest written.
pub const REJECTED: i32 = 1;
/// A usage or I/O error, or a refusal.
pub const FAILED: i32 = 2;
/// A server that gave no answer, a 429 or a 5xx: the same command run again completes.
pub const TRANSIENT: i32 = 3;

/// The exit code of a command that stopped on `e`.
pub fn failure_code(e: &anyhow::Error) -> i32 {
    if e.chain().any(atlas_lod::deliver::transient) {
        TRANSIENT
    } else {
        FAILED
    }
}

/// A message as printed: any e-mail address or phone number in it replaced, whoever's it is
/// (a message may quote a row of the input, and a row may hold someone's details), and what
/// would act on the terminal shown escaped ([`atlas_lod::model::format::printable`]).
fn masked(message: impl Display) -> String {
    let redacted = atlas_lod::model::patterns::redact(&message.to_string()).0;
    atlas_lod::model::format::printable(&redacted).into_owned()
}

/// Prints `error: ...` on standard error.
pub fn error(message: impl Display) {
    eprintln!("error: {}", masked(message));
}

/// An error and its causes, `context: cause: cause`, each cause said once: an error whose
/// message already quotes its source (`{path}: {source}`) is not followed by that source again.
pub fn chain(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let cause = cause.to_string();
        if text.is_empty() {
            text = cause;
        } else if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// When progress is shown on standard error.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Progress {
    /// A bar on a terminal, a line every 10,000 records otherwise.
    #[default]
    Auto,
    /// A bar on a terminal, a line every 1,000 records otherwise.
    Always,
    /// None.
    Never,
}

static QUIET: AtomicBool = AtomicBool::new(false);
static PROGRESS: AtomicU8 = AtomicU8::new(0);

/// Sets `--quiet` and `--progress` for the whole run (`--quiet` means no progress either).
pub fn configure(quiet: bool, progress: Progress) {
    QUIET.store(quiet, Ordering::Relaxed);
    let p = if quiet { Progress::Never } else { progress };
    PROGRESS.store(p as u8, Ordering::Relaxed);
}

/// Whether `--quiet` was given: warnings and notes are not printed (errors always are).
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// The progress asked for.
pub fn progress() -> Progress {
    match PROGRESS.load(Ordering::Relaxed) {
        1 => Progress::Always,
        2 => Progress::Never,
        _ => Progress::Auto,
    }
}

/// Records between two progress lines when standard error is not a terminal (`None`: no
/// progress at all).
pub fn progress_every() -> Option<usize> {
    match progress() {
        Progress::Auto => Some(10_000),
        Progress::Always => Some(1_000),
        Progress::Never => None,
    }
}

/// Whether a progress bar may be drawn (a terminal, progress wanted).
pub fn progress_bar() -> bool {
    use std::io::IsTerminal;
    progress() != Progress::Never && std::io::stderr().is_terminal()
}

/// Prints what a run did, on standard error (not under `--quiet`).
pub fn summary(message: impl Display) {
    if !quiet() {
        eprintln!("{}", masked(message));
    }
}

/// Prints `warning: ...` on standard error (not under `--quiet`).
pub fn warning(message: impl Display) {
    if !quiet() {
        eprintln!("warning: {}", masked(message));
    }
}

/// Prints `note: ...` on standard error (not under `--quiet`).
pub fn note(message: impl Display) {
    if !quiet() {
        eprintln!("note: {}", masked(message));
    }
}

/// What a run met, counted as it goes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Inputs that could not be found or read.
    pub input_failures: usize,
    /// Records rejected (unreadable or invalid).
    pub rejected: usize,
}

impl Tally {
    /// Counts the input paths that could not be found, printing each.
    pub fn paths(&mut self, errors: &[IngestError]) {
        for e in errors {
            error(e);
        }
        self.input_failures += errors.len();
    }

    /// Counts a rejection event: a file that cannot be read is an input failure, a bad record
    /// a rejection.
    pub fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Rejected(IngestError::Io { .. }) => self.input_failures += 1,
            Event::Rejected(_) | Event::Invalid(_) => self.rejected += 1,
            _ => {}
        }
    }

    /// The exit code of the rule above.
    pub fn code(&self) -> i32 {
        if self.input_failures > 0 {
            FAILED
        } else if self.rejected > 0 {
            REJECTED
        } else {
            SUCCESS
        }
    }
}

/// `file:line: path: message` for a SHACL result.
pub fn finding_line(file: &str, line: usize, f: &Finding) -> String {
    let path = f
        .path
        .as_ref()
        .map(|p| p.to_string())
        .unwrap_or_else(|| "-".into());
    let severity = match f.severity {
        Severity::Violation => "violation",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    format!(
        "{file}:{line}: shacl {severity} {path}: {}",
        f.message("en")
    )
}

/// What an event of a run says on standard error: errors always, warnings when `verbose`
/// (otherwise only counted), new themes as notes. Several lines for a record with several
/// violations.
pub fn event_text(event: &Event<'_>, verbose: bool) -> Option<String> {
    event_words(event, verbose).map(masked)
}

fn event_words(event: &Event<'_>, verbose: bool) -> Option<String> {
    let verbose = verbose && !quiet();
    match event {
        Event::Rejected(e) => Some(format!("error: {e}")),
        Event::Invalid(r) => Some(
            r.findings
                .iter()
                .filter(|f| f.severity == Severity::Violation)
                .map(|f| format!("error: {}", finding_line(&r.source.file, r.source.line, f)))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Event::Warning {
            file,
            line,
            field,
            message,
        } => verbose.then(|| format!("{file}:{line}: {field}: {message}")),
        Event::ShapeWarning {
            file,
            line,
            finding,
        } => verbose.then(|| finding_line(file, *line, finding)),
        Event::Duplicate {
            file,
            line,
            first_file,
            first_line,
            graph,
        } => (!quiet()).then(|| {
            format!(
                "warning: {file}:{line}: the same partnership as {first_file}:{first_line} ({graph}), with the same content: kept once"
            )
        }),
        Event::NewTheme(path) => {
            (!quiet()).then(|| format!("note: new theme minted: {}", path.join(" > ")))
        }
    }
}
