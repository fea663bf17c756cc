//! Building blocks of the pages. Components take the language as a prop where a parent already
//! has it, so they render the same in tests without app state.

pub mod case_picker;
pub mod danger;
pub mod field;
pub mod lang;
pub mod password;
pub mod questions;
pub mod result;
pub mod shell;

pub use case_picker::CasePicker;
pub use danger::DangerAdvice;
pub use field::{FieldErrorLine, NumberField};
pub use lang::{LangChooser, LangSwitch};
pub use password::PasswordField;
pub use questions::{SymptomQuestion, UrgentSigns};
pub use result::{Outcome, ReportResult};
pub use shell::Shell;
