//! Every kind of free text a case collects, written through the API as its users write it: a
//! report with a note and its correction (an earlier version), a call's notes, a doctor's own
//! thresholds with their reason, an inpatient report, and a 発生届 returned with a comment. For
//! the tests of sealing, rotation and the retention purge, which must see each kind.

use crate::TestApp;
use crate::fixtures::{World, enrolled_staff, patient_client, report_body, staff_client};
use anyhow::{Context, ensure};
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::case_notifications::{NotificationForm, NotificationView};
use sea_orm::EntityTrait;
use serde_json::json;

/// The texts written, to look for afterwards.
pub const TEXTS: [&str; 9] = [
    "夜に咳が出ました",
    "朝も咳が出ました",
    "電話で様子を確認",
    "COPDのため",
    "見守総合病院",
    "医師 二郎",
    "両肺に浸潤影",
    "生年月日を確認してください",
    "森 正男",
];

/// The case's patient, its doctor and the institution, signed in (a TOTP code works once, so
/// a test that signed them in already passes its own clients).
#[derive(Debug, Clone)]
pub struct Writers {
    /// The patient of `world.case`.
    pub patient: reqwest::Client,
    /// `world.doctor_a`.
    pub doctor: reqwest::Client,
    /// `world.institution_staff`.
    pub institution: reqwest::Client,
}

impl Writers {
    /// Signs each in.
    pub async fn sign_in(app: &TestApp, world: &World) -> anyhow::Result<Self> {
        Ok(Self {
            patient: patient_client(app, world.case.id).await?,
            doctor: staff_client(app, &world.doctor_a).await?,
            institution: staff_client(app, &world.institution_staff).await?,
        })
    }
}

/// Writes every kind of free text about `world.case` (which ends up in hospital: the inpatient
/// report says so); the nurse and a health-centre officer sign in here. Returns the returned
/// notification's id.
pub async fn write_every_kind(
    app: &TestApp,
    world: &World,
    writers: &Writers,
) -> anyhow::Result<i64> {
    let case = world.case.id;
    let Writers {
        patient,
        doctor,
        institution,
    } = writers;
    let mut body = report_body(37.9, Some(96));
    body["note"] = json!(TEXTS[0]);
    let response = patient
        .post(app.url(&format!("/api/patient/cases/{case}/reports")))
        .json(&body)
        .send()
        .await?;
    ensure!(response.status() == 201, "report: {}", response.status());
    let report: serde_json::Value = response.json().await?;
    let report_id = report["id"].as_i64().context("report id")?;
    body["note"] = json!(TEXTS[1]);
    let response = patient
        .put(app.url(&format!("/api/patient/cases/{case}/reports/{report_id}")))
        .json(&body)
        .send()
        .await?;
    ensure!(
        response.status() == 200,
        "correction: {}",
        response.status()
    );

    // A nurse of her own: `world.nurse_a` may sign in later in the same TOTP step.
    let nurse = enrolled_staff(
        app,
        world.org_a,
        "nurse.free-text",
        StaffRole::FollowupStaff,
    )
    .await?;
    let nurse = staff_client(app, &nurse).await?;
    let response = nurse
        .post(app.url(&format!("/api/staff/cases/{case}/calls")))
        .json(&json!({"outcome": "reached", "note": TEXTS[2]}))
        .send()
        .await?;
    ensure!(response.status() == 201, "call: {}", response.status());
    let response = doctor
        .put(app.url(&format!("/api/staff/cases/{case}/thresholds")))
        .json(&json!({"spo2_red_at_most": 88, "spo2_amber_at_most": 90, "reason": TEXTS[3]}))
        .send()
        .await?;
    ensure!(
        response.status() == 200,
        "thresholds: {}",
        response.status()
    );

    let today = app.now().date_naive();
    let day = |back: i64| today - chrono::Duration::days(back);
    let form: NotificationForm = serde_json::from_value(json!({
        "patient_name": TEXTS[8],
        "patient_kana": "もり まさお",
        "sex": "male",
        "birth_date": "1954-02-14",
        "address": "東京都新宿区西新宿2-8-1",
        "whereabouts": "自宅",
        "phone": "090-1111-0001",
        "email": "",
        "doctor_name": "診断 医師",
        "diagnosis_date": day(0),
        "specimen_date": day(1),
        "onset_date": day(2),
        "asymptomatic": false,
        "test_method": "pcr",
        "test_result": "positive",
        "symptoms": ["cough", "fever"],
        "severity": "moderate_i",
        "risk_factors": [],
        "needs_admission": false,
        "new_oxygen": false,
        "notes": ""
    }))?;
    let response = institution
        .post(app.url("/api/staff/case-notifications"))
        .json(&form)
        .send()
        .await?;
    ensure!(
        response.status() == 201,
        "notification: {} {}",
        response.status(),
        response.text().await.unwrap_or_default()
    );
    let notification: NotificationView = response.json().await?;
    let id = notification.summary.id.0;
    let response = institution
        .post(app.url(&format!("/api/staff/case-notifications/{id}/submit")))
        .send()
        .await?;
    ensure!(
        response.status() == 200,
        "submit: {} {}",
        response.status(),
        response.text().await.unwrap_or_default()
    );
    let hc = enrolled_staff(
        app,
        world.health_centre_id,
        "hc.free-text",
        StaffRole::HcStaff,
    )
    .await?;
    let response = staff_client(app, &hc)
        .await?
        .post(app.url(&format!("/api/staff/case-notifications/{id}/return")))
        .json(&json!({"comment": TEXTS[7]}))
        .send()
        .await?;
    ensure!(response.status() == 200, "return: {}", response.status());

    // As stored now (a test may have changed the person's data).
    let stored = mimamori_server::entities::patient_case::Entity::find_by_id(case)
        .one(&app.db)
        .await?
        .context("the case")?;
    let personal = crate::fixtures::personal(app, &stored)?;
    let response = institution
        .post(app.url("/api/staff/inpatients/find"))
        .json(&json!({
            "case_number": world.case.case_number,
            "birth_date": personal.birth_date,
            "name_kana": personal.name_kana,
        }))
        .send()
        .await?;
    ensure!(response.status() == 200, "find: {}", response.status());
    let response = institution
        .post(app.url(&format!("/api/staff/cases/{case}/inpatient-reports")))
        .json(&json!({
            "admission_date": today,
            "discharge_date": null,
            "hospital_name": TEXTS[4],
            "doctor_name": TEXTS[5],
            "severity": "moderate_ii",
            "symptoms": ["pneumonia", "fever"],
            "findings": TEXTS[6],
            "icu": false,
            "ventilator": false,
            "ecmo": false,
            "outcome": "inpatient"
        }))
        .send()
        .await?;
    ensure!(
        response.status() == 201,
        "inpatient report: {} {}",
        response.status(),
        response.text().await.unwrap_or_default()
    );
    Ok(id)
}
