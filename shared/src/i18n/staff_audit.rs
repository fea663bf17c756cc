//! Strings of the staff console's audit-log page (administrators), Japanese and English.

use super::{Lang, pick};

/// A string of the audit-log page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditText {
    /// Navigation link and page heading.
    Title,
    /// Explains what the page shows.
    Intro,
    /// Filter: login ID of the staff member.
    Actor,
    /// Filter: action code.
    Action,
    /// Filter: case id.
    CaseId,
    /// Filter: first day.
    From,
    /// Filter: last day.
    To,
    /// Applies the filters.
    Search,
    /// Clears the filters.
    Clear,
    /// Column: time.
    When,
    /// Column: who (login, role, organisation).
    Who,
    /// Column: client address.
    Address,
    /// Column: position in the hash chain.
    Chain,
    /// An entry not sealed yet.
    NotSealed,
    /// Loads older entries.
    Older,
    /// No entries match.
    Empty,
    /// An entry of a patient.
    Patient,
    /// An entry of the system or an unknown actor.
    System,
    /// Note on verification.
    VerifyHint,
}

impl AuditText {
    /// The text in `lang` (English for every language but Japanese).
    pub fn get(self, lang: Lang) -> &'static str {
        use AuditText::*;
        match self {
            Title => pick(lang, "監査ログ", "Audit log"),
            Intro => pick(
                lang,
                "患者情報の閲覧・更新とサインインの記録です。新しい順に表示します。",
                "Every read and write of patient data and every sign-in, newest first.",
            ),
            Actor => pick(lang, "職員ID", "Staff login ID"),
            Action => pick(lang, "操作", "Action"),
            CaseId => pick(lang, "患者ID", "Case id"),
            From => pick(lang, "開始日", "From"),
            To => pick(lang, "終了日", "To"),
            Search => pick(lang, "検索", "Search"),
            Clear => pick(lang, "条件をクリア", "Clear filters"),
            When => pick(lang, "日時", "When"),
            Who => pick(lang, "実行者", "Who"),
            Address => pick(lang, "接続元", "From address"),
            Chain => pick(lang, "チェーン番号", "Chain position"),
            NotSealed => pick(lang, "封印待ち", "not sealed yet"),
            Older => pick(lang, "さらに古い記録", "Older entries"),
            Empty => pick(lang, "該当する記録はありません。", "No entries match."),
            Patient => pick(lang, "患者", "patient"),
            System => pick(lang, "システム", "system"),
            VerifyHint => pick(
                lang,
                "改ざんの有無はサーバーで「mimamori audit verify」を実行して確認します。",
                "To check for tampering, run `mimamori audit verify` on the server.",
            ),
        }
    }
}
