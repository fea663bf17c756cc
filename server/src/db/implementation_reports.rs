//! Queries of the daily implementation reports (実施報告): the counts, compiled with a few
//! GROUP BY queries over every (health centre, follow-up organisation) pair of a day at once,
//! and the stored reports.
//!
//! A case belongs to the pair of its health centre and its current follow-up organisation.

use crate::entities::{
    case_event, contract, finding, health_report, implementation_report, inpatient_report, job_run,
    organisation, patient_case, staff_user,
};
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::api::admin::OrgKind;
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, IntoColumnRef, OnConflict, Query, SelectStatement,
    SimpleExpr,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// A (health centre, follow-up organisation) pair.
pub type Pair = (i64, i64);

/// The moments of one local day that the counts are taken over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    /// The local day.
    pub day: NaiveDate,
    /// Its start (local midnight), in UTC.
    pub start: DateTime<Utc>,
    /// The cut: the report time that day, in UTC. Nothing at or after it counts.
    pub cut: DateTime<Utc>,
}

use patient_case::Column as C;

fn case_col(column: C) -> sea_orm::sea_query::ColumnRef {
    (patient_case::Entity, column).into_column_ref()
}

/// Cases of the given health centres that have a follow-up organisation.
fn of_centres(hc_ids: &[i64]) -> Cond {
    Cond::all()
        .add(Expr::col(case_col(C::HealthCentreId)).is_in(hc_ids.iter().copied()))
        .add(Expr::col(case_col(C::FollowupOrgId)).is_not_null())
}

/// Under follow-up on the day: registered before the cut, started by the day, not ended
/// before the day began.
fn under_followup(w: &Window) -> Cond {
    Cond::all()
        .add(Expr::col(case_col(C::CreatedAt)).lt(w.cut))
        .add(Expr::col(case_col(C::FollowupStart)).lte(w.day))
        .add(
            Cond::any()
                .add(Expr::col(case_col(C::EndedAt)).is_null())
                .add(Expr::col(case_col(C::EndedAt)).gte(w.start)),
        )
}

/// `column` within [start, cut).
fn within(column: impl IntoColumnRef + Clone, w: &Window) -> Cond {
    Cond::all()
        .add(Expr::col(column.clone()).gte(w.start))
        .add(Expr::col(column).lt(w.cut))
}

/// Selects the pair columns of the joined case and groups by them.
fn by_pair(query: &mut SelectStatement) {
    query
        .expr_as(Expr::col(case_col(C::HealthCentreId)), Alias::new("hc"))
        .expr_as(Expr::col(case_col(C::FollowupOrgId)), Alias::new("org"))
        .add_group_by([
            Expr::col(case_col(C::HealthCentreId)),
            Expr::col(case_col(C::FollowupOrgId)),
        ]);
}

/// Rows of a query grouped by pair and `labels`, counted: the pair, the labels (each `None` when
/// null), and `COUNT(*)`.
async fn grouped(
    db: &impl ConnectionTrait,
    mut query: SelectStatement,
    labels: &[&str],
) -> Result<Vec<(Pair, Vec<Option<String>>, i64)>, DbErr> {
    query.expr_as(Expr::cust("COUNT(*)"), Alias::new("n"));
    let rows = db.query_all(&query).await?;
    rows.iter()
        .map(|row| {
            let hc: i64 = row.try_get("", "hc")?;
            let org: i64 = row.try_get("", "org")?;
            let n: i64 = row.try_get("", "n")?;
            let mut values = Vec::with_capacity(labels.len());
            for label in labels {
                values.push(row.try_get::<Option<String>>("", label)?);
            }
            Ok(((hc, org), values, n))
        })
        .collect()
}

/// Rows of a query grouped by pair only: the pair and its count.
async fn per_pair(
    db: &impl ConnectionTrait,
    query: SelectStatement,
) -> Result<Vec<(Pair, i64)>, DbErr> {
    Ok(grouped(db, query, &[])
        .await?
        .into_iter()
        .map(|(pair, _, n)| (pair, n))
        .collect())
}

