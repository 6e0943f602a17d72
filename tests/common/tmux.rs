//! The real binary in a real terminal for the tests that need one: tmux at 80×24, keys
//! sent with `send-keys`, the screen read with `capture-pane`. Include it with
//! `#[path = "common/tmux.rs"] mod tmux;` and check `tool_available("tmux")` first.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A tmux server of our own (`-L`), so tests never touch the user's sessions.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start(dir: &Path, args: &[&str]) -> Tmux {
        Self::start_env(dir, &[], args)
    }

    /// Runs the wizard with extra environment variables (the fake Entra ID's address).
    pub fn start_env(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Tmux {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "ppkg-wizard-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let t = Tmux { socket };
        let mut cmd = String::from("env");
        for (k, v) in env {
            cmd.push_str(&format!(" '{k}={v}'"));
        }
        cmd.push_str(&format!(" '{}'", env!("CARGO_BIN_EXE_ppkg-wizard")));
        for a in args {
            cmd.push_str(&format!(" '{a}'"));
        }
        t.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "w",
            "-x",
            "80",
            "-y",
            "24",
        ])
        .arg("-c")
        .arg(dir)
        .arg(cmd)
        .status()
        .unwrap();
        // No delay after Esc, so Esc followed by a key is not read as Alt+key.
        t.run(&["set-option", "-g", "escape-time", "0"])
            .status()
            .unwrap();
        t.run(&["set-option", "-g", "remain-on-exit", "on"])
            .status()
            .unwrap();
        t
    }

    /// Makes the window `w`×`h`, as a user dragging its corner would.
    pub fn resize(&self, w: u16, h: u16) {
        self.run(&[
            "resize-window",
            "-t",
            "w",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
        ])
        .status()
        .unwrap();
    }

    pub fn run(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-L").arg(&self.socket).args(args);
        c
    }

    pub fn screen(&self) -> String {
        let out = self
            .run(&["capture-pane", "-p", "-t", "w"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Named keys (`Tab`, `Enter`, `C-s`, `NPage`, …).
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "w", k]).status().unwrap();
        }
    }

    /// Literal text.
    pub fn text(&self, s: &str) {
        self.run(&["send-keys", "-t", "w", "-l", s])
            .status()
            .unwrap();
    }

    /// Polls the screen until it contains `want`.
    pub fn wait(&self, want: &str) -> String {
        let end = Instant::now() + Duration::from_secs(15);
        loop {
            let s = self.screen();
            if s.contains(want) {
                return s;
            }
            assert!(
                Instant::now() < end,
                "timed out waiting for {want:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits until the program has exited.
    pub fn wait_exit(&self) {
        let end = Instant::now() + Duration::from_secs(15);
        loop {
            let out = self
                .run(&["display-message", "-p", "-t", "w", "#{pane_dead}"])
                .output()
                .unwrap();
            if String::from_utf8_lossy(&out.stdout).trim() == "1" {
                return;
            }
            assert!(
                Instant::now() < end,
                "the wizard did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]).status();
    }
}
