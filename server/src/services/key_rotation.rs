//! `mimamori keys rotate` and `keys status` (docs/operations.md "Keys").
//!
//! Rotation makes a new data key and re-seals every value sealed under an older one, column by
//! column in batches of [`BATCH`], while the servers go on serving: each value is replaced only
//! if it is still the one read (a server that wrote the row meanwhile wrote it under a key it
//! knows), and running servers take up the new key within [`REFRESH_EVERY`]
//! (`Keyring::refresh`, from the audit sealer's loop), after which they seal with it. Passes
//! repeat until one finds nothing older. Interrupted, it is run again: with values still under
//! an older key than the newest, it finishes that rotation instead of making another key.
//! Old data keys stay in `data_key` (a backup taken before may still need them).

use crate::db;
use crate::db::sealed_columns::{Identity, SealedColumn};
use crate::keys::{Keyring, KeyringError};
use crate::services::{
    case_thresholds, findings, inpatient, messages, personal_data, push, sealed_notifications,
    sealed_text,
};
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

/// Values re-sealed per batch.
pub const BATCH: u64 = 500;

/// How often a running server reads the data keys again.
pub const REFRESH_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// How long a new key is announced before values are re-sealed under it.
pub const ANNOUNCE: std::time::Duration = std::time::Duration::from_secs(12);

/// Every sealed column, with what identifies its rows in the associated data. A column sealed
/// later is added here, and rotation and status cover it.
pub const SEALED_COLUMNS: &[SealedColumn] = &[
    SealedColumn {
        field: crate::auth::totp::SECRET_FIELD,
        table: "staff_user",
        column: "totp_secret",
        identity: Identity::Int("id"),
    },
    SealedColumn {
        field: push::SECRET_FIELD,
        table: "app_secret",
        column: "value",
        identity: Identity::Text("name"),
    },
    SealedColumn {
        field: push::ENDPOINT_FIELD,
        table: "push_subscription",
        column: "endpoint",
        identity: Identity::Text("endpoint_index"),
    },
    SealedColumn {
        field: push::P256DH_FIELD,
        table: "push_subscription",
        column: "p256dh",
        identity: Identity::Text("endpoint_index"),
    },
    SealedColumn {
        field: push::AUTH_FIELD,
        table: "push_subscription",
        column: "auth",
        identity: Identity::Text("endpoint_index"),
    },
    SealedColumn {
        field: personal_data::NAME_FIELD,
        table: "patient_case",
        column: "name",
        identity: Identity::Text("case_number"),
    },
    SealedColumn {
        field: personal_data::NAME_KANA_FIELD,
        table: "patient_case",
        column: "name_kana",
        identity: Identity::Text("case_number"),
    },
    SealedColumn {
        field: personal_data::BIRTH_DATE_FIELD,
        table: "patient_case",
        column: "birth_date",
        identity: Identity::Text("case_number"),
    },
    SealedColumn {
        field: personal_data::PHONE_FIELD,
        table: "patient_case",
        column: "phone",
        identity: Identity::Text("case_number"),
    },
    SealedColumn {
        field: personal_data::ADDRESS_FIELD,
        table: "patient_case",
        column: "address",
        identity: Identity::Text("case_number"),
    },
    SealedColumn {
        field: personal_data::EMAIL_FIELD,
        table: "patient_case",
        column: "email",
        identity: Identity::Text("case_number"),
    },
    SealedColumn {
        field: personal_data::TEST_SUMMARY_FIELD,
        table: "patient_case",
        column: "test_summary",
        identity: Identity::Text("case_number"),
    },
    SealedColumn {
        field: personal_data::INTERVIEW_NOTES_FIELD,
        table: "patient_case",
        column: "interview_notes",
        identity: Identity::Text("case_number"),
    },
    SealedColumn {
        field: sealed_notifications::FORM_FIELD,
        table: "case_notification",
        column: "form",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: sealed_notifications::NAME_FIELD,
        table: "case_notification",
        column: "patient_name",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: sealed_notifications::KANA_FIELD,
        table: "case_notification",
        column: "patient_kana",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: sealed_notifications::BIRTH_DATE_FIELD,
        table: "case_notification",
        column: "birth_date",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: sealed_notifications::PHONE_FIELD,
        table: "case_notification",
        column: "phone",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: findings::ASSESSMENT_FIELD,
        table: "finding",
        column: "assessment",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: findings::PLAN_FIELD,
        table: "finding",
        column: "plan",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: messages::BODY_FIELD,
        table: "patient_message",
        column: "body",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: sealed_notifications::RETURN_COMMENT_FIELD,
        table: "case_notification",
        column: "return_comment",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: sealed_text::REPORT_NOTE_FIELD,
        table: "health_report",
        column: "note",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: sealed_text::REPORT_VERSION_NOTE_FIELD,
        table: "health_report_version",
        column: "note",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: sealed_text::EVENT_NOTE_FIELD,
        table: "case_event",
        column: "note",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: case_thresholds::REASON_FIELD,
        table: "case_threshold",
        column: "reason",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: inpatient::HOSPITAL_NAME_FIELD,
        table: "inpatient_report",
        column: "hospital_name",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: inpatient::DOCTOR_NAME_FIELD,
        table: "inpatient_report",
        column: "doctor_name",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: inpatient::SYMPTOMS_FIELD,
        table: "inpatient_report",
        column: "symptoms",
        identity: Identity::Text("seal_id"),
    },
    SealedColumn {
        field: inpatient::FINDINGS_FIELD,
        table: "inpatient_report",
        column: "findings",
        identity: Identity::Text("seal_id"),
    },
];