/// Cases under follow-up on the day, and of those, new ones (registered on the day before the
/// cut), by pair: `(pair, under follow-up, new)`.
pub async fn case_counts(
    db: &impl ConnectionTrait,
    hc_ids: &[i64],
    w: &Window,
) -> Result<Vec<(Pair, i64, i64)>, DbErr> {
    let mut query = Query::select();
    query.from(patient_case::Entity);
    by_pair(&mut query);
    query
        .expr_as(
            Func::count(Expr::case(under_followup(w), 1)),
            Alias::new("under"),
        )
        .expr_as(
            Func::count(Expr::case(within(case_col(C::CreatedAt), w), 1)),
            Alias::new("n"),
        )
        .cond_where(of_centres(hc_ids))
        .and_where(Expr::col(case_col(C::CreatedAt)).lt(w.cut));
    let rows = db.query_all(&query).await?;
    rows.iter()
        .map(|row| {
            Ok((
                (row.try_get("", "hc")?, row.try_get("", "org")?),
                row.try_get("", "under")?,
                row.try_get("", "n")?,
            ))
        })
        .collect()
}

/// Ends of follow-up on the day before the cut, by pair and reason.
pub async fn ended_counts(
    db: &impl ConnectionTrait,
    hc_ids: &[i64],
    w: &Window,
) -> Result<Vec<(Pair, Vec<Option<String>>, i64)>, DbErr> {
    let mut query = Query::select();
    query.from(patient_case::Entity);
    by_pair(&mut query);
    query
        .expr_as(Expr::col(case_col(C::EndReason)), Alias::new("reason"))
        .add_group_by([Expr::col(case_col(C::EndReason))])
        .cond_where(of_centres(hc_ids))
        .cond_where(within(case_col(C::EndedAt), w));
    grouped(db, query, &["reason"]).await
}

/// Reports submitted on the day before the cut, by pair, who entered them and flag.
pub async fn report_counts(
    db: &impl ConnectionTrait,
    hc_ids: &[i64],
    w: &Window,
) -> Result<Vec<(Pair, Vec<Option<String>>, i64)>, DbErr> {
    use health_report::Column as R;
    let mut query = Query::select();
    query
        .from(health_report::Entity)
        .inner_join(
            patient_case::Entity,
            Expr::col(case_col(C::Id)).equals((health_report::Entity, R::CaseId)),
        )
        .expr_as(
            Expr::col((health_report::Entity, R::EnteredBy)),
            Alias::new("entered_by"),
        )
        .expr_as(
            Expr::col((health_report::Entity, R::Flag)),
            Alias::new("flag"),
        )
        .add_group_by([
            Expr::col((health_report::Entity, R::EnteredBy)),
            Expr::col((health_report::Entity, R::Flag)),
        ]);
    by_pair(&mut query);
    query
        .cond_where(of_centres(hc_ids))
        .cond_where(within((health_report::Entity, R::SubmittedAt), w));
    grouped(db, query, &["entered_by", "flag"]).await
}

/// Cases under follow-up that have a report for the day's slots submitted before the cut, by
/// pair.
pub async fn reported_cases(
    db: &impl ConnectionTrait,
    hc_ids: &[i64],
    w: &Window,
) -> Result<Vec<(Pair, i64)>, DbErr> {
    use health_report::Column as R;
    let mut query = Query::select();
    query.from(patient_case::Entity);
    by_pair(&mut query);
    query
        .cond_where(of_centres(hc_ids))
        .cond_where(under_followup(w))
        .and_where(Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(health_report::Entity)
                .and_where(Expr::col((health_report::Entity, R::CaseId)).equals(case_col(C::Id)))
                .and_where(Expr::col((health_report::Entity, R::SlotDate)).eq(w.day))
                .and_where(Expr::col((health_report::Entity, R::SubmittedAt)).lt(w.cut))
                .take(),
        ));
    per_pair(db, query).await
}

