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
    /// The search text is too long.
    SearchTooLong,
    /// A filter value the server refused.
    InvalidValue,
    /// Button: mark the selected cases reviewed.
    MarkReviewed,
    /// The button while it works.
    MarkingReviewed,
    /// Some cases could not be marked.
    MarkReviewedFailed,
    /// Button: the next rows.
    LoadMore,
    /// The button while loading.
    LoadingMore,
    /// Nothing matches.
    Empty,
    /// The automatic refresh failed; the list shown is older.
    RefreshFailed,
    /// Under the title: the list refreshes itself.
    AutoRefresh,
    /// For roles that read no cases (administrators, medical institutions).
    NoCasesForRole,
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
            W::SearchTooLong => (
                "100文字以内で入力してください。",
                "Use at most 100 characters.",
            ),
            W::InvalidValue => ("この条件は使えません。", "This value cannot be used."),
            W::MarkReviewed => ("確認済みにする", "Mark reviewed"),
            W::MarkingReviewed => ("処理中…", "Marking…"),
            W::MarkReviewedFailed => (
                "一部の患者を確認済みにできませんでした。再試行してください。",
                "Some cases could not be marked reviewed. Try again.",
            ),
            W::LoadMore => ("さらに表示", "Load more"),
            W::LoadingMore => ("読み込み中…", "Loading…"),
            W::Empty => (
                "条件に当てはまる患者はいません。",
                "No case matches these filters.",
            ),
            W::RefreshFailed => (
                "自動更新に失敗しました。表示は最新ではない可能性があります。",
                "The automatic refresh failed; the list may be out of date.",
            ),
            W::NoCasesForRole => (
                "この役割では患者の一覧はありません。上のメニューから作業を選んでください。",
                "Your role has no case list. Choose a page from the menu above.",
            ),
            W::AutoRefresh => (
                "数秒ごとに自動で更新されます",
                "Refreshes itself every few seconds",
            ),
        }
    }

    /// The label of a bucket, as its tab says it.
    pub fn bucket(lang: Lang, bucket: Bucket) -> &'static str {
        match bucket {
            Bucket::NeedsAttention => pick(lang, "要注意（不明な判定）", "Needs attention"),
            Bucket::Red => pick(lang, "緊急（赤）", "Red"),
            Bucket::EndReview => pick(lang, "終了前の確認", "Ready to end: review"),
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

/// "12 of 345 cases shown".
pub fn shown_of(lang: Lang, shown: usize, total: u64) -> String {
    match lang {
        Lang::Ja => format!("{total}件中 {shown}件を表示"),
        _ => format!("{shown} of {total} cases shown"),
    }
}

/// "3 selected".
pub fn selected(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Ja => format!("{count}件選択中"),
        _ => format!("{count} selected"),
    }
}

/// "3 cases marked reviewed".
pub fn marked_reviewed(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Ja => format!("{count}件を確認済みにしました。"),
        _ if count == 1 => "1 case marked reviewed.".to_owned(),
        _ => format!("{count} cases marked reviewed."),
    }
}

/// "Updated 10:42:05".
pub fn updated_at(lang: Lang, time: &str) -> String {
    match lang {
        Lang::Ja => format!("{time} 更新"),
        _ => format!("Updated {time}"),
    }
}

/// "Day 3" in the day filter.
pub fn day_option(lang: Lang, day: u32) -> String {
    match lang {
        Lang::Ja => format!("{day}日目"),
        _ => format!("Day {day}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [WorkText; 46] = {
        use WorkText as W;
        [
            W::Title,
            W::Buckets,
            W::All,
            W::Filters,
            W::Assigned,
            W::AssignedAnyone,
            W::AssignedMe,
            W::AssignedNobody,
            W::Day,
            W::AnyDay,
            W::Age65,
            W::Risk,
            W::RiskAll,
            W::RiskAny,
            W::Organisation,
            W::OrgAll,
            W::OrgNone,
            W::Search,
            W::SearchHint,
            W::ClearFilters,
            W::ColSelect,
            W::ColStatus,
            W::ColCaseNumber,
            W::ColPatient,
            W::ColAge,
            W::ColDay,
            W::ColLatest,
            W::ColRisk,
            W::ColAssigned,
            W::ColOrganisation,
            W::NoReport,
            W::Nobody,
            W::NoOrganisation,
            W::Escalated,
            W::ByStaff,
            W::SelectAll,
            W::SelectRow,
            W::SearchTooLong,
            W::InvalidValue,
            W::MarkReviewed,
            W::MarkingReviewed,
            W::MarkReviewedFailed,
            W::LoadMore,
            W::LoadingMore,
            W::Empty,
            W::RefreshFailed,
        ]
    };

    #[test]
    fn every_string_exists_in_japanese_and_english() {
        for text in ALL
            .into_iter()
            .chain([WorkText::AutoRefresh, WorkText::NoCasesForRole])
        {
            assert!(!text.get(Lang::Ja).is_empty(), "{text:?}");
            assert!(!text.get(Lang::En).is_empty(), "{text:?}");
            assert_eq!(text.get(Lang::Vi), text.get(Lang::En), "{text:?}");
        }
        for bucket in Bucket::ALL {
            assert_ne!(
                WorkText::bucket(Lang::Ja, bucket),
                WorkText::bucket(Lang::En, bucket)
            );
        }
        for factor in RiskFactor::ALL {
            assert!(!WorkText::risk_short(Lang::Ja, *factor).is_empty());
        }
    }

    #[test]
    fn numbers_are_placed_per_language() {
        assert_eq!(shown_of(Lang::Ja, 50, 1200), "1200件中 50件を表示");
        assert_eq!(shown_of(Lang::En, 50, 1200), "50 of 1200 cases shown");
        assert_eq!(marked_reviewed(Lang::En, 1), "1 case marked reviewed.");
        assert_eq!(day_option(Lang::Ja, 3), "3日目");
        assert_eq!(WorkText::field_error("too_long"), WorkText::SearchTooLong);
        assert_eq!(WorkText::field_error("invalid"), WorkText::InvalidValue);
    }
}
