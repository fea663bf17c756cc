//! Assigning a case to a follow-up organisation, or transferring it to another, and issuing the
//! patient's invitation (docs/health-centre.md). Health-centre staff only.

use super::case_gate::case_for_action;
use super::intake::{contracted_ids, no_contract};
use super::{audit, patient_auth, staff_auth::org_summary};
use crate::access::StaffAction;
use crate::auth::StaffCaller;
use crate::db;
use crate::db::case_events::NewEvent;
use crate::error::ApiError;
use crate::keys::Keyring;
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use mimamori_shared::api::cases::CaseEventKind;
use mimamori_shared::api::intake::{AssignCase, AssignmentView, InvitationView};
use mimamori_shared::ids::CaseId;
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

/// Assigns the case to `request.followup_org_id`, which must have a contract with the case's
/// health centre (422 otherwise). A transfer takes the case from the organisation that had it:
/// its staff no longer see it ([`crate::access::CaseScope`]). Recorded on the timeline and audited; assigning
/// to the organisation that already has the case changes nothing.
pub async fn assign(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    caller: &StaffCaller,
    case_id: CaseId,
    request: &AssignCase,
    now: DateTime<Utc>,
) -> Result<AssignmentView, ApiError> {
    let case = case_for_action(db, caller, case_id, StaffAction::AssignCase).await?;
    let Some(org_id) = request.followup_org_id else {
        return Err(ApiError::field("followup_org_id", "required", "required"));
    };
    if !contracted_ids(db, case.health_centre_id)
        .await?
        .contains(&org_id.0)
    {
        return Err(no_contract("followup_org_id"));
    }
    let org = db::orgs::find(db, org_id.0)
        .await?
        .ok_or_else(|| no_contract("followup_org_id"))?;
    let previous = match case.followup_org_id {
        Some(id) => db::orgs::find(db, id).await?,
        None => None,
    };
    if case.followup_org_id != Some(org.id) {
        let txn = db.begin().await?;
        db::intake::set_followup_org(&txn, case.id, org.id).await?;
        let note = previous
            .as_ref()
            .map(|p| format!("{} → {}", p.name, org.name))
            .unwrap_or_default();
        crate::services::case_events::add(
            &txn,
            keys,
            NewEvent {
                case_id: case.id,
                kind: CaseEventKind::Assignment,
                actor_staff_id: Some(caller.staff_id.0),
                organisation_id: Some(caller.org_id.0),
                outcome: Some(
                    if previous.is_some() {
                        "transfer"
                    } else {
                        "assign"
                    }
                    .into(),
                ),
                note,
                related_org_id: Some(org.id),
            },
            now,
        )
        .await?;
        audit::staff_detail(
            &txn,
            caller,
            audit::action::CASE_ASSIGN,
            Some(case.id),
            format!("org:{}", org.id),
            now,
        )
        .await?;
        txn.commit().await?;
    }
    Ok(AssignmentView {
        case_id: CaseId(case.id),
        followup_org: org_summary(&org),
        previous_org: previous
            .as_ref()
            .filter(|p| p.id != org.id)
            .map(org_summary),
    })
}

/// Issues a fresh single-use invitation for the case and revokes its earlier unused ones, so
/// only the newest letter works. Refused (409) once follow-up has ended. For a patient who has
/// a sign-in already, the new invitation resets their password.
pub async fn issue_invitation(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    caller: &StaffCaller,
    case_id: CaseId,
    public_url: &str,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<InvitationView, ApiError> {
    let case = case_for_action(db, caller, case_id, StaffAction::IssueInvitation).await?;
    // For an enrolled patient a new invitation is the way to set a new password (forgotten,
    // or a lost phone): redeeming it replaces the password and ends the old sessions.
    let enrolled = db::patients::account_of_case(db, case.id).await?.is_some();
    let txn = db.begin().await?;
    let revoked = db::patients::expire_unused_invitations(&txn, case.id, now).await?;
    let token = patient_auth::issue_invitation(&txn, case.id, ttl, now).await?;
    crate::services::case_events::add(
        &txn,
        keys,
        NewEvent {
            case_id: case.id,
            kind: CaseEventKind::Invitation,
            actor_staff_id: Some(caller.staff_id.0),
            organisation_id: Some(caller.org_id.0),
            outcome: Some(
                match (enrolled, revoked > 0) {
                    (true, _) => "password_reset",
                    (false, true) => "reissued",
                    (false, false) => "issued",
                }
                .into(),
            ),
            note: String::new(),
            related_org_id: None,
        },
        now,
    )
    .await?;
    audit::staff_detail(
        &txn,
        caller,
        audit::action::INVITATION_ISSUE,
        Some(case.id),
        format!("revoked:{revoked}"),
        now,
    )
    .await?;
    txn.commit().await?;
    // A query string, not a path, so the token stays out of path-based access logs.
    let url = format!("{}/invite?token={token}", public_url.trim_end_matches('/'));
    let png = qrcodegen_image::draw_png(&url)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("drawing the QR code: {e}")))?;
    Ok(InvitationView {
        url,
        expires_at: now + ttl,
        qr_png_base64: base64::engine::general_purpose::STANDARD.encode(png),
    })
}
