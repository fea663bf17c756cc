//! The red-path invariant (docs/triage.md#the-red-path-invariant): random sequences of the
//! things that happen to a case — reports, corrections by the patient and by staff, proxy
//! reports, reviews, a stay in hospital, the end of the period and its extension — driven
//! through the API, and after every step:
//!
//! 1. every case whose report is red and unreviewed is in the red bucket of its
//!    organisation's work list;
//! 2. no case with an unreviewed red report is ended;
//! 3. every red version of a report told the doctor on duty exactly once;
//! 4. a report corrected after its review is unreviewed (its review is later than its
//!    correction, or there is none).
//!
//! 32 sequences of 10 steps, each on its own case, from a fixed seed so a failure repeats. The
//! clock moves one second a step (staff sessions last 30 idle minutes): every report of a
//! sequence is in today's slot, which is the slot a patient may correct.

use super::clinical_safety::Safety;
use chrono::{Duration, TimeZone};
use mimamori_server::entities::{health_report, health_report_version, patient_case};
use mimamori_shared::api::worklist::{Bucket, WorkList};
use mimamori_tests::fixtures::{add_case, patient_client, report_body};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const SEQUENCES: usize = 32;
const STEPS: usize = 10;

#[derive(Debug, Clone, Copy)]
enum Step {
    Report(i64),
    PatientCorrect(i64),
    ProxyReport(i64),
    StaffCorrect(i64),
    Review,
    Admit,
    Discharge,
    PeriodEnd,
    Extend,
}

fn random_step(rng: &mut StdRng) -> Step {
    // SpO2 values around the red line, so sequences cross it both ways.
    let spo2 = [99, 97, 96, 95, 94, 93, 91, 88][rng.gen_range(0..8)];
    match rng.gen_range(0..12) {
        0 | 1 => Step::Report(spo2),
        2 | 3 => Step::PatientCorrect(spo2),
        4 => Step::ProxyReport(spo2),
        5 => Step::StaffCorrect(spo2),
        6 | 7 => Step::Review,
        8 => Step::Admit,
        9 => Step::Discharge,
        10 => Step::PeriodEnd,
        _ => Step::Extend,
    }
}

struct Subject {
    case_id: i64,
    number: String,
    patient: reqwest::Client,
}

fn spo2_body(spo2: i64) -> Value {
    report_body(36.8, Some(spo2))
}

impl Safety {
    async fn newest_report(&self, case_id: i64) -> Option<i64> {
        mimamori_server::db::reports::list_for_case(&self.app.db, case_id)
            .await
            .unwrap()
            .first()
            .map(|r| r.id)
    }

