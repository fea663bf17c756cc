//! The work list's filters as the page holds them, and the query string they make: pure, so
//! they are tested natively.

use mimamori_shared::api::cases::RiskFactor;
use mimamori_shared::api::worklist::{Bucket, WorkList, WorkListRow};
use mimamori_shared::ids::{CaseId, OrgId};
use std::collections::HashSet;

/// Rows fetched at first and added by "load more".
pub const PAGE_ROWS: usize = 50;
/// Most rows one request may ask for (the server's limit).
pub const MAX_ROWS_PER_REQUEST: usize = 200;

/// Whose cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AssignedChoice {
    /// Everyone's.
    #[default]
    Anyone,
    /// The signed-in staff member's.
    Me,
    /// Nobody's.
    Nobody,
}

/// The risk-factor filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RiskChoice {
    /// No filter.
    #[default]
    All,
    /// At least one risk factor.
    Any,
    /// This one.
    Factor(RiskFactor),
}

/// The organisation filter (health centres).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OrgChoice {
    /// No filter.
    #[default]
    All,
    /// Not assigned to a follow-up organisation.
    Unassigned,
    /// This organisation.
    Org(OrgId),
}

/// Everything the list is filtered by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// The bucket tab (`None`: all).
    pub bucket: Option<Bucket>,
    /// Whose cases.
    pub assigned: AssignedChoice,
    /// Day N of follow-up.
    pub day: Option<u32>,
    /// 65 or over only.
    pub age65: bool,
    /// Risk factors.
    pub risk: RiskChoice,
    /// Organisation.
    pub org: OrgChoice,
    /// Search text as applied (after the typing pause).
    pub q: String,
}

impl Filters {
    /// Whether anything but the bucket narrows the list.
    pub fn is_narrowed(&self) -> bool {
        Filters {
            bucket: None,
            ..self.clone()
        } != Filters::default()
    }

    /// The query string for `limit` rows, after the cursor `after` if given.
    pub fn query(&self, limit: usize, after: Option<&str>) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(bucket) = self.bucket {
            parts.push(format!("bucket={}", bucket.as_str()));
        }
        match self.assigned {
            AssignedChoice::Anyone => {}
            AssignedChoice::Me => parts.push("assigned=me".to_owned()),
            AssignedChoice::Nobody => parts.push("assigned=none".to_owned()),
        }
        if let Some(day) = self.day {
            parts.push(format!("day={day}"));
        }
        if self.age65 {
            parts.push("age65=true".to_owned());
        }
        match self.risk {
            RiskChoice::All => {}
            RiskChoice::Any => parts.push("risk=any".to_owned()),
            RiskChoice::Factor(factor) => parts.push(format!("risk={}", factor.as_str())),
        }
        match self.org {
            OrgChoice::All => {}
            OrgChoice::Unassigned => parts.push("org=none".to_owned()),
            OrgChoice::Org(id) => parts.push(format!("org={id}")),
        }
        let q = self.q.trim();
        if !q.is_empty() {
            parts.push(format!("q={}", percent_encode(q)));
        }
        parts.push(format!("limit={}", limit.clamp(1, MAX_ROWS_PER_REQUEST)));
        if let Some(after) = after {
            parts.push(format!("after={}", percent_encode(after)));
        }
        format!("?{}", parts.join("&"))
    }
}

/// The value of a `<select>` option for a risk choice, and back.
pub fn risk_value(choice: RiskChoice) -> &'static str {
    match choice {
        RiskChoice::All => "",
        RiskChoice::Any => "any",
        RiskChoice::Factor(factor) => factor.as_str(),
    }
}

/// Inverse of [`risk_value`].
pub fn parse_risk(value: &str) -> RiskChoice {
    match value {
        "any" => RiskChoice::Any,
        code => RiskFactor::parse(code).map_or(RiskChoice::All, RiskChoice::Factor),
    }
}

/// The value of a `<select>` option for an organisation choice, and back.
pub fn org_value(choice: OrgChoice) -> String {
    match choice {
        OrgChoice::All => String::new(),
        OrgChoice::Unassigned => "none".to_owned(),
        OrgChoice::Org(id) => id.to_string(),
    }
}

