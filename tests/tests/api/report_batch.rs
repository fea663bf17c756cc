//! Reports of many requests written together (PostgreSQL's `ReportBatcher` and its one-statement
//! batch write): each report stored, summarised and audited once, nothing written for a case
//! that changed since it was read.

use super::patient_reports::{created_audited, reports_url, status_and_report_id, stored_reports};
use mimamori_server::db::report_batch::insert_many_with_summary_and_audit;
use mimamori_server::db::reports::insert_with_summary_and_audit;
use mimamori_server::entities::patient_case;
use mimamori_tests::TestApp;
use mimamori_tests::fixtures::{
    World, add_case, patient_client, postgres_world, report_body, report_to_write,
};
use sea_orm::EntityTrait;

async fn last_report_at(app: &TestApp, case_id: i64) -> Option<chrono::DateTime<chrono::Utc>> {
    patient_case::Entity::find_by_id(case_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .last_report_at
}

/// PostgreSQL only: one statement stores the reports of the cases that are as read, each with
/// its summary and one audit entry, and writes nothing for a case whose status changed or whose
/// key is already stored.
#[tokio::test]
async fn a_batch_stores_the_reports_of_cases_as_read_and_nothing_else() {
    let Some((app, world)) = postgres_world().await.unwrap() else {
        return;
    };
    let mut cases = vec![world.case.clone()];
    for n in 0..3 {
        let number = format!("BATCH-{n}");
        cases.push(
            add_case(&app, world.health_centre_id, world.org_a, &number)
                .await
                .unwrap(),
        );
    }
    let [fresh, stale, already, second] = &cases[..] else {
        unreachable!()
    };
    // A copy of `already`'s report is stored first, alone.
    let first_copy = report_to_write(&app, already, "k-already", 97);
    insert_with_summary_and_audit(
        &app.db,
        first_copy.as_read(),
        &first_copy.report,
        &first_copy.audit,
    )
    .await
    .unwrap()
    .expect("stored alone");
    let mut stale_write = report_to_write(&app, stale, "k-stale", 96);
    stale_write.status = mimamori_shared::api::cases::CaseStatus::Hospitalised;
    let batch = [
        report_to_write(&app, fresh, "k-fresh", 98),
        stale_write,
        report_to_write(&app, already, "k-already", 95),
        report_to_write(&app, second, "k-second", 99),
    ];
    let stored = insert_many_with_summary_and_audit(&app.db, &batch.iter().collect::<Vec<_>>())
        .await
        .unwrap();
    let mut stored: Vec<_> = stored.iter().map(|r| (r.case_id, r.spo2)).collect();
    stored.sort_unstable();
    assert_eq!(stored, [(fresh.id, Some(98)), (second.id, Some(99))]);
    for (case, reports) in [(fresh, 1), (stale, 0), (already, 1), (second, 1)] {
        assert_eq!(stored_reports(&app, case.id).await, reports, "{}", case.id);
        assert_eq!(created_audited(&app, case.id).await, reports, "{}", case.id);
        assert_eq!(
            last_report_at(&app, case.id).await.is_some(),
            reports == 1,
            "{}",
            case.id
        );
    }
}

/// PostgreSQL only: a batch with two reports of one case is refused whole, nothing written (the
/// batcher never makes one: it takes one report of a case a batch).
#[tokio::test]
async fn a_batch_with_a_case_twice_writes_nothing() {
    let Some((app, world)) = postgres_world().await.unwrap() else {
        return;
    };
    let batch = [
        report_to_write(&app, &world.case, "k-1", 97),
        report_to_write(&app, &world.case, "k-2", 96),
    ];
    let refused =
        insert_many_with_summary_and_audit(&app.db, &batch.iter().collect::<Vec<_>>()).await;
    assert!(refused.is_err());
    assert_eq!(stored_reports(&app, world.case.id).await, 0);
    assert_eq!(created_audited(&app, world.case.id).await, 0);
}

/// Reports of many patients sent at once, each with a copy under the same key, on both
/// databases: every case gets one report (one 201 and one 200 with the same report), its
/// summary and one audit entry. On PostgreSQL they meet in the batch writer, which puts the two
/// copies of a case in different batches.
#[tokio::test]
async fn reports_of_many_cases_sent_at_once_are_each_stored_once() {
    let app = TestApp::spawn().await.unwrap();
    let world = World::create(&app).await.unwrap();
    let mut patients = vec![(
        world.case.clone(),
        patient_client(&app, world.case.id).await.unwrap(),
    )];
    for n in 0..7 {
        let case = add_case(
            &app,
            world.health_centre_id,
            world.org_a,
            &format!("RUSH-{n}"),
        )
        .await
        .unwrap();
        let client = patient_client(&app, case.id).await.unwrap();
        patients.push((case, client));
    }
    let mut sends = Vec::new();
    for (case, client) in &patients {
        let body = report_body(36.9, Some(97));
        for _ in 0..2 {
            let request = client.post(reports_url(&app, case.id)).json(&body);
            let case_id = case.id;
            sends.push(tokio::spawn(async move {
                let (status, id) = status_and_report_id(request).await;
                (case_id, status, id)
            }));
        }
    }
    let mut answers = Vec::new();
    for send in sends {
        answers.push(send.await.unwrap());
    }
    for (case, _) in &patients {
        let mine: Vec<_> = answers.iter().filter(|(c, ..)| *c == case.id).collect();
        let mut statuses: Vec<_> = mine.iter().map(|(_, status, _)| *status).collect();
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 201], "{mine:?}");
        assert_eq!(mine[0].2, mine[1].2, "{mine:?}");
        assert_eq!(stored_reports(&app, case.id).await, 1);
        assert_eq!(created_audited(&app, case.id).await, 1);
        assert!(last_report_at(&app, case.id).await.is_some());
    }
}