/// Whether the case was in hospital at the cut: its newest inpatient status report before the
/// cut says inpatient or transferred (`inpatient_report`).
fn in_hospital_at(cut: DateTime<Utc>) -> SimpleExpr {
    use inpatient_report::Column as I;
    let (r, r2) = (Alias::new("r"), Alias::new("r2"));
    let newer = Query::select()
        .expr(Expr::val(1))
        .from_as(inpatient_report::Entity, r2.clone())
        .and_where(Expr::col((r2.clone(), I::CaseId)).equals(case_col(C::Id)))
        .and_where(Expr::col((r2.clone(), I::ReportedAt)).lt(cut))
        .and_where(Expr::col((r2, I::ReportedAt)).gt(Expr::col((r.clone(), I::ReportedAt))))
        .take();
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from_as(inpatient_report::Entity, r.clone())
            .and_where(Expr::col((r.clone(), I::CaseId)).equals(case_col(C::Id)))
            .and_where(Expr::col((r.clone(), I::ReportedAt)).lt(cut))
            .and_where(Expr::col((r, I::Outcome)).is_in(IN_HOSPITAL))
            .and_where(Expr::exists(newer).not())
            .take(),
    )
}

/// Outcomes of an inpatient status report that leave the patient in hospital.
const IN_HOSPITAL: [&str; 2] = ["inpatient", "transferred"];

/// Cases under follow-up that were in hospital at the cut and have no report for the day, by
/// pair: they could not report (the app refuses while home follow-up is paused), so they are
/// not counted as "not reported".
pub async fn in_hospital_unreported(
    db: &impl ConnectionTrait,
    hc_ids: &[i64],
    w: &Window,
) -> Result<Vec<(Pair, i64)>, DbErr> {
    use health_report::Column as R;
    let mut query = Query::select();
    query.from(patient_case::Entity);
    by_pair(&mut query);
    query
        .cond_where(of_centres(hc_ids))
        .cond_where(under_followup(w))
        .and_where(in_hospital_at(w.cut))
        .and_where(
            Expr::exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from(health_report::Entity)
                    .and_where(
                        Expr::col((health_report::Entity, R::CaseId)).equals(case_col(C::Id)),
                    )
                    .and_where(Expr::col((health_report::Entity, R::SlotDate)).eq(w.day))
                    .and_where(Expr::col((health_report::Entity, R::SubmittedAt)).lt(w.cut))
                    .take(),
            )
            .not(),
        );
    per_pair(db, query).await
}

/// Phone calls logged on the day before the cut, by pair.
pub async fn call_counts(
    db: &impl ConnectionTrait,
    hc_ids: &[i64],
    w: &Window,
) -> Result<Vec<(Pair, i64)>, DbErr> {
    use case_event::Column as E;
    let mut query = Query::select();
    query.from(case_event::Entity).inner_join(
        patient_case::Entity,
        Expr::col(case_col(C::Id)).equals((case_event::Entity, E::CaseId)),
    );
    by_pair(&mut query);
    query
        .cond_where(of_centres(hc_ids))
        .and_where(Expr::col((case_event::Entity, E::Kind)).eq("call"))
        .cond_where(within((case_event::Entity, E::CreatedAt), w));
    per_pair(db, query).await
}

/// Findings (amendments included) written on the day before the cut, by pair.
pub async fn finding_counts(
    db: &impl ConnectionTrait,
    hc_ids: &[i64],
    w: &Window,
) -> Result<Vec<(Pair, i64)>, DbErr> {
    use finding::Column as F;
    let mut query = Query::select();
    query.from(finding::Entity).inner_join(
        patient_case::Entity,
        Expr::col(case_col(C::Id)).equals((finding::Entity, F::CaseId)),
    );
    by_pair(&mut query);
    query
        .cond_where(of_centres(hc_ids))
        .cond_where(within((finding::Entity, F::CreatedAt), w));
    per_pair(db, query).await
}

