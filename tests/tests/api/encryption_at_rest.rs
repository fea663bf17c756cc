//! Encryption at rest (docs/security.md "Encryption at rest"): what a copy of the
//! database holds, the start without the right key file, and the in-place upgrade of a
//! database written before the keys existed.

use chrono::{Duration, Utc};
use mimamori_server::auth::{recovery, token, totp};
use mimamori_server::config::Config;
use mimamori_server::entities::{
    app_secret, case_notification, data_upgrade, patient_case, push_subscription,
    staff_recovery_code, staff_user,
};
use mimamori_server::services::personal_data::Personal;
use mimamori_server::services::sealed_notifications;
use mimamori_server::services::{audit_chain, push};
use mimamori_server::startup::Application;
use mimamori_tests::fixtures::{World, patient_client, sign_in_request, staff_client};
use mimamori_tests::{EmptyDatabase, Options, TestApp, contains_bytes};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// A browser's push keys (a valid P-256 point and a 16-byte secret).
const P256DH: &str =
    "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM";
const AUTH: &str = "tBHItJI5svbpez7KI4CCXg";
const ENDPOINT: &str = "https://push.example/send/device-of-patient-0001";

/// The patient of the world's case subscribes a device through the API.
async fn subscribe_device(app: &TestApp, world: &World) {
    let patient = patient_client(app, world.case.id).await.unwrap();
    let response = patient
        .post(app.url("/api/patient/push/subscriptions"))
        .json(&serde_json::json!({"endpoint": ENDPOINT, "keys": {"p256dh": P256DH, "auth": AUTH}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
}

/// The server's VAPID private key, opened, base64url.
async fn vapid_private_key(app: &TestApp) -> String {
    let stored = mimamori_server::db::secrets::get(&app.db, push::VAPID_PRIVATE_KEY)
        .await
        .unwrap()
        .expect("made at the first subscription's key request");
    app.keys
        .unseal(push::SECRET_FIELD, push::VAPID_PRIVATE_KEY, &stored)
        .unwrap()
}

#[tokio::test]
async fn a_copy_of_the_database_holds_no_secret_key_nor_push_subscription() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    // Signed in once, as in production; the VAPID key made; a device subscribed.
    staff_client(&app, &world.nurse_a).await.unwrap();
    push::vapid_public_key(&app.db, &app.keys, app.now())
        .await
        .unwrap();
    subscribe_device(&app, &world).await;
    let copy = app.raw_database_copy().await.unwrap();
    for secret in [ENDPOINT, "device-of-patient-0001", P256DH, AUTH] {
        assert!(!contains_bytes(&copy, secret), "{secret} is in the copy");
    }
    let vapid = vapid_private_key(&app).await;
    assert!(vapid.len() >= 40, "{vapid}");
    assert!(
        !contains_bytes(&copy, &vapid),
        "the VAPID private key is in the copy"
    );
    assert!(
        contains_bytes(&copy, &world.doctor_a.login_id),
        "the copy is readable: it holds the login IDs"
    );
    for staff in [
        &world.doctor_a,
        &world.nurse_a,
        &world.doctor_b,
        &world.institution_staff,
    ] {
        assert!(staff.totp_secret.len() >= 16);
        assert!(
            !contains_bytes(&copy, &staff.totp_secret),
            "{}'s TOTP secret is in the copy",
            staff.login_id
        );
    }
}

/// The demo deployment, with generated cases as `mimamori demo --cases` makes them: a copy of
/// its database (the SQLite file, or `pg_dump`) holds none of the patients' names, kana, dates
/// of birth, phones, addresses or e-mail addresses, nor what its waiting 発生届 says of the
/// person notified, nor the demo staff's TOTP secrets, while the server still opens them; and
/// without its key file the server refuses to start on it.
#[tokio::test]
async fn a_copy_of_the_demo_database_holds_no_patient_name_kana_birth_date_phone_address_or_email_nor_notification_contents()
 {
    use mimamori_server::clock::SystemClock;
    use mimamori_server::demo::{self, cases as demo_cases};
    let app = TestApp::spawn().await.unwrap();
    demo::create(&app.db, &app.keys, &SystemClock, &app.config)
        .await
        .unwrap();
    demo_cases::add(&app.db, &app.keys, 30, Utc::now())
        .await
        .unwrap();
    let cases = patient_case::Entity::find().all(&app.db).await.unwrap();
    assert!(cases.len() >= 40, "{}", cases.len());
    let copy = app.raw_database_copy().await.unwrap();
    assert!(
        contains_bytes(&copy, &cases[0].case_number),
        "the copy is readable"
    );
    let mut looked_for = 0;
    for case in &cases {
        let personal = Personal::open(&app.keys, case).unwrap();
        let birth_date = personal.birth_date.format("%Y-%m-%d").to_string();
        let mut personal_data = vec![
            personal.name.clone(),
            personal.name.replace(' ', ""),
            personal.name_kana.clone(),
            personal.phone.clone(),
            birth_date,
            personal.address.clone(),
        ];
        personal_data.extend(personal.email.clone());
        for text in personal_data.iter().filter(|text| !text.is_empty()) {
            looked_for += 1;
            assert!(
                !contains_bytes(&copy, text),
                "case {}: {text} is in the copy",
                case.case_number
            );
        }
    }
    // The demo's own patients have an address and an e-mail address: they were looked for.
    assert!(looked_for >= cases.len() * 5 + 24, "{looked_for}");
    // Nor the 発生届 waiting at the health centre: the person notified, and what the form says.
    let notifications = case_notification::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert!(!notifications.is_empty());
    for notification in &notifications {
        let form = sealed_notifications::form_of(&app.keys, notification).unwrap();
        let birth_date = form.birth_date.unwrap().format("%Y-%m-%d").to_string();
        for text in [
            &form.patient_name,
            &form.patient_kana,
            &birth_date,
            &form.address,
            &form.phone,
            &form.notes,
        ] {
            assert!(!text.is_empty());
            assert!(
                !contains_bytes(&copy, text),
                "notification {}: {text} is in the copy",
                notification.id
            );
        }
    }
    // Nor any demo staff member's TOTP secret.
    let staff = staff_user::Entity::find().all(&app.db).await.unwrap();
    let mut secrets = 0;
    for member in &staff {
        let secret = totp::open_secret(&app.keys, member.id, &member.totp_secret).unwrap();
        if !secret.is_empty() {
            secrets += 1;
            assert!(
                !contains_bytes(&copy, &secret),
                "{}'s TOTP secret is in the copy",
                member.login_id
            );
        }
    }
    assert!(secrets >= 5, "{secrets}");
    // The same database without its key file: the server refuses to start.
    let refused = Application::build(Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        metrics_addr: "127.0.0.1:0".parse().unwrap(),
        key_file: app.key_file.with_file_name("removed.key"),
        ..(*app.config).clone()
    })
    .await
    .unwrap_err();
    let message = format!("{refused:#}");
    assert!(message.contains("does not exist"), "{message}");
}

#[tokio::test]
async fn the_server_refuses_to_start_without_its_key_file_or_with_another() {
    let app = TestApp::spawn().await.unwrap();
    World::create(&app).await.unwrap();
    let config = |key_file: std::path::PathBuf| Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        metrics_addr: "127.0.0.1:0".parse().unwrap(),
        key_file,
        ..(*app.config).clone()
    };
    let missing = app.key_file.with_file_name("moved-away.key");
    let refused = Application::build(config(missing)).await.unwrap_err();
    let message = format!("{refused:#}");
    assert!(
        message.contains("moved-away.key") && message.contains("does not exist"),
        "{message}"
    );
    let other = app.key_file.with_file_name("another.key");
    mimamori_server::keys::KeyFile::create(&other).unwrap();
    let refused = Application::build(config(other)).await.unwrap_err();
    let message = format!("{refused:#}");
    assert!(message.contains("does not fit this database"), "{message}");
}