    async fn run(&self, subject: &Subject, step: Step, hospital: &reqwest::Client) {
        let case_url = |rest: &str| {
            self.app
                .url(&format!("/api/staff/cases/{}{rest}", subject.case_id))
        };
        let patient_url = |rest: &str| {
            self.app
                .url(&format!("/api/patient/cases/{}{rest}", subject.case_id))
        };
        let today = chrono_tz::Asia::Tokyo
            .from_utc_datetime(&self.app.now().naive_utc())
            .date_naive();
        // Refusals (409 after the end, in hospital, for another day's report) are part of the
        // game; a 5xx never is.
        let status = match step {
            Step::Report(spo2) => subject
                .patient
                .post(patient_url("/reports"))
                .json(&spo2_body(spo2))
                .send()
                .await
                .unwrap()
                .status(),
            Step::ProxyReport(spo2) => self
                .nurse
                .post(case_url("/reports"))
                .json(&spo2_body(spo2))
                .send()
                .await
                .unwrap()
                .status(),
            Step::PatientCorrect(spo2) | Step::StaffCorrect(spo2) => {
                let Some(id) = self.newest_report(subject.case_id).await else {
                    return;
                };
                let request = if matches!(step, Step::PatientCorrect(_)) {
                    subject.patient.put(patient_url(&format!("/reports/{id}")))
                } else {
                    self.nurse.put(case_url(&format!("/reports/{id}")))
                };
                request
                    .json(&spo2_body(spo2))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
            Step::Review => self
                .nurse
                .post(case_url("/reviews"))
                .json(&json!({}))
                .send()
                .await
                .unwrap()
                .status(),
            Step::Admit | Step::Discharge => {
                let found = hospital
                    .post(self.app.url("/api/staff/inpatients/find"))
                    .json(&json!({"case_number": subject.number, "birth_date": "1950-04-01", "name_kana": "カンジャ"}))
                    .send()
                    .await
                    .unwrap();
                if found.status() != 200 {
                    return;
                }
                let discharge = matches!(step, Step::Discharge);
                hospital
                    .post(case_url("/inpatient-reports"))
                    .json(&json!({
                        "admission_date": today,
                        "discharge_date": discharge.then_some(today),
                        "hospital_name": "見守 病院",
                        "doctor_name": "医師 二郎",
                        "severity": "moderate_i",
                        "symptoms": ["fever"],
                        "findings": "",
                        "icu": false,
                        "ventilator": false,
                        "ecmo": false,
                        "outcome": if discharge { "discharged_home" } else { "inpatient" },
                    }))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
            Step::PeriodEnd => {
                patient_case::Entity::update_many()
                    .col_expr(
                        patient_case::Column::FollowupEnd,
                        sea_orm::sea_query::Expr::value(today - Duration::days(1)),
                    )
                    .filter(patient_case::Column::Id.eq(subject.case_id))
                    .exec(&self.app.db)
                    .await
                    .unwrap();
                self.app.tick().await.unwrap();
                reqwest::StatusCode::OK
            }
            Step::Extend => self
                .doctor
                .post(case_url("/extend"))
                .json(&json!({"days": 2, "reason": "signs not settled"}))
                .send()
                .await
                .unwrap()
                .status(),
        };
        assert!(
            !status.is_server_error(),
            "{step:?} on case {} answered {status}",
            subject.case_id
        );
    }

    async fn red_bucket(&self) -> Vec<i64> {
        let list: WorkList = self
            .nurse
            .get(self.app.url("/api/staff/worklist?bucket=red&limit=200"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(list.items.iter().all(|row| row.bucket == Bucket::Red));
        list.items.iter().map(|row| row.id.0).collect()
    }

    async fn check_invariants(&self, subject: &Subject, trail: &[Step]) {
        let db = &self.app.db;
        let case = patient_case::Entity::find_by_id(subject.case_id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let reports = mimamori_server::db::reports::list_for_case(db, subject.case_id)
            .await
            .unwrap();
        let unreviewed_red = reports
            .iter()
            .any(|r| r.reviewed_at.is_none() && r.flag.is_red_or_worse());
        if unreviewed_red {
            assert_ne!(
                case.status,
                mimamori_shared::api::cases::CaseStatus::Ended,
                "ended over an unreviewed red: {trail:?}"
            );
            assert!(
                self.red_bucket().await.contains(&subject.case_id),
                "an unreviewed red is not in the red bucket: {trail:?}"
            );
        }
        let red_versions = health_report_version::Entity::find()
            .filter(health_report_version::Column::CaseId.eq(subject.case_id))
            .filter(health_report_version::Column::Flag.eq("red"))
            .count(db)
            .await
            .unwrap()
            + health_report::Entity::find()
                .filter(health_report::Column::CaseId.eq(subject.case_id))
                .filter(health_report::Column::Flag.eq("red"))
                .count(db)
                .await
                .unwrap();
        assert_eq!(
            self.red_notices_for(subject.case_id).await,
            red_versions,
            "red versions and the doctor's red notices differ: {trail:?}"
        );
        for report in &reports {
            if let (Some(corrected), Some(reviewed)) = (report.corrected_at, report.reviewed_at) {
                assert!(
                    reviewed >= corrected,
                    "report {} stayed reviewed across a correction: {trail:?}",
                    report.id
                );
            }
        }
    }

    async fn red_notices_for(&self, case_id: i64) -> u64 {
        use mimamori_server::entities::staff_notification;
        staff_notification::Entity::find()
            .filter(staff_notification::Column::StaffId.eq(self.world.doctor_a.id))
            .filter(staff_notification::Column::CaseId.eq(case_id))
            .filter(staff_notification::Column::Kind.eq("red_report"))
            .count(&self.app.db)
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn no_sequence_of_steps_hides_a_red_report() {
    let s = Safety::new().await;
    let hospital = mimamori_tests::fixtures::staff_client(&s.app, &s.world.institution_staff)
        .await
        .unwrap();
    let mut rng = StdRng::seed_from_u64(17);
    for n in 0..SEQUENCES {
        let number = format!("R-{n:03}");
        let case = add_case(&s.app, s.world.health_centre_id, s.world.org_a, &number)
            .await
            .unwrap();
        let subject = Subject {
            case_id: case.id,
            number,
            patient: patient_client(&s.app, case.id).await.unwrap(),
        };
        let mut trail = Vec::with_capacity(STEPS);
        for _ in 0..STEPS {
            let step = random_step(&mut rng);
            trail.push(step);
            s.run(&subject, step, &hospital).await;
            s.check_invariants(&subject, &trail).await;
            // A second between steps, so a review and a later correction are told apart.
            s.app.advance(Duration::seconds(1));
        }
    }
}