/// What a rotation did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rotation {
    /// The data key version everything is sealed under now.
    pub version: i32,
    /// Whether this run made that version (false: it finished an interrupted rotation).
    pub made_new_key: bool,
    /// Values re-sealed.
    pub resealed: u64,
    /// Values that did not open (altered, or moved from another row): left as they are and
    /// reported, never silently dropped.
    pub unopenable: Vec<String>,
}

/// How many values each column holds under each data key version.
pub async fn status(
    db: &impl ConnectionTrait,
    keys: &Keyring,
) -> Result<Vec<(&'static str, Vec<(i32, i64)>)>, KeyringError> {
    let mut out = Vec::new();
    for column in SEALED_COLUMNS {
        let mut counts = Vec::new();
        for version in keys.versions() {
            counts.push((
                version,
                db::sealed_columns::count_sealed_under(db, column, version).await?,
            ));
        }
        out.push((column.field, counts));
    }
    Ok(out)
}

/// What a rotation tells its caller as it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The new key is announced: nothing is re-sealed for [`ANNOUNCE`].
    Announced {
        /// Its version.
        version: i32,
    },
    /// A batch of a column was re-sealed.
    Resealed {
        /// `table.column`.
        field: &'static str,
        /// Values re-sealed in the batch.
        count: u64,
    },
}

/// Rotates (see the module's documentation); `progress` is told each [`Step`].
pub async fn rotate(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    now: DateTime<Utc>,
    mut progress: impl FnMut(Step),
) -> Result<Rotation, KeyringError> {
    keys.refresh(db).await?;
    let newest = keys.current_version();
    let unfinished = newest > 1 && has_older(db, newest).await?;
    let version = if unfinished {
        newest
    } else {
        keys.add_version(db, now).await?
    };
    // Also when finishing: the interrupted run may have stopped before its announcement ended.
    progress(Step::Announced { version });
    tokio::time::sleep(ANNOUNCE).await;
    let mut rotation = Rotation {
        version,
        made_new_key: !unfinished,
        ..Rotation::default()
    };
    loop {
        let mut pass = 0;
        for column in SEALED_COLUMNS {
            let mut after: Option<String> = None;
            loop {
                let batch =
                    db::sealed_columns::older_than(db, column, version, after.as_deref(), BATCH)
                        .await?;
                let Some(last) = batch.last() else { break };
                after = Some(last.identity.clone());
                let mut resealed = 0;
                for value in &batch {
                    let plain = match keys.unseal(column.field, &value.identity, &value.value) {
                        Ok(plain) => zeroize::Zeroizing::new(plain),
                        Err(_) => {
                            let what = format!("{} row {}", column.field, value.identity);
                            if !rotation.unopenable.contains(&what) {
                                rotation.unopenable.push(what);
                            }
                            continue;
                        }
                    };
                    let sealed = keys.seal(column.field, &value.identity, &plain);
                    if db::sealed_columns::replace(
                        db,
                        column,
                        &value.identity,
                        &value.value,
                        sealed,
                    )
                    .await?
                    {
                        resealed += 1;
                    }
                }
                rotation.resealed += resealed;
                pass += resealed;
                progress(Step::Resealed {
                    field: column.field,
                    count: resealed,
                });
            }
        }
        // A server that had not yet taken up the new key may have sealed under the old one
        // meanwhile: another pass, until one finds nothing left but what does not open.
        if pass == 0 || !has_older(db, version).await? {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
    Ok(rotation)
}

/// Whether any value is sealed under a version older than `version`.
async fn has_older(db: &impl ConnectionTrait, version: i32) -> Result<bool, KeyringError> {
    for column in SEALED_COLUMNS {
        if !db::sealed_columns::older_than(db, column, version, None, 1)
            .await?
            .is_empty()
        {
            return Ok(true);
        }
    }
    Ok(false)
}