/// A database as the server left it before encryption at rest: TOTP secrets and recovery-code
/// hashes in plain, the audit chain unkeyed. The next start seals and keys them in place, and
/// everything still works: sign-in with the authenticator and with a recovery code, and the
/// audit chain verifies.
#[tokio::test]
async fn a_database_written_before_encryption_is_sealed_in_place_at_the_next_start() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = &world.nurse_a;
    let vapid_public = push::vapid_public_key(&app.db, &app.keys, app.now())
        .await
        .unwrap()
        .public_key;
    let vapid = vapid_private_key(&app).await;
    subscribe_device(&app, &world).await;
    // Some audit entries, sealed.
    staff_client(&app, &world.doctor_a).await.unwrap();
    app.advance(Duration::seconds(61));
    audit_chain::seal_pending(&app.db, &app.keys).await.unwrap();

    // Back to how it was stored before: plain secret, unkeyed recovery hash, unkeyed chain,
    // and no upgrade done.
    staff_user::Entity::update_many()
        .col_expr(
            staff_user::Column::TotpSecret,
            Expr::value(nurse.totp_secret.clone()),
        )
        .filter(staff_user::Column::Id.eq(nurse.id))
        .exec(&app.db)
        .await
        .unwrap();
    let code = "k7f39qx2m4hp";
    staff_recovery_code::ActiveModel {
        staff_id: Set(nurse.id),
        code_hash: Set(token::hash(code)),
        used_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let mut prev = audit_chain::GENESIS.to_owned();
    let entries = mimamori_server::db::audit::sealed_after(&app.db, 0, 10_000)
        .await
        .unwrap();
    assert!(!entries.is_empty(), "{entries:?}");
    for entry in &entries {
        let hash = audit_chain::legacy_entry_hash(entry, entry.seq.unwrap(), &prev);
        mimamori_server::db::audit::rehash(&app.db, entry.id, &prev, &hash)
            .await
            .unwrap();
        prev = hash;
    }
    app_secret::Entity::update_many()
        .col_expr(app_secret::Column::Value, Expr::value(vapid.clone()))
        .exec(&app.db)
        .await
        .unwrap();
    push_subscription::Entity::update_many()
        .col_expr(push_subscription::Column::Endpoint, Expr::value(ENDPOINT))
        .col_expr(push_subscription::Column::P256dh, Expr::value(P256DH))
        .col_expr(push_subscription::Column::Auth, Expr::value(AUTH))
        .col_expr(
            push_subscription::Column::EndpointIndex,
            Expr::value(Option::<String>::None),
        )
        .exec(&app.db)
        .await
        .unwrap();
    data_upgrade::Entity::delete_many()
        .exec(&app.db)
        .await
        .unwrap();
    let before = audit_chain::verify(&app.db, &app.keys, app.now())
        .await
        .unwrap();
    assert!(
        !before.is_intact(),
        "an unkeyed chain does not pass as keyed"
    );

    // The next start, on the same database and key file.
    let upgraded = TestApp::spawn_with(Options {
        database_url: Some(app.database_url.clone()),
        key_file: Some(app.key_file.clone()),
        ..Options::default()
    })
    .await
    .unwrap();
    upgraded.clock.set(app.now());
    let stored = mimamori_server::db::staff::find(&upgraded.db, nurse.id)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(stored.totp_secret, nurse.totp_secret, "sealed in place");
    assert_eq!(
        totp::open_secret(&upgraded.keys, nurse.id, &stored.totp_secret).unwrap(),
        nurse.totp_secret
    );
    let codes = mimamori_server::db::staff::recovery_codes_of(&upgraded.db, nurse.id)
        .await
        .unwrap();
    assert_eq!(codes[0].code_hash, recovery::hash(&upgraded.keys, code));
    let verified = audit_chain::verify(&upgraded.db, &upgraded.keys, upgraded.now())
        .await
        .unwrap();
    assert!(verified.is_intact(), "{:?}", verified.breaks);
    assert!(verified.checked >= entries.len() as u64);
    // The same VAPID key (so browsers' subscriptions stay valid), now sealed; the
    // subscription sealed and found by its endpoint's blind index.
    assert_eq!(
        push::vapid_public_key(&upgraded.db, &upgraded.keys, upgraded.now())
            .await
            .unwrap()
            .public_key,
        vapid_public
    );
    assert_ne!(
        mimamori_server::db::secrets::get(&upgraded.db, push::VAPID_PRIVATE_KEY)
            .await
            .unwrap(),
        Some(vapid.clone())
    );
    let index = push::endpoint_index(&upgraded.keys, ENDPOINT);
    let subscription = push_subscription::Entity::find()
        .filter(push_subscription::Column::EndpointIndex.eq(&index))
        .one(&upgraded.db)
        .await
        .unwrap()
        .expect("found by its blind index");
    assert_ne!(subscription.endpoint, ENDPOINT);
    let opened = push::open_subscription(&upgraded.keys, &subscription).unwrap();
    assert_eq!(
        (
            opened.endpoint.as_str(),
            opened.p256dh.as_str(),
            opened.auth.as_str()
        ),
        (ENDPOINT, P256DH, AUTH)
    );

    // Sign-in with the authenticator, then with the recovery code.
    let client = upgraded.client();
    let response = client
        .post(upgraded.url("/api/staff/session"))
        .json(&sign_in_request(&upgraded, nurse).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let mut request = sign_in_request(&upgraded, nurse).unwrap();
    request.totp_code = "k7f3-9qx2-m4hp".to_owned();
    let response = upgraded
        .client()
        .post(upgraded.url("/api/staff/session"))
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());

    // A third start finds nothing left to do and changes nothing.
    drop(upgraded);
    let again = TestApp::spawn_with(Options {
        database_url: Some(app.database_url.clone()),
        key_file: Some(app.key_file.clone()),
        ..Options::default()
    })
    .await
    .unwrap();
    let again_stored = mimamori_server::db::staff::find(&again.db, nurse.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again_stored.totp_secret, stored.totp_secret);
    let verified = audit_chain::verify(&again.db, &again.keys, again.now())
        .await
        .unwrap();
    assert!(verified.is_intact(), "{:?}", verified.breaks);
}

