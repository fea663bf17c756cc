//! The geometry of the vitals chart both apps draw (temperature and SpO2 over the follow-up
//! days, two panels sharing one day axis): numbers only. Each app draws its own SVG from a
//! [`ChartModel`] laid out for its own size ([`ChartLayout`]), so the scaling, the order of the
//! points and the day labels are the same everywhere and tested once, natively.

use crate::api::reports::ReportView;
use chrono::NaiveDate;

/// Fever (発熱) starts at 37.5 ℃ (the notification criteria): both charts draw it as a line.
pub const FEVER_C: f64 = 37.5;

/// Where a chart's panels sit in its drawing, in the drawing's own units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartLayout {
    /// Left edge of the plot area (room for the value labels).
    pub left: f64,
    /// Right edge of the plot area.
    pub right: f64,
    /// Top and bottom of the temperature panel.
    pub temperature_panel: (f64, f64),
    /// Top and bottom of the SpO2 panel.
    pub spo2_panel: (f64, f64),
    /// The temperature range drawn when every value fits in it (℃, bottom and top).
    pub temperature_range: (f64, f64),
    /// Up to this many days every day is labelled; up to twice as many every second day;
    /// beyond that every seventh (the labels must not overlap at the chart's width).
    pub days_labelled_daily: i64,
}

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
    pub fn fit(values: &[f64], default: (f64, f64), step: f64) -> Self {
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
    /// Lays out `reports` (in any order) over the follow-up days from `start` to `end` in
    /// `layout`; reports outside the period widen the day axis rather than fall off it.
    pub fn build(
        layout: &ChartLayout,
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
        let column = (layout.right - layout.left) / days as f64;
        let slots = slots_per_day.max(1);
        let x_of = |r: &ReportView| {
            let day = (r.slot_date - first).num_days() as f64;
            let slot = f64::from(r.slot.clamp(1, slots) - 1);
            layout.left + (day + (slot + 0.5) / f64::from(slots)) * column
        };
        let temperature_values: Vec<f64> = reports.iter().map(|r| r.temperature_c).collect();
        let spo2_values: Vec<f64> = reports
            .iter()
            .filter_map(|r| r.spo2.map(f64::from))
            .collect();
        let temperature_axis = Axis::fit(&temperature_values, layout.temperature_range, 1.0);
        let spo2_axis = Axis::fit(&spo2_values, (90.0, 100.0), 5.0);
        let temperatures = reports
            .iter()
            .map(|r| Point {
                x: x_of(r),
                y: temperature_axis.y(r.temperature_c, layout.temperature_panel),
                value: r.temperature_c,
            })
            .collect();
        let spo2 = reports
            .iter()
            .filter_map(|r| {
                let value = f64::from(r.spo2?);
                Some(Point {
                    x: x_of(r),
                    y: spo2_axis.y(value, layout.spo2_panel),
                    value,
                })
            })
            .collect();
        let daily = layout.days_labelled_daily.max(1);
        let every = if days <= daily {
            1
        } else if days <= 2 * daily {
            2
        } else {
            7
        };
        let offset = (start - first).num_days();
        let day_labels = (0..days)
            .filter(|i| i % every == 0)
            .map(|i| (layout.left + (i as f64 + 0.5) * column, i - offset + 1))
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

/// `x,y x,y …` for an SVG polyline through `points`.
pub fn polyline(points: &[Point]) -> String {
    points
        .iter()
        .map(|p| format!("{:.1},{:.1}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Flag;
    use crate::api::reports::EnteredBy;
    use crate::ids::{CaseId, ReportId};

    const LAYOUT: ChartLayout = ChartLayout {
        left: 44.0,
        right: 330.0,
        temperature_panel: (30.0, 120.0),
        spo2_panel: (168.0, 258.0),
        temperature_range: (35.0, 39.0),
        days_labelled_daily: 14,
    };

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
        let model = ChartModel::build(&LAYOUT, &reports, day(21), day(30), 1);
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
        let bottom = LAYOUT.spo2_panel.1;
        for p in model.temperatures.iter().chain(&model.spo2) {
            assert!(
                (LAYOUT.left..=LAYOUT.right).contains(&p.x) && (0.0..=bottom).contains(&p.y),
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
        let model = ChartModel::build(&LAYOUT, &reports, day(21), day(30), 2);
        let column = (LAYOUT.right - LAYOUT.left) / 10.0;
        assert!((model.temperatures[0].x - (LAYOUT.left + column * 0.25)).abs() < 1e-9);
        assert!((model.temperatures[1].x - (LAYOUT.left + column * 0.75)).abs() < 1e-9);
    }

    #[test]
    fn a_report_before_the_period_widens_the_day_axis() {
        let reports = [report(1, day(20), 1, 37.0, None)];
        let model = ChartModel::build(&LAYOUT, &reports, day(21), day(30), 1);
        assert_eq!(model.day_labels.len(), 11);
        // The day before the period is day 0.
        assert_eq!(model.day_labels[0].1, 0);
    }

    #[test]
    fn long_periods_label_every_second_then_every_seventh_day() {
        let labels = |days: u32| {
            ChartModel::build(&LAYOUT, &[], day(1), day(days), 1)
                .day_labels
                .len()
        };
        assert_eq!(labels(14), 14);
        assert_eq!(labels(28), 14);
        assert_eq!(labels(29), 5);
    }

    #[test]
    fn no_reports_still_gives_the_empty_axes() {
        let model = ChartModel::build(&LAYOUT, &[], day(21), day(30), 1);
        assert!(model.temperatures.is_empty() && model.spo2.is_empty());
        assert_eq!(model.temperature_axis.ticks().len(), 5);
        assert_eq!(polyline(&model.temperatures), "");
        let fever = model.temperature_axis.y(FEVER_C, LAYOUT.temperature_panel);
        assert!(LAYOUT.temperature_panel.0 < fever && fever < LAYOUT.temperature_panel.1);
    }
}
