//! The form a follow-up doctor writes a finding with.

use crate::api;
use crate::components::{FieldMessage, ProblemNotice, error_id};
use crate::format;
use crate::forms::{
    FieldErrors, FindingForm, parse_referral, parse_report_choice, report_choice_value,
};
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::findings::{FindingView, Referral};
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::ids::CaseId;

/// Assessment, plan, referral and the report it is about (the newest by default).
///
/// Calls `on_created` with the stored finding after a 201.
#[component]
pub fn NewFindingForm(
    case_id: CaseId,
    reports: Vec<ReportView>,
    on_created: EventHandler<FindingView>,
) -> Element {
    let lang = use_lang();
    let session = use_session();
    let newest = reports.first().map(|r| r.id);
    let mut form = use_signal(|| FindingForm::about(newest));
    let mut errors = use_signal(FieldErrors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut saving = use_signal(|| false);
    let mut saved = use_signal(|| false);

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if saving() {
            return;
        }
        saved.set(false);
        problem.set(None);
        let request = match form.read().to_request() {
            Ok(request) => request,
            Err(invalid) => {
                errors.set(invalid);
                return;
            }
        };
        errors.set(FieldErrors::default());
        saving.set(true);
        spawn(async move {
            let result = api::create_finding(case_id, &request).await;
            saving.set(false);
            match result {
                Ok(finding) => {
                    on_created.call(finding);
                    form.set(FindingForm::about(newest));
                    saved.set(true);
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => {
                    let fields = FieldErrors::from_problem(&failed);
                    if fields.is_empty() || fields.has_other_than(&FindingForm::FIELDS) {
                        problem.set(Some(failed));
                    }
                    errors.set(fields);
                }
            }
        });
    };

    let current = form.read().clone();
    let message = |field: &str| errors.read().message(lang, field);
    let described = |field: &str| message(field).map(|_| error_id(field));
    rsx! {
        form { class: "finding-form", novalidate: true, onsubmit,
            h3 { {Text::NewFinding.get(lang)} }
            div { class: "field",
                label { r#for: "finding-report", {Text::FindingReport.get(lang)} }
                select {
                    id: "finding-report",
                    name: "report_id",
                    onchange: move |e| form.write().report_id = parse_report_choice(&e.value()),
                    option {
                        value: "",
                        selected: current.report_id.is_none(),
                        {Text::FindingNoReport.get(lang)}
                    }
                    for report in reports.iter() {
                        option {
                            key: "{report.id}",
                            value: report_choice_value(Some(report.id)),
                            selected: current.report_id == Some(report.id),
                            {format::report_name(lang, report)}
                        }
                    }
                }
                FieldMessage { field: "report_id", message: message("report_id") }
            }
            div { class: "field",
                label { r#for: "assessment",
                    {Text::Assessment.get(lang)}
                    " "
                    span { class: "required", {Text::Required.get(lang)} }
                }
                textarea {
                    id: "assessment",
                    name: "assessment",
                    rows: 4,
                    required: true,
                    "aria-invalid": message("assessment").is_some().to_string(),
                    "aria-describedby": described("assessment"),
                    value: current.assessment.clone(),
                    oninput: move |e| form.write().assessment = e.value(),
                }
                FieldMessage { field: "assessment", message: message("assessment") }
            }
            div { class: "field",
                label { r#for: "plan", {Text::Plan.get(lang)} }
                textarea {
                    id: "plan",
                    name: "plan",
                    rows: 3,
                    "aria-invalid": message("plan").is_some().to_string(),
                    "aria-describedby": described("plan"),
                    value: current.plan.clone(),
                    oninput: move |e| form.write().plan = e.value(),
                }
                FieldMessage { field: "plan", message: message("plan") }
            }
            div { class: "field",
                label { r#for: "referral", {Text::Referral.get(lang)} }
                select {
                    id: "referral",
                    name: "referral",
                    onchange: move |e| form.write().referral = parse_referral(&e.value()),
                    for referral in [Referral::None, Referral::Outpatient, Referral::Admission] {
                        option {
                            key: "{referral.as_str()}",
                            value: referral.as_str(),
                            selected: current.referral == referral,
                            {Text::referral(referral).get(lang)}
                        }
                    }
                }
                FieldMessage { field: "referral", message: message("referral") }
            }
            if let Some(failed) = problem() {
                ProblemNotice { problem: failed }
            }
            if saved() {
                p { class: "notice notice-ok", role: "status", "data-testid": "finding-saved",
                    {Text::FindingSaved.get(lang)}
                }
            }
            div { class: "actions",
                button {
                    r#type: "submit",
                    class: "button button-primary",
                    "data-testid": "finding-submit",
                    disabled: saving(),
                    if saving() { {Text::Saving.get(lang)} } else { {Text::SaveFinding.get(lang)} }
                }
            }
        }
    }
}
