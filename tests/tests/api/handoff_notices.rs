//! Hand-off notices: a notification (発生届) submitted tells the health centre it is addressed to;
//! returned or accepted, the institution that filed it; an inpatient status report that admits,
//! discharges or records a death tells the case's follow-up staff on duty. Each right recipient
//! gets one console notification and one e-mail linking to the record, nobody else gets any, and a
//! retried request tells nobody again.

use super::case_notifications::{self as notifications_api, BASE, Intake, accept, send, submit};
use super::inpatient_reports::{self as inpatient_api, report, reports_path};
use super::problem;
use super::staff_notifications::{deliveries, mail_of, notifications, set_email};
use chrono::Duration;
use mimamori_server::entities::{staff_notification, staff_user};
use mimamori_server::services::setup;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::case_notifications::AcceptedNotification;
use mimamori_shared::api::staff_notifications::NotificationKind;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{STAFF_PASSWORD, staff_client};
use reqwest::{Client, Method};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

/// The intake world (a health centre with its institution, follow-up organisations A and B
/// under contract, and another centre with its own institution and staff), a clerk at the
/// institution besides its doctor, an e-mail address for everyone, and the institution's doctor
/// and the centre's staff member signed in.
struct Desk {
    t: Intake,
    clerk: staff_user::Model,
    /// The institution's staff (doctor and clerk), by id.
    institution: Vec<i64>,
    /// The institution's doctor.
    inst: Client,
    /// The centre's staff member.
    hc: Client,
}

async fn desk(app: &TestApp) -> Desk {
    let t = notifications_api::setup(app).await;
    let clerk = setup::create_staff(
        &app.db,
        &app.keys,
        t.world.institution,
        "inst.clerk",
        "inst.clerk",
        StaffRole::InstitutionStaff,
        STAFF_PASSWORD,
        app.now(),
    )
    .await
    .unwrap();
    for (staff, address) in [
        (&t.hc_staff, "desk@centre.example"),
        (&t.other_hc_staff, "desk@other-centre.example"),
        (&t.world.institution_staff, "doctor@hospital-i.example"),
        (&clerk, "clerk@hospital-i.example"),
        (&t.other_institution_staff, "doctor@hospital-j.example"),
        (&t.world.nurse_a, "nurse@clinic-a.example"),
        (&t.world.doctor_a, "doctor@clinic-a.example"),
        (&t.world.doctor_b, "doctor@clinic-b.example"),
    ] {
        set_email(app, staff, address).await;
    }
    let mut institution = vec![t.world.institution_staff.id, clerk.id];
    institution.sort_unstable();
    let inst = staff_client(app, &t.world.institution_staff).await.unwrap();
    let hc = staff_client(app, &t.hc_staff).await.unwrap();
    Desk {
        t,
        clerk,
        institution,
        inst,
        hc,
    }
}

/// Who has a console notification of `kind`, one entry per notification, by staff id.
async fn told(app: &TestApp, kind: NotificationKind) -> Vec<i64> {
    staff_notification::Entity::find()
        .filter(staff_notification::Column::Kind.eq(kind.as_str()))
        .order_by_asc(staff_notification::Column::StaffId)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.staff_id)
        .collect()
}

/// Where the e-mails of `kind` go, one entry per e-mail, sorted.
async fn mailed(app: &TestApp, kind: NotificationKind) -> Vec<String> {
    let mut to: Vec<String> = deliveries(app, kind.as_str())
        .await
        .iter()
        .map(|row| mail_of(row).0)
        .collect();
    to.sort();
    to
}

/// The e-mails of `kind`: subject and body together, for what they must and must not say.
async fn mail_texts(app: &TestApp, kind: NotificationKind) -> Vec<String> {
    deliveries(app, kind.as_str())
        .await
        .iter()
        .map(|row| {
            let (_, subject, body) = mail_of(row);
            format!("{subject}\n{body}")
        })
        .collect()
}

/// A draft of `notifications_api::form` (a patient nobody else has); its id.
async fn draft(app: &TestApp, client: &Client) -> i64 {
    notifications_api::create(app, client, notifications_api::form())
        .await
        .summary
        .id
        .0
}

