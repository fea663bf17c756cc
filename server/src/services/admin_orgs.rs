//! Administration of the organisation tree and of contracts. An administrator sees and changes
//! only what [`OrgScope`] gives them; anything else is not found (404).

use super::audit;
use super::staff_auth::org_summary;
use crate::access::{OrgScope, StaffAction, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::entities::{contract, organisation};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use mimamori_shared::api::admin::{
    ContractList, ContractView, CreateContract, CreateOrg, OrgKind, OrgNode, OrgTree,
};
use mimamori_shared::api::intake::normalise_phone;
use mimamori_shared::ids::{ContractId, OrgId};
use sea_orm::{Condition, ConnectionTrait, SqlErr};
use std::collections::HashMap;

/// The caller's scope, when their role may manage organisations (403 otherwise).
pub(crate) async fn managed_scope(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    action: StaffAction,
) -> Result<OrgScope, ApiError> {
    if !staff_may(caller.role, action) {
        return Err(ApiError::Forbidden);
    }
    Ok(OrgScope::of(db, caller).await?)
}

/// The organisations the administrator manages, as a tree under their own organisation.
pub async fn tree(db: &impl ConnectionTrait, caller: &StaffCaller) -> Result<OrgTree, ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageOrgs).await?;
    let orgs: Vec<organisation::Model> = db::orgs::list_all(db)
        .await?
        .into_iter()
        .filter(|o| scope.contains(o.id))
        .collect();
    let mut children: HashMap<Option<i64>, Vec<&organisation::Model>> = HashMap::new();
    for org in &orgs {
        // An organisation whose parent is outside the scope is a root of the administrator's
        // part of the tree.
        let parent = org.parent_id.filter(|p| scope.contains(*p));
        children.entry(parent).or_default().push(org);
    }
    Ok(OrgTree {
        roots: nodes_under(None, &children),
    })
}

fn nodes_under(
    parent: Option<i64>,
    children: &HashMap<Option<i64>, Vec<&organisation::Model>>,
) -> Vec<OrgNode> {
    let mut level: Vec<&organisation::Model> = children.get(&parent).cloned().unwrap_or_default();
    level.sort_by_key(|o| (kind_rank(o.kind), o.name.clone(), o.id));
    level
        .into_iter()
        .map(|org| {
            let mut node = node(org);
            node.children = nodes_under(Some(org.id), children);
            node
        })
        .collect()
}

fn kind_rank(kind: OrgKind) -> usize {
    OrgKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(OrgKind::ALL.len())
}

fn node(org: &organisation::Model) -> OrgNode {
    OrgNode {
        id: OrgId(org.id),
        kind: org.kind,
        name: org.name.clone(),
        parent_id: org.parent_id.map(OrgId),
        phone: org.phone.clone(),
        time_zone: org.time_zone.clone(),
        address: org.address.clone(),
        children: Vec::new(),
    }
}

/// An organisation in the scope, or 404.
pub(crate) async fn org_in_scope(
    db: &impl ConnectionTrait,
    scope: &OrgScope,
    id: i64,
) -> Result<organisation::Model, ApiError> {
    db::orgs::find(db, id)
        .await?
        .filter(|org| scope.contains(org.id))
        .ok_or(ApiError::NotFound)
}

/// Creates an organisation under `parent_id`, which must be in the scope (404) and of the kind
/// the new one sits under (422 `parent_id`). The time zone defaults to the parent's.
pub async fn create_org(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    request: &CreateOrg,
    now: DateTime<Utc>,
) -> Result<OrgNode, ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageOrgs).await?;
    request.validate().map_err(ApiError::Validation)?;
    let (Some(kind), Some(parent_id)) = (request.kind, request.parent_id) else {
        return Err(ApiError::field("kind", "required", "required"));
    };
    let parent = org_in_scope(db, &scope, parent_id.0).await?;
    if kind.parent_kind().map(OrgKind::as_str) != Some(parent.kind.as_str()) {
        return Err(ApiError::field(
            "parent_id",
            "wrong_parent_kind",
            "this kind of organisation cannot sit under that one",
        ));
    }
    let time_zone = match request.time_zone.as_deref().map(str::trim) {
        Some(zone) if !zone.is_empty() => {
            if zone.parse::<chrono_tz::Tz>().is_err() {
                return Err(ApiError::field(
                    "time_zone",
                    "invalid",
                    "not an IANA time zone",
                ));
            }
            zone.to_owned()
        }
        _ => parent.time_zone.clone(),
    };
    let phone = match request.phone.as_deref().map(str::trim) {
        Some(phone) if !phone.is_empty() => Some(
            normalise_phone(phone)
                .map_err(|_| ApiError::field("phone", "phone_format", "10 or 11 digits"))?,
        ),
        _ => None,
    };
    let address = request
        .address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let org = db::orgs::insert_in_zone(
        db,
        db::orgs::NewOrg {
            kind,
            name: request.name.trim(),
            parent_id: Some(parent.id),
            phone: phone.as_deref(),
            address,
            time_zone: &time_zone,
        },
        now,
    )
    .await?;
    audit::staff_detail(
        db,
        caller,
        audit::action::ORG_CREATE,
        None,
        format!("org:{}", org.id),
        now,
    )
    .await?;
    Ok(node(&org))
}

