//! `mimamori keys rotate` (docs/operations.md "Keys"): a new data key made and every sealed value
//! re-sealed while the server serves, losing nothing.

use mimamori_server::keys::{KeyFile, Keyring};
use mimamori_server::services::{audit_chain, key_rotation, push};
use mimamori_shared::api::case_notifications::{NotificationForm, NotificationView};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, patient_client, sign_in_request, staff_client};
use mimamori_tests::free_text::{self, Writers};
use mimamori_tests::serve_process::run_command;

const P256DH: &str =
    "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM";
const AUTH: &str = "tBHItJI5svbpez7KI4CCXg";

/// How many values each sealed column holds under `version`.
async fn under(app: &TestApp, keys: &Keyring, version: i32) -> Vec<(&'static str, i64)> {
    key_rotation::status(&app.db, keys)
        .await
        .unwrap()
        .into_iter()
        .map(|(field, counts)| {
            let n = counts
                .iter()
                .find(|(v, _)| *v == version)
                .map_or(0, |(_, n)| *n);
            (field, n)
        })
        .collect()
}

#[tokio::test]
async fn a_rotation_while_the_server_serves_loses_nothing() {
    let app = TestApp::spawn_with(mimamori_tests::Options {
        system_clock: true,
        ..mimamori_tests::Options::default()
    })
    .await
    .unwrap();
    let world = World::create(&app).await.unwrap();
    let vapid = push::vapid_public_key(&app.db, &app.keys, app.now())
        .await
        .unwrap()
        .public_key;
    let patient = patient_client(&app, world.case.id).await.unwrap();
    let subscribe = |n: usize| {
        let patient = patient.clone();
        let url = app.url("/api/patient/push/subscriptions");
        async move {
            let response = patient
                .post(url)
                .json(&serde_json::json!({
                    "endpoint": format!("https://push.example/send/device-{n}"),
                    "keys": {"p256dh": P256DH, "auth": AUTH}
                }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 201);
        }
    };
    for n in 0..20 {
        subscribe(n).await;
    }
    // Every sealed column holds a value: the case's e-mail too, a finding, a message and a
    // notification.
    mimamori_tests::fixtures::change_personal(&app, world.case.id, |personal| {
        personal.email = Some("patient@example.jp".to_owned());
    })
    .await
    .unwrap();
    let doctor = staff_client(&app, &world.doctor_a).await.unwrap();
    let case_path = format!("/api/staff/cases/{}", world.case.id);
    for (path, body) in [
        (
            "findings",
            serde_json::json!({"assessment": "安定", "plan": "継続", "referral": "none"}),
        ),
        ("messages", serde_json::json!({"body": "お大事に"})),
    ] {
        let response = doctor
            .post(app.url(&format!("{case_path}/{path}")))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "{path}");
    }
    let today = app.now().date_naive();
    let form = NotificationForm {
        patient_name: "森 正男".to_owned(),
        patient_kana: "モリ マサオ".to_owned(),
        birth_date: chrono::NaiveDate::from_ymd_opt(1954, 2, 14),
        phone: "090-1111-0001".to_owned(),
        ..NotificationForm::with_defaults(today, "病院 医師")
    };
    let institution = staff_client(&app, &world.institution_staff).await.unwrap();
    let filed = institution
        .post(app.url("/api/staff/case-notifications"))
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(filed.status(), 201, "{}", filed.text().await.unwrap());
    let notification: NotificationView = filed.json().await.unwrap();
    let writers = Writers {
        patient: patient.clone(),
        doctor: doctor.clone(),
        institution: institution.clone(),
    };
    free_text::write_every_kind(&app, &world, &writers)
        .await
        .unwrap();
    let before = under(&app, &app.keys, 1).await;
    assert!(before.iter().all(|(_, n)| *n > 0), "{before:?}");

    // The command's own keyring, as `mimamori keys rotate` opens it in its process.
    let rotating = Keyring::open(
        &app.db,
        KeyFile::read(&app.key_file).unwrap(),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    // Meanwhile the server goes on taking subscriptions (sealed under whichever key it has).
    let load = async {
        for n in 20..80 {
            subscribe(n).await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
    };
    let (rotation, ()) = tokio::join!(
        key_rotation::rotate(&app.db, &rotating, chrono::Utc::now(), |_| {}),
        load
    );
    let rotation = rotation.unwrap();
    assert_eq!((rotation.version, rotation.made_new_key), (2, true));
    assert!(rotation.unopenable.is_empty(), "{:?}", rotation.unopenable);
    // The server took up the new key during the announcement: what it writes now is sealed
    // under it.
    subscribe(80).await;
    for (field, n) in under(&app, &rotating, 1).await {
        assert_eq!(n, 0, "{field} still has values under v1");
    }

    // Everything opens: every device, every staff member's authenticator, the VAPID key.
    let rows = mimamori_server::db::push::list_for_account(
        &app.db,
        mimamori_server::db::patients::account_of_case(&app.db, world.case.id)
            .await
            .unwrap()
            .unwrap()
            .id,
    )
    .await
    .unwrap();
    // An account keeps its newest five; the rest were dropped as the later ones came, each sealed
    // under whichever key was current.
    assert_eq!(
        rows.len(),
        mimamori_server::services::push::MAX_SUBSCRIPTIONS_PER_ACCOUNT as usize,
        "the newest subscriptions kept"
    );
    for row in &rows {
        let opened = push::open_subscription(&rotating, row).unwrap();
        assert!(
            opened
                .endpoint
                .starts_with("https://push.example/send/device-")
        );
        assert!(row.endpoint.starts_with("v2:"), "{}", row.endpoint);
    }
    let response = app
        .client()
        .post(app.url("/api/staff/session"))
        // One who has not signed in before (a TOTP code works once).
        .json(&sign_in_request(&app, &world.doctor_b).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let case = mimamori_server::db::cases::find_by_number(&app.db, &world.case.case_number)
        .await
        .unwrap()
        .unwrap();
    assert!(case.sealed_name.starts_with("v2:"), "{}", case.sealed_name);
    let personal =
        mimamori_server::services::personal_data::Personal::open(&rotating, &case).unwrap();
    assert_eq!(personal.email.as_deref(), Some("patient@example.jp"));
    let search: serde_json::Value = staff_client(&app, &world.nurse_a)
        .await
        .unwrap()
        .get(app.url("/api/staff/worklist?q=%E3%81%8B%E3%82%93%E3%81%98%E3%82%83"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(search["items"][0]["name"], personal.name, "{search}");
    let record: serde_json::Value = doctor
        .get(app.url(&case_path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(record["findings"][0]["assessment"], "安定", "{record}");
    assert_eq!(record["messages"][0]["body"], "お大事に", "{record}");
    let reread: NotificationView = institution
        .get(app.url(&format!(
            "/api/staff/case-notifications/{}",
            notification.summary.id.0
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reread.form, form);
    assert_eq!(
        push::vapid_public_key(&app.db, &rotating, app.now())
            .await
            .unwrap()
            .public_key,
        vapid
    );
    let verified = audit_chain::verify(&app.db, &rotating, app.now())
        .await
        .unwrap();
    assert!(verified.is_intact(), "{:?}", verified.breaks);

    // The command as an operator runs it.
    let (ok, text) = run_command(&app, &["keys", "rotate"]).await.unwrap();
    assert!(ok, "{text}");
    assert!(text.contains("rotated to new data key version 3"), "{text}");
    let (ok, text) = run_command(&app, &["keys", "status"]).await.unwrap();
    assert!(ok, "{text}");
    assert!(text.contains("version 3 seals new values"), "{text}");
    assert!(
        text.contains("push_subscription.endpoint: v1: 0, v2: 0, v3: 5"),
        "{text}"
    );
}
