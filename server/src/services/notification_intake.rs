//! The health centre's intake of notifications (発生届; docs/health-centre.md, "Notifications
//! from medical institutions (発生届の受付)"): accepting a submitted notification — which
//! registers the case through [`super::intake`], with its duplicate detection, or links the
//! notification to the case already registered — or returning it to the institution with a
//! comment.

use super::case_notifications::{in_scope, record, reloaded};
use super::handoff_notices::{self, NotificationChange};
use super::intake::{
    RegisterError, Source, contracted_ids, existing_duplicates, no_contract, store_cases,
};
use super::sealed_notifications::{self, form_of};
use super::time;
use crate::access::{StaffAction, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::db::case_events::NewEvent;
use crate::db::case_notifications::StatusChange;
use crate::entities::{case_notification, organisation};
use crate::error::ApiError;
use crate::keys::Keyring;
use crate::services::audit;
use chrono::{DateTime, Utc};
use mimamori_shared::api::case_notifications::{
    AcceptNotification, AcceptedNotification, NotificationForm, NotificationStatus,
    NotificationView, ReturnNotification,
};
use mimamori_shared::api::cases::CaseEventKind;
use mimamori_shared::api::intake::{CaseRef, RegisterCase};
use mimamori_shared::i18n::Lang;
use mimamori_shared::i18n::staff_institution as label;
use mimamori_shared::ids::{CaseId, CaseNotificationId};
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

/// Accepts a submitted notification (409 `not_submitted` otherwise). The case is registered
/// from the form, with the follow-up organisation, period and slots of `request`, in the same
/// transaction that marks the notification accepted, so two accepts of one notification make
/// one case. When the person is already registered (name, date of birth and phone), the answer
/// is 409 `duplicate_case` with that case, unless `request.link_to_case` names exactly it: then
/// the notification is linked to it (timeline `notification_linked`) and no case is made.
/// Either way the filing institution is told in the same transaction (a notice linking to the
/// notification under `public_url`).
pub async fn accept(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    public_url: &str,
    caller: &StaffCaller,
    id: CaseNotificationId,
    request: &AcceptNotification,
    now: DateTime<Utc>,
) -> Result<AcceptedNotification, RegisterError> {
    let current = decidable(db, caller, id).await?;
    let centre = db::orgs::find(db, current.health_centre_id)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("health centre is gone")))?;
    let institution = db::orgs::find(db, current.institution_id)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("institution is gone")))?;
    let today = time::local_date(now, time::zone(&centre.time_zone));
    let form = form_of(keys, &current)?;
    let mut registration = register_case(&form, &institution, request);
    registration.followup_days = registration
        .followup_days
        .or(db::orgs::prefecture_followup_days(db, &centre).await?);
    let case = registration.validate(today).map_err(ApiError::Validation)?;
    if let Some(org) = case.followup_org_id
        && !contracted_ids(db, centre.id).await?.contains(&org.0)
    {
        return Err(no_contract("followup_org_id").into());
    }
    let existing = existing_duplicates(db, keys, centre.id, &[case.duplicate_key()])
        .await?
        .into_values()
        .next();
    match (existing, request.link_to_case) {
        (Some(found), Some(link)) if found.id == link => {
            link_to(
                db,
                keys,
                public_url,
                caller,
                &current,
                &institution,
                found,
                now,
            )
            .await
        }
        (Some(found), None) => {
            // The case found may be this notification's own, made by a concurrent accept
            // that committed after it was read: that is no duplicate but a decision taken.
            let now_status = db::case_notifications::find(db, current.id)
                .await?
                .map(|n| n.status);
            if now_status != Some(NotificationStatus::Submitted) {
                return Err(not_submitted().into());
            }
            Err(RegisterError::Duplicate(found))
        }
        (_, Some(_)) => Err(ApiError::field(
            "link_to_case",
            "not_duplicate",
            "not the case registered for this person",
        )
        .into()),
        (None, None) => {
            let txn = db.begin().await?;
            claim(&txn, caller, &current, now).await?;
            let stored = store_cases(
                &txn,
                keys,
                caller,
                &centre,
                &[case],
                Source::Notification,
                today,
                now,
            )
            .await?;
            let made = stored
                .first()
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("accept stored no case")))?;
            db::case_notifications::set_case(&txn, current.id, made.id).await?;
            let case = CaseRef {
                id: CaseId(made.id),
                case_number: made.case_number.clone(),
            };
            accepted(&txn, public_url, caller, &current, &case, "created", now).await?;
            txn.commit().await?;
            Ok(AcceptedNotification {
                case,
                created: true,
            })
        }
    }
}

