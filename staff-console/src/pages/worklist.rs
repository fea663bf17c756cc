//! The home page: the triage work list. Bucket tabs with counts, filters, a
//! debounced search, the table and "load more". It refreshes itself every few seconds without
//! losing the user's place: the same filters, every row already loaded (re-fetched and replaced
//! in place), the scroll position and the focus stay. Filters, the number of rows loaded and
//! the scroll position also survive a visit to a case and the way back.

mod query;

use crate::api;
use crate::browser;
use crate::components::{Loading, ProblemNotice, TitleText, WorkListTable};
use crate::format;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::cases::RiskFactor;
use mimamori_shared::api::worklist::{Bucket, DAY_MAX, WorkList};
use mimamori_shared::i18n::staff_case::risk_factor;
use mimamori_shared::i18n::staff_worklist::{
    WorkText, day_option, marked_reviewed, selected as selected_text, shown_of, updated_at,
};
use mimamori_shared::ids::CaseId;
use query::{
    AssignedChoice, Filters, MAX_ROWS_PER_REQUEST, OrgChoice, PAGE_ROWS, RiskChoice, append_page,
    dedup_rows, org_value, parse_org, parse_risk, risk_value,
};
use std::collections::BTreeSet;

/// How often the list refreshes itself: a red report shows within this plus one request.
const REFRESH_MS: i32 = 3_000;
/// The pause after typing before the search runs.
const SEARCH_PAUSE_MS: i32 = 300;
/// Long enough for the new rows to be drawn before focus or scroll is put back.
const RENDER_PAUSE_MS: i32 = 50;

/// The filters, kept while the user visits a case (the list reloads when they change).
static FILTERS: GlobalSignal<Filters> = Signal::global(Filters::default);

/// How many rows were loaded and where the page was scrolled, for the way back from a case.
#[derive(Debug, Clone, Copy, PartialEq)]
struct View {
    rows: usize,
    scroll_y: f64,
}

static VIEW: GlobalSignal<View> = Signal::global(|| View {
    rows: PAGE_ROWS,
    scroll_y: 0.0,
});

/// Time of day with seconds, in the browser's time zone.
fn clock_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&format::local_offset(at))
        .format("%H:%M:%S")
        .to_string()
}

/// Fetches the first `want` rows (several requests past the server's page limit).
async fn fetch(filters: &Filters, want: usize) -> Result<WorkList, Problem> {
    let want = want.max(1);
    let mut list = api::worklist(&filters.query(want.min(MAX_ROWS_PER_REQUEST), None)).await?;
    while list.items.len() < want {
        let Some(after) = list.next.clone() else {
            break;
        };
        let missing = (want - list.items.len()).min(MAX_ROWS_PER_REQUEST);
        let page = api::worklist(&filters.query(missing, Some(&after))).await?;
        list.items.extend(page.items);
        list.next = page.next;
    }
    list.items = dedup_rows(std::mem::take(&mut list.items));
    Ok(list)
}

/// Route `/`: the work list, for the roles that follow cases; a pointer to the menu for the
/// others (the server would refuse them the list).
#[component]
pub fn WorkListPage() -> Element {
    let lang = use_lang();
    let role = use_session().read().me().map(|me| me.role);
    match role {
        // An institution follows no cases: its home is its notifications (発生届).
        Some(StaffRole::InstitutionStaff) => rsx! { InstitutionHome {} },
        Some(StaffRole::Admin) => rsx! {
            TitleText { title: WorkText::Title.get(lang) }
            h1 { {WorkText::Title.get(lang)} }
            p { class: "notice", "data-testid": "wl-no-cases", {WorkText::NoCasesForRole.get(lang)} }
        },
        _ => rsx! {
            WorkListView { is_centre: role == Some(StaffRole::HcStaff) }
        },
    }
}

/// Sends institution staff on to their notifications (replacing `/`, so "back" does not
/// bounce them here again).
#[component]
fn InstitutionHome() -> Element {
    let nav = use_navigator();
    // An effect, not the render, navigates: the router must not change while it renders.
    use_effect(move || {
        nav.replace(crate::route::Route::CaseNotifications {});
    });
    rsx! { Loading {} }
}