async fn return_with_comment(app: &TestApp, client: &Client, id: i64) -> reqwest::Response {
    send(
        app,
        client,
        Method::POST,
        &format!("{BASE}/{id}/return"),
        Some(json!({"comment": "電話番号を確認してください"})),
    )
    .await
}

#[tokio::test]
async fn a_submitted_notification_tells_the_health_centre_it_is_addressed_to_once() {
    let app = TestApp::spawn().await.unwrap();
    let Desk { t, inst, hc, .. } = desk(&app).await;
    let id = draft(&app, &inst).await;
    assert!(
        told(&app, NotificationKind::CaseNotificationSubmitted)
            .await
            .is_empty(),
        "a draft is the institution's alone"
    );

    assert_eq!(submit(&app, &inst, id).await.status(), 200);
    let submitted = NotificationKind::CaseNotificationSubmitted;
    assert_eq!(told(&app, submitted).await, vec![t.hc_staff.id]);
    assert_eq!(mailed(&app, submitted).await, vec!["desk@centre.example"]);
    let texts = mail_texts(&app, submitted).await;
    assert!(texts[0].contains(&format!("/staff/intake/{id}")));
    assert!(texts[0].contains(&format!("No.{id}")));
    for private in ["花子", "ハッセイ", "1960", "独居", "新宿"] {
        assert!(!texts[0].contains(private), "{private} in the e-mail");
    }

    // A retried submission is refused and tells nobody again.
    let again = submit(&app, &inst, id).await;
    assert_eq!(again.status(), 409);
    assert_eq!(problem(again).await.code, "not_editable");
    assert_eq!(told(&app, submitted).await, vec![t.hc_staff.id]);
    assert_eq!(mailed(&app, submitted).await.len(), 1);

    // The centre's staff see it in the console, linking to the notification they may open.
    let list = notifications(&app, &hc, "").await;
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].kind, submitted);
    assert_eq!(list.items[0].notification_id.map(|n| n.0), Some(id));
    assert_eq!(list.items[0].case_id, None);
    let opened = send(&app, &hc, Method::GET, &format!("{BASE}/{id}"), None).await;
    assert_eq!(opened.status(), 200);
    let row = &staff_notification::Entity::find()
        .filter(staff_notification::Column::StaffId.eq(t.hc_staff.id))
        .all(&app.db)
        .await
        .unwrap()[0];
    assert_eq!(row.organisation_id, t.world.health_centre_id);
    assert!(!row.payload.contains("花子"));
}

