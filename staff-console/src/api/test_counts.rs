//! Calls of the administrative test counts (検査件数).

use super::{decode, json, transport};
use chrono::NaiveDate;
use mimamori_shared::api::Problem;
use mimamori_shared::api::test_counts::{
    TestCountForm, TestCountList, TestCountSummary, TestCountSummaryQuery, TestCountView,
};

/// `GET /api/staff/test-counts`: the institution's recent days (the server's default range,
/// the last days that can still be corrected), newest first.
pub async fn list() -> Result<TestCountList, Problem> {
    let (status, body) = transport::send("GET", "/api/staff/test-counts", None).await?;
    decode(status, &body)
}

/// `PUT /api/staff/test-counts/{date}`: files or corrects a day.
pub async fn save(date: NaiveDate, request: &TestCountForm) -> Result<TestCountView, Problem> {
    let url = format!("/api/staff/test-counts/{}", date.format("%Y-%m-%d"));
    let (status, body) = transport::send("PUT", &url, Some(json(request)?)).await?;
    decode(status, &body)
}

/// `GET /api/staff/test-counts/summary?…`: the health centre's or prefecture's figures.
pub async fn summary(query: &TestCountSummaryQuery) -> Result<TestCountSummary, Problem> {
    let url = summary_url("summary", query);
    let (status, body) = transport::send("GET", &url, None).await?;
    decode(status, &body)
}

/// Where the same summary is downloaded as CSV (a plain link: the browser saves the file).
pub fn csv_url(query: &TestCountSummaryQuery) -> String {
    summary_url("summary.csv", query)
}

fn summary_url(file: &str, query: &TestCountSummaryQuery) -> String {
    let mut parts = Vec::new();
    if let Some(level) = query.level {
        parts.push(format!("level={}", level.as_str()));
    }
    if let Some(from) = query.from {
        parts.push(format!("from={}", from.format("%Y-%m-%d")));
    }
    if let Some(to) = query.to {
        parts.push(format!("to={}", to.format("%Y-%m-%d")));
    }
    if parts.is_empty() {
        format!("/api/staff/test-counts/{file}")
    } else {
        format!("/api/staff/test-counts/{file}?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::api::test_counts::SummaryLevel;

    #[test]
    fn the_summary_and_its_csv_carry_the_same_query() {
        let query = TestCountSummaryQuery {
            level: Some(SummaryLevel::Prefecture),
            from: NaiveDate::from_ymd_opt(2026, 11, 18),
            to: NaiveDate::from_ymd_opt(2026, 11, 24),
        };
        let rest = "?level=prefecture&from=2026-11-18&to=2026-11-24";
        assert_eq!(
            summary_url("summary", &query),
            format!("/api/staff/test-counts/summary{rest}")
        );
        assert_eq!(
            csv_url(&query),
            format!("/api/staff/test-counts/summary.csv{rest}")
        );
        assert_eq!(
            csv_url(&TestCountSummaryQuery::default()),
            "/api/staff/test-counts/summary.csv"
        );
    }
}
