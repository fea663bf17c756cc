//! `mimamori demo`: a small deployment to look at in the browser at once.
//!
//! A prefecture with one health centre (and a health-centre staff member), two follow-up
//! organisations under contract (each with a doctor), a medical institution whose doctor files
//! notifications ([`crate::demo::institution`]), an administrator of the prefecture, and a
//! dozen patients with several days of reports: some red, some amber, some silent. Running it
//! again keeps the data, gives the staff new passwords and the unenrolled patients new invitation
//! links, and prints them.

pub mod accounts;
pub mod cases;
pub mod institution;
pub mod test_counts;

use crate::auth::{password, token, totp};
use crate::clock::Clock;
use crate::config::Config;
use crate::db;
use crate::db::cases::NewCase;
use crate::keys::Keyring;
use crate::services::{patient_auth, reports, setup, time};
use anyhow::Context;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::cases::Sex;
use mimamori_shared::api::reports::EnteredBy;
use mimamori_shared::catalogue::{Answer, Symptom, UrgentSign};
use mimamori_shared::ids::CaseId;
use mimamori_shared::report::ValidReport;
use mimamori_shared::values::{Spo2, Temperature};
use sea_orm::DatabaseConnection;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

const HEALTH_CENTRE: &str = "みまもり保健所（デモ）";
const HEALTH_CENTRE_PHONE: &str = "03-0000-1234";
/// Staff besides the doctors: (login ID, display name, role, belongs to the prefecture rather
/// than the health centre).
const OTHER_STAFF: [(&str, &str, StaffRole, bool); 2] = [
    ("hc.demo", "保健 一子", StaffRole::HcStaff, false),
    ("admin.demo", "管理 太郎", StaffRole::Admin, true),
];
const PREFECTURE: &str = "デモ県";
const ORGS: [(&str, &str, &str); 2] = [
    ("中央地区医師会（デモ）", "dr.chuo", "中央 太郎"),
    ("北地区医師会（デモ）", "dr.kita", "北 花子"),
];

/// How a demo patient's days went.
#[derive(Debug, Clone, Copy)]
enum Course {
    /// Reported every day, normal values.
    Well,
    /// High fever today.
    FeverToday,
    /// SpO2 93 today.
    LowSpo2Today,
    /// An urgent sign today.
    UrgentToday,
    /// SpO2 95 today.
    BorderlineToday,
    /// Reported until two days ago, then nothing.
    Silent,
    /// Never reported.
    NotEnrolled,
}

struct DemoPatient {
    name: &'static str,
    kana: &'static str,
    birth: (i32, u32, u32),
    sex: Sex,
    org: usize,
    course: Course,
}

const PATIENTS: [DemoPatient; 12] = [
    DemoPatient {
        name: "山田 花子",
        kana: "ヤマダ ハナコ",
        birth: (1948, 3, 12),
        sex: Sex::Female,
        org: 0,
        course: Course::LowSpo2Today,
    },
    DemoPatient {
        name: "佐藤 一郎",
        kana: "サトウ イチロウ",
        birth: (1975, 7, 1),
        sex: Sex::Male,
        org: 0,
        course: Course::FeverToday,
    },
    DemoPatient {
        name: "鈴木 美咲",
        kana: "スズキ ミサキ",
        birth: (1992, 1, 20),
        sex: Sex::Female,
        org: 0,
        course: Course::Well,
    },
    DemoPatient {
        name: "高橋 健",
        kana: "タカハシ ケン",
        birth: (1956, 11, 5),
        sex: Sex::Male,
        org: 0,
        course: Course::UrgentToday,
    },
    DemoPatient {
        name: "田中 由美",
        kana: "タナカ ユミ",
        birth: (1983, 5, 30),
        sex: Sex::Female,
        org: 0,
        course: Course::Silent,
    },
    DemoPatient {
        name: "伊藤 翔",
        kana: "イトウ ショウ",
        birth: (2001, 9, 9),
        sex: Sex::Male,
        org: 0,
        course: Course::BorderlineToday,
    },
    DemoPatient {
        name: "渡辺 和子",
        kana: "ワタナベ カズコ",
        birth: (1940, 2, 2),
        sex: Sex::Female,
        org: 0,
        course: Course::Well,
    },
    DemoPatient {
        name: "中村 大輔",
        kana: "ナカムラ ダイスケ",
        birth: (1968, 12, 24),
        sex: Sex::Male,
        org: 0,
        course: Course::NotEnrolled,
    },
    DemoPatient {
        name: "小林 さくら",
        kana: "コバヤシ サクラ",
        birth: (1959, 4, 1),
        sex: Sex::Female,
        org: 1,
        course: Course::LowSpo2Today,
    },
    DemoPatient {
        name: "加藤 誠",
        kana: "カトウ マコト",
        birth: (1988, 8, 8),
        sex: Sex::Male,
        org: 1,
        course: Course::Well,
    },
    DemoPatient {
        name: "吉田 優子",
        kana: "ヨシダ ユウコ",
        birth: (1979, 10, 10),
        sex: Sex::Female,
        org: 1,
        course: Course::FeverToday,
    },
    DemoPatient {
        name: "山本 勇",
        kana: "ヤマモト イサム",
        birth: (1951, 6, 15),
        sex: Sex::Male,
        org: 1,
        course: Course::Silent,
    },
];

