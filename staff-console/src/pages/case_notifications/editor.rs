//! The notification form of a medical institution: every item of the 2022 form in five groups,
//! the institution and health centre read-only above it, the defaults filled in. The shared
//! draft checks run as the person types (and every submission check once a submission was
//! tried); "save draft" creates, then updates; "submit" saves, then submits. Enter never submits:
//! only the two buttons send anything.

use super::choices::FormChoices;
use super::fields::{CheckList, Field, RadioGroup, Tick, control, described};
use crate::api;
use crate::components::ProblemNotice;
use crate::hc_forms::Errors;
use crate::notification_form::FormState;
use crate::route::Route;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::OrgSummary;
use mimamori_shared::api::case_notifications::{
    ClinicalSymptom, NotificationForm, NotificationView, Pregnancy, Severity, TestMethod,
    TestResult,
};
use mimamori_shared::api::cases::{RiskFactor, Sex};
use mimamori_shared::i18n::staff_institution::{self as words, InstText};
use mimamori_shared::ids::CaseNotificationId;

thread_local! {
    /// A message for the page that opens after a new notification's first save (the route
    /// changes from `new` to its id, so the page is a new one). Not a signal: nothing renders
    /// from it, the next page takes it once.
    static FLASH: std::cell::Cell<Option<InstText>> = const { std::cell::Cell::new(None) };
}

/// Leaves `message` for the next notification page.
pub fn leave_flash(message: InstText) {
    FLASH.with(|flash| flash.set(Some(message)));
}

/// Takes the message left for this page, if any.
pub fn take_flash() -> Option<InstText> {
    FLASH.with(std::cell::Cell::take)
}

/// What the buttons are doing.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Busy {
    Saving,
    Submitting,
}

/// Saves `form` as a new draft or over the saved one.
async fn save(
    id: Option<CaseNotificationId>,
    form: &NotificationForm,
) -> Result<NotificationView, Problem> {
    match id {
        Some(id) => api::case_notifications::update(id, form).await,
        None => api::case_notifications::create(form).await,
    }
}

