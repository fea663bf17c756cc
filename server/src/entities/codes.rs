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

/// A stored JSON list of codes read where one strange code must not take a page down (a
/// case's risk factors in the work list, a held case's review signs, an inpatient report's
/// symptoms): the codes this build knows, with every unknown code and an unreadable text
/// logged as an error on the row it was found on (`table`, `id`) so someone can mend it.
pub fn known_codes<T: serde::de::DeserializeOwned>(
    table: &'static str,
    id: i64,
    text: &str,
) -> Vec<T> {
    let codes = match serde_json::from_str::<Vec<serde_json::Value>>(text) {
        Ok(codes) => codes,
        Err(error) => {
            tracing::error!(table, id, %error, "stored code list does not read");
            return Vec::new();
        }
    };
    codes
        .into_iter()
        .filter_map(|code| match serde_json::from_value(code.clone()) {
            Ok(known) => Some(known),
            Err(_) => {
                tracing::error!(table, id, code = %code, "stored code not known: left out");
                None
            }
        })
        .collect()
}

/// A JSON column typed by what it holds (symptoms, urgent signs, reasons): stored as text on
/// both databases, read back as `T`. A stored text that does not read as `T` is an error of the
/// query (logged with the rest of the request's error), never an empty list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JsonText<T>(pub T);

impl<T: serde::Serialize> From<JsonText<T>> for sea_orm::Value {
    fn from(value: JsonText<T>) -> Self {
        // The column types (lists of unit enums and of reasons with numbers) always serialise.
        #[allow(clippy::expect_used)]
        let text = serde_json::to_string(&value.0).expect("a JSON column's value serialises");
        text.into()
    }
}

impl<T: serde::de::DeserializeOwned> sea_orm::TryGetable for JsonText<T> {
    fn try_get_by<I: sea_orm::ColIdx>(
        res: &sea_orm::QueryResult,
        idx: I,
    ) -> Result<Self, sea_orm::TryGetError> {
        let text = String::try_get_by(res, idx)?;
        serde_json::from_str(&text).map(JsonText).map_err(|error| {
            sea_orm::TryGetError::DbErr(sea_orm::DbErr::TryIntoErr {
                from: "String",
                into: std::any::type_name::<T>(),
                source: std::sync::Arc::new(error),
            })
        })
    }
}

impl<T: serde::de::DeserializeOwned> sea_orm::sea_query::ValueType for JsonText<T> {
    fn try_from(value: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
        let text = <String as sea_orm::sea_query::ValueType>::try_from(value)?;
        serde_json::from_str(&text)
            .map(JsonText)
            .map_err(|_| sea_orm::sea_query::ValueTypeErr)
    }

    fn type_name() -> String {
        format!("JsonText<{}>", std::any::type_name::<T>())
    }

    fn array_type() -> sea_orm::sea_query::ArrayType {
        sea_orm::sea_query::ArrayType::String
    }

    fn column_type() -> sea_orm::sea_query::ColumnType {
        sea_orm::sea_query::ColumnType::Text
    }
}

impl<T> sea_orm::sea_query::Nullable for JsonText<T> {
    fn null() -> sea_orm::Value {
        sea_orm::Value::String(None)
    }
}

