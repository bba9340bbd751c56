//! Every style knotmap draws with, in one place. With `NO_COLOR` set the
//! theme uses modifiers only, and every mark keeps a non-colour cue (the
//! marker's digit, reversed selection).

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// The themes a person can choose in the settings file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    /// `dark` or `light`, by the background the terminal reports; `default`
    /// when it reports none.
    #[default]
    Auto,
    /// Colours that read on dark and light backgrounds alike (at least
    /// 3:1 on black and on white; markers 4.5:1).
    Default,
    /// Brighter colours for a dark background (4.5:1 or more on black).
    Dark,
    /// Deeper colours for a light background (4.5:1 or more on white).
    Light,
    /// The terminal's own colours in bold, and markers at 7:1 or more,
    /// for low vision or a washed-out screen.
    HighContrast,
    /// No colour at all, as with `NO_COLOR`.
    Mono,
}

/// Whether the terminal's background is dark or light.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

impl Background {
    /// The luminance at which black and white text reach the same
    /// contrast: below it white reads better, above it black does.
    const MIDDLE: f64 = 0.179;

    /// Dark or light, from the background's red, green and blue (0 to 1).
    pub fn of(rgb: [f64; 3]) -> Background {
        if luminance(rgb) > Background::MIDDLE {
            Background::Light
        } else {
            Background::Dark
        }
    }
}

/// The relative luminance of WCAG 2, from red, green and blue (0 to 1).
pub fn luminance(rgb: [f64; 3]) -> f64 {
    let [r, g, b] = rgb.map(|c| {
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    });
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    name: ThemeName,
}

impl Theme {
    pub const COLOR: Theme = Theme {
        name: ThemeName::Default,
    };
    pub const DARK: Theme = Theme {
        name: ThemeName::Dark,
    };
    pub const LIGHT: Theme = Theme {
        name: ThemeName::Light,
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

    /// Whether the theme waits to hear the terminal's background: until
    /// then it draws as `default`, which reads on both.
    pub fn follows_background(&self) -> bool {
        self.name == ThemeName::Auto
    }

    /// The theme once the terminal's background is known, or known to be
    /// unknown; a theme chosen by name stays as it is.
    pub fn on_background(self, background: Option<Background>) -> Theme {
        if !self.follows_background() {
            return self;
        }
        match background {
            Some(Background::Dark) => Theme::DARK,
            Some(Background::Light) => Theme::LIGHT,
            None => Theme::COLOR,
        }
    }

    /// The colours of a colour theme; `auto` draws as `default` until the
    /// background is known.
    fn palette(&self) -> &'static Palette {
        match self.name {
            ThemeName::Dark => &ON_DARK,
            ThemeName::Light => &ON_LIGHT,
            _ => &ON_BOTH,
        }
    }

    /// The style of a colour theme (`color`, from its palette) or the mono
    /// one; the high-contrast theme is the mono one in the terminal's own
    /// colours, bold and never dimmed: no colour but the terminal's
    /// foreground reaches 7:1 on both a black and a white background.
    fn pick(&self, color: impl FnOnce(&Palette) -> Style, mono: Style) -> Style {
        match self.name {
            ThemeName::HighContrast => mono
                .remove_modifier(Modifier::DIM)
                .add_modifier(Modifier::BOLD),
            ThemeName::Mono => mono,
            _ => color(self.palette()),
        }
    }

    /// The body's outline: a mid grey that stays behind the markers.
    pub fn outline(&self) -> Style {
        self.pick(|p| Style::new().fg(p.outline), Style::new())
    }

