//! A small deployment for tests: a health centre with two follow-up organisations and a
//! medical institution, a doctor and a nurse in the first, a doctor in the second, a doctor in
//! the institution, and one case assigned to the first.

use crate::TestApp;
use anyhow::Context;
use chrono::{Duration, NaiveDate};
use mimamori_server::auth::totp;
use mimamori_server::db::cases::NewCase;
use mimamori_server::db::report_batch::ReportToWrite;
use mimamori_server::entities::codes::JsonText;
use mimamori_server::entities::{audit_log, health_report, patient_case, staff_user};
use mimamori_server::services::personal_data::{self, Personal};
use mimamori_server::services::{patient_auth, setup};
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::{StaffMe, StaffRole, StaffSignIn};
use mimamori_shared::api::cases::Sex;
use sea_orm::{EntityTrait, Set};
use serde_json::json;

/// Password of every staff member the fixtures create.
pub const STAFF_PASSWORD: &str = "correct horse battery";
/// Password patients set in tests.
pub const PATIENT_PASSWORD: &str = "my own password";

/// What [`World::create`] made.
#[derive(Debug)]
pub struct World {
    /// Health centre id.
    pub health_centre_id: i64,
    /// Follow-up organisation A (the case's).
    pub org_a: i64,
    /// Follow-up organisation B (another organisation).
    pub org_b: i64,
    /// Doctor of A.
    pub doctor_a: staff_user::Model,
    /// Nurse of A.
    pub nurse_a: staff_user::Model,
    /// Doctor of B.
    pub doctor_b: staff_user::Model,
    /// A medical institution (医療機関) under the health centre.
    pub institution: i64,
    /// A doctor of the institution (role `institution_staff`).
    pub institution_staff: staff_user::Model,
    /// A case assigned to A.
    pub case: patient_case::Model,
}

impl World {
    /// Creates the deployment.
    pub async fn create(app: &TestApp) -> anyhow::Result<Self> {
        let now = app.now();
        let db = &app.db;
        let centre = setup::create_org(
            db,
            OrgKind::HealthCentre,
            "Test health centre",
            None,
            Some("03-1111-2222"),
            now,
        )
        .await?;
        let org_a = setup::create_org(
            db,
            OrgKind::FollowupOrg,
            "Clinic A",
            Some(centre.id),
            None,
            now,
        )
        .await?;
        let org_b = setup::create_org(
            db,
            OrgKind::FollowupOrg,
            "Clinic B",
            Some(centre.id),
            None,
            now,
        )
        .await?;
        let institution = setup::create_org(
            db,
            OrgKind::Institution,
            "Hospital I",
            Some(centre.id),
            Some("03-3333-4444"),
            now,
        )
        .await?;
        let keys = &app.keys;
        let staff = |org, login: &'static str, role| async move {
            setup::create_staff(db, keys, org, login, login, role, STAFF_PASSWORD, now).await
        };
        let doctor_a = staff(org_a.id, "doctor.a", StaffRole::FollowupDoctor).await?;
        let nurse_a = staff(org_a.id, "nurse.a", StaffRole::FollowupStaff).await?;
        let doctor_b = staff(org_b.id, "doctor.b", StaffRole::FollowupDoctor).await?;
        let institution_staff =
            staff(institution.id, "inst.doctor", StaffRole::InstitutionStaff).await?;
        let case = add_case(app, centre.id, org_a.id, "T-0001").await?;
        Ok(Self {
            health_centre_id: centre.id,
            org_a: org_a.id,
            org_b: org_b.id,
            doctor_a,
            nurse_a,
            doctor_b,
            institution: institution.id,
            institution_staff,
            case,
        })
    }

    /// An invitation for the case, valid for 72 hours from now.
    pub async fn invitation(&self, app: &TestApp) -> anyhow::Result<String> {
        invitation_for(app, self.case.id, Duration::hours(72)).await
    }
}

/// Adds a case under follow-up since yesterday.
pub async fn add_case(
    app: &TestApp,
    health_centre_id: i64,
    followup_org_id: i64,
    number: &str,
) -> anyhow::Result<patient_case::Model> {
    let today = mimamori_server::services::time::local_date(
        app.now(),
        mimamori_server::services::time::DEFAULT_TZ,
    );
    setup::create_case(
        &app.db,
        &app.keys,
        NewCase {
            case_number: number.to_owned(),
            health_centre_id,
            followup_org_id: Some(followup_org_id),
            name: format!("患者 {number}"),
            name_kana: "カンジャ".to_owned(),
            birth_date: NaiveDate::from_ymd_opt(1950, 4, 1).context("date")?,
            sex: Sex::Female,
            phone: "090-0000-0000".to_owned(),
            address: String::new(),
            email: None,
            followup_start: today - Duration::days(1),
            followup_end: today + Duration::days(8),
            slots_per_day: 1,
        },
        app.now(),
    )
    .await
}

/// The personal data of a stored case (sealed in the row), opened with the test server's keys.
pub fn personal(app: &TestApp, case: &patient_case::Model) -> anyhow::Result<Personal> {
    Ok(Personal::open(&app.keys, case)?)
}

/// Changes a stored case's personal data (`change` gets it open), sealed again with its search
/// tokens and duplicate index, as the server stores it.
pub async fn change_personal(
    app: &TestApp,
    case_id: i64,
    change: impl FnOnce(&mut Personal),
) -> anyhow::Result<()> {
    let case = patient_case::Entity::find_by_id(case_id)
        .one(&app.db)
        .await?
        .context("no such case")?;
    let mut personal = personal(app, &case)?;
    change(&mut personal);
    personal_data::replace(&app.db, &app.keys, &case, &personal).await?;
    Ok(())
}

