//! Going live without the demo (docs/operations.md, "The first hour"): `mimamori init` on an
//! empty database, the first administrator's one-time password and enrolment, and the host's
//! recovery commands `mimamori admin create | reset-password | unlock`.

use super::problem;
use super::staff_security::change_password;
use chrono::Duration;
use mimamori_server::auth::totp;
use mimamori_server::entities::{audit_log, organisation, staff_user};
use mimamori_server::services::host_admin::{self, HostAdminError, InitRequest, NewAdmin};
use mimamori_shared::api::admin::{OrgKind, OrgTree};
use mimamori_shared::api::auth::{StaffMe, StaffRole};
use mimamori_shared::api::staff_security::{RecoveryCodes, TotpEnrolment};
use mimamori_tests::TestApp;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

pub(crate) fn request(password: Option<&str>) -> InitRequest {
    InitRequest {
        prefecture: "みまもり県".to_owned(),
        time_zone: "Asia/Tokyo".to_owned(),
        followup_days: 7,
        retention_years: 5,
        admin: NewAdmin {
            login_id: "pref.admin".to_owned(),
            display_name: "県 管理者".to_owned(),
            email: "admin@pref.example.jp".to_owned(),
            password: password.map(str::to_owned),
        },
    }
}

async fn sign_in(app: &TestApp, client: &reqwest::Client, password: &str, code: &str) -> u16 {
    client
        .post(app.url("/api/staff/session"))
        .json(&json!({"login_id": "pref.admin", "password": password, "totp_code": code}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

pub(crate) async fn me(app: &TestApp, client: &reqwest::Client) -> StaffMe {
    let response = client.get(app.url("/api/staff/me")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Enrols an authenticator on a session that may; answers its secret.
pub(crate) async fn enrol(app: &TestApp, client: &reqwest::Client) -> String {
    let response = client
        .post(app.url("/api/staff/totp/enrolment"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let enrolment: TotpEnrolment = response.json().await.unwrap();
    let code = totp::code_at(&enrolment.secret, app.now()).unwrap();
    let response = client
        .post(app.url("/api/staff/totp/enrolment/confirm"))
        .json(&json!({"code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let codes: RecoveryCodes = response.json().await.unwrap();
    assert_eq!(codes.recovery_codes.len(), 10);
    app.advance(Duration::seconds(30));
    enrolment.secret
}

async fn host_entries(app: &TestApp, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .filter(audit_log::Column::ActorKind.eq("host"))
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn init_creates_a_deployment_whose_administrator_changes_the_one_time_password_then_enrols() {
    let app = TestApp::spawn().await.unwrap();
    let done = host_admin::init(&app.db, request(None), app.now())
        .await
        .unwrap();
    let one_time = done.generated_password.expect("a password is generated");
    assert!(one_time.len() >= 24, "{one_time}");

    let prefecture = organisation::Entity::find_by_id(done.prefecture_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(prefecture.kind, OrgKind::Prefecture);
    assert_eq!(prefecture.parent_id, Some(done.deployment_id));
    assert_eq!(prefecture.default_followup_days, Some(7));
    let admin = staff_user::Entity::find_by_id(done.admin_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(admin.role, StaffRole::Admin);
    assert_eq!(admin.organisation_id, done.deployment_id);
    assert!(admin.must_change_password && admin.totp_enrolled_at.is_none());
    assert_eq!(admin.email.as_deref(), Some("admin@pref.example.jp"));
    assert!(
        !admin.password_hash.contains(&one_time),
        "only a hash is stored"
    );

    // The one-time password opens a session that can only change it.
    let client = app.client();
    assert_eq!(sign_in(&app, &client, &one_time, "").await, 200);
    let first = me(&app, &client).await;
    assert!(first.must_change_password && first.must_enrol_totp);
    let enrolment = client
        .post(app.url("/api/staff/totp/enrolment"))
        .send()
        .await
        .unwrap();
    assert_eq!(enrolment.status(), 403);
    assert_eq!(problem(enrolment).await.code, "password_change_required");
    let orgs = client
        .get(app.url("/api/staff/admin/orgs"))
        .send()
        .await
        .unwrap();
    assert_eq!(orgs.status(), 403);

    // It must be replaced, not confirmed.
    let same = change_password(&app, &client, &one_time, &one_time).await;
    assert_eq!(same.status(), 422);
    let same = problem(same).await;
    assert!(
        same.errors
            .iter()
            .any(|e| e.field == "new_password" && e.code == "unchanged"),
        "{same:?}"
    );
    let changed = change_password(&app, &client, &one_time, "a long new passphrase").await;
    assert_eq!(changed.status(), 204);
    let after = me(&app, &client).await;
    assert!(!after.must_change_password && after.must_enrol_totp);

    // Then the authenticator, then everything an administrator may do.
    let secret = enrol(&app, &client).await;
    let tree = client
        .get(app.url("/api/staff/admin/orgs"))
        .send()
        .await
        .unwrap();
    assert_eq!(tree.status(), 200);
    let tree: OrgTree = tree.json().await.unwrap();
    let names: Vec<&str> = tree
        .roots
        .iter()
        .flat_map(|root| root.children.iter().map(|c| c.name.as_str()))
        .collect();
    assert_eq!(names, ["みまもり県"]);

    // The old password is gone; the new one with the authenticator signs in.
    let fresh = app.client();
    let code = totp::code_at(&secret, app.now()).unwrap();
    assert_eq!(sign_in(&app, &fresh, &one_time, &code).await, 401);
    app.advance(Duration::seconds(30));
    let code = totp::code_at(&secret, app.now()).unwrap();
    assert_eq!(
        sign_in(&app, &fresh, "a long new passphrase", &code).await,
        200
    );

    assert_eq!(
        host_entries(&app, host_admin::action::DEPLOYMENT_INIT)
            .await
            .len(),
        1
    );
    let created = host_entries(&app, host_admin::action::ADMIN_CREATE).await;
    assert_eq!(created.len(), 1);
    assert_eq!(
        created[0].detail.as_deref(),
        Some(format!("staff:{}", done.admin_id).as_str())
    );
}

#[tokio::test]
async fn init_refuses_a_database_that_holds_a_deployment_and_changes_nothing() {
    let app = TestApp::spawn().await.unwrap();
    host_admin::init(&app.db, request(Some("first password 1")), app.now())
        .await
        .unwrap();
    let orgs = organisation::Entity::find().count(&app.db).await.unwrap();
    let staff = staff_user::Entity::find().count(&app.db).await.unwrap();

    let mut again = request(Some("second password 2"));
    again.admin.login_id = "other.admin".to_owned();
    let refused = host_admin::init(&app.db, again, app.now()).await;
    assert!(
        matches!(refused, Err(HostAdminError::AlreadyInitialised)),
        "{refused:?}"
    );
    assert_eq!(
        organisation::Entity::find().count(&app.db).await.unwrap(),
        orgs
    );
    assert_eq!(
        staff_user::Entity::find().count(&app.db).await.unwrap(),
        staff
    );
}

#[tokio::test]
async fn init_names_every_unusable_setting_and_creates_nothing() {
    let app = TestApp::spawn().await.unwrap();
    let mut bad = request(Some("short"));
    bad.time_zone = "Tokyo".to_owned();
    bad.followup_days = 0;
    bad.admin.login_id = "x".to_owned();
    bad.admin.email = "not an address".to_owned();
    let Err(HostAdminError::Invalid(problems)) = host_admin::init(&app.db, bad, app.now()).await
    else {
        panic!("refused as invalid");
    };
    let text = problems.join("\n");
    for setting in [
        "--time-zone",
        "--followup-days",
        "--admin-login",
        "--admin-email",
        "the password",
    ] {
        assert!(text.contains(setting), "{setting} named in: {text}");
    }
    assert_eq!(
        organisation::Entity::find().count(&app.db).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn the_host_unlocks_a_locked_administrator_and_resets_a_lost_authenticator() {
    let app = TestApp::spawn().await.unwrap();
    host_admin::init(&app.db, request(Some("first password 1")), app.now())
        .await
        .unwrap();
    let client = app.client();
    assert_eq!(sign_in(&app, &client, "first password 1", "").await, 200);
    assert_eq!(
        change_password(&app, &client, "first password 1", "the real password")
            .await
            .status(),
        204
    );
    let secret = enrol(&app, &client).await;

    // Locked out by too many failures; the host lifts the lock.
    let stranger = app.client();
    for _ in 0..5 {
        sign_in(&app, &stranger, "a wrong guess!", "000000").await;
    }
    let code = totp::code_at(&secret, app.now()).unwrap();
    assert_eq!(
        sign_in(&app, &stranger, "the real password", &code).await,
        429
    );
    host_admin::unlock(&app.db, "pref.admin", app.now())
        .await
        .unwrap();
    assert_eq!(
        sign_in(&app, &stranger, "the real password", &code).await,
        200
    );
    assert_eq!(
        host_entries(&app, host_admin::action::UNLOCK).await.len(),
        1
    );

    // The phone is lost: a one-time password and a new enrolment; every session ends.
    app.advance(Duration::seconds(30));
    let generated = host_admin::reset_password(&app.db, "pref.admin", None, true, app.now())
        .await
        .unwrap()
        .expect("generated");
    assert_eq!(
        client
            .get(app.url("/api/staff/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401,
        "sessions ended"
    );
    let again = app.client();
    assert_eq!(sign_in(&app, &again, "the real password", "").await, 401);
    assert_eq!(sign_in(&app, &again, &generated, "").await, 200);
    let reset = me(&app, &again).await;
    assert!(reset.must_change_password && reset.must_enrol_totp);
    assert_eq!(
        change_password(&app, &again, &generated, "another real password")
            .await
            .status(),
        204
    );
    enrol(&app, &again).await;
    assert_eq!(
        host_entries(&app, host_admin::action::PASSWORD_RESET)
            .await
            .len(),
        1
    );
    assert_eq!(
        host_entries(&app, host_admin::action::TWO_FACTOR_RESET)
            .await
            .len(),
        1
    );

    // Another administrator, when every other one is gone.
    let (id, generated) = host_admin::create_admin(
        &app.db,
        NewAdmin {
            login_id: "second.admin".to_owned(),
            display_name: "二人目".to_owned(),
            email: "second@pref.example.jp".to_owned(),
            password: None,
        },
        app.now(),
    )
    .await
    .unwrap();
    assert!(generated.is_some());
    let second = staff_user::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(second.must_change_password && second.role == StaffRole::Admin);
    let unknown = host_admin::unlock(&app.db, "nobody", app.now()).await;
    assert!(matches!(unknown, Err(HostAdminError::NoSuchLogin(_))));
}

#[tokio::test]
async fn cases_registered_without_a_period_get_the_prefectures_usual_one() {
    let app = TestApp::spawn().await.unwrap();
    let done = host_admin::init(&app.db, request(Some("first password 1")), app.now())
        .await
        .unwrap();
    let centre = mimamori_server::services::setup::create_org(
        &app.db,
        OrgKind::HealthCentre,
        "みまもり保健所",
        Some(done.prefecture_id),
        None,
        app.now(),
    )
    .await
    .unwrap();
    let clerk = mimamori_server::services::setup::create_staff(
        &app.db,
        &app.keys,
        centre.id,
        "hc.clerk",
        "保健所 職員",
        StaffRole::HcStaff,
        mimamori_tests::fixtures::STAFF_PASSWORD,
        app.now(),
    )
    .await
    .unwrap();
    let client = mimamori_tests::fixtures::staff_client(&app, &clerk)
        .await
        .unwrap();
    let today = app.now().date_naive();
    let response = client
        .post(app.url("/api/staff/cases"))
        .json(&json!({
            "name": "見守 花子",
            "name_kana": "ミマモリ ハナコ",
            "birth_date": "1980-04-01",
            "sex": "female",
            "phone": "090-1234-5678",
            "address": "みまもり県みまもり市1-1",
            "specimen_date": today.to_string(),
        }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    let case = mimamori_server::entities::patient_case::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (case.followup_end - case.followup_start).num_days(),
        6,
        "seven days including the first"
    );
}

/// Runs the real `mimamori` binary with `args` on the SQLite database `url` and the key file
/// `key_file`, `stdin` piped in.
async fn run_cli(
    url: &str,
    key_file: &std::path::Path,
    args: &[&str],
    stdin: &str,
) -> (bool, String) {
    use tokio::io::AsyncWriteExt;
    let mut child = tokio::process::Command::new(mimamori_tests::serve_process::mimamori_binary())
        .args(args)
        .env("MIMAMORI_DATABASE_URL", url)
        .env("MIMAMORI_KEY_FILE", key_file)
        .env("MIMAMORI_PUBLIC_URL", "https://mimamori.pref.example.jp")
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).await.unwrap();
    drop(input);
    let output = child.wait_with_output().await.unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[tokio::test]
async fn the_init_command_prints_the_one_time_password_once_and_refuses_a_second_run() {
    let dir = std::env::temp_dir().join(format!("mimamori-init-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.join("fresh.db").display());
    let key_file = dir.join("keys").join("mimamori.key");
    let init = [
        "init",
        "--prefecture",
        "みまもり県",
        "--admin-login",
        "pref.admin",
        "--admin-name",
        "県 管理者",
        "--admin-email",
        "admin@pref.example.jp",
    ];
    let (ok, text) = run_cli(&url, &key_file, &init, "").await;
    assert!(ok, "{text}");
    assert!(
        text.contains("https://mimamori.pref.example.jp/staff/") && text.contains("pref.admin"),
        "{text}"
    );
    let password = text
        .lines()
        .map(str::trim)
        .find(|line| line.len() >= 24 && line.chars().filter(|c| *c == '-').count() == 5)
        .unwrap_or_else(|| panic!("a one-time password line in: {text}"));
    assert_eq!(text.matches(password).count(), 1, "shown once");
    // The key file and the database are the server's user's alone.
    let mode = |path: &std::path::Path| {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    };
    assert_eq!(mode(&key_file), 0o600);
    assert_eq!(mode(&dir.join("keys")), 0o700);
    assert_eq!(mode(&dir.join("fresh.db")), 0o600);

    let mut again = init.to_vec();
    again.extend(["--password-stdin"]);
    let (ok, text) = run_cli(&url, &key_file, &again, "another password\n").await;
    assert!(!ok, "a second init fails: {text}");
    assert!(text.contains("already holds a deployment"), "{text}");

    let (ok, text) = run_cli(
        &url,
        &key_file,
        &["admin", "unlock", "--login", "pref.admin"],
        "",
    )
    .await;
    assert!(ok && text.contains("lockout lifted"), "{text}");
    let (ok, text) = run_cli(
        &url,
        &key_file,
        &[
            "admin",
            "reset-password",
            "--login",
            "pref.admin",
            "--password-stdin",
        ],
        "a chosen password\n",
    )
    .await;
    assert!(ok && text.contains("one-time password set"), "{text}");
    assert!(
        !text.contains("a chosen password"),
        "a given password is not echoed"
    );

    // Without its key file, or with another one, nothing starts.
    let missing = dir.join("moved-away.key");
    let (ok, text) = run_cli(&url, &missing, &["audit", "verify"], "").await;
    assert!(!ok, "{text}");
    assert!(
        text.contains("the key file")
            && text.contains("moved-away.key")
            && text.contains("does not exist"),
        "{text}"
    );
    let other = dir.join("other.key");
    let (ok, text) = run_cli(&url, &other, &["keys", "create"], "").await;
    assert!(ok, "{text}");
    let (ok, text) = run_cli(&url, &other, &["audit", "verify"], "").await;
    assert!(!ok, "{text}");
    assert!(text.contains("does not fit this database"), "{text}");
    let (ok, text) = run_cli(&url, &key_file, &["keys", "status"], "").await;
    assert!(ok && text.contains("versions [1]"), "{text}");
    let key_file_text = std::fs::read_to_string(&key_file).unwrap();
    for key in key_file_text.lines().filter_map(|line| {
        line.split_once(" = \"")
            .map(|(_, v)| v.trim_end_matches('"'))
    }) {
        assert!(!text.contains(key), "no key material printed: {text}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
