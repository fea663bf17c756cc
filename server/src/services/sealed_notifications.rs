//! A notification's contents, sealed at rest (docs/security.md, "Encryption at rest"): the
//! form as JSON and the copies of the patient's name, kana, date of birth and phone that lists
//! show. Their associated data names the column and the row's `seal_id`, a random id given when
//! the draft is made (before the row has an id; the row id as text for rows written before
//! migration m0016). The clinical columns lists sort and filter on (severity, admission,
//! diagnosis date, status) stay in clear.

use crate::db::case_notifications::FormColumns;
use crate::entities::case_notification;
use crate::error::ApiError;
use crate::keys::{Keyring, KeyringError};
use crate::services::sealed_text;
use chrono::NaiveDate;
use mimamori_shared::api::case_notifications::NotificationForm;
use mimamori_shared::api::intake::{normalise_phone, normalise_space, to_katakana};

/// The sealed columns of `case_notification`, as named in the associated data.
pub const FORM_FIELD: &str = "case_notification.form";
/// 患者氏名.
pub const NAME_FIELD: &str = "case_notification.patient_name";
/// フリガナ.
pub const KANA_FIELD: &str = "case_notification.patient_kana";
/// 生年月日.
pub const BIRTH_DATE_FIELD: &str = "case_notification.birth_date";
/// Phone.
pub const PHONE_FIELD: &str = "case_notification.phone";
/// The health centre's reason for returning a notification.
pub const RETURN_COMMENT_FIELD: &str = "case_notification.return_comment";

/// The form as stored for the row `seal_id`, sealed, with the copies lists show. A draft may
/// hold anything `NotificationForm::check_draft` let through, so the copies are normalised as
/// far as they can be.
pub fn columns(
    keys: &Keyring,
    seal_id: &str,
    form: &NotificationForm,
) -> Result<FormColumns, ApiError> {
    let seal = |field: &str, text: &str| keys.seal(field, seal_id, text);
    let kana = normalise_space(&form.patient_kana);
    let json = serde_json::to_string(form).map_err(anyhow::Error::from)?;
    Ok(FormColumns {
        form: seal(FORM_FIELD, &json),
        patient_name: seal(NAME_FIELD, &normalise_space(&form.patient_name)),
        patient_kana: seal(KANA_FIELD, &to_katakana(&kana).unwrap_or(kana)),
        birth_date: form
            .birth_date
            .map(|date| seal(BIRTH_DATE_FIELD, &sealed_text::date_text(date))),
        phone: seal(
            PHONE_FIELD,
            &normalise_phone(&form.phone).unwrap_or_default(),
        ),
        severity: form.severity,
        needs_admission: form.needs_admission,
        diagnosis_date: form.diagnosis_date,
    })
}

/// The stored form, opened.
pub fn form_of(
    keys: &Keyring,
    model: &case_notification::Model,
) -> Result<NotificationForm, ApiError> {
    let json = keys.unseal(FORM_FIELD, &model.seal_id, &model.sealed_form)?;
    serde_json::from_str(&json)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("notification {}: {e}", model.id)))
}

/// What a list entry shows of the patient: name, kana and date of birth, opened.
pub struct ListedPatient {
    /// 患者氏名.
    pub name: String,
    /// フリガナ.
    pub kana: String,
    /// 生年月日.
    pub birth_date: Option<NaiveDate>,
}

/// The patient a list entry shows.
pub fn listed_patient(
    keys: &Keyring,
    model: &case_notification::Model,
) -> Result<ListedPatient, KeyringError> {
    let id = model.seal_id.as_str();
    let birth_date = model
        .sealed_birth_date
        .as_deref()
        .map(|sealed| sealed_text::open_date(keys, BIRTH_DATE_FIELD, id, sealed))
        .transpose()?;
    Ok(ListedPatient {
        name: keys.unseal(NAME_FIELD, id, &model.sealed_patient_name)?,
        kana: keys.unseal(KANA_FIELD, id, &model.sealed_patient_kana)?,
        birth_date,
    })
}
