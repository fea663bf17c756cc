//! The form a follow-up doctor writes a finding with, or amends one with (the amendment is a
//! new finding; the one amended stays on the record).

use crate::api;
use crate::components::{ActionProblem, ErrorBeside, error_id};
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
use mimamori_shared::i18n::staff_case::CaseText;
use mimamori_shared::ids::CaseId;

/// Assessment, plan, referral and the report it is about (the newest by default).
///
/// With `amends`, the form starts from that finding's text and stores an amendment of it;
/// its inputs' ids start with `amend-` so both forms can be on the page. Calls `on_created`
/// with the stored finding after a 201.
#[component]
pub fn NewFindingForm(
    case_id: CaseId,
    reports: Vec<ReportView>,
    on_created: EventHandler<FindingView>,
    amends: Option<FindingView>,
    on_cancel: Option<EventHandler<()>>,
) -> Element {
    let lang = use_lang();
    let session = use_session();
    let newest = reports.first().map(|r| r.id);
    let amended = amends.clone();
    let start = move || match &amended {
        Some(finding) => FindingForm {
            report_id: finding.report_id,
            assessment: finding.assessment.clone(),
            plan: finding.plan.clone(),
            referral: finding.referral,
        },
        None => FindingForm::about(newest),
    };
    let mut form = use_signal(start.clone());
    let amends_id = amends.as_ref().map(|f| f.id);
    let prefix = if amends.is_some() { "amend-" } else { "" };
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
        let start = start.clone();
        spawn(async move {
            let result = match amends_id {
                Some(finding_id) => api::amend_finding(case_id, finding_id, &request).await,
                None => api::create_finding(case_id, &request).await,
            };
            saving.set(false);
            match result {
                Ok(finding) => {
                    on_created.call(finding);
                    form.set(start());
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
    let id = |name: &str| format!("{prefix}{name}");
    let error_of = |field: &str| format!("{prefix}{}", error_id(field));
    let described = |field: &str| message(field).map(|_| error_of(field));
    let is_amendment = amends.is_some();
    rsx! {
        form {
            class: if is_amendment { "finding-form amend-form" } else { "finding-form" },
            "data-testid": if is_amendment { "amend-form" } else { "finding-form" },
            novalidate: true,
            onsubmit,
            if is_amendment {
                h3 { {CaseText::AmendTitle.get(lang)} }
                p { class: "hint", {CaseText::AmendHint.get(lang)} }
            } else {
                h3 { {Text::NewFinding.get(lang)} }
            }
            div { class: "field",
                label { r#for: id("finding-report"), {Text::FindingReport.get(lang)} }
                select {
                    id: id("finding-report"),
                    name: "report_id",
                    "aria-describedby": described("report_id"),
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
                ErrorBeside { id: error_of("report_id"), message: message("report_id") }
            }
            div { class: "field",
                label { r#for: id("assessment"),
                    {Text::Assessment.get(lang)}
                    " "
                    span { class: "required", {Text::Required.get(lang)} }
                }
                textarea {
                    id: id("assessment"),
                    name: "assessment",
                    rows: 4,
                    required: true,
                    "aria-invalid": message("assessment").is_some().to_string(),
                    "aria-describedby": described("assessment"),
                    value: current.assessment.clone(),
                    oninput: move |e| form.write().assessment = e.value(),
                }
                ErrorBeside { id: error_of("assessment"), message: message("assessment") }
            }
            div { class: "field",
                label { r#for: id("plan"), {Text::Plan.get(lang)} }
                textarea {
                    id: id("plan"),
                    name: "plan",
                    rows: 3,
                    "aria-invalid": message("plan").is_some().to_string(),
                    "aria-describedby": described("plan"),
                    value: current.plan.clone(),
                    oninput: move |e| form.write().plan = e.value(),
                }
                ErrorBeside { id: error_of("plan"), message: message("plan") }
            }
            div { class: "field",
                label { r#for: id("referral"), {Text::Referral.get(lang)} }
                select {
                    id: id("referral"),
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
                ErrorBeside { id: error_of("referral"), message: message("referral") }
            }
            if let Some(failed) = problem() {
                ActionProblem { problem: failed }
            }
            if saved() {
                p {
                    class: "notice notice-ok",
                    role: "status",
                    "data-testid": if is_amendment { "amendment-saved" } else { "finding-saved" },
                    if is_amendment { {CaseText::AmendmentSaved.get(lang)} } else { {Text::FindingSaved.get(lang)} }
                }
            }
            div { class: "actions",
                button {
                    r#type: "submit",
                    class: "button button-primary",
                    "data-testid": if is_amendment { "amend-submit" } else { "finding-submit" },
                    disabled: saving(),
                    if saving() {
                        {Text::Saving.get(lang)}
                    } else if is_amendment {
                        {CaseText::SaveAmendment.get(lang)}
                    } else {
                        {Text::SaveFinding.get(lang)}
                    }
                }
                if let Some(on_cancel) = on_cancel {
                    button {
                        r#type: "button",
                        class: "button",
                        "data-testid": "amend-cancel",
                        onclick: move |_| on_cancel.call(()),
                        {CaseText::Cancel.get(lang)}
                    }
                }
            }
        }
    }
}