/// A database made by the schema before cases were sealed (migrations up to m0014), holding a
/// case in clear as that schema stored it. The next start migrates it and seals the case in
/// place: the copy holds none of its personal data, and staff still find it by its kana and
/// phone, see its name and date of birth, and a second registration of the person is refused.
#[tokio::test]
async fn cases_stored_in_clear_before_sealing_are_sealed_in_place_and_still_found() {
    use mimamori_migrations::{Migrator, MigratorTrait};
    use mimamori_shared::api::auth::StaffRole;
    let old = EmptyDatabase::create().await.unwrap();
    let db = sea_orm::Database::connect(&old.url).await.unwrap();
    Migrator::up(&db, Some(14)).await.unwrap();
    // The rows as m0014's schema held them: every value in clear.
    db.execute_unprepared(
        "INSERT INTO organisation (kind, name, time_zone, created_at) \
         VALUES ('health_centre', 'Old centre', 'Asia/Tokyo', '2026-11-20T00:00:00Z')",
    )
    .await
    .unwrap();
    let centre: i64 = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT id FROM organisation",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "id")
        .unwrap();
    db.execute_unprepared(&format!(
        "INSERT INTO patient_case (case_number, health_centre_id, name, name_kana, birth_date, \
         sex, phone, followup_start, followup_end, slots_per_day, status, created_at, address, \
         email, test_summary, interview_notes) VALUES ('{centre}-20261120-0001', {centre}, \
         '山田 太郎', 'ヤマダ タロウ', '1949-06-30', 'male', '090-8765-4321', '2026-11-20', \
         '2026-11-29', 1, 'active', '2026-11-20T01:00:00Z', '大阪府大阪市北区梅田1-1-1', \
         'taro@example.jp', '抗原定性 陽性', '居所: 自宅')",
        centre = centre
    ))
    .await
    .unwrap();
    db.close().await.unwrap();

    let app = TestApp::spawn_with(Options {
        database_url: Some(old.url.clone()),
        ..Options::default()
    })
    .await
    .unwrap();
    let copy = app.raw_database_copy().await.unwrap();
    for text in [
        "山田 太郎",
        "ヤマダ タロウ",
        "1949-06-30",
        "090-8765-4321",
        "大阪府大阪市北区梅田1-1-1",
        "taro@example.jp",
        "抗原定性 陽性",
        "居所: 自宅",
    ] {
        assert!(!contains_bytes(&copy, text), "{text} is in the copy");
    }
    let case = patient_case::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.birth_year, 1949);
    let personal = Personal::open(&app.keys, &case).unwrap();
    assert_eq!(
        (personal.name.as_str(), personal.email.as_deref()),
        ("山田 太郎", Some("taro@example.jp"))
    );

    let officer =
        mimamori_tests::fixtures::enrolled_staff(&app, centre, "hc.old", StaffRole::HcStaff)
            .await
            .unwrap();
    let client = staff_client(&app, &officer).await.unwrap();
    for q in ["やまだ", "ﾀﾛｳ", "090-8765-4321"] {
        let list: serde_json::Value = client
            .get(app.url("/api/staff/worklist"))
            .query(&[("q", q)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["items"][0]["name"], "山田 太郎", "{q}: {list}");
        assert_eq!(
            list["items"][0]["name_kana"], "ヤマダ タロウ",
            "{q}: {list}"
        );
    }
    let view: serde_json::Value = client
        .get(app.url(&format!("/api/staff/cases/{}", case.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view["birth_date"], "1949-06-30", "{view}");
    assert_eq!(view["address"], "大阪府大阪市北区梅田1-1-1", "{view}");
    let again = client
        .post(app.url("/api/staff/cases"))
        .json(&serde_json::json!({
            "name": "山田 太郎",
            "name_kana": "やまだ たろう",
            "birth_date": "1949-06-30",
            "sex": "male",
            "phone": "09087654321",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409, "{}", again.text().await.unwrap());
}

/// A notification as the schema before m0016 stored it (form and copies in clear, its seal id
/// the row id) is sealed at the next start, and its institution still reads it whole.
#[tokio::test]
async fn a_notification_stored_in_clear_is_sealed_at_the_next_start_and_still_reads() {
    use mimamori_shared::api::case_notifications::{
        NotificationForm, NotificationStatus, NotificationView,
    };
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let today = app.now().date_naive();
    let form = NotificationForm {
        patient_name: "森 正男".to_owned(),
        patient_kana: "モリ マサオ".to_owned(),
        birth_date: chrono::NaiveDate::from_ymd_opt(1954, 2, 14),
        address: "デモ県みまもり市中央1-2-3".to_owned(),
        phone: "090-1111-0001".to_owned(),
        notes: "妻と二人暮らし。".to_owned(),
        ..NotificationForm::with_defaults(today, "病院 医師")
    };
    let row = case_notification::ActiveModel {
        institution_id: Set(world.institution),
        health_centre_id: Set(world.health_centre_id),
        status: Set(NotificationStatus::Draft),
        sealed_form: Set(serde_json::to_string(&form).unwrap()),
        sealed_patient_name: Set(form.patient_name.clone()),
        sealed_patient_kana: Set(form.patient_kana.clone()),
        sealed_birth_date: Set(Some("1954-02-14".to_owned())),
        sealed_phone: Set(form.phone.clone()),
        severity: Set(None),
        needs_admission: Set(false),
        diagnosis_date: Set(Some(today)),
        created_by: Set(world.institution_staff.id),
        created_at: Set(app.now()),
        updated_at: Set(app.now()),
        seal_id: Set(uuid::Uuid::new_v4().to_string()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    case_notification::Entity::update_many()
        .col_expr(
            case_notification::Column::SealId,
            Expr::value(row.id.to_string()),
        )
        .filter(case_notification::Column::Id.eq(row.id))
        .exec(&app.db)
        .await
        .unwrap();
    data_upgrade::Entity::delete_many()
        .exec(&app.db)
        .await
        .unwrap();

    let upgraded = TestApp::spawn_with(Options {
        database_url: Some(app.database_url.clone()),
        key_file: Some(app.key_file.clone()),
        ..Options::default()
    })
    .await
    .unwrap();
    upgraded.clock.set(app.now());
    let copy = upgraded.raw_database_copy().await.unwrap();
    for text in [
        "森 正男",
        "モリ マサオ",
        "1954-02-14",
        "デモ県みまもり市中央1-2-3",
        "090-1111-0001",
        "妻と二人暮らし。",
    ] {
        assert!(!contains_bytes(&copy, text), "{text} is in the copy");
    }
    let client = staff_client(&upgraded, &world.institution_staff)
        .await
        .unwrap();
    let view: NotificationView = client
        .get(upgraded.url(&format!("/api/staff/case-notifications/{}", row.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view.form, form);
    assert_eq!(view.summary.patient_name, "森 正男");
    assert_eq!(
        view.summary.birth_date.map(|d| d.to_string()).as_deref(),
        Some("1954-02-14")
    );
}

/// A doctor's finding and a message to the patient, written through the API: a copy of the
/// database holds neither text, and the case record shows both.
#[tokio::test]
async fn findings_and_messages_are_sealed_and_still_shown() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    let (assessment, plan, body) = (
        "労作時の息苦しさが増している",
        "明朝に電話で再評価する",
        "明日の朝九時にお電話します",
    );
    let written = doctor
        .post(app.url(&format!("/api/staff/cases/{}/findings", world.case.id)))
        .json(&serde_json::json!({"assessment": assessment, "plan": plan, "referral": "none"}))
        .send()
        .await
        .unwrap();
    assert_eq!(written.status(), 201, "{}", written.text().await.unwrap());
    let sent = doctor
        .post(app.url(&format!("/api/staff/cases/{}/messages", world.case.id)))
        .json(&serde_json::json!({ "body": body }))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201, "{}", sent.text().await.unwrap());
    let copy = app.raw_database_copy().await.unwrap();
    for text in [assessment, plan, body] {
        assert!(!contains_bytes(&copy, text), "{text} is in the copy");
    }
    let record: serde_json::Value = doctor
        .get(app.url(&format!("/api/staff/cases/{}", world.case.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(record["findings"][0]["assessment"], assessment, "{record}");
    assert_eq!(record["findings"][0]["plan"], plan);
    assert_eq!(record["messages"][0]["body"], body);
}

/// The rest of the free text, written through the API (a report's note and its correction, a
/// call's notes, a threshold's reason, an inpatient report, a returned 発生届's comment): a copy
/// of the database holds none of it, and the pages show all of it. A note written in clear
/// before (as the previous schema stored it) is sealed at the next start and still shown.
#[tokio::test]
async fn notes_reasons_inpatient_reports_and_return_comments_are_sealed_and_still_shown() {
    use mimamori_server::entities::case_event;
    use mimamori_tests::free_text::{self, TEXTS, Writers};
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let writers = Writers::sign_in(&app, &world).await.unwrap();
    let returned = free_text::write_every_kind(&app, &world, &writers)
        .await
        .unwrap();
    let copy = app.raw_database_copy().await.unwrap();
    for text in TEXTS {
        assert!(!contains_bytes(&copy, text), "{text} is in the copy");
    }
    let case_path = format!("/api/staff/cases/{}", world.case.id);
    let record: serde_json::Value = writers
        .doctor
        .get(app.url(&case_path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(record["reports"][0]["note"], TEXTS[1], "{record}");
    assert_eq!(record["thresholds"]["reason"], TEXTS[3]);
    let notes: Vec<&str> = record["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|event| event["note"].as_str())
        .collect();
    assert!(notes.contains(&TEXTS[2]), "{notes:?}");
    let inpatient = &record["inpatient_reports"][0]["form"];
    assert_eq!(inpatient["hospital_name"], TEXTS[4], "{record}");
    assert_eq!(inpatient["doctor_name"], TEXTS[5]);
    assert_eq!(inpatient["findings"], TEXTS[6]);
    assert_eq!(
        inpatient["symptoms"],
        serde_json::json!(["fever", "pneumonia"])
    );
    let report_id = record["reports"][0]["id"].as_i64().unwrap();
    let versions: serde_json::Value = writers
        .doctor
        .get(app.url(&format!("{case_path}/reports/{report_id}/versions")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(versions["items"][0]["note"], TEXTS[0], "{versions}");
    assert_eq!(versions["items"][1]["note"], TEXTS[1]);
    let notification: serde_json::Value = writers
        .institution
        .get(app.url(&format!("/api/staff/case-notifications/{returned}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        notification["summary"]["return_comment"], TEXTS[7],
        "{notification}"
    );

    // A timeline note as the schema before stored it: in clear, the row id as its seal id.
    let call = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(world.case.id))
        .filter(case_event::Column::Kind.eq("call"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let old_note = "以前の版で書いた通話メモ";
    case_event::Entity::update_many()
        .col_expr(case_event::Column::SealedNote, Expr::value(old_note))
        .col_expr(case_event::Column::SealId, Expr::value(call.id.to_string()))
        .filter(case_event::Column::Id.eq(call.id))
        .exec(&app.db)
        .await
        .unwrap();
    data_upgrade::Entity::delete_many()
        .exec(&app.db)
        .await
        .unwrap();
    let upgraded = TestApp::spawn_with(Options {
        database_url: Some(app.database_url.clone()),
        key_file: Some(app.key_file.clone()),
        ..Options::default()
    })
    .await
    .unwrap();
    upgraded.clock.set(app.now());
    let copy = upgraded.raw_database_copy().await.unwrap();
    assert!(
        !contains_bytes(&copy, old_note),
        "the old note is in the copy"
    );
    let record: serde_json::Value = staff_client(&upgraded, &world.nurse_a)
        .await
        .unwrap()
        .get(upgraded.url(&case_path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let notes: Vec<&str> = record["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|event| event["note"].as_str())
        .collect();
    assert!(notes.contains(&old_note), "{notes:?}");
    assert_eq!(
        record["reports"][0]["note"], TEXTS[1],
        "untouched: {record}"
    );
}
