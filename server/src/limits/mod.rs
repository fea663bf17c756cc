//! Abuse resistance at the edge (docs/security.md, "Limits"): the client's address
//! ([`client_addr`]), rate limits per address and per account ([`rate`]), and the overload
//! guard ([`overload`]), configured by [`settings::LimitSettings`]. The sign-in throttles that
//! must hold across instances live in the database (`services::sign_in_throttle`).

pub mod client_addr;
pub mod overload;
pub mod rate;
pub mod settings;

pub use client_addr::ClientIp;
pub use rate::{Account, Limiters};
pub use settings::{LimitSettings, RateSpec};
