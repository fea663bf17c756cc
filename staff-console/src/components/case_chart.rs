//! Temperature and SpO2 over the follow-up days, drawn with SVG elements, with the values as a
//! table below it.
//!
//! No chart library: two panels sharing one day axis are a few lines and circles, and the
//! layout is a pure function ([`ChartModel::build`]) tested natively. The SVG is one image to
//! assistive technology (`role="img"`) named by a sentence with the highest temperature and the
//! lowest SpO2; the table under it carries every value. Colours and strokes come from the
//! stylesheet (the CSP allows no inline styles).

use crate::format;
use crate::state::use_lang;
use chrono::NaiveDate;
use dioxus::prelude::*;
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_case::{self, CaseText};

/// Width of the drawing in its own units (it scales to the panel's width).
const WIDTH: f64 = 600.0;
/// Left edge of the plot area (room for the value labels).
const LEFT: f64 = 48.0;
/// Right edge of the plot area.
const RIGHT: f64 = 588.0;
/// Top and bottom of the temperature panel.
const TEMP_PANEL: (f64, f64) = (28.0, 128.0);
/// Top and bottom of the SpO2 panel.
const SPO2_PANEL: (f64, f64) = (172.0, 272.0);
/// Space between a caption's baseline and the top of its panel.
const CAPTION_GAP: f64 = 12.0;
/// Baseline of the day numbers.
const DAY_LABELS_Y: f64 = 296.0;
/// Height of the drawing.
const HEIGHT: f64 = 306.0;
/// Fever (発熱) starts at 37.5 ℃ (届出基準).
const FEVER_C: f64 = 37.5;
/// SpO2 at or below 95 % is amber, at or below 93 % red (DESIGN.md §4).
const SPO2_LINES: [f64; 2] = [95.0, 93.0];

/// A value range drawn between two heights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    /// Value at the bottom of the panel.
    pub min: f64,
    /// Value at the top of the panel.
    pub max: f64,
    /// Distance between labelled values.
    pub step: f64,
}

impl Axis {
    /// The default range, widened in whole steps until every value fits.
    fn fit(values: &[f64], default: (f64, f64), step: f64) -> Self {
        let low = values.iter().copied().fold(default.0, f64::min);
        let high = values.iter().copied().fold(default.1, f64::max);
        Self {
            min: (low / step).floor() * step,
            max: (high / step).ceil() * step,
            step,
        }
    }

    /// The height of `value` in a panel from `top` to `bottom` (larger values higher up).
    pub fn y(&self, value: f64, (top, bottom): (f64, f64)) -> f64 {
        let span = (self.max - self.min).max(f64::EPSILON);
        let share = ((value - self.min) / span).clamp(0.0, 1.0);
        bottom - share * (bottom - top)
    }

    /// The labelled values, bottom to top.
    pub fn ticks(&self) -> Vec<f64> {
        let count = ((self.max - self.min) / self.step).round() as i64;
        (0..=count)
            .map(|i| self.min + i as f64 * self.step)
            .collect()
    }
}

/// One report drawn as a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: f64,
    /// Vertical position.
    pub y: f64,
    /// The value it shows.
    pub value: f64,
}

/// Everything the chart draws, computed from the reports.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartModel {
    /// Temperature range.
    pub temperature_axis: Axis,
    /// SpO2 range.
    pub spo2_axis: Axis,
    /// Temperatures, oldest first.
    pub temperatures: Vec<Point>,
    /// SpO2 values, oldest first (reports without one are left out).
    pub spo2: Vec<Point>,
    /// Day numbers of the follow-up period to label, with their horizontal position.
    pub day_labels: Vec<(f64, i64)>,
}

