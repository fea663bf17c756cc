//! An implementation report as files: CSV (UTF-8 with a byte-order mark) and XLSX, with ASCII
//! file names.

use crate::entities::implementation_report;
use chrono::NaiveDate;
use mimamori_shared::api::implementation_reports::ImplementationCounts;
use mimamori_shared::i18n::Lang;
use mimamori_shared::i18n::staff_reports_daily::count_label;

/// MIME type of the CSV attachment and download.
pub const CSV_TYPE: &str = "text/csv; charset=utf-8";
/// MIME type of the XLSX attachment and download.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The file name of a report's CSV or XLSX file (ASCII, so every mail client and browser keeps
/// it).
pub fn file_name(row: &implementation_report::Model, ext: &str) -> String {
    format!(
        "implementation-report_{}_hc{}_org{}.{ext}",
        row.report_date, row.health_centre_id, row.followup_org_id
    )
}

/// A CSV file as the offices' spreadsheets read it: UTF-8 with a byte-order mark (so Excel in
/// Japan reads it as UTF-8), CRLF line ends, the header row, then the rows. Every CSV the
/// server hands out (implementation reports, test-count summaries) is written by this.
pub fn csv_with_bom<R, F>(headers: &[&str], rows: R) -> anyhow::Result<Vec<u8>>
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<[u8]>,
{
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(headers)?;
    for row in rows {
        writer.write_record(&row)?;
    }
    writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// One report as a table row.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The day reported on.
    pub day: NaiveDate,
    /// Name of the health centre.
    pub health_centre: String,
    /// Name of the follow-up organisation.
    pub followup_org: String,
    /// The counts.
    pub counts: ImplementationCounts,
}

impl Sheet {
    /// The Japanese column headers.
    pub fn headers() -> Vec<&'static str> {
        let mut headers = vec!["報告日", "保健所", "委託先"];
        headers.extend(
            ImplementationCounts::default()
                .entries()
                .iter()
                .map(|(key, _)| count_label(key, Lang::Ja)),
        );
        headers
    }

    /// CSV: UTF-8 with a byte-order mark (so Excel in Japan reads it as UTF-8), CRLF line ends,
    /// a Japanese header row and one row of data.
    pub fn csv(&self) -> anyhow::Result<Vec<u8>> {
        let mut record = vec![
            self.day.to_string(),
            self.health_centre.clone(),
            self.followup_org.clone(),
        ];
        record.extend(self.counts.entries().iter().map(|(_, n)| n.to_string()));
        csv_with_bom(&Self::headers(), [record])
    }

    /// XLSX: one worksheet 「実施報告」 with the same header row and data row as the CSV; the
    /// counts are numbers.
    pub fn xlsx(&self) -> anyhow::Result<Vec<u8>> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = workbook.add_worksheet();
        sheet.set_name("実施報告")?;
        for (col, header) in Self::headers().into_iter().enumerate() {
            sheet.write_string_with_format(0, col_index(col), header, &bold)?;
        }
        sheet.write_string(1, 0, self.day.to_string())?;
        sheet.write_string(1, 1, &self.health_centre)?;
        sheet.write_string(1, 2, &self.followup_org)?;
        for (i, (_, n)) in self.counts.entries().iter().enumerate() {
            // Counts stay far below 2^53, exact as f64.
            sheet.write_number(1, col_index(i + 3), *n as f64)?;
        }
        sheet.set_column_width(1, 20)?;
        sheet.set_column_width(2, 20)?;
        Ok(workbook.save_to_buffer()?)
    }

    /// Subject and plain-text body of the e-mail: Japanese, then English.
    pub fn email(&self) -> (String, String) {
        let subject = format!(
            "【見守り】実施報告 {} {} / Implementation report",
            self.day, self.followup_org
        );
        let mut body = format!(
            "{} 御中\n\n{} の健康観察の実施状況を報告します（委託先：{}）。\n\n",
            self.health_centre, self.day, self.followup_org
        );
        for (key, n) in self.counts.entries() {
            body.push_str(&format!("{}：{n}\n", count_label(key, Lang::Ja)));
        }
        body.push_str(
            "\n同じ内容を CSV と Excel のファイルで添付します。スタッフ画面の「実施報告」でも確認できます。\n\n",
        );
        body.push_str("----\n");
        body.push_str(&format!(
            "To {}: the implementation report of {} for {}.\n\n",
            self.health_centre, self.followup_org, self.day
        ));
        for (key, n) in self.counts.entries() {
            body.push_str(&format!("{}: {n}\n", count_label(key, Lang::En)));
        }
        body.push_str(
            "\nThe same figures are attached as CSV and Excel files, and shown on the staff \
             console's \"Implementation reports\" page.\n",
        );
        (subject, body)
    }
}

fn col_index(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

// ---------------------------------------------------------------------------------------------

/// A report as a file.
#[derive(Debug, Clone)]
pub struct ReportFile {
    /// File name for Content-Disposition.
    pub filename: String,
    /// MIME type.
    pub content_type: &'static str,
    /// The bytes.
    pub bytes: Vec<u8>,
}
