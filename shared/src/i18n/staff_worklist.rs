//! UI strings of the staff console's work list (トリアージ一覧): Japanese and English, like
//! [`super::staff`].

use super::{Lang, pick};
use crate::api::cases::RiskFactor;
use crate::api::worklist::Bucket;

/// A string of the work list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkText {
    /// Page heading and navigation link.
    Title,
    /// Name of the bucket tabs (screen readers).
    Buckets,
    /// Tab: every bucket.
    All,
    /// Heading of the filters.
    Filters,
    /// Filter: whose cases.
    Assigned,
    /// Anyone's cases.
    AssignedAnyone,
    /// The caller's cases.
    AssignedMe,
    /// Cases nobody is named for.
    AssignedNobody,
    /// Filter: day N of follow-up.
    Day,
    /// Any day of follow-up.
    AnyDay,
    /// Filter: 65 or over.
    Age65,
    /// Filter: risk factors.
    Risk,
    /// No risk-factor filter.
    RiskAll,
    /// At least one risk factor.
    RiskAny,
    /// Filter: follow-up organisation (health centres).
    Organisation,
    /// Every organisation.
    OrgAll,
    /// Cases not assigned to an organisation.
    OrgNone,
    /// Search box label.
    Search,
    /// Under the search box.
    SearchHint,
    /// Button that clears every filter.
    ClearFilters,
    /// Column: select.
    ColSelect,
    /// Column: where the case stands.
    ColStatus,
    /// Column: case number.
    ColCaseNumber,
    /// Column: name and kana.
    ColPatient,
    /// Column: age and sex.
    ColAge,
    /// Column: day N.
    ColDay,
    /// Column: the newest report.
    ColLatest,
    /// Column: risk factors.
    ColRisk,
    /// Column: staff in charge.
    ColAssigned,
    /// Column: follow-up organisation.
    ColOrganisation,
    /// No report yet.
    NoReport,
    /// Nobody named in charge.
    Nobody,
    /// Not assigned to an organisation.
    NoOrganisation,
    /// Tag of a case escalated to the health centre.
    Escalated,
    /// Tag of a report entered by staff.
    ByStaff,
    /// Select every loaded row.
    SelectAll,
    /// Select one row (followed by the case number).
    SelectRow,
    /// Button: mark the selected cases reviewed.
    MarkReviewed,
    /// The button while it works.
    MarkingReviewed,
    /// How many rows are selected (followed by the number).
    Selected,
    /// After marking: how many cases were marked (followed by the number).
    MarkedReviewed,
    /// Some cases could not be marked.
    MarkReviewedFailed,
    /// Button: the next rows.
    LoadMore,
    /// The button while loading.
    LoadingMore,
    /// Rows shown of how many (between the numbers).
    ShownOf,
    /// Nothing matches.
    Empty,
    /// When the list was last brought up to date (followed by the time).
    UpdatedAt,
    /// The automatic refresh failed; the list shown is older.
    RefreshFailed,
    /// Under the title: the list refreshes itself.
    AutoRefresh,
}

