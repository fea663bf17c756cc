//! Organisations and staff by CSV: the administrator `mimamori init` made signs in (one-time
//! password changed, authenticator enrolled), uploads the health centres, follow-up organisations
//! and institutions of the prefecture and their staff, and a new health-centre user signs in with
//! the one-time password the import answered. Files are all or nothing, with every problem named by
//! its Excel row.

use super::deployment_init::{enrol, me, request};
use super::problem;
use super::staff_security::change_password;
use chrono::Duration;
use mimamori_server::auth::totp;
use mimamori_server::entities::{audit_log, contract, org_setting, organisation, staff_user};
use mimamori_server::services::host_admin;
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::bulk_import::{OrgImportResult, UserImportResult};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, staff_client};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

const ADMIN_PASSWORD: &str = "the administrator's own passphrase";

/// `mimamori init`, then the administrator's first sign-in: a client of theirs, enrolled.
async fn initialised_admin(app: &TestApp) -> reqwest::Client {
    let done = host_admin::init(&app.db, request(None), app.now())
        .await
        .unwrap();
    let one_time = done.generated_password.unwrap();
    let client = app.client();
    assert_eq!(
        sign_in(app, &client, "pref.admin", &one_time, "").await,
        200
    );
    let changed = change_password(app, &client, &one_time, ADMIN_PASSWORD).await;
    assert_eq!(changed.status(), 204);
    enrol(app, &client).await;
    client
}

