//! The CSV format of `POST /api/staff/cases/import` (docs/health-centre.md): which columns
//! there are, the names a header may give them (Japanese as Excel users write them, or the
//! API's English field names), and how each cell becomes a field of [`RegisterCase`].
//!
//! Splitting the file into cells is the server's (it knows encodings and quoting); everything
//! here is pure, so the rules are tested in one place.

use super::cases::{RiskFactor, Sex};
use super::intake::RegisterCase;
use super::problem::FieldError;
use crate::ids::OrgId;
use chrono::NaiveDate;

/// A cell that is not a value of its column (a date that is no date, an unknown sex).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// The field name under which header problems are reported (`errors[].field`).
pub const HEADER_FIELD: &str = "header";

/// A column of the import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CsvColumn {
    /// 氏名.
    Name,
    /// 氏名カナ.
    NameKana,
    /// 生年月日.
    BirthDate,
    /// 性別.
    Sex,
    /// 電話番号.
    Phone,
    /// 住所.
    Address,
    /// 発症日.
    OnsetDate,
    /// 検体採取日.
    SpecimenDate,
    /// 重症化リスク因子 (several, separated by ・ or ;).
    RiskFactors,
    /// 検査.
    TestSummary,
    /// 聞き取りメモ.
    InterviewNotes,
    /// 委託先ID.
    FollowupOrgId,
    /// 療養日数.
    FollowupDays,
    /// 1日の報告回数.
    SlotsPerDay,
    /// メールアドレス.
    Email,
}

impl CsvColumn {
    /// Every column, in the template's order.
    pub const ALL: [CsvColumn; 15] = [
        CsvColumn::Name,
        CsvColumn::NameKana,
        CsvColumn::BirthDate,
        CsvColumn::Sex,
        CsvColumn::Phone,
        CsvColumn::Address,
        CsvColumn::OnsetDate,
        CsvColumn::SpecimenDate,
        CsvColumn::RiskFactors,
        CsvColumn::TestSummary,
        CsvColumn::InterviewNotes,
        CsvColumn::FollowupOrgId,
        CsvColumn::FollowupDays,
        CsvColumn::SlotsPerDay,
        CsvColumn::Email,
    ];

    /// The [`RegisterCase`] field the column fills (also its English header name).
    pub fn field(self) -> &'static str {
        match self {
            CsvColumn::Name => "name",
            CsvColumn::NameKana => "name_kana",
            CsvColumn::BirthDate => "birth_date",
            CsvColumn::Sex => "sex",
            CsvColumn::Phone => "phone",
            CsvColumn::Address => "address",
            CsvColumn::OnsetDate => "onset_date",
            CsvColumn::SpecimenDate => "specimen_date",
            CsvColumn::RiskFactors => "risk_factors",
            CsvColumn::TestSummary => "test_summary",
            CsvColumn::InterviewNotes => "interview_notes",
            CsvColumn::FollowupOrgId => "followup_org_id",
            CsvColumn::FollowupDays => "followup_days",
            CsvColumn::SlotsPerDay => "slots_per_day",
            CsvColumn::Email => "email",
        }
    }

    /// The Japanese header name, as the template writes it.
    pub fn japanese(self) -> &'static str {
        self.aliases()[0]
    }

    /// Whether a file must have the column.
    pub fn required(self) -> bool {
        matches!(
            self,
            CsvColumn::Name
                | CsvColumn::NameKana
                | CsvColumn::BirthDate
                | CsvColumn::Sex
                | CsvColumn::Phone
        )
    }

    /// Japanese names a header may use; the first is the template's.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            CsvColumn::Name => &["氏名", "名前", "患者氏名"],
            CsvColumn::NameKana => &["氏名カナ", "フリガナ", "ふりがな", "カナ", "氏名(カナ)"],
            CsvColumn::BirthDate => &["生年月日"],
            CsvColumn::Sex => &["性別"],
            CsvColumn::Phone => &["電話番号", "電話", "連絡先"],
            CsvColumn::Address => &["住所"],
            CsvColumn::OnsetDate => &["発症日", "発症年月日"],
            CsvColumn::SpecimenDate => &["検体採取日"],
            CsvColumn::RiskFactors => &["重症化リスク因子", "リスク因子"],
            CsvColumn::TestSummary => &["検査", "検査結果", "検査方法"],
            CsvColumn::InterviewNotes => &["聞き取りメモ", "聞き取り"],
            CsvColumn::FollowupOrgId => &["委託先ID", "健康観察実施機関ID"],
            CsvColumn::FollowupDays => &["療養日数", "療養期間"],
            CsvColumn::SlotsPerDay => &["1日の報告回数", "報告回数"],
            CsvColumn::Email => &["メールアドレス", "メール", "Eメール", "E-mail"],
        }
    }

    /// The column a header cell names, if any: Japanese names and the English field names,
    /// regardless of spaces, full-width letters and letter case.
    pub fn from_header(header: &str) -> Option<CsvColumn> {
        column_from_header(header)
    }
}

