//! The protocol screen: the calm-first protocol for the selected knot, one
//! timed phase at a time, with a countdown big enough to read from the
//! floor.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::domain::protocol::{Protocol, Step, StepKind, planned_minutes, steps};
use crate::text::plural;
use crate::tui::app::App;
use crate::tui::widgets::chrome;

pub struct ProtocolScreen<'a> {
    pub app: &'a App,
    pub now: DateTime<Utc>,
}

impl Widget for ProtocolScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let body = chrome::frame(app, area, buf);
        let Some(summary) = app.focused() else {
            chrome::empty(
                app,
                "No knots yet. Log one on the map first; then the protocol walks you through treating it.",
                body,
                buf,
            );
            return;
        };
        let [title, phase, clock, _, instruction, plan] = body.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(BIG_HEIGHT),
            Constraint::Length(1),
            Constraint::Length(3),
            Constraint::Fill(1),
        ]));
        Line::from(vec![
            Span::styled("Calm-first protocol", app.theme().title()),
            Span::styled(
                {
                    let head = format!(" · knot {} · ", summary.knot.id);
                    let used = "Calm-first protocol".len() + head.len();
                    let room = usize::from(title.width).saturating_sub(used);
                    format!("{head}{}", summary.knot.region.fitted_name(room))
                },
                app.theme().dim(),
            ),
        ])
        .render(title, buf);

        // Before the start, the first phase waits with its full time.
        let (step, remaining, position, state) = match app.protocol() {
            Some(protocol) => (
                protocol.step().clone(),
                protocol.remaining(self.now).num_seconds(),
                protocol.position(),
                if protocol.is_paused() {
                    "paused".to_string()
                } else {
                    String::new()
                },
            ),
            None => {
                let all = steps();
                let first = all[0].clone();
                let seconds = first.seconds.unwrap_or(0);
                let starts = format!("{} starts", app.keymap().key("start"));
                (first, seconds, (1, all.len()), starts)
            }
        };
        let flash = app
            .protocol()
            .is_some_and(|protocol| just_changed(protocol, &step, self.now));
        let phase_style = if flash {
            app.theme().selected()
        } else {
            app.theme().title()
        };
        Line::from(vec![
            Span::styled(format!(" {} ", step.title), phase_style),
            Span::styled(
                format!("  phase {} of {}  {state}", position.0, position.1),
                app.theme().dim(),
            ),
        ])
        .render(phase, buf);
        if step.seconds.is_some() {
            let text = format!("{}:{:02}", remaining / 60, remaining % 60);
            big_text(&text, clock, buf, app.theme().label());
        }
        let instruction_text = match step.kind {
            StepKind::Score => format!(
                "Press {} to log how tender the knot was before and how it is now.",
                app.keymap().key("start")
            ),
            _ => step.instruction.to_string(),
        };
        Paragraph::new(instruction_text)
            .wrap(Wrap { trim: true })
            .render(instruction, buf);
        if app.protocol().is_none() {
            Paragraph::new(vec![
                Line::styled(
                    format!(
                        "The plan, about {} in all:",
                        plural(planned_minutes(), "minute", "minutes")
                    ),
                    app.theme().title(),
                ),
                Line::raw("  1. find the most tender point, without pressing it (20 s)"),
                Line::raw("  2. roll around it, 5 cm away, at 4-5/10 pressure (60-90 s)"),
                Line::raw("  3. press beside it, contract 5 s, relax 12 s, four times"),
                Line::raw("  4. log how it was before and how it is after"),
            ])
            .render(plan, buf);
        }
    }
}

/// Whether the phase began less than a second ago: the title flashes.
fn just_changed(protocol: &Protocol, step: &Step, now: DateTime<Utc>) -> bool {
    match step.seconds {
        Some(seconds) => {
            seconds - protocol.remaining(now).num_seconds() < 1 && protocol.position().0 > 1
        }
        None => false,
    }
}

/// The height of the big digits.
pub const BIG_HEIGHT: u16 = 5;

/// Rows of each big character, three cells wide.
fn glyph(c: char) -> [&'static str; 5] {
    match c {
        '0' => ["███", "█ █", "█ █", "█ █", "███"],
        '1' => [" █ ", "██ ", " █ ", " █ ", "███"],
        '2' => ["███", "  █", "███", "█  ", "███"],
        '3' => ["███", "  █", "███", "  █", "███"],
        '4' => ["█ █", "█ █", "███", "  █", "  █"],
        '5' => ["███", "█  ", "███", "  █", "███"],
        '6' => ["███", "█  ", "███", "█ █", "███"],
        '7' => ["███", "  █", "  █", "  █", "  █"],
        '8' => ["███", "█ █", "███", "█ █", "███"],
        '9' => ["███", "█ █", "███", "  █", "███"],
        ':' => ["   ", " █ ", "   ", " █ ", "   "],
        _ => ["   "; 5],
    }
}

/// Draws text in big characters, clipped to the area.
fn big_text(text: &str, area: Rect, buf: &mut Buffer, style: ratatui::style::Style) {
    let rows: Vec<String> = (0..5)
        .map(|row| {
            text.chars()
                .map(|c| glyph(c)[row])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|row| Line::styled(row, style))
        .collect();
    Paragraph::new(lines)
        .alignment(ratatui::layout::Alignment::Center)
        .render(area, buf);
}