/// The list itself.
#[component]
fn WorkListView(is_centre: bool) -> Element {
    let lang = use_lang();
    let session = use_session();

    let mut list: Signal<Option<WorkList>> = use_signal(|| None);
    let mut problem: Signal<Option<Problem>> = use_signal(|| None);
    let mut refresh_failed = use_signal(|| false);
    // Bumped by every change of what is shown, so an answer to an older request is dropped.
    let mut generation = use_signal(|| 0u64);
    let mut loading_more = use_signal(|| false);
    let mut selected: Signal<BTreeSet<CaseId>> = use_signal(BTreeSet::new);
    let mut marking = use_signal(|| false);
    let mut mark_result: Signal<Option<(usize, usize)>> = use_signal(|| None);
    let mut search_text = use_signal(|| FILTERS.peek().q.clone());
    let mut search_seq = use_signal(|| 0u64);
    let mut restore_scroll = use_signal(|| VIEW.peek().scroll_y);
    let mut refocus: Signal<Option<String>> = use_signal(|| None);

    // The place is remembered when the page goes (a case opened, another page chosen).
    use_drop(move || {
        VIEW.write().scroll_y = browser::scroll_y();
    });

    let mut apply = move |fetched: WorkList| {
        let shown: BTreeSet<CaseId> = fetched.items.iter().map(|r| r.id).collect();
        selected.write().retain(|id| shown.contains(id));
        refocus.set(browser::focused_id());
        list.set(Some(fetched));
        problem.set(None);
        refresh_failed.set(false);
    };
    // After the rows are redrawn: a row that moved lost the focus with its move.
    use_effect(move || {
        let _redrawn = list.read();
        if let Some(id) = refocus.write().take() {
            browser::refocus(&id);
        }
    });

    let on_failure = move |failed: Problem| {
        if failed.status == 401 {
            expire_session(session);
        }
        failed
    };

    // (Re)load whenever the filters change: a new list from the top.
    use_effect(move || {
        let filters = FILTERS.read().clone();
        let want = VIEW.peek().rows;
        *generation.write() += 1;
        let mine = *generation.peek();
        spawn(async move {
            let fetched = fetch(&filters, want).await;
            if *generation.peek() != mine {
                return;
            }
            match fetched {
                Ok(fetched) => {
                    apply(fetched);
                    let y = *restore_scroll.peek();
                    if y > 0.0 {
                        restore_scroll.set(0.0);
                        spawn(async move {
                            browser::sleep_ms(RENDER_PAUSE_MS).await;
                            browser::scroll_to(y);
                        });
                    }
                }
                Err(failed) => problem.set(Some(on_failure(failed))),
            }
        });
    });

    // Refresh: the rows already loaded, fetched again and replaced in place.
    use_future(move || async move {
        loop {
            browser::sleep_ms(REFRESH_MS).await;
            if browser::hidden() || *loading_more.peek() || *marking.peek() {
                continue;
            }
            let mine = *generation.peek();
            let filters = FILTERS.peek().clone();
            let want = list
                .peek()
                .as_ref()
                .map_or(PAGE_ROWS, |l| l.items.len().max(PAGE_ROWS));
            let fetched = fetch(&filters, want).await;
            if *generation.peek() != mine {
                continue;
            }
            match fetched {
                Ok(fetched) => apply(fetched),
                Err(failed) => {
                    on_failure(failed);
                    refresh_failed.set(true);
                }
            }
        }
    });

    let mut set_filters = move |change: &dyn Fn(&mut Filters)| {
        change(&mut FILTERS.write());
        VIEW.write().rows = PAGE_ROWS;
        selected.write().clear();
        mark_result.set(None);
    };

    let load_more = move |_| {
        let Some(after) = list.peek().as_ref().and_then(|l| l.next.clone()) else {
            return;
        };
        if *loading_more.peek() {
            return;
        }
        loading_more.set(true);
        *generation.write() += 1;
        let mine = *generation.peek();
        let filters = FILTERS.peek().clone();
        spawn(async move {
            let page = api::worklist(&filters.query(PAGE_ROWS, Some(&after))).await;
            loading_more.set(false);
            if *generation.peek() != mine {
                return;
            }
            match page {
                Ok(page) => {
                    if let Some(shown) = list.write().as_mut() {
                        append_page(shown, page);
                        VIEW.write().rows = shown.items.len();
                    }
                }
                Err(failed) => {
                    on_failure(failed);
                    refresh_failed.set(true);
                }
            }
        });
    };

    let mark_reviewed = move |_| {
        let ids: Vec<CaseId> = selected.peek().iter().copied().collect();
        if ids.is_empty() || *marking.peek() {
            return;
        }
        marking.set(true);
        mark_result.set(None);
        spawn(async move {
            let (mut done, mut failed) = (0, 0);
            for id in ids {
                match api::mark_case_reviewed(id).await {
                    Ok(_) => {
                        done += 1;
                        selected.write().remove(&id);
                    }
                    Err(problem) => {
                        failed += 1;
                        on_failure(problem);
                    }
                }
            }
            mark_result.set(Some((done, failed)));
            // Show the result at once rather than at the next tick.
            *generation.write() += 1;
            let mine = *generation.peek();
            let filters = FILTERS.peek().clone();
            let want = list.peek().as_ref().map_or(PAGE_ROWS, |l| l.items.len());
            let fetched = fetch(&filters, want).await;
            marking.set(false);
            if *generation.peek() == mine
                && let Ok(fetched) = fetched
            {
                apply(fetched);
            }
        });
    };

    let on_search = move |e: FormEvent| {
        let typed = e.value();
        search_text.set(typed.clone());
        *search_seq.write() += 1;
        let mine = *search_seq.peek();
        spawn(async move {
            browser::sleep_ms(SEARCH_PAUSE_MS).await;
            if *search_seq.peek() == mine && FILTERS.peek().q != typed {
                set_filters(&|f: &mut Filters| f.q = typed.clone());
            }
        });
    };

    let filters = FILTERS.read().clone();
    let loaded = list.read().clone();
    let field_message = |field: &str| {
        problem
            .read()
            .as_ref()
            .and_then(|p| p.field(field))
            .map(|e| WorkText::field_error(&e.code).get(lang))
    };
    let orgs = loaded.as_ref().map(|l| l.orgs.clone()).unwrap_or_default();
    let selected_now = selected.read().clone();

    rsx! {
        TitleText { title: WorkText::Title.get(lang) }
        div { class: "page-head wl-head",
            h1 { {WorkText::Title.get(lang)} }
            p { class: "muted wl-status", role: "status", "data-testid": "wl-updated",
                if let Some(shown) = &loaded {
                    {updated_at(lang, &clock_time(shown.as_of))}
                    " · "
                }
                {WorkText::AutoRefresh.get(lang)}
            }
        }
        if refresh_failed() {
            p { class: "notice notice-error", role: "alert", {WorkText::RefreshFailed.get(lang)} }
        }
        BucketTabs {
            current: filters.bucket,
            counts: loaded.as_ref().map(|l| l.counts),
            on_choose: move |bucket| set_filters(&|f: &mut Filters| f.bucket = bucket),
        }
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
                        set_filters(&|f: &mut Filters| f.assigned = choice);
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
                        set_filters(&|f: &mut Filters| f.day = day);
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
                        set_filters(&|f: &mut Filters| f.risk = risk);
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
                            set_filters(&|f: &mut Filters| f.org = org);
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
                        set_filters(&|f: &mut Filters| f.age65 = on);
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
                        set_filters(&|f: &mut Filters| {
                            *f = Filters { bucket: f.bucket, ..Filters::default() };
                        });
                    },
                    {WorkText::ClearFilters.get(lang)}
                }
            }
        }
        match (loaded, problem.read().clone()) {
            // A 422 also names its field beside the filter (above).
            (None, Some(failed)) => rsx! {
                ProblemNotice { problem: failed, on_retry: move |_| set_filters(&|_: &mut Filters| {}) }
            },
            (None, _) => rsx! { Loading {} },
            (Some(shown), _) => rsx! {
                div { class: "wl-actions",
                    button {
                        r#type: "button",
                        class: "button button-primary",
                        "data-testid": "wl-mark-reviewed",
                        disabled: selected_now.is_empty() || marking(),
                        onclick: mark_reviewed,
                        if marking() { {WorkText::MarkingReviewed.get(lang)} } else { {WorkText::MarkReviewed.get(lang)} }
                    }
                    span { class: "muted", {selected_text(lang, selected_now.len())} }
                    if let Some((done, failed)) = mark_result() {
                        p { class: if failed > 0 { "notice notice-error" } else { "notice notice-ok" },
                            role: "status",
                            "data-testid": "wl-mark-result",
                            {marked_reviewed(lang, done)}
                            if failed > 0 {
                                " "
                                {WorkText::MarkReviewedFailed.get(lang)}
                            }
                        }
                    }
                }
                if shown.items.is_empty() {
                    p { class: "empty", "data-testid": "wl-empty", {WorkText::Empty.get(lang)} }
                } else {
                    WorkListTable {
                        rows: shown.items.clone(),
                        selected: selected_now.clone(),
                        show_org: is_centre,
                        on_toggle: move |(id, on): (CaseId, bool)| {
                            if on {
                                selected.write().insert(id);
                            } else {
                                selected.write().remove(&id);
                            }
                        },
                        on_toggle_all: move |on: bool| {
                            let ids: Vec<CaseId> = list.peek().as_ref().map(|l| l.items.iter().map(|r| r.id).collect()).unwrap_or_default();
                            let mut chosen = selected.write();
                            if on { chosen.extend(ids); } else { chosen.clear(); }
                        },
                    }
                }
                div { class: "wl-more",
                    p { class: "muted", "data-testid": "wl-shown",
                        {shown_of(lang, shown.items.len(), shown_total(&shown, filters.bucket))}
                    }
                    if shown.next.is_some() {
                        button {
                            r#type: "button",
                            class: "button",
                            "data-testid": "wl-load-more",
                            disabled: loading_more(),
                            onclick: load_more,
                            if loading_more() { {WorkText::LoadingMore.get(lang)} } else { {WorkText::LoadMore.get(lang)} }
                        }
                    }
                }
            },
        }
    }
}

