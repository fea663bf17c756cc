//! CSV imports of organisations and staff users (docs/operations.md "Organisations and staff
//! by CSV"): the columns, the names a header may give them, and how a
//! cell becomes a value. Like the case import, a file is stored whole or not at all, and every
//! problem is named by its Excel row (`rows[N].field`).

use super::admin::OrgKind;
use super::auth::StaffRole;
use super::intake_csv::{ImportColumn, normalise_header};
use serde::{Deserialize, Serialize};

/// A column of the organisations file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgColumn {
    /// 名称.
    Name,
    /// 種別: 保健所, 委託先 (follow-up organisation) or 医療機関, or their codes.
    Kind,
    /// 上位組織: the name of the organisation above it (the prefecture for a health centre,
    /// the health centre for the others), already there or earlier in the file.
    Parent,
    /// 所在地.
    Address,
    /// 電話番号.
    Phone,
    /// メールアドレス: where its daily reports and summaries are e-mailed.
    Email,
    /// タイムゾーン (IANA); the parent's when empty.
    TimeZone,
    /// 契約保健所: for a follow-up organisation, the health centres it serves (names separated
    /// by `;` or `、`).
    Contracts,
}

impl ImportColumn for OrgColumn {
    const ALL: &'static [Self] = &[
        OrgColumn::Name,
        OrgColumn::Kind,
        OrgColumn::Parent,
        OrgColumn::Address,
        OrgColumn::Phone,
        OrgColumn::Email,
        OrgColumn::TimeZone,
        OrgColumn::Contracts,
    ];

    fn field(self) -> &'static str {
        match self {
            OrgColumn::Name => "name",
            OrgColumn::Kind => "kind",
            OrgColumn::Parent => "parent",
            OrgColumn::Address => "address",
            OrgColumn::Phone => "phone",
            OrgColumn::Email => "email",
            OrgColumn::TimeZone => "time_zone",
            OrgColumn::Contracts => "contracts",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            OrgColumn::Name => &["名称", "組織名", "機関名"],
            OrgColumn::Kind => &["種別", "区分"],
            OrgColumn::Parent => &["上位組織", "所属", "管轄保健所"],
            OrgColumn::Address => &["所在地", "住所"],
            OrgColumn::Phone => &["電話番号", "電話"],
            OrgColumn::Email => &["メールアドレス", "メール", "E-mail"],
            OrgColumn::TimeZone => &["タイムゾーン"],
            OrgColumn::Contracts => &["契約保健所", "契約先"],
        }
    }

    fn required(self) -> bool {
        matches!(self, OrgColumn::Name | OrgColumn::Kind | OrgColumn::Parent)
    }
}

/// A column of the staff users file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserColumn {
    /// ログインID.
    LoginId,
    /// 氏名 (display name).
    Name,
    /// 役割: a role's Japanese name or its code.
    Role,
    /// 所属: the organisation's name.
    Organisation,
    /// メールアドレス.
    Email,
}

impl ImportColumn for UserColumn {
    const ALL: &'static [Self] = &[
        UserColumn::LoginId,
        UserColumn::Name,
        UserColumn::Role,
        UserColumn::Organisation,
        UserColumn::Email,
    ];

    fn field(self) -> &'static str {
        match self {
            UserColumn::LoginId => "login_id",
            UserColumn::Name => "display_name",
            UserColumn::Role => "role",
            UserColumn::Organisation => "organisation",
            UserColumn::Email => "email",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            UserColumn::LoginId => &["ログインID", "ID"],
            UserColumn::Name => &["氏名", "表示名", "名前", "name"],
            UserColumn::Role => &["役割", "権限"],
            UserColumn::Organisation => &["所属", "所属組織", "組織"],
            UserColumn::Email => &["メールアドレス", "メール", "E-mail"],
        }
    }

    fn required(self) -> bool {
        !matches!(self, UserColumn::Email)
    }
}

