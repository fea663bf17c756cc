//! The triage work list (issue 4, item 2; DESIGN.md §2.4): the caller's active cases ordered
//! red → amber → not reported → unreviewed → the rest, newest report first within each, with
//! counts per bucket, filters, search and keyset pagination.

use super::org_settings::{self, OrgSchedule};
use super::{audit, cases::age_on, time};
use crate::access::{CaseScope, StaffAction, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::db::worklist::{After, CaseFilter, LatestRow, Moment, PageRow, Search};
use crate::entities::codes::known_codes;
use crate::error::ApiError;
use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use mimamori_shared::api::cases::RiskFactor;
use mimamori_shared::api::worklist::{
    Assigned, Bucket, BucketCounts, LatestReport, OrgFilter, RiskFilter, WorkList, WorkListCursor,
    WorkListFilter, WorkListOrg, WorkListQuery, WorkListRow,
};
use mimamori_shared::ids::{CaseId, OrgId, ReportId, StaffId};
use sea_orm::ConnectionTrait;
use std::collections::HashMap;

/// One page of the caller's work list with the counts per bucket. Audited once per call.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    query: &WorkListQuery,
    now: DateTime<Utc>,
) -> Result<WorkList, ApiError> {
    if !staff_may(caller.role, StaffAction::ReadCase) {
        return Err(ApiError::Forbidden);
    }
    let filter = query.validate().map_err(ApiError::Validation)?;
    let scope = CaseScope::of(caller);
    let own_org = db::orgs::find(db, caller.org_id.0).await?;
    let tz = own_org
        .as_ref()
        .map_or(time::DEFAULT_TZ, |o| time::zone(&o.time_zone));
    // Every page of one walk is judged at the first page's moment.
    let as_of = filter.after.map_or(now, |cursor| cursor.as_of);
    let today = time::local_date(as_of, tz);
    let schedule = org_settings::load(db, caller.org_id.0)
        .await?
        .unwrap_or_else(|| OrgSchedule::defaults(caller.org_id.0, tz));
    let moment = moment_at(as_of, &schedule);
    let cases = case_filter(caller, scope, &filter, today);
    let limit = filter.limit as usize;

    let mut counts = BucketCounts::default();
    for (rank, count) in db::worklist::counts(db, &cases, moment).await? {
        if let Some(bucket) = Bucket::from_rank(rank.into()) {
            counts.set(bucket, u64::try_from(count).unwrap_or(0));
        }
    }
    let after = filter.after.map(|cursor| After {
        as_of: cursor.as_of,
        bucket: cursor.bucket.rank().into(),
        last_report_at: cursor.last_report_at,
        id: cursor.id.0,
    });
    let mut rows = db::worklist::page(
        db,
        &cases,
        moment,
        filter.bucket.map(|b| b.rank().into()),
        after,
        // One more than asked tells whether there is a next page.
        filter.limit as u64 + 1,
    )
    .await?;
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().and_then(|row| {
            Some(
                WorkListCursor {
                    as_of,
                    bucket: Bucket::from_rank(row.bucket.into())?,
                    last_report_at: row.last_report_at,
                    id: CaseId(row.id),
                }
                .encode(),
            )
        })
    } else {
        None
    };

    let latest: HashMap<i64, LatestRow> = db::worklist::latest_reports(
        db,
        rows.iter()
            .filter_map(|r| Some((r.id, r.last_report_at?)))
            .collect(),
    )
    .await?
    .into_iter()
    .fold(HashMap::new(), |mut newest, report| {
        // Two reports stored in the same instant: the later id is the newer.
        let keep = newest
            .get(&report.case_id)
            .is_none_or(|kept: &LatestRow| kept.id < report.id);
        if keep {
            newest.insert(report.case_id, report);
        }
        newest
    });
    let mut staff_ids: Vec<i64> = rows.iter().filter_map(|r| r.assigned_staff_id).collect();
    staff_ids.sort_unstable();
    staff_ids.dedup();
    let staff_names: HashMap<i64, String> = db::staff::find_many(db, staff_ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s.display_name))
        .collect();
    let is_centre = matches!(scope, CaseScope::HealthCentre(_));
    let (org_names, orgs) = if is_centre {
        let orgs = db::worklist::followup_orgs_of_centre(db, caller.org_id.0).await?;
        let mut names: HashMap<i64, String> = orgs.iter().map(|o| (o.id, o.name.clone())).collect();
        // A case may still sit with an organisation whose contract has ended.
        let missing: Vec<i64> = rows
            .iter()
            .filter_map(|r| r.followup_org_id)
            .filter(|id| !names.contains_key(id))
            .collect();
        if !missing.is_empty() {
            for org in db::orgs::find_many(db, missing).await? {
                names.insert(org.id, org.name);
            }
        }
        let mut orgs: Vec<WorkListOrg> = orgs
            .into_iter()
            .map(|o| WorkListOrg {
                id: OrgId(o.id),
                name: o.name,
            })
            .collect();
        orgs.sort_by(|a, b| a.name.cmp(&b.name));
        (names, orgs)
    } else {
        (HashMap::new(), Vec::new())
    };

    audit::staff(db, caller, audit::action::WORKLIST_READ, None, now).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let latest = latest.get(&row.id).map(latest_view);
            to_row(row, today, latest, &staff_names, is_centre, &org_names)
        })
        .collect();
    Ok(WorkList {
        counts,
        items,
        next,
        as_of,
        orgs,
    })
}