/// Creates the demo deployment (or refreshes its credentials) and returns what to print.
pub async fn create(
    db: &DatabaseConnection,
    keys: &Keyring,
    clock: &dyn Clock,
    config: &Config,
) -> anyhow::Result<String> {
    let now = clock.now();
    let today = time::local_date(now, time::DEFAULT_TZ);
    let existing = db::orgs::find_by_name(db, OrgKind::HealthCentre, HEALTH_CENTRE).await?;
    let first_run = existing.is_none();
    if first_run {
        create_data(db, keys, now, today)
            .await
            .context("creating demo data")?;
    }
    let centre = db::orgs::find_by_name(db, OrgKind::HealthCentre, HEALTH_CENTRE)
        .await?
        .context("demo health centre missing")?;
    crate::demo::institution::ensure(db, keys, centre.id, now)
        .await
        .context("creating the demo institution")?;
    crate::demo::test_counts::ensure(db, now)
        .await
        .context("filing the demo test counts")?;
    let mut out = String::new();
    writeln!(
        out,
        "\nMimamori demo deployment {}",
        if first_run {
            "created"
        } else {
            "(already there; new credentials below)"
        }
    )?;
    writeln!(out, "  Patient app:   {}/", config.public_url)?;
    writeln!(out, "  Staff console: {}/staff/\n", config.public_url)?;
    for (org_name, login_id, _) in ORGS {
        let staff = db::staff::find_by_login(db, login_id)
            .await?
            .context("demo doctor missing")?;
        let demo_password = format!("demo-{}", &token::generate()[..10]);
        db::staff::set_password_hash(db, staff.id, password::hash(demo_password.clone()).await?)
            .await?;
        writeln!(out, "Doctor of {org_name}")?;
        writeln!(out, "  login ID:     {login_id}")?;
        writeln!(out, "  password:     {demo_password}")?;
        let secret = totp::open_secret(keys, staff.id, &staff.totp_secret)?;
        writeln!(out, "  TOTP secret:  {secret}")?;
        writeln!(
            out,
            "  otpauth URI:  {}",
            totp::otpauth_uri(&secret, login_id)?
        )?;
        writeln!(
            out,
            "  (add the secret to an authenticator app; a code works once)\n"
        )?;
    }
    for (login_id, _, role, _) in OTHER_STAFF {
        let staff = db::staff::find_by_login(db, login_id)
            .await?
            .context("demo staff missing")?;
        let demo_password = format!("demo-{}", &token::generate()[..10]);
        db::staff::set_password_hash(db, staff.id, password::hash(demo_password.clone()).await?)
            .await?;
        let (title, org_name) = match role {
            StaffRole::Admin => ("Administrator", PREFECTURE),
            _ => ("Health-centre staff", HEALTH_CENTRE),
        };
        writeln!(out, "{title} of {org_name}")?;
        writeln!(out, "  login ID:     {login_id}")?;
        writeln!(out, "  password:     {demo_password}")?;
        let secret = totp::open_secret(keys, staff.id, &staff.totp_secret)?;
        writeln!(out, "  TOTP secret:  {secret}")?;
        writeln!(
            out,
            "  otpauth URI:  {}",
            totp::otpauth_uri(&secret, login_id)?
        )?;
        writeln!(
            out,
            "  (add the secret to an authenticator app; a code works once)\n"
        )?;
    }
    {
        let (login_id, _) = crate::demo::institution::DOCTOR;
        let staff = db::staff::find_by_login(db, login_id)
            .await?
            .context("demo institution doctor missing")?;
        let demo_password = format!("demo-{}", &token::generate()[..10]);
        db::staff::set_password_hash(db, staff.id, password::hash(demo_password.clone()).await?)
            .await?;
        writeln!(
            out,
            "Doctor of {} (files notifications)",
            crate::demo::institution::INSTITUTION
        )?;
        writeln!(out, "  login ID:     {login_id}")?;
        writeln!(out, "  password:     {demo_password}")?;
        let secret = totp::open_secret(keys, staff.id, &staff.totp_secret)?;
        writeln!(out, "  TOTP secret:  {secret}")?;
        writeln!(
            out,
            "  otpauth URI:  {}",
            totp::otpauth_uri(&secret, login_id)?
        )?;
        writeln!(
            out,
            "  (add the secret to an authenticator app; a code works once)\n"
        )?;
    }
    writeln!(
        out,
        "Patient invitation links (single use, valid {} hours):",
        config.invitation_ttl_hours
    )?;
    for (index, patient) in PATIENTS.iter().enumerate() {
        let case = db::cases::find_by_number(db, &case_number(index))
            .await?
            .context("demo case missing")?;
        if db::patients::account_of_case(db, case.id).await?.is_some() {
            writeln!(
                out,
                "  {}  {}  (already enrolled: sign in with the case number)",
                case.case_number, patient.name
            )?;
            continue;
        }
        let ttl = Duration::hours(config.invitation_ttl_hours);
        let invitation = patient_auth::issue_invitation(db, case.id, ttl, now)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        writeln!(
            out,
            "  {}  {}  {}/invite?token={invitation}",
            case.case_number, patient.name, config.public_url
        )?;
    }
    Ok(out)
}

