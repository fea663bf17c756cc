//! The case's heading and basic information (基本情報).

use crate::format;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::auth::OrgSummary;
use mimamori_shared::api::cases::CaseView;
use mimamori_shared::i18n::staff::{Text, age, day_of_period};

/// Heading (name, case number, day N) and the basic facts of a case.
#[component]
pub fn CaseInfo(case: CaseView) -> Element {
    let lang = use_lang();
    let day = day_of_period(lang, case.day);
    let tel = format!("tel:{}", case.phone);
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
                span { {Text::FollowupPeriod.get(lang)} " " strong { {day.clone()} } }
            }
        }
        section { class: "panel", "aria-labelledby": "basic-heading",
            h2 { id: "basic-heading", {Text::BasicInformation.get(lang)} }
            dl { class: "facts",
                Fact { term: Text::CaseNumber, {case.case_number.clone()} }
                Fact { term: Text::Name, {case.name.clone()} }
                Fact { term: Text::NameKana, {case.name_kana.clone()} }
                Fact { term: Text::BirthDate,
                    {format!("{} ({})", format::date(case.birth_date), age(lang, case.age))}
                }
                Fact { term: Text::Sex, {Text::sex(case.sex).get(lang)} }
                Fact { term: Text::Phone, a { href: tel, {case.phone.clone()} } }
                Fact { term: Text::HealthCentre, Org { org: case.health_centre.clone() } }
                Fact { term: Text::FollowupOrg,
                    match case.followup_org.clone() {
                        Some(org) => rsx! { Org { org } },
                        None => rsx! { {Text::NotAssigned.get(lang)} },
                    }
                }
                Fact { term: Text::FollowupPeriod,
                    {format!("{} ({day})", format::period(case.followup_start, case.followup_end))}
                }
            }
        }
    }
}

/// One term and its description.
#[component]
fn Fact(term: Text, children: Element) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "fact",
            dt { {term.get(lang)} }
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
