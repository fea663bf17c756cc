//! Route `/cases/:id/letter`: the printable invitation letter (A4): the patient's name, case
//! number, the link and its QR code, short instructions in Japanese and English, and the health
//! centre's phone.
//!
//! Everything it shows was kept in memory when the invitation was issued on the case page
//! ([`LETTER`]): the page needs no network, and the token, which the server shows only once,
//! is never stored in the browser. Reloading the page loses it on purpose.

use crate::components::TitleText;
use crate::format;
use crate::route::Route;
use crate::state::use_lang;
use chrono::{DateTime, Utc};
use dioxus::prelude::*;
use mimamori_shared::api::cases::CaseView;
use mimamori_shared::api::intake::InvitationView;
use mimamori_shared::i18n::staff_hc::{HcText, letter};
use mimamori_shared::ids::CaseId;

/// What a letter prints.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    /// The case.
    pub case_id: CaseId,
    /// Its number (the patient signs in with it later).
    pub case_number: String,
    /// The patient's name.
    pub name: String,
    /// The health centre.
    pub health_centre: String,
    /// Its phone, if it gave one.
    pub health_centre_phone: Option<String>,
    /// The invitation link.
    pub url: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// The link as a PNG QR code, base64.
    pub qr_png_base64: String,
}

impl Letter {
    /// The letter of a freshly issued invitation.
    pub fn of(case: &CaseView, invitation: &InvitationView) -> Self {
        Self {
            case_id: case.id,
            case_number: case.case_number.clone(),
            name: case.name.clone(),
            health_centre: case.health_centre.name.clone(),
            health_centre_phone: case.health_centre.phone.clone(),
            url: invitation.url.clone(),
            expires_at: invitation.expires_at,
            qr_png_base64: invitation.qr_png_base64.clone(),
        }
    }
}

/// The last invitation issued in this browser tab, for its letter.
pub static LETTER: GlobalSignal<Option<Letter>> = Signal::global(|| None);

/// The letter page.
#[component]
pub fn LetterPage(id: CaseId) -> Element {
    let lang = use_lang();
    let letter = LETTER.read().clone().filter(|l| l.case_id == id);
    rsx! {
        TitleText { title: HcText::LetterTitle.get(lang) }
        div { class: "no-print letter-tools",
            Link { to: Route::Case { id }, "← " {HcText::BackToCase.get(lang)} }
            if letter.is_some() {
                button {
                    r#type: "button",
                    class: "button button-primary",
                    "data-testid": "print-letter",
                    onclick: move |_| crate::browser::print(),
                    {HcText::Print.get(lang)}
                }
            }
        }
        match letter {
            None => rsx! {
                p { class: "notice notice-error", role: "alert", "data-testid": "letter-missing",
                    {HcText::LetterMissing.get(lang)}
                }
            },
            Some(letter) => rsx! { LetterSheet { letter } },
        }
    }
}

/// The A4 sheet itself, in both languages.
#[component]
fn LetterSheet(letter: Letter) -> Element {
    let expires = format::local_date_time(letter.expires_at);
    let phone = letter
        .health_centre_phone
        .clone()
        .map(|p| format!("{}　TEL {p}", letter.health_centre))
        .unwrap_or_else(|| letter.health_centre.clone());
    rsx! {
        article { class: "letter", "data-testid": "letter",
            header { class: "letter-head",
                h1 { lang: "ja", {letter::HEADING.0} }
                p { class: "letter-en", lang: "en", {letter::HEADING.1} }
                p { class: "letter-name", "data-testid": "letter-name",
                    {letter.name.clone()} " " span { lang: "ja", {letter::HONORIFIC} }
                }
                p { class: "letter-number",
                    span { lang: "ja", {letter::CASE_NUMBER.0} } " / " span { lang: "en", {letter::CASE_NUMBER.1} } "："
                    strong { "data-testid": "letter-case-number", {letter.case_number.clone()} }
                }
            }
            div { class: "letter-body",
                img {
                    class: "letter-qr",
                    src: "data:image/png;base64,{letter.qr_png_base64}",
                    alt: "QR",
                    width: "200",
                    height: "200",
                }
                ol { class: "letter-steps",
                    for (index, (ja, en)) in letter::STEPS.iter().enumerate() {
                        li { key: "{index}",
                            span { lang: "ja", {*ja} }
                            br {}
                            span { class: "letter-en", lang: "en", {*en} }
                        }
                    }
                }
            }
            p { class: "letter-url", "data-testid": "letter-url", {letter.url.clone()} }
            p {
                span { lang: "ja", {letter::EXPIRES.0} } " " {expires.clone()}
                br {}
                span { class: "letter-en", lang: "en", {letter::EXPIRES.1} " " {expires.clone()} }
            }
            p {
                span { lang: "ja", {letter::LATER.0} }
                br {}
                span { class: "letter-en", lang: "en", {letter::LATER.1} }
            }
            footer { class: "letter-call",
                p {
                    span { lang: "ja", {letter::CALL.0} }
                    br {}
                    span { class: "letter-en", lang: "en", {letter::CALL.1} }
                }
                p { class: "letter-phone", "data-testid": "letter-phone", {phone} }
            }
        }
    }
}
