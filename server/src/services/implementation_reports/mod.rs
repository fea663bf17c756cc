//! Daily implementation reports (実施報告): every day at a health centre's report time, one
//! report per follow-up organisation serving it, stored once and e-mailed to the health centre
//! with CSV and XLSX attachments (the scheduler's `scheduler::implementation_reports` runs it);
//! and the staff API that lists and downloads them.
//!
//! Every count is defined from stored timestamps, for local day D in the health centre's time
//! zone and the cut C = D at its report time, so compiling a past date again gives the same
//! numbers (docs/notifications.md, "Daily implementation reports", defines each count).
//!
//! [`compile`] counts and stores, [`export`] writes the files, [`view`] is the staff API.

pub mod compile;
pub mod export;
pub mod view;

pub use compile::{JOB, compile, compile_and_store, compile_for_date, window};
pub use export::{CSV_TYPE, ReportFile, XLSX_TYPE, csv_with_bom};
pub use view::{FileFormat, file, get, list};
