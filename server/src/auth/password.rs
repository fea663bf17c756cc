//! Password hashing with argon2id (OWASP parameters: m=19 MiB, t=2, p=1, the crate's default).
//!
//! Hashing is deliberately slow, so it runs on the blocking pool and never stalls the async
//! workers that serve everyone else. At most one hash per core runs at a time (see
//! [`on_blocking_pool`]): each takes 19 MiB, and a morning rush of sign-ins must queue for the
//! cores rather than take a blocking thread and 19 MiB each (up to 512 threads, ~10 GB).

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};

/// Hashes a password into a PHC string.
pub async fn hash(password: String) -> anyhow::Result<String> {
    on_blocking_pool(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
    })
    .await?
}

/// Checks a password against a PHC string; `false` for a malformed hash too.
pub async fn verify(password: String, phc: String) -> anyhow::Result<bool> {
    on_blocking_pool(move || {
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
}

/// Runs `work` on the blocking pool once one of the process's hashing permits (one per core)
/// is free. The permits are process-wide because the cores and the memory they protect are.
async fn on_blocking_pool<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let permits = PERMITS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    });
    let _permit = permits
        .acquire()
        .await
        .context("password hashing permits")?;
    tokio::task::spawn_blocking(work)
        .await
        .context("password hashing task")
}

/// Verifies against a hash of a random password when the user does not exist, so an unknown
/// login ID takes as long as a wrong password and cannot be told apart by timing.
pub async fn verify_dummy(password: String) -> anyhow::Result<bool> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    let phc = DUMMY
        .get_or_try_init(|| hash(super::token::generate()))
        .await?
        .clone();
    verify(password, phc).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_then_verify() {
        let phc = hash("correct horse".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("correct horse".into(), phc.clone()).await.unwrap());
        assert!(!verify("wrong horse".into(), phc).await.unwrap());
        assert!(!verify_dummy("x".into()).await.unwrap());
        assert!(!verify("x".into(), "not a hash".into()).await.unwrap());
    }
}