    pub fn title(&self) -> Style {
        self.pick(
            |p| Style::new().fg(p.title).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn label(&self) -> Style {
        self.pick(|p| Style::new().fg(p.title), Style::new())
    }

    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn dim(&self) -> Style {
        self.pick(
            |p| Style::new().fg(p.dim),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            |p| Style::new().fg(p.gold).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            |p| Style::new().fg(p.red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn caution(&self) -> Style {
        self.pick(
            |p| Style::new().fg(p.orange),
            Style::new().add_modifier(Modifier::ITALIC),
        )
    }

    pub fn success(&self) -> Style {
        self.pick(|p| Style::new().fg(p.green), Style::new())
    }

    /// The cell under the cursor and the selected row of a list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// A shade of the heat view, by how many knots formed on a region:
    /// gold, orange, red, like the markers. The shade's glyph says the
    /// same without colour.
    pub fn heat(&self, knots: usize) -> Style {
        self.pick(
            |p| {
                Style::new().fg(match knots {
                    0 | 1 => p.gold,
                    2 => p.orange,
                    _ => p.red,
                })
            },
            Style::new(),
        )
    }

    /// A knot marker, by its latest pain: a digit on a background of its
    /// own, the same in every colour theme, so a colour means one pain
    /// whatever the terminal. The backgrounds climb one sequential scale
    /// (pale yellow to deep red) that colour-blind eyes can still order;
    /// the digit says the same without colour, black or white, whichever
    /// reads better on it.
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

/// The colours a colour theme draws text with on the terminal's own
/// background; `tests` measures each against the backgrounds it is for.
struct Palette {
    outline: Color,
    /// Titles and labels.
    title: Color,
    dim: Color,
    /// Keys, and the first shade of the heat view.
    gold: Color,
    /// Cautions, and the second shade.
    orange: Color,
    /// Errors, and the last shade.
    red: Color,
    green: Color,
}

// Colours of the 256-colour cube and grey ramp, which terminals draw alike
// whatever their own palette: the 16 base colours differ from one terminal
// theme to the next, so none is used.

/// Mid tones, at least 3:1 against black and against white.
const ON_BOTH: Palette = Palette {
    outline: Color::Indexed(244),
    title: Color::Indexed(31),
    dim: Color::Indexed(243),
    gold: Color::Indexed(136),
    orange: Color::Indexed(166),
    red: RED,
    green: Color::Indexed(28),
};

/// Light tones, at least 4.5:1 against black and 3:1 against a dark grey.
const ON_DARK: Palette = Palette {
    outline: Color::Indexed(245),
    title: Color::Indexed(38),
    dim: Color::Indexed(244),
    gold: Color::Indexed(178),
    orange: Color::Indexed(209),
    red: Color::Indexed(203),
    green: Color::Indexed(71),
};

/// Deep tones, at least 4.5:1 against white and 3:1 against a light grey.
const ON_LIGHT: Palette = Palette {
    outline: Color::Indexed(242),
    title: Color::Indexed(24),
    dim: Color::Indexed(243),
    gold: Color::Indexed(94),
    orange: Color::Indexed(130),
    red: Color::Indexed(124),
    green: Color::Indexed(22),
};

const RED: Color = Color::Indexed(160);
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
        assert_eq!(
            Theme::choose(ThemeName::HighContrast, set.clone()),
            Theme::MONO
        );
        assert_eq!(Theme::choose(ThemeName::Auto, set), Theme::MONO);
        let empty = Some(std::ffi::OsString::new());
        assert_eq!(
            Theme::choose(ThemeName::HighContrast, empty),
            Theme::HIGH_CONTRAST
        );
        assert_eq!(Theme::choose(ThemeName::Default, None), Theme::COLOR);
    }

    #[test]
    fn auto_follows_the_background_and_falls_back_to_the_default() {
        let auto = Theme::choose(ThemeName::Auto, None);
        assert!(auto.follows_background());
        // Before the answer it draws as the theme that reads on both.
        assert_eq!(auto.title(), Theme::COLOR.title());
        assert_eq!(auto.on_background(Some(Background::Dark)), Theme::DARK);
        assert_eq!(auto.on_background(Some(Background::Light)), Theme::LIGHT);
        assert_eq!(auto.on_background(None), Theme::COLOR);
        for named in [
            Theme::COLOR,
            Theme::LIGHT,
            Theme::HIGH_CONTRAST,
            Theme::MONO,
        ] {
            assert!(!named.follows_background());
            assert_eq!(named.on_background(Some(Background::Dark)), named);
        }
        // NO_COLOR leaves nothing to follow.
        let no_color = Some(std::ffi::OsString::from("1"));
        assert!(!Theme::choose(ThemeName::Auto, no_color).follows_background());
    }

    #[test]
    fn backgrounds_are_told_apart_by_luminance() {
        for (rgb, want) in [
            ([0.0, 0.0, 0.0], Background::Dark),
            ([1.0, 1.0, 1.0], Background::Light),
            // Solarized dark and light, and a dark grey.
            ([0.0, 0.169, 0.212], Background::Dark),
            ([0.992, 0.965, 0.890], Background::Light),
            ([0.157, 0.157, 0.157], Background::Dark),
            // Mid grey is nearer white for text purposes.
            ([0.6, 0.6, 0.6], Background::Light),
        ] {
            assert_eq!(Background::of(rgb), want, "{rgb:?}");
        }
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
        for (_, style) in text_styles(theme) {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
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

    /// The contrast ratio of WCAG 2, from 1 to 21, of two colours given
    /// from 0 to 255.
    fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
        let (a, b) = (
            luminance(a.map(|c| c / 255.0)),
            luminance(b.map(|c| c / 255.0)),
        );
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    const BLACK_BACKGROUND: [f64; 3] = [0.0, 0.0, 0.0];
    const WHITE_BACKGROUND: [f64; 3] = [255.0, 255.0, 255.0];
    /// The greys of many dark and light terminal themes (#303030, #eeeeee).
    const DARK_GREY_BACKGROUND: [f64; 3] = [48.0, 48.0, 48.0];
    const LIGHT_GREY_BACKGROUND: [f64; 3] = [238.0, 238.0, 238.0];

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

    /// A background and the least contrast on it.
    type Target = ([f64; 3], f64);

    /// Each colour theme, the backgrounds it is for and the least
    /// contrast its text must reach on each.
    fn text_targets() -> [(Theme, Vec<Target>); 4] {
        [
            (
                Theme::COLOR,
                vec![(BLACK_BACKGROUND, 3.0), (WHITE_BACKGROUND, 3.0)],
            ),
            (
                Theme::DARK,
                vec![(BLACK_BACKGROUND, 4.5), (DARK_GREY_BACKGROUND, 3.0)],
            ),
            (
                Theme::LIGHT,
                vec![(WHITE_BACKGROUND, 4.5), (LIGHT_GREY_BACKGROUND, 3.0)],
            ),
            (
                Theme::HIGH_CONTRAST,
                vec![(BLACK_BACKGROUND, 7.0), (WHITE_BACKGROUND, 7.0)],
            ),
        ]
    }

    #[test]
    fn text_reads_on_the_backgrounds_each_theme_is_for() {
        for (theme, targets) in text_targets() {
            for (background, least) in targets {
                let mut lowest = f64::INFINITY;
                for (name, style) in text_styles(theme) {
                    assert_eq!(style.bg, None, "{theme:?} {name} draws a background");
                    // None and Reset are the terminal's own foreground,
                    // which is made to read on its own background.
                    let Some(fg) = style.fg.filter(|&fg| fg != Color::Reset) else {
                        continue;
                    };
                    let ratio = contrast(rgb(fg), background);
                    lowest = lowest.min(ratio);
                    assert!(
                        ratio >= least,
                        "{theme:?} {name}: {ratio:.2}:1 on {background:?}"
                    );
                }
                // Shown with --nocapture: the figures the themes reach.
                println!("{theme:?} text on {background:?}: lowest {lowest:.2}:1");
            }
        }
    }

    #[test]
    fn marker_digits_read_on_their_own_background() {
        for (theme, least) in [
            (Theme::COLOR, 4.5),
            (Theme::DARK, 4.5),
            (Theme::LIGHT, 4.5),
            (Theme::HIGH_CONTRAST, 7.0),
        ] {
            let mut lowest = f64::INFINITY;
            for pain in 0..=10 {
                let style = theme.marker(pain, false);
                let (Some(fg), Some(bg)) = (style.fg, style.bg) else {
                    panic!("{theme:?} marker {pain} has no colours of its own");
                };
                let ratio = contrast(rgb(fg), rgb(bg));
                lowest = lowest.min(ratio);
                assert!(ratio >= least, "{theme:?} marker {pain}: {ratio:.2}:1");
            }
            println!("{theme:?} marker digits: lowest {lowest:.2}:1");
        }
    }

    #[test]
    fn pain_colours_climb_one_scale() {
        for theme in [Theme::COLOR, Theme::DARK, Theme::LIGHT] {
            let background = |pain| theme.marker(pain, false).bg;
            assert_eq!(background(1), background(3));
            assert_ne!(background(3), background(4));
            assert_ne!(background(6), background(7));
        }
    }
}
