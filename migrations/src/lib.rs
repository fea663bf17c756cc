//! Mimamori's database schema as sea-orm migrations. Every migration runs on SQLite and
//! PostgreSQL; migrations declare their own identifiers and never import the server's entities,
//! so an old migration keeps meaning what it meant when it was written.

pub use sea_orm_migration::prelude::*;

mod m0001_initial;
mod m0002_patient_app;
mod m0003_staff_console;
mod m0004_worklist;
mod m0005_scheduler;
mod m0006_case_notifications;
mod m0007_inpatient_reports;
mod m0008_test_counts;
mod m0009_case_summary_hot;
mod m0010_report_versions;
mod m0011_deployment_init;
mod m0012_org_address;
mod m0013_data_keys;
mod m0014_push_endpoint_index;
mod m0015_sealed_cases;
mod m0016_sealed_notifications;
mod m0017_sealed_free_text;
mod m0018_sealed_notes;
mod m0019_retention;
mod m0020_sign_in_throttle;
mod m0021_household_representative;
mod m0022_contract_end;
mod m0023_worklist_lapse;

/// Runs every migration in order.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_initial::Migration),
            Box::new(m0002_patient_app::Migration),
            Box::new(m0003_staff_console::Migration),
            Box::new(m0004_worklist::Migration),
            Box::new(m0005_scheduler::Migration),
            Box::new(m0006_case_notifications::Migration),
            Box::new(m0007_inpatient_reports::Migration),
            Box::new(m0008_test_counts::Migration),
            Box::new(m0009_case_summary_hot::Migration),
            Box::new(m0010_report_versions::Migration),
            Box::new(m0011_deployment_init::Migration),
            Box::new(m0012_org_address::Migration),
            Box::new(m0013_data_keys::Migration),
            Box::new(m0014_push_endpoint_index::Migration),
            Box::new(m0015_sealed_cases::Migration),
            Box::new(m0016_sealed_notifications::Migration),
            Box::new(m0017_sealed_free_text::Migration),
            Box::new(m0018_sealed_notes::Migration),
            Box::new(m0019_retention::Migration),
            Box::new(m0020_sign_in_throttle::Migration),
            Box::new(m0021_household_representative::Migration),
            Box::new(m0022_contract_end::Migration),
            Box::new(m0023_worklist_lapse::Migration),
        ]
    }
}
