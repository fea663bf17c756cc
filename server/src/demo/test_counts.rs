//! The demo's administrative test counts (行政検査実施数): the demo institution's last seven days,
//! so the health centre's summary and CSV have figures to show. Made when the institution has filed
//! nothing yet; corrections are left to whoever tries the console.

use crate::db;
use crate::entities::test_count;
use crate::services::time;
use chrono::{DateTime, Duration, Utc};
use mimamori_shared::api::admin::OrgKind;
use sea_orm::{DatabaseConnection, Set};

/// PCR performed, PCR positive, antigen performed, antigen positive, `days` ago (today last).
const DAYS: [(i64, [i64; 4]); 7] = [
    (6, [42, 9, 30, 6]),
    (5, [38, 7, 25, 4]),
    (4, [45, 11, 33, 8]),
    (3, [20, 4, 18, 3]),
    (2, [15, 2, 12, 1]),
    (1, [40, 8, 28, 5]),
    (0, [12, 3, 9, 2]),
];

/// Files the demo institution's last seven days unless it has filed any, as its doctor.
pub async fn ensure(db: &DatabaseConnection, now: DateTime<Utc>) -> anyhow::Result<()> {
    let Some(institution) = db::orgs::find_by_name(
        db,
        OrgKind::Institution,
        crate::demo::institution::INSTITUTION,
    )
    .await?
    else {
        return Ok(());
    };
    let Some(health_centre_id) = institution.parent_id else {
        return Ok(());
    };
    let Some(doctor) = db::staff::find_by_login(db, crate::demo::institution::DOCTOR.0).await?
    else {
        return Ok(());
    };
    let today = time::local_date(now, time::zone(&institution.time_zone));
    let filed =
        db::test_counts::of_institution(db, institution.id, today - Duration::days(30), today)
            .await?;
    if !filed.is_empty() {
        return Ok(());
    }
    for (days_ago, [pcr, pcr_positive, antigen, antigen_positive]) in DAYS {
        db::test_counts::save(
            db,
            test_count::ActiveModel {
                institution_id: Set(institution.id),
                health_centre_id: Set(health_centre_id),
                date: Set(today - Duration::days(days_ago)),
                pcr_performed: Set(pcr),
                pcr_positive: Set(pcr_positive),
                antigen_performed: Set(antigen),
                antigen_positive: Set(antigen_positive),
                revision: Set(1),
                updated_at: Set(now),
                updated_by: Set(doctor.id),
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(())
}
