//! Reading and rewriting sealed columns generically, for key rotation and `keys status`
//! (`services::key_rotation`): each sealed column is named once, in
//! `services::key_rotation::SEALED_COLUMNS`, with the column that identifies its rows.

use super::Binds;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Value};

/// The column whose value identifies a row in a sealed value's associated data, and its type.
#[derive(Debug, Clone, Copy)]
pub enum Identity {
    /// An integer column (`id`).
    Int(&'static str),
    /// A text column (a name, a blind index).
    Text(&'static str),
}

impl Identity {
    fn column(self) -> &'static str {
        match self {
            Identity::Int(column) | Identity::Text(column) => column,
        }
    }

    fn value(self, text: &str) -> Value {
        match self {
            Identity::Int(_) => Value::from(text.parse::<i64>().unwrap_or(i64::MIN)),
            Identity::Text(_) => Value::from(text.to_owned()),
        }
    }
}

/// A sealed column of a table.
#[derive(Debug, Clone, Copy)]
pub struct SealedColumn {
    /// `table.column`, the field in the associated data.
    pub field: &'static str,
    /// Table.
    pub table: &'static str,
    /// Column.
    pub column: &'static str,
    /// What identifies a row.
    pub identity: Identity,
}

/// One sealed value and the row it belongs to.
#[derive(Debug, Clone, FromQueryResult)]
pub struct SealedValue {
    /// The row's identity, as text.
    pub identity: String,
    /// The sealed value.
    pub value: String,
}

/// Up to `limit` values of `column` not sealed under `version`, after the row `after` (in the
/// identity's order), for re-sealing.
pub async fn older_than(
    db: &impl ConnectionTrait,
    column: &SealedColumn,
    version: i32,
    after: Option<&str>,
    limit: u64,
) -> Result<Vec<SealedValue>, DbErr> {
    let mut binds = Binds::new(db.get_database_backend());
    let id = column.identity.column();
    let sealed = binds.bind("v%:%");
    let current = binds.bind(format!("v{version}:%"));
    let after_clause = match after {
        Some(after) => format!(" AND {id} > {}", binds.bind(column.identity.value(after))),
        None => String::new(),
    };
    let sql = format!(
        "SELECT CAST({id} AS TEXT) AS identity, {col} AS value FROM {table} \
         WHERE {col} LIKE {sealed} AND {col} NOT LIKE {current}{after_clause} \
         ORDER BY {id} LIMIT {limit}",
        col = column.column,
        table = column.table,
    );
    SealedValue::find_by_statement(binds.statement(sql))
        .all(db)
        .await
}

/// Up to `limit` values of `column`, sealed or not (not null), after the row `after` (in the
/// identity's order): for sealing in place what was written in clear.
pub async fn values_after(
    db: &impl ConnectionTrait,
    column: &SealedColumn,
    after: Option<&str>,
    limit: u64,
) -> Result<Vec<SealedValue>, DbErr> {
    let mut binds = Binds::new(db.get_database_backend());
    let id = column.identity.column();
    let after_clause = match after {
        Some(after) => format!(" AND {id} > {}", binds.bind(column.identity.value(after))),
        None => String::new(),
    };
    let sql = format!(
        "SELECT CAST({id} AS TEXT) AS identity, {col} AS value FROM {table} \
         WHERE {col} IS NOT NULL{after_clause} ORDER BY {id} LIMIT {limit}",
        col = column.column,
        table = column.table,
    );
    SealedValue::find_by_statement(binds.statement(sql))
        .all(db)
        .await
}

/// Replaces `old` with `new` in the row `identity`, unless the value changed meanwhile (a
/// server wrote it again): whether it was replaced.
pub async fn replace(
    db: &impl ConnectionTrait,
    column: &SealedColumn,
    identity: &str,
    old: &str,
    new: String,
) -> Result<bool, DbErr> {
    let mut binds = Binds::new(db.get_database_backend());
    let sql = format!(
        "UPDATE {table} SET {col} = {new} WHERE {id} = {identity} AND {col} = {old}",
        table = column.table,
        col = column.column,
        id = column.identity.column(),
        new = binds.bind(new),
        identity = binds.bind(column.identity.value(identity)),
        old = binds.bind(old.to_owned()),
    );
    Ok(db.execute_raw(binds.statement(sql)).await?.rows_affected() == 1)
}

/// How many values of `column` are sealed under `version`.
pub async fn count_sealed_under(
    db: &impl ConnectionTrait,
    column: &SealedColumn,
    version: i32,
) -> Result<i64, DbErr> {
    let mut binds = Binds::new(db.get_database_backend());
    let sql = format!(
        "SELECT count(*) AS n FROM {table} WHERE {col} LIKE {pattern}",
        table = column.table,
        col = column.column,
        pattern = binds.bind(format!("v{version}:%")),
    );
    Ok(db
        .query_one_raw(binds.statement(sql))
        .await?
        .and_then(|row| row.try_get::<i64>("", "n").ok())
        .unwrap_or(0))
}
