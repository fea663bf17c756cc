//! Route `/test-counts`: a medical institution files its daily test counts (検査件数): PCR and
//! antigen tests performed and positive. Saving a day already filed corrects it (its revision
//! goes up); the recent days are listed below the form.

use crate::api;
use crate::components::{ErrorBeside, Loading, ProblemNotice, TitleText, error_beside_id};
use crate::format;
use crate::hc_forms::Errors;
use crate::institution_forms::{COUNT_FIELDS, CountState, date_text};
use crate::state::{expire_session, use_lang, use_session};
use chrono::NaiveDate;
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::test_counts::{CORRECTION_DAYS, MAX_TESTS_PER_DAY, TestCountView};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_test_counts::{CountText, revision, with_revision};

const FORM: &str = "tc";

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The label of each count, in the order of [`COUNT_FIELDS`].
const LABELS: [(CountText, CountText); 4] = [
    (CountText::Pcr, CountText::Performed),
    (CountText::Pcr, CountText::Positive),
    (CountText::Antigen, CountText::Performed),
    (CountText::Antigen, CountText::Positive),
];

/// The test-counts page (institution staff; the server refuses everyone else).
#[component]
pub fn TestCountsPage() -> Element {
    let lang = use_lang();
    let session = use_session();
    let mut list = use_resource(api::test_counts::list);
    let mut state = use_signal(|| CountState::on(today()));
    let mut errors = use_signal(Errors::default);
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);
    let mut saved = use_signal(|| None::<TestCountView>);
    let mut primed = use_signal(|| false);

    let days: Vec<TestCountView> = match &*list.read() {
        Some(Ok(list)) => list.items.clone(),
        _ => Vec::new(),
    };
    let filed_on = {
        let days = days.clone();
        move |day: Option<NaiveDate>| days.iter().find(|v| Some(v.date) == day).cloned()
    };

    // Once the days are known, a day already filed today opens as a correction.
    use_effect(move || match &*list.read() {
        Some(Err(problem)) if problem.status == 401 => expire_session(session),
        Some(Ok(known)) if !*primed.peek() => {
            primed.set(true);
            let day = state.peek().day();
            if let Some(view) = known.items.iter().find(|v| Some(v.date) == day) {
                state.set(CountState::of(view));
            }
        }
        _ => {}
    });

    let mut on_date = {
        let filed_on = filed_on.clone();
        move |text: String| {
            let before = filed_on(state.peek().day()).is_some();
            let mut next = CountState {
                date: text,
                counts: state.peek().counts.clone(),
            };
            match filed_on(next.day()) {
                // A filed day opens with its numbers, to correct them.
                Some(view) => next = CountState::of(&view),
                // Leaving a filed day: its numbers must not be filed for another day by mistake.
                None if before => next.counts = Default::default(),
                None => {}
            }
            state.set(next);
            saved.set(None);
            errors.set(Errors::default());
        }
    };

    let onsubmit = move |evt: FormEvent| {
        evt.prevent_default();
        if busy() {
            return;
        }
        problem.set(None);
        saved.set(None);
        let (date, request) = match state.read().to_request(today()) {
            Ok(ready) => ready,
            Err(invalid) => {
                errors.set(invalid);
                return;
            }
        };
        errors.set(Errors::default());
        busy.set(true);
        spawn(async move {
            let result = api::test_counts::save(date, &request).await;
            busy.set(false);
            match result {
                Ok(view) => {
                    state.set(CountState::of(&view));
                    saved.set(Some(view));
                    list.restart();
                }
                Err(failed) if failed.status == 401 => expire_session(session),
                Err(failed) => {
                    let fields = Errors::from_problem(&failed);
                    let shown: Vec<&str> = COUNT_FIELDS.iter().copied().chain(["date"]).collect();
                    if fields.is_empty() || fields.has_other_than(&shown) {
                        problem.set(Some(failed));
                    }
                    errors.set(fields);
                }
            }
        });
    };

    let current = state.read().clone();
    let filed = filed_on(current.day());
    let message = move |field: &str| {
        errors
            .read()
            .code(field)
            .map(|code| CountText::field_error(code).get(lang))
    };
    let described = move |field: &str| message(field).map(|_| error_beside_id(FORM, field));
    let earliest = date_text(today() - chrono::Duration::days(CORRECTION_DAYS));
    let loaded = list.read().clone();
    rsx! {
        TitleText { title: CountText::Title.get(lang) }
        div { class: "page-head",
            h1 { {CountText::Title.get(lang)} }
        }
        p { class: "lead", {CountText::Intro.get(lang)} }
        form { class: "panel count-form", novalidate: true, onsubmit, "data-testid": "tc-form",
            div { class: "field",
                label { r#for: "tc-date", {CountText::Date.get(lang)} " " span { class: "required", {Text::Required.get(lang)} } }
                input { id: "tc-date", r#type: "date", class: "count-date",
                    min: earliest, max: date_text(today()),
                    value: current.date.clone(),
                    "aria-invalid": message("date").is_some().to_string(),
                    "aria-describedby": described("date"),
                    oninput: move |e| on_date(e.value()),
                }
                ErrorBeside { id: error_beside_id(FORM, "date"), message: message("date") }
            }
            if let Some(view) = filed.clone() {
                p { class: "notice", role: "status", "data-testid": "tc-correcting", "data-revision": "{view.revision}",
                    {with_revision(lang, CountText::Correcting, view.revision)}
                    " "
                    {CountText::CorrectingHint.get(lang)}
                }
            }
            div { class: "count-grid",
                for (i, field) in COUNT_FIELDS.iter().copied().enumerate() {
                    div { key: "{field}", class: "field count-field",
                        label { r#for: "tc-{field}",
                            {LABELS[i].0.get(lang)} " " {LABELS[i].1.get(lang)}
                        }
                        input {
                            id: "tc-{field}",
                            class: "count-input",
                            r#type: "number",
                            inputmode: "numeric",
                            min: "0",
                            max: "{MAX_TESTS_PER_DAY}",
                            step: "1",
                            value: current.counts[i].clone(),
                            "aria-invalid": message(field).is_some().to_string(),
                            "aria-describedby": described(field),
                            oninput: move |e| {
                                state.write().counts[i] = e.value();
                                saved.set(None);
                            },
                        }
                        ErrorBeside { id: error_beside_id(FORM, field), message: message(field) }
                    }
                }
            }
            if let Some(failed) = problem() {
                ProblemNotice { problem: failed }
            }
            if let Some(view) = saved() {
                p { class: "notice notice-ok", role: "status", "data-testid": "tc-saved", "data-revision": "{view.revision}",
                    {with_revision(lang, CountText::Saved, view.revision)}
                }
            }
            div { class: "actions",
                button { r#type: "submit", class: "button button-primary", "data-testid": "tc-submit", disabled: busy(),
                    if busy() {
                        {CountText::Saving.get(lang)}
                    } else if filed.is_some() {
                        {CountText::SaveCorrection.get(lang)}
                    } else {
                        {CountText::Save.get(lang)}
                    }
                }
            }
        }
        section { class: "panel", "aria-labelledby": "tc-recent-heading",
            h2 { id: "tc-recent-heading", {CountText::RecentTitle.get(lang)} }
            match loaded {
                None => rsx! { Loading {} },
                Some(Err(failed)) => rsx! { ProblemNotice { problem: failed, on_retry: move |_| list.restart() } },
                Some(Ok(_)) if days.is_empty() => rsx! {
                    p { class: "empty", "data-testid": "tc-empty", {CountText::RecentEmpty.get(lang)} }
                },
                Some(Ok(_)) => rsx! {
                    RecentDays { days: days.clone(), on_edit: move |view: TestCountView| {
                        state.set(CountState::of(&view));
                        saved.set(None);
                        errors.set(Errors::default());
                    } }
                },
            }
        }
    }
}

