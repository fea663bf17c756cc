//! Statements about the database itself rather than its rows: connection settings, planner
//! statistics, a consistent copy for backups, whether a database is empty.

use sea_orm::{ConnectionTrait, DbErr, Statement};

/// SQLite's settings for a server: WAL lets readers proceed while a report is written;
/// `busy_timeout` makes writers wait for each other instead of failing.
pub async fn configure_sqlite(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared("PRAGMA journal_mode=WAL;").await?;
    db.execute_unprepared("PRAGMA busy_timeout=5000;").await?;
    Ok(())
}

/// Refreshes PostgreSQL's planner statistics of the tables a bulk load filled.
pub async fn analyze_case_tables(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared("ANALYZE patient_case").await?;
    db.execute_unprepared("ANALYZE health_report").await?;
    Ok(())
}

/// Writes a consistent copy of the SQLite database to `path` (`VACUUM INTO`).
pub async fn sqlite_copy_into(db: &impl ConnectionTrait, path: &str) -> Result<(), DbErr> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "VACUUM INTO ?",
        [path.into()],
    ))
    .await?;
    Ok(())
}

/// How many tables PostgreSQL's current schema holds (a restore goes only into an empty one).
pub async fn postgres_table_count(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT count(*) AS n FROM information_schema.tables \
             WHERE table_schema = current_schema()",
        ))
        .await?;
    match row {
        Some(row) => row.try_get("", "n"),
        None => Ok(0),
    }
}
