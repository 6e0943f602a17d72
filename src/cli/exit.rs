//! Failures and their exit codes: 1 bad input, 2 usage, 3 I/O or network.

use std::process::ExitCode;

/// Why a command failed: one or more plain sentences and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub messages: Vec<String>,
}

impl Failure {
    /// The input is wrong (validation, a bad file): exit 1.
    pub fn input(msg: impl Into<String>) -> Self {
        Self {
            code: 1,
            messages: vec![msg.into()],
        }
    }
    /// Several input problems at once: exit 1.
    pub fn inputs(msgs: Vec<String>) -> Self {
        Self {
            code: 1,
            messages: msgs,
        }
    }
    /// The command line is wrong: exit 2, as clap's own usage errors.
    pub fn usage(msg: impl Into<String>) -> Self {
        Self {
            code: 2,
            messages: vec![msg.into()],
        }
    }
    /// An output exists and `--force` was not given: exit 1 for every command, the
    /// sentence naming the flag.
    pub fn exists(path: &std::path::Path) -> Self {
        Self::input(format!(
            "{} already exists; add --force to replace it",
            path.display()
        ))
    }
    /// Reading or writing failed: exit 3.
    pub fn io(msg: impl Into<String>) -> Self {
        Self {
            code: 3,
            messages: vec![msg.into()],
        }
    }

    /// Prints `{"error": …}` on stdout, for `--json` callers that read only stdout (the
    /// messages still go to stderr with [`Self::report`]).
    pub fn print_json(&self) {
        let error = serde_json::json!({ "error": self.messages.join(" ") });
        outln!("{}", serde_json::to_string_pretty(&error).expect("json"));
    }

    /// Prints each message as `error: …` on stderr and gives the exit code. Messages are
    /// printed as the library words them, never re-cased: one may start with a path
    /// (`out/School lab.ppkg already exists`), and a path's case is part of its name.
    pub fn report(self) -> ExitCode {
        for m in &self.messages {
            eprintln!("error: {m}");
        }
        ExitCode::from(self.code)
    }
}
