//! Route `/cases/new`: health-centre staff register a case by hand (the notification's
//! details), then land on the new case record to assign it and issue the invitation.

use crate::api;
use crate::api::hc::RegisterFailure;
use crate::components::{ErrorBeside, ProblemNotice, TitleText, error_beside_id};
use crate::hc_forms::{Errors, RegisterForm};
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::cases::{RiskFactor, Sex};
use mimamori_shared::api::intake::CaseRef;
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_case::risk_factor;
use mimamori_shared::i18n::staff_hc::HcText;

/// The id of a form control.
fn control(field: &str) -> String {
    format!("reg-{field}")
}

/// `aria-describedby` of a control: its hint and its error, when shown.
fn described(field: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("reg-{field}-hint"));
    }
    if error {
        ids.push(error_beside_id("reg", field));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A labelled field with its hint and error message.
#[component]
fn Field(
    field: &'static str,
    label: &'static str,
    required: bool,
    hint: Option<&'static str>,
    message: Option<&'static str>,
    children: Element,
) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "field",
            label { r#for: control(field),
                {label}
                if required {
                    " "
                    span { class: "required", {Text::Required.get(lang)} }
                }
            }
            if let Some(hint) = hint {
                p { class: "hint", id: "reg-{field}-hint", {hint} }
            }
            {children}
            ErrorBeside { id: error_beside_id("reg", field), message }
        }
    }
}

