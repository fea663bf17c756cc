//! Placeholder being written in this change (issue 5).

use super::JobContext;

/// Runs the job for `cx.now`.
pub async fn run(_cx: &JobContext) -> anyhow::Result<u64> {
    Ok(0)
}
