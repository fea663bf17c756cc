//! The work list's queries. A page is one query on `patient_case` — its report summary columns
//! give each case's bucket as a `CASE` expression — ordered and keyset-paginated on
//! (bucket, newest report first with none last, id descending); then one query for the newest
//! report of the page's cases. Nothing here reads a case without the caller's scope condition.

use crate::entities::codes::{StoredEnteredBy, StoredFlag};
use crate::entities::{case_search_token, contract, health_report, organisation, patient_case};
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::cases::{CaseStatus, Sex};
use sea_orm::sea_query::{
    Alias, Asterisk, CaseStatement, Expr, Func, LikeExpr, NullOrdering, Order, Query,
    SelectStatement,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, ExprTrait, FromQueryResult,
    QueryFilter, QuerySelect,
};

use patient_case::Column as C;

/// Statuses of the cases the list shows: under follow-up at home, paused in hospital, or held
/// by the review gate after the period.
const UNDER_FOLLOWUP: [&str; 3] = ["active", "hospitalised", "end_review"];

/// The moment the list is judged at: the newest slots whose cut-off has passed in the
/// organisation's time zone (`services::worklist::moment_at`). A case is "not reported" only once
/// the cut-off of the slot it missed has passed (docs/notifications.md, "Staff notifications and
/// cut-off").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// The newest day whose cut-off has passed, for a case with one report a day.
    pub due_one: NaiveDate,
    /// The newest (day, slot) whose cut-off has passed, for a case with two reports a day.
    pub due_two: (NaiveDate, i16),
}

/// The case's newest report is for a slot before (`date`, `slot`), or there is none.
pub fn before_slot(date: NaiveDate, slot: i16) -> Condition {
    Condition::any()
        .add(Expr::col(C::LastSlotDate).is_null())
        .add(Expr::col(C::LastSlotDate).lt(date))
        .add(
            Condition::all()
                .add(Expr::col(C::LastSlotDate).eq(date))
                .add(Expr::col(C::LastSlot).lt(slot)),
        )
}

/// What to match in the search, prepared by the service (`services::worklist::search`): a
/// case whose number contains `case_number` (in lowercase), or that has one of `tokens` in
/// `case_search_token` (`services::personal_data`: blind indexes of name prefixes and phone).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// The text in its search form (lowercase, no spaces).
    pub case_number: String,
    /// Blind indexes to look up.
    pub tokens: Vec<String>,
}

/// The filters of a work list, resolved to column values.
#[derive(Debug, Clone)]
pub struct CaseFilter {
    /// The caller's scope (`access::CaseScope::condition`).
    pub scope: Condition,
    /// `Some(None)`: nobody named; `Some(Some(id))`: this staff member.
    pub assigned: Option<Option<i64>>,
    /// Cases whose follow-up started on this day (day N filter).
    pub followup_start: Option<NaiveDate>,
    /// `(true, y)`: born in year `y` or before (65 or over this year); `(false, y)`: after it.
    pub born: Option<(bool, i16)>,
    /// `Some(None)`: any risk factor; `Some(Some(code))`: this one.
    pub risk: Option<Option<&'static str>>,
    /// `Some(None)`: not assigned to a follow-up organisation; `Some(Some(id))`: this one.
    pub org: Option<Option<i64>>,
    /// Search.
    pub search: Option<Search>,
}

/// Where a page starts: after this row (see `WorkListCursor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct After {
    /// The first page's moment: cases with a report after it are left out of later pages.
    pub as_of: DateTime<Utc>,
    /// Bucket rank of the last row.
    pub bucket: i32,
    /// Its newest report.
    pub last_report_at: Option<DateTime<Utc>>,
    /// Its id.
    pub id: i64,
}

/// One case of a page, with its bucket rank.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct PageRow {
    pub id: i64,
    pub case_number: String,
    /// Name, kana and date of birth, sealed (`services::personal_data`).
    pub sealed_name: String,
    pub sealed_name_kana: String,
    pub sealed_birth_date: String,
    pub sex: Sex,
    pub followup_start: NaiveDate,
    pub slots_per_day: i16,
    pub risk_factors: String,
    pub assigned_staff_id: Option<i64>,
    pub followup_org_id: Option<i64>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub last_report_at: Option<DateTime<Utc>>,
    pub unreviewed_flag: Option<StoredFlag>,
    /// `active`, `hospitalised` or `end_review`.
    pub status: CaseStatus,
    /// 0 needs attention, 1 red, 2 end review, 3 amber, 4 not reported, 5 unreviewed, 6 the
    /// rest (`Bucket::rank`).
    pub bucket: i32,
}