impl ChartModel {
    /// Lays out `reports` (in any order) over the follow-up days from `start` to `end`; reports
    /// outside the period widen the day axis rather than fall off it.
    pub fn build(
        reports: &[ReportView],
        start: NaiveDate,
        end: NaiveDate,
        slots_per_day: u8,
    ) -> Self {
        let mut reports: Vec<&ReportView> = reports.iter().collect();
        reports.sort_by_key(|r| (r.slot_date, r.slot, r.submitted_at));
        let first = reports.first().map_or(start, |r| r.slot_date.min(start));
        let last = reports.last().map_or(end, |r| r.slot_date.max(end));
        let days = (last - first).num_days().max(0) + 1;
        let column = (RIGHT - LEFT) / days as f64;
        let slots = slots_per_day.max(1);
        let x_of = |r: &ReportView| {
            let day = (r.slot_date - first).num_days() as f64;
            let slot = f64::from(r.slot.clamp(1, slots) - 1);
            LEFT + (day + (slot + 0.5) / f64::from(slots)) * column
        };
        let temperature_values: Vec<f64> = reports.iter().map(|r| r.temperature_c).collect();
        let spo2_values: Vec<f64> = reports
            .iter()
            .filter_map(|r| r.spo2.map(f64::from))
            .collect();
        let temperature_axis = Axis::fit(&temperature_values, (35.0, 40.0), 1.0);
        let spo2_axis = Axis::fit(&spo2_values, (90.0, 100.0), 5.0);
        let temperatures = reports
            .iter()
            .map(|r| Point {
                x: x_of(r),
                y: temperature_axis.y(r.temperature_c, TEMP_PANEL),
                value: r.temperature_c,
            })
            .collect();
        let spo2 = reports
            .iter()
            .filter_map(|r| {
                let value = f64::from(r.spo2?);
                Some(Point {
                    x: x_of(r),
                    y: spo2_axis.y(value, SPO2_PANEL),
                    value,
                })
            })
            .collect();
        // Every day while the labels fit; every second or seventh day on long periods.
        let every = match days {
            0..=21 => 1,
            22..=42 => 2,
            _ => 7,
        };
        let offset = (start - first).num_days();
        let day_labels = (0..days)
            .filter(|i| i % every == 0)
            .map(|i| (LEFT + (i as f64 + 0.5) * column, i - offset + 1))
            .collect();
        Self {
            temperature_axis,
            spo2_axis,
            temperatures,
            spo2,
            day_labels,
        }
    }
}