impl<T: serde::Serialize> sea_orm::IntoActiveValue<JsonText<T>> for JsonText<T> {
    fn into_active_value(self) -> sea_orm::ActiveValue<JsonText<T>> {
        sea_orm::ActiveValue::Set(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::caller::SessionStage;
    use crate::outbox::{Channel, Purpose, Status};
    use mimamori_shared::api::admin::OrgKind;
    use mimamori_shared::api::auth::StaffRole;
    use mimamori_shared::api::case_notifications::{NotificationStatus, Severity};
    use mimamori_shared::api::cases::{CaseEventKind, CaseStatus, EndReason, Sex};
    use mimamori_shared::api::findings::Referral;
    use mimamori_shared::api::inpatient::InpatientOutcome;
    use mimamori_shared::api::staff_notifications::NotificationKind;
    use mimamori_shared::i18n::Lang;
    use sea_orm::{ActiveEnum, Iterable};

    /// Every typed column stores the code the rest of the code base (and the existing rows)
    /// use, so no data migration is needed, and reads no other.
    fn stores_its_codes<E: ActiveEnum<Value = String> + PartialEq + std::fmt::Debug>(
        codes: &[(E, &str)],
    ) {
        for (value, code) in codes {
            assert_eq!(value.to_value(), *code);
            assert_eq!(
                E::try_from_value(&(*code).to_owned()).ok().as_ref(),
                Some(value)
            );
        }
        assert!(E::try_from_value(&"not_a_code".to_owned()).is_err());
    }

    #[test]
    fn typed_columns_store_the_existing_codes() {
        stores_its_codes(
            &CaseStatus::iter()
                .map(|s| (s, s.as_str()))
                .collect::<Vec<_>>(),
        );
        stores_its_codes(&Sex::iter().map(|s| (s, s.as_str())).collect::<Vec<_>>());
        stores_its_codes(
            &StaffRole::iter()
                .map(|s| (s, s.as_str()))
                .collect::<Vec<_>>(),
        );
        stores_its_codes(&OrgKind::ALL.map(|s| (s, s.as_str())));
        stores_its_codes(
            &Referral::iter()
                .map(|s| (s, s.as_str()))
                .collect::<Vec<_>>(),
        );
        stores_its_codes(&NotificationKind::ALL.map(|s| (s, s.as_str())));
        stores_its_codes(&Lang::ALL.map(|l| (l, l.tag())));
        stores_its_codes(
            &NotificationStatus::ALL
                .iter()
                .map(|&c| (c, c.as_str()))
                .collect::<Vec<_>>(),
        );
        stores_its_codes(
            &Severity::ALL
                .iter()
                .map(|&c| (c, c.as_str()))
                .collect::<Vec<_>>(),
        );
        stores_its_codes(
            &CaseEventKind::ALL
                .iter()
                .map(|&c| (c, c.as_str()))
                .collect::<Vec<_>>(),
        );
        stores_its_codes(
            &EndReason::ALL
                .iter()
                .map(|&c| (c, c.as_str()))
                .collect::<Vec<_>>(),
        );
        stores_its_codes(
            &InpatientOutcome::ALL
                .iter()
                .map(|&c| (c, c.as_str()))
                .collect::<Vec<_>>(),
        );
        stores_its_codes(&[(SessionStage::Full, "full"), (SessionStage::Enrol, "enrol")]);
        stores_its_codes(&[(Channel::Push, "push"), (Channel::Email, "email")]);
        stores_its_codes(&[
            (Status::Pending, "pending"),
            (Status::Sending, "sending"),
            (Status::Sent, "sent"),
            (Status::Failed, "failed"),
            (Status::Skipped, "skipped"),
        ]);
    }

    #[test]
    fn a_purpose_reads_back_as_stored_and_an_unknown_one_is_an_error() {
        for purpose in [
            Purpose::Reminder,
            Purpose::FollowupEnded,
            Purpose::RedReport,
            Purpose::CutoffSummary,
            Purpose::Escalation,
            Purpose::ImplementationReport,
            Purpose::Handoff(NotificationKind::PatientDied),
        ] {
            assert_eq!(Purpose::from_code(purpose.as_str()).ok(), Some(purpose));
        }
        assert!(Purpose::from_code("bogus").is_err());
    }

    #[test]
    fn a_json_column_reads_back_typed_and_rejects_what_is_not_its_type() {
        use sea_orm::sea_query::ValueType;
        let value: sea_orm::Value = JsonText(vec![Flag::Red, Flag::Amber]).into();
        assert_eq!(value, sea_orm::Value::from("[\"red\",\"amber\"]"));
        let back = <JsonText<Vec<Flag>> as ValueType>::try_from(value).ok();
        assert_eq!(back, Some(JsonText(vec![Flag::Red, Flag::Amber])));
        let wrong = <JsonText<Vec<Flag>> as ValueType>::try_from(sea_orm::Value::from("{}"));
        assert!(wrong.is_err());
    }
}