/// The newest report of a case, as much as a row shows.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct LatestRow {
    pub id: i64,
    pub case_id: i64,
    pub flag: StoredFlag,
    pub temperature_tenths: i16,
    pub spo2: Option<i16>,
    pub submitted_at: DateTime<Utc>,
    pub entered_by: StoredEnteredBy,
    pub slot_date: NaiveDate,
    pub slot: i16,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// The bucket of a case as a SQL expression (ranks as in `Bucket::rank`).
fn bucket_expr(moment: Moment) -> Expr {
    let lit = |rank: &str| Expr::cust(rank.to_owned());
    // "Not reported": the newest slot whose cut-off has passed was under follow-up and the
    // newest report is older than it.
    let (due_date, due_slot) = moment.due_two;
    let not_reported = Condition::any()
        .add(
            Condition::all()
                .add(Expr::col(C::SlotsPerDay).lt(2))
                .add(Expr::col(C::FollowupStart).lte(moment.due_one))
                .add(before_slot(moment.due_one, 1)),
        )
        .add(
            Condition::all()
                .add(Expr::col(C::SlotsPerDay).gte(2))
                .add(Expr::col(C::FollowupStart).lte(due_date))
                .add(before_slot(due_date, due_slot)),
        );
    // A case in hospital cannot report (home follow-up is paused): never "not reported".
    let not_reported = Condition::all()
        .add(Expr::col(C::Status).eq("active"))
        .add(not_reported);
    // A summary flag the rules do not give (an unknown code, or `needs_attention` for an
    // unknown code among the reports) comes first: nothing unknown may pass for "none".
    let unknown_flag = Condition::all()
        .add(Expr::col(C::UnreviewedFlag).is_not_null())
        .add(Expr::col(C::UnreviewedFlag).is_not_in(["red", "amber", "none"]));
    let case = CaseStatement::new()
        .case(unknown_flag, lit("0"))
        .case(Expr::col(C::UnreviewedFlag).eq("red"), lit("1"))
        .case(Expr::col(C::Status).eq("end_review"), lit("2"))
        .case(Expr::col(C::UnreviewedFlag).eq("amber"), lit("3"))
        .case(not_reported, lit("4"))
        .case(Expr::col(C::UnreviewedFlag).eq("none"), lit("5"))
        .finally(lit("6"));
    case.into()
}