/// A staff member of `organisation_id` with an enrolled authenticator (password
/// [`STAFF_PASSWORD`], login ID also the display name); the model carries the TOTP secret open.
pub async fn enrolled_staff(
    app: &TestApp,
    organisation_id: i64,
    login_id: &str,
    role: StaffRole,
) -> anyhow::Result<staff_user::Model> {
    setup::create_staff(
        &app.db,
        &app.keys,
        organisation_id,
        login_id,
        login_id,
        role,
        STAFF_PASSWORD,
        app.now(),
    )
    .await
}

/// A staff member of `organisation_id` without an authenticator (password
/// [`STAFF_PASSWORD`]): their first sign-in leads to TOTP enrolment.
pub async fn unenrolled_staff(
    app: &TestApp,
    organisation_id: i64,
    login_id: &str,
    role: StaffRole,
) -> anyhow::Result<staff_user::Model> {
    setup::create_staff_unenrolled(
        &app.db,
        organisation_id,
        login_id,
        login_id,
        role,
        STAFF_PASSWORD,
        app.now(),
    )
    .await
}

/// An invitation token for a case.
pub async fn invitation_for(app: &TestApp, case_id: i64, ttl: Duration) -> anyhow::Result<String> {
    patient_auth::issue_invitation(&app.db, case_id, ttl, app.now())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The sign-in request for a staff member with the code of the server's current time.
pub fn sign_in_request(app: &TestApp, user: &staff_user::Model) -> anyhow::Result<StaffSignIn> {
    Ok(StaffSignIn {
        login_id: user.login_id.clone(),
        password: STAFF_PASSWORD.to_owned(),
        totp_code: totp::code_at(&user.totp_secret, app.now())?,
    })
}

/// A client signed in as `user`. Moves the manual clock past the code's step afterwards, so
/// the next sign-in in the same test gets a fresh code.
pub async fn staff_client(
    app: &TestApp,
    user: &staff_user::Model,
) -> anyhow::Result<reqwest::Client> {
    let client = app.client();
    let response = client
        .post(app.url("/api/staff/session"))
        .json(&sign_in_request(app, user)?)
        .send()
        .await?;
    anyhow::ensure!(
        response.status() == 200,
        "staff sign-in failed: {}",
        response.status()
    );
    let _: StaffMe = response.json().await?;
    app.advance(Duration::seconds(30));
    Ok(client)
}

/// A client of a patient who redeemed an invitation for `case_id`.
pub async fn patient_client(app: &TestApp, case_id: i64) -> anyhow::Result<reqwest::Client> {
    let token = invitation_for(app, case_id, Duration::hours(72)).await?;
    let client = app.client();
    let response = client
        .post(app.url("/api/patient/invitations/redeem"))
        .json(&json!({"token": token, "password": PATIENT_PASSWORD, "lang": "ja"}))
        .send()
        .await?;
    anyhow::ensure!(
        response.status() == 200,
        "redeem failed: {}",
        response.status()
    );
    Ok(client)
}

/// A valid report body with a fresh idempotency key.
pub fn report_body(temperature: f64, spo2: Option<i64>) -> serde_json::Value {
    json!({
        "idempotency_key": uuid::Uuid::new_v4(),
        "temperature_c": temperature,
        "spo2": spo2,
        "symptoms": {"cough_runny_nose": "yes", "breathlessness": "no"},
        "urgent_signs": [],
        "note": ""
    })
}

/// A judged report for `case` as read (SpO2 `spo2`, flag none), with its audit entry, under
/// `key`: what the report path hands to PostgreSQL's one-statement writes.
pub fn report_to_write(
    app: &TestApp,
    case: &patient_case::Model,
    key: &str,
    spo2: i16,
) -> ReportToWrite {
    let seal_id = mimamori_server::services::sealed_text::new_seal_id();
    ReportToWrite {
        case_id: case.id,
        status: case.status,
        slots_per_day: case.slots_per_day,
        health_centre_id: case.health_centre_id,
        report: health_report::ActiveModel {
            case_id: Set(case.id),
            idempotency_key: Set(key.to_owned()),
            slot_date: Set(app.now().date_naive()),
            slot: Set(1),
            submitted_at: Set(app.now()),
            temperature_tenths: Set(366),
            spo2: Set(Some(spo2)),
            pulse: Set(None),
            symptoms: Set(JsonText::default()),
            urgent_signs: Set(JsonText::default()),
            sealed_note: Set(app.keys.seal(
                mimamori_server::services::sealed_text::REPORT_NOTE_FIELD,
                &seal_id,
                "",
            )),
            seal_id: Set(seal_id.clone()),
            flag: Set(mimamori_shared::triage::Flag::None.into()),
            reasons: Set(JsonText::default()),
            ruleset_version: Set(mimamori_shared::triage::RULESET_VERSION.to_owned()),
            entered_by: Set(mimamori_shared::api::reports::EnteredBy::Patient.into()),
            ..Default::default()
        },
        audit: audit_log::ActiveModel {
            at: Set(app.now()),
            actor_kind: Set("patient".to_owned()),
            action: Set("report.create".to_owned()),
            case_id: Set(Some(case.id)),
            client_addr: Set(None),
            ..Default::default()
        },
    }
}

/// A server and a [`World`] on PostgreSQL, for tests of what only PostgreSQL runs (its
/// one-statement report writes); `None` on SQLite.
pub async fn postgres_world() -> anyhow::Result<Option<(TestApp, World)>> {
    let app = TestApp::spawn().await?;
    if app.db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Ok(None);
    }
    let world = World::create(&app).await?;
    Ok(Some((app, world)))
}
