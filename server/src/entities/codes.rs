//! Typed columns for the codes stored as text. A column of one of these types cannot hold a
//! value the code does not know by accident: a flag this build does not know reads back as
//! [`StoredFlag::Unknown`] (shown to staff as "needs attention", above red, and logged), and
//! any other unknown code is an error, never a silent default.

use mimamori_shared::api::reports::EnteredBy;
use mimamori_shared::triage::Flag;
use sea_orm::DeriveValueType;
use std::convert::Infallible;

/// A triage flag as stored: one the rules give, or a code this build does not know (written by
/// a newer version, or damaged), kept as it was so nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq, DeriveValueType)]
#[sea_orm(
    value_type = "String",
    from_str = "StoredFlag::from_code",
    to_str = "StoredFlag::to_code"
)]
pub enum StoredFlag {
    /// A flag of the rules.
    Known(Flag),
    /// A code the rules do not give.
    Unknown(String),
}

impl StoredFlag {
    /// Reads a stored code; never fails, so one strange row cannot take a page down.
    pub fn from_code(code: &str) -> Result<Self, Infallible> {
        Ok(Flag::parse(code).map_or_else(|| Self::Unknown(code.to_owned()), Self::Known))
    }

    /// The code to store.
    pub fn to_code(&self) -> String {
        self.as_str().to_owned()
    }

    /// The stored code, as it is.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Known(flag) => flag.as_str(),
            Self::Unknown(code) => code,
        }
    }

    /// The flag to show: an unknown code is [`Flag::NeedsAttention`], logged with the row it
    /// was found on (`what`, `id`) so someone can find and mend it.
    pub fn shown(&self, what: &'static str, id: i64) -> Flag {
        match self {
            Self::Known(flag) => *flag,
            Self::Unknown(code) => {
                tracing::error!(
                    table = what,
                    id,
                    code = code.as_str(),
                    "stored flag not known: shown as needs attention"
                );
                Flag::NeedsAttention
            }
        }
    }

    /// Whether it is red (or unknown, which counts as worse than red).
    pub fn is_red_or_worse(&self) -> bool {
        !matches!(self, Self::Known(Flag::None | Flag::Amber))
    }
}

/// Compares with a stored code (`"red"`), as tests and raw rows read it.
impl PartialEq<&str> for StoredFlag {
    fn eq(&self, code: &&str) -> bool {
        self.as_str() == *code
    }
}

impl From<Flag> for StoredFlag {
    fn from(flag: Flag) -> Self {
        Self::Known(flag)
    }
}

/// Who entered a report version, as stored (`patient` or `staff`); an unknown code is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DeriveValueType)]
#[sea_orm(
    value_type = "String",
    from_str = "StoredEnteredBy::from_code",
    to_str = "StoredEnteredBy::to_code"
)]
pub struct StoredEnteredBy(pub EnteredBy);

/// A stored code this build does not know.
#[derive(Debug, thiserror::Error)]
#[error("unknown stored code {0:?}")]
pub struct UnknownCode(pub String);

impl StoredEnteredBy {
    /// Reads a stored code.
    pub fn from_code(code: &str) -> Result<Self, UnknownCode> {
        match code {
            "patient" => Ok(Self(EnteredBy::Patient)),
            "staff" => Ok(Self(EnteredBy::Staff)),
            other => Err(UnknownCode(other.to_owned())),
        }
    }

    /// The code to store.
    pub fn to_code(&self) -> String {
        self.as_str().to_owned()
    }

    /// The stored code.
    pub fn as_str(&self) -> &'static str {
        match self.0 {
            EnteredBy::Patient => "patient",
            EnteredBy::Staff => "staff",
        }
    }
}

/// Compares with a stored code (`"staff"`), as tests and raw rows read it.
impl PartialEq<&str> for StoredEnteredBy {
    fn eq(&self, code: &&str) -> bool {
        self.as_str() == *code
    }
}

impl From<EnteredBy> for StoredEnteredBy {
    fn from(value: EnteredBy) -> Self {
        Self(value)
    }
}
