//! Tests of the patient-facing strings: every one present, translated and with the same
//! placeholders in every language.

use super::*;
use serde::Deserialize;
use serde::de::value::{Error, U32Deserializer};

/// Every variant of `T`, in order, found by asking serde for variant 0, 1, 2… until there is
/// none: no list to keep up to date, so a new variant cannot escape the tests.
fn every<'de, T: Deserialize<'de>>() -> Vec<T> {
    (0..)
        .map_while(|index| T::deserialize(U32Deserializer::<Error>::new(index)).ok())
        .collect()
}

/// The `{…}` placeholders of a template, sorted.
fn placeholders(template: &str) -> Vec<&str> {
    let mut found: Vec<&str> = template
        .match_indices('{')
        .filter_map(|(start, _)| {
            let end = template[start..].find('}')?;
            Some(&template[start..=start + end])
        })
        .collect();
    found.sort_unstable();
    found
}

#[test]
fn every_text_has_words_in_every_language() {
    let texts = every::<Text>();
    assert!(texts.len() > 80, "found only {} texts", texts.len());
    for text in texts {
        for lang in Lang::ALL {
            let s = text.get(lang);
            assert!(!s.trim().is_empty(), "{text:?} in {lang:?} is empty");
            assert_eq!(s, s.trim(), "{text:?} in {lang:?} has stray spaces");
        }
    }
}

/// A string left in English in another language is one somebody meant to translate later:
/// it fails here rather than reaching a patient who cannot read it.
#[test]
fn every_text_is_translated_from_english() {
    // Words that really are the same.
    let same_as_english = [(Text::ResultDone, Lang::Vi), (Text::ResultDone, Lang::PtBr)];
    for text in every::<Text>() {
        for lang in [Lang::ZhHans, Lang::Ko, Lang::Vi, Lang::PtBr] {
            if !same_as_english.contains(&(text, lang)) {
                assert_ne!(
                    text.get(lang),
                    text.get(Lang::En),
                    "{text:?} in {lang:?} is still English"
                );
            }
        }
    }
}

/// A translation that drops or misspells a placeholder would show `{min}` to the patient or
/// lose the number.
#[test]
fn every_language_uses_the_placeholders_of_japanese() {
    for text in every::<Text>() {
        let reference = placeholders(text.get(Lang::Ja));
        for lang in Lang::ALL {
            assert_eq!(
                placeholders(text.get(lang)),
                reference,
                "{text:?} in {lang:?}"
            );
        }
    }
}

/// The placeholders the app fills in, so none is left unfilled.
#[test]
fn templates_have_the_placeholders_the_app_fills() {
    let with_placeholders = [
        (Text::PasswordRule, &["{min}"][..]),
        (Text::PasswordCount, &["{n}"]),
        (Text::FollowUpDay, &["{day}", "{end}"]),
        (Text::CaseNumberShown, &["{n}"]),
        (Text::NoteCount, &["{max}", "{n}"]),
        (Text::FormHasErrors, &["{n}"]),
        (Text::ErrOutOfRange, &["{max}", "{min}"]),
        (Text::ErrTooLong, &["{max}"]),
        (Text::ErrTooShort, &["{min}"]),
        (Text::FailedSignIns, &["{n}"]),
        (Text::DangerCallCentre, &["{name}"]),
        (Text::QueueWaitingCount, &["{n}"]),
        (Text::QueueLastTried, &["{time}"]),
        (Text::QueueSentCount, &["{n}"]),
        (Text::MessageFrom, &["{from}"]),
        (Text::ChartSummary, &["{latest}", "{max}", "{min}", "{n}"]),
        (Text::ChartSummarySpo2, &["{latest}", "{max}", "{min}"]),
        (Text::HouseholdAdded, &["{name}"]),
        (Text::ReportForMember, &["{name}"]),
    ];
    for (text, expected) in with_placeholders {
        assert_eq!(placeholders(text.get(Lang::Ja)), expected, "{text:?}");
    }
}