#[tokio::test]
async fn a_return_and_an_acceptance_tell_every_staff_member_of_the_filing_institution_once() {
    let app = TestApp::spawn().await.unwrap();
    let Desk {
        t,
        clerk,
        institution,
        inst,
        hc,
    } = desk(&app).await;
    let id = draft(&app, &inst).await;
    assert_eq!(submit(&app, &inst, id).await.status(), 200);
    let institution_mail = vec!["clerk@hospital-i.example", "doctor@hospital-i.example"];

    assert_eq!(return_with_comment(&app, &hc, id).await.status(), 200);
    let returned = NotificationKind::CaseNotificationReturned;
    assert_eq!(told(&app, returned).await, institution);
    assert_eq!(mailed(&app, returned).await, institution_mail);
    for text in mail_texts(&app, returned).await {
        assert!(text.contains(&format!("/staff/case-notifications/{id}")));
        assert!(
            !text.contains("電話番号を確認"),
            "the comment stays in the record"
        );
    }
    let again = return_with_comment(&app, &hc, id).await;
    assert_eq!(again.status(), 409);
    assert_eq!(told(&app, returned).await, institution);
    assert_eq!(mailed(&app, returned).await.len(), 2);

    // Corrected and submitted again, later: a new submission, told again.
    app.advance(Duration::minutes(10));
    assert_eq!(submit(&app, &inst, id).await.status(), 200);
    let submitted = NotificationKind::CaseNotificationSubmitted;
    assert_eq!(
        told(&app, submitted).await,
        vec![t.hc_staff.id, t.hc_staff.id]
    );
    assert_eq!(
        mailed(&app, submitted).await,
        vec!["desk@centre.example", "desk@centre.example"]
    );

    let response = accept(&app, &hc, id, json!({"followup_org_id": t.world.org_a})).await;
    assert_eq!(response.status(), 200);
    let case_number = response
        .json::<AcceptedNotification>()
        .await
        .unwrap()
        .case
        .case_number;
    let accepted = NotificationKind::CaseNotificationAccepted;
    assert_eq!(told(&app, accepted).await, institution);
    assert_eq!(mailed(&app, accepted).await, institution_mail);
    for text in mail_texts(&app, accepted).await {
        assert!(text.contains(&case_number));
        assert!(text.contains(&format!("/staff/case-notifications/{id}")));
    }
    let again = accept(&app, &hc, id, json!({"followup_org_id": t.world.org_a})).await;
    assert_eq!(again.status(), 409);
    assert_eq!(told(&app, accepted).await, institution);
    assert_eq!(mailed(&app, accepted).await.len(), 2);

    // Nobody outside the centre and the institution heard of any of it.
    for outsider in [
        &t.other_hc_staff,
        &t.other_institution_staff,
        &t.world.nurse_a,
        &t.world.doctor_a,
        &t.world.doctor_b,
    ] {
        let client = staff_client(&app, outsider).await.unwrap();
        assert_eq!(
            notifications(&app, &client, "").await.items,
            vec![],
            "{}",
            outsider.login_id
        );
    }

    // The institution's notice names the notification (its own page) and the case number,
    // without a link to a case page it cannot open.
    let clerk_client = staff_client(&app, &clerk).await.unwrap();
    let list = notifications(&app, &clerk_client, "").await;
    assert_eq!(
        list.items.iter().map(|n| n.kind).collect::<Vec<_>>(),
        vec![accepted, returned]
    );
    assert_eq!(list.items[0].notification_id.map(|n| n.0), Some(id));
    assert_eq!(
        list.items[0].case_number.as_deref(),
        Some(case_number.as_str())
    );
    assert_eq!(list.items[0].case_id, None);
    let opened = send(
        &app,
        &clerk_client,
        Method::GET,
        &format!("{BASE}/{id}"),
        None,
    )
    .await;
    assert_eq!(opened.status(), 200);
}

#[tokio::test]
async fn accepting_by_linking_to_the_registered_case_tells_the_institution_its_number() {
    let app = TestApp::spawn().await.unwrap();
    let Desk {
        t,
        institution,
        inst,
        hc,
        ..
    } = desk(&app).await;
    // The person of the world's case T-0001 (name, date of birth and phone match).
    let mut body = notifications_api::form();
    body["patient_name"] = json!(
        mimamori_tests::fixtures::personal(&app, &t.world.case)
            .unwrap()
            .name
    );
    body["patient_kana"] = json!("カンジャ");
    body["birth_date"] = json!("1950-04-01");
    body["phone"] = json!("090-0000-0000");
    let id = notifications_api::submitted(&app, &inst, body).await;
    let response = accept(&app, &hc, id, json!({"link_to_case": t.world.case.id})).await;
    assert_eq!(response.status(), 200);
    let accepted = NotificationKind::CaseNotificationAccepted;
    assert_eq!(told(&app, accepted).await, institution);
    assert_eq!(mailed(&app, accepted).await.len(), 2);
    for text in mail_texts(&app, accepted).await {
        assert!(text.contains("T-0001"));
    }
}

