//! `knotmap report`: a summary of the history that a physiotherapist can
//! read in a minute. Everything it shows is worked out here once, from the
//! analysis; `document` describes it once, section by section, and a
//! writer puts that down either as one self-contained HTML page (with
//! inline SVG pictures) or as Markdown tables.

mod document;
mod html;
mod markdown;
mod svg;
mod text;
mod writer;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, TimeZone, Utc};

use crate::body::Region;
use crate::domain::analysis::{Analysis, advice_for_knot};
use crate::domain::guidance::{Advice, AdviceKind};
use crate::domain::knot::{Reading, SessionPain, pain_by_session};
use crate::domain::recurrence::{
    FlaggedRegion, Recurrence, RecurrenceKind, count_by_region, flag_regions, tally_regions,
};
use crate::domain::trends::{Trend, trends};
use crate::domain::verdict::Verdict;
use crate::domain::{KnotStatus, KnotSummary, Rules};
use crate::store::Earlier;
use crate::text::plural;

pub use document::KNOTS_IN_FULL;
pub use html::to_html;
pub use markdown::to_markdown;

/// Everything the report shows, in the order it shows it.
#[derive(Debug, Clone)]
pub struct Report {
    pub made_at: DateTime<Utc>,
    /// The start of the period as asked for with `--since`, if it was.
    pub since: Option<DateTime<Utc>>,
    /// Where the period starts: `since`, else the first reading.
    pub from: DateTime<Utc>,
    pub rules: Rules,
    /// Whether anything at all was ever logged, in the period or not.
    pub anything_logged: bool,
    /// What came before the period and is left out, counted.
    pub earlier: Earlier,
    /// Whether long lists are cut to what a few printed pages hold (the
    /// knots most in need in full, the latest readings): every report but
    /// one of the whole history.
    pub brief: bool,
    /// Sessions and readings in the period.
    pub sessions: usize,
    pub readings: usize,
    /// Knots with a reading in the period, each with its whole history,
    /// most in need of attention first.
    pub knots: Vec<KnotReport>,
    pub regions: Vec<Trend>,
    pub areas: Vec<Trend>,
    /// Regions where knots came back in the period.
    pub flagged: Vec<ReturningRegion>,
    /// Readings in the period that carry symptoms or a note.
    pub remarks: Vec<Remark>,
    /// How pain responded within a session, per technique and per tool,
    /// over the readings in the period.
    pub techniques: Vec<Response>,
    pub tools: Vec<Response>,
}

/// A region knots came back to in the period, with those returns.
#[derive(Debug, Clone)]
pub struct ReturningRegion {
    pub flagged: FlaggedRegion,
    /// Oldest first.
    pub recurrences: Vec<Recurrence>,
}

/// One knot of the report.
#[derive(Debug, Clone)]
pub struct KnotReport {
    pub summary: KnotSummary,
    /// Its pain per session, oldest first.
    pub sessions: Vec<SessionPain>,
    /// The lowest score before treatment in any session.
    pub best: u8,
    pub readings: Vec<Reading>,
    /// How it came back, or came back beside it, in words.
    pub recurrences: Vec<String>,
    /// How many times it came back itself.
    pub came_back: usize,
    /// The sessions (indices into `sessions`) in which it flared again
    /// after calming.
    pub flares: Vec<usize>,
    /// The cautions about its latest reading.
    pub advice: Vec<Advice>,
    /// How it responded to each technique and tool used on it.
    pub responses: Vec<Response>,
}

impl KnotReport {
    pub fn id(&self) -> i64 {
        self.summary.knot.id
    }

    pub fn region(&self) -> Region {
        self.summary.knot.region
    }

    /// The session number (from 1) a reading belongs to, for this knot.
    pub fn session_number(&self, reading: &Reading) -> Option<usize> {
        self.sessions
            .iter()
            .position(|session| session.session_id == reading.session_id)
            .map(|index| index + 1)
    }
}

