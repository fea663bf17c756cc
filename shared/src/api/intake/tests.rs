use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn valid() -> RegisterCase {
    RegisterCase {
        name: "　山田　 花子 ".into(),
        name_kana: "やまだ ハナコ".into(),
        birth_date: date(1948, 3, 12),
        sex: Some(Sex::Female),
        phone: "０９０－１２３４－５６７８".into(),
        address: "東京都千代田区1-1".into(),
        risk_factors: vec![
            RiskFactor::Obesity,
            RiskFactor::Diabetes,
            RiskFactor::Obesity,
        ],
        onset_date: date(2026, 11, 20),
        specimen_date: date(2026, 11, 21),
        ..Default::default()
    }
}

fn codes(request: &RegisterCase) -> Vec<(String, String)> {
    request
        .validate(today())
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}

#[test]
fn a_valid_case_is_normalised_and_its_period_starts_on_onset() {
    let case = valid()
        .validate(today())
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(case.name, "山田 花子");
    assert_eq!(case.name_kana, "ヤマダ ハナコ");
    assert_eq!(case.phone, "090-1234-5678");
    assert_eq!(
        case.risk_factors,
        [RiskFactor::Diabetes, RiskFactor::Obesity]
    );
    assert_eq!(Some(case.followup_start), date(2026, 11, 20));
    assert_eq!(
        Some(case.followup_end),
        date(2026, 11, 29),
        "10 days, the first included"
    );
    assert_eq!(case.slots_per_day, 1);
}

#[test]
fn the_period_starts_on_the_specimen_date_else_today_and_has_the_length_asked() {
    let mut request = valid();
    request.onset_date = None;
    request.followup_days = Some(7);
    request.slots_per_day = Some(2);
    let case = request
        .validate(today())
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(Some(case.followup_start), date(2026, 11, 21));
    assert_eq!(Some(case.followup_end), date(2026, 11, 27));
    assert_eq!(case.slots_per_day, 2);
    request.specimen_date = None;
    let case = request
        .validate(today())
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(case.followup_start, today());
}

#[test]
fn an_empty_request_names_every_required_field() {
    assert_eq!(
        codes(&RegisterCase::default()),
        [
            pair("name", "required"),
            pair("name_kana", "required"),
            pair("birth_date", "required"),
            pair("sex", "required"),
            pair("phone", "required"),
        ]
    );
}

#[test]
fn each_bad_field_gets_its_own_error() {
    let mut request = valid();
    request.name = "あ".repeat(NAME_MAX_CHARS + 1);
    request.name_kana = "Yamada".into();
    request.phone = "090-12-34".into();
    request.birth_date = date(2026, 12, 1);
    request.onset_date = date(2026, 11, 24);
    request.specimen_date = date(2026, 11, 22);
    request.address = "x".repeat(ADDRESS_MAX_CHARS + 1);
    request.followup_days = Some(0);
    request.slots_per_day = Some(3);
    assert_eq!(
        codes(&request),
        [
            pair("name", "too_long"),
            pair("name_kana", "katakana"),
            pair("birth_date", "in_future"),
            pair("phone", "phone_format"),
            pair("address", "too_long"),
            pair("onset_date", "in_future"),
            pair("specimen_date", "before_birth"),
            pair("followup_days", "out_of_range"),
            pair("slots_per_day", "out_of_range"),
        ]
    );
}

#[test]
fn implausible_births_and_finished_periods_are_refused() {
    let mut request = valid();
    request.birth_date = date(1890, 1, 1);
    assert_eq!(codes(&request), [pair("birth_date", "out_of_range")]);

    let mut request = valid();
    request.onset_date = date(2026, 11, 1);
    assert_eq!(codes(&request), [pair("onset_date", "period_over")]);
    request.followup_days = Some(30);
    assert!(
        codes(&request).is_empty(),
        "a longer period is still running"
    );
}

#[test]
fn phones_take_hyphens_but_nothing_else() {
    for ok in ["0312345678", "03-1234-5678", "090-1234-5678", "09012345678"] {
        assert!(normalise_phone(ok).is_ok(), "{ok}");
    }
    for bad in [
        "03-1234-567",
        "090--1234-5678",
        "-0312345678",
        "03 1234 5678",
        "+81312345678",
    ] {
        assert_eq!(normalise_phone(bad), Err(PhoneError::Format), "{bad}");
    }
    assert_eq!(normalise_phone("  "), Err(PhoneError::Required));
}

#[test]
fn duplicates_ignore_spacing_and_phone_punctuation() {
    let birth = date(1948, 3, 12).unwrap_or_default();
    assert_eq!(
        duplicate_key("山田　花子", birth, "090-1234-5678"),
        duplicate_key("山田花子", birth, "09012345678")
    );
    assert_ne!(
        duplicate_key("山田花子", birth, "090-1234-5678"),
        duplicate_key("山田花子", birth, "090-1234-5679")
    );
}