#[test]
fn the_every_helper_finds_each_variant() {
    assert_eq!(every::<Answer>(), [Answer::No, Answer::Yes, Answer::Unsure]);
    assert_eq!(every::<Symptom>(), Symptom::ALL);
    assert_eq!(every::<Text>().first(), Some(&Text::AppName));
}

#[test]
fn every_flag_has_words_in_every_language() {
    for flag in every::<Flag>() {
        for lang in Lang::ALL {
            assert!(!flag.label(lang).trim().is_empty(), "{flag:?} in {lang:?}");
        }
    }
}

#[test]
fn dates_read_naturally_in_every_language() {
    let Some(date) = NaiveDate::from_ymd_opt(2026, 3, 5) else {
        panic!("a real date");
    };
    let expected = [
        (Lang::Ja, "3月5日"),
        (Lang::En, "5 March"),
        (Lang::ZhHans, "3月5日"),
        (Lang::Ko, "3월 5일"),
        (Lang::Vi, "ngày 5 tháng 3"),
        (Lang::PtBr, "5 de março"),
    ];
    for (lang, text) in expected {
        assert_eq!(short_date(date, lang), text);
    }
}

/// Wordings a review by a reader of all six languages found changing the meaning of an urgent
/// sign or symptom (docs/patient-app.md, "Wording of urgent signs and symptoms"): each must
/// keep the corrected term and not fall back to the old one. The first four rows are the ones
/// that could make a patient or family hold back.
#[test]
fn urgent_signs_and_symptoms_keep_the_meaning_of_japanese() {
    enum Item {
        Sign(UrgentSign),
        Symptom(Symptom),
    }
    use Item::{Sign, Symptom as Sym};
    let cases: &[(Lang, Item, &[&str], &[&str])] = &[
        // ゼーゼー is a wheeze, not puffing (呼哧呼哧 overlaps 息が荒い); "about 2 hours" stays.
        (
            Lang::ZhHans,
            Sign(UrgentSign::SuddenWheezing),
            &["喘鸣", "咝咝", "大约2小时"],
            &["呼哧"],
        ),
        // もうろう is clouded consciousness, not a coma (mê man): nobody should wait for a coma.
        (
            Lang::Vi,
            Sign(UrgentSign::Unresponsive),
            &["lơ mơ", "không tỉnh táo"],
            &["mê man"],
        ),
        // 尿が出ない is no urine passed (dehydration), not being unable to pass it (retention).
        (
            Lang::Vi,
            Sym(Symptom::NoUrination),
            &["không có nước tiểu"],
            &["tiểu được"],
        ),
        (
            Lang::PtBr,
            Sym(Symptom::NoUrination),
            &["não está urinando"],
            &["consegue"],
        ),
        (
            Lang::ZhHans,
            Sym(Symptom::NoUrination),
            &["没有排尿"],
            &["尿不出"],
        ),
        // ぼんやり is weak responses, not daydreaming; in Vietnamese milder than もうろう.
        (Lang::ZhHans, Sign(UrgentSign::Drowsy), &["反应"], &["发呆"]),
        (
            Lang::Vi,
            Sign(UrgentSign::Drowsy),
            &["phản ứng yếu"],
            &["lơ mơ"],
        ),
        // 脈がとぶ is skipped beats, not a pulse that stopped.
        (
            Lang::ZhHans,
            Sign(UrgentSign::IrregularPulse),
            &["漏跳"],
            &["停跳"],
        ),
        // 肩で息 is shoulders rising and falling with each breath, not a shrug or a lift.
        (
            Lang::ZhHans,
            Sign(UrgentSign::ShoulderBreathing),
            &["起伏"],
            &["耸"],
        ),
        (
            Lang::Vi,
            Sign(UrgentSign::ShoulderBreathing),
            &["mỗi nhịp thở"],
            &["mới thở được"],
        ),
        (
            Lang::En,
            Sign(UrgentSign::ShoulderBreathing),
            &["each breath"],
            &[],
        ),
        // もうろう is not "confused" (disoriented) in Portuguese.
        (
            Lang::PtBr,
            Sign(UrgentSign::Unresponsive),
            &["inconsciente"],
            &["confuso"],
        ),
        // 目安: "about" 2 hours.
        (
            Lang::Ko,
            Sign(UrgentSign::SuddenWheezing),
            &["대략 2시간"],
            &[],
        ),
    ];
    for (lang, item, wanted, unwanted) in cases {
        let label = match item {
            Sign(sign) => sign.label(*lang),
            Sym(symptom) => symptom.label(*lang),
        };
        let lower = label.to_lowercase();
        for word in *wanted {
            assert!(lower.contains(word), "{label:?} in {lang:?} lacks {word:?}");
        }
        for word in *unwanted {
            assert!(
                !lower.contains(word),
                "{label:?} in {lang:?} still says {word:?}"
            );
        }
    }
}

