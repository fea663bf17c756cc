//! Types shared by the Mimamori server and both web apps.
//!
//! This crate compiles for `wasm32-unknown-unknown` and natively, and never depends on axum,
//! sea-orm or tokio: it holds the ids, the validated values, the request and response types of
//! the JSON API, the item catalogue of the daily report, the triage rules and the translations,
//! so that the patient app can judge a report offline exactly as the server records it.

pub mod api;
pub mod catalogue;
pub mod chart;
pub mod end_review;
pub mod i18n;
pub mod ids;
pub mod kana;
pub mod report;
pub mod triage;
pub mod values;

pub use catalogue::{Answer, Symptom, UrgentSign};
pub use i18n::Lang;
pub use triage::{Flag, Judgement, Reason};
