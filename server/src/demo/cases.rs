//! `mimamori demo --cases N`: N generated cases with about ten reports each, added to the first
//! follow-up organisation of the demo deployment, for load tests and the work-list benchmark
//! (docs/performance.md, "Work list"). Values follow a fixed seed, so two runs make the same
//! data.
//!
//! Rows are built in memory — the reports first, then each case's work-list summary from them,
//! exactly as `db::cases::refresh_report_summary` would compute it — and inserted with
//! `insert_many` in chunks, one transaction per chunk of cases.

use crate::db;
use crate::db::intake::RegisteredCase;
use crate::entities::codes::JsonText;
use crate::entities::{health_report, patient_case};
use crate::keys::Keyring;
use crate::services::personal_data::Personal;
use crate::services::sealed_text::REPORT_NOTE_FIELD;
use crate::services::time;
use anyhow::Context;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use mimamori_shared::api::cases::{RiskFactor, Sex};
use mimamori_shared::api::reports::EnteredBy;
use mimamori_shared::catalogue::{Answer, Symptom, UrgentSign};
use mimamori_shared::report::ValidReport;
use mimamori_shared::triage::{self, Flag, RULESET_VERSION};
use mimamori_shared::values::{Spo2, Temperature};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QuerySelect, Set,
    TransactionTrait,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// The demo doctor whose organisation receives the generated cases (and who is named in
/// charge of some of them).
pub const DOCTOR_LOGIN: &str = "dr.chuo";
/// Case numbers of generated cases: `GEN-000001`, …
const PREFIX: &str = "GEN-";
/// Cases inserted per transaction.
const CASES_PER_CHUNK: usize = 500;
/// Reports per `INSERT` (20 columns each: well under SQLite's 32,766 bound parameters).
const REPORTS_PER_INSERT: usize = 1_000;

const FAMILY: [(&str, &str); 24] = [
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("斎藤", "サイトウ"),
    ("清水", "シミズ"),
    ("山崎", "ヤマザキ"),
    ("森", "モリ"),
    ("池田", "イケダ"),
    ("橋本", "ハシモト"),
];

const GIVEN: [(&str, &str, Sex); 20] = [
    ("太郎", "タロウ", Sex::Male),
    ("一郎", "イチロウ", Sex::Male),
    ("健", "ケン", Sex::Male),
    ("誠", "マコト", Sex::Male),
    ("大輔", "ダイスケ", Sex::Male),
    ("翔", "ショウ", Sex::Male),
    ("勇", "イサム", Sex::Male),
    ("浩二", "コウジ", Sex::Male),
    ("隆", "タカシ", Sex::Male),
    ("蓮", "レン", Sex::Male),
    ("花子", "ハナコ", Sex::Female),
    ("美咲", "ミサキ", Sex::Female),
    ("由美", "ユミ", Sex::Female),
    ("和子", "カズコ", Sex::Female),
    ("さくら", "サクラ", Sex::Female),
    ("優子", "ユウコ", Sex::Female),
    ("陽子", "ヨウコ", Sex::Female),
    ("恵", "メグミ", Sex::Female),
    ("千尋", "チヒロ", Sex::Female),
    ("葵", "アオイ", Sex::Female),
];

/// What [`add`] generated.
#[derive(Debug)]
pub struct Generated {
    /// The number of the first generated case (`GEN-{first:06}`); the others follow it.
    pub first: u64,
    /// How many cases were generated.
    pub count: u32,
    /// What to print.
    pub summary: String,
}

