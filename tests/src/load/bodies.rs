//! Report bodies as patients send them: mostly well, some amber (fever, borderline SpO2), a few
//! red (low SpO2, an urgent sign), in roughly the proportions of the demo data
//! (docs/demo.md), each with a fresh idempotency key.

use mimamori_shared::api::reports::CreateReport;
use mimamori_shared::catalogue::{Answer, Symptom, UrgentSign};
use rand::Rng;
use std::collections::BTreeMap;

/// A new report with its own idempotency key.
pub fn report(rng: &mut impl Rng) -> CreateReport {
    let mut temperature = f64::from(rng.gen_range(358..=375)) / 10.0;
    let mut spo2 = rng.gen_range(96..=99);
    let mut symptoms = BTreeMap::new();
    let mut urgent_signs = Vec::new();
    if rng.gen_bool(0.5) {
        symptoms.insert(Symptom::CoughRunnyNose, Answer::Yes);
    }
    if rng.gen_bool(0.2) {
        symptoms.insert(Symptom::Fatigue, Answer::Unsure);
    }
    if rng.gen_bool(0.06) {
        temperature = f64::from(rng.gen_range(380..=395)) / 10.0;
        symptoms.insert(Symptom::Fatigue, Answer::Yes);
    }
    let roll: f64 = rng.gen_range(0.0..1.0);
    if roll < 0.012 {
        spo2 = rng.gen_range(88..=93);
        symptoms.insert(Symptom::Breathlessness, Answer::Yes);
    } else if roll < 0.05 {
        spo2 = rng.gen_range(94..=95);
    } else if roll < 0.055 {
        urgent_signs.push(UrgentSign::BreathlessOnExertion);
    }
    let note = if rng.gen_bool(0.1) {
        "咳が少し続いています。".to_owned()
    } else {
        String::new()
    };
    CreateReport {
        // From the OS's randomness, not the seeded values: runs with the same seed on one
        // database must not send each other's keys.
        idempotency_key: Some(uuid::Uuid::new_v4()),
        temperature_c: Some(temperature),
        spo2: rng.gen_bool(0.95).then_some(spo2),
        pulse: rng.gen_bool(0.6).then(|| rng.gen_range(60..=110)),
        symptoms,
        urgent_signs,
        note,
    }
}
