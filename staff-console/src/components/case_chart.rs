//! Temperature and SpO2 over the follow-up days, drawn with SVG elements, with the values as a
//! table below it.
//!
//! No chart library: two panels sharing one day axis are a few lines and circles, and the
//! layout is `mimamori_shared::chart`, shared with the patient app and tested there. The SVG is
//! one image to assistive technology (`role="img"`) named by a sentence with the highest
//! temperature and the lowest SpO2; the table under it carries every value. Colours and strokes come from the
//! stylesheet (the CSP allows no inline styles).

use crate::format;
use crate::state::use_lang;
use chrono::NaiveDate;
use dioxus::prelude::*;
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::chart::{ChartLayout, ChartModel, FEVER_C, polyline};
use mimamori_shared::i18n::staff::Text;
use mimamori_shared::i18n::staff_case::{self, CaseText};

/// Width of the drawing in its own units (it scales to the panel's width).
const WIDTH: f64 = 600.0;
/// Space between a caption's baseline and the top of its panel.
const CAPTION_GAP: f64 = 12.0;
/// Baseline of the day numbers.
const DAY_LABELS_Y: f64 = 296.0;
/// Height of the drawing.
const HEIGHT: f64 = 306.0;
/// SpO2 at or below 95 % is amber, at or below 93 % red (docs/triage.md).
const SPO2_LINES: [f64; 2] = [95.0, 93.0];

/// Where the panels sit in a panel-wide drawing, which has room to label each day of three
/// weeks.
const CHART_LAYOUT: ChartLayout = ChartLayout {
    left: 48.0,
    right: 588.0,
    temperature_panel: (28.0, 128.0),
    spo2_panel: (172.0, 272.0),
    temperature_range: (35.0, 40.0),
    days_labelled_daily: 21,
};
const LEFT: f64 = CHART_LAYOUT.left;
const RIGHT: f64 = CHART_LAYOUT.right;
const TEMP_PANEL: (f64, f64) = CHART_LAYOUT.temperature_panel;
const SPO2_PANEL: (f64, f64) = CHART_LAYOUT.spo2_panel;

/// The chart panel (`data-testid="vitals-chart"`) with its table of values.
#[component]
pub fn VitalsPanel(
    reports: Vec<ReportView>,
    start: NaiveDate,
    end: NaiveDate,
    slots_per_day: u8,
) -> Element {
    let lang = use_lang();
    let model = ChartModel::build(&CHART_LAYOUT, &reports, start, end, slots_per_day);
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

    #[test]
    fn the_thresholds_sit_inside_their_panels_amber_above_red() {
        let model = ChartModel::build(&CHART_LAYOUT, &[], NaiveDate::MIN, NaiveDate::MIN, 1);
        let fever = model.temperature_axis.y(FEVER_C, TEMP_PANEL);
        assert!(TEMP_PANEL.0 < fever && fever < TEMP_PANEL.1);
        let [amber, red] = SPO2_LINES.map(|v| model.spo2_axis.y(v, SPO2_PANEL));
        assert!(SPO2_PANEL.0 < amber && amber < red && red < SPO2_PANEL.1);
        assert!(DAY_LABELS_Y > SPO2_PANEL.1 && HEIGHT > DAY_LABELS_Y && WIDTH > RIGHT);
    }
}
