//! Typed ids, so a case id can never be passed where a report id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    };
}

id_type!(
    /// An organisation: prefecture, health centre, follow-up organisation or medical institution.
    OrgId
);
id_type!(
    /// A staff user (any staff role).
    StaffId
);
id_type!(
    /// A case (患者): one person under health follow-up.
    CaseId
);
id_type!(
    /// A daily health report (健康観察の報告).
    ReportId
);
id_type!(
    /// A physician finding (医師所見).
    FindingId
);
id_type!(
    /// An entry of a case's timeline (`case_event`): a call, an escalation, the end of follow-up…
    CaseEventId
);
id_type!(
    /// A contract (委託契約) between a follow-up organisation and a health centre.
    ContractId
);
id_type!(
    /// A staff notification (a red report, a cut-off summary, an escalation) of one recipient.
    NotificationId
);
id_type!(
    /// A notification of a case (発生届) filed by a medical institution.
    CaseNotificationId
);
id_type!(
    /// One inpatient status report (入院患者の状況報告) in a case's history.
    InpatientReportId
);
id_type!(
    /// A daily implementation report (実施報告) of a follow-up organisation to a health centre.
    ImplementationReportId
);
