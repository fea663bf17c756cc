//! A case record as staff see it.

use super::auth::OrgSummary;
use super::findings::FindingView;
use super::patient::MessageView;
use super::reports::ReportView;
use crate::ids::{CaseEventId, CaseId, StaffId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Sex as recorded on the notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "db",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// 男
    Male,
    /// 女
    Female,
    /// その他・不明
    Other,
}

impl Sex {
    /// Stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Male => "male",
            Self::Female => "female",
            Self::Other => "other",
        }
    }

    /// Inverse of [`Sex::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "male" => Some(Self::Male),
            "female" => Some(Self::Female),
            "other" => Some(Self::Other),
            _ => None,
        }
    }
}

/// `GET /api/staff/cases/{case_id}`: the case record with its reports and findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseView {
    /// Id of the case.
    pub id: CaseId,
    /// Case number (shown on the invitation letter).
    pub case_number: String,
    /// 氏名.
    pub name: String,
    /// 氏名（カナ）.
    pub name_kana: String,
    /// 生年月日.
    pub birth_date: NaiveDate,
    /// Age in whole years today.
    pub age: u32,
    /// 性別.
    pub sex: Sex,
    /// Phone number.
    pub phone: String,
    /// Health centre with jurisdiction.
    pub health_centre: OrgSummary,
    /// Follow-up organisation the case is assigned to, if any.
    pub followup_org: Option<OrgSummary>,
    /// First day of follow-up.
    pub followup_start: NaiveDate,
    /// Last day of follow-up.
    pub followup_end: NaiveDate,
    /// Day N of the follow-up period today.
    pub day: i64,
    /// Reports, newest first.
    pub reports: Vec<ReportView>,
    /// Physician findings, newest first; each original carries its amendments (oldest first),
    /// so the original stays visible next to what replaced it.
    pub findings: Vec<FindingView>,
    /// Messages staff sent to the patient, newest first.
    #[serde(default)]
    pub messages: Vec<MessageView>,
    /// 住所.
    #[serde(default)]
    pub address: String,
    /// 重症化リスク因子 (age 65 or over follows from the date of birth and is not listed).
    #[serde(default)]
    pub risk_factors: Vec<RiskFactor>,
    /// 発症日, if known.
    #[serde(default)]
    pub onset_date: Option<NaiveDate>,
    /// 検体採取日, if known.
    #[serde(default)]
    pub specimen_date: Option<NaiveDate>,
    /// Tests done (method and result), as the diagnosing institution recorded them.
    #[serde(default)]
    pub test_summary: String,
    /// The diagnosing institution's interview notes. Read-only: no endpoint changes them for
    /// follow-up staff.
    #[serde(default)]
    pub interview_notes: String,
    /// Reports a day the patient is asked for (1 or 2).
    #[serde(default = "one_slot")]
    pub slots_per_day: u8,
    /// Whether follow-up is running or has ended (the record is read-only once ended).
    #[serde(default)]
    pub status: CaseStatus,
    /// Why follow-up ended, once it has.
    #[serde(default)]
    pub end_reason: Option<EndReason>,
    /// When follow-up ended, once it has.
    #[serde(default)]
    pub ended_at: Option<DateTime<Utc>>,
    /// Why the review gate holds the case (status `end_review`); empty otherwise.
    #[serde(default)]
    pub end_review_signs: Vec<crate::end_review::EndReviewSign>,
    /// The SpO2 thresholds a doctor set for this patient, if any (the rule set's otherwise).
    #[serde(default)]
    pub thresholds: Option<CaseThresholdView>,
    /// The follow-up staff member in charge, if one is named.
    #[serde(default)]
    pub assigned_staff: Option<StaffSummary>,
    /// When a doctor last escalated the case to the health centre.
    #[serde(default)]
    pub escalated_at: Option<DateTime<Utc>>,
    /// The case timeline (calls, escalations, assignments, invitations, reminders, the end),
    /// newest first.
    #[serde(default)]
    pub events: Vec<CaseEventView>,
    /// What the caller may do on this case now, as the server's policy decides; the console
    /// offers only these (the server checks again on every request).
    #[serde(default)]
    pub allowed: CaseActions,
    /// Inpatient status reports (入院患者の状況報告) medical institutions filed on the case,
    /// newest first (empty when it was never in hospital).
    #[serde(default)]
    pub inpatient_reports: Vec<super::inpatient::InpatientReportView>,
}

