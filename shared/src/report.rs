//! A daily report after validation: every value is within range and every item is known.

use crate::catalogue::{Answer, Symptom, UrgentSign};
use crate::values::{Pulse, Spo2, Temperature};
use std::collections::{BTreeMap, BTreeSet};

/// The content of a daily health report once it has passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidReport {
    /// 体温.
    pub temperature: Temperature,
    /// 酸素飽和度; `None` when the patient has no oximeter.
    pub spo2: Option<Spo2>,
    /// 脈拍; optional.
    pub pulse: Option<Pulse>,
    /// Answers given; a symptom not present was answered "no".
    pub symptoms: BTreeMap<Symptom, Answer>,
    /// Urgent signs ticked; empty means "none".
    pub urgent_signs: BTreeSet<UrgentSign>,
    /// Note to staff, at most [`crate::values::NOTE_MAX_CHARS`] characters.
    pub note: String,
}
