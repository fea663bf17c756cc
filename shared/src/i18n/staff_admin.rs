//! Strings of the administration screens of the staff console (organisations, contracts,
//! users), Japanese and English.

use super::{Lang, pick};
use crate::api::admin::OrgKind;

/// A string of the administration screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminText {
    /// Navigation and heading: organisations.
    OrgsTitle,
    /// Navigation and heading: contracts.
    ContractsTitle,
    /// Navigation and heading: users.
    UsersTitle,

    /// Under the organisations heading.
    OrgsIntro,
    /// Heading of the form.
    AddOrg,
    /// Kind.
    Kind,
    /// Name.
    OrgName,
    /// Parent.
    Parent,
    /// Phone.
    Phone,
    /// Label: postal address (所在地).
    Address,
    /// Time zone.
    TimeZone,
    /// Hint under the time zone.
    TimeZoneHint,
    /// Add button.
    Add,
    /// While saving.
    Saving,
    /// After adding an organisation.
    OrgAdded,
    /// Kind labels.
    KindDeployment,
    /// 都道府県等.
    KindPrefecture,
    /// 保健所.
    KindHealthCentre,
    /// 委託先.
    KindFollowupOrg,
    /// 医療機関.
    KindInstitution,
    /// The empty choice.
    Choose,

    /// Under the contracts heading.
    ContractsIntro,
    /// Follow-up organisation.
    FollowupOrg,
    /// Health centre.
    HealthCentre,
    /// Since.
    Since,
    /// Heading of the form.
    AddContract,
    /// After adding.
    ContractAdded,
    /// End button.
    EndContract,
    /// Asking before ending.
    ConfirmEndContract,
    /// After ending.
    ContractEnded,
    /// No contracts.
    NoContracts,

    /// Under the users heading.
    UsersIntro,
    /// Filter: organisation.
    FilterOrg,
    /// Filter: role.
    FilterRole,
    /// Filter: state.
    FilterActive,
    /// Any value of a filter.
    Any,
    /// Apply filters.
    Filter,
    /// Heading of the form.
    AddUser,
    /// Login ID.
    LoginId,
    /// Login ID hint.
    LoginIdHint,
    /// Display name.
    DisplayName,
    /// Role.
    Role,
    /// Organisation.
    Organisation,
    /// E-mail.
    Email,
    /// Initial password.
    InitialPassword,
    /// Hint under the initial password.
    InitialPasswordHint,
    /// After adding a user.
    UserAdded,
    /// State: active.
    Active,
    /// State: deactivated.
    Inactive,
    /// Authenticator enrolled.
    Enrolled,
    /// Authenticator not enrolled.
    NotEnrolled,
    /// Locked after failures.
    Locked,
    /// Column: state.
    State,
    /// Column: actions.
    Actions,
    /// Deactivate button.
    Deactivate,
    /// Reset 2FA button.
    ResetTwoFactor,
    /// Asking before deactivating.
    ConfirmDeactivate,
    /// Asking before resetting.
    ConfirmReset,
    /// Confirm button.
    Confirm,
    /// Cancel button.
    Cancel,
    /// After deactivating.
    Deactivated,
    /// After resetting.
    ResetDone,
    /// No users.
    NoUsers,

    /// 409 `contract_exists`.
    ErrContractExists,
    /// 409 `contract_in_use`.
    ErrContractInUse,
    /// 409 `login_taken`.
    ErrLoginTaken,
    /// 409 `own_account`.
    ErrOwnAccount,
    /// 404: outside the administrator's organisations.
    ErrNotFound,
    /// Field error: the role does not fit the organisation.
    ErrRoleMismatch,
    /// Field error: wrong parent kind.
    ErrWrongParent,
    /// Field error: wrong kind.
    ErrWrongKind,
    /// Field error: login format.
    ErrLoginFormat,
    /// Field error: e-mail format.
    ErrEmailFormat,
    /// Field error: phone format.
    ErrPhone,
    /// Field error: required.
    ErrRequired,
    /// Field error: too short.
    ErrTooShort,
    /// Field error: a password on the common-password list.
    ErrTooCommon,
    /// Field error: too long.
    ErrTooLong,
    /// Field error: out of range.
    ErrOutOfRange,
    /// Field error: anything else.
    ErrInvalid,
}

