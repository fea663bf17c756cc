//! The case's heading and basic information (基本情報): who the patient is, the notification's
//! facts (read-only here), the follow-up period and who is in charge.

use crate::format;
use crate::state::use_lang;
use chrono::NaiveDate;
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::auth::OrgSummary;
use mimamori_shared::api::cases::{CaseStatus, CaseView};
use mimamori_shared::i18n::staff::{Text, age};
use mimamori_shared::i18n::staff_case::{self, CaseText};
use mimamori_shared::i18n::staff_inpatient::{self, InpatientText};

/// Age from which the age itself counts as a risk factor (as in the work list's `age65` filter).
const RISK_AGE: u32 = 65;

/// Heading (name, case number, day N of the period, status) and the basic facts of a case.
#[component]
pub fn CaseInfo(case: CaseView) -> Element {
    let lang = use_lang();
    let total = (case.followup_end - case.followup_start).num_days() + 1;
    let day = staff_case::day_of_total(lang, case.day, total);
    let tel = format!("tel:{}", case.phone);
    let ended = case.status == CaseStatus::Ended;
    // Japanese text takes full-width brackets and punctuation.
    let (open, colon, comma, close) = match lang {
        Lang::Ja => ("（", "：", "、", "）"),
        _ => (" (", ": ", ", ", ")"),
    };
    let hospitalised = case.status == CaseStatus::Hospitalised;
    let status_text = staff_inpatient::case_status(lang, case.status);
    rsx! {
        header { class: "case-header", "data-testid": "case-header",
            h1 {
                span { class: "case-name", {case.name.clone()} }
                " "
                span { class: "case-kana", lang: "ja", {case.name_kana.clone()} }
            }
            p { class: "case-meta",
                span {
                    {Text::CaseNumber.get(lang)}
                    " "
                    strong { "data-testid": "case-number", {case.case_number.clone()} }
                }
                span { {Text::FollowupPeriod.get(lang)} " " strong { "data-testid": "case-day", {day.clone()} } }
                span {
                    class: match case.status {
                        CaseStatus::Active => "tag",
                        CaseStatus::Ended => "tag tag-strong",
                        CaseStatus::Hospitalised => "tag tag-hospitalised",
                        CaseStatus::EndReview => "tag tag-strong",
                    },
                    "data-testid": "case-status",
                    "data-status": case.status.as_str(),
                    {status_text}
                }
            }
            if hospitalised {
                p { class: "notice notice-hospitalised", role: "status", "data-testid": "case-hospitalised",
                    {InpatientText::HospitalisedBanner.get(lang)}
                }
            }
            if ended {
                p { class: "notice notice-ended", role: "status", "data-testid": "case-ended",
                    {CaseText::EndedBanner.get(lang)}
                    if let Some(reason) = case.end_reason {
                        {open}
                        {CaseText::EndReasonField.get(lang)}
                        {colon}
                        {staff_case::end_reason(lang, reason)}
                        if let Some(at) = case.ended_at {
                            {comma}
                            time { datetime: at.to_rfc3339(), {format::local_date_time(at)} }
                        }
                        {close}
                    }
                }
            }
        }
        section { class: "panel", "aria-labelledby": "basic-heading", "data-testid": "basic-info",
            h2 { id: "basic-heading", {Text::BasicInformation.get(lang)} }
            dl { class: "facts",
                Fact { term: Text::CaseNumber.get(lang), {case.case_number.clone()} }
                Fact { term: Text::Name.get(lang), {case.name.clone()} }
                Fact { term: Text::NameKana.get(lang), {case.name_kana.clone()} }
                Fact { term: Text::BirthDate.get(lang),
                    {format!("{} ({})", format::date(case.birth_date), age(lang, case.age))}
                }
                Fact { term: Text::Sex.get(lang), {Text::sex(case.sex).get(lang)} }
                Fact { term: Text::Phone.get(lang), a { href: tel, {case.phone.clone()} } }
                Fact { term: CaseText::Address.get(lang), wide: true,
                    {or_not_recorded(lang, &case.address)}
                }
                Fact { term: CaseText::RiskFactors.get(lang), wide: true,
                    RiskFactors { case: case.clone() }
                }
                Fact { term: CaseText::OnsetDate.get(lang), {optional_date(lang, case.onset_date)} }
                Fact { term: CaseText::SpecimenDate.get(lang), {optional_date(lang, case.specimen_date)} }
                Fact { term: CaseText::Tests.get(lang), wide: true,
                    span { class: "note", {or_not_recorded(lang, &case.test_summary)} }
                }
                Fact { term: Text::HealthCentre.get(lang), Org { org: case.health_centre.clone() } }
                Fact { term: Text::FollowupOrg.get(lang),
                    match case.followup_org.clone() {
                        Some(org) => rsx! { Org { org } },
                        None => rsx! { {Text::NotAssigned.get(lang)} },
                    }
                }
                Fact { term: CaseText::AssignedStaff.get(lang),
                    match case.assigned_staff.clone() {
                        Some(staff) => rsx! { {staff.name} },
                        None => rsx! { {CaseText::NoAssignedStaff.get(lang)} },
                    }
                }
                Fact { term: Text::FollowupPeriod.get(lang),
                    {format!("{} ({day})", format::period(case.followup_start, case.followup_end))}
                }
                Fact { term: CaseText::SlotsPerDay.get(lang),
                    {staff_case::slots_per_day(lang, case.slots_per_day)}
                }
                Fact { term: CaseText::Status.get(lang), {status_text} }
                if let Some(at) = case.escalated_at {
                    Fact { term: CaseText::LastEscalated.get(lang),
                        time { datetime: at.to_rfc3339(), {format::local_date_time(at)} }
                    }
                }
                div { class: "fact fact-wide", "data-testid": "interview-notes",
                    dt { {CaseText::InterviewNotes.get(lang)} }
                    dd {
                        p { class: "hint", {CaseText::InterviewNotesHint.get(lang)} }
                        p { class: "note readonly-text", {or_not_recorded(lang, &case.interview_notes)} }
                    }
                }
            }
        }
    }
}

