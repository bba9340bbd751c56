//! The protocol screen: the calm-first protocol for the selected knot, one
//! timed phase at a time, with a countdown big enough to read from the
//! floor. The neck gets its gentle variant; a knot on hold, or on a
//! region the protocol does not apply to, gets the reason instead.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::domain::KnotSummary;
use crate::domain::guidance::capitalise;
use crate::domain::protocol::{Applies, Protocol, Step, StepKind, Variant, applies, steps};
use crate::text::wrap_under;
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
        let applies = applies(summary.knot.region);
        let [title, phase, clock, _, instruction, plan] = body.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(BIG_HEIGHT),
            Constraint::Length(1),
            Constraint::Length(3),
            Constraint::Fill(1),
        ]));
        let name = match applies {
            Applies::Gentle => "Calm-first protocol, gentle for the neck",
            _ => "Calm-first protocol",
        };
        Line::from(vec![
            Span::styled(name, app.theme().title()),
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

        // Before a start, a knot the protocol must not treat says why.
        let below_title = Rect {
            y: phase.y,
            height: body.bottom().saturating_sub(phase.y),
            ..body
        };
        let variant = match app.protocol() {
            Some(_) => None,
            None if summary.safety.is_on_hold() => {
                return not_today(app, summary, below_title, buf);
            }
            None => match applies.variant() {
                Some(variant) => Some(variant),
                None => return instead(app, summary, &applies, below_title, buf),
            },
        };

        // Before the start, the first phase waits with its full time.
        let (step, remaining, position, state) = match (app.protocol(), variant) {
            (Some(protocol), _) => (
                protocol.step().clone(),
                protocol.remaining(self.now).num_seconds(),
                protocol.position(),
                if protocol.is_paused() {
                    "paused".to_string()
                } else {
                    String::new()
                },
            ),
            (None, variant) => {
                let all = steps(variant.unwrap_or(Variant::Normal));
                let Some(first) = all.first().cloned() else {
                    return;
                };
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
        if let Some(variant) = variant {
            let mut lines = vec![Line::styled(variant.heading(), app.theme().title())];
            // Each part under its number, its wrapped lines indented
            // under its first.
            let width = usize::from(plan.width);
            for (number, part) in variant.plan() {
                let marker = if number.is_empty() {
                    "  ".to_string()
                } else {
                    format!("  {number} ")
                };
                for (lead, line) in wrap_under(&marker, part, width) {
                    lines.push(Line::raw(format!("{lead}{line}")));
                }
            }
            // Easing off, or having it looked at, changes how to go about
            // it: said before the start.
            for advice in summary.safety.advice(summary.knot.region) {
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    format!("Careful: {}.", advice.text),
                    app.theme().caution(),
                ));
            }
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .render(plan, buf);
        }
    }
}

/// A knot on hold: why the protocol does not start, and how the hold is
/// lifted.
fn not_today(app: &App, summary: &KnotSummary, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let mut lines = vec![Line::styled(
        "On hold: the protocol does not start on this knot.",
        theme.error(),
    )];
    lines.push(Line::raw(""));
    for advice in summary.safety.advice(summary.knot.region) {
        lines.push(Line::styled(
            format!("{}.", capitalise(&advice.text)),
            theme.caution(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(format!(
        "Once a doctor or physiotherapist has seen it, press {} on the knot screen to lift the hold.",
        app.keymap().key("seen-to")
    )));
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// A region the protocol does not apply to: what to do instead, and the
/// knot it can start on there.
fn instead(app: &App, summary: &KnotSummary, applies: &Applies, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let Applies::NotAtAll { instead } = applies else {
        return;
    };
    let names: Vec<String> = instead.iter().map(|r| r.name()).collect();
    let mut lines = vec![
        Line::styled(
            format!("Not on the {}.", summary.knot.region.name()),
            theme.error(),
        ),
        Line::raw(""),
    ];
    if let Some(caution) = summary.knot.region.caution() {
        lines.push(Line::styled(
            format!("{}.", capitalise(caution.advice())),
            theme.caution(),
        ));
    }
    lines.push(Line::raw(format!(
        "The muscles to work instead: {}.",
        names.join(", ")
    )));
    lines.push(Line::raw(""));
    let start = app.keymap().key("start");
    lines.push(match app.protocol_instead(summary) {
        Some(other) => Line::styled(
            format!(
                "{start} starts the protocol on knot {}, {}.",
                other.knot.id,
                other.knot.region.name()
            ),
            theme.title(),
        ),
        None => Line::styled(
            format!(
                "No knot logged on them yet: {start} takes you to the {} on the map to log one.",
                names.first().map_or("", String::as_str)
            ),
            theme.title(),
        ),
    });
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
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
