//! Building blocks of the pages. Components take the language as a prop where a parent already
//! has it, so they render the same in tests without app state.

pub mod case_picker;
pub mod danger;
pub mod field;
pub mod lang;
pub mod password;
pub mod questions;
pub mod queue_status;
pub mod result;
pub mod session_gate;
pub mod shell;
pub mod today_nav;
pub mod vitals_chart;

pub use case_picker::CasePicker;
pub use danger::DangerAdvice;
pub use field::{FieldErrorLine, NumberField};
pub use lang::{LangChooser, LangSwitch};
pub use password::PasswordField;
pub use questions::{SymptomQuestion, UrgentSigns};
pub use queue_status::{QueueAnnouncer, QueueBanner, QueuedReport};
pub use result::{Outcome, ReportResult};
pub use session_gate::{BackToToday, SessionPending, use_signed_in};
pub use shell::Shell;
pub use today_nav::TodayNav;
pub use vitals_chart::{CHART_LAYOUT, VitalsChart};