fn one_slot() -> u8 {
    1
}

/// Whether a case is under follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "db",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Under follow-up.
    #[default]
    Active,
    /// Follow-up ended; the record is read-only.
    Ended,
    /// In hospital (an institution's inpatient status report): home follow-up is paused, no
    /// reminders are sent and the patient cannot report until a discharge home resumes it.
    Hospitalised,
    /// The period is over but the review gate held the case ("ready to end — needs review",
    /// docs/triage.md): follow-up goes on, reports are taken, until a doctor or the health
    /// centre ends it or extends the period.
    EndReview,
}

impl CaseStatus {
    /// Stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Ended => "ended",
            Self::Hospitalised => "hospitalised",
            Self::EndReview => "end_review",
        }
    }

    /// Inverse of [`CaseStatus::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(Self::Active),
            "ended" => Some(Self::Ended),
            "hospitalised" => Some(Self::Hospitalised),
            "end_review" => Some(Self::EndReview),
            _ => None,
        }
    }
}

/// The current version of a case's own SpO2 thresholds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseThresholdView {
    /// Version, counted from 1 for the case; reports store the version that judged them.
    pub version: u32,
    /// The thresholds; `None` when the last version went back to the rule set's.
    pub thresholds: Option<crate::triage::CaseThresholds>,
    /// Why.
    pub reason: String,
    /// Who set it.
    pub set_by: Option<String>,
    /// When.
    pub set_at: DateTime<Utc>,
}

/// A staff member as others see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSummary {
    /// Id of the staff member.
    pub id: StaffId,
    /// Display name.
    pub name: String,
}

/// The case actions the caller may take now: allowed by the role and the case still under
/// follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseActions {
    /// Record a phone call.
    #[serde(default)]
    pub log_call: bool,
    /// Enter a report for the patient after a call.
    #[serde(default)]
    pub proxy_report: bool,
    /// Mark reports reviewed.
    #[serde(default)]
    pub mark_reviewed: bool,
    /// Write a physician finding.
    #[serde(default)]
    pub write_finding: bool,
    /// Amend a physician finding (also once the case has ended: an amendment corrects the
    /// record).
    #[serde(default)]
    pub amend_finding: bool,
    /// Escalate to the health centre.
    #[serde(default)]
    pub escalate: bool,
    /// End follow-up.
    #[serde(default)]
    pub end_follow_up: bool,
    /// Extend the follow-up period (doctors and the health centre).
    #[serde(default)]
    pub extend_follow_up: bool,
    /// Set the case's own SpO2 thresholds (doctors).
    #[serde(default)]
    pub set_thresholds: bool,
    /// Write a message to the patient.
    #[serde(default)]
    pub send_message: bool,
}

/// One entry of the case timeline (`case_event`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseEventView {
    /// Id of the entry.
    pub id: CaseEventId,
    /// The case.
    pub case_id: CaseId,
    /// What happened.
    pub kind: CaseEventKind,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it; `None` for the system (the scheduler).
    pub actor_name: Option<String>,
    /// The actor's organisation.
    pub actor_org: Option<String>,
    /// The stored outcome code: a [`CallOutcome`] for a call, an [`EndReason`] for the end of
    /// follow-up; other kinds may carry their own code or none.
    pub outcome: Option<String>,
    /// Free text written with it.
    pub note: String,
    /// The organisation a case was assigned or transferred to.
    pub related_org: Option<String>,
}

impl CaseEventView {
    /// The call outcome, for a call.
    pub fn call_outcome(&self) -> Option<CallOutcome> {
        match self.kind {
            CaseEventKind::Call => self.outcome.as_deref().and_then(CallOutcome::parse),
            _ => None,
        }
    }