/// A reading worth a clinician's eye: one with symptoms or a note.
#[derive(Debug, Clone)]
pub struct Remark {
    pub knot: i64,
    pub region: Region,
    pub reading: Reading,
    /// What knotmap said about its symptoms when it was logged.
    pub advice: Vec<Advice>,
}

/// How pain moved from before to after treatment with one technique or
/// tool (or, for a knot, one combination of both).
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub name: String,
    /// Readings that used it.
    pub readings: usize,
    /// Knots it was used on.
    pub knots: usize,
    /// Readings with a score both before and after.
    pub scored: usize,
    pub mean_before: Option<f64>,
    pub mean_after: Option<f64>,
}

impl Response {
    /// The mean drop from before to after, in points.
    pub fn mean_drop(&self) -> Option<f64> {
        Some(self.mean_before? - self.mean_after?)
    }
}

/// The name shown when a reading did not say how it was treated.
pub const NOT_RECORDED: &str = "not recorded";

impl Report {
    /// The report of `analysis` for the period from `since` (or the first
    /// reading) to `now`, in the person's zone. `recurrences` are the
    /// returns of its knots and of those around them, oldest first;
    /// `earlier` counts what came before the period.
    pub fn new<Tz: TimeZone>(
        analysis: &Analysis,
        rules: &Rules,
        recurrences: Vec<Recurrence>,
        earlier: Earlier,
        since: Option<DateTime<Utc>>,
        now: DateTime<Tz>,
    ) -> Report {
        let zone = now.timezone();
        let now = now.with_timezone(&Utc);
        let history = &analysis.history;
        let in_period = |at: DateTime<Utc>| since.is_none_or(|since| at >= since) && at <= now;
        let period_readings: Vec<&Reading> = history
            .readings
            .iter()
            .filter(|r| in_period(r.taken_at))
            .collect();
        let knot_ids: HashSet<i64> = period_readings.iter().map(|r| r.knot_id).collect();
        let sessions: HashSet<i64> = period_readings.iter().map(|r| r.session_id).collect();
        let found = trends(
            history,
            &analysis.knots,
            &count_by_region(&recurrences, since),
            since,
            now,
        );
        let knots: Vec<KnotReport> = analysis
            .knots
            .iter()
            .filter(|summary| knot_ids.contains(&summary.knot.id))
            .map(|summary| knot_report(analysis, &recurrences, summary, rules, &zone))
            .collect();
        let region_of: HashMap<i64, Region> =
            history.knots.iter().map(|k| (k.id, k.region)).collect();
        let mut remarks: Vec<Remark> = period_readings
            .iter()
            .filter(|r| {
                !r.treatment.symptoms.is_empty()
                    || r.treatment
                        .note
                        .as_deref()
                        .is_some_and(|n| !n.trim().is_empty())
            })
            .filter_map(|r| {
                Some(Remark {
                    knot: r.knot_id,
                    region: *region_of.get(&r.knot_id)?,
                    reading: (*r).clone(),
                    advice: analysis
                        .advice_for(r.id, rules, &zone)
                        .into_iter()
                        .filter(|a| is_about_symptoms(a.kind))
                        .collect(),
                })
            })
            .collect();
        remarks.sort_by_key(|r| (r.reading.taken_at, r.reading.id));
        let returned: Vec<Recurrence> = recurrences
            .into_iter()
            .filter(|r| in_period(r.returned_at))
            .collect();
        Report {
            made_at: now,
            since,
            from: found.since,
            rules: *rules,
            anything_logged: !history.readings.is_empty() || earlier.readings > 0,
            earlier,
            brief: true,
            sessions: sessions.len(),
            readings: period_readings.len(),
            knots,
            regions: found.regions,
            areas: found.areas,
            flagged: flag_regions(&tally_regions(&returned))
                .into_iter()
                .map(|flagged| ReturningRegion {
                    recurrences: returned
                        .iter()
                        .filter(|r| r.region == flagged.region)
                        .cloned()
                        .collect(),
                    flagged,
                })
                .collect(),
            remarks,
            techniques: responses(&period_readings, |r| r.treatment.technique.as_deref()),
            tools: responses(&period_readings, |r| r.treatment.tool.as_deref()),
        }
    }

