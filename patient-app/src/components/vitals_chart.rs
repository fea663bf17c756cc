//! A small chart of temperature and SpO2 over the follow-up days, drawn with SVG elements.
//!
//! No chart library: two panels sharing one day axis are a few lines and circles, and the
//! scaling is `mimamori_shared::chart`, shared with the staff console and tested there. The SVG
//! is one image to assistive technology (`role="img"`) named by a sentence that gives the range
//! and the latest values; every number is also in the report list below it. Colours and strokes
//! come from the stylesheet (the CSP allows no inline styles).

use dioxus::prelude::*;
use mimamori_shared::chart::{ChartLayout, ChartModel, FEVER_C, polyline};

/// Width of the drawing, in its own units (it scales to the page width).
const WIDTH: f64 = 340.0;
/// Space between a caption's baseline and the top of its panel.
const CAPTION_GAP: f64 = 14.0;
/// Baseline of the day numbers.
const DAY_LABELS_Y: f64 = 282.0;
/// Height of the drawing.
const HEIGHT: f64 = 292.0;
/// SpO2 at or below 93 % is red (docs/triage.md): drawn as a dashed line.
const SPO2_RED: f64 = 93.0;

/// Where the panels sit in a phone-sized drawing; a phone has room to label each day of a
/// two-week period.
pub const CHART_LAYOUT: ChartLayout = ChartLayout {
    left: 44.0,
    right: 330.0,
    // The temperature panel's caption sits above it.
    temperature_panel: (30.0, 120.0),
    spo2_panel: (168.0, 258.0),
    temperature_range: (35.0, 39.0),
    days_labelled_daily: 14,
};
const LEFT: f64 = CHART_LAYOUT.left;
const RIGHT: f64 = CHART_LAYOUT.right;
const TEMP_PANEL: (f64, f64) = CHART_LAYOUT.temperature_panel;
const SPO2_PANEL: (f64, f64) = CHART_LAYOUT.spo2_panel;

/// The chart (`data-testid="vitals-chart"`). `summary` names it for screen readers; `units`
/// are the two panels' captions (e.g. "体温 ℃", "SpO2 %").
#[component]
pub fn VitalsChart(model: ChartModel, summary: String, units: (String, String)) -> Element {
    let view_box = format!("0 0 {WIDTH} {HEIGHT}");
    let temp_axis = model.temperature_axis;
    let spo2_axis = model.spo2_axis;
    let fever_y = temp_axis.y(FEVER_C, TEMP_PANEL);
    let red_y = spo2_axis.y(SPO2_RED, SPO2_PANEL);
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
            // Panel captions.
            text { class: "chart-caption", "x": "0", "y": "{TEMP_PANEL.0 - CAPTION_GAP}", "{units.0}" }
            text { class: "chart-caption", "x": "0", "y": "{SPO2_PANEL.0 - CAPTION_GAP}", "{units.1}" }
            for value in temp_axis.ticks() {
                AxisLine { key: "t{value}", y: temp_axis.y(value, TEMP_PANEL), label: format!("{value:.0}") }
            }
            for value in spo2_axis.ticks() {
                AxisLine { key: "s{value}", y: spo2_axis.y(value, SPO2_PANEL), label: format!("{value:.0}") }
            }
            line { class: "chart-threshold", "x1": "{LEFT}", "x2": "{RIGHT}", "y1": "{fever_y:.1}", "y2": "{fever_y:.1}" }
            line { class: "chart-threshold", "x1": "{LEFT}", "x2": "{RIGHT}", "y1": "{red_y:.1}", "y2": "{red_y:.1}" }
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
                circle { key: "sp{i}", class: "chart-dot chart-spo2", "cx": "{p.x:.1}", "cy": "{p.y:.1}", "r": "4" }
            }
            for (x, day) in model.day_labels.iter().copied() {
                text { key: "d{day}", class: "chart-label chart-day", "x": "{x:.1}", "y": "{DAY_LABELS_Y}", "{day}" }
            }
        }
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