async fn sign_in(
    app: &TestApp,
    client: &reqwest::Client,
    login: &str,
    password: &str,
    code: &str,
) -> u16 {
    client
        .post(app.url("/api/staff/session"))
        .json(&json!({"login_id": login, "password": password, "totp_code": code}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    what: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/staff/admin/{what}/import")))
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The organisations file as Excel in Japan saves it (Shift_JIS, CRLF).
fn organisations_file() -> Vec<u8> {
    let text = "名称,種別,上位組織,所在地,電話番号,メールアドレス,タイムゾーン,契約保健所\r\n\
        北保健所,保健所,みまもり県,みまもり市北区1-1,03-1234-5678,kita-hc@pref.example.jp,,\r\n\
        北地区医師会,委託先,北保健所,みまもり市北区2-2,,,,北保健所\r\n\
        北病院,医療機関,北保健所,みまもり市北区3-3,03-2222-3333,,,\r\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[tokio::test]
async fn an_administrator_from_init_imports_organisations_and_staff_who_then_sign_in() {
    let app = TestApp::spawn().await.unwrap();
    let admin = initialised_admin(&app).await;

    let template = admin
        .get(app.url("/api/staff/admin/orgs/import/template"))
        .send()
        .await
        .unwrap();
    assert_eq!(template.status(), 200);
    assert!(
        template
            .text()
            .await
            .unwrap()
            .starts_with("\u{FEFF}名称,種別,上位組織,所在地")
    );

    let response = upload(&app, &admin, "orgs", organisations_file()).await;
    assert_eq!(response.status(), 200);
    let imported: OrgImportResult = response.json().await.unwrap();
    assert_eq!(
        imported,
        OrgImportResult {
            organisations: 3,
            contracts: 1
        }
    );
    let orgs = organisation::Entity::find().all(&app.db).await.unwrap();
    let named = |name: &str| orgs.iter().find(|o| o.name == name).unwrap().clone();
    let centre = named("北保健所");
    assert_eq!(centre.kind, OrgKind::HealthCentre);
    assert_eq!(centre.parent_id, Some(named("みまもり県").id));
    assert_eq!(centre.address.as_deref(), Some("みまもり市北区1-1"));
    assert_eq!(centre.phone.as_deref(), Some("03-1234-5678"));
    assert_eq!(centre.time_zone, "Asia/Tokyo", "the parent's");
    let followup = named("北地区医師会");
    assert_eq!(followup.kind, OrgKind::FollowupOrg);
    assert_eq!(followup.parent_id, Some(centre.id));
    assert_eq!(named("北病院").kind, OrgKind::Institution);
    let contracts = contract::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(contracts.len(), 1);
    assert_eq!(
        (contracts[0].followup_org_id, contracts[0].health_centre_id),
        (followup.id, centre.id)
    );
    let settings = org_setting::Entity::find_by_id(centre.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        settings.notify_email.as_deref(),
        Some("kita-hc@pref.example.jp")
    );
    let created = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("org.create"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(created, 3, "each organisation is audited");

    let users = "ログインID,氏名,役割,所属,メールアドレス\n\
        kita.hoken,北 保健子,保健所職員,北保健所,hoken@pref.example.jp\n\
        kita.nurse,北 看護,委託先看護師,北地区医師会,\n";
    let response = upload(&app, &admin, "users", users.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 200);
    let imported: UserImportResult = response.json().await.unwrap();
    assert_eq!(imported.users.len(), 2);
    let hoken = &imported.users[0];
    assert_eq!(
        (hoken.login_id.as_str(), hoken.organisation.as_str()),
        ("kita.hoken", "北保健所")
    );
    let stored = staff_user::Entity::find()
        .filter(staff_user::Column::LoginId.eq("kita.hoken"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.role, StaffRole::HcStaff);
    assert_eq!(stored.organisation_id, centre.id);
    assert!(stored.must_change_password && stored.totp_enrolled_at.is_none());
    assert!(!stored.password_hash.contains(&hoken.one_time_password));

    // The new user: one-time password, a new one, an authenticator, then their work.
    let user = app.client();
    assert_eq!(
        sign_in(&app, &user, "kita.hoken", &hoken.one_time_password, "").await,
        200
    );
    let first = me(&app, &user).await;
    assert!(first.must_change_password && first.must_enrol_totp);
    let worklist = user
        .get(app.url("/api/staff/worklist"))
        .send()
        .await
        .unwrap();
    assert_eq!(worklist.status(), 403, "nothing before the password change");
    let changed = change_password(
        &app,
        &user,
        &hoken.one_time_password,
        "kita hoken's own passphrase",
    )
    .await;
    assert_eq!(changed.status(), 204);
    let secret = enrol(&app, &user).await;
    let worklist = user
        .get(app.url("/api/staff/worklist"))
        .send()
        .await
        .unwrap();
    assert_eq!(worklist.status(), 200);
    app.advance(Duration::seconds(30));
    let code = totp::code_at(&secret, app.now()).unwrap();
    assert_eq!(
        sign_in(
            &app,
            &app.client(),
            "kita.hoken",
            "kita hoken's own passphrase",
            &code
        )
        .await,
        200
    );
}

#[tokio::test]
async fn a_file_with_any_bad_row_stores_nothing_and_names_each_row_as_excel_does() {
    let app = TestApp::spawn().await.unwrap();
    let admin = initialised_admin(&app).await;
    let before = organisation::Entity::find().count(&app.db).await.unwrap();
    let orgs = "名称,種別,上位組織,所在地,電話番号,メールアドレス,タイムゾーン,契約保健所\n\
        南保健所,保健所,みまもり県,,,,,\n\
        南クリニック,診療所,南保健所,,,,,\n\
        南訪問看護,委託先,東保健所,,,,,\n\
        ,医療機関,南保健所,,12,not-an-address,Mars/Olympus,南保健所\n\
        南保健所,保健所,みまもり県,,,,,\n";
    let response = upload(&app, &admin, "orgs", orgs.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 422);
    let found = problem(response).await;
    let fields = fields_and_codes(&found);
    assert_eq!(
        fields,
        [
            ("rows[4].parent", "unknown_parent"),
            ("rows[5].name", "required"),
            ("rows[5].phone", "phone_format"),
            ("rows[5].email", "email_format"),
            ("rows[5].time_zone", "invalid"),
            ("rows[5].contracts", "contracts_followup_only"),
            ("rows[6].name", "duplicate_org"),
        ],
        "{found:?}"
    );
    assert_eq!(
        organisation::Entity::find().count(&app.db).await.unwrap(),
        before,
        "nothing stored, not even the good rows"
    );

    let users = "ログインID,氏名,役割,所属\n\
        pref.admin,重複,管理者,みまもり県\n\
        a b,名前,保健所職員,みまもり県\n\
        someone,名前,看護士,どこか\n\
        twice,名前,管理者,みまもり県\n\
        TWICE,名前,管理者,みまもり県\n\
        nowhere,名前,管理者,\n";
    let response = upload(&app, &admin, "users", users.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 422);
    let found = problem(response).await;
    let fields = fields_and_codes(&found);
    assert_eq!(
        fields,
        [
            ("rows[2].login_id", "login_taken"),
            ("rows[3].login_id", "login_format"),
            ("rows[3].role", "role_mismatch"),
            ("rows[4].role", "unknown_role"),
            ("rows[4].organisation", "unknown_organisation"),
            ("rows[6].login_id", "duplicate_in_file"),
            ("rows[7].organisation", "required"),
        ],
        "{found:?}"
    );
    assert_eq!(staff_user::Entity::find().count(&app.db).await.unwrap(), 1);

    let header = upload(
        &app,
        &admin,
        "users",
        "ログインID,血液型\n".as_bytes().to_vec(),
    )
    .await;
    assert_eq!(header.status(), 422);
    assert!(
        problem(header)
            .await
            .errors
            .iter()
            .all(|e| e.field == "header")
    );
    let plain = admin
        .post(app.url("/api/staff/admin/orgs/import"))
        .header("content-type", "text/plain")
        .body(orgs)
        .send()
        .await
        .unwrap();
    assert_eq!(
        plain.status(),
        415,
        "only text/csv, which needs a preflight"
    );
}

#[tokio::test]
async fn only_administrators_import_and_only_under_their_own_organisations() {
    let app = TestApp::spawn().await.unwrap();
    // `init` first: it refuses a database that holds organisations.
    let admin = initialised_admin(&app).await;
    let world = World::create(&app).await.unwrap();
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    for what in ["orgs", "users"] {
        let response = upload(&app, &nurse, what, organisations_file()).await;
        assert_eq!(response.status(), 403, "{what}");
        let template = nurse
            .get(app.url(&format!("/api/staff/admin/{what}/import/template")))
            .send()
            .await
            .unwrap();
        assert_eq!(template.status(), 403, "{what}");
    }
    // A prefecture's administrator (imported by the deployment's) cannot hang organisations
    // under a health centre outside the prefecture (the fixture's): it is not found.
    let users = "ログインID,氏名,役割,所属\npref.second,県 担当,管理者,みまもり県\n";
    let response = upload(&app, &admin, "users", users.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 200);
    let imported: UserImportResult = response.json().await.unwrap();
    let one_time = &imported.users[0].one_time_password;
    let prefecture_admin = app.client();
    assert_eq!(
        sign_in(&app, &prefecture_admin, "pref.second", one_time, "").await,
        200
    );
    let changed = change_password(&app, &prefecture_admin, one_time, "a second passphrase").await;
    assert_eq!(changed.status(), 204);
    enrol(&app, &prefecture_admin).await;
    let orgs = "名称,種別,上位組織\n余所の委託先,委託先,Test health centre\n";
    let response = upload(&app, &prefecture_admin, "orgs", orgs.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 422);
    assert_eq!(problem(response).await.errors[0].field, "rows[2].parent");
    let users = "ログインID,氏名,役割,所属\nelsewhere,余所,保健所職員,Test health centre\n";
    let response = upload(&app, &prefecture_admin, "users", users.as_bytes().to_vec()).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        problem(response).await.errors[0].code,
        "unknown_organisation"
    );
}

fn fields_and_codes(problem: &mimamori_shared::api::Problem) -> Vec<(&str, &str)> {
    problem
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect()
}