    /// How many knots have each verdict, most urgent first, leaving out
    /// verdicts no knot has.
    pub fn verdict_counts(&self) -> Vec<(Verdict, usize)> {
        let mut verdicts: Vec<Verdict> = Verdict::ALL.to_vec();
        verdicts.sort_by_key(|v| std::cmp::Reverse(v.urgency()));
        verdicts
            .into_iter()
            .map(|v| {
                (
                    v,
                    self.knots
                        .iter()
                        .filter(|k| k.summary.verdict() == v)
                        .count(),
                )
            })
            .filter(|&(_, count)| count > 0)
            .collect()
    }

    pub fn active_knots(&self) -> usize {
        self.knots
            .iter()
            .filter(|k| k.summary.status == KnotStatus::Active)
            .count()
    }

    /// The knots to look at first: getting worse or stalled, or with
    /// advice to see a clinician, each with the reason in a few words.
    pub fn look_first(&self) -> Vec<(&KnotReport, String)> {
        let mut found = Vec::new();
        for knot in &self.knots {
            let verdict = knot.summary.verdict();
            let mut reasons = Vec::new();
            if matches!(verdict, Verdict::Worse | Verdict::Stalled) {
                reasons.push(format!(
                    "{}: {}",
                    verdict_name(verdict),
                    knot.summary.assessment.rule
                ));
            }
            for advice in knot.advice.iter().filter(|a| is_serious(a.kind)) {
                reasons.push(advice.text.clone());
            }
            // Symptoms logged earlier in the period that called for a
            // clinician, unless the latest reading says so already.
            for remark in self.remarks.iter().rev().filter(|r| r.knot == knot.id()) {
                for advice in remark.advice.iter().filter(|a| is_serious(a.kind)) {
                    if !knot.advice.contains(advice) {
                        reasons.push(format!(
                            "{} (logged on {})",
                            advice.text,
                            text::day(remark.reading.taken_at)
                        ));
                    }
                }
            }
            if !reasons.is_empty() {
                found.push((knot, reasons.join("; ")));
            }
        }
        found
    }
}

/// Advice that sends the person to a clinician, shown first and in bold.
pub fn is_serious(kind: AdviceKind) -> bool {
    matches!(
        kind,
        AdviceKind::OnHold
            | AdviceKind::SeeClinician
            | AdviceKind::SeverePain
            | AdviceKind::NoProgress
    )
}

/// Advice about the symptoms of a reading.
pub fn is_about_symptoms(kind: AdviceKind) -> bool {
    matches!(
        kind,
        AdviceKind::SeeClinician
            | AdviceKind::SharpPain
            | AdviceKind::Bruising
            | AdviceKind::Warmth
    )
}

/// A verdict in plain words, as the report prints it.
pub fn verdict_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::New => "new",
        Verdict::Back => "back",
        Verdict::Slow => "slow",
        Verdict::OnTrack => "on track",
        Verdict::Stalled => "stalled",
        Verdict::Worse => "worse",
        Verdict::Resolved => "resolved",
    }
}

/// The change from the first session's score to the latest, in points
/// and percent of the first score: "-4 points (-50%)", "no change". Worked
/// out from the two scores shown beside it, so the row always adds up (a
/// knot that came back is judged on its return, as its verdict's rule
/// says).
pub fn change_text(summary: &KnotSummary) -> String {
    let first = i16::from(summary.first_pain.value());
    let points = i16::from(summary.latest_pain.value()) - first;
    let unit = if points.abs() == 1 { "point" } else { "points" };
    match points {
        0 => "no change".to_string(),
        _ if first == 0 => format!("{points:+} {unit}"),
        _ => format!("{points:+} {unit} ({:+}%)", points * 100 / first),
    }
}