/// Contracts whose health centre or follow-up organisation is in the scope.
pub async fn list_contracts(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
) -> Result<ContractList, ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageOrgs).await?;
    let condition = Condition::any()
        .add(scope.condition_on(contract::Column::HealthCentreId))
        .add(scope.condition_on(contract::Column::FollowupOrgId));
    let contracts = db::contracts::list(db, condition).await?;
    let orgs: HashMap<i64, organisation::Model> = db::orgs::list_all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut items: Vec<ContractView> = contracts
        .iter()
        .filter_map(|c| contract_view(c, &orgs))
        .collect();
    items.sort_by(|a, b| {
        (&a.health_centre.name, &a.followup_org.name)
            .cmp(&(&b.health_centre.name, &b.followup_org.name))
    });
    Ok(ContractList { items })
}

fn contract_view(
    c: &contract::Model,
    orgs: &HashMap<i64, organisation::Model>,
) -> Option<ContractView> {
    Some(ContractView {
        id: ContractId(c.id),
        followup_org: org_summary(orgs.get(&c.followup_org_id)?),
        health_centre: org_summary(orgs.get(&c.health_centre_id)?),
        created_at: c.created_at,
    })
}

/// Makes a contract between a follow-up organisation and a health centre, both in the scope
/// (404) and of those kinds (422); 409 `contract_exists` when they already have one.
pub async fn create_contract(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    request: &CreateContract,
    now: DateTime<Utc>,
) -> Result<ContractView, ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageOrgs).await?;
    let (followup_id, centre_id) = request.validate().map_err(ApiError::Validation)?;
    let followup = org_in_scope(db, &scope, followup_id.0).await?;
    let centre = org_in_scope(db, &scope, centre_id.0).await?;
    let mut errors = Vec::new();
    if followup.kind != OrgKind::FollowupOrg {
        errors.push(mimamori_shared::api::FieldError::custom(
            "followup_org_id",
            "wrong_kind",
            "not a follow-up organisation",
        ));
    }
    if centre.kind != OrgKind::HealthCentre {
        errors.push(mimamori_shared::api::FieldError::custom(
            "health_centre_id",
            "wrong_kind",
            "not a health centre",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let exists = || ApiError::Conflict {
        code: "contract_exists",
        detail: "These organisations already have a contract.",
    };
    let stored = match db::contracts::find_pair(db, followup.id, centre.id).await? {
        Some(live) if live.ended_at.is_none() => return Err(exists()),
        // The pair had a contract that ended: it is in force again, and the lapse of the
        // organisation's access no longer counts from the old end.
        Some(ended) => {
            db::contracts::set_ended(db, ended.id, None).await?;
            ended
        }
        None => match db::contracts::insert(db, followup.id, centre.id, now).await {
            Ok(stored) => stored,
            // Two administrators making the same contract at once: the unique index decides.
            Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(exists());
            }
            Err(error) => return Err(error.into()),
        },
    };
    audit::staff_detail(
        db,
        caller,
        audit::action::CONTRACT_CREATE,
        None,
        format!("contract:{}", stored.id),
        now,
    )
    .await?;
    Ok(ContractView {
        id: ContractId(stored.id),
        followup_org: org_summary(&followup),
        health_centre: org_summary(&centre),
        created_at: stored.created_at,
    })
}

/// Ends a contract in force in the scope (404 otherwise). Refused (409 `contract_in_use`)
/// while the health centre still has cases under follow-up assigned to the organisation:
/// transfer them first, so no case is left with an organisation that no longer serves its
/// health centre. The row stays with its end time: the organisation may read the cases it
/// followed for `MIMAMORI_FOLLOWUP_ACCESS_DAYS` more (`access::CaseScope`).
pub async fn delete_contract(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    id: ContractId,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageOrgs).await?;
    let contract = db::contracts::find(db, id.0)
        .await?
        .filter(|c| c.ended_at.is_none())
        .filter(|c| scope.contains(c.health_centre_id) || scope.contains(c.followup_org_id))
        .ok_or(ApiError::NotFound)?;
    if db::intake::count_active_assigned(db, contract.followup_org_id, contract.health_centre_id)
        .await?
        > 0
    {
        return Err(ApiError::Conflict {
            code: "contract_in_use",
            detail: "Cases under follow-up are still assigned under this contract; transfer them first.",
        });
    }
    db::contracts::set_ended(db, contract.id, Some(now)).await?;
    audit::staff_detail(
        db,
        caller,
        audit::action::CONTRACT_DELETE,
        None,
        format!("contract:{}", contract.id),
        now,
    )
    .await?;
    Ok(())
}