/// The institution's date: the browser's, as for every date the console checks.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The editable form. `id` is none for a new notification; `on_saved` gets every saved or
/// submitted view (the page shows a submitted one read-only).
#[component]
pub fn Editor(
    id: Option<CaseNotificationId>,
    institution: OrgSummary,
    health_centre: OrgSummary,
    initial: NotificationForm,
    on_saved: EventHandler<NotificationView>,
) -> Element {
    let lang = use_lang();
    let session = use_session();
    let nav = use_navigator();
    let mut state = use_signal(|| FormState::from_form(&initial));
    let mut saved_id = use_signal(|| id);
    let mut attempted = use_signal(|| false);
    let mut server_errors = use_signal(Errors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| None::<Busy>);
    let mut notice = use_signal(take_flash);

    // Any change: the server's answer was about what is no longer there, and a notice about
    // the last save no longer holds.
    let mut edit = move |change: &dyn Fn(&mut FormState)| {
        change(&mut state.write());
        server_errors.set(Errors::default());
        if notice.peek().is_some() {
            notice.set(None);
        }
    };

    let mut after_save = move |view: NotificationView, message: InstText| {
        let first_save = saved_id.peek().is_none();
        saved_id.set(Some(view.summary.id));
        if first_save {
            // The address bar then names the notification, so a reload finds it again.
            leave_flash(message);
            nav.replace(Route::CaseNotification {
                id: view.summary.id,
            });
        } else {
            notice.set(Some(message));
            on_saved.call(view);
        }
    };
    let mut on_failure = move |failed: Problem| {
        if failed.status == 401 {
            expire_session(session);
        } else if failed.status == 422 && !failed.errors.is_empty() {
            let fields = Errors::from_problem(&failed);
            if fields.has_other_than(&crate::notification_form::FIELDS) {
                problem.set(Some(failed));
            }
            focus_first_error(&fields);
            server_errors.set(fields);
            notice.set(Some(InstText::FixErrors));
        } else {
            problem.set(Some(failed));
        }
    };

    let on_save_draft = move |_| {
        if busy().is_some() {
            return;
        }
        problem.set(None);
        let invalid = state.read().draft_errors();
        if !invalid.is_empty() {
            notice.set(Some(InstText::FixErrors));
            focus_first_error(&invalid);
            return;
        }
        let (form, _) = state.read().form();
        busy.set(Some(Busy::Saving));
        spawn(async move {
            let result = save(saved_id(), &form).await;
            busy.set(None);
            match result {
                Ok(view) => after_save(view, InstText::Saved),
                Err(failed) => on_failure(failed),
            }
        });
    };

    let on_submit = move |_| {
        if busy().is_some() {
            return;
        }
        problem.set(None);
        attempted.set(true);
        let invalid = state.read().submit_errors(today());
        if !invalid.is_empty() {
            notice.set(Some(InstText::FixErrors));
            focus_first_error(&invalid);
            return;
        }
        let (form, _) = state.read().form();
        busy.set(Some(Busy::Submitting));
        spawn(async move {
            let saved = match save(saved_id(), &form).await {
                Ok(view) => view,
                Err(failed) => {
                    busy.set(None);
                    on_failure(failed);
                    return;
                }
            };
            // Saved: a failed submission below must not create a second draft on retry.
            let id = saved.summary.id;
            let first_save = saved_id.peek().is_none();
            saved_id.set(Some(id));
            let result = api::case_notifications::submit(id).await;
            busy.set(None);
            match result {
                Ok(_) if first_save => {
                    leave_flash(InstText::SubmittedNotice);
                    nav.replace(Route::CaseNotification { id });
                }
                Ok(view) => {
                    leave_flash(InstText::SubmittedNotice);
                    on_saved.call(view);
                }
                Err(failed) => {
                    if first_save {
                        // The draft exists now; keep the address in step with it.
                        nav.replace(Route::CaseNotification { id });
                    }
                    on_failure(failed);
                }
            }
        });
    };

    let current = state.read().clone();
    let local = if attempted() {
        current.submit_errors(today())
    } else {
        current.draft_errors()
    };
    let errors = Errors(
        local
            .0
            .into_iter()
            .chain(server_errors.read().0.iter().cloned())
            .collect(),
    );
    let message = |field: &str| {
        errors
            .code(field)
            .map(|c| InstText::field_error(c).get(lang))
    };
    let invalid = |field: &str| message(field).is_some().to_string();
    let form = &current.form;
    let female = form.sex == Some(Sex::Female);
    let age = current.age(today());

    let FormChoices {
        sexes,
        methods,
        results,
        severities,
        pregnancies,
        symptoms,
        risks,
    } = FormChoices::of(form, lang);
    let text_input = move |field: &'static str, value: String, kind: &'static str| {
        rsx! {
            input {
                id: control(field),
                r#type: kind,
                autocomplete: "off",
                value,
                "aria-invalid": invalid(field),
                "aria-describedby": described(field, false, message(field).is_some()),
                oninput: move |e: FormEvent| {
                    let value = e.value();
                    edit(&|s| set_text(s, field, value.clone()));
                },
            }
        }
    };

    rsx! {
        // Only the buttons send: Enter in a field must not submit half a form.
        form { class: "cn-form", novalidate: true, "data-testid": "cn-form",
            onsubmit: move |e: FormEvent| e.prevent_default(),
            section { class: "panel",
                dl { class: "facts",
                    div { class: "fact",
                        dt { {InstText::Institution.get(lang)} }
                        dd { "data-testid": "cn-institution", {institution.name.clone()} }
                    }
                    if let Some(address) = institution.address.clone() {
                        div { class: "fact",
                            dt { {InstText::InstitutionAddress.get(lang)} }
                            dd { "data-testid": "cn-institution-address", {address} }
                        }
                    }
                    if let Some(phone) = institution.phone.clone() {
                        div { class: "fact",
                            dt { {InstText::InstitutionPhone.get(lang)} }
                            dd { {phone} }
                        }
                    }
                    div { class: "fact",
                        dt { {InstText::HealthCentre.get(lang)} }
                        dd { "data-testid": "cn-health-centre", {health_centre.name.clone()} }
                    }
                }
            }
            fieldset { class: "panel",
                legend { {InstText::SectionPatient.get(lang)} }
                div { class: "form-grid",
                    Field { field: "patient_name", label: InstText::PatientName.get(lang), required: true,
                        message: message("patient_name"),
                        {text_input("patient_name", form.patient_name.clone(), "text")}
                    }
                    Field { field: "patient_kana", label: InstText::PatientKana.get(lang), required: true,
                        hint: InstText::KanaHint.get(lang), message: message("patient_kana"),
                        {text_input("patient_kana", form.patient_kana.clone(), "text")}
                    }
                    Field { field: "birth_date", label: InstText::BirthDate.get(lang), required: true,
                        message: message("birth_date"),
                        after: rsx! {
                            if let Some(years) = age {
                                span { class: "cn-age", "data-testid": "cn-age", {words::age(lang, years)} }
                            }
                        },
                        {date_input(state, "birth_date", invalid("birth_date"), message("birth_date").is_some(), edit)}
                    }
                    Field { field: "phone", label: InstText::Phone.get(lang), required: true,
                        hint: InstText::PhoneHint.get(lang), message: message("phone"),
                        {text_input("phone", form.phone.clone(), "tel")}
                    }
                    Field { field: "email", label: InstText::Email.get(lang), required: false,
                        hint: InstText::EmailHint.get(lang), message: message("email"),
                        {text_input("email", form.email.clone(), "email")}
                    }
                }
                RadioGroup { field: "sex", label: InstText::Sex.get(lang), required: true,
                    message: message("sex"), choices: sexes, disabled: false,
                    on_choose: move |code: String| edit(&|s| {
                        s.form.sex = Sex::parse(&code);
                        if s.form.sex != Some(Sex::Female) {
                            // Pregnancy is asked of female patients only.
                            s.form.pregnancy = None;
                        }
                    }),
                }
                div { class: "form-grid",
                    Field { field: "address", label: InstText::Address.get(lang), required: true,
                        message: message("address"),
                        {text_input("address", form.address.clone(), "text")}
                    }
                    Field { field: "whereabouts", label: InstText::Whereabouts.get(lang), required: false,
                        hint: InstText::WhereaboutsHint.get(lang), message: message("whereabouts"),
                        {text_input("whereabouts", form.whereabouts.clone(), "text")}
                    }
                }
            }
            fieldset { class: "panel",
                legend { {InstText::SectionDiagnosis.get(lang)} }
                div { class: "form-grid",
                    Field { field: "doctor_name", label: InstText::DoctorName.get(lang), required: true,
                        message: message("doctor_name"),
                        {text_input("doctor_name", form.doctor_name.clone(), "text")}
                    }
                    Field { field: "diagnosis_date", label: InstText::DiagnosisDate.get(lang), required: true,
                        message: message("diagnosis_date"),
                        {date_input(state, "diagnosis_date", invalid("diagnosis_date"), message("diagnosis_date").is_some(), edit)}
                    }
                    Field { field: "specimen_date", label: InstText::SpecimenDate.get(lang), required: true,
                        message: message("specimen_date"),
                        {date_input(state, "specimen_date", invalid("specimen_date"), message("specimen_date").is_some(), edit)}
                    }
                }
                Tick { field: "asymptomatic", label: InstText::Asymptomatic.get(lang), on: form.asymptomatic,
                    message: message("asymptomatic"),
                    on_change: move |on: bool| edit(&|s| {
                        s.form.asymptomatic = on;
                        if on {
                            // An asymptomatic carrier has neither: cleared rather than refused.
                            s.set_date("onset_date", String::new());
                            s.form.symptoms.clear();
                        }
                    }),
                }
                if !form.asymptomatic {
                    div { class: "form-grid",
                        Field { field: "onset_date", label: InstText::OnsetDate.get(lang), required: true,
                            message: message("onset_date"),
                            {date_input(state, "onset_date", invalid("onset_date"), message("onset_date").is_some(), edit)}
                        }
                    }
                }
            }
            fieldset { class: "panel",
                legend { {InstText::SectionTest.get(lang)} }
                RadioGroup { field: "test_method", label: InstText::TestMethod.get(lang), required: true,
                    message: message("test_method"), choices: methods, disabled: false,
                    on_choose: move |code: String| edit(&|s| s.form.test_method = TestMethod::parse(&code)),
                }
                RadioGroup { field: "test_result", label: InstText::TestResult.get(lang), required: true,
                    message: message("test_result"), choices: results, disabled: false,
                    on_choose: move |code: String| edit(&|s| s.form.test_result = TestResult::parse(&code)),
                }
            }
            fieldset { class: "panel",
                legend { {InstText::SectionClinical.get(lang)} }
                CheckList { field: "symptoms", label: InstText::Symptoms.get(lang),
                    message: message("symptoms"), choices: symptoms, disabled: form.asymptomatic,
                    on_toggle: move |(code, on): (String, bool)| edit(&|s| {
                        if let Some(symptom) = ClinicalSymptom::parse(&code) {
                            s.toggle_symptom(symptom, on);
                        }
                    }),
                }
                RadioGroup { field: "severity", label: InstText::Severity.get(lang), required: true,
                    message: message("severity"), choices: severities, disabled: false,
                    on_choose: move |code: String| edit(&|s| s.form.severity = Severity::parse(&code)),
                }
                CheckList { field: "risk_factors", label: InstText::RiskFactors.get(lang),
                    message: message("risk_factors"), choices: risks, disabled: false,
                    on_toggle: move |(code, on): (String, bool)| edit(&|s| {
                        if let Some(factor) = RiskFactor::parse(&code) {
                            s.toggle_risk(factor, on);
                        }
                    }),
                }
                RadioGroup { field: "pregnancy", label: InstText::Pregnancy.get(lang), required: false,
                    hint: InstText::PregnancyHint.get(lang),
                    message: message("pregnancy"), choices: pregnancies, disabled: !female,
                    on_choose: move |code: String| edit(&|s| s.form.pregnancy = Pregnancy::parse(&code)),
                }
                Tick { field: "needs_admission", label: InstText::NeedsAdmission.get(lang),
                    on: form.needs_admission, message: message("needs_admission"),
                    on_change: move |on: bool| edit(&|s| s.form.needs_admission = on),
                }
                Tick { field: "new_oxygen", label: InstText::NewOxygen.get(lang),
                    on: form.new_oxygen, message: message("new_oxygen"),
                    on_change: move |on: bool| edit(&|s| s.form.new_oxygen = on),
                }
            }
            fieldset { class: "panel",
                legend { {InstText::SectionOther.get(lang)} }
                Field { field: "notes", label: InstText::Notes.get(lang), required: false,
                    message: message("notes"),
                    textarea {
                        id: control("notes"),
                        rows: 3,
                        value: form.notes.clone(),
                        "aria-invalid": invalid("notes"),
                        "aria-describedby": described("notes", false, message("notes").is_some()),
                        oninput: move |e: FormEvent| {
                            let value = e.value();
                            edit(&|s| s.form.notes = value.clone());
                        },
                    }
                }
            }
            if let Some(text) = notice() {
                p {
                    class: if text == InstText::FixErrors { "notice notice-error" } else { "notice notice-ok" },
                    role: if text == InstText::FixErrors { "alert" } else { "status" },
                    "data-testid": "cn-notice",
                    "data-notice": if text == InstText::FixErrors { "errors" } else { "ok" },
                    {text.get(lang)}
                }
            }
            if let Some(failed) = problem() {
                ProblemNotice { problem: failed }
            }
            div { class: "actions",
                button {
                    r#type: "button",
                    class: "button",
                    "data-testid": "cn-save",
                    disabled: busy().is_some(),
                    onclick: on_save_draft,
                    if busy() == Some(Busy::Saving) { {InstText::Saving.get(lang)} } else { {InstText::SaveDraft.get(lang)} }
                }
                button {
                    r#type: "button",
                    class: "button button-primary",
                    "data-testid": "cn-submit",
                    disabled: busy().is_some(),
                    onclick: on_submit,
                    if busy() == Some(Busy::Submitting) { {InstText::Submitting.get(lang)} } else { {InstText::Submit.get(lang)} }
                }
            }
        }
    }
}

