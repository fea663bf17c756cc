//! Translations: every string a person reads, in one place.
//!
//! Patient-facing strings (the catalogue labels here and the patient app's [`patient::Text`])
//! exist in every [`Lang`]; each language's are in its own file under `patient/`, so a string
//! missing in one language is a compile error there. Staff-facing strings (the console's
//! [`staff::Text`], [`Reason`] labels) are Japanese and English; the other languages read them in
//! English. Numbers with decimals are written with each language's separator ([`number`]).

pub mod number;
pub mod patient;
pub mod patient_notices;
pub mod staff;
pub mod staff_admin;
pub mod staff_audit;
pub mod staff_auth;
pub mod staff_bulk_import;
pub mod staff_case;
pub mod staff_hc;
pub mod staff_inpatient;
pub mod staff_institution;
pub mod staff_notifications;
pub mod staff_reports_daily;
pub mod staff_safety;
pub mod staff_test_counts;
pub mod staff_worklist;

use crate::catalogue::{Answer, Symptom, UrgentSign};
use crate::triage::{Flag, Reason};
use serde::{Deserialize, Serialize};

/// A language of the user interface. Serialised as its BCP 47 tag ([`Lang::tag`]), which is also
/// what the server stores for an account and the apps keep in local storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Lang {
    /// 日本語.
    #[default]
    #[serde(rename = "ja")]
    #[cfg_attr(feature = "db", sea_orm(string_value = "ja"))]
    Ja,
    /// English.
    #[serde(rename = "en")]
    #[cfg_attr(feature = "db", sea_orm(string_value = "en"))]
    En,
    /// 简体中文 (Simplified Chinese).
    #[serde(rename = "zh-Hans")]
    #[cfg_attr(feature = "db", sea_orm(string_value = "zh-Hans"))]
    ZhHans,
    /// 한국어 (Korean).
    #[serde(rename = "ko")]
    #[cfg_attr(feature = "db", sea_orm(string_value = "ko"))]
    Ko,
    /// Tiếng Việt (Vietnamese).
    #[serde(rename = "vi")]
    #[cfg_attr(feature = "db", sea_orm(string_value = "vi"))]
    Vi,
    /// Português (Brasil) (Brazilian Portuguese).
    #[serde(rename = "pt-BR")]
    #[cfg_attr(feature = "db", sea_orm(string_value = "pt-BR"))]
    PtBr,
}

impl Lang {
    /// Every supported language, in the order the patient app offers them.
    pub const ALL: [Lang; 6] = [
        Lang::Ja,
        Lang::En,
        Lang::ZhHans,
        Lang::Ko,
        Lang::Vi,
        Lang::PtBr,
    ];

    /// BCP 47 tag, for `<html lang>`, storage and the API (the same as the serde name).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
            Lang::ZhHans => "zh-Hans",
            Lang::Ko => "ko",
            Lang::Vi => "vi",
            Lang::PtBr => "pt-BR",
        }
    }

    /// Inverse of [`Lang::tag`], lenient about case, `_` for `-` and region subtags, so it also
    /// reads a browser's `navigator.language` (`en-GB`, `zh-CN`, `pt-PT`, `ko-KR`).
    ///
    /// Chinese in Traditional script (`zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO`) is `None`: the app has
    /// no Traditional Chinese, and the language chooser offers 简体中文 to whoever wants it.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut subtags = tag.split('-');
        match subtags.next()? {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            "zh" if subtags.all(|s| !matches!(s, "hant" | "tw" | "hk" | "mo")) => {
                Some(Lang::ZhHans)
            }
            "ko" => Some(Lang::Ko),
            "vi" => Some(Lang::Vi),
            "pt" => Some(Lang::PtBr),
            _ => None,
        }
    }

    /// The language's name in itself, for the language chooser.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
            Lang::ZhHans => "简体中文",
            Lang::Ko => "한국어",
            Lang::Vi => "Tiếng Việt",
            Lang::PtBr => "Português (Brasil)",
        }
    }
}

/// Picks the text of `lang` from a staff-facing (Japanese, English) pair: every language but
/// Japanese reads English.
pub(crate) fn pick(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En | Lang::ZhHans | Lang::Ko | Lang::Vi | Lang::PtBr => en,
    }
}

impl Symptom {
    /// The question as the form asks it.
    pub fn label(self, lang: Lang) -> &'static str {
        (patient::translation(lang).symptom)(self)
    }
}

impl Answer {
    /// The answer as a button says it.
    pub fn label(self, lang: Lang) -> &'static str {
        (patient::translation(lang).answer)(self)
    }
}

impl UrgentSign {
    /// The sign as MHLW's list words it.
    pub fn label(self, lang: Lang) -> &'static str {
        (patient::translation(lang).urgent_sign)(self)
    }
}

impl Flag {
    /// Short label for badges.
    pub fn label(self, lang: Lang) -> &'static str {
        (patient::translation(lang).flag)(self)
    }
}

