//! Charts over time: a knot's pain per session and a region's sparkline.

use std::fmt::{self, Write as _};

use super::{BAND_EDGE, BAND_FILL, FAINT, INK, WINDOW_FILL};
use crate::domain::Rules;
use crate::domain::course::{self, meaningful_level};
use crate::domain::knot::SessionPain;
use crate::report::text::Html;

/// The chart's size and margins.
const CHART_W: f64 = 320.0;
const CHART_H: f64 = 168.0;
const CHART_LEFT: f64 = 26.0;
const CHART_RIGHT: f64 = 8.0;
const CHART_TOP: f64 = 8.0;
const CHART_BOTTOM: f64 = 30.0;

/// A knot's pain per session: before treatment (filled dots on a line)
/// and after (hollow dots), the sessions in which it is expected to calm
/// shaded, the band it is expected to reach there, and the level below
/// which a drop from the first session is meaningful.
/// `flares` are the sessions (indices) in which the knot hurt again after
/// calming, marked with a line.
pub fn pain_chart(
    out: &mut String,
    sessions: &[SessionPain],
    flares: &[usize],
    rules: &Rules,
) -> fmt::Result {
    let window = course::window(rules);
    let window_start = *window.start();
    let window_end = (*window.end()).max(window_start);
    let slots = sessions.len().max(window_end + 1);
    let plot_w = CHART_W - CHART_LEFT - CHART_RIGHT;
    let plot_h = CHART_H - CHART_TOP - CHART_BOTTOM;
    let step = plot_w / slots as f64;
    let x_of = |index: usize| CHART_LEFT + (index as f64 + 0.5) * step;
    let y_of = |pain: u8| CHART_TOP + (10.0 - f64::from(pain)) / 10.0 * plot_h;
    let bottom = CHART_TOP + plot_h;

    writeln!(
        out,
        r#"<svg class="chart" viewBox="0 0 {CHART_W} {CHART_H}" width="{CHART_W}" height="{CHART_H}" role="img" aria-label="Pain per session">"#
    )?;
    let points: Vec<String> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let after = s.after.map(|a| format!(", after {a}")).unwrap_or_default();
            format!("session {}: before {}{after}", i + 1, s.before)
        })
        .collect();
    writeln!(
        out,
        "<title>Pain per session ({})</title>",
        Html(&points.join("; "))
    )?;
    // The window and its band.
    let window_left = CHART_LEFT + window_start.saturating_sub(1) as f64 * step;
    let window_w = (window_end + 1 - window_start) as f64 * step;
    writeln!(
        out,
        r#"<rect x="{window_left}" y="{CHART_TOP}" width="{window_w}" height="{plot_h}" fill="{WINDOW_FILL}"/>"#
    )?;
    let (band_low, band_high) = rules.expected_band;
    let band_top = y_of(band_high);
    let band_h = y_of(band_low) - band_top;
    writeln!(
        out,
        r#"<rect x="{window_left}" y="{band_top}" width="{window_w}" height="{band_h}" fill="{BAND_FILL}"/><path d="M{window_left} {band_top}h{window_w}M{window_left} {}h{window_w}" stroke="{BAND_EDGE}" stroke-width="0.8" stroke-dasharray="1.5 1.5"/>"#,
        band_top + band_h
    )?;
    // The scale.
    writeln!(
        out,
        r#"<g stroke="{INK}" stroke-width="0.3" stroke-opacity="0.35">"#
    )?;
    for pain in (2..=10).step_by(2) {
        writeln!(
            out,
            r#"<line x1="{CHART_LEFT}" y1="{y}" x2="{}" y2="{y}"/>"#,
            CHART_W - CHART_RIGHT,
            y = y_of(pain)
        )?;
    }
    writeln!(out, "</g>")?;
    writeln!(
        out,
        r#"<path d="M{CHART_LEFT} {CHART_TOP}V{bottom}H{}" fill="none" stroke="{INK}" stroke-width="1"/>"#,
        CHART_W - CHART_RIGHT
    )?;
    writeln!(
        out,
        r#"<g font-family="sans-serif" font-size="9" fill="{INK}" text-anchor="end">"#
    )?;
    for pain in (0..=10).step_by(2) {
        writeln!(
            out,
            r#"<text x="{}" y="{}">{pain}</text>"#,
            CHART_LEFT - 4.0,
            y_of(pain) + 3.0
        )?;
    }
    writeln!(out, "</g>")?;
    // Session numbers; every few when there are many.
    let every = sessions.len().div_ceil(16).max(1);
    writeln!(
        out,
        r#"<g font-family="sans-serif" font-size="9" fill="{INK}" text-anchor="middle">"#
    )?;
    for index in (0..slots).filter(|i| (i + 1) % every == 0 || *i == 0) {
        writeln!(
            out,
            r#"<text x="{}" y="{}">{}</text>"#,
            x_of(index),
            bottom + 11.0,
            index + 1
        )?;
    }
    writeln!(
        out,
        r#"<text x="{}" y="{}">session</text></g>"#,
        CHART_LEFT + plot_w / 2.0,
        bottom + 23.0
    )?;
    // The level of a meaningful drop.
    if let Some(level) = sessions
        .first()
        .and_then(|first| meaningful_level(first.before.value(), rules))
    {
        writeln!(
            out,
            r#"<line x1="{CHART_LEFT}" y1="{y}" x2="{}" y2="{y}" stroke="{INK}" stroke-width="1.2" stroke-dasharray="5 3"/>"#,
            CHART_W - CHART_RIGHT,
            y = y_of(level)
        )?;
    }
    // Where it came back.
    for &index in flares {
        let x = CHART_LEFT + index as f64 * step;
        writeln!(
            out,
            r#"<line x1="{x}" y1="{CHART_TOP}" x2="{x}" y2="{bottom}" stroke="{INK}" stroke-width="1" stroke-dasharray="1 2"/><text x="{}" y="{}" font-family="sans-serif" font-size="8" fill="{INK}">back</text>"#,
            x + 2.0,
            CHART_TOP + 8.0
        )?;
    }
    // The scores: relief within each session, the line of the scores
    // before, then the dots.
    for (index, session) in sessions.iter().enumerate() {
        if let Some(after) = session.after {
            writeln!(
                out,
                r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{INK}" stroke-width="0.8" stroke-dasharray="2 1.5"/>"#,
                y_of(session.before.value()),
                y_of(after.value()),
                x = x_of(index)
            )?;
        }
    }
    if sessions.len() > 1 {
        let line: Vec<String> = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{},{}", x_of(i), y_of(s.before.value())))
            .collect();
        writeln!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{INK}" stroke-width="1.6"/>"#,
            line.join(" ")
        )?;
    }
    for (index, session) in sessions.iter().enumerate() {
        if let Some(after) = session.after {
            writeln!(
                out,
                r##"<circle cx="{}" cy="{}" r="3.2" fill="#fff" stroke="{INK}" stroke-width="1.3"/>"##,
                x_of(index),
                y_of(after.value())
            )?;
        }
        writeln!(
            out,
            r#"<circle cx="{}" cy="{}" r="3.8" fill="{INK}"/>"#,
            x_of(index),
            y_of(session.before.value())
        )?;
    }
    writeln!(out, "</svg>")
}