/// Adds `count` generated cases to the demo doctor's organisation. Case numbers continue after
/// the generated cases already there.
pub async fn add(
    db: &DatabaseConnection,
    keys: &Keyring,
    count: u32,
    now: DateTime<Utc>,
) -> anyhow::Result<Generated> {
    let started = std::time::Instant::now();
    let doctor = db::staff::find_by_login(db, DOCTOR_LOGIN)
        .await?
        .context("the demo doctor is missing: run `mimamori demo` first")?;
    let org = db::orgs::find(db, doctor.organisation_id)
        .await?
        .context("the demo doctor's organisation is missing")?;
    let centre_id = org
        .parent_id
        .context("the demo organisation has no health centre")?;
    let tz = time::DEFAULT_TZ;
    let first = existing_generated(db).await? + 1;
    let mut rng = StdRng::seed_from_u64(first);
    let context = Setting {
        now,
        tz,
        today: time::local_date(now, tz),
        centre_id,
        org_id: org.id,
        doctor_id: doctor.id,
    };
    let mut reports_added = 0usize;
    let numbers: Vec<u64> = (first..first + u64::from(count)).collect();
    for chunk in numbers.chunks(CASES_PER_CHUNK) {
        let generated: Vec<GeneratedCase> = chunk
            .iter()
            .map(|&n| generate_case(&mut rng, keys, &context, n))
            .collect::<anyhow::Result<_>>()?;
        let txn = db.begin().await?;
        let mut cases = Vec::with_capacity(generated.len());
        let mut tokens = Vec::with_capacity(generated.len());
        let mut reports = Vec::with_capacity(generated.len());
        for case in generated {
            cases.push(case.case);
            tokens.push(case.search_tokens);
            reports.push(case.reports);
        }
        patient_case::Entity::insert_many(cases).exec(&txn).await?;
        let ids: HashMap<String, i64> = patient_case::Entity::find()
            .select_only()
            .column(patient_case::Column::CaseNumber)
            .column(patient_case::Column::Id)
            .filter(patient_case::Column::CaseNumber.is_in(chunk.iter().map(|&n| case_number(n))))
            .into_tuple::<(String, i64)>()
            .all(&txn)
            .await?
            .into_iter()
            .collect();
        let mut rows = Vec::new();
        let mut case_tokens = Vec::new();
        for ((n, reports), tokens) in chunk.iter().zip(reports).zip(tokens) {
            let case_id = *ids
                .get(&case_number(*n))
                .context("inserted case not found")?;
            case_tokens.extend(tokens.into_iter().map(|token| (case_id, token)));
            rows.extend(reports.into_iter().map(|mut report| {
                report.case_id = Set(case_id);
                report
            }));
        }
        db::intake::insert_search_tokens(&txn, case_tokens).await?;
        reports_added += rows.len();
        while !rows.is_empty() {
            let rest = rows.split_off(rows.len().min(REPORTS_PER_INSERT));
            health_report::Entity::insert_many(std::mem::replace(&mut rows, rest))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
    }
    // A bulk load leaves PostgreSQL's planner without statistics until autovacuum gets to the
    // tables; queried at once, it would guess (and, guessing high, compile queries with JIT).
    if db.get_database_backend() == DbBackend::Postgres {
        crate::db::maintenance::analyze_case_tables(db).await?;
    }
    let mut out = String::new();
    writeln!(
        out,
        "\nGenerated {count} cases ({}…{}) with {reports_added} reports for {} in {:.1} s; \
         sign in as {DOCTOR_LOGIN} (below) to see them.",
        case_number(first),
        case_number(first + u64::from(count).saturating_sub(1)),
        org.name,
        started.elapsed().as_secs_f64()
    )?;
    Ok(Generated {
        first,
        count,
        summary: out,
    })
}

/// How many generated cases exist already.
async fn existing_generated(db: &DatabaseConnection) -> anyhow::Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(patient_case::Entity::find()
        .filter(patient_case::Column::CaseNumber.starts_with(PREFIX))
        .count(db)
        .await?)
}

/// The case number of the `n`-th generated case.
pub fn case_number(n: u64) -> String {
    format!("{PREFIX}{n:06}")
}

/// What every generated case shares.
struct Setting {
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
    today: NaiveDate,
    centre_id: i64,
    org_id: i64,
    doctor_id: i64,
}

/// The summary a case's reports give it (as `refresh_report_summary` computes it).
#[derive(Default)]
struct Summary {
    last_report_at: Option<DateTime<Utc>>,
    last_slot: Option<(NaiveDate, i16)>,
    unreviewed: Option<Flag>,
}

/// One generated case: its row, the tokens it is found by and its reports (case id unset).
struct GeneratedCase {
    case: patient_case::ActiveModel,
    search_tokens: BTreeSet<String>,
    reports: Vec<health_report::ActiveModel>,
}