impl AdminText {
    /// The text in `lang` (English for every language but Japanese).
    pub fn get(self, lang: Lang) -> &'static str {
        let (ja, en) = self.pair();
        pick(lang, ja, en)
    }

    /// The label of an organisation kind.
    pub fn kind(kind: OrgKind) -> AdminText {
        match kind {
            OrgKind::Deployment => AdminText::KindDeployment,
            OrgKind::Prefecture => AdminText::KindPrefecture,
            OrgKind::HealthCentre => AdminText::KindHealthCentre,
            OrgKind::FollowupOrg => AdminText::KindFollowupOrg,
            OrgKind::Institution => AdminText::KindInstitution,
        }
    }

    /// The message for a field error's stable code.
    pub fn field_error(code: &str) -> AdminText {
        use AdminText::*;
        match code {
            "required" => ErrRequired,
            "role_mismatch" => ErrRoleMismatch,
            "wrong_parent_kind" => ErrWrongParent,
            "wrong_kind" => ErrWrongKind,
            "login_format" => ErrLoginFormat,
            "email_format" => ErrEmailFormat,
            "phone_format" => ErrPhone,
            "too_short" => ErrTooShort,
            "too_common" => ErrTooCommon,
            "too_long" => ErrTooLong,
            "out_of_range" => ErrOutOfRange,
            _ => ErrInvalid,
        }
    }

    /// The message for a 409's code, if it is one of administration's.
    pub fn conflict(code: &str) -> Option<AdminText> {
        match code {
            "contract_exists" => Some(AdminText::ErrContractExists),
            "contract_in_use" => Some(AdminText::ErrContractInUse),
            "login_taken" => Some(AdminText::ErrLoginTaken),
            "own_account" => Some(AdminText::ErrOwnAccount),
            _ => None,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        use AdminText::*;
        match self {
            OrgsTitle => ("組織", "Organisations"),
            ContractsTitle => ("委託契約", "Contracts"),
            UsersTitle => ("職員アカウント", "Staff accounts"),

            OrgsIntro => (
                "管理している組織の一覧です。保健所は都道府県等の下に、委託先と医療機関は保健所の下に追加します。",
                "The organisations you manage. Health centres go under a prefecture; follow-up organisations and medical institutions under a health centre.",
            ),
            AddOrg => ("組織を追加", "Add an organisation"),
            Kind => ("種別", "Kind"),
            OrgName => ("名称", "Name"),
            Parent => ("上位の組織", "Under"),
            Phone => ("電話番号", "Phone"),
            Address => ("所在地", "Address"),
            TimeZone => ("タイムゾーン", "Time zone"),
            TimeZoneHint => (
                "空欄なら上位の組織と同じです（通常は Asia/Tokyo）。",
                "Leave empty for the parent's (usually Asia/Tokyo).",
            ),
            Add => ("追加する", "Add"),
            Saving => ("保存中…", "Saving…"),
            OrgAdded => ("組織を追加しました。", "Organisation added."),
            KindDeployment => ("システム全体", "Whole deployment"),
            KindPrefecture => ("都道府県等", "Prefecture"),
            KindHealthCentre => ("保健所", "Health centre"),
            KindFollowupOrg => ("委託先（健康観察）", "Follow-up organisation"),
            KindInstitution => ("医療機関", "Medical institution"),
            Choose => ("選択してください", "Choose"),

            ContractsIntro => (
                "どの委託先がどの保健所の健康観察を受託しているかを登録します。保健所は契約のある委託先にだけ患者を割り当てられます。",
                "Which follow-up organisation serves which health centre. A health centre can assign cases only to organisations under contract.",
            ),
            FollowupOrg => ("委託先", "Follow-up organisation"),
            HealthCentre => ("保健所", "Health centre"),
            Since => ("登録日", "Since"),
            AddContract => ("契約を追加", "Add a contract"),
            ContractAdded => ("契約を追加しました。", "Contract added."),
            EndContract => ("契約を解除", "End contract"),
            ConfirmEndContract => (
                "この契約を解除します。よろしいですか？",
                "End this contract?",
            ),
            ContractEnded => ("契約を解除しました。", "Contract ended."),
            NoContracts => ("契約はまだありません。", "No contracts yet."),

            UsersIntro => (
                "職員のアカウントを追加・無効化します。新しい職員は最初のサインインで認証アプリを登録します。",
                "Add and deactivate staff accounts. A new user enrols an authenticator app at the first sign-in.",
            ),
            FilterOrg => ("組織", "Organisation"),
            FilterRole => ("役割", "Role"),
            FilterActive => ("状態", "State"),
            Any => ("すべて", "Any"),
            Filter => ("絞り込む", "Filter"),
            AddUser => ("職員を追加", "Add a staff member"),
            LoginId => ("ログインID", "Login ID"),
            LoginIdHint => (
                "半角英数字と . _ - で3〜64文字",
                "3–64 letters, digits, '.', '_' or '-'",
            ),
            DisplayName => ("表示名", "Display name"),
            Role => ("役割", "Role"),
            Organisation => ("所属", "Organisation"),
            Email => ("メールアドレス", "E-mail"),
            InitialPassword => ("初期パスワード", "Initial password"),
            InitialPasswordHint => (
                "12文字以上。本人に直接伝えてください。最初のサインインで本人がパスワードを変更し、認証アプリを登録します。",
                "12 characters or more; hand it over in person. At the first sign-in they replace it with their own, then enrol an authenticator app.",
            ),
            UserAdded => ("職員を追加しました。", "Staff member added."),
            Active => ("有効", "Active"),
            Inactive => ("無効", "Deactivated"),
            Enrolled => ("認証アプリ登録済み", "Authenticator enrolled"),
            NotEnrolled => ("認証アプリ未登録", "No authenticator yet"),
            Locked => ("ロック中", "Locked"),
            State => ("状態", "State"),
            Actions => ("操作", "Actions"),
            Deactivate => ("無効にする", "Deactivate"),
            ResetTwoFactor => ("二要素認証をリセット", "Reset two-factor"),
            ConfirmDeactivate => (
                "この職員はサインインできなくなり、サインイン中の画面も終了します。よろしいですか？",
                "This person will be signed out and can no longer sign in. Continue?",
            ),
            ConfirmReset => (
                "この職員の認証アプリとリカバリーコードが使えなくなり、次のサインインでパスワードを変更してから登録し直します。よろしいですか？",
                "Their authenticator and recovery codes stop working; at the next sign-in they change their password, then enrol again. Continue?",
            ),
            Confirm => ("実行する", "Confirm"),
            Cancel => ("キャンセル", "Cancel"),
            Deactivated => ("アカウントを無効にしました。", "Account deactivated."),
            ResetDone => (
                "二要素認証をリセットしました。",
                "Two-factor sign-in reset.",
            ),
            NoUsers => ("該当する職員はいません。", "No staff match."),

            ErrContractExists => (
                "この組み合わせの契約はすでにあります。",
                "These organisations already have a contract.",
            ),
            ErrContractInUse => (
                "療養中の患者が割り当てられているため解除できません。先に患者を移管してください。",
                "Cases under follow-up are assigned under this contract; transfer them first.",
            ),
            ErrLoginTaken => (
                "このログインIDはすでに使われています。",
                "This login ID is in use.",
            ),
            ErrOwnAccount => (
                "自分のアカウントは無効にできません。",
                "You cannot deactivate your own account.",
            ),
            ErrNotFound => (
                "見つからないか、管理している範囲外です。",
                "Not found, or not among the organisations you manage.",
            ),
            ErrRoleMismatch => (
                "この役割はその組織の種別には設定できません。",
                "This role does not belong to that kind of organisation.",
            ),
            ErrWrongParent => (
                "この種別の組織はその組織の下には追加できません。",
                "This kind of organisation cannot go under that one.",
            ),
            ErrWrongKind => ("種別の違う組織です。", "The wrong kind of organisation."),
            ErrLoginFormat => (
                "半角英数字と . _ - だけを使ってください。",
                "Use letters, digits, '.', '_' and '-' only.",
            ),
            ErrEmailFormat => (
                "メールアドレスの形式ではありません。",
                "Not an e-mail address.",
            ),
            ErrPhone => (
                "10桁または11桁の数字で入力してください。",
                "Enter 10 or 11 digits.",
            ),
            ErrRequired => ("入力してください。", "Required."),
            ErrTooShort => (
                "短すぎます（12文字以上）。",
                "Too short (12 characters or more).",
            ),
            ErrTooCommon => (
                "よく使われているパスワードのため使えません。",
                "One of the most common passwords: choose another.",
            ),
            ErrTooLong => ("長すぎます。", "Too long."),
            ErrOutOfRange => ("長さが範囲外です。", "Wrong length."),
            ErrInvalid => ("入力内容が正しくありません。", "Not valid."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_message_and_every_kind_a_label() {
        for code in [
            "role_mismatch",
            "wrong_parent_kind",
            "wrong_kind",
            "login_format",
            "email_format",
        ] {
            assert_ne!(
                AdminText::field_error(code),
                AdminText::ErrInvalid,
                "{code}"
            );
        }
        for code in [
            "contract_exists",
            "contract_in_use",
            "login_taken",
            "own_account",
        ] {
            assert!(AdminText::conflict(code).is_some(), "{code}");
        }
        for kind in OrgKind::ALL {
            assert_ne!(
                AdminText::kind(kind).get(Lang::Ja),
                AdminText::kind(kind).get(Lang::En)
            );
        }
    }
}