/// The days filed, newest first, each with a button that loads it into the form.
#[component]
fn RecentDays(days: Vec<TestCountView>, on_edit: EventHandler<TestCountView>) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "table-scroll",
            table { class: "admin-table", "data-testid": "tc-table",
                thead {
                    tr {
                        th { scope: "col", {CountText::Date.get(lang)} }
                        for (kind, what) in LABELS {
                            th { scope: "col", class: "num", {kind.get(lang)} " " {what.get(lang)} }
                        }
                        th { scope: "col", {CountText::ColRevision.get(lang)} }
                        th { scope: "col", {CountText::ColUpdated.get(lang)} }
                        th { scope: "col", span { class: "visually-hidden", {CountText::Edit.get(lang)} } }
                    }
                }
                tbody {
                    for view in days {
                        tr { key: "{view.date}", "data-testid": "tc-row", "data-date": date_text(view.date),
                            td { class: "nowrap", {format::date(view.date)} }
                            td { class: "num", "{view.counts.pcr_performed}" }
                            td { class: "num", "{view.counts.pcr_positive}" }
                            td { class: "num", "{view.counts.antigen_performed}" }
                            td { class: "num", "{view.counts.antigen_positive}" }
                            td { class: "nowrap", "data-testid": "tc-revision", {revision(lang, view.revision)} }
                            td {
                                time { datetime: view.updated_at.to_rfc3339(), {format::local_date_time(view.updated_at)} }
                                " "
                                span { class: "muted", {view.updated_by.name.clone()} }
                            }
                            td {
                                button { r#type: "button", class: "button", "data-testid": "tc-edit",
                                    onclick: {
                                        let view = view.clone();
                                        move |_| on_edit.call(view.clone())
                                    },
                                    {CountText::Edit.get(lang)}
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