/// `x,y x,y …` for a polyline.
fn polyline(points: &[Point]) -> String {
    points
        .iter()
        .map(|p| format!("{:.1},{:.1}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The chart panel (`data-testid="vitals-chart"`) with its table of values.
#[component]
pub fn VitalsPanel(
    reports: Vec<ReportView>,
    start: NaiveDate,
    end: NaiveDate,
    slots_per_day: u8,
) -> Element {
    let lang = use_lang();
    let model = ChartModel::build(&reports, start, end, slots_per_day);
    let max_temperature = reports.iter().map(|r| r.temperature_c).reduce(f64::max);
    let min_spo2 = reports.iter().filter_map(|r| r.spo2).min();
    let summary = staff_case::chart_summary(lang, reports.len(), max_temperature, min_spo2);
    let mut oldest_first = reports.clone();
    oldest_first.sort_by_key(|r| (r.slot_date, r.slot, r.submitted_at));
    rsx! {
        section { class: "panel", "aria-labelledby": "chart-heading",
            h2 { id: "chart-heading", {CaseText::ChartTitle.get(lang)} }
            figure { class: "chart-figure",
                VitalsChart { model, summary }
                figcaption { class: "hint", {CaseText::ChartLegend.get(lang)} }
            }
            if oldest_first.is_empty() {
                p { class: "empty", {CaseText::ChartEmpty.get(lang)} }
            } else {
                div { class: "table-wrap vitals-table-wrap",
                    table { class: "vitals-table", "data-testid": "vitals-table",
                        caption { {CaseText::VitalsTable.get(lang)} }
                        thead {
                            tr {
                                th { scope: "col", {CaseText::ColDay.get(lang)} }
                                th { scope: "col", {Text::ColSlot.get(lang)} }
                                th { scope: "col", {Text::ColTemperature.get(lang)} }
                                th { scope: "col", {Text::ColSpo2.get(lang)} }
                                th { scope: "col", {Text::ColFlag.get(lang)} }
                            }
                        }
                        tbody {
                            for report in oldest_first {
                                tr { key: "{report.id}",
                                    th { scope: "row", class: "nowrap",
                                        {(report.slot_date - start).num_days().saturating_add(1).to_string()}
                                        " "
                                        span { class: "muted", {format::date(report.slot_date)} }
                                    }
                                    td { {format::slot(lang, report.slot)} }
                                    td { class: "number", {format::temperature(report.temperature_c)} }
                                    td { class: "number", {format::spo2(lang, report.spo2)} }
                                    td { {report.flag.label(lang)} }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The SVG drawing itself.
#[component]
fn VitalsChart(model: ChartModel, summary: String) -> Element {
    let lang = use_lang();
    let view_box = format!("0 0 {WIDTH} {HEIGHT}");
    let temp_axis = model.temperature_axis;
    let spo2_axis = model.spo2_axis;
    let fever_y = temp_axis.y(FEVER_C, TEMP_PANEL);
    let temp_line = polyline(&model.temperatures);
    let spo2_line = polyline(&model.spo2);
    rsx! {
        svg {
            class: "vitals-chart",
            "viewBox": "{view_box}",
            "role": "img",
            "aria-label": "{summary}",
            "data-testid": "vitals-chart",
            "data-points": "{model.temperatures.len()}",
            text { class: "chart-caption", "x": "0", "y": "{TEMP_PANEL.0 - CAPTION_GAP}",
                {CaseText::ChartTemperatureUnit.get(lang)}
            }
            text { class: "chart-caption", "x": "0", "y": "{SPO2_PANEL.0 - CAPTION_GAP}",
                {CaseText::ChartSpo2Unit.get(lang)}
            }
            for value in temp_axis.ticks() {
                AxisLine { key: "t{value}", y: temp_axis.y(value, TEMP_PANEL), label: format!("{value:.0}") }
            }
            for value in spo2_axis.ticks() {
                AxisLine { key: "s{value}", y: spo2_axis.y(value, SPO2_PANEL), label: format!("{value:.0}") }
            }
            line { class: "chart-threshold", "data-threshold": "37.5",
                "x1": "{LEFT}", "x2": "{RIGHT}", "y1": "{fever_y:.1}", "y2": "{fever_y:.1}"
            }
            for value in SPO2_LINES {
                Threshold { key: "l{value}", y: spo2_axis.y(value, SPO2_PANEL), value }
            }
            if model.temperatures.len() > 1 {
                polyline { class: "chart-line chart-temperature", "points": "{temp_line}" }
            }
            for (i, p) in model.temperatures.iter().enumerate() {
                circle { key: "tp{i}", class: "chart-dot chart-temperature", "cx": "{p.x:.1}", "cy": "{p.y:.1}", "r": "4" }
            }
            if model.spo2.len() > 1 {
                polyline { class: "chart-line chart-spo2", "points": "{spo2_line}" }
            }
            for (i, p) in model.spo2.iter().enumerate() {
                rect {
                    key: "sp{i}",
                    class: "chart-dot chart-spo2",
                    "x": "{p.x - 4.0:.1}",
                    "y": "{p.y - 4.0:.1}",
                    "width": "8",
                    "height": "8",
                }
            }
            for (x, day) in model.day_labels.iter().copied() {
                text { key: "d{day}", class: "chart-label chart-day", "x": "{x:.1}", "y": "{DAY_LABELS_Y}", "{day}" }
            }
        }
    }
}

/// A dashed reference line of the SpO2 panel.
#[component]
fn Threshold(y: f64, value: f64) -> Element {
    rsx! {
        line { class: "chart-threshold", "data-threshold": "{value:.0}",
            "x1": "{LEFT}", "x2": "{RIGHT}", "y1": "{y:.1}", "y2": "{y:.1}"
        }
        text { class: "chart-label chart-threshold-label", "x": "{RIGHT}", "y": "{y - 3.0:.1}", "{value:.0}" }
    }
}

/// A horizontal grid line with its value on the left.
#[component]
fn AxisLine(y: f64, label: String) -> Element {
    rsx! {
        line { class: "chart-grid", "x1": "{LEFT}", "x2": "{RIGHT}", "y1": "{y:.1}", "y2": "{y:.1}" }
        text { class: "chart-label chart-value", "x": "{LEFT - 6.0}", "y": "{y + 5.0:.1}", "{label}" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimamori_shared::Flag;
    use mimamori_shared::api::reports::EnteredBy;
    use mimamori_shared::ids::{CaseId, ReportId};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
    }

    fn report(
        id: i64,
        date: NaiveDate,
        slot: u8,
        temperature: f64,
        spo2: Option<u8>,
    ) -> ReportView {
        ReportView {
            id: ReportId(id),
            case_id: CaseId(1),
            slot_date: date,
            slot,
            submitted_at: chrono::DateTime::UNIX_EPOCH,
            temperature_c: temperature,
            spo2,
            pulse: None,
            symptoms: Default::default(),
            urgent_signs: Vec::new(),
            note: String::new(),
            flag: Flag::None,
            reasons: Vec::new(),
            ruleset_version: "v".into(),
            entered_by: EnteredBy::Patient,
            reviewed: false,
            version: 1,
            corrected_at: None,
            threshold_version: None,
        }
    }

    #[test]
    fn values_map_into_their_panel_higher_values_higher_up() {
        let axis = Axis::fit(&[36.5, 38.2], (35.0, 40.0), 1.0);
        assert_eq!((axis.min, axis.max), (35.0, 40.0));
        assert_eq!(axis.y(35.0, (10.0, 110.0)), 110.0);
        assert_eq!(axis.y(40.0, (10.0, 110.0)), 10.0);
        assert_eq!(axis.ticks().len(), 6);
        let spo2 = Axis::fit(&[82.0, 97.0], (90.0, 100.0), 5.0);
        assert_eq!((spo2.min, spo2.max), (80.0, 100.0));
    }

    #[test]
    fn reports_are_drawn_oldest_first_by_follow_up_day() {
        let reports = [
            report(3, day(23), 1, 37.0, None),
            report(2, day(22), 1, 38.4, Some(94)),
            report(1, day(21), 1, 36.8, Some(97)),
        ];
        let model = ChartModel::build(&reports, day(21), day(30), 1);
        let values: Vec<f64> = model.temperatures.iter().map(|p| p.value).collect();
        assert_eq!(values, [36.8, 38.4, 37.0]);
        assert_eq!(model.spo2.len(), 2);
        assert_eq!(model.day_labels.len(), 10);
        assert_eq!(model.day_labels[0].1, 1);
        assert!((model.temperatures[0].x - model.day_labels[0].0).abs() < 1e-9);
        for p in model.temperatures.iter().chain(&model.spo2) {
            assert!(
                (LEFT..=RIGHT).contains(&p.x) && (0.0..=HEIGHT).contains(&p.y),
                "{p:?}"
            );
        }
        assert!(
            model.temperatures[1].y < model.temperatures[0].y,
            "fever drawn higher"
        );
    }

    #[test]
    fn two_slots_a_day_sit_side_by_side_and_early_reports_widen_the_axis() {
        let reports = [
            report(2, day(21), 2, 37.0, None),
            report(1, day(21), 1, 36.5, None),
        ];
        let model = ChartModel::build(&reports, day(21), day(30), 2);
        assert!(model.temperatures[0].x < model.temperatures[1].x);
        let early = ChartModel::build(&[report(1, day(20), 1, 37.0, None)], day(21), day(30), 1);
        assert_eq!(early.day_labels.len(), 11);
        assert_eq!(early.day_labels[0].1, 0);
    }

    #[test]
    fn the_thresholds_sit_where_the_rules_draw_them() {
        let model = ChartModel::build(&[], day(21), day(30), 1);
        let fever = model.temperature_axis.y(FEVER_C, TEMP_PANEL);
        assert!(TEMP_PANEL.0 < fever && fever < TEMP_PANEL.1);
        let [amber, red] = SPO2_LINES.map(|v| model.spo2_axis.y(v, SPO2_PANEL));
        assert!(amber < red, "95 % is drawn above 93 %");
        assert_eq!(polyline(&model.temperatures), "");
    }
}
