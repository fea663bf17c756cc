//! Calls of the implementation-reports page (実施報告).

use super::{decode, transport};
use mimamori_shared::api::Problem;
use mimamori_shared::api::implementation_reports::{
    ImplementationReportList, ImplementationReportQuery,
};

/// `GET /api/staff/implementation-reports`: the caller's reports within the dates.
pub async fn implementation_reports(
    query: &ImplementationReportQuery,
) -> Result<ImplementationReportList, Problem> {
    let (status, body) = transport::send("GET", &list_url(query), None).await?;
    decode(status, &body)
}

fn list_url(query: &ImplementationReportQuery) -> String {
    let mut parts = Vec::new();
    if let Some(from) = query.from {
        parts.push(format!("from={}", from.format("%Y-%m-%d")));
    }
    if let Some(to) = query.to {
        parts.push(format!("to={}", to.format("%Y-%m-%d")));
    }
    if parts.is_empty() {
        "/api/staff/implementation-reports".to_owned()
    } else {
        format!("/api/staff/implementation-reports?{}", parts.join("&"))
    }
}

/// Where a report's file is downloaded from (a plain link: the browser saves the file).
pub fn file_url(id: i64, ext: &str) -> String {
    format!("/api/staff/implementation-reports/{id}/{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn dates_go_in_the_query() {
        assert_eq!(
            list_url(&ImplementationReportQuery::default()),
            "/api/staff/implementation-reports"
        );
        let query = ImplementationReportQuery {
            from: NaiveDate::from_ymd_opt(2026, 11, 1),
            to: NaiveDate::from_ymd_opt(2026, 11, 23),
        };
        assert_eq!(
            list_url(&query),
            "/api/staff/implementation-reports?from=2026-11-01&to=2026-11-23"
        );
    }
}
