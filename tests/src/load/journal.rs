//! The journal of a load run: every report sent, with its idempotency key, its exact body and
//! the answer it got (none, when the connection broke or the request timed out). The durability
//! check reads it back.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

/// One report sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The case it was sent for.
    pub case_id: i64,
    /// Its idempotency key.
    pub key: String,
    /// The JSON body sent (a resend sends it again, byte for byte).
    pub body: String,
    /// The HTTP status answered; 0 when no answer came.
    pub status: u16,
    /// The stored report's id, from a 2xx answer.
    pub report_id: Option<i64>,
}

impl Entry {
    /// Whether the server acknowledged the report (a 2xx answer).
    pub fn acknowledged(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Writes the entries as JSON lines.
pub fn write(path: &Path, entries: &[Entry]) -> anyhow::Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = BufWriter::new(file);
    for entry in entries {
        serde_json::to_writer(&mut out, entry)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Reads entries written by [`write`].
pub fn read(path: &Path) -> anyhow::Result<Vec<Entry>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    std::io::BufReader::new(file)
        .lines()
        .map(|line| Ok(serde_json::from_str(&line?)?))
        .collect()
}