fn generate_case(
    rng: &mut StdRng,
    keys: &Keyring,
    cx: &Setting,
    n: u64,
) -> anyhow::Result<GeneratedCase> {
    let (family, family_kana) = FAMILY[rng.gen_range(0..FAMILY.len())];
    let (given, given_kana, sex) = GIVEN[rng.gen_range(0..GIVEN.len())];
    let birth = NaiveDate::from_ymd_opt(
        rng.gen_range(1935..=2005),
        rng.gen_range(1..=12),
        rng.gen_range(1..=28),
    )
    .context("birth date")?;
    // Most cases are some days into their 10-day period; a few started today or yesterday.
    let days_in = if rng.gen_bool(0.1) {
        rng.gen_range(0..=2)
    } else {
        rng.gen_range(4..=9)
    };
    let start = cx.today - Duration::days(days_in);
    let slots_per_day: i16 = if rng.gen_bool(0.6) { 2 } else { 1 };
    let risk_factors: Vec<&str> = RiskFactor::ALL
        .iter()
        .filter(|_| rng.gen_bool(0.025))
        .map(|f| f.as_str())
        .collect();
    let silent_today = rng.gen_bool(0.15);
    let mut summary = Summary::default();
    let mut reports = Vec::new();
    let mut previous_spo2 = None;
    for day in 0..=days_in {
        let date = start + Duration::days(day);
        for slot in 1..=slots_per_day {
            let Some(at) = report_time(rng, cx, date, slot) else {
                continue;
            };
            // Today some patients have not reported yet; any day a few forget.
            if (date == cx.today && silent_today) || rng.gen_bool(0.04) {
                continue;
            }
            let report = report_values(rng)?;
            let judgement = triage::judge(&report, previous_spo2);
            previous_spo2 = report.spo2.or(previous_spo2);
            // Older reports were reviewed; the newest wait for staff more often.
            let reviewed = match (cx.today - date).num_days() {
                0 => rng.gen_bool(0.35),
                1 => rng.gen_bool(0.8),
                _ => rng.gen_bool(0.98),
            };
            let reviewed_at = reviewed.then(|| (at + Duration::hours(2)).min(cx.now));
            summary.last_report_at = summary.last_report_at.max(Some(at));
            summary.last_slot = summary.last_slot.max(Some((date, slot)));
            if !reviewed {
                summary.unreviewed = summary.unreviewed.max(Some(judgement.flag));
            }
            let by_staff = rng.gen_bool(0.03);
            // From the seeded generator, as every other value here.
            let seal_id = uuid::Builder::from_random_bytes(rng.r#gen())
                .into_uuid()
                .simple()
                .to_string();
            reports.push(health_report::ActiveModel {
                id: sea_orm::ActiveValue::NotSet,
                case_id: Set(0),
                idempotency_key: Set(uuid::Builder::from_random_bytes(rng.r#gen())
                    .into_uuid()
                    .to_string()),
                slot_date: Set(date),
                slot: Set(slot),
                submitted_at: Set(at),
                temperature_tenths: Set(i16::try_from(report.temperature.tenths())?),
                spo2: Set(report.spo2.map(|v| i16::from(v.get()))),
                pulse: Set(None),
                symptoms: Set(JsonText(report.symptoms.clone())),
                urgent_signs: Set(JsonText(report.urgent_signs.iter().copied().collect())),
                sealed_note: Set(keys.seal(REPORT_NOTE_FIELD, &seal_id, "")),
                seal_id: Set(seal_id),
                flag: Set(judgement.flag.into()),
                reasons: Set(JsonText(judgement.reasons)),
                ruleset_version: Set(RULESET_VERSION.to_owned()),
                entered_by: Set(if by_staff {
                    EnteredBy::Staff
                } else {
                    EnteredBy::Patient
                }
                .into()),
                entered_by_staff_id: Set(by_staff.then_some(cx.doctor_id)),
                reviewed_at: Set(reviewed_at),
                reviewed_by: Set(reviewed.then_some(cx.doctor_id)),
                corrected_at: Set(None),
                version: Set(1),
                threshold_version: Set(None),
            });
        }
    }
    let number = case_number(n);
    let personal = Personal {
        name: format!("{family} {given}"),
        name_kana: format!("{family_kana} {given_kana}"),
        birth_date: birth,
        phone: format!(
            "0{}0-{:04}-{:04}",
            [7, 8, 9][rng.gen_range(0..3)],
            (n / 10_000) % 10_000,
            n % 10_000
        ),
        address: String::new(),
        email: None,
        test_summary: String::new(),
        interview_notes: String::new(),
    };
    let mut case = RegisteredCase {
        personal: personal.seal(keys, &number),
        case_number: number,
        health_centre_id: cx.centre_id,
        followup_org_id: Some(cx.org_id),
        sex,
        risk_factors: serde_json::to_string(&risk_factors)?,
        onset_date: Some(start - Duration::days(1)),
        specimen_date: Some(start - Duration::days(1)),
        followup_start: start,
        followup_end: start + Duration::days(9),
        slots_per_day,
    }
    .into_active_model(cx.now - Duration::days(days_in + 1));
    case.assigned_staff_id = Set(rng.gen_bool(0.3).then_some(cx.doctor_id));
    case.escalated_at = Set(rng.gen_bool(0.01).then(|| cx.now - Duration::hours(3)));
    case.last_report_at = Set(summary.last_report_at);
    case.last_slot_date = Set(summary.last_slot.map(|(date, _)| date));
    case.last_slot = Set(summary.last_slot.map(|(_, slot)| slot));
    case.unreviewed_flag = Set(summary.unreviewed.map(Into::into));
    Ok(GeneratedCase {
        case,
        search_tokens: personal.search_tokens(keys),
        reports,
    })
}

/// When the report of a slot was made: mornings for slot 1, afternoons for slot 2; `None` when
/// that time has not come yet today.
fn report_time(
    rng: &mut StdRng,
    cx: &Setting,
    date: NaiveDate,
    slot: i16,
) -> Option<DateTime<Utc>> {
    let hour = if slot == 1 {
        rng.gen_range(7..=10)
    } else {
        rng.gen_range(time::SECOND_SLOT_FROM_HOUR..=20)
    };
    let local = date.and_time(NaiveTime::from_hms_opt(
        hour,
        rng.gen_range(0..60),
        rng.gen_range(0..60),
    )?);
    let at = cx
        .tz
        .from_local_datetime(&local)
        .single()?
        .with_timezone(&Utc);
    (at <= cx.now).then_some(at)
}

/// Values in realistic proportions: mostly well, some fever or borderline SpO2 (amber), a few
/// low SpO2 or an urgent sign (red).
fn report_values(rng: &mut StdRng) -> anyhow::Result<ValidReport> {
    let err = |e: mimamori_shared::values::ValueError| anyhow::anyhow!("{e}");
    let mut celsius = f64::from(rng.gen_range(362..=374)) / 10.0;
    let mut spo2 = rng.gen_range(96..=99);
    let mut symptoms = BTreeMap::new();
    let mut urgent_signs = BTreeSet::new();
    if rng.gen_bool(0.5) {
        symptoms.insert(Symptom::CoughRunnyNose, Answer::Yes);
    }
    if rng.gen_bool(0.05) {
        celsius = f64::from(rng.gen_range(380..=392)) / 10.0;
        symptoms.insert(Symptom::Fatigue, Answer::Yes);
    }
    let roll: f64 = rng.gen_range(0.0..1.0);
    if roll < 0.012 {
        spo2 = rng.gen_range(88..=93);
        symptoms.insert(Symptom::Breathlessness, Answer::Yes);
    } else if roll < 0.04 {
        spo2 = rng.gen_range(94..=95);
    } else if roll < 0.043 {
        urgent_signs.insert(UrgentSign::BreathlessOnExertion);
    }
    let has_oximeter = rng.gen_bool(0.95);
    Ok(ValidReport {
        temperature: Temperature::from_celsius(celsius).map_err(err)?,
        spo2: if has_oximeter {
            Some(Spo2::new(spo2).map_err(err)?)
        } else {
            None
        },
        pulse: None,
        symptoms,
        urgent_signs,
        note: String::new(),
    })
}
