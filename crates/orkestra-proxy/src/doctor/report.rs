//! The doctor's output: one line per check, `ok`, `FAIL` (with what to fix, naming the
//! setting) or `skip` (with why), and the exit code they make.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Fail,
    /// Nothing to check it with (no payment yet, or an earlier check failed).
    Skip,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Ok => "ok  ",
            Status::Fail => "FAIL",
            Status::Skip => "skip",
        })
    }
}

/// The checks made so far, printed as they are made (a slow one shows where it waits).
#[derive(Default)]
pub struct Report {
    lines: Vec<Status>,
}

impl Report {
    pub fn line(&mut self, status: Status, check: &str, text: impl AsRef<str>) {
        println!("{status} {check:<22} {}", text.as_ref());
        self.lines.push(status);
    }

    pub fn ok(&mut self, check: &str, text: impl AsRef<str>) {
        self.line(Status::Ok, check, text)
    }

    pub fn fail(&mut self, check: &str, text: impl AsRef<str>) {
        self.line(Status::Fail, check, text)
    }

    pub fn skip(&mut self, check: &str, text: impl AsRef<str>) {
        self.line(Status::Skip, check, text)
    }

    fn count(&self, status: Status) -> usize {
        self.lines.iter().filter(|s| **s == status).count()
    }

    /// Prints the tally; 0 when nothing failed, 1 otherwise. A skipped check does not fail
    /// the run (a new installation has no payment to look up yet), and the tally says so.
    pub fn finish(&self) -> i32 {
        let (ok, failed, skipped) = (
            self.count(Status::Ok),
            self.count(Status::Fail),
            self.count(Status::Skip),
        );
        println!("{ok} ok, {failed} failed, {skipped} skipped");
        i32::from(failed > 0)
    }
}