impl WorkText {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        let (ja, en) = self.pair();
        pick(lang, ja, en)
    }

    fn pair(self) -> (&'static str, &'static str) {
        use WorkText as W;
        match self {
            W::Title => ("トリアージ一覧", "Work list"),
            W::Buckets => ("対応の優先度", "Priority"),
            W::All => ("すべて", "All"),
            W::Filters => ("絞り込み", "Filters"),
            W::Assigned => ("担当者", "Assigned to"),
            W::AssignedAnyone => ("全員", "Anyone"),
            W::AssignedMe => ("自分", "Me"),
            W::AssignedNobody => ("担当者なし", "Nobody"),
            W::Day => ("療養日数", "Day of follow-up"),
            W::AnyDay => ("すべて", "Any day"),
            W::Age65 => ("65歳以上のみ", "65 or over only"),
            W::Risk => ("重症化リスク因子", "Risk factor"),
            W::RiskAll => ("指定なし", "Any or none"),
            W::RiskAny => ("いずれかあり", "At least one"),
            W::Organisation => ("委託先", "Follow-up organisation"),
            W::OrgAll => ("すべて", "All"),
            W::OrgNone => ("未割当", "Not assigned"),
            W::Search => ("検索", "Search"),
            W::SearchHint => (
                "氏名・カナ・患者番号・電話番号の一部",
                "Part of the name, kana, case number or phone",
            ),
            W::ClearFilters => ("条件をクリア", "Clear filters"),
            W::ColSelect => ("選択", "Select"),
            W::ColStatus => ("区分", "Status"),
            W::ColCaseNumber => ("患者番号", "Case no."),
            W::ColPatient => ("氏名", "Name"),
            W::ColAge => ("年齢・性別", "Age, sex"),
            W::ColDay => ("療養日", "Day"),
            W::ColLatest => ("最新の報告", "Latest report"),
            W::ColRisk => ("リスク因子", "Risk factors"),
            W::ColAssigned => ("担当", "Assigned"),
            W::ColOrganisation => ("委託先", "Organisation"),
            W::NoReport => ("報告なし", "No report yet"),
            W::Nobody => ("—", "—"),
            W::NoOrganisation => ("未割当", "Not assigned"),
            W::Escalated => ("保健所へ連絡済み", "Escalated"),
            W::ByStaff => ("代理入力", "By staff"),
            W::SelectAll => ("表示中をすべて選択", "Select all shown"),
            W::SelectRow => ("選択:", "Select:"),
            W::MarkReviewed => ("確認済みにする", "Mark reviewed"),
            W::MarkingReviewed => ("処理中…", "Marking…"),
            W::Selected => ("選択中:", "Selected:"),
            W::MarkedReviewed => ("確認済みにした患者数:", "Cases marked reviewed:"),
            W::MarkReviewedFailed => (
                "一部の患者を確認済みにできませんでした。再試行してください。",
                "Some cases could not be marked reviewed. Try again.",
            ),
            W::LoadMore => ("さらに表示", "Load more"),
            W::LoadingMore => ("読み込み中…", "Loading…"),
            W::ShownOf => ("件を表示 / 全", "shown of"),
            W::Empty => (
                "条件に当てはまる患者はいません。",
                "No case matches these filters.",
            ),
            W::UpdatedAt => ("更新:", "Updated"),
            W::RefreshFailed => (
                "自動更新に失敗しました。表示は最新ではない可能性があります。",
                "The automatic refresh failed; the list may be out of date.",
            ),
            W::AutoRefresh => ("数秒ごとに自動で更新されます", "Refreshes itself every few seconds"),
        }
    }

    /// The label of a bucket, as its tab says it.
    pub fn bucket(lang: Lang, bucket: Bucket) -> &'static str {
        match bucket {
            Bucket::Red => pick(lang, "緊急（赤）", "Red"),
            Bucket::Amber => pick(lang, "要確認（黄）", "Amber"),
            Bucket::NotReported => pick(lang, "未入力", "Not reported"),
            Bucket::Unreviewed => pick(lang, "未確認", "Unreviewed"),
            Bucket::Rest => pick(lang, "確認済み", "Reviewed"),
        }
    }

    /// A risk factor in a few characters, for the table (the full name is its title).
    pub fn risk_short(lang: Lang, factor: RiskFactor) -> &'static str {
        use RiskFactor as R;
        match factor {
            R::Cancer => pick(lang, "悪性腫瘍", "Cancer"),
            R::ChronicRespiratory => pick(lang, "呼吸器", "Lung"),
            R::ChronicKidney => pick(lang, "腎臓", "Kidney"),
            R::Cardiovascular => pick(lang, "心血管", "Heart"),
            R::Cerebrovascular => pick(lang, "脳血管", "Stroke"),
            R::Smoking => pick(lang, "喫煙", "Smoker"),
            R::Hypertension => pick(lang, "高血圧", "Hypertension"),
            R::Diabetes => pick(lang, "糖尿病", "Diabetes"),
            R::Dyslipidaemia => pick(lang, "脂質異常", "Lipids"),
            R::Obesity => pick(lang, "肥満", "Obesity"),
            R::Immunosuppression => pick(lang, "免疫抑制", "Immunosuppressed"),
            R::Pregnancy => pick(lang, "妊娠", "Pregnant"),
        }
    }

    /// The message beside a filter the server refused (422), by the field's code.
    pub fn field_error(code: &str) -> WorkText {
        match code {
            "too_long" => WorkText::SearchTooLong,
            _ => WorkText::InvalidValue,
        }
    }
}
