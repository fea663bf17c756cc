//! Free text sealed at rest in rows whose id the database gives (findings, messages): their
//! sealed values' associated data names the row's `seal_id`, a random id made before the
//! insert (the row id as text for rows written before the column existed, migration m0017).
//! Notifications (`services::sealed_notifications`) use the same scheme.

/// A new, random seal id.
pub fn new_seal_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
