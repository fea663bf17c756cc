//! The work list's filters: search (debounced), assigned staff, day of follow-up, risk,
//! organisation (health centres) and 65 or over, each with the server's message beside it
//! when it refused the value. It holds only the text being typed; the chosen filters belong to
//! the page, which it tells of every change.

use super::SEARCH_PAUSE_MS;
use super::query::{
    AssignedChoice, Filters, OrgChoice, RiskChoice, org_value, parse_org, parse_risk, risk_value,
};
use crate::browser;
use crate::state::use_lang;
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::cases::RiskFactor;
use mimamori_shared::api::worklist::{DAY_MAX, WorkListOrg};
use mimamori_shared::i18n::staff_case::risk_factor;
use mimamori_shared::i18n::staff_worklist::{WorkText, day_option};
use std::rc::Rc;

/// A change of the filters, applied by the page to the filters in force when it arrives (the
/// search arrives a moment after the typing).
pub type FilterEdit = Rc<dyn Fn(&mut Filters)>;

/// The filter bar. `filters` are the ones in force; `on_change` gets each change the user
/// makes (the search once typing pauses).
#[component]
pub fn FilterBar(
    is_centre: bool,
    filters: Filters,
    orgs: Vec<WorkListOrg>,
    problem: Option<Problem>,
    on_change: EventHandler<FilterEdit>,
) -> Element {
    let lang = use_lang();
    let mut search_text = use_signal(|| filters.q.clone());
    let mut search_seq = use_signal(|| 0u64);
    let on_search = move |e: FormEvent| {
        let typed = e.value();
        search_text.set(typed.clone());
        *search_seq.write() += 1;
        let mine = *search_seq.peek();
        spawn(async move {
            browser::sleep_ms(SEARCH_PAUSE_MS).await;
            if *search_seq.peek() == mine {
                on_change.call(Rc::new(move |f: &mut Filters| f.q = typed.clone()));
            }
        });
    };
    let field_message = |field: &str| {
        problem
            .as_ref()
            .and_then(|p| p.field(field))
            .map(|e| WorkText::field_error(&e.code).get(lang))
    };
    rsx! {
        section { class: "wl-filters", "aria-label": WorkText::Filters.get(lang),
            div { class: "field wl-search",
                label { r#for: "wl-q", {WorkText::Search.get(lang)} }
                input {
                    id: "wl-q",
                    r#type: "search",
                    "data-testid": "wl-search",
                    maxlength: "100",
                    autocomplete: "off",
                    "aria-describedby": "wl-q-hint",
                    value: search_text(),
                    oninput: on_search,
                }
                p { id: "wl-q-hint", class: "hint", {WorkText::SearchHint.get(lang)} }
                FieldError { field: "q", message: field_message("q") }
            }
            div { class: "field",
                label { r#for: "wl-assigned", {WorkText::Assigned.get(lang)} }
                select {
                    id: "wl-assigned",
                    "data-testid": "wl-assigned",
                    onchange: move |e| {
                        let choice = match e.value().as_str() {
                            "me" => AssignedChoice::Me,
                            "none" => AssignedChoice::Nobody,
                            _ => AssignedChoice::Anyone,
                        };
                        on_change.call(Rc::new(move |f: &mut Filters| f.assigned = choice));
                    },
                    option { value: "", selected: filters.assigned == AssignedChoice::Anyone,
                        {WorkText::AssignedAnyone.get(lang)}
                    }
                    option { value: "me", selected: filters.assigned == AssignedChoice::Me,
                        {WorkText::AssignedMe.get(lang)}
                    }
                    option { value: "none", selected: filters.assigned == AssignedChoice::Nobody,
                        {WorkText::AssignedNobody.get(lang)}
                    }
                }
                FieldError { field: "assigned", message: field_message("assigned") }
            }
            div { class: "field",
                label { r#for: "wl-day", {WorkText::Day.get(lang)} }
                select {
                    id: "wl-day",
                    "data-testid": "wl-day",
                    onchange: move |e| {
                        let day = e.value().parse().ok();
                        on_change.call(Rc::new(move |f: &mut Filters| f.day = day));
                    },
                    option { value: "", selected: filters.day.is_none(), {WorkText::AnyDay.get(lang)} }
                    for day in 1..=DAY_MAX.min(14) {
                        option { key: "{day}", value: "{day}", selected: filters.day == Some(day),
                            {day_option(lang, day)}
                        }
                    }
                }
                FieldError { field: "day", message: field_message("day") }
            }
            div { class: "field",
                label { r#for: "wl-risk", {WorkText::Risk.get(lang)} }
                select {
                    id: "wl-risk",
                    "data-testid": "wl-risk",
                    onchange: move |e| {
                        let risk = parse_risk(&e.value());
                        on_change.call(Rc::new(move |f: &mut Filters| f.risk = risk));
                    },
                    option { value: "", selected: filters.risk == RiskChoice::All, {WorkText::RiskAll.get(lang)} }
                    option { value: "any", selected: filters.risk == RiskChoice::Any, {WorkText::RiskAny.get(lang)} }
                    for factor in RiskFactor::ALL.iter().copied() {
                        option {
                            key: "{factor.as_str()}",
                            value: risk_value(RiskChoice::Factor(factor)),
                            selected: filters.risk == RiskChoice::Factor(factor),
                            {risk_factor(lang, factor)}
                        }
                    }
                }
                FieldError { field: "risk", message: field_message("risk") }
            }
            if is_centre {
                div { class: "field",
                    label { r#for: "wl-org", {WorkText::Organisation.get(lang)} }
                    select {
                        id: "wl-org",
                        "data-testid": "wl-org",
                        onchange: move |e| {
                            let org = parse_org(&e.value());
                            on_change.call(Rc::new(move |f: &mut Filters| f.org = org));
                        },
                        option { value: "", selected: filters.org == OrgChoice::All, {WorkText::OrgAll.get(lang)} }
                        option { value: "none", selected: filters.org == OrgChoice::Unassigned, {WorkText::OrgNone.get(lang)} }
                        for org in orgs {
                            option {
                                key: "{org.id}",
                                value: org_value(OrgChoice::Org(org.id)),
                                selected: filters.org == OrgChoice::Org(org.id),
                                {org.name.clone()}
                            }
                        }
                    }
                    FieldError { field: "org", message: field_message("org") }
                }
            }
            div { class: "field wl-check",
                input {
                    id: "wl-age65",
                    r#type: "checkbox",
                    "data-testid": "wl-age65",
                    checked: filters.age65,
                    onchange: move |e: FormEvent| {
                        let on = e.checked();
                        on_change.call(Rc::new(move |f: &mut Filters| f.age65 = on));
                    },
                }
                label { r#for: "wl-age65", {WorkText::Age65.get(lang)} }
                FieldError { field: "age65", message: field_message("age65") }
            }
            if filters.is_narrowed() {
                button {
                    r#type: "button",
                    class: "button button-quiet",
                    "data-testid": "wl-clear",
                    onclick: move |_| {
                        search_text.set(String::new());
                        on_change.call(Rc::new(|f: &mut Filters| {
                            *f = Filters { bucket: f.bucket, ..Filters::default() };
                        }));
                    },
                    {WorkText::ClearFilters.get(lang)}
                }
            }
        }
    }
}

/// A message beside a filter the server refused.
#[component]
fn FieldError(field: &'static str, message: Option<&'static str>) -> Element {
    rsx! {
        if let Some(message) = message {
            p { id: "wl-error-{field}", class: "field-error", role: "alert", {message} }
        }
    }
}
