//! A case record as staff see it.

use super::auth::OrgSummary;
use super::findings::FindingView;
use super::patient::MessageView;
use super::reports::ReportView;
use crate::ids::CaseId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Sex as recorded on the notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

    /// Inverse of [`Sex::as_str`]; anything unknown is `Other`.
    pub fn parse(s: &str) -> Self {
        match s {
            "male" => Self::Male,
            "female" => Self::Female,
            _ => Self::Other,
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
    /// Physician findings, newest first.
    pub findings: Vec<FindingView>,
    /// Messages staff sent to the patient, newest first.
    #[serde(default)]
    pub messages: Vec<MessageView>,
}

/// Declares a stored, closed set of codes: `as_str`, `parse` and `ALL`, serialised as the
/// snake_case code.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
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
    }
}
