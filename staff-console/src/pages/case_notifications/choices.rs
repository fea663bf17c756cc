//! The choices the notification form offers (sex, test method and result, severity,
//! pregnancy, symptoms, risk factors), each marked as chosen or not from the form, with their
//! labels in the page's language. Pure, so it is tested natively.

use super::fields::Choice;
use crate::notification_form::code_value;
use mimamori_shared::Lang;
use mimamori_shared::api::case_notifications::{
    ClinicalSymptom, NotificationForm, Pregnancy, Severity, TestMethod, TestResult,
};
use mimamori_shared::api::cases::{RiskFactor, Sex};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_case::risk_factor;
use mimamori_shared::i18n::staff_institution::{
    InstText, pregnancy, severity, symptom, test_method, test_result,
};

/// Every choice list of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormChoices {
    /// Sex (one).
    pub sexes: Vec<Choice>,
    /// Test method (one).
    pub methods: Vec<Choice>,
    /// Test result (one).
    pub results: Vec<Choice>,
    /// Severity (one).
    pub severities: Vec<Choice>,
    /// Pregnancy: "not answered" first, then the answers (one).
    pub pregnancies: Vec<Choice>,
    /// Symptoms (any).
    pub symptoms: Vec<Choice>,
    /// Risk factors (any).
    pub risks: Vec<Choice>,
}

impl FormChoices {
    /// The choices for `form` in `lang`.
    pub fn of(form: &NotificationForm, lang: Lang) -> Self {
        let radio = |all: Vec<(&'static str, &'static str)>, chosen: &'static str| -> Vec<Choice> {
            all.into_iter()
                .map(|(code, label)| Choice {
                    code,
                    label,
                    on: code == chosen,
                })
                .collect()
        };
        let sexes = radio(
            [Sex::Female, Sex::Male, Sex::Other]
                .iter()
                .map(|s| (s.as_str(), Text::sex(*s).get(lang)))
                .collect(),
            code_value(form.sex.map(Sex::as_str)),
        );
        let methods = radio(
            TestMethod::ALL
                .iter()
                .map(|m| (m.as_str(), test_method(lang, *m)))
                .collect(),
            code_value(form.test_method.map(TestMethod::as_str)),
        );
        let results = radio(
            TestResult::ALL
                .iter()
                .map(|r| (r.as_str(), test_result(lang, *r)))
                .collect(),
            code_value(form.test_result.map(TestResult::as_str)),
        );
        let severities = radio(
            Severity::ALL
                .iter()
                .map(|s| (s.as_str(), severity(lang, *s)))
                .collect(),
            code_value(form.severity.map(Severity::as_str)),
        );
        let pregnancies = radio(
            std::iter::once(("", InstText::NotAnswered.get(lang)))
                .chain(
                    Pregnancy::ALL
                        .iter()
                        .map(|p| (p.as_str(), pregnancy(lang, *p))),
                )
                .collect(),
            code_value(form.pregnancy.map(Pregnancy::as_str)),
        );
        let symptoms: Vec<Choice> = ClinicalSymptom::ALL
            .iter()
            .map(|s| Choice {
                code: s.as_str(),
                label: symptom(lang, *s),
                on: form.symptoms.contains(s),
            })
            .collect();
        let risks: Vec<Choice> = RiskFactor::ALL
            .iter()
            .map(|r| Choice {
                code: r.as_str(),
                label: risk_factor(lang, *r),
                on: form.risk_factors.contains(r),
            })
            .collect();
        Self {
            sexes,
            methods,
            results,
            severities,
            pregnancies,
            symptoms,
            risks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(choices: &[Choice]) -> Vec<&'static str> {
        choices.iter().filter(|c| c.on).map(|c| c.code).collect()
    }

    #[test]
    fn an_empty_form_chooses_nothing_but_pregnancy_not_answered() {
        let choices = FormChoices::of(&NotificationForm::default(), Lang::Ja);
        assert!(chosen(&choices.sexes).is_empty());
        assert!(chosen(&choices.methods).is_empty());
        assert!(chosen(&choices.symptoms).is_empty());
        assert_eq!(choices.pregnancies[0].code, "");
        assert_eq!(chosen(&choices.pregnancies), [""]);
        assert_eq!(choices.sexes.len(), 3);
        assert_eq!(choices.risks.len(), RiskFactor::ALL.len());
    }

    #[test]
    fn what_the_form_holds_is_marked_chosen() {
        let form = NotificationForm {
            sex: Some(Sex::Female),
            severity: Some(Severity::ALL[0]),
            symptoms: vec![ClinicalSymptom::ALL[1]],
            risk_factors: vec![RiskFactor::ALL[0], RiskFactor::ALL[2]],
            ..NotificationForm::default()
        };
        let choices = FormChoices::of(&form, Lang::En);
        assert_eq!(chosen(&choices.sexes), [Sex::Female.as_str()]);
        assert_eq!(chosen(&choices.severities), [Severity::ALL[0].as_str()]);
        assert_eq!(
            chosen(&choices.symptoms),
            [ClinicalSymptom::ALL[1].as_str()]
        );
        assert_eq!(
            chosen(&choices.risks),
            [RiskFactor::ALL[0].as_str(), RiskFactor::ALL[2].as_str()]
        );
        assert!(choices.sexes.iter().all(|c| !c.label.is_empty()));
    }
}