impl Reason {
    /// Why the rules flagged a report, for staff.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Reason::Spo2AtMost93 => pick(lang, "SpO2 93%以下", "SpO2 at or below 93%"),
            Reason::UrgentSign => pick(lang, "緊急性の高い症状あり", "Urgent sign present"),
            Reason::BreathlessWithLowSpo2 => pick(
                lang,
                "息苦しさ＋SpO2 95%以下",
                "Breathless with SpO2 at or below 95%",
            ),
            Reason::Spo2Borderline => pick(lang, "SpO2 94〜95%", "SpO2 94–95%"),
            Reason::Spo2Fall => pick(
                lang,
                "SpO2が前回から3以上低下",
                "SpO2 fell 3 or more since last report",
            ),
            Reason::HighFever => pick(lang, "38.0℃以上の発熱", "Fever of 38.0 °C or more"),
            Reason::Breathlessness => pick(lang, "息苦しさあり", "Shortness of breath"),
            Reason::DifficultyEating => pick(lang, "食事がとれない", "Unable to eat"),
            Reason::NoUrination => pick(lang, "尿が出ない", "Not passing urine"),
            Reason::Spo2AtOrBelowCaseRed => pick(
                lang,
                "SpO2が個別の赤基準以下",
                "SpO2 at or below this patient's red threshold",
            ),
            Reason::Spo2AtOrBelowCaseAmber => pick(
                lang,
                "SpO2が個別の黄基準以下",
                "SpO2 at or below this patient's amber threshold",
            ),
            Reason::PulseRed => pick(
                lang,
                "脈拍131回/分以上または40回/分以下",
                "Pulse 131/min or more, or 40/min or less",
            ),
            Reason::PulseAmber => pick(
                lang,
                "脈拍111回/分以上または50回/分以下",
                "Pulse 111/min or more, or 50/min or less",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_parse_with_regions() {
        let cases = [
            ("ja", Some(Lang::Ja)),
            ("ja-JP", Some(Lang::Ja)),
            ("en_GB", Some(Lang::En)),
            ("zh", Some(Lang::ZhHans)),
            ("zh-CN", Some(Lang::ZhHans)),
            ("zh-Hans", Some(Lang::ZhHans)),
            ("zh-hans-cn", Some(Lang::ZhHans)),
            ("zh-SG", Some(Lang::ZhHans)),
            ("zh-TW", None),
            ("zh-Hant-HK", None),
            ("ko", Some(Lang::Ko)),
            ("ko-KR", Some(Lang::Ko)),
            ("vi", Some(Lang::Vi)),
            ("vi-VN", Some(Lang::Vi)),
            ("pt", Some(Lang::PtBr)),
            ("pt-BR", Some(Lang::PtBr)),
            ("pt_br", Some(Lang::PtBr)),
            ("xx", None),
            ("", None),
        ];
        for (tag, expected) in cases {
            assert_eq!(Lang::parse(tag), expected, "{tag:?}");
        }
    }

    #[test]
    fn every_tag_parses_back_and_is_the_serde_name() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.tag()), Some(lang));
            let json = serde_json::to_string(&lang).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", lang.tag()));
            let back: Option<Lang> = serde_json::from_str(&json).ok();
            assert_eq!(back, Some(lang));
        }
    }

    #[test]
    fn every_catalogue_item_has_text_in_every_language() {
        for lang in Lang::ALL {
            assert!(!lang.native_name().is_empty());
            for s in Symptom::ALL {
                assert!(!s.label(lang).trim().is_empty(), "{s:?} in {lang:?}");
            }
            for a in [Answer::No, Answer::Yes, Answer::Unsure] {
                assert!(!a.label(lang).trim().is_empty(), "{a:?} in {lang:?}");
            }
            for u in UrgentSign::ALL {
                assert!(!u.label(lang).trim().is_empty(), "{u:?} in {lang:?}");
            }
            for f in [Flag::Red, Flag::Amber, Flag::None] {
                assert!(!f.label(lang).trim().is_empty(), "{f:?} in {lang:?}");
            }
        }
    }

    #[test]
    fn staff_strings_fall_back_to_english() {
        let en = Reason::HighFever.label(Lang::En);
        for lang in [Lang::ZhHans, Lang::Ko, Lang::Vi, Lang::PtBr] {
            assert_eq!(Reason::HighFever.label(lang), en);
        }
    }

    /// A label that is the same in two languages is usually one copied and not translated.
    #[test]
    fn catalogue_labels_differ_between_languages() {
        for (i, a) in Lang::ALL.into_iter().enumerate() {
            for b in Lang::ALL.into_iter().skip(i + 1) {
                for s in Symptom::ALL {
                    assert_ne!(s.label(a), s.label(b), "{s:?} in {a:?} and {b:?}");
                }
                for u in UrgentSign::ALL {
                    assert_ne!(u.label(a), u.label(b), "{u:?} in {a:?} and {b:?}");
                }
            }
        }
    }
}
