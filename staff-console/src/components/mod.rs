//! Pieces the pages are built from.

mod case_info;
mod finding_form;
mod finding_list;
mod flag;
mod header;
mod lang_switch;
mod message_panel;
mod report_list;
mod report_table;
mod shell;
mod status;

pub use case_info::CaseInfo;
pub use finding_form::NewFindingForm;
pub use finding_list::FindingList;
pub use flag::{FlagBadge, FlagCountBar, FlagCounts};
pub use header::Header;
pub use lang_switch::LangSwitch;
pub use message_panel::MessagePanel;
pub use report_list::ReportList;
pub use report_table::ReportTable;
pub use shell::Shell;
pub use status::{FieldMessage, Loading, PageTitle, ProblemNotice, error_id};
