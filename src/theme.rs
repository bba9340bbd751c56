//! Every style knotmap draws with, in one place. With `NO_COLOR` set the
//! theme uses modifiers only, and every mark keeps a non-colour cue (the
//! marker's digit, reversed selection).

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// The themes a person can choose in the settings file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    /// Colours that read on dark and light backgrounds alike (at least
    /// 3:1 on black and on white; markers 4.5:1).
    #[default]
    Default,
    /// The terminal's own colours in bold, and markers at 7:1 or more,
    /// for low vision or a washed-out screen.
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

    /// The style for the default theme (`color`) or the mono one; the
    /// high-contrast theme is the mono one in the terminal's own colours,
    /// bold and never dimmed: no colour but the terminal's foreground
    /// reaches 7:1 on both a black and a white background.
    fn pick(&self, color: Style, mono: Style) -> Style {
        match self.name {
            ThemeName::Default => color,
            ThemeName::HighContrast => mono
                .remove_modifier(Modifier::DIM)
                .add_modifier(Modifier::BOLD),
            ThemeName::Mono => mono,
        }
    }

    // Text drawn on the terminal's own background, which may be dark or
    // light, uses colours of the 256-colour cube whose contrast is at
    // least 3:1 against black and against white (`tests` measures them).

    /// The body's outline: a mid grey that stays behind the markers.
    pub fn outline(&self) -> Style {
        self.pick(Style::new().fg(GREY), Style::new())
    }

    pub fn title(&self) -> Style {
        self.pick(
            Style::new().fg(TEAL).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn label(&self) -> Style {
        self.pick(Style::new().fg(TEAL), Style::new())
    }

    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(DARK_GREY),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(GOLD).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::new().fg(RED).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn caution(&self) -> Style {
        self.pick(
            Style::new().fg(ORANGE),
            Style::new().add_modifier(Modifier::ITALIC),
        )
    }

    pub fn success(&self) -> Style {
        self.pick(Style::new().fg(GREEN), Style::new())
    }

    /// The cell under the cursor and the selected row of a list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// A shade of the heat view, by how many knots formed on a region:
    /// gold, orange, red, like the markers. The shade's glyph says the
    /// same without colour.
    pub fn heat(&self, knots: usize) -> Style {
        let color = match knots {
            0 | 1 => GOLD,
            2 => ORANGE,
            _ => RED,
        };
        self.pick(Style::new().fg(color), Style::new())
    }

    /// A knot marker, by its latest pain: a digit on a background of its
    /// own. The backgrounds climb one sequential scale (pale yellow to deep
    /// red) that colour-blind eyes can still order; the digit says the same
    /// without colour, black or white, whichever reads better on it.
    pub fn marker(&self, pain: u8, resolved: bool) -> Style {
        if resolved {
            return self.dim();
        }
        let severe = match self.name {
            ThemeName::HighContrast => DEEP_RED,
            _ => RED,
        };
        let (digit, background) = match pain {
            0..=3 => (BLACK, PALE_YELLOW),
            4..=6 => (BLACK, AMBER),
            _ => (WHITE, severe),
        };
        let mono = if pain >= 7 {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        match self.name {
            ThemeName::Mono => mono,
            _ => Style::new()
                .fg(digit)
                .bg(background)
                .add_modifier(Modifier::BOLD),
        }
    }
}

// Colours of the 256-colour cube and grey ramp, which terminals draw alike
// whatever their own palette: the 16 base colours differ from one terminal
// theme to the next, so none is used.
const GREY: Color = Color::Indexed(244);
const DARK_GREY: Color = Color::Indexed(243);
const TEAL: Color = Color::Indexed(31);
const GOLD: Color = Color::Indexed(136);
const ORANGE: Color = Color::Indexed(166);
const RED: Color = Color::Indexed(160);
const GREEN: Color = Color::Indexed(28);
const PALE_YELLOW: Color = Color::Indexed(221);
const AMBER: Color = Color::Indexed(208);
const DEEP_RED: Color = Color::Indexed(88);
const BLACK: Color = Color::Indexed(16);
const WHITE: Color = Color::Indexed(231);

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

    /// The colour of a 256-colour index as xterm draws it by default; the
    /// cube and the grey ramp are the same in nearly every terminal.
    fn rgb(color: Color) -> [f64; 3] {
        let Color::Indexed(n) = color else {
            panic!("{color:?} is not from the 256-colour cube");
        };
        assert!(n >= 16, "{color:?} is one of the terminal's own 16");
        let n = usize::from(n);
        let rgb = if n < 232 {
            let level = [0, 95, 135, 175, 215, 255];
            let n = n - 16;
            [level[n / 36], level[n / 6 % 6], level[n % 6]]
        } else {
            let grey = 8 + 10 * (n - 232);
            [grey, grey, grey]
        };
        rgb.map(|c| c as f64)
    }

    /// The relative luminance of WCAG 2.
    fn luminance(rgb: [f64; 3]) -> f64 {
        let [r, g, b] = rgb.map(|c| {
            let c = c / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        });
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// The contrast ratio of WCAG 2, from 1 to 21.
    fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    const BLACK_BACKGROUND: [f64; 3] = [0.0, 0.0, 0.0];
    const WHITE_BACKGROUND: [f64; 3] = [255.0, 255.0, 255.0];

    /// Every style a theme draws text with on the terminal's background.
    fn text_styles(theme: Theme) -> Vec<(String, Style)> {
        let mut styles = vec![
            ("outline".to_string(), theme.outline()),
            ("title".to_string(), theme.title()),
            ("label".to_string(), theme.label()),
            ("dim".to_string(), theme.dim()),
            ("key".to_string(), theme.key()),
            ("error".to_string(), theme.error()),
            ("caution".to_string(), theme.caution()),
            ("success".to_string(), theme.success()),
            ("calmed marker".to_string(), theme.marker(5, true)),
        ];
        for knots in 1..=3 {
            styles.push((format!("heat {knots}"), theme.heat(knots)));
        }
        styles
    }

    #[test]
    fn the_formula_matches_known_ratios() {
        let close = |a: f64, b: f64| (a - b).abs() < 0.01;
        assert!(close(contrast(BLACK_BACKGROUND, WHITE_BACKGROUND), 21.0));
        assert!(close(contrast([118.0; 3], WHITE_BACKGROUND), 4.54));
    }

    #[test]
    fn text_reads_on_black_and_on_white() {
        for (theme, least) in [(Theme::COLOR, 3.0), (Theme::HIGH_CONTRAST, 7.0)] {
            for (name, style) in text_styles(theme) {
                assert_eq!(style.bg, None, "{theme:?} {name} draws a background");
                // None and Reset are the terminal's own foreground, which
                // is made to read on its own background.
                let Some(fg) = style.fg.filter(|&fg| fg != Color::Reset) else {
                    continue;
                };
                for background in [BLACK_BACKGROUND, WHITE_BACKGROUND] {
                    let ratio = contrast(rgb(fg), background);
                    assert!(
                        ratio >= least,
                        "{theme:?} {name}: {ratio:.2}:1 on {background:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn marker_digits_read_on_their_own_background() {
        for (theme, least) in [(Theme::COLOR, 4.5), (Theme::HIGH_CONTRAST, 7.0)] {
            for pain in 0..=10 {
                let style = theme.marker(pain, false);
                let (Some(fg), Some(bg)) = (style.fg, style.bg) else {
                    panic!("{theme:?} marker {pain} has no colours of its own");
                };
                let ratio = contrast(rgb(fg), rgb(bg));
                assert!(ratio >= least, "{theme:?} marker {pain}: {ratio:.2}:1");
            }
        }
    }

    #[test]
    fn pain_colours_climb_one_scale() {
        let background = |pain| Theme::COLOR.marker(pain, false).bg;
        assert_eq!(background(1), background(3));
        assert_ne!(background(3), background(4));
        assert_ne!(background(6), background(7));
    }
}
