//! Daily implementation reports (実施報告) of a follow-up organisation to a health centre
//! (`/api/staff/implementation-reports`).

use crate::ids::OrgId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The counts of one report: one follow-up organisation's work for one health centre on one
/// local day, up to the health centre's report time that day. docs/notifications.md ("Daily
/// implementation reports") defines each count precisely.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImplementationCounts {
    /// 健康観察中: cases under follow-up that day.
    pub under_followup: u64,
    /// 新規: cases registered that day.
    pub new_cases: u64,
    /// 終了（療養期間満了）.
    pub ended_period_completed: u64,
    /// 終了（入院）.
    pub ended_hospitalised: u64,
    /// 終了（転出・移管）.
    pub ended_transferred: u64,
    /// 終了（死亡）.
    pub ended_died: u64,
    /// 終了（その他）.
    pub ended_other: u64,
    /// 報告（アプリ）: reports the patients sent.
    pub reports_app: u64,
    /// 報告（代理入力）: reports staff entered after a call.
    pub reports_proxy: u64,
    /// 未報告: cases under follow-up without a report for the day.
    pub not_reported: u64,
    /// 架電: phone calls logged.
    pub contact_attempts: u64,
    /// 赤: red reports.
    pub red: u64,
    /// 黄: amber reports.
    pub amber: u64,
    /// 医師所見: findings written (amendments included).
    pub findings: u64,
    /// 入院調整: cases referred for admission or ended as hospitalised.
    pub referred_admission: u64,
}

impl ImplementationCounts {
    /// Every count with its stable key, in the order reports show them.
    pub fn entries(&self) -> [(&'static str, u64); 15] {
        [
            ("under_followup", self.under_followup),
            ("new_cases", self.new_cases),
            ("ended_period_completed", self.ended_period_completed),
            ("ended_hospitalised", self.ended_hospitalised),
            ("ended_transferred", self.ended_transferred),
            ("ended_died", self.ended_died),
            ("ended_other", self.ended_other),
            ("reports_app", self.reports_app),
            ("reports_proxy", self.reports_proxy),
            ("not_reported", self.not_reported),
            ("contact_attempts", self.contact_attempts),
            ("red", self.red),
            ("amber", self.amber),
            ("findings", self.findings),
            ("referred_admission", self.referred_admission),
        ]
    }

    /// Every end of follow-up, whatever the reason.
    pub fn ended_total(&self) -> u64 {
        self.ended_period_completed
            + self.ended_hospitalised
            + self.ended_transferred
            + self.ended_died
            + self.ended_other
    }
}

/// One stored report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImplementationReportView {
    /// Id of the report.
    pub id: i64,
    /// The local day reported on (the health centre's time zone).
    pub report_date: NaiveDate,
    /// The health centre it is addressed to.
    pub health_centre_id: OrgId,
    /// Its name.
    pub health_centre_name: String,
    /// The follow-up organisation it reports on.
    pub followup_org_id: OrgId,
    /// Its name.
    pub followup_org_name: String,
    /// When it was compiled.
    pub compiled_at: DateTime<Utc>,
    /// The counts.
    pub counts: ImplementationCounts,
}

/// Filters of the list; both optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ImplementationReportQuery {
    /// From this report date, inclusive.
    pub from: Option<NaiveDate>,
    /// Up to this report date, inclusive.
    pub to: Option<NaiveDate>,
}

/// Reports, newest date first (at most [`MAX_ITEMS`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImplementationReportList {
    /// The reports.
    pub items: Vec<ImplementationReportView>,
}

/// Most reports one list answers (the newest); narrow the dates to see older ones.
pub const MAX_ITEMS: u64 = 500;
