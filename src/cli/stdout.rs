//! Writing command output. `println!` panics when stdout fails; a command's output going
//! to a full disk or a reader that went away must end with a sentence and an exit code.

use std::fmt::Arguments;
use std::io::{self, Write};

/// Writes `args` and a newline to stdout.
pub fn line(args: Arguments<'_>) {
    write(args, true);
}

/// Writes `args` to stdout.
pub fn text(args: Arguments<'_>) {
    write(args, false);
}

fn write(args: Arguments<'_>, newline: bool) {
    let mut out = io::stdout().lock();
    let r = out
        .write_fmt(args)
        .and_then(|()| {
            if newline {
                out.write_all(b"\n")
            } else {
                Ok(())
            }
        })
        .and_then(|()| out.flush());
    if let Err(e) = r {
        failed(&e);
    }
}

/// Ends the process: quietly when the reader closed the pipe (as `| head` does: the
/// output was not wanted any more), else with exit 3 and the reason on stderr. Everything
/// the command wrote to disk is complete by the time it prints.
fn failed(e: &io::Error) -> ! {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write the output: {e}");
    std::process::exit(3);
}