/// Returns a submitted notification to the institution with a comment (required); the
/// institution may then correct and resubmit it. Its staff are told in the same transaction (a
/// notice linking to the notification under `public_url`; the comment stays in the record).
pub async fn return_notification(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    public_url: &str,
    caller: &StaffCaller,
    id: CaseNotificationId,
    request: &ReturnNotification,
    now: DateTime<Utc>,
) -> Result<NotificationView, ApiError> {
    let current = decidable(db, caller, id).await?;
    let comment = request.validate().map_err(ApiError::Validation)?;
    let txn = db.begin().await?;
    let change = StatusChange {
        to: NotificationStatus::Returned.as_str(),
        by: Some(caller.staff_id.0),
        return_comment: Some(keys.seal(
            sealed_notifications::RETURN_COMMENT_FIELD,
            &current.seal_id,
            &comment,
        )),
    };
    let submitted = [NotificationStatus::Submitted.as_str()];
    if !db::case_notifications::set_status(&txn, current.id, &submitted, change, now).await? {
        return Err(not_submitted());
    }
    handoff_notices::notify_notification(
        &txn,
        public_url,
        &current,
        NotificationChange::Returned,
        now,
    )
    .await?;
    record(
        &txn,
        caller,
        audit::action::NOTIFICATION_RETURN,
        &current,
        now,
    )
    .await?;
    txn.commit().await?;
    reloaded(db, keys, caller, current.id).await
}

/// A notification submitted to the caller's health centre that the caller may decide on: 404
/// outside the scope, 403 for a role that may not decide, 409 unless it is submitted.
async fn decidable(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    id: CaseNotificationId,
) -> Result<case_notification::Model, ApiError> {
    let model = in_scope(db, caller, id).await?;
    if !staff_may(caller.role, StaffAction::DecideNotification) {
        return Err(ApiError::Forbidden);
    }
    if model.status != NotificationStatus::Submitted {
        return Err(not_submitted());
    }
    Ok(model)
}

fn not_submitted() -> ApiError {
    ApiError::Conflict {
        code: "not_submitted",
        detail: "Only a submitted notification can be accepted or returned; it has been \
                 decided already or is being corrected.",
    }
}

/// Marks the notification accepted within `txn`, unless someone decided it since it was read
/// (409): the conditional update is what lets only one of two concurrent accepts through.
async fn claim(
    txn: &impl ConnectionTrait,
    caller: &StaffCaller,
    current: &case_notification::Model,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let change = StatusChange {
        to: NotificationStatus::Accepted.as_str(),
        by: Some(caller.staff_id.0),
        return_comment: None,
    };
    let submitted = [NotificationStatus::Submitted.as_str()];
    if db::case_notifications::set_status(txn, current.id, &submitted, change, now).await? {
        Ok(())
    } else {
        Err(not_submitted())
    }
}

/// Links the notification to the case already registered for the person.
#[expect(
    clippy::too_many_arguments,
    reason = "the notification, the case, who links them, when, and the keys and link it needs"
)]
async fn link_to(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    public_url: &str,
    caller: &StaffCaller,
    current: &case_notification::Model,
    institution: &organisation::Model,
    case: CaseRef,
    now: DateTime<Utc>,
) -> Result<AcceptedNotification, RegisterError> {
    let txn = db.begin().await?;
    claim(&txn, caller, current, now).await?;
    db::case_notifications::set_case(&txn, current.id, case.id.0).await?;
    crate::services::case_events::add(
        &txn,
        keys,
        NewEvent {
            case_id: case.id.0,
            kind: CaseEventKind::NotificationLinked,
            actor_staff_id: Some(caller.staff_id.0),
            organisation_id: Some(caller.org_id.0),
            outcome: None,
            note: format!("{}からの発生届", institution.name),
            related_org_id: None,
        },
        now,
    )
    .await?;
    accepted(&txn, public_url, caller, current, &case, "linked", now).await?;
    txn.commit().await?;
    Ok(AcceptedNotification {
        case,
        created: false,
    })
}

/// What accepting does besides the case: the institution's notice and the audit entry.
async fn accepted(
    db: &impl ConnectionTrait,
    public_url: &str,
    caller: &StaffCaller,
    current: &case_notification::Model,
    case: &CaseRef,
    how: &str,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let change = NotificationChange::Accepted {
        case_number: &case.case_number,
    };
    handoff_notices::notify_notification(db, public_url, current, change, now).await?;
    audit::staff_detail(
        db,
        caller,
        audit::action::NOTIFICATION_ACCEPT,
        Some(case.id.0),
        format!("notification:{}:{how}", current.id),
        now,
    )
    .await
}