/// `%text%` for LIKE with `\` as the escape character.
fn contains(text: &str) -> LikeExpr {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

fn search_condition(search: &Search) -> Condition {
    let mut any = Condition::any();
    if !search.case_number.is_empty() {
        any = any.add(
            Expr::expr(Func::lower(Expr::col(C::CaseNumber))).like(contains(&search.case_number)),
        );
    }
    if !search.tokens.is_empty() {
        let mut tokens = Query::select();
        tokens
            .column(case_search_token::Column::CaseId)
            .from(case_search_token::Entity)
            .and_where(case_search_token::Column::Token.is_in(search.tokens.clone()));
        any = any.add(Expr::col(C::Id).in_subquery(tokens));
    }
    any
}

/// Cases under follow-up (at home or in hospital) of the filtered scope as (id, newest report,
/// bucket): the subquery every statement reads. Unfiltered, it reads only a covering index
/// (migration m0004).
fn cases(filter: &CaseFilter, moment: Moment) -> SelectStatement {
    let mut query = Query::select();
    query
        .columns([C::Id, C::LastReportAt])
        .expr_as(bucket_expr(moment), Alias::new("bucket"))
        .from(patient_case::Entity)
        .cond_where(filter.scope.clone())
        .and_where(Expr::col(C::Status).is_in(UNDER_FOLLOWUP));
    if let Some(assigned) = filter.assigned {
        query.and_where(match assigned {
            Some(id) => Expr::col(C::AssignedStaffId).eq(id),
            None => Expr::col(C::AssignedStaffId).is_null(),
        });
    }
    if let Some(start) = filter.followup_start {
        query.and_where(Expr::col(C::FollowupStart).eq(start));
    }
    if let Some((over, born)) = filter.born {
        query.and_where(if over {
            Expr::col(C::BirthYear).lte(born)
        } else {
            Expr::col(C::BirthYear).gt(born)
        });
    }
    if let Some(risk) = filter.risk {
        query.and_where(match risk {
            // Codes are stored as a JSON array of strings: the quotes make the match exact.
            Some(code) => Expr::col(C::RiskFactors).like(contains(&format!("\"{code}\""))),
            None => Expr::col(C::RiskFactors).like(contains("\"")),
        });
    }
    if let Some(org) = filter.org {
        query.and_where(match org {
            Some(id) => Expr::col(C::FollowupOrgId).eq(id),
            None => Expr::col(C::FollowupOrgId).is_null(),
        });
    }
    if let Some(search) = &filter.search {
        query.cond_where(search_condition(search));
    }
    query
}

fn col(name: &str) -> Expr {
    Expr::col(Alias::new(name))
}

/// Rows after `after` (in list order), and no case whose newest report came after the walk
/// began: such a case belongs higher up, where the next first page shows it.
fn after_condition(after: After) -> Condition {
    let same_bucket_later = match after.last_report_at {
        Some(at) => Condition::all().add(col("bucket").eq(after.bucket)).add(
            Condition::any()
                .add(col("last_report_at").lt(at))
                .add(col("last_report_at").is_null())
                .add(
                    Condition::all()
                        .add(col("last_report_at").eq(at))
                        .add(col("id").lt(after.id)),
                ),
        ),
        None => Condition::all()
            .add(col("bucket").eq(after.bucket))
            .add(col("last_report_at").is_null())
            .add(col("id").lt(after.id)),
    };
    Condition::all()
        .add(
            Condition::any()
                .add(col("bucket").gt(after.bucket))
                .add(same_bucket_later),
        )
        .add(
            Condition::any()
                .add(col("last_report_at").is_null())
                .add(col("last_report_at").lte(after.as_of)),
        )
}

/// Orders by bucket, newest report first (none last), then id, descending.
fn in_list_order(query: &mut SelectStatement, table: Option<Alias>) -> &mut SelectStatement {
    let column = |name: &str| match &table {
        Some(table) => Expr::col((table.clone(), Alias::new(name))),
        None => col(name),
    };
    query
        .order_by_expr(column("bucket"), Order::Asc)
        .order_by_expr_with_nulls(column("last_report_at"), Order::Desc, NullOrdering::Last)
        .order_by_expr(column("id"), Order::Desc)
}

/// Up to `limit` cases in list order, optionally of one bucket and after a position.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &CaseFilter,
    moment: Moment,
    bucket: Option<i32>,
    after: Option<After>,
    limit: u64,
) -> Result<Vec<PageRow>, DbErr> {
    // First the page's keys in order (from the index), then those rows' columns by id.
    let mut keys = Query::select();
    keys.column(Asterisk)
        .from_subquery(cases(filter, moment), Alias::new("c"));
    if let Some(bucket) = bucket {
        keys.and_where(col("bucket").eq(bucket));
    }
    if let Some(after) = after {
        keys.cond_where(after_condition(after));
    }
    in_list_order(&mut keys, None).limit(limit);
    let k = Alias::new("k");
    let mut query = Query::select();
    query
        .columns(
            [
                C::Id,
                C::CaseNumber,
                C::Sex,
                C::FollowupStart,
                C::SlotsPerDay,
                C::RiskFactors,
                C::AssignedStaffId,
                C::FollowupOrgId,
                C::EscalatedAt,
                C::LastReportAt,
                C::UnreviewedFlag,
                C::Status,
            ]
            .map(|column| (patient_case::Entity, column)),
        )
        .expr_as(
            Expr::col((patient_case::Entity, C::SealedName)),
            Alias::new("sealed_name"),
        )
        .expr_as(
            Expr::col((patient_case::Entity, C::SealedNameKana)),
            Alias::new("sealed_name_kana"),
        )
        .expr_as(
            Expr::col((patient_case::Entity, C::SealedBirthDate)),
            Alias::new("sealed_birth_date"),
        )
        .column((k.clone(), Alias::new("bucket")))
        .from_subquery(keys, k.clone())
        .inner_join(
            patient_case::Entity,
            Expr::col((patient_case::Entity, C::Id)).equals((k.clone(), Alias::new("id"))),
        );
    in_list_order(&mut query, Some(k));
    let rows = db.query_all(&query).await?;
    rows.iter()
        .map(|row| PageRow::from_query_result(row, ""))
        .collect()
}

