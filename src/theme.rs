//! Every style knotmap draws with, in one place. With `NO_COLOR` set the
//! theme uses modifiers only, and every mark keeps a non-colour cue (the
//! marker's digit, reversed selection).

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// The themes a person can choose in the settings file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    /// Colours that read on dark and light backgrounds alike.
    #[default]
    Default,
    /// Bright colours and bold text, for low vision or a washed-out screen.
    HighContrast,
    /// No colour at all, as with `NO_COLOR`.
    Mono,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    name: ThemeName,
}

impl Theme {
    pub const COLOR: Theme = Theme {
        name: ThemeName::Default,
    };
    pub const HIGH_CONTRAST: Theme = Theme {
        name: ThemeName::HighContrast,
    };
    pub const MONO: Theme = Theme {
        name: ThemeName::Mono,
    };

    /// The chosen theme, unless `NO_COLOR` is set to anything non-empty
    /// (no-color.org), which always wins.
    pub fn new(name: ThemeName) -> Theme {
        Theme::choose(name, std::env::var_os("NO_COLOR"))
    }

    /// The theme for a setting and the value of `NO_COLOR`, if set.
    pub fn choose(name: ThemeName, no_color: Option<std::ffi::OsString>) -> Theme {
        match no_color {
            Some(value) if !value.is_empty() => Theme::MONO,
            _ => Theme { name },
        }
    }

    fn pick(&self, color: Style, mono: Style) -> Style {
        match self.name {
            ThemeName::Default => color,
            ThemeName::HighContrast => brighten(color),
            ThemeName::Mono => mono,
        }
    }

    pub fn outline(&self) -> Style {
        self.pick(Style::new().fg(Color::Gray), Style::new())
    }

    pub fn title(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn label(&self) -> Style {
        self.pick(Style::new().fg(Color::Cyan), Style::new())
    }

    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn caution(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::ITALIC),
        )
    }

    pub fn success(&self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }

    /// The cell under the cursor and the selected row of a list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// A shade of the heat view, by how many knots formed on a region:
    /// the same sequential scale as the markers.
    pub fn heat(&self, knots: usize) -> Style {
        let color = match knots {
            0 | 1 => Color::Indexed(221),
            2 => Color::Indexed(208),
            _ => Color::Indexed(160),
        };
        self.pick(Style::new().fg(color), Style::new())
    }

    /// A knot marker, by its latest pain. The colours climb one sequential
    /// scale (pale yellow to deep red) that colour-blind eyes can still
    /// order; the digit on the marker says the same without colour.
    pub fn marker(&self, pain: u8, resolved: bool) -> Style {
        if resolved {
            return self.dim();
        }
        let color = match pain {
            0..=3 => Color::Indexed(221),
            4..=6 => Color::Indexed(208),
            _ => Color::Indexed(160),
        };
        self.pick(
            Style::new()
                .fg(Color::Black)
                .bg(color)
                .add_modifier(Modifier::BOLD),
            if pain >= 7 {
                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            },
        )
    }
}

/// The high-contrast form of a colour style: bright colours, and bold.
fn brighten(style: Style) -> Style {
    let bright = |color: Color| match color {
        Color::Gray | Color::DarkGray => Color::White,
        Color::Cyan => Color::LightCyan,
        Color::Yellow => Color::LightYellow,
        Color::Green => Color::LightGreen,
        Color::Red | Color::LightRed => Color::LightRed,
        other => other,
    };
    Style {
        fg: style.fg.map(bright),
        ..style
    }
    .add_modifier(Modifier::BOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_over_the_setting_unless_empty() {
        let set = Some(std::ffi::OsString::from("1"));
        assert_eq!(Theme::choose(ThemeName::HighContrast, set), Theme::MONO);
        let empty = Some(std::ffi::OsString::new());
        assert_eq!(
            Theme::choose(ThemeName::HighContrast, empty),
            Theme::HIGH_CONTRAST
        );
        assert_eq!(Theme::choose(ThemeName::Default, None), Theme::COLOR);
    }

    #[test]
    fn mono_styles_carry_no_colour_and_keep_a_cue() {
        let theme = Theme::MONO;
        for style in [
            theme.marker(8, false),
            theme.marker(2, false),
            theme.selected(),
            theme.error(),
        ] {
            assert_eq!((style.fg, style.bg), (None, None));
            assert!(!style.add_modifier.is_empty(), "{style:?} has no cue");
        }
        assert_ne!(
            theme.marker(8, false),
            theme.marker(5, false),
            "severe pain stands out"
        );
    }

    #[test]
    fn pain_colours_climb_one_scale() {
        let background = |pain| Theme::COLOR.marker(pain, false).bg;
        assert_eq!(background(1), background(3));
        assert_ne!(background(3), background(4));
        assert_ne!(background(6), background(7));
    }
}