/// Cases referred for admission on the day before the cut — a finding (or amendment) with the
/// referral `admission`, an end of follow-up as `hospitalised`, or an institution's inpatient
/// status report of an admission — as (pair, case id), a case possibly more than once.
pub async fn admission_cases(
    db: &impl ConnectionTrait,
    hc_ids: &[i64],
    w: &Window,
) -> Result<Vec<(Pair, i64)>, DbErr> {
    use finding::Column as F;
    let mut referred = Query::select();
    referred
        .distinct()
        .expr_as(Expr::col(case_col(C::HealthCentreId)), Alias::new("hc"))
        .expr_as(Expr::col(case_col(C::FollowupOrgId)), Alias::new("org"))
        .expr_as(Expr::col(case_col(C::Id)), Alias::new("case_id"))
        .from(finding::Entity)
        .inner_join(
            patient_case::Entity,
            Expr::col(case_col(C::Id)).equals((finding::Entity, F::CaseId)),
        )
        .cond_where(of_centres(hc_ids))
        .and_where(Expr::col((finding::Entity, F::Referral)).eq("admission"))
        .cond_where(within((finding::Entity, F::CreatedAt), w));
    let mut hospitalised = Query::select();
    hospitalised
        .expr_as(Expr::col(case_col(C::HealthCentreId)), Alias::new("hc"))
        .expr_as(Expr::col(case_col(C::FollowupOrgId)), Alias::new("org"))
        .expr_as(Expr::col(case_col(C::Id)), Alias::new("case_id"))
        .from(patient_case::Entity)
        .cond_where(of_centres(hc_ids))
        .and_where(Expr::col(case_col(C::EndReason)).eq("hospitalised"))
        .cond_where(within(case_col(C::EndedAt), w));
    // An institution's report of an admission (or a transfer) filed on the day counts too.
    use inpatient_report::Column as I;
    let mut admitted = Query::select();
    admitted
        .distinct()
        .expr_as(Expr::col(case_col(C::HealthCentreId)), Alias::new("hc"))
        .expr_as(Expr::col(case_col(C::FollowupOrgId)), Alias::new("org"))
        .expr_as(Expr::col(case_col(C::Id)), Alias::new("case_id"))
        .from(inpatient_report::Entity)
        .inner_join(
            patient_case::Entity,
            Expr::col(case_col(C::Id)).equals((inpatient_report::Entity, I::CaseId)),
        )
        .cond_where(of_centres(hc_ids))
        .and_where(Expr::col((inpatient_report::Entity, I::Outcome)).is_in(IN_HOSPITAL))
        .cond_where(within((inpatient_report::Entity, I::ReportedAt), w));
    let mut rows = db.query_all(&referred).await?;
    rows.extend(db.query_all(&hospitalised).await?);
    rows.extend(db.query_all(&admitted).await?);
    rows.iter()
        .map(|row| {
            Ok((
                (row.try_get("", "hc")?, row.try_get("", "org")?),
                row.try_get("", "case_id")?,
            ))
        })
        .collect()
}

/// The pairs of the given health centres: every contract in force, and every follow-up
/// organisation that has cases of the centre (a contract may have ended while cases remain).
pub async fn pairs(db: &impl ConnectionTrait, hc_ids: &[i64]) -> Result<Vec<Pair>, DbErr> {
    let mut pairs: Vec<Pair> = contract::Entity::find()
        .select_only()
        .column(contract::Column::HealthCentreId)
        .column(contract::Column::FollowupOrgId)
        .filter(contract::Column::HealthCentreId.is_in(hc_ids.iter().copied()))
        .filter(contract::Column::EndedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let from_cases: Vec<(i64, Option<i64>)> = patient_case::Entity::find()
        .select_only()
        .column(C::HealthCentreId)
        .column(C::FollowupOrgId)
        .distinct()
        .filter(C::HealthCentreId.is_in(hc_ids.iter().copied()))
        .filter(C::FollowupOrgId.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    pairs.extend(
        from_cases
            .into_iter()
            .filter_map(|(hc, org)| org.map(|org| (hc, org))),
    );
    pairs.sort_unstable();
    pairs.dedup();
    Ok(pairs)
}

/// The health centres (id, name, creation time).
pub async fn health_centres(db: &impl ConnectionTrait) -> Result<Vec<organisation::Model>, DbErr> {
    organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::HealthCentre))
        .order_by_asc(organisation::Column::Id)
        .all(db)
        .await
}

