//! Daily housekeeping (docs/security.md "Retention"): staff sessions past their limits, expired
//! patient sessions, and invitations used or expired more than 30 days ago are deleted by the
//! scheduler once a day; nothing still usable is touched.

use chrono::Duration;
use mimamori_server::entities::{invitation, patient_session, staff_session};
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{World, invitation_for, patient_client, staff_client};
use sea_orm::{EntityTrait, PaginatorTrait};

async fn rows(app: &TestApp) -> (u64, u64, u64) {
    (
        staff_session::Entity::find().count(&app.db).await.unwrap(),
        patient_session::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        invitation::Entity::find().count(&app.db).await.unwrap(),
    )
}

#[tokio::test]
async fn spent_sessions_and_invitations_are_deleted_once_a_day() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let nurse = staff_client(&app, &world.nurse_a).await.unwrap();
    // A patient redeemed an invitation (used) and has a 30-day session; a second invitation,
    // for 72 hours, is still open.
    patient_client(&app, world.case.id).await.unwrap();
    invitation_for(&app, world.case.id, Duration::hours(72))
        .await
        .unwrap();
    assert_eq!(rows(&app).await, (1, 1, 2));

    // The same day: everything is in use, nothing goes.
    let (tick, _) = app.tick().await.unwrap();
    assert_eq!(tick.housekeeping, 0);
    assert_eq!(rows(&app).await, (1, 1, 2));

    // A day later the nurse's session is past its 12 hours.
    app.advance(Duration::days(1));
    let (tick, _) = app.tick().await.unwrap();
    assert_eq!(tick.housekeeping, 1);
    assert_eq!(rows(&app).await, (0, 1, 2));
    let me = nurse.get(app.url("/api/staff/me")).send().await.unwrap();
    assert_eq!(me.status(), 401);

    // 32 days in: the patient's session has expired and the used invitation is 32 days old;
    // the open one expired 29 days ago and stays a little longer, to say "expired" if opened.
    app.advance(Duration::days(31));
    let (tick, _) = app.tick().await.unwrap();
    assert_eq!(tick.housekeeping, 2);
    assert_eq!(rows(&app).await, (0, 0, 1));
    // Once a day: a later tick of the same day does nothing.
    app.advance(Duration::minutes(1));
    let (tick, _) = app.tick().await.unwrap();
    assert_eq!(tick.housekeeping, 0);

    app.advance(Duration::days(2));
    let (tick, _) = app.tick().await.unwrap();
    assert_eq!(tick.housekeeping, 1);
    assert_eq!(rows(&app).await, (0, 0, 0));
}