impl ImportColumn for CsvColumn {
    const ALL: &'static [Self] = &CsvColumn::ALL;
    fn field(self) -> &'static str {
        CsvColumn::field(self)
    }
    fn aliases(self) -> &'static [&'static str] {
        CsvColumn::aliases(self)
    }
    fn required(self) -> bool {
        CsvColumn::required(self)
    }
}

/// A column of one of the CSV imports (cases, organisations, staff users): its field name,
/// the Japanese names a header may give it, and whether a file must have it.
pub trait ImportColumn: Copy + PartialEq + 'static {
    /// Every column, in the template's order.
    const ALL: &'static [Self];
    /// The request field the column fills (also its English header name).
    fn field(self) -> &'static str;
    /// Japanese names a header may use; the first is the template's.
    fn aliases(self) -> &'static [&'static str];
    /// Whether a file must have the column.
    fn required(self) -> bool;
}

/// The column a header cell names, if any: Japanese names and the English field names,
/// regardless of spaces, full-width letters and letter case.
pub fn column_from_header<C: ImportColumn>(header: &str) -> Option<C> {
    let wanted = normalise_header(header);
    C::ALL.iter().copied().find(|column| {
        normalise_header(column.field()) == wanted
            || column
                .aliases()
                .iter()
                .any(|alias| normalise_header(alias) == wanted)
    })
}

/// Where a column stands in the template (errors are listed in that order); unknown last.
pub fn column_position<C: ImportColumn>(field: &str) -> usize {
    column_from_header::<C>(field)
        .and_then(|c| C::ALL.iter().position(|a| *a == c))
        .unwrap_or(C::ALL.len())
}

/// A header or code as compared: no spaces, `_` or `-`, half-width, lower case.
pub fn normalise_header(text: &str) -> String {
    text.trim_start_matches('\u{FEFF}')
        .chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Full-width ASCII (Ｉ, ０, （) as typed with a Japanese input method, made half-width.
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        other => other,
    }
}

/// The template's header row (no byte-order mark; the server adds one for Excel).
pub fn template_header<C: ImportColumn>() -> String {
    C::ALL
        .iter()
        .map(|c| c.aliases()[0])
        .collect::<Vec<_>>()
        .join(",")
}