fn case_number(index: usize) -> String {
    format!("DEMO-{:04}", index + 1)
}

async fn create_data(
    db: &DatabaseConnection,
    keys: &Keyring,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let prefecture =
        setup::create_org(db, OrgKind::Prefecture, PREFECTURE, None, None, now).await?;
    let centre = setup::create_org(
        db,
        OrgKind::HealthCentre,
        HEALTH_CENTRE,
        Some(prefecture.id),
        Some(HEALTH_CENTRE_PHONE),
        now,
    )
    .await?;
    let mut org_ids = Vec::new();
    for (org_name, login_id, doctor_name) in ORGS {
        let org = setup::create_org(
            db,
            OrgKind::FollowupOrg,
            org_name,
            Some(centre.id),
            None,
            now,
        )
        .await?;
        // The password is replaced (and printed) right after; this one is never shown.
        setup::create_staff(
            db,
            keys,
            org.id,
            login_id,
            doctor_name,
            StaffRole::FollowupDoctor,
            &token::generate(),
            now,
        )
        .await?;
        org_ids.push(org.id);
        // The health centre has contracted both organisations (委託契約).
        db::contracts::insert(db, org.id, centre.id, now).await?;
    }
    for (login_id, display_name, role, at_prefecture) in OTHER_STAFF {
        let org_id = if at_prefecture {
            prefecture.id
        } else {
            centre.id
        };
        // As for the doctors, the password printed is set afterwards.
        setup::create_staff(
            db,
            keys,
            org_id,
            login_id,
            display_name,
            role,
            &token::generate(),
            now,
        )
        .await?;
    }
    for (index, patient) in PATIENTS.iter().enumerate() {
        let start = today - Duration::days(3);
        let case = setup::create_case(
            db,
            keys,
            NewCase {
                case_number: case_number(index),
                health_centre_id: centre.id,
                followup_org_id: Some(org_ids[patient.org]),
                name: patient.name.to_owned(),
                name_kana: patient.kana.to_owned(),
                birth_date: NaiveDate::from_ymd_opt(
                    patient.birth.0,
                    patient.birth.1,
                    patient.birth.2,
                )
                .context("birth date")?,
                sex: patient.sex,
                phone: format!("090-0000-{:04}", index + 1),
                // A made-up block of a real town: a demo address that looks like one.
                address: format!("東京都新宿区西新宿 9-{}-{}", index + 1, index + 11),
                // Under `example.jp` (RFC 2606: nobody's), so that a demo run of the scheduler
                // writes the reminders as `.eml` files to the outbox folder.
                email: Some(format!(
                    "patient-{}@example.jp",
                    case_number(index).to_lowercase()
                )),
                followup_start: start,
                followup_end: start + Duration::days(9),
                slots_per_day: 1,
            },
            now,
        )
        .await?;
        add_reports(db, keys, CaseId(case.id), patient.course, index, now).await?;
    }
    add_addresses(db, centre.id, now).await?;
    Ok(())
}