    /// The end reason, for the end of follow-up.
    pub fn end_reason(&self) -> Option<EndReason> {
        match self.kind {
            CaseEventKind::Ended => self.outcome.as_deref().and_then(EndReason::parse),
            _ => None,
        }
    }
}

/// Declares a stored, closed set of codes: `as_str`, `parse` and `ALL`, serialised as the
/// snake_case code and, with the `db` feature, stored in a typed column under the same code.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* #[cfg_attr(feature = "db", sea_orm(string_value = $code))] $variant,)+
        }

        impl $name {
            /// Every code, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// Stable name used in storage and in the API.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// Inverse of `as_str`.
            pub fn parse(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|c| c.as_str() == code)
            }
        }
    };
}

pub(crate) use codes;

codes! {
    /// A risk factor for severe disease (重症化リスク因子), as on the 2022 notification form.
    /// Age 65 or over is not listed: it follows from the date of birth.
    RiskFactor {
        /// 悪性腫瘍.
        Cancer = "cancer",
        /// 慢性呼吸器疾患（COPD等）.
        ChronicRespiratory = "chronic_respiratory",
        /// 慢性腎臓病.
        ChronicKidney = "chronic_kidney",
        /// 心血管疾患.
        Cardiovascular = "cardiovascular",
        /// 脳血管疾患.
        Cerebrovascular = "cerebrovascular",
        /// 喫煙歴.
        Smoking = "smoking",
        /// 高血圧.
        Hypertension = "hypertension",
        /// 糖尿病.
        Diabetes = "diabetes",
        /// 脂質異常症.
        Dyslipidaemia = "dyslipidaemia",
        /// 肥満（BMI 30以上）.
        Obesity = "obesity",
        /// 臓器移植・免疫抑制剤・抗がん剤等の使用.
        Immunosuppression = "immunosuppression",
        /// 妊娠.
        Pregnancy = "pregnancy",
    }
}

codes! {
    /// Why follow-up ended (療養終了の理由).
    EndReason {
        /// 療養期間満了: the period ran out (set by the scheduler, or by hand).
        PeriodCompleted = "period_completed",
        /// 入院.
        Hospitalised = "hospitalised",
        /// 転出・移管: moved to another health centre's jurisdiction.
        Transferred = "transferred",
        /// 死亡.
        Died = "died",
        /// その他.
        Other = "other",
    }
}

codes! {
    /// How a phone call to the patient went.
    CallOutcome {
        /// 応答あり.
        Reached = "reached",
        /// 応答なし.
        NoAnswer = "no_answer",
        /// 番号違い.
        WrongNumber = "wrong_number",
    }
}

codes! {
    /// What a case-timeline entry records.
    CaseEventKind {
        /// The case was registered (by hand, CSV import or an accepted notification).
        Registered = "registered",
        /// A staff member phoned the patient.
        Call = "call",
        /// A doctor escalated the case to the health centre.
        Escalation = "escalation",
        /// The health centre assigned or transferred the case to a follow-up organisation.
        Assignment = "assignment",
        /// An invitation was issued or re-issued.
        Invitation = "invitation",
        /// A reminder was sent to the patient (or failed).
        Reminder = "reminder",
        /// Follow-up ended.
        Ended = "ended",
        /// An institution filed an inpatient status report (outcome: its 転帰 code).
        Inpatient = "inpatient",
        /// A medical institution's notification (発生届) was linked to this existing case.
        NotificationLinked = "notification_linked",
        /// The period ended but the review gate held the case (outcome `held`; note: the rules'
        /// version and the signs, [`crate::end_review::EndReviewSign`] codes).
        EndReview = "end_review",
        /// The follow-up period was extended (outcome: the days added; note: why).
        Extended = "extended",
        /// A doctor set or cleared the case's own SpO2 thresholds (note: why).
        ThresholdsSet = "thresholds_set",
        /// A report was corrected (outcome: `patient` or `staff`, who corrected it).
        ReportCorrected = "report_corrected",
        /// Ten wrong passwords in a row locked the patient's sign-in for 15 minutes (someone may
        /// be guessing it; the patient is told at the next sign-in).
        SignInLocked = "sign_in_locked",
    }
}