/// Families fill in the urgent signs for someone else (the drowsy or barely responsive patient
/// cannot), so the question and its instruction do not say "you".
#[test]
fn the_urgent_sign_question_does_not_address_the_patient() {
    let you = [(Lang::En, "you"), (Lang::Vi, "bạn"), (Lang::PtBr, "você")];
    for (lang, word) in you {
        for text in [Text::UrgentTitle, Text::UrgentIntro] {
            let words = text.get(lang).to_lowercase();
            assert!(
                !words
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == word),
                "{text:?} in {lang:?}: {words:?}"
            );
        }
    }
}

/// 保健所 is one term, with "Hokenjo", in every string: a bare "trung tâm y tế" is a district
/// medical centre in Vietnam, a bare "centro de saúde" a primary-care clinic in Brazil.
#[test]
fn the_health_centre_is_named_one_way_with_hokenjo() {
    let terms = [
        (
            Lang::Vi,
            "trung tâm y tế",
            "trung tâm y tế công cộng (Hokenjo)",
        ),
        (
            Lang::PtBr,
            "centro de saúde",
            "Centro de Saúde Pública (Hokenjo)",
        ),
    ];
    for (lang, bare, full) in terms {
        for text in every::<Text>() {
            let words = text.get(lang);
            let mentions = words.to_lowercase().matches(bare).count();
            assert_eq!(
                words.matches(full).count(),
                mentions,
                "{text:?} in {lang:?}: {words:?}"
            );
        }
    }
}

/// In China 119 is the fire brigade and 120 the ambulance: wherever the Chinese text gives 119,
/// it says it is Japan's ambulance number.
#[test]
fn chinese_says_119_is_the_ambulance_in_japan() {
    let mut found = 0;
    for text in every::<Text>() {
        let words = text.get(Lang::ZhHans);
        if words.contains("119") {
            found += 1;
            assert!(words.contains("日本"), "{text:?}: {words:?}");
        }
    }
    assert_eq!(found, 2, "Danger119 and DangerCall119");
}

/// A decimal in a text (the example under the input, the chart legend) uses the separator the
/// app writes numbers with in that language, so the hint and the error message agree.
#[test]
fn decimals_in_texts_use_the_separator_of_the_language() {
    use crate::i18n::number::decimal_separator;
    for lang in Lang::ALL {
        let other = if decimal_separator(lang) == '.' {
            ','
        } else {
            '.'
        };
        for text in every::<Text>() {
            let chars: Vec<char> = text.get(lang).chars().collect();
            for window in chars.windows(3) {
                if let [before, mark, after] = *window {
                    assert!(
                        !(before.is_ascii_digit() && mark == other && after.is_ascii_digit()),
                        "{text:?} in {lang:?}: {:?}",
                        text.get(lang)
                    );
                }
            }
        }
    }
}
