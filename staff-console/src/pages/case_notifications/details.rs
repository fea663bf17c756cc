//! A notification shown read-only, grouped as the form is: what the health centre reviews in
//! intake, and what the institution sees once it has submitted.

use crate::format;
use crate::notification_form::age_on;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::auth::OrgSummary;
use mimamori_shared::api::case_notifications::{NotificationForm, NotificationStatus};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_case::risk_factor;
use mimamori_shared::i18n::staff_institution::{
    self as words, InstText, pregnancy, severity, symptom, test_method, test_result,
};

/// The status as a badge (a word and a shape, never colour alone).
#[component]
pub fn StatusBadge(status: NotificationStatus) -> Element {
    let lang = use_lang();
    rsx! {
        span {
            class: "badge cn-status cn-status-{status.as_str()}",
            "data-testid": "cn-status",
            "data-status": status.as_str(),
            {words::status(lang, status)}
        }
    }
}

/// One term and its description.
#[component]
fn Fact(term: &'static str, wide: Option<bool>, children: Element) -> Element {
    let class = if wide == Some(true) {
        "fact fact-wide"
    } else {
        "fact"
    };
    rsx! {
        div { class,
            dt { {term} }
            dd { {children} }
        }
    }
}

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_owned()
    } else {
        text.to_owned()
    }
}

fn date_or_dash(date: Option<chrono::NaiveDate>) -> String {
    date.map(format::date).unwrap_or_else(|| "—".to_owned())
}

fn yes_no(lang: Lang, on: bool) -> &'static str {
    if on {
        InstText::Yes.get(lang)
    } else {
        InstText::No.get(lang)
    }
}

/// The whole form, read-only; `institution` and `health_centre` head it.
#[component]
pub fn NotificationDetails(
    form: NotificationForm,
    institution: OrgSummary,
    health_centre: OrgSummary,
) -> Element {
    let lang = use_lang();
    let today = chrono::Local::now().date_naive();
    let birth = match form.birth_date {
        Some(birth) => match age_on(birth, today) {
            Some(years) => format!("{} ({})", format::date(birth), words::age(lang, years)),
            None => format::date(birth),
        },
        None => "—".to_owned(),
    };
    let symptoms = if form.symptoms.is_empty() {
        InstText::NoneListed.get(lang).to_owned()
    } else {
        form.symptoms
            .iter()
            .map(|s| symptom(lang, *s))
            .collect::<Vec<_>>()
            .join("、")
    };
    let risks = if form.risk_factors.is_empty() {
        InstText::NoneListed.get(lang).to_owned()
    } else {
        form.risk_factors
            .iter()
            .map(|r| risk_factor(lang, *r))
            .collect::<Vec<_>>()
            .join("、")
    };
    rsx! {
        div { class: "cn-details", "data-testid": "cn-details",
            section { class: "panel",
                dl { class: "facts",
                    Fact { term: InstText::Institution.get(lang), {institution.name.clone()} }
                    if let Some(address) = institution.address.clone() {
                        Fact { term: InstText::InstitutionAddress.get(lang), {address} }
                    }
                    if let Some(phone) = institution.phone.clone() {
                        Fact { term: InstText::InstitutionPhone.get(lang), {phone} }
                    }
                    Fact { term: InstText::HealthCentre.get(lang), {health_centre.name.clone()} }
                }
            }
            section { class: "panel", "aria-labelledby": "cn-d-patient",
                h2 { id: "cn-d-patient", {InstText::SectionPatient.get(lang)} }
                dl { class: "facts",
                    Fact { term: InstText::PatientName.get(lang),
                        span { "data-testid": "cn-d-name", {or_dash(&form.patient_name)} }
                    }
                    Fact { term: InstText::PatientKana.get(lang), {or_dash(&form.patient_kana)} }
                    Fact { term: InstText::Sex.get(lang),
                        {form.sex.map_or("—", |sex| Text::sex(sex).get(lang))}
                    }
                    Fact { term: InstText::BirthDate.get(lang), {birth} }
                    Fact { term: InstText::Phone.get(lang), {or_dash(&form.phone)} }
                    Fact { term: InstText::Email.get(lang), {or_dash(&form.email)} }
                    Fact { term: InstText::Address.get(lang), wide: true, {or_dash(&form.address)} }
                    Fact { term: InstText::Whereabouts.get(lang), wide: true, {or_dash(&form.whereabouts)} }
                }
            }
            section { class: "panel", "aria-labelledby": "cn-d-diagnosis",
                h2 { id: "cn-d-diagnosis", {InstText::SectionDiagnosis.get(lang)} }
                dl { class: "facts",
                    Fact { term: InstText::DoctorName.get(lang), {or_dash(&form.doctor_name)} }
                    Fact { term: InstText::DiagnosisDate.get(lang), {date_or_dash(form.diagnosis_date)} }
                    Fact { term: InstText::SpecimenDate.get(lang), {date_or_dash(form.specimen_date)} }
                    Fact { term: InstText::OnsetDate.get(lang), {date_or_dash(form.onset_date)} }
                    Fact { term: InstText::Asymptomatic.get(lang), {yes_no(lang, form.asymptomatic)} }
                }
            }
            section { class: "panel", "aria-labelledby": "cn-d-test",
                h2 { id: "cn-d-test", {InstText::SectionTest.get(lang)} }
                dl { class: "facts",
                    Fact { term: InstText::TestMethod.get(lang),
                        {form.test_method.map_or("—", |m| test_method(lang, m))}
                    }
                    Fact { term: InstText::TestResult.get(lang),
                        {form.test_result.map_or("—", |r| test_result(lang, r))}
                    }
                }
            }
            section { class: "panel", "aria-labelledby": "cn-d-clinical",
                h2 { id: "cn-d-clinical", {InstText::SectionClinical.get(lang)} }
                dl { class: "facts",
                    Fact { term: InstText::Symptoms.get(lang), wide: true, {symptoms} }
                    Fact { term: InstText::Severity.get(lang),
                        span { "data-testid": "cn-d-severity",
                            {form.severity.map_or("—", |s| severity(lang, s))}
                        }
                    }
                    Fact { term: InstText::Pregnancy.get(lang),
                        {form.pregnancy.map_or("—", |p| pregnancy(lang, p))}
                    }
                    Fact { term: InstText::RiskFactors.get(lang), wide: true, {risks} }
                    Fact { term: InstText::NeedsAdmission.get(lang), {yes_no(lang, form.needs_admission)} }
                    Fact { term: InstText::NewOxygen.get(lang), {yes_no(lang, form.new_oxygen)} }
                }
            }
            section { class: "panel", "aria-labelledby": "cn-d-other",
                h2 { id: "cn-d-other", {InstText::SectionOther.get(lang)} }
                p { class: "note readonly-text", {or_dash(&form.notes)} }
            }
        }
    }
}