/// The risk factors as labels; age 65 or over first, since it follows from the birth date.
#[component]
fn RiskFactors(case: CaseView) -> Element {
    let lang = use_lang();
    let elderly = case.age >= RISK_AGE;
    rsx! {
        if case.risk_factors.is_empty() && !elderly {
            {CaseText::NoRiskFactors.get(lang)}
        } else {
            ul { class: "tag-list", "data-testid": "risk-factors",
                if elderly {
                    li { class: "tag tag-risk", {CaseText::Age65OrOver.get(lang)} }
                }
                for factor in case.risk_factors.iter().copied() {
                    li { key: "{factor.as_str()}", class: "tag tag-risk",
                        {staff_case::risk_factor(lang, factor)}
                    }
                }
            }
        }
    }
}

fn or_not_recorded(lang: Lang, text: &str) -> String {
    if text.trim().is_empty() {
        CaseText::NotRecorded.get(lang).to_owned()
    } else {
        text.to_owned()
    }
}

fn optional_date(lang: Lang, day: Option<NaiveDate>) -> String {
    day.map_or_else(|| CaseText::NotRecorded.get(lang).to_owned(), format::date)
}

/// One term and its description; `wide` spans the whole row.
#[component]
fn Fact(term: &'static str, #[props(default)] wide: bool, children: Element) -> Element {
    rsx! {
        div { class: if wide { "fact fact-wide" } else { "fact" },
            dt { {term} }
            dd { {children} }
        }
    }
}

/// An organisation's name and phone number.
#[component]
fn Org(org: OrgSummary) -> Element {
    rsx! {
        {org.name.clone()}
        if let Some(phone) = org.phone.clone() {
            " "
            a { class: "org-phone", href: format!("tel:{phone}"), {phone.clone()} }
        }
    }
}
