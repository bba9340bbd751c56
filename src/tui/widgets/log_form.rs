//! The log form drawn over the map: the region and side it logs to, every
//! field with its value, and what is wrong or worth knowing.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::text::{clip, printable, wrap};
use crate::tui::app::{App, Field, LogForm};

/// The form's width when the terminal has room.
const WIDTH: u16 = 60;
/// The width of the labels' column.
const LABEL: usize = 17;

pub fn log_form(app: &App, form: &LogForm, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let area = area.intersection(buf.area);
    let width = WIDTH.min(area.width);
    let text_width = usize::from(width.saturating_sub(2)).max(1);
    let title = match &form.editing {
        Some(_) => format!(
            " Correct a reading · {} ",
            form.region.fitted_name(text_width.saturating_sub(22))
        ),
        None => format!(
            " Log pain · {} ",
            form.region.fitted_name(text_width.saturating_sub(13))
        ),
    };
    let mut top: Vec<Line> = wrap(&about(app, form), text_width)
        .into_iter()
        .map(Line::raw)
        .collect();
    top.push(Line::raw(""));
    let mut fields = Vec::new();
    for field in Field::ALL {
        fields.extend(field_lines(app, form, field, text_width));
    }
    let (note, style) = match (form.error(), form.region.caution()) {
        (Some(error), _) => (error.to_string(), theme.error()),
        (None, Some(caution)) => (format!("Careful: {}.", caution.advice()), theme.caution()),
        (None, None) => (String::new(), theme.dim()),
    };
    let note: Vec<Line> = wrap(&note, text_width)
        .into_iter()
        .filter(|line| !line.is_empty())
        .map(|line| Line::styled(line, style))
        .collect();
    let keys = app.keymap();
    let footer = Line::styled(
        clip(
            &format!(
                "{} save · {} next field · {} cancel",
                keys.key("save"),
                keys.key("other-field"),
                keys.key("cancel")
            ),
            text_width,
        ),
        theme.dim(),
    );

    // The fields, the reason a value is refused and the keys always show;
    // the lines about the knot and the spacing give way on a small screen.
    let room = usize::from(area.height.saturating_sub(2));
    let mut lines = fields;
    let fixed = lines.len() + note.len() + 1;
    let spare = room.saturating_sub(fixed);
    let top_shown = top.len().min(spare);
    lines.splice(0..0, top.into_iter().take(top_shown));
    if spare > top_shown && !note.is_empty() {
        lines.push(Line::raw(""));
    }
    lines.extend(note);
    if lines.len() >= room {
        lines.truncate(room.saturating_sub(1));
    }
    lines.push(footer);

    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
    Clear.render(popup, buf);
    let block = Block::bordered().title(clip(&title, text_width));
    let inner = block.inner(popup);
    block.render(popup, buf);
    Paragraph::new(lines).render(inner, buf);
}

/// Which knot the reading goes to, or which reading is being corrected.
fn about(app: &App, form: &LogForm) -> String {
    match (&form.editing, &form.knot) {
        (Some(reading), _) => format!(
            "The reading of {}.",
            reading
                .taken_at
                .with_timezone(&app.clock().zone())
                .format("%d %b %Y %H:%M")
        ),
        (None, Some(summary)) => format!(
            "Knot {}: {}/10 last time, {} session{} so far.",
            summary.knot.id,
            summary.latest_pain,
            summary.sessions,
            if summary.sessions == 1 { "" } else { "s" }
        ),
        (None, None) => "A new knot at the cursor.".to_string(),
    }
}

fn label(form: &LogForm, field: Field) -> &'static str {
    let scores_before_and_now = form.editing.is_some() || form.protocol_minutes.is_some();
    match field {
        Field::Pain if scores_before_and_now => "Pain before, 0-10",
        Field::Pain => "Pain now, 0-10",
        Field::After if form.protocol_minutes.is_some() => "Pain now, 0-10",
        Field::After => "After treatment",
        Field::Technique => "Technique",
        Field::Tool => "Tool",
        Field::Minutes => "Minutes",
        Field::Pressure => "Pressure, 0-10",
        Field::Symptoms => "Symptoms",
        Field::Note => "Note",
        Field::Ppt => "PPT, kg/cm2",
    }
}

/// What the active field's keys do, or that it may stay empty.
fn hint(app: &App, field: Field, active: bool) -> String {
    let keys = app.keymap();
    let choose = format!(
        "{}/{} choose",
        keys.key("pick-previous"),
        keys.key("pick-next")
    );
    match (field, active) {
        (Field::Pain, _) => String::new(),
        (Field::Technique | Field::Tool, true) => choose,
        (Field::Symptoms, true) => format!("{choose}, Space ticks"),
        (_, true) => "optional".to_string(),
        _ => String::new(),
    }
}

fn field_lines(app: &App, form: &LogForm, field: Field, width: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let active = form.field() == field;
    let label_style = if active { theme.title() } else { Style::new() };
    let hint = hint(app, field, active);
    let value_room = width
        .saturating_sub(LABEL + 1)
        .saturating_sub(if hint.is_empty() { 0 } else { hint.width() + 1 })
        .max(4);
    let text = printable(&form.text(field)).into_owned();
    let value = match field {
        Field::Technique | Field::Tool if active => {
            let shown = if text.is_empty() { "none" } else { &text };
            format!("‹ {} ›", clip(shown, value_room.saturating_sub(4)))
        }
        Field::Technique | Field::Tool | Field::Symptoms if text.is_empty() => "none".to_string(),
        // The ticks below say what the cursor is on.
        Field::Symptoms => clip(&text, value_room),
        // While typing, the end of a long text stays in sight.
        _ if active => tail(&format!("{text}_"), value_room),
        _ => clip(&text, value_room),
    };
    let value_style = match (active, text.is_empty() && !active) {
        (true, _) => theme.selected(),
        (false, true) => theme.dim(),
        (false, false) => Style::new(),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{:<LABEL$} ", label(form, field)), label_style),
        Span::styled(value.clone(), value_style),
        Span::styled(
            format!(
                "{:>pad$}",
                hint,
                pad = width.saturating_sub(LABEL + 1 + value.width())
            ),
            theme.dim(),
        ),
    ])];
    if field == Field::Symptoms && active {
        lines.extend(symptom_lines(app, form, width));
    }
    lines
}

/// Every symptom with a tick box, the one under the cursor marked.
fn symptom_lines(app: &App, form: &LogForm, width: usize) -> Vec<Line<'static>> {
    let theme = app.theme();
    let indent = LABEL + 1;
    let mut lines = Vec::new();
    let mut spans = vec![Span::raw(" ".repeat(indent))];
    let mut used = indent;
    for (symptom, ticked, under_cursor) in form.symptom_list() {
        let text = format!("[{}] {}", if ticked { "x" } else { " " }, symptom);
        if used + text.width() > width && used > indent {
            lines.push(Line::from(std::mem::take(&mut spans)));
            spans.push(Span::raw(" ".repeat(indent)));
            used = indent;
        }
        used += text.width() + 1;
        let style = if under_cursor {
            theme.selected()
        } else {
            Style::new()
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    lines.push(Line::from(spans));
    lines
}

/// The last `width` columns of `text`, with `…` where it was cut.
fn tail(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        kept.push(c);
        used += w;
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}