/// Inverse of [`org_value`].
pub fn parse_org(value: &str) -> OrgChoice {
    match value {
        "none" => OrgChoice::Unassigned,
        other => other.parse().map_or(OrgChoice::All, OrgChoice::Org),
    }
}

/// Appends a page to the rows already shown, leaving out cases already there (a case that
/// moved between the two requests is shown once; the next refresh puts it in its place).
pub fn append_page(list: &mut WorkList, page: WorkList) {
    let mut seen: HashSet<CaseId> = list.items.iter().map(|r| r.id).collect();
    list.items
        .extend(page.items.into_iter().filter(|row| seen.insert(row.id)));
    list.next = page.next;
    list.counts = page.counts;
}

/// The rows of `list` in order, each case once.
pub fn dedup_rows(rows: Vec<WorkListRow>) -> Vec<WorkListRow> {
    let mut seen = HashSet::new();
    rows.into_iter().filter(|row| seen.insert(row.id)).collect()
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use mimamori_shared::api::cases::Sex;
    use mimamori_shared::api::worklist::BucketCounts;

    #[test]
    fn the_default_query_asks_for_one_page() {
        assert_eq!(Filters::default().query(PAGE_ROWS, None), "?limit=50");
        assert!(!Filters::default().is_narrowed());
    }

    #[test]
    fn every_filter_goes_into_the_query() {
        let filters = Filters {
            bucket: Some(Bucket::NotReported),
            assigned: AssignedChoice::Me,
            day: Some(3),
            age65: true,
            risk: RiskChoice::Factor(RiskFactor::Diabetes),
            org: OrgChoice::Org(OrgId(7)),
            q: " 山田 ".to_owned(),
        };
        assert_eq!(
            filters.query(500, Some("w1.0.1.n.2")),
            "?bucket=not_reported&assigned=me&day=3&age65=true&risk=diabetes&org=7\
             &q=%E5%B1%B1%E7%94%B0&limit=200&after=w1.0.1.n.2"
        );
        assert!(filters.is_narrowed());
        let tab_only = Filters {
            bucket: Some(Bucket::Red),
            ..Filters::default()
        };
        assert!(!tab_only.is_narrowed());
    }

    #[test]
    fn select_values_round_trip() {
        for choice in [
            RiskChoice::All,
            RiskChoice::Any,
            RiskChoice::Factor(RiskFactor::Pregnancy),
        ] {
            assert_eq!(parse_risk(risk_value(choice)), choice);
        }
        for choice in [
            OrgChoice::All,
            OrgChoice::Unassigned,
            OrgChoice::Org(OrgId(3)),
        ] {
            assert_eq!(parse_org(&org_value(choice)), choice);
        }
    }

    fn row(id: i64) -> WorkListRow {
        WorkListRow {
            id: CaseId(id),
            case_number: format!("C-{id}"),
            name: String::new(),
            name_kana: String::new(),
            age: 40,
            sex: Sex::Other,
            day: 1,
            slots_per_day: 1,
            bucket: Bucket::Rest,
            unreviewed_flag: None,
            latest: None,
            risk_factors: Vec::new(),
            assigned_staff_id: None,
            assigned_staff_name: None,
            followup_org_id: None,
            followup_org_name: None,
            escalated: false,
            status: Default::default(),
        }
    }

    fn list(ids: &[i64], next: Option<&str>) -> WorkList {
        WorkList {
            counts: BucketCounts::default(),
            items: ids.iter().map(|&id| row(id)).collect(),
            next: next.map(str::to_owned),
            as_of: Utc::now(),
            orgs: Vec::new(),
        }
    }

    #[test]
    fn a_page_adds_only_cases_not_shown_yet() {
        let mut shown = list(&[1, 2, 3], Some("a"));
        append_page(&mut shown, list(&[3, 4], None));
        let ids: Vec<i64> = shown.items.iter().map(|r| r.id.0).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
        assert_eq!(shown.next, None);
        let rows = dedup_rows([1, 2, 1, 3].map(row).to_vec());
        assert_eq!(rows.len(), 3);
    }
}