const SPARK_W: f64 = 120.0;
const SPARK_H: f64 = 30.0;

/// Mean pain in each slice of the period, oldest first, on a fixed 0-10
/// scale so that sparklines compare; a gap where nothing was logged.
pub fn sparkline(out: &mut String, series: &[Option<f64>]) -> fmt::Result {
    let slots = series.len().max(1) as f64;
    let x_of = |index: usize| (index as f64 + 0.5) * SPARK_W / slots;
    let y_of = |pain: f64| 2.0 + (10.0 - pain.clamp(0.0, 10.0)) / 10.0 * (SPARK_H - 4.0);
    let values: Vec<String> = series
        .iter()
        .map(|v| v.map_or_else(|| "none".to_string(), |v| format!("{v:.1}")))
        .collect();
    writeln!(
        out,
        r#"<svg class="spark" viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" height="{SPARK_H}" role="img" aria-label="Mean pain over the period"><title>Mean pain per slice, oldest first: {}</title>"#,
        values.join(", ")
    )?;
    writeln!(
        out,
        r#"<line x1="0" y1="{y}" x2="{SPARK_W}" y2="{y}" stroke="{FAINT}" stroke-width="0.5"/><line x1="0" y1="{mid}" x2="{SPARK_W}" y2="{mid}" stroke="{FAINT}" stroke-width="0.4" stroke-dasharray="1 2"/>"#,
        y = y_of(0.0),
        mid = y_of(5.0)
    )?;
    let mut run: Vec<(usize, f64)> = Vec::new();
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    for (index, value) in series.iter().enumerate() {
        match value {
            Some(v) => run.push((index, *v)),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    for run in &runs {
        if run.len() > 1 {
            let points: Vec<String> = run
                .iter()
                .map(|&(i, v)| format!("{:.1},{:.1}", x_of(i), y_of(v)))
                .collect();
            writeln!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{INK}" stroke-width="1.4"/>"#,
                points.join(" ")
            )?;
        }
        for &(i, v) in run {
            writeln!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="1.8" fill="{INK}"/>"#,
                x_of(i),
                y_of(v)
            )?;
        }
    }
    writeln!(out, "</svg>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparkline_breaks_where_nothing_was_logged() {
        let mut out = String::new();
        sparkline(
            &mut out,
            &[Some(8.0), Some(6.0), None, Some(3.0), Some(2.0), None],
        )
        .unwrap();
        assert_eq!(out.matches("<polyline").count(), 2);
        assert_eq!(out.matches("<circle").count(), 4);
    }
}
