//! The only place that builds sea-orm queries. Functions take `&impl ConnectionTrait` so they
//! run on the pool or inside a transaction alike.

pub mod audit;
pub mod case_events;
pub mod case_notifications;
pub mod cases;
pub mod contracts;
pub mod data_keys;
pub mod deliveries;
pub mod findings;
pub mod followup_end;
pub mod housekeeping;
pub mod implementation_reports;
pub mod inpatient;
pub mod intake;
pub mod job_locks;
pub mod maintenance;
pub mod messages;
pub mod org_settings;
pub mod orgs;
pub mod patients;
pub mod push;
pub mod reminders;
pub mod report_batch;
pub mod report_batcher;
pub mod report_versions;
pub mod reports;
pub mod retention;
pub mod sealed_columns;
pub mod secrets;
pub mod sign_in_throttle;
pub mod staff;
pub mod staff_admin;
pub mod staff_notifications;
pub mod test_counts;
pub mod thresholds;
pub mod worklist;
pub mod write_queue;

/// Values bound to a hand-written SQL statement, with each placeholder written as the backend
/// wants it (`$1…` on PostgreSQL, `?` on SQLite).
#[derive(Debug)]
pub struct Binds {
    backend: sea_orm::DbBackend,
    values: Vec<sea_orm::Value>,
}

impl Binds {
    /// No values yet, for `backend`.
    pub fn new(backend: sea_orm::DbBackend) -> Self {
        Self {
            backend,
            values: Vec::new(),
        }
    }

    /// Binds `value`; returns its placeholder.
    pub fn bind(&mut self, value: impl Into<sea_orm::Value>) -> String {
        self.values.push(value.into());
        match self.backend {
            sea_orm::DbBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_owned(),
        }
    }

    /// The statement `sql` with the bound values.
    pub fn statement(self, sql: String) -> sea_orm::Statement {
        sea_orm::Statement::from_sql_and_values(self.backend, sql, self.values)
    }
}