/// The filters as column values.
fn case_filter(
    caller: &StaffCaller,
    scope: CaseScope,
    filter: &WorkListFilter,
    today: NaiveDate,
) -> CaseFilter {
    CaseFilter {
        scope: scope.condition(),
        assigned: filter.assigned.map(|assigned| match assigned {
            Assigned::Me => Some(caller.staff_id.0),
            Assigned::Nobody => None,
            Assigned::Staff(StaffId(id)) => Some(id),
        }),
        followup_start: filter
            .day
            .map(|day| today - Duration::days(i64::from(day) - 1)),
        // 65 or over today: born on or before this day 65 years ago (29 February falls back
        // to the 28th, as `age_on` counts it).
        born: filter
            .age65
            .and_then(|over| Some((over, today.checked_sub_months(Months::new(65 * 12))?))),
        risk: filter.risk.map(|risk| match risk {
            RiskFilter::Any => None,
            RiskFilter::Factor(factor) => Some(factor.as_str()),
        }),
        org: filter.org.map(|org| match org {
            OrgFilter::Unassigned => None,
            OrgFilter::Org(OrgId(id)) => Some(id),
        }),
        search: filter.q.as_deref().map(search),
    }
}

fn latest_view(report: &LatestRow) -> LatestReport {
    LatestReport {
        id: ReportId(report.id),
        flag: report.flag.shown("health_report", report.id),
        temperature_c: f64::from(report.temperature_tenths) / 10.0,
        spo2: report.spo2.and_then(|v| u8::try_from(v).ok()),
        submitted_at: report.submitted_at,
        entered_by: report.entered_by.0,
        slot_date: report.slot_date,
        slot: u8::try_from(report.slot).unwrap_or(1),
        reviewed: report.reviewed_at.is_some(),
        corrected: report.version > 1,
    }
}

fn to_row(
    row: PageRow,
    today: NaiveDate,
    latest: Option<LatestReport>,
    staff_names: &HashMap<i64, String>,
    is_centre: bool,
    org_names: &HashMap<i64, String>,
) -> WorkListRow {
    // Unknown codes (a newer server's) are left out, and logged, rather than failing the list.
    let risk_factors = known_codes::<RiskFactor>("patient_case", row.id, &row.risk_factors);
    WorkListRow {
        id: CaseId(row.id),
        age: age_on(row.birth_date, today),
        sex: row.sex,
        day: time::day_number(row.followup_start, today),
        slots_per_day: u8::try_from(row.slots_per_day).unwrap_or(1),
        // Ranks come from the query's own CASE, which gives only known ones.
        bucket: Bucket::from_rank(row.bucket.into()).unwrap_or(Bucket::NeedsAttention),
        unreviewed_flag: row
            .unreviewed_flag
            .as_ref()
            .map(|flag| flag.shown("patient_case", row.id)),
        latest,
        risk_factors,
        assigned_staff_id: row.assigned_staff_id.map(StaffId),
        assigned_staff_name: row
            .assigned_staff_id
            .and_then(|id| staff_names.get(&id).cloned()),
        followup_org_id: row.followup_org_id.filter(|_| is_centre).map(OrgId),
        followup_org_name: row
            .followup_org_id
            .filter(|_| is_centre)
            .and_then(|id| org_names.get(&id).cloned()),
        escalated: row.escalated_at.is_some(),
        status: row.status,
        case_number: row.case_number,
        name: row.name,
        name_kana: row.name_kana,
    }
}