/// Organisations by id.
pub async fn organisations(
    db: &impl ConnectionTrait,
    ids: Vec<i64>,
) -> Result<Vec<organisation::Model>, DbErr> {
    organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(db)
        .await
}

/// Active health-centre staff of the given centres who gave an e-mail address.
pub async fn hc_staff_with_email(
    db: &impl ConnectionTrait,
    hc_ids: &[i64],
) -> Result<Vec<staff_user::Model>, DbErr> {
    staff_user::Entity::find()
        .filter(staff_user::Column::OrganisationId.is_in(hc_ids.iter().copied()))
        .filter(staff_user::Column::Role.eq("hc_staff"))
        .filter(staff_user::Column::Active.eq(true))
        .filter(staff_user::Column::Email.is_not_null())
        .order_by_asc(staff_user::Column::Id)
        .all(db)
        .await
}

/// Stores a report unless the pair already has one for the day. Returns the new row, or
/// `None` when one was there (a re-run: nothing changes).
pub async fn insert_once(
    db: &impl ConnectionTrait,
    (health_centre_id, followup_org_id): Pair,
    day: NaiveDate,
    counts_json: String,
    now: DateTime<Utc>,
) -> Result<Option<implementation_report::Model>, DbErr> {
    use implementation_report::Column as I;
    let result = implementation_report::Entity::insert(implementation_report::ActiveModel {
        followup_org_id: Set(followup_org_id),
        health_centre_id: Set(health_centre_id),
        report_date: Set(day),
        compiled_at: Set(now),
        counts: Set(counts_json),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([I::HealthCentreId, I::FollowupOrgId, I::ReportDate])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await;
    match result {
        Ok(1) => {}
        Ok(_) | Err(DbErr::RecordNotInserted) => return Ok(None),
        Err(error) => return Err(error),
    }
    implementation_report::Entity::find()
        .filter(I::HealthCentreId.eq(health_centre_id))
        .filter(I::FollowupOrgId.eq(followup_org_id))
        .filter(I::ReportDate.eq(day))
        .one(db)
        .await
}

/// Stored reports matching `scope` (a condition on `implementation_report`) within the dates,
/// newest date first, at most `limit`.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: Condition,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    limit: u64,
) -> Result<Vec<implementation_report::Model>, DbErr> {
    use implementation_report::Column as I;
    let mut query = implementation_report::Entity::find().filter(scope);
    if let Some(from) = from {
        query = query.filter(I::ReportDate.gte(from));
    }
    if let Some(to) = to {
        query = query.filter(I::ReportDate.lte(to));
    }
    query
        .order_by_desc(I::ReportDate)
        .order_by_asc(I::HealthCentreId)
        .order_by_asc(I::FollowupOrgId)
        .limit(limit)
        .all(db)
        .await
}

/// One stored report within `scope`.
pub async fn find(
    db: &impl ConnectionTrait,
    scope: Condition,
    id: i64,
) -> Result<Option<implementation_report::Model>, DbErr> {
    implementation_report::Entity::find_by_id(id)
        .filter(scope)
        .one(db)
        .await
}

/// Which of `scopes` of `job` have a `job_run` marker.
pub async fn done_scopes(
    db: &impl ConnectionTrait,
    job: &str,
    scopes: Vec<String>,
) -> Result<std::collections::HashSet<String>, DbErr> {
    if scopes.is_empty() {
        return Ok(std::collections::HashSet::new());
    }
    let done: Vec<String> = job_run::Entity::find()
        .select_only()
        .column(job_run::Column::Scope)
        .filter(job_run::Column::Job.eq(job))
        .filter(job_run::Column::Scope.is_in(scopes))
        .into_tuple()
        .all(db)
        .await?;
    Ok(done.into_iter().collect())
}
