//! Daily implementation reports (実施報告): at each health centre's report time, one report per
//! follow-up organisation serving it, stored once and e-mailed to the health centre
//! (`services::implementation_reports`).

use super::JobContext;

/// Runs the job for `cx.now`: compiles and stores the reports of every health centre whose
/// report time has passed and whose day is not done yet. Returns how many reports were stored.
pub async fn run(cx: &JobContext) -> anyhow::Result<u64> {
    crate::services::implementation_reports::run_due(&cx.db, cx.now).await
}
