//! The home page: the triage work list. Bucket tabs with counts, filters, a
//! debounced search, the table and "load more". It refreshes itself every few seconds without
//! losing the user's place: the same filters, every row already loaded (re-fetched and replaced
//! in place), the scroll position and the focus stay. Filters, the number of rows loaded and
//! the scroll position also survive a visit to a case and the way back.

mod filter_bar;
mod query;

use crate::api;
use crate::browser;
use crate::components::{Loading, ProblemNotice, TitleText, WorkListTable};
use crate::format;
use crate::state::{expire_session, use_lang, use_session};
use dioxus::prelude::*;
use filter_bar::{FilterBar, FilterEdit};
use mimamori_shared::api::Problem;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::worklist::{Bucket, WorkList};
use mimamori_shared::i18n::staff_worklist::{
    WorkText, marked_reviewed, selected as selected_text, shown_of, updated_at,
};
use mimamori_shared::ids::CaseId;
use query::{Filters, MAX_ROWS_PER_REQUEST, PAGE_ROWS, append_page, dedup_rows};
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

    let filters = FILTERS.read().clone();
    let loaded = list.read().clone();
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
        FilterBar {
            is_centre,
            filters: filters.clone(),
            orgs,
            problem: problem.read().clone(),
            on_change: move |edit: FilterEdit| {
                let mut chosen = FILTERS.peek().clone();
                edit(&mut chosen);
                // Choosing what is already chosen (or typing back the same search) keeps the
                // list, its selection and its place.
                if *FILTERS.peek() != chosen {
                    set_filters(&|f: &mut Filters| *f = chosen.clone());
                }
            },
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