/// Puts the keyboard on the first field in error, in the order of the form: a control of its
/// own, or the first choice of a radio group or checkbox list.
fn focus_first_error(errors: &Errors) {
    if let Some(field) = crate::notification_form::FIELDS
        .iter()
        .find(|field| errors.code(field).is_some())
    {
        let id = control(field);
        crate::browser::focus_first(&[format!("#{id} input"), format!("#{id}")]);
    }
}

/// Sets a text field of the form by its name.
fn set_text(state: &mut FormState, field: &str, value: String) {
    let form = &mut state.form;
    match field {
        "patient_name" => form.patient_name = value,
        "patient_kana" => form.patient_kana = value,
        "address" => form.address = value,
        "whereabouts" => form.whereabouts = value,
        "phone" => form.phone = value,
        "email" => form.email = value,
        "doctor_name" => form.doctor_name = value,
        _ => {}
    }
}

/// A date input of the form (its text kept as typed).
fn date_input(
    state: Signal<FormState>,
    field: &'static str,
    invalid: String,
    has_error: bool,
    mut edit: impl FnMut(&dyn Fn(&mut FormState)) + Copy + 'static,
) -> Element {
    let value = state.read().date(field);
    rsx! {
        input {
            id: control(field),
            r#type: "date",
            max: "9999-12-31",
            value,
            "aria-invalid": invalid,
            "aria-describedby": described(field, false, has_error),
            oninput: move |e: FormEvent| {
                let value = e.value();
                edit(&|s| s.set_date(field, value.clone()));
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fields_are_set_by_name_and_others_ignored() {
        let mut state = FormState::default();
        for field in crate::notification_form::FIELDS {
            set_text(&mut state, field, format!("{field}!"));
        }
        assert_eq!(state.form.patient_name, "patient_name!");
        assert_eq!(state.form.doctor_name, "doctor_name!");
        assert_eq!(state.form.notes, "");
    }
}
