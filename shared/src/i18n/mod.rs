//! Translations: every string a person reads, in one place.
//!
//! Catalogue labels are here; the UI strings of each app are in [`patient`] and [`staff`].
//! Japanese is the reference language; English is complete; further patient-facing languages
//! are added as new `Lang` variants (the compiler then lists every string still to translate).

pub mod patient;
pub mod staff;

use crate::catalogue::{Answer, Symptom, UrgentSign};
use crate::triage::{Flag, Reason};
use serde::{Deserialize, Serialize};

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    /// 日本語.
    #[default]
    #[serde(rename = "ja")]
    Ja,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Every supported language, in the order offered.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// BCP 47 tag, for `<html lang>` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// Inverse of [`Lang::tag`]; also accepts region subtags (`en-GB`).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The language's name in itself, for the language chooser.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }
}

/// Picks the text of `lang` from a (Japanese, English) pair.
pub(crate) fn pick(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

impl Symptom {
    /// The question as the form asks it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Symptom::CoughRunnyNose => pick(lang, "咳・鼻水", "Cough or runny nose"),
            Symptom::Breathlessness => pick(lang, "息苦しさ", "Shortness of breath"),
            Symptom::Fatigue => pick(
                lang,
                "全身倦怠感（だるさ）",
                "Feeling weak or tired all over",
            ),
            Symptom::NauseaVomiting => pick(lang, "吐き気・嘔吐", "Nausea or vomiting"),
            Symptom::Diarrhoea => pick(lang, "下痢", "Diarrhoea"),
            Symptom::DifficultyEating => pick(lang, "食事がとれない", "Unable to eat"),
            Symptom::NoUrination => pick(lang, "尿が出ない", "Not passing urine"),
            Symptom::TasteSmellDisorder => pick(lang, "味覚・嗅覚の異常", "Loss of taste or smell"),
            Symptom::SoreThroat => pick(lang, "のどの痛み", "Sore throat"),
            Symptom::Headache => pick(lang, "頭痛", "Headache"),
        }
    }
}

impl Answer {
    /// The answer as a button says it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Answer::No => pick(lang, "いいえ", "No"),
            Answer::Yes => pick(lang, "はい", "Yes"),
            Answer::Unsure => pick(lang, "わからない", "Not sure"),
        }
    }
}

impl UrgentSign {
    /// The sign as MHLW's list words it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            UrgentSign::PaleFace => pick(lang, "顔色が明らかに悪い", "Face is clearly pale"),
            UrgentSign::PurpleLips => pick(lang, "唇が紫色になっている", "Lips have turned purple"),
            UrgentSign::NotThemselves => pick(
                lang,
                "いつもと違う、様子がおかしい",
                "Not themselves, something is wrong",
            ),
            UrgentSign::RapidBreathing => pick(
                lang,
                "息が荒くなった（呼吸数が多くなった）",
                "Breathing fast",
            ),
            UrgentSign::SuddenBreathlessness => {
                pick(lang, "急に息苦しくなった", "Suddenly short of breath")
            }
            UrgentSign::BreathlessOnExertion => pick(
                lang,
                "日常生活の中で少し動くと息苦しい",
                "Short of breath after moving a little",
            ),
            UrgentSign::ChestPain => pick(lang, "胸の痛みがある", "Chest pain"),
            UrgentSign::CannotLieDown => pick(
                lang,
                "横になれない・座らないと息ができない",
                "Cannot lie down; can only breathe sitting up",
            ),
            UrgentSign::ShoulderBreathing => {
                pick(lang, "肩で息をしている", "Breathing with the shoulders")
            }
            UrgentSign::SuddenWheezing => pick(
                lang,
                "突然（2時間以内を目安）ゼーゼーしはじめた",
                "Started wheezing suddenly (within about 2 hours)",
            ),
            UrgentSign::Drowsy => pick(
                lang,
                "ぼんやりしている（反応が弱い）",
                "Drowsy, responding weakly",
            ),
            UrgentSign::Unresponsive => pick(
                lang,
                "もうろうとしている（返事がない）",
                "Confused, not answering",
            ),
            UrgentSign::IrregularPulse => pick(
                lang,
                "脈がとぶ、脈のリズムが乱れる感じがする",
                "Pulse skips or feels irregular",
            ),
        }
    }
}

impl Flag {
    /// Short label for badges.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Flag::Red => pick(lang, "緊急", "Urgent"),
            Flag::Amber => pick(lang, "要確認", "Review"),
            Flag::None => pick(lang, "問題なし", "No flag"),
        }
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_parse_with_regions() {
        assert_eq!(Lang::parse("ja-JP"), Some(Lang::Ja));
        assert_eq!(Lang::parse("en_GB"), Some(Lang::En));
        assert_eq!(Lang::parse("xx"), None);
    }

    #[test]
    fn every_catalogue_item_has_text_in_every_language() {
        for lang in Lang::ALL {
            for s in Symptom::ALL {
                assert!(!s.label(lang).is_empty());
            }
            for u in UrgentSign::ALL {
                assert!(!u.label(lang).is_empty());
            }
        }
    }
}
