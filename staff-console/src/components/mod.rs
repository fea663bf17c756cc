//! Pieces the pages are built from.

mod call_panel;
mod case_chart;
mod case_info;
mod case_timeline;
mod end_panel;
mod error_beside;
mod escalation_panel;
mod finding_form;
mod finding_list;
mod flag;
mod header;
mod lang_switch;
mod message_panel;
mod proxy_report_form;
mod report_list;
mod report_table;
mod shell;
mod status;

pub use call_panel::CallPanel;
pub use case_chart::VitalsPanel;
pub use case_info::CaseInfo;
pub use case_timeline::CaseTimeline;
pub use end_panel::EndPanel;
pub use error_beside::{ActionProblem, ErrorBeside, error_beside_id};
pub use escalation_panel::EscalationPanel;
pub use finding_form::NewFindingForm;
pub use finding_list::FindingList;
pub use flag::{FlagBadge, FlagCountBar, FlagCounts};
pub use header::Header;
pub use lang_switch::LangSwitch;
pub use message_panel::MessagePanel;
pub use proxy_report_form::ProxyReportPanel;
pub use report_list::ReportList;
pub use report_table::ReportTable;
pub use shell::Shell;
pub use status::{FieldMessage, Loading, PageTitle, ProblemNotice, error_id};