#[tokio::test]
async fn inpatient_reports_tell_the_case_s_follow_up_staff_on_duty_of_each_change_once() {
    let app = TestApp::spawn().await.unwrap();
    let Desk { t, inst, .. } = desk(&app).await;
    let case_id = t.world.case.id;
    // The nurse of A is signed in (on duty); the doctor of A is not.
    let nurse = staff_client(&app, &t.world.nurse_a).await.unwrap();
    assert_eq!(
        inpatient_api::find(&app, &inst, &t.world.case.case_number)
            .await
            .status(),
        200
    );
    let file = |body: Value| {
        let (app, inst) = (&app, &inst);
        async move { inpatient_api::file(app, inst, case_id, &body).await }
    };
    let nurse_only = vec![t.world.nurse_a.id];
    let nurse_mail = vec!["nurse@clinic-a.example"];

    file(report("inpatient", None)).await;
    let admitted = NotificationKind::PatientAdmitted;
    assert_eq!(told(&app, admitted).await, nurse_only);
    assert_eq!(mailed(&app, admitted).await, nurse_mail);
    let texts = mail_texts(&app, admitted).await;
    assert!(texts[0].contains(&format!("/staff/cases/{case_id}")));
    assert!(texts[0].contains("T-0001"));
    for private in ["見守 病院", "医師 二郎", "浸潤影", "患者 T-0001"] {
        assert!(!texts[0].contains(private), "{private} in the e-mail");
    }

    // The same report sent again, and a transfer, leave the patient in hospital: no news.
    file(report("inpatient", None)).await;
    file(report("transferred", None)).await;
    assert_eq!(told(&app, admitted).await, nurse_only);
    assert_eq!(mailed(&app, admitted).await.len(), 1);

    file(report("discharged_home", Some("2026-11-23"))).await;
    file(report("discharged_home", Some("2026-11-23"))).await;
    let discharged = NotificationKind::PatientDischarged;
    assert_eq!(told(&app, discharged).await, nurse_only);
    assert_eq!(mailed(&app, discharged).await, nurse_mail);

    file(report("died", Some("2026-11-23"))).await;
    let died = NotificationKind::PatientDied;
    assert_eq!(told(&app, died).await, nurse_only);
    assert_eq!(mailed(&app, died).await, nurse_mail);
    // Follow-up has ended: a retry is refused and tells nobody.
    let again = inpatient_api::post(
        &inst,
        &app,
        &reports_path(case_id),
        &report("died", Some("2026-11-23")),
    )
    .await;
    assert_eq!(again.status(), 409);
    assert_eq!(told(&app, died).await, nurse_only);

    // The nurse's console links each notice to the case, which she may open.
    let list = notifications(&app, &nurse, "").await;
    assert_eq!(
        list.items.iter().map(|n| n.kind).collect::<Vec<_>>(),
        vec![died, discharged, admitted]
    );
    assert!(
        list.items
            .iter()
            .all(|n| n.case_id.map(|c| c.0) == Some(case_id))
    );
    let opened = nurse
        .get(app.url(&format!("/api/staff/cases/{case_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 200);
    // Nobody else heard of it: not the other organisation, nor the health centre.
    for kind in [admitted, discharged, died] {
        assert!(!told(&app, kind).await.contains(&t.world.doctor_b.id));
        assert!(!told(&app, kind).await.contains(&t.hc_staff.id));
    }
}

#[tokio::test]
async fn an_admission_of_a_case_without_a_follow_up_organisation_tells_its_health_centre() {
    let app = TestApp::spawn().await.unwrap();
    let Desk { t, inst, hc, .. } = desk(&app).await;
    let id = notifications_api::submitted(&app, &inst, notifications_api::form()).await;
    let response = accept(&app, &hc, id, json!({})).await;
    let case_id = response
        .json::<AcceptedNotification>()
        .await
        .unwrap()
        .case
        .id
        .0;
    inpatient_api::file(&app, &inst, case_id, &report("inpatient", None)).await;
    let admitted = NotificationKind::PatientAdmitted;
    assert_eq!(told(&app, admitted).await, vec![t.hc_staff.id]);
    assert_eq!(mailed(&app, admitted).await, vec!["desk@centre.example"]);
    let list = notifications(&app, &hc, "").await;
    assert_eq!(list.items[0].case_id.map(|c| c.0), Some(case_id));
}

#[tokio::test]
async fn an_escalation_tells_only_the_case_s_own_health_centre() {
    let app = TestApp::spawn().await.unwrap();
    let Desk { t, .. } = desk(&app).await;
    let doctor = staff_client(&app, &t.world.doctor_a).await.unwrap();
    let response = doctor
        .post(app.url(&format!("/api/staff/cases/{}/escalations", t.world.case.id)))
        .json(&json!({"note": "please arrange admission"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let escalation = NotificationKind::Escalation;
    assert_eq!(told(&app, escalation).await, vec![t.hc_staff.id]);
    assert_eq!(mailed(&app, escalation).await, vec!["desk@centre.example"]);
}