/// A knot's part of the report, given every recurrence, oldest first.
fn knot_report<Tz: TimeZone>(
    analysis: &Analysis,
    recurrences: &[Recurrence],
    summary: &KnotSummary,
    rules: &Rules,
    zone: &Tz,
) -> KnotReport {
    let id = summary.knot.id;
    let readings = analysis.history.readings_of(id).to_vec();
    let sessions = pain_by_session(&readings);
    let best = sessions
        .iter()
        .map(|s| s.before.value())
        .min()
        .unwrap_or(summary.latest_pain.value());
    let came_back = recurrences.iter().filter(|r| r.knot == id).count();
    let flares = recurrences
        .iter()
        .filter(|r| r.knot == id && r.kind == RecurrenceKind::Flare)
        .filter_map(|r| sessions.iter().position(|s| s.at >= r.returned_at))
        .collect();
    let refs: Vec<&Reading> = readings.iter().collect();
    let responses = responses(&refs, |r| {
        let t = &r.treatment;
        match (t.technique.as_deref(), t.tool.as_deref()) {
            (None, None) => None,
            (technique, tool) => Some(format!(
                "{} with {}",
                technique.unwrap_or("no technique noted"),
                tool.unwrap_or("no tool noted")
            )),
        }
    });
    KnotReport {
        summary: summary.clone(),
        best,
        recurrences: recurrences
            .iter()
            .filter_map(|r| recurrence_line(r, id))
            .collect(),
        came_back,
        flares,
        advice: advice_for_knot(summary, &readings, rules, zone),
        responses,
        sessions,
        readings,
    }
}

/// One recurrence as it concerns knot `id`, in words; `None` when it is
/// about other knots.
fn recurrence_line(r: &Recurrence, id: i64) -> Option<String> {
    if r.knot != id && r.earlier_knot != id {
        return None;
    }
    let day = text::day(r.returned_at);
    let days = plural(r.interval_days, "day", "days");
    if r.knot == id {
        Some(match r.kind {
            RecurrenceKind::Flare => {
                format!("hurt again on {day}, {days} after it had calmed")
            }
            RecurrenceKind::Nearby => format!(
                "formed on {day} beside knot {}, {days} after that knot had calmed",
                r.earlier_knot
            ),
        })
    } else if r.earlier_knot == id {
        Some(format!(
            "knot {} formed beside it on {day}, {days} after this one had calmed",
            r.knot
        ))
    } else {
        None
    }
}

/// Readings grouped by a name (case and spacing aside), most used first.
fn responses<'a, F, S>(readings: &[&'a Reading], name_of: F) -> Vec<Response>
where
    F: Fn(&'a Reading) -> Option<S>,
    S: AsRef<str>,
{
    struct Group {
        name: String,
        readings: usize,
        knots: HashSet<i64>,
        scored: usize,
        before: u32,
        after: u32,
        order: usize,
    }
    let mut groups: HashMap<String, Group> = HashMap::new();
    for reading in readings {
        let name = name_of(reading)
            .map(|name| {
                name.as_ref()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| NOT_RECORDED.to_string());
        let order = groups.len();
        let group = groups.entry(name.to_lowercase()).or_insert_with(|| Group {
            name,
            readings: 0,
            knots: HashSet::new(),
            scored: 0,
            before: 0,
            after: 0,
            order,
        });
        group.readings += 1;
        group.knots.insert(reading.knot_id);
        if let (Some(before), Some(after)) =
            (reading.treatment.pain_before, reading.treatment.pain_after)
        {
            group.scored += 1;
            group.before += u32::from(before.value());
            group.after += u32::from(after.value());
        }
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    groups.sort_by_key(|g| {
        (
            g.name == NOT_RECORDED,
            std::cmp::Reverse(g.readings),
            g.order,
        )
    });
    groups
        .into_iter()
        .map(|g| {
            let mean = |sum: u32| (g.scored > 0).then(|| f64::from(sum) / g.scored as f64);
            Response {
                readings: g.readings,
                knots: g.knots.len(),
                scored: g.scored,
                mean_before: mean(g.before),
                mean_after: mean(g.after),
                name: g.name,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
