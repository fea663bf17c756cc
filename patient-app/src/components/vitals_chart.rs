//! A small chart of temperature and SpO2 over the follow-up days, drawn with SVG elements.
//!
//! No chart library: two panels sharing one day axis are a few lines and circles, and the
//! scaling is a pure function ([`ChartModel::build`]) tested natively. The SVG is one image to
//! assistive technology (`role="img"`) named by a sentence that gives the range and the latest
//! values; every number is also in the report list below it. Colours and strokes come from the
//! stylesheet (the CSP allows no inline styles).

use chrono::NaiveDate;
use dioxus::prelude::*;
use mimamori_shared::api::reports::ReportView;

/// Width of the drawing, in its own units (it scales to the page width).
const WIDTH: f64 = 340.0;
/// Left edge of the plot area (room for the value labels).
const LEFT: f64 = 44.0;
/// Right edge of the plot area.
const RIGHT: f64 = 330.0;
/// Top and bottom of the temperature panel (its caption sits above it).
const TEMP_PANEL: (f64, f64) = (30.0, 120.0);
/// Top and bottom of the SpO2 panel.
const SPO2_PANEL: (f64, f64) = (168.0, 258.0);
/// Space between a caption's baseline and the top of its panel.
const CAPTION_GAP: f64 = 14.0;
/// Baseline of the day numbers.
const DAY_LABELS_Y: f64 = 282.0;
/// Height of the drawing.
const HEIGHT: f64 = 292.0;
/// Fever (発熱) starts at 37.5 ℃ (届出基準): drawn as a dashed line.
const FEVER_C: f64 = 37.5;
/// SpO2 at or below 93 % is red (DESIGN.md §4): drawn as a dashed line.
const SPO2_RED: f64 = 93.0;

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
        let slots = f64::from(slots_per_day.max(1));
        let x_of = |r: &ReportView| {
            let day = (r.slot_date - first).num_days() as f64;
            let slot = f64::from(r.slot.clamp(1, slots_per_day.max(1)) - 1);
            LEFT + (day + (slot + 0.5) / slots) * column
        };

        let temperature_values: Vec<f64> = reports.iter().map(|r| r.temperature_c).collect();
        let spo2_values: Vec<f64> = reports
            .iter()
            .filter_map(|r| r.spo2.map(f64::from))
            .collect();
        let temperature_axis = Axis::fit(&temperature_values, (35.0, 39.0), 1.0);
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
            0..=14 => 1,
            15..=28 => 2,
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
        let axis = Axis::fit(&[36.5, 38.2], (35.0, 39.0), 1.0);
        assert_eq!((axis.min, axis.max), (35.0, 39.0));
        assert_eq!(axis.y(35.0, (10.0, 110.0)), 110.0);
        assert_eq!(axis.y(39.0, (10.0, 110.0)), 10.0);
        assert_eq!(axis.y(37.0, (10.0, 110.0)), 60.0);
        assert_eq!(axis.ticks(), [35.0, 36.0, 37.0, 38.0, 39.0]);
    }

    #[test]
    fn the_range_widens_in_whole_steps_to_fit_every_value() {
        let temperature = Axis::fit(&[34.2, 41.3], (35.0, 39.0), 1.0);
        assert_eq!((temperature.min, temperature.max), (34.0, 42.0));
        let spo2 = Axis::fit(&[82.0, 97.0], (90.0, 100.0), 5.0);
        assert_eq!((spo2.min, spo2.max), (80.0, 100.0));
        assert_eq!(spo2.ticks(), [80.0, 85.0, 90.0, 95.0, 100.0]);
    }

    #[test]
    fn reports_are_drawn_oldest_first_by_follow_up_day() {
        // Newest first, as the API lists them; day 3 has no SpO2.
        let reports = [
            report(3, day(23), 1, 37.0, None),
            report(2, day(22), 1, 38.4, Some(94)),
            report(1, day(21), 1, 36.8, Some(97)),
        ];
        let model = ChartModel::build(&reports, day(21), day(30), 1);
        let values: Vec<f64> = model.temperatures.iter().map(|p| p.value).collect();
        assert_eq!(values, [36.8, 38.4, 37.0]);
        assert_eq!(model.spo2.len(), 2);
        let xs: Vec<f64> = model.temperatures.iter().map(|p| p.x).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
        // Ten days, each labelled; day 1 is the first day of the period.
        assert_eq!(model.day_labels.len(), 10);
        assert_eq!(model.day_labels[0].1, 1);
        assert_eq!(model.day_labels[9].1, 10);
        // The first report sits in the middle of day 1's column.
        assert!((model.temperatures[0].x - model.day_labels[0].0).abs() < 1e-9);
        for p in model.temperatures.iter().chain(&model.spo2) {
            assert!(
                (LEFT..=RIGHT).contains(&p.x) && (0.0..=HEIGHT).contains(&p.y),
                "{p:?}"
            );
        }
        // The fever is drawn above the normal temperatures.
        assert!(model.temperatures[1].y < model.temperatures[0].y);
    }

    #[test]
    fn two_slots_a_day_sit_side_by_side_within_the_day() {
        let reports = [
            report(2, day(21), 2, 37.0, None),
            report(1, day(21), 1, 36.5, None),
        ];
        let model = ChartModel::build(&reports, day(21), day(30), 2);
        let column = (RIGHT - LEFT) / 10.0;
        assert!((model.temperatures[0].x - (LEFT + column * 0.25)).abs() < 1e-9);
        assert!((model.temperatures[1].x - (LEFT + column * 0.75)).abs() < 1e-9);
    }

    #[test]
    fn a_report_before_the_period_widens_the_day_axis() {
        let reports = [report(1, day(20), 1, 37.0, None)];
        let model = ChartModel::build(&reports, day(21), day(30), 1);
        assert_eq!(model.day_labels.len(), 11);
        // The day before the period is day 0.
        assert_eq!(model.day_labels[0].1, 0);
    }

    #[test]
    fn no_reports_still_gives_the_empty_axes() {
        let model = ChartModel::build(&[], day(21), day(30), 1);
        assert!(model.temperatures.is_empty() && model.spo2.is_empty());
        assert_eq!(model.temperature_axis.ticks().len(), 5);
        assert_eq!(polyline(&model.temperatures), "");
    }
}
