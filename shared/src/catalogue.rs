//! The item catalogue of the daily health report, modelled on My HER-SYS (2022) and MHLW's
//! list of urgent symptoms (緊急性の高い症状, 2020-04-27).
//!
//! Both apps render the form from these lists and the server validates against them, so an item
//! exists in exactly one place. Labels live in [`crate::i18n`].

use serde::{Deserialize, Serialize};

/// Version of the item catalogue; stored with every report.
pub const CATALOGUE_VERSION: &str = "2022.1";

/// One of the ten symptoms asked every day, answered no / yes / unsure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Symptom {
    /// 咳・鼻水
    CoughRunnyNose,
    /// 息苦しさ
    Breathlessness,
    /// 全身倦怠感
    Fatigue,
    /// 嘔気・嘔吐
    NauseaVomiting,
    /// 下痢
    Diarrhoea,
    /// 食事困難
    DifficultyEating,
    /// 排尿がない
    NoUrination,
    /// 味覚・嗅覚の異常
    TasteSmellDisorder,
    /// 咽頭痛
    SoreThroat,
    /// 頭痛
    Headache,
}

impl Symptom {
    /// Every symptom, in the order the form asks them.
    pub const ALL: [Symptom; 10] = [
        Symptom::CoughRunnyNose,
        Symptom::Breathlessness,
        Symptom::Fatigue,
        Symptom::NauseaVomiting,
        Symptom::Diarrhoea,
        Symptom::DifficultyEating,
        Symptom::NoUrination,
        Symptom::TasteSmellDisorder,
        Symptom::SoreThroat,
        Symptom::Headache,
    ];
}

/// Answer to a symptom question. "Unsure" counts as not present for the rules, but staff see it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// いいえ
    #[default]
    No,
    /// はい
    Yes,
    /// わからない
    Unsure,
}

/// One of the 13 urgent signs (緊急性の高い症状); any one of them makes a report red.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UrgentSign {
    /// 顔色が明らかに悪い
    PaleFace,
    /// 唇が紫色になっている
    PurpleLips,
    /// いつもと違う、様子がおかしい
    NotThemselves,
    /// 息が荒くなった（呼吸数が多くなった）
    RapidBreathing,
    /// 急に息苦しくなった
    SuddenBreathlessness,
    /// 日常生活の中で少し動くと息苦しい
    BreathlessOnExertion,
    /// 胸の痛みがある
    ChestPain,
    /// 横になれない・座らないと息ができない
    CannotLieDown,
    /// 肩で息をしている
    ShoulderBreathing,
    /// 突然（2時間以内を目安）ゼーゼーしはじめた
    SuddenWheezing,
    /// ぼんやりしている（反応が弱い）
    Drowsy,
    /// もうろうとしている（返事がない）
    Unresponsive,
    /// 脈がとぶ、脈のリズムが乱れる感じがする
    IrregularPulse,
}

impl UrgentSign {
    /// Every urgent sign, in the order of MHLW's list.
    pub const ALL: [UrgentSign; 13] = [
        UrgentSign::PaleFace,
        UrgentSign::PurpleLips,
        UrgentSign::NotThemselves,
        UrgentSign::RapidBreathing,
        UrgentSign::SuddenBreathlessness,
        UrgentSign::BreathlessOnExertion,
        UrgentSign::ChestPain,
        UrgentSign::CannotLieDown,
        UrgentSign::ShoulderBreathing,
        UrgentSign::SuddenWheezing,
        UrgentSign::Drowsy,
        UrgentSign::Unresponsive,
        UrgentSign::IrregularPulse,
    ];
}