/// How many cases of the filtered scope are in each bucket: `(rank, count)`.
pub async fn counts(
    db: &impl ConnectionTrait,
    filter: &CaseFilter,
    moment: Moment,
) -> Result<Vec<(i32, i64)>, DbErr> {
    let mut query = Query::select();
    query
        .column(Alias::new("bucket"))
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from_subquery(cases(filter, moment), Alias::new("c"))
        .group_by_col(Alias::new("bucket"));
    let rows = db.query_all(&query).await?;
    rows.iter()
        .map(|row| Ok((row.try_get("", "bucket")?, row.try_get("", "n")?)))
        .collect()
}

/// SQLite's plan of the keys of a work list ([`counts`] and [`page`] read the same keys): one
/// line per step of `EXPLAIN QUERY PLAN`. For the test that keeps the work list on its covering
/// index; `None` on PostgreSQL, which has no covering work-list index.
pub async fn sqlite_plan(
    db: &impl ConnectionTrait,
    filter: &CaseFilter,
    moment: Moment,
) -> Result<Option<Vec<String>>, DbErr> {
    let backend = db.get_database_backend();
    if backend != sea_orm::DbBackend::Sqlite {
        return Ok(None);
    }
    let mut statement = backend.build(&cases(filter, moment));
    statement.sql = format!("EXPLAIN QUERY PLAN {}", statement.sql);
    let rows = db.query_all_raw(statement).await?;
    rows.iter()
        .map(|row| row.try_get::<String>("", "detail"))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The newest report of each case, given as (case id, its `last_report_at`) from a scoped
/// page. Matched on the summary's time rather than with a correlated `MAX()`, so the query is
/// one index range per case and its cost estimate stays small (a large one makes PostgreSQL
/// compile it with JIT, which costs more than the query).
pub async fn latest_reports(
    db: &impl ConnectionTrait,
    newest: Vec<(i64, DateTime<Utc>)>,
) -> Result<Vec<LatestRow>, DbErr> {
    use health_report::Column as R;
    if newest.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: std::collections::HashSet<(i64, DateTime<Utc>)> = newest.iter().copied().collect();
    let rows = health_report::Entity::find()
        .select_only()
        .columns([
            R::Id,
            R::CaseId,
            R::Flag,
            R::TemperatureTenths,
            R::Spo2,
            R::SubmittedAt,
            R::EnteredBy,
            R::SlotDate,
            R::Slot,
            R::ReviewedAt,
            R::Version,
        ])
        .filter(R::CaseId.is_in(newest.iter().map(|(case, _)| *case)))
        .filter(R::SubmittedAt.is_in(newest.iter().map(|(_, at)| *at)))
        .into_model::<LatestRow>()
        .all(db)
        .await?;
    // Another case of the page may have a report at one of the other cases' times.
    Ok(rows
        .into_iter()
        .filter(|row| wanted.contains(&(row.case_id, row.submitted_at)))
        .collect())
}

/// The follow-up organisations serving a health centre: by a contract in force, or placed
/// under it in the organisation tree.
pub async fn followup_orgs_of_centre(
    db: &impl ConnectionTrait,
    centre_id: i64,
) -> Result<Vec<organisation::Model>, DbErr> {
    let by_contract = Query::select()
        .column(contract::Column::FollowupOrgId)
        .from(contract::Entity)
        .and_where(Expr::col(contract::Column::HealthCentreId).eq(centre_id))
        .and_where(Expr::col(contract::Column::EndedAt).is_null())
        .to_owned();
    organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::FollowupOrg))
        .filter(
            Condition::any()
                .add(organisation::Column::ParentId.eq(centre_id))
                .add(organisation::Column::Id.in_subquery(by_contract)),
        )
        .all(db)
        .await
}