/// How many cases the current tab holds in all.
fn shown_total(list: &WorkList, bucket: Option<Bucket>) -> u64 {
    bucket.map_or_else(|| list.counts.total(), |b| list.counts.get(b))
}

/// The tabs: all, then each bucket with its count, most urgent first.
#[component]
fn BucketTabs(
    current: Option<Bucket>,
    counts: Option<mimamori_shared::api::worklist::BucketCounts>,
    on_choose: EventHandler<Option<Bucket>>,
) -> Element {
    let lang = use_lang();
    let count =
        |bucket: Option<Bucket>| counts.map(|c| bucket.map_or_else(|| c.total(), |b| c.get(b)));
    let tabs: Vec<(Option<Bucket>, &'static str, String)> = std::iter::once(None)
        .chain(Bucket::ALL.into_iter().map(Some))
        .map(|bucket| {
            let name = bucket.map_or("all", Bucket::as_str);
            let label =
                bucket.map_or_else(|| WorkText::All.get(lang), |b| WorkText::bucket(lang, b));
            (bucket, name, label.to_owned())
        })
        .collect();
    rsx! {
        div { class: "wl-tabs", role: "group", "aria-label": WorkText::Buckets.get(lang),
            for (bucket, name, label) in tabs {
                button {
                    key: "{name}",
                    r#type: "button",
                    class: "wl-tab wl-tab-{name}",
                    "data-testid": "wl-tab-{name}",
                    "aria-pressed": (current == bucket).to_string(),
                    onclick: move |_| on_choose.call(bucket),
                    span { class: "wl-tab-label", {label} }
                    strong { class: "wl-tab-count", "data-testid": "wl-count-{name}",
                        {count(bucket).map_or_else(|| "–".to_owned(), |n| n.to_string())}
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tab_total_is_the_buckets_count_or_all() {
        let list = WorkList {
            counts: mimamori_shared::api::worklist::BucketCounts {
                red: 2,
                amber: 3,
                not_reported: 4,
                unreviewed: 5,
                rest: 6,
                ..Default::default()
            },
            items: Vec::new(),
            next: None,
            as_of: chrono::Utc::now(),
            orgs: Vec::new(),
        };
        assert_eq!(shown_total(&list, None), 20);
        assert_eq!(shown_total(&list, Some(Bucket::Amber)), 3);
    }
}
