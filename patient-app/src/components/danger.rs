//! What to do now when a report is red: call the health centre, or 119.
//!
//! Shown before anything else on the screen, as soon as the app itself judges the answers red,
//! whether or not the report has reached the server yet.

use crate::forms::fill;
use dioxus::prelude::*;
use mimamori_shared::Lang;
use mimamori_shared::api::auth::OrgSummary;
use mimamori_shared::i18n::patient::Text;

/// Id of the advice's heading; focus moves there when the advice appears.
pub const DANGER_HEADING_ID: &str = "danger-title";

/// The danger advice block (`data-testid="danger-advice"`), with big `tel:` buttons for the
/// health centre (`data-testid="call-health-centre"`) and 119 (`data-testid="call-119"`).
#[component]
pub fn DangerAdvice(
    health_centre: OrgSummary,
    lang: Lang,
    /// The report has not reached the server yet (sending, or the send failed).
    not_sent: bool,
    /// The report waits on the device for the network (it will go by itself).
    #[props(default)]
    queued: bool,
) -> Element {
    let phone = health_centre
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !tel_digits(p).is_empty());
    let call_centre = fill(
        Text::DangerCallCentre.get(lang),
        &[("name", &health_centre.name)],
    );
    rsx! {
        section { class: "danger", "data-testid": "danger-advice", aria_labelledby: DANGER_HEADING_ID,
            h2 { id: DANGER_HEADING_ID, class: "danger-title", tabindex: "-1",
                "{Text::DangerTitle.get(lang)}"
            }
            p { class: "danger-body", "{Text::DangerBody.get(lang)}" }
            if let Some(phone) = phone {
                a {
                    class: "call-button call-centre",
                    href: "tel:{tel_digits(phone)}",
                    "data-testid": "call-health-centre",
                    span { class: "call-label", "{call_centre}" }
                    span { class: "call-number", "{phone}" }
                }
            } else {
                p { class: "danger-body", "{Text::DangerNoPhone.get(lang)}" }
            }
            p { class: "danger-body", "{Text::Danger119.get(lang)}" }
            a {
                class: "call-button call-119",
                href: "tel:119",
                "data-testid": "call-119",
                span { class: "call-label", "{Text::DangerCall119.get(lang)}" }
            }
            if queued {
                p { class: "danger-not-sent", "{Text::DangerQueued.get(lang)}" }
            } else if not_sent {
                p { class: "danger-not-sent", "{Text::DangerNotSent.get(lang)}" }
            }
        }
    }
}

/// A phone number as a `tel:` URI wants it: digits and a leading `+`, no spaces or hyphens
/// (full-width digits, as Japanese records often hold them, become ASCII).
pub fn tel_digits(phone: &str) -> String {
    let mut out = String::new();
    for c in phone.chars() {
        match c {
            '0'..='9' => out.push(c),
            '０'..='９' => out.extend(char::from_u32(u32::from(c) - 0xFF10 + u32::from('0'))),
            '+' | '＋' if out.is_empty() => out.push('+'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_become_tel_digits() {
        assert_eq!(tel_digits("03-1234-5678"), "0312345678");
        assert_eq!(tel_digits("０３（１２３４）５６７８"), "0312345678");
        assert_eq!(tel_digits("+81 3 1234 5678"), "+81312345678");
        assert_eq!(tel_digits("内線なし"), "");
    }
}