/// The columns of a header row, or the problems with it (each under [`HEADER_FIELD`]):
/// unknown or repeated names, and required columns that are missing.
pub fn read_header<C: ImportColumn>(cells: &[String]) -> Result<Vec<C>, Vec<FieldError>> {
    let mut columns = Vec::with_capacity(cells.len());
    let mut errors = Vec::new();
    for cell in cells {
        match column_from_header::<C>(cell) {
            Some(column) if columns.contains(&column) => errors.push(FieldError::custom(
                HEADER_FIELD,
                "duplicate_column",
                format!("column given twice: {}", cell.trim()),
            )),
            Some(column) => columns.push(column),
            None => errors.push(FieldError::custom(
                HEADER_FIELD,
                "unknown_column",
                format!("unknown column: {}", cell.trim()),
            )),
        }
    }
    for column in C::ALL.iter().copied().filter(|c| c.required()) {
        if !columns.contains(&column) {
            errors.push(FieldError::custom(
                HEADER_FIELD,
                "missing_column",
                format!("missing column: {}", column.aliases()[0]),
            ));
        }
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

/// A data row as a request, with the cells that could not be read (errors named by field).
/// Cells missing at the end of a short row count as empty.
pub fn read_row(columns: &[CsvColumn], cells: &[String]) -> (RegisterCase, Vec<FieldError>) {
    let mut request = RegisterCase::default();
    let mut errors = Vec::new();
    for (index, column) in columns.iter().enumerate() {
        let cell = cells.get(index).map(|c| c.trim()).unwrap_or_default();
        let field = column.field();
        let mut fail = |code: &str, message: String| {
            errors.push(FieldError::custom(field, code, message));
        };
        match column {
            CsvColumn::Name => request.name = cell.to_owned(),
            CsvColumn::NameKana => request.name_kana = cell.to_owned(),
            CsvColumn::Phone => request.phone = cell.to_owned(),
            CsvColumn::Email => request.email = cell.to_owned(),
            CsvColumn::Address => request.address = cell.to_owned(),
            CsvColumn::TestSummary => request.test_summary = cell.to_owned(),
            CsvColumn::InterviewNotes => request.interview_notes = cell.to_owned(),
            CsvColumn::BirthDate | CsvColumn::OnsetDate | CsvColumn::SpecimenDate => {
                match parse_date(cell) {
                    Ok(date) => match column {
                        CsvColumn::BirthDate => request.birth_date = date,
                        CsvColumn::OnsetDate => request.onset_date = date,
                        _ => request.specimen_date = date,
                    },
                    Err(Unreadable) => fail("date_format", format!("not a date: {cell}")),
                }
            }
            CsvColumn::Sex => match parse_sex(cell) {
                Ok(sex) => request.sex = sex,
                Err(Unreadable) => fail("sex_value", format!("not a sex: {cell}")),
            },
            CsvColumn::RiskFactors => match parse_risk_factors(cell) {
                Ok(factors) => request.risk_factors = factors,
                Err(unknown) => fail("unknown_risk_factor", format!("unknown: {unknown}")),
            },
            CsvColumn::FollowupOrgId | CsvColumn::FollowupDays | CsvColumn::SlotsPerDay => {
                match parse_number(cell) {
                    Ok(number) => match column {
                        CsvColumn::FollowupOrgId => request.followup_org_id = number.map(OrgId),
                        CsvColumn::FollowupDays => request.followup_days = number,
                        _ => request.slots_per_day = number,
                    },
                    Err(Unreadable) => fail("not_a_number", format!("not a whole number: {cell}")),
                }
            }
        }
    }
    (request, errors)
}

/// Whether every cell of a row is empty (Excel saves such rows after deleted data).
pub fn is_blank_row(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// A date as Excel in Japan writes it: `2026/11/23`, `2026-11-23`, `2026.11.23` or
/// `2026年11月23日`, full-width digits allowed; empty is `None`.
pub fn parse_date(cell: &str) -> Result<Option<NaiveDate>, Unreadable> {
    let cell: String = cell.trim().chars().map(half_width).collect();
    if cell.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = cell
        .trim_end_matches('日')
        .split(['/', '-', '.', '年', '月'])
        .collect();
    let [year, month, day] = parts.as_slice() else {
        return Err(Unreadable);
    };
    let number = |s: &str| {
        (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(year), number(month), number(day)) else {
        return Err(Unreadable);
    };
    if year < 1000 {
        return Err(Unreadable);
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).map_err(|_| Unreadable)?, month, day)
        .map(Some)
        .ok_or(Unreadable)
}

/// 男/女/その他 (or 男性, 女性, 不明, M, F, male, female, other, and the 1/2/9 codes of many
/// registers); empty is `None`.
pub fn parse_sex(cell: &str) -> Result<Option<Sex>, Unreadable> {
    let cell: String = cell.trim().chars().map(half_width).collect();
    let cell = cell.to_lowercase();
    Ok(Some(match cell.as_str() {
        "" => return Ok(None),
        "男" | "男性" | "m" | "male" | "1" => Sex::Male,
        "女" | "女性" | "f" | "female" | "2" => Sex::Female,
        "その他" | "不明" | "other" | "x" | "0" | "9" => Sex::Other,
        _ => return Err(Unreadable),
    }))
}

fn parse_number(cell: &str) -> Result<Option<i64>, Unreadable> {
    let cell: String = cell.trim().chars().map(half_width).collect();
    if cell.is_empty() {
        return Ok(None);
    }
    cell.parse().map(Some).map_err(|_| Unreadable)
}

/// Risk factors separated by `・`, `;`, `、` or `,`, each as its Japanese name (悪性腫瘍,
/// 糖尿病, …) or code (`diabetes`). The notification form's "臓器移植・免疫抑制剤・抗がん剤等の
/// 使用" splits at its own dots; each part names the same factor. `Err` holds the first
/// unknown name.
pub fn parse_risk_factors(cell: &str) -> Result<Vec<RiskFactor>, String> {
    let mut factors = Vec::new();
    for item in cell.split(['・', ';', '；', '、', ',', '，']) {
        let key: String = item
            .chars()
            .map(half_width)
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if key.is_empty() {
            continue;
        }
        let factor = RiskFactor::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == key || risk_factor_names(*f).contains(&key.as_str()))
            .ok_or_else(|| item.trim().to_owned())?;
        if !factors.contains(&factor) {
            factors.push(factor);
        }
    }
    Ok(factors)
}

/// Japanese names (and common abbreviations) of a risk factor, without spaces, parentheses
/// half-width, letters lower case.
fn risk_factor_names(factor: RiskFactor) -> &'static [&'static str] {
    match factor {
        RiskFactor::Cancer => &["悪性腫瘍", "がん", "癌"],
        RiskFactor::ChronicRespiratory => &[
            "慢性呼吸器疾患",
            "慢性呼吸器疾患(copd等)",
            "copd",
            "慢性閉塞性肺疾患",
        ],
        RiskFactor::ChronicKidney => &["慢性腎臓病", "ckd"],
        RiskFactor::Cardiovascular => &["心血管疾患"],
        RiskFactor::Cerebrovascular => &["脳血管疾患"],
        RiskFactor::Smoking => &["喫煙歴", "喫煙"],
        RiskFactor::Hypertension => &["高血圧"],
        RiskFactor::Diabetes => &["糖尿病"],
        RiskFactor::Dyslipidaemia => &["脂質異常症", "dyslipidemia"],
        RiskFactor::Obesity => &["肥満", "肥満(bmi30以上)"],
        RiskFactor::Immunosuppression => &[
            "臓器移植",
            "免疫抑制剤",
            "免疫抑制",
            "抗がん剤",
            "抗がん剤等",
            "抗がん剤等の使用",
        ],
        RiskFactor::Pregnancy => &["妊娠", "妊婦"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn headers_match_in_japanese_and_english() {
        let cases = [
            ("氏名", Some(CsvColumn::Name)),
            ("\u{FEFF}氏名", Some(CsvColumn::Name)),
            (" 氏名カナ ", Some(CsvColumn::NameKana)),
            ("フリガナ", Some(CsvColumn::NameKana)),
            ("氏名（カナ）", Some(CsvColumn::NameKana)),
            ("委託先ＩＤ", Some(CsvColumn::FollowupOrgId)),
            ("委託先id", Some(CsvColumn::FollowupOrgId)),
            ("birth_date", Some(CsvColumn::BirthDate)),
            ("Birth Date", Some(CsvColumn::BirthDate)),
            ("PHONE", Some(CsvColumn::Phone)),
            ("１日の報告回数", Some(CsvColumn::SlotsPerDay)),
            ("血液型", None),
        ];
        for (header, expected) in cases {
            assert_eq!(CsvColumn::from_header(header), expected, "{header}");
        }
        for column in CsvColumn::ALL {
            assert_eq!(CsvColumn::from_header(column.japanese()), Some(column));
            assert_eq!(CsvColumn::from_header(column.field()), Some(column));
        }
    }

    #[test]
    fn the_template_header_reads_back_as_every_column() {
        let header = cells(
            &template_header::<CsvColumn>()
                .split(',')
                .collect::<Vec<_>>(),
        );
        assert_eq!(read_header(&header), Ok(CsvColumn::ALL.to_vec()));
    }

    #[test]
    fn a_header_without_required_columns_or_with_strangers_is_refused() {
        let errors = read_header::<CsvColumn>(&cells(&["氏名", "氏名", "血液型"])).unwrap_err();
        let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "duplicate_column",
                "unknown_column",
                "missing_column",
                "missing_column",
                "missing_column",
                "missing_column"
            ]
        );
        assert!(errors.iter().all(|e| e.field == HEADER_FIELD));
        assert!(errors[1].message.contains("血液型"));
    }

    #[test]
    fn dates_are_read_as_excel_writes_them() {
        let d = |y, m, d| Ok(NaiveDate::from_ymd_opt(y, m, d));
        assert_eq!(parse_date("2026/11/3"), d(2026, 11, 3));
        assert_eq!(parse_date("2026-11-03"), d(2026, 11, 3));
        assert_eq!(parse_date("2026.11.03"), d(2026, 11, 3));
        assert_eq!(parse_date("2026年11月3日"), d(2026, 11, 3));
        assert_eq!(parse_date("２０２６／１１／０３"), d(2026, 11, 3));
        assert_eq!(parse_date(" "), Ok(None));
        for bad in [
            "2026/02/30",
            "26/11/03",
            "11/03/2026x",
            "昭和23年3月12日",
            "2026/11",
        ] {
            assert_eq!(parse_date(bad), Err(Unreadable), "{bad}");
        }
    }

    #[test]
    fn sex_and_risk_factors_accept_japanese_and_codes() {
        assert_eq!(parse_sex("女"), Ok(Some(Sex::Female)));
        assert_eq!(parse_sex("M"), Ok(Some(Sex::Male)));
        assert_eq!(parse_sex("不明"), Ok(Some(Sex::Other)));
        assert_eq!(parse_sex("?"), Err(Unreadable));
        assert_eq!(
            parse_risk_factors("糖尿病・高血圧;diabetes"),
            Ok(vec![RiskFactor::Diabetes, RiskFactor::Hypertension])
        );
        assert_eq!(
            parse_risk_factors("臓器移植・免疫抑制剤・抗がん剤等の使用、慢性呼吸器疾患（COPD等）"),
            Ok(vec![
                RiskFactor::Immunosuppression,
                RiskFactor::ChronicRespiratory
            ])
        );
        assert_eq!(parse_risk_factors(""), Ok(vec![]));
        assert_eq!(parse_risk_factors("糖尿病・水虫"), Err("水虫".to_owned()));
    }

    #[test]
    fn a_row_becomes_a_request_and_unreadable_cells_are_named() {
        let columns = [
            CsvColumn::Name,
            CsvColumn::BirthDate,
            CsvColumn::Sex,
            CsvColumn::FollowupOrgId,
            CsvColumn::Phone,
        ];
        let (request, errors) = read_row(&columns, &cells(&["山田 花子", "1948/3/12", "女", "7"]));
        assert!(errors.is_empty());
        assert_eq!(request.name, "山田 花子");
        assert_eq!(request.birth_date, NaiveDate::from_ymd_opt(1948, 3, 12));
        assert_eq!(request.sex, Some(Sex::Female));
        assert_eq!(request.followup_org_id, Some(OrgId(7)));
        assert_eq!(request.phone, "", "a short row's missing cells are empty");

        let (_, errors) = read_row(&columns, &cells(&["x", "3月12日", "?", "seven", ""]));
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("birth_date", "date_format"),
                ("sex", "sex_value"),
                ("followup_org_id", "not_a_number")
            ]
        );
        assert!(is_blank_row(&cells(&["", " ", ""])));
    }
}
