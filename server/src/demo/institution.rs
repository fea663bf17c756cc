//! The demo's medical institution (医療機関): みまもり総合病院 under the demo health centre,
//! with a doctor who files notifications (発生届), and one notification of theirs already
//! waiting in the health centre's intake queue.
//!
//! Made when missing, also in a demo database created before institutions existed, so `mimamori
//! demo` on an old database adds it instead of failing.

use crate::auth::token;
use crate::db;
use crate::db::case_notifications::{Filing, StatusChange};
use crate::services::sealed_notifications;
use crate::services::{setup, time};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::case_notifications::{
    ClinicalSymptom, NotificationForm, NotificationStatus, TestMethod,
};
use mimamori_shared::api::cases::{RiskFactor, Sex};
use sea_orm::DatabaseConnection;

/// The institution's name.
pub const INSTITUTION: &str = "みまもり総合病院（デモ）";
const INSTITUTION_PHONE: &str = "03-0000-5678";
/// The institution's doctor: login ID and display name.
pub const DOCTOR: (&str, &str) = ("inst.demo", "病院 医師");

/// Makes the institution, its doctor and the waiting notification unless they exist.
pub async fn ensure(
    db: &DatabaseConnection,
    keys: &crate::keys::Keyring,
    health_centre_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    if db::orgs::find_by_name(db, OrgKind::Institution, INSTITUTION)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let institution = setup::create_org(
        db,
        OrgKind::Institution,
        INSTITUTION,
        Some(health_centre_id),
        Some(INSTITUTION_PHONE),
        now,
    )
    .await?;
    // The password printed is set afterwards, as for the other demo staff.
    let doctor = setup::create_staff(
        db,
        keys,
        institution.id,
        DOCTOR.0,
        DOCTOR.1,
        StaffRole::InstitutionStaff,
        &token::generate(),
        now,
    )
    .await?;
    let today = time::local_date(now, time::DEFAULT_TZ);
    let form = waiting_form(today)
        .validate(today)
        .map_err(|errors| anyhow::anyhow!("demo notification is invalid: {errors:?}"))?;
    let seal_id = crate::services::sealed_text::new_seal_id();
    let columns = sealed_notifications::columns(keys, &seal_id, &form)
        .map_err(|error| anyhow::anyhow!("demo notification: {error:?}"))?;
    let filing = Filing {
        institution_id: institution.id,
        health_centre_id,
        created_by: doctor.id,
    };
    let stored = db::case_notifications::insert_draft(db, filing, seal_id, columns, now).await?;
    let submitted = StatusChange {
        to: NotificationStatus::Submitted.as_str(),
        by: None,
        return_comment: None,
    };
    let draft = [NotificationStatus::Draft.as_str()];
    db::case_notifications::set_status(db, stored.id, &draft, submitted, now).await?;
    Ok(())
}

/// A notification of a person not among the demo's cases, diagnosed today.
fn waiting_form(today: NaiveDate) -> NotificationForm {
    NotificationForm {
        patient_name: "森 正男".to_owned(),
        patient_kana: "モリ マサオ".to_owned(),
        sex: Some(Sex::Male),
        birth_date: NaiveDate::from_ymd_opt(1954, 2, 14),
        address: "デモ県みまもり市中央1-2-3".to_owned(),
        phone: "090-1111-0001".to_owned(),
        onset_date: Some(today - Duration::days(1)),
        test_method: Some(TestMethod::AntigenQualitative),
        symptoms: vec![ClinicalSymptom::Fever, ClinicalSymptom::Cough],
        risk_factors: vec![RiskFactor::Hypertension],
        notes: "妻と二人暮らし。".to_owned(),
        ..NotificationForm::with_defaults(today, DOCTOR.1)
    }
}