/// E-mail addresses under `example.jp` (RFC 2606: nobody's), so that a demo run of the scheduler
/// (`mimamori scheduler run --at …`) writes red-report notices and daily reports as `.eml`
/// files to the outbox folder: every staff member, and the health centre. (The patients have
/// theirs from the start: `create_data`.)
async fn add_addresses(
    db: &DatabaseConnection,
    centre_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use crate::entities::{org_setting, staff_user};
    use crate::services::org_settings::OrgSchedule;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    staff_user::Entity::update_many()
        .col_expr(
            staff_user::Column::Email,
            Expr::cust("REPLACE(login_id, '.', '-') || '@example.jp'"),
        )
        .exec(db)
        .await?;
    let defaults = OrgSchedule::defaults(centre_id, time::DEFAULT_TZ);
    let hm = |t: chrono::NaiveTime| t.format("%H:%M").to_string();
    org_setting::ActiveModel {
        organisation_id: Set(centre_id),
        notify_email: Set(Some("hokenjo@example.jp".to_owned())),
        quiet_start: Set(hm(defaults.quiet_start)),
        quiet_end: Set(hm(defaults.quiet_end)),
        second_nudge_minutes: Set(i32::try_from(defaults.second_nudge.num_minutes())?),
        afternoon_reminder: Set(hm(defaults.afternoon_reminder)),
        cutoff: Set(hm(defaults.cutoff)),
        afternoon_cutoff: Set(hm(defaults.afternoon_cutoff)),
        report_time: Set(hm(defaults.report_time)),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Three earlier days of reports, then today's according to the course.
async fn add_reports(
    db: &DatabaseConnection,
    keys: &Keyring,
    case_id: CaseId,
    course: Course,
    index: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    if matches!(course, Course::NotEnrolled) {
        return Ok(());
    }
    let minutes = i64::try_from(index).unwrap_or(0) * 7 + 5;
    let local_midnight = time::local_date(now, time::DEFAULT_TZ);
    for days_ago in (0..=3).rev() {
        if matches!(course, Course::Silent) && days_ago < 2 {
            continue;
        }
        let at = now - Duration::days(days_ago) - Duration::minutes(minutes);
        // Keep today's reports on today's date even when the demo runs just after midnight.
        let at = if days_ago == 0 && time::local_date(at, time::DEFAULT_TZ) != local_midnight {
            now
        } else {
            at
        };
        let report = demo_report(if days_ago == 0 { course } else { Course::Well }, days_ago)?;
        reports::store(
            db,
            keys,
            case_id,
            uuid::Uuid::new_v4().to_string(),
            &report,
            at,
            EnteredBy::Patient,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(())
}

fn demo_report(course: Course, days_ago: i64) -> anyhow::Result<ValidReport> {
    let temp = |c: f64| Temperature::from_celsius(c).map_err(|e| anyhow::anyhow!("{e}"));
    let spo2 = |v: i64| Spo2::new(v).map(Some).map_err(|e| anyhow::anyhow!("{e}"));
    let mut report = ValidReport {
        temperature: temp(if days_ago >= 2 { 37.6 } else { 36.9 })?,
        spo2: spo2(97)?,
        pulse: None,
        symptoms: BTreeMap::from([(Symptom::CoughRunnyNose, Answer::Yes)]),
        urgent_signs: BTreeSet::new(),
        note: String::new(),
    };
    match course {
        Course::Well | Course::Silent | Course::NotEnrolled => {}
        Course::FeverToday => {
            report.temperature = temp(38.6)?;
            report.symptoms.insert(Symptom::Fatigue, Answer::Yes);
        }
        Course::LowSpo2Today => {
            report.spo2 = spo2(92)?;
            report.symptoms.insert(Symptom::Breathlessness, Answer::Yes);
        }
        Course::UrgentToday => {
            report.urgent_signs.insert(UrgentSign::BreathlessOnExertion);
        }
        Course::BorderlineToday => report.spo2 = spo2(95)?,
    }
    Ok(report)
}

/// Whether the database holds the demo deployment (its health centre), which production
/// refuses ([`crate::config_check`]).
pub async fn is_present(db: &impl sea_orm::ConnectionTrait) -> Result<bool, sea_orm::DbErr> {
    Ok(
        db::orgs::find_by_name(db, OrgKind::HealthCentre, HEALTH_CENTRE)
            .await?
            .is_some(),
    )
}