/// The kind a cell names: 保健所, 委託先 (or 健康観察実施機関, 受託機関), 医療機関, or a code.
/// Prefectures and the deployment are made by `mimamori init`, not by a file.
pub fn parse_org_kind(cell: &str) -> Option<OrgKind> {
    let wanted = normalise_header(cell);
    let kind = match wanted.as_str() {
        "保健所" => OrgKind::HealthCentre,
        "委託先" | "健康観察実施機関" | "受託機関" | "フォローアップ機関" => {
            OrgKind::FollowupOrg
        }
        "医療機関" | "診療所" | "病院" => OrgKind::Institution,
        code => OrgKind::ALL
            .into_iter()
            .find(|k| normalise_header(k.as_str()) == code)?,
    };
    kind.parent_kind()
        .filter(|parent| *parent != OrgKind::Deployment)
        .map(|_| kind)
}

/// The role a cell names: its Japanese name as the console shows it, or its code.
pub fn parse_role(cell: &str) -> Option<StaffRole> {
    let wanted = normalise_header(cell);
    let role = match wanted.as_str() {
        "委託先看護師" | "委託先職員" | "看護師" | "健康観察担当" => {
            StaffRole::FollowupStaff
        }
        "委託先医師" | "医師" => StaffRole::FollowupDoctor,
        "保健所職員" | "保健所" => StaffRole::HcStaff,
        "医療機関職員" | "医療機関" => StaffRole::InstitutionStaff,
        "管理者" => StaffRole::Admin,
        code => [
            StaffRole::FollowupStaff,
            StaffRole::FollowupDoctor,
            StaffRole::HcStaff,
            StaffRole::InstitutionStaff,
            StaffRole::Admin,
        ]
        .into_iter()
        .find(|r| normalise_header(r.as_str()) == code)?,
    };
    Some(role)
}

/// Names in one cell, separated by `;`, `；` or `、`.
pub fn split_names(cell: &str) -> Vec<String> {
    cell.split([';', '；', '、'])
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `POST /api/staff/admin/orgs/import`: what was stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgImportResult {
    /// Organisations created.
    pub organisations: usize,
    /// Contracts made between follow-up organisations and health centres.
    pub contracts: usize,
}

/// A user created by the staff import, with the one-time password to hand over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedUser {
    /// Login ID.
    pub login_id: String,
    /// Display name.
    pub display_name: String,
    /// The organisation's name.
    pub organisation: String,
    /// Shown this once and stored only as a hash: the first sign-in must change it, then enrol
    /// an authenticator.
    pub one_time_password: String,
}

/// `POST /api/staff/admin/users/import`: the users created.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserImportResult {
    /// In the file's order.
    pub users: Vec<ImportedUser>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::intake_csv::{read_header, template_header};

    fn cells(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn kinds_and_roles_are_read_in_japanese_or_as_codes() {
        assert_eq!(parse_org_kind("保健所"), Some(OrgKind::HealthCentre));
        assert_eq!(parse_org_kind(" 委託先 "), Some(OrgKind::FollowupOrg));
        assert_eq!(parse_org_kind("institution"), Some(OrgKind::Institution));
        assert_eq!(parse_org_kind("Followup_Org"), Some(OrgKind::FollowupOrg));
        assert_eq!(parse_org_kind("prefecture"), None, "made by mimamori init");
        assert_eq!(parse_org_kind("deployment"), None);
        assert_eq!(parse_org_kind("病棟"), None);
        assert_eq!(parse_role("委託先医師"), Some(StaffRole::FollowupDoctor));
        assert_eq!(parse_role("hc_staff"), Some(StaffRole::HcStaff));
        assert_eq!(parse_role("看護士"), None);
    }

    #[test]
    fn templates_read_back_as_their_columns() {
        let orgs = cells(
            &template_header::<OrgColumn>()
                .split(',')
                .collect::<Vec<_>>(),
        );
        assert_eq!(read_header::<OrgColumn>(&orgs), Ok(OrgColumn::ALL.to_vec()));
        let users = cells(
            &template_header::<UserColumn>()
                .split(',')
                .collect::<Vec<_>>(),
        );
        assert_eq!(
            read_header::<UserColumn>(&users),
            Ok(UserColumn::ALL.to_vec())
        );
        let missing = read_header::<UserColumn>(&cells(&["ログインID", "氏名"])).unwrap_err();
        assert_eq!(missing.len(), 2, "role and organisation are missing");
    }

    #[test]
    fn contract_names_split_on_japanese_and_ascii_separators() {
        assert_eq!(
            split_names("北保健所; 南保健所、 東保健所；"),
            ["北保健所", "南保健所", "東保健所"]
        );
    }
}
