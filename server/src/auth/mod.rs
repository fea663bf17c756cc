//! Authentication: passwords (argon2id), TOTP (RFC 6238), session tokens, invitations, and the
//! extractors that turn a request into a known caller.

pub mod caller;
pub mod common_passwords;
pub mod cookies;
pub mod denials;
pub mod extract;
pub mod password;
pub mod recovery;
pub mod token;
pub mod totp;

pub use caller::{
    ClientAddr, EnrollingStaffCaller, PasswordChangeSession, PatientCaller, STAFF_ABSOLUTE_TIMEOUT,
    STAFF_IDLE_TIMEOUT, StaffCaller, StaffSession,
};