/// What a search text matches: the text as typed and in katakana and hiragana (kana typed
/// either way, or in half-width katakana, finds the name), without spaces, lowercase; and its
/// digits for the phone number when it is a phone number.
pub fn search(q: &str) -> Search {
    let text: String = compose_half_width_kana(q)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(full_width_ascii_to_ascii)
        .flat_map(char::to_lowercase)
        .collect();
    let mut texts = vec![
        text.clone(),
        text.chars().map(hiragana_to_katakana).collect(),
        text.chars().map(katakana_to_hiragana).collect(),
    ];
    texts.sort();
    texts.dedup();
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, '-' | '‐' | '−' | 'ー' | '(' | ')' | '+' | '.'))
        .collect();
    Search {
        texts,
        digits: (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
            .then_some(digits),
    }
}

/// U+FF01–U+FF5E (full-width ASCII, as Japanese keyboards type digits and letters) to ASCII.
fn full_width_ascii_to_ascii(c: char) -> char {
    match u32::from(c) {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn hiragana_to_katakana(c: char) -> char {
    match u32::from(c) {
        code @ 0x3041..=0x3096 => char::from_u32(code + 0x60).unwrap_or(c),
        _ => c,
    }
}

fn katakana_to_hiragana(c: char) -> char {
    match u32::from(c) {
        code @ 0x30A1..=0x30F6 => char::from_u32(code - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Half-width katakana (ｦ U+FF66 … ﾝ U+FF9D) in full-width order.
const HALF_WIDTH_KANA: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

/// Half-width katakana to full-width, with their separate voiced marks (ﾞ ﾟ, and the
/// combining and spacing ones) joined to the kana before them: ｶﾞ → ガ, ﾊﾟ → パ.
fn compose_half_width_kana(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        let code = u32::from(c);
        let voiced = matches!(code, 0xFF9E | 0x3099 | 0x309B);
        let semi_voiced = matches!(code, 0xFF9F | 0x309A | 0x309C);
        if voiced || semi_voiced {
            let joined = out.last().and_then(|&prev| join_mark(prev, semi_voiced));
            if let (Some(joined), Some(last)) = (joined, out.last_mut()) {
                *last = joined;
            }
            // A mark on a kana that takes none is dropped: it cannot be part of a name.
            continue;
        }
        let full = match code {
            0xFF66..=0xFF9D => HALF_WIDTH_KANA
                .chars()
                .nth((code - 0xFF66) as usize)
                .unwrap_or(c),
            _ => c,
        };
        out.push(full);
    }
    out.into_iter().collect()
}

/// The kana with a (semi-)voiced mark, if it takes one: カ→ガ, ハ→パ, ウ→ヴ (and hiragana).
fn join_mark(kana: char, semi_voiced: bool) -> Option<char> {
    let katakana = hiragana_to_katakana(kana);
    let is_hiragana = katakana != kana;
    let code = u32::from(katakana);
    let joined = if semi_voiced {
        // ハ ヒ フ ヘ ホ are three code points apart; パ is two after ハ.
        ((0x30CF..=0x30DB).contains(&code) && (code - 0x30CF) % 3 == 0).then_some(code + 2)
    } else if code == 0x30A6 {
        Some(0x30F4)
    } else if (0x30AB..=0x30C2).contains(&code) {
        // カ…ヂ: unvoiced kana at odd offsets from カ, each followed by its voiced form.
        ((code - 0x30AB) % 2 == 0).then_some(code + 1)
    } else if (0x30C4..=0x30C8).contains(&code) {
        // ツ テ ト (after the small ッ).
        ((code - 0x30C4) % 2 == 0).then_some(code + 1)
    } else if (0x30CF..=0x30DB).contains(&code) {
        ((code - 0x30CF) % 3 == 0).then_some(code + 1)
    } else {
        None
    }?;
    let joined = char::from_u32(joined)?;
    Some(if is_hiragana {
        katakana_to_hiragana(joined)
    } else {
        joined
    })
}

/// The newest slots whose cut-off has passed at `at` in the organisation's time zone: for a
/// case with one report a day, today once the cut-off has passed, else yesterday; for a case
/// with two, today's afternoon after the afternoon cut-off, today's morning after the morning
/// one, else yesterday's afternoon.
pub fn moment_at(at: DateTime<Utc>, schedule: &OrgSchedule) -> Moment {
    let local = at.with_timezone(&schedule.tz);
    let today = local.date_naive();
    let yesterday = today.pred_opt().unwrap_or(today);
    let time = local.time();
    let due_one = if time >= schedule.cutoff {
        today
    } else {
        yesterday
    };
    let due_two = if time >= schedule.afternoon_cutoff {
        (today, 2)
    } else if time >= schedule.cutoff {
        (today, 1)
    } else {
        (yesterday, 2)
    };
    Moment { due_one, due_two }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_due_once_its_cut_off_has_passed_in_tokyo() {
        let schedule = OrgSchedule::defaults(1, time::DEFAULT_TZ);
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        // UTC hours of 11:59, 12:00, 17:59 and 18:00 in Tokyo on the 23rd.
        let at = |h, m| {
            DateTime::parse_from_rfc3339(&format!("2026-11-23T{h:02}:{m:02}:00Z"))
                .unwrap()
                .with_timezone(&Utc)
        };
        let cases = [
            (at(2, 59), day(22), (day(22), 2)),
            (at(3, 0), day(23), (day(23), 1)),
            (at(8, 59), day(23), (day(23), 1)),
            (at(9, 0), day(23), (day(23), 2)),
        ];
        for (when, one, two) in cases {
            let moment = moment_at(when, &schedule);
            assert_eq!((moment.due_one, moment.due_two), (one, two), "{when}");
        }
    }

    #[test]
    fn half_width_kana_becomes_full_width_with_voiced_marks_joined() {
        assert_eq!(compose_half_width_kana("ﾔﾏﾀﾞ ﾊﾅｺ"), "ヤマダ ハナコ");
        assert_eq!(compose_half_width_kana("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"), "パピプペポ");
        assert_eq!(
            compose_half_width_kana("ｶﾞｷﾞｸﾞｹﾞｺﾞｻﾞｼﾞｽﾞｾﾞｿﾞ"),
            "ガギグゲゴザジズゼゾ"
        );
        assert_eq!(
            compose_half_width_kana("ﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞｳﾞ"),
            "ダヂヅデドバビブベボヴ"
        );
        assert_eq!(compose_half_width_kana("ｼｮｳｲﾁﾛｰ"), "ショウイチロー");
        assert_eq!(compose_half_width_kana("か\u{3099}"), "が");
    }

    #[test]
    fn a_search_matches_kana_typed_any_way() {
        for typed in ["やまだ", "ヤマダ", "ﾔﾏﾀﾞ", " ヤマ ダ "] {
            let search = search(typed);
            assert!(search.texts.contains(&"ヤマダ".to_owned()), "{typed}");
            assert!(search.texts.contains(&"やまだ".to_owned()), "{typed}");
            assert_eq!(search.digits, None);
        }
    }

    #[test]
    fn a_search_is_lowercase_ascii_and_finds_phone_digits() {
        let case_number = search("ＤＥＭＯ－０００１");
        assert!(case_number.texts.contains(&"demo-0001".to_owned()));
        assert_eq!(case_number.digits, None);
        let phone = search("090-1234-5678");
        assert_eq!(phone.digits.as_deref(), Some("09012345678"));
        assert_eq!(search("０９０ １２３４").digits.as_deref(), Some("0901234"));
        assert_eq!(search("(03) 1111").digits.as_deref(), Some("031111"));
    }
}