/// The registration page.
#[component]
pub fn RegisterCasePage() -> Element {
    let lang = use_lang();
    let session = use_session();
    let nav = use_navigator();
    let orgs = use_resource(api::hc::contracted_orgs);
    let mut form = use_signal(RegisterForm::default);
    let mut errors = use_signal(Errors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut duplicate = use_signal(|| None::<CaseRef>);
    let mut busy = use_signal(|| false);

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        problem.set(None);
        duplicate.set(None);
        let today = chrono::Local::now().date_naive();
        let request = match form.read().to_request(today) {
            Ok(request) => request,
            Err(invalid) => {
                errors.set(invalid);
                return;
            }
        };
        errors.set(Errors::default());
        busy.set(true);
        spawn(async move {
            let result = api::hc::register_case(&request).await;
            busy.set(false);
            match result {
                Ok(created) => {
                    nav.push(Route::Case { id: created.id });
                }
                Err(RegisterFailure::Duplicate(existing)) => duplicate.set(Some(existing)),
                Err(RegisterFailure::Problem(failed)) if failed.status == 401 => {
                    expire_session(session)
                }
                Err(RegisterFailure::Problem(failed)) => {
                    let fields = Errors::from_problem(&failed);
                    if fields.is_empty() || fields.has_other_than(&RegisterForm::FIELDS) {
                        problem.set(Some(failed));
                    }
                    errors.set(fields);
                }
            }
        });
    };

    let current = form.read().clone();
    let message = move |field: &str| errors.read().hc(lang, field);
    let invalid = move |field: &str| message(field).is_some().to_string();
    let org_choices = match &*orgs.read() {
        Some(Ok(list)) => list.items.clone(),
        _ => Vec::new(),
    };
    rsx! {
        TitleText { title: HcText::RegisterTitle.get(lang) }
        div { class: "page-head",
            h1 { {HcText::RegisterTitle.get(lang)} }
        }
        p { class: "lead", {HcText::RegisterIntro.get(lang)} }
        form { class: "register-form", novalidate: true, onsubmit,
            fieldset { class: "panel",
                legend { {HcText::SectionPerson.get(lang)} }
                div { class: "form-grid",
                    Field { field: "name", label: HcText::Name.get(lang), required: true, message: message("name"),
                        input {
                            id: control("name"),
                            autocomplete: "off",
                            value: current.name.clone(),
                            "aria-invalid": invalid("name"),
                            "aria-describedby": described("name", false, message("name").is_some()),
                            oninput: move |e| form.write().name = e.value(),
                        }
                    }
                    Field {
                        field: "name_kana",
                        label: HcText::NameKana.get(lang),
                        required: true,
                        hint: HcText::NameKanaHint.get(lang),
                        message: message("name_kana"),
                        input {
                            id: control("name_kana"),
                            autocomplete: "off",
                            value: current.name_kana.clone(),
                            "aria-invalid": invalid("name_kana"),
                            "aria-describedby": described("name_kana", true, message("name_kana").is_some()),
                            oninput: move |e| form.write().name_kana = e.value(),
                        }
                    }
                    Field { field: "birth_date", label: HcText::BirthDate.get(lang), required: true, message: message("birth_date"),
                        input {
                            id: control("birth_date"),
                            r#type: "date",
                            value: current.birth_date.clone(),
                            "aria-invalid": invalid("birth_date"),
                            "aria-describedby": described("birth_date", false, message("birth_date").is_some()),
                            oninput: move |e| form.write().birth_date = e.value(),
                        }
                    }
                    Field { field: "sex", label: HcText::Sex.get(lang), required: true, message: message("sex"),
                        select {
                            id: control("sex"),
                            "aria-invalid": invalid("sex"),
                            "aria-describedby": described("sex", false, message("sex").is_some()),
                            onchange: move |e| form.write().sex = e.value(),
                            option { value: "", selected: current.sex.is_empty(), {HcText::Choose.get(lang)} }
                            for sex in [Sex::Female, Sex::Male, Sex::Other] {
                                option {
                                    key: "{sex.as_str()}",
                                    value: sex.as_str(),
                                    selected: current.sex == sex.as_str(),
                                    {Text::sex(sex).get(lang)}
                                }
                            }
                        }
                    }
                    Field {
                        field: "phone",
                        label: HcText::Phone.get(lang),
                        required: true,
                        hint: HcText::PhoneHint.get(lang),
                        message: message("phone"),
                        input {
                            id: control("phone"),
                            r#type: "tel",
                            autocomplete: "off",
                            value: current.phone.clone(),
                            "aria-invalid": invalid("phone"),
                            "aria-describedby": described("phone", true, message("phone").is_some()),
                            oninput: move |e| form.write().phone = e.value(),
                        }
                    }
                    Field {
                        field: "email",
                        label: HcText::Email.get(lang),
                        required: false,
                        hint: HcText::EmailHint.get(lang),
                        message: message("email"),
                        input {
                            id: control("email"),
                            r#type: "email",
                            autocomplete: "off",
                            value: current.email.clone(),
                            "aria-invalid": invalid("email"),
                            "aria-describedby": described("email", true, message("email").is_some()),
                            oninput: move |e| form.write().email = e.value(),
                        }
                    }
                    Field { field: "address", label: HcText::Address.get(lang), required: false, message: message("address"),
                        input {
                            id: control("address"),
                            autocomplete: "off",
                            value: current.address.clone(),
                            "aria-invalid": invalid("address"),
                            "aria-describedby": described("address", false, message("address").is_some()),
                            oninput: move |e| form.write().address = e.value(),
                        }
                    }
                }
            }
            fieldset { class: "panel",
                legend { {HcText::SectionIllness.get(lang)} }
                div { class: "form-grid",
                    Field { field: "onset_date", label: HcText::OnsetDate.get(lang), required: false, message: message("onset_date"),
                        input {
                            id: control("onset_date"),
                            r#type: "date",
                            value: current.onset_date.clone(),
                            "aria-invalid": invalid("onset_date"),
                            "aria-describedby": described("onset_date", false, message("onset_date").is_some()),
                            oninput: move |e| form.write().onset_date = e.value(),
                        }
                    }
                    Field { field: "specimen_date", label: HcText::SpecimenDate.get(lang), required: false, message: message("specimen_date"),
                        input {
                            id: control("specimen_date"),
                            r#type: "date",
                            value: current.specimen_date.clone(),
                            "aria-invalid": invalid("specimen_date"),
                            "aria-describedby": described("specimen_date", false, message("specimen_date").is_some()),
                            oninput: move |e| form.write().specimen_date = e.value(),
                        }
                    }
                }
                fieldset { class: "choice-group risk-factors",
                    "aria-describedby": described("risk_factors", false, message("risk_factors").is_some()),
                    legend { {HcText::RiskFactors.get(lang)} }
                    for factor in RiskFactor::ALL.iter().copied() {
                        label { key: "{factor.as_str()}", class: "choice",
                            input {
                                r#type: "checkbox",
                                value: factor.as_str(),
                                checked: current.risk_factors.contains(&factor),
                                onchange: move |e| form.write().toggle(factor, e.checked()),
                            }
                            " "
                            {risk_factor(lang, factor)}
                        }
                    }
                    ErrorBeside { id: error_beside_id("reg", "risk_factors"), message: message("risk_factors") }
                }
                Field { field: "test_summary", label: HcText::TestSummary.get(lang), required: false, message: message("test_summary"),
                    textarea {
                        id: control("test_summary"),
                        rows: 2,
                        value: current.test_summary.clone(),
                        "aria-invalid": invalid("test_summary"),
                        "aria-describedby": described("test_summary", false, message("test_summary").is_some()),
                        oninput: move |e| form.write().test_summary = e.value(),
                    }
                }
                Field { field: "interview_notes", label: HcText::InterviewNotes.get(lang), required: false, message: message("interview_notes"),
                    textarea {
                        id: control("interview_notes"),
                        rows: 4,
                        value: current.interview_notes.clone(),
                        "aria-invalid": invalid("interview_notes"),
                        "aria-describedby": described("interview_notes", false, message("interview_notes").is_some()),
                        oninput: move |e| form.write().interview_notes = e.value(),
                    }
                }
            }
            fieldset { class: "panel",
                legend { {HcText::SectionFollowup.get(lang)} }
                div { class: "form-grid",
                    Field { field: "followup_org_id", label: HcText::FollowupOrg.get(lang), required: false, message: message("followup_org_id"),
                        select {
                            id: control("followup_org_id"),
                            "aria-invalid": invalid("followup_org_id"),
                            "aria-describedby": described("followup_org_id", false, message("followup_org_id").is_some()),
                            onchange: move |e| form.write().followup_org_id = e.value(),
                            option { value: "", selected: current.followup_org_id.is_empty(), {HcText::AssignLater.get(lang)} }
                            for org in org_choices.iter() {
                                option {
                                    key: "{org.id}",
                                    value: "{org.id}",
                                    selected: current.followup_org_id == org.id.to_string(),
                                    {org.name.clone()}
                                }
                            }
                        }
                    }
                    Field {
                        field: "followup_days",
                        label: HcText::FollowupDays.get(lang),
                        required: false,
                        hint: HcText::FollowupDaysHint.get(lang),
                        message: message("followup_days"),
                        input {
                            id: control("followup_days"),
                            r#type: "number",
                            inputmode: "numeric",
                            min: "1",
                            max: "30",
                            value: current.followup_days.clone(),
                            "aria-invalid": invalid("followup_days"),
                            "aria-describedby": described("followup_days", true, message("followup_days").is_some()),
                            oninput: move |e| form.write().followup_days = e.value(),
                        }
                    }
                    Field { field: "slots_per_day", label: HcText::SlotsPerDay.get(lang), required: false, message: message("slots_per_day"),
                        select {
                            id: control("slots_per_day"),
                            "aria-invalid": invalid("slots_per_day"),
                            onchange: move |e| form.write().slots_per_day = e.value(),
                            option { value: "1", selected: current.slots_per_day == "1", {HcText::SlotsOne.get(lang)} }
                            option { value: "2", selected: current.slots_per_day == "2", {HcText::SlotsTwo.get(lang)} }
                        }
                    }
                }
            }
            if let Some(existing) = duplicate() {
                div { class: "notice notice-error", role: "alert", "data-testid": "register-duplicate",
                    p { {HcText::Duplicate.get(lang)} " " {existing.case_number.clone()} }
                    p {
                        Link { to: Route::Case { id: existing.id }, {HcText::OpenExisting.get(lang)} }
                    }
                }
            }
            if let Some(failed) = problem() {
                ProblemNotice { problem: failed }
            }
            div { class: "actions",
                button {
                    r#type: "submit",
                    class: "button button-primary",
                    "data-testid": "register-submit",
                    disabled: busy(),
                    if busy() { {HcText::Registering.get(lang)} } else { {HcText::Register.get(lang)} }
                }
            }
        }
    }
}
