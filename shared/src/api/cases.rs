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