/// The registration a notification amounts to. What the case record has no field for is
/// written out in Japanese for the follow-up staff: the test in `test_summary`, the clinical
/// picture and the whereabouts in `interview_notes`.
fn register_case(
    form: &NotificationForm,
    institution: &organisation::Model,
    request: &AcceptNotification,
) -> RegisterCase {
    RegisterCase {
        name: form.patient_name.clone(),
        name_kana: form.patient_kana.clone(),
        birth_date: form.birth_date,
        sex: form.sex,
        phone: form.phone.clone(),
        address: form.address.clone(),
        risk_factors: form.risk_factors.clone(),
        onset_date: form.onset_date,
        specimen_date: form.specimen_date,
        test_summary: test_summary(form, institution),
        interview_notes: interview_notes(form),
        followup_org_id: request.followup_org_id,
        followup_days: request.followup_days,
        slots_per_day: request.slots_per_day,
        email: form.email.clone(),
    }
}

/// 「検査方法: PCR法／結果: 陽性／検体採取日: 2026-11-24／診断日: 2026-11-24（みまもり総合病院
/// 医師 一郎）」.
fn test_summary(form: &NotificationForm, institution: &organisation::Model) -> String {
    let date =
        |d: Option<chrono::NaiveDate>| d.map_or_else(|| "不明".to_owned(), |d| d.to_string());
    let mut parts = Vec::new();
    if let Some(method) = form.test_method {
        parts.push(format!(
            "検査方法: {}",
            label::test_method(Lang::Ja, method)
        ));
    }
    if let Some(result) = form.test_result {
        parts.push(format!("結果: {}", label::test_result(Lang::Ja, result)));
    }
    parts.push(format!("検体採取日: {}", date(form.specimen_date)));
    parts.push(format!(
        "診断日: {}（{} {}）",
        date(form.diagnosis_date),
        institution.name,
        form.doctor_name
    ));
    parts.join("／")
}

/// One line per item: symptoms, severity, pregnancy, admission, oxygen, whereabouts, notes.
fn interview_notes(form: &NotificationForm) -> String {
    let yes_no = |b: bool, yes: &str, no: &str| if b { yes.to_owned() } else { no.to_owned() };
    let mut lines = Vec::new();
    lines.push(if form.asymptomatic {
        "症状: なし（無症状病原体保有者）".to_owned()
    } else if form.symptoms.is_empty() {
        "症状: 記載なし".to_owned()
    } else {
        let names: Vec<&str> = form
            .symptoms
            .iter()
            .map(|s| label::symptom(Lang::Ja, *s))
            .collect();
        format!("症状: {}", names.join("、"))
    });
    if let Some(severity) = form.severity {
        lines.push(format!("重症度: {}", label::severity(Lang::Ja, severity)));
    }
    if let Some(pregnancy) = form.pregnancy {
        lines.push(format!("妊娠: {}", label::pregnancy(Lang::Ja, pregnancy)));
    }
    lines.push(format!(
        "入院の要否: {}",
        yes_no(form.needs_admission, "要", "不要")
    ));
    lines.push(format!(
        "新たな酸素投与: {}",
        yes_no(form.new_oxygen, "あり", "なし")
    ));
    if !form.whereabouts.is_empty() {
        lines.push(format!("居所: {}", form.whereabouts));
    }
    if !form.notes.is_empty() {
        lines.push(format!("備考: {}", form.notes));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use mimamori_shared::api::case_notifications::{
        ClinicalSymptom, Pregnancy, Severity, TestMethod,
    };

    fn hospital() -> organisation::Model {
        organisation::Model {
            id: 1,
            kind: mimamori_shared::api::admin::OrgKind::Institution,
            name: "みまもり総合病院".to_owned(),
            parent_id: Some(2),
            phone: None,
            time_zone: "Asia/Tokyo".to_owned(),
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            default_followup_days: None,
            retention_years: None,
            address: None,
        }
    }

    #[test]
    fn the_test_and_clinical_picture_are_written_out_in_japanese() {
        let form = NotificationForm {
            test_method: Some(TestMethod::Pcr),
            symptoms: vec![ClinicalSymptom::Fever, ClinicalSymptom::Cough],
            severity: Some(Severity::ModerateI),
            pregnancy: Some(Pregnancy::Yes),
            needs_admission: true,
            whereabouts: "実家".to_owned(),
            notes: "独居".to_owned(),
            ..NotificationForm::with_defaults(
                NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default(),
                "医師 一郎",
            )
        };
        assert_eq!(
            test_summary(&form, &hospital()),
            "検査方法: PCR法／結果: 陽性／検体採取日: 2026-11-24／診断日: 2026-11-24\
             （みまもり総合病院 医師 一郎）"
        );
        assert_eq!(
            interview_notes(&form),
            "症状: 発熱、咳\n重症度: 中等症Ⅰ\n妊娠: あり\n入院の要否: 要\n\
             新たな酸素投与: なし\n居所: 実家\n備考: 独居"
        );
    }

    #[test]
    fn an_asymptomatic_case_says_so() {
        let form = NotificationForm {
            asymptomatic: true,
            ..NotificationForm::default()
        };
        assert!(interview_notes(&form).starts_with("症状: なし（無症状病原体保有者）\n"));
    }
}
