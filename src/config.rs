//! The settings file: `config.toml` in the platform config folder, or the
//! file named by `--config` / `$KNOTMAP_CONFIG`. Every setting is optional;
//! a missing file means the defaults.

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::Duration;
use directories::ProjectDirs;
use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;

use crate::domain::Rules;
use crate::theme::ThemeName;
use crate::tui::keymap::Keymap;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub theme: ThemeName,
    /// Filled in as the tool of a reading logged without one.
    pub default_tool: Option<String>,
    /// The folder `knotmap sync` uses when none is given, and the app
    /// syncs through on start and on quit.
    pub sync_dir: Option<PathBuf>,
    pub session: SessionSettings,
    pub analysis: AnalysisSettings,
    pub guidance: GuidanceSettings,
    pub due: DueSettings,
    /// Action name to the keys that trigger it, replacing the defaults.
    pub keys: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct SessionSettings {
    pub join_within_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct AnalysisSettings {
    pub calm_pain: u8,
    pub window_first_session: Spanned<u8>,
    pub window_sessions: u8,
    pub window_days: u16,
    /// The lower and the higher score.
    pub expected_band: Spanned<[u8; 2]>,
    pub meaningful_points: u8,
    pub meaningful_percent: u8,
    pub worse_points: u8,
}

/// The thresholds of the cautions shown after a reading. Newer settings
/// keep where they were written, so that a bad value names its line.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct GuidanceSettings {
    pub severe_pain: Spanned<u8>,
    pub max_minutes: Spanned<u16>,
    pub max_pressure: Spanned<u8>,
    pub no_progress_days: Spanned<u16>,
    pub maintenance_gap_days: Spanned<u16>,
}

/// When a calmed knot is due for maintenance.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DueSettings {
    pub maintenance_every_days: Spanned<u16>,
    pub maintenance_for_days: Spanned<u16>,
}

/// A default is written nowhere in the file.
fn unwritten<T>(value: T) -> Spanned<T> {
    Spanned::new(0..0, value)
}

impl Default for Config {
    fn default() -> Config {
        Config {
            theme: ThemeName::Auto,
            default_tool: None,
            sync_dir: None,
            session: SessionSettings::default(),
            analysis: AnalysisSettings::default(),
            guidance: GuidanceSettings::default(),
            due: DueSettings::default(),
            keys: BTreeMap::new(),
        }
    }
}

impl Default for SessionSettings {
    fn default() -> SessionSettings {
        SessionSettings {
            join_within_minutes: Rules::default().session_span.num_minutes() as u32,
        }
    }
}

impl Default for AnalysisSettings {
    fn default() -> AnalysisSettings {
        let rules = Rules::default();
        AnalysisSettings {
            calm_pain: rules.calm_pain,
            window_first_session: unwritten(rules.window_first_session),
            window_sessions: rules.window_sessions,
            window_days: rules.window_days as u16,
            expected_band: unwritten([rules.expected_band.0, rules.expected_band.1]),
            meaningful_points: rules.meaningful_points,
            meaningful_percent: rules.meaningful_percent,
            worse_points: rules.worse_points,
        }
    }
}

impl Default for GuidanceSettings {
    fn default() -> GuidanceSettings {
        let rules = Rules::default();
        GuidanceSettings {
            severe_pain: unwritten(rules.severe_pain),
            max_minutes: unwritten(rules.max_minutes),
            max_pressure: unwritten(rules.max_pressure),
            no_progress_days: unwritten(rules.no_progress_days as u16),
            maintenance_gap_days: unwritten(rules.maintenance_gap_days as u16),
        }
    }
}

impl Default for DueSettings {
    fn default() -> DueSettings {
        let rules = Rules::default();
        DueSettings {
            maintenance_every_days: unwritten(rules.maintenance_every_days as u16),
            maintenance_for_days: unwritten(rules.maintenance_for_days as u16),
        }
    }
}

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("{path} line {line}: {message}")]
    Invalid {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Setting { path: String, message: String },
    #[error("cannot read {0}: {words}", words = crate::fault::io_words(.1))]
    Read(String, std::io::Error),
    #[error("{0} already exists; remove it first to start again from the defaults")]
    Exists(String),
    #[error("cannot write {0}: {1}")]
    Write(String, std::io::Error),
}

/// The commented default file that `knotmap config init` writes. It is
/// parsed by the tests, so it cannot drift from what the parser accepts.
pub const DEFAULT_FILE: &str = include_str!("../assets/config.toml");

/// The config file in the platform config folder, e.g.
/// `~/.config/knotmap/config.toml` on Linux.
pub fn default_path() -> Option<PathBuf> {
    ProjectDirs::from("", "", "knotmap").map(|dirs| dirs.config_dir().join("config.toml"))
}

impl Config {
    /// Reads the config file at `path`; a missing file is the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, &path.display().to_string()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(error) => Err(ConfigError::Read(path.display().to_string(), error)),
        }
    }

    /// Parses a config file's text; errors name the file and the line.
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|error| {
            let line = error.span().map_or(1, |span| line_of(text, &span));
            ConfigError::Invalid {
                path: path.to_string(),
                line,
                message: error.message().trim().replace('\n', " "),
            }
        })?;
        let setting = |message: String| ConfigError::Setting {
            path: path.to_string(),
            message,
        };
        Keymap::with_overrides(&config.keys).map_err(&setting)?;
        let analysis = &config.analysis;
        let ranges = [
            ("calm-pain", u16::from(analysis.calm_pain), 0, 10),
            (
                "window-sessions",
                u16::from(analysis.window_sessions),
                2,
                50,
            ),
            ("window-days", analysis.window_days, 1, 365),
            (
                "meaningful-points",
                u16::from(analysis.meaningful_points),
                1,
                10,
            ),
            (
                "meaningful-percent",
                u16::from(analysis.meaningful_percent),
                1,
                100,
            ),
            ("worse-points", u16::from(analysis.worse_points), 1, 10),
        ];
        for (name, value, low, high) in ranges {
            if !(low..=high).contains(&value) {
                return Err(setting(format!(
                    "analysis.{name} must be from {low} to {high}, not {value}"
                )));
            }
        }
        if !(1..=24 * 60).contains(&config.session.join_within_minutes) {
            return Err(setting(format!(
                "session.join-within-minutes must be from 1 to 1440, not {}",
                config.session.join_within_minutes
            )));
        }
        config.check_written_ranges(text, path)?;
        Ok(config)
    }

    /// Checks the settings that remember their place in the file, naming
    /// the line of one out of range.
    fn check_written_ranges(&self, text: &str, path: &str) -> Result<(), ConfigError> {
        let out_of_range = |span: Range<usize>, message: String| ConfigError::Invalid {
            path: path.to_string(),
            line: line_of(text, &span),
            message,
        };
        let small = |value: &Spanned<u8>| (u16::from(*value.get_ref()), value.span());
        let large = |value: &Spanned<u16>| (*value.get_ref(), value.span());
        let (guidance, due) = (&self.guidance, &self.due);
        let ranges = [
            (
                "analysis.window-first-session",
                small(&self.analysis.window_first_session),
                1..=50,
            ),
            ("guidance.severe-pain", small(&guidance.severe_pain), 1..=10),
            (
                "guidance.max-minutes",
                large(&guidance.max_minutes),
                1..=600,
            ),
            (
                "guidance.max-pressure",
                small(&guidance.max_pressure),
                0..=10,
            ),
            (
                "guidance.no-progress-days",
                large(&guidance.no_progress_days),
                1..=365,
            ),
            (
                "guidance.maintenance-gap-days",
                large(&guidance.maintenance_gap_days),
                1..=365,
            ),
            (
                "due.maintenance-every-days",
                large(&due.maintenance_every_days),
                1..=365,
            ),
            (
                "due.maintenance-for-days",
                large(&due.maintenance_for_days),
                0..=3650,
            ),
        ];
        for (name, (value, span), range) in ranges {
            if !range.contains(&value) {
                return Err(out_of_range(
                    span,
                    format!(
                        "{name} must be from {} to {}, not {value}",
                        range.start(),
                        range.end()
                    ),
                ));
            }
        }
        let [low, high] = *self.analysis.expected_band.get_ref();
        if low > high || high > 10 {
            return Err(out_of_range(
                self.analysis.expected_band.span(),
                format!(
                    "analysis.expected-band must be two scores from 0 to 10, the lower first, \
                     not [{low}, {high}]"
                ),
            ));
        }
        Ok(())
    }

    /// The sync folder, with a leading `~/` read as the home folder.
    pub fn sync_dir(&self) -> Option<PathBuf> {
        let dir = self.sync_dir.as_ref()?;
        match dir.strip_prefix("~") {
            Ok(rest) => directories::BaseDirs::new().map(|base| base.home_dir().join(rest)),
            Err(_) => Some(dir.clone()),
        }
    }

    /// The rules of analysis these settings ask for.
    pub fn rules(&self) -> Rules {
        let analysis = &self.analysis;
        Rules {
            calm_pain: analysis.calm_pain,
            session_span: Duration::minutes(i64::from(self.session.join_within_minutes)),
            window_first_session: *analysis.window_first_session.get_ref(),
            window_sessions: analysis.window_sessions,
            window_days: i64::from(analysis.window_days),
            expected_band: {
                let [low, high] = *analysis.expected_band.get_ref();
                (low, high)
            },
            meaningful_points: analysis.meaningful_points,
            meaningful_percent: analysis.meaningful_percent,
            worse_points: analysis.worse_points,
            severe_pain: *self.guidance.severe_pain.get_ref(),
            max_minutes: *self.guidance.max_minutes.get_ref(),
            max_pressure: *self.guidance.max_pressure.get_ref(),
            no_progress_days: i64::from(*self.guidance.no_progress_days.get_ref()),
            maintenance_gap_days: i64::from(*self.guidance.maintenance_gap_days.get_ref()),
            maintenance_every_days: i64::from(*self.due.maintenance_every_days.get_ref()),
            maintenance_for_days: i64::from(*self.due.maintenance_for_days.get_ref()),
        }
    }

    /// Writes the commented default file, refusing to replace one.
    pub fn write_default(path: &Path) -> Result<(), ConfigError> {
        let display = path.display().to_string();
        if path.exists() {
            return Err(ConfigError::Exists(display));
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)
                .map_err(|error| ConfigError::Write(display.clone(), error))?;
        }
        fs::write(path, DEFAULT_FILE).map_err(|error| ConfigError::Write(display, error))
    }
}

/// The line (from 1) that a span of the file starts on.
fn line_of(text: &str, span: &Range<usize>) -> usize {
    text.get(..span.start)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_parses_to_the_defaults() {
        let config = Config::parse(DEFAULT_FILE, "config.toml").unwrap();
        assert_eq!(config, Config::default());
    }

    #[test]
    fn settings_are_read() {
        let text = "theme = \"high-contrast\"\ndefault-tool = \"foam roller\"\n\
                    [session]\njoin-within-minutes = 30\n[analysis]\ncalm-pain = 1\n\
                    [keys]\nfind = [\"f\", \"/\"]\n";
        let config = Config::parse(text, "config.toml").unwrap();
        assert_eq!(config.theme, ThemeName::HighContrast);
        assert_eq!(config.default_tool.as_deref(), Some("foam roller"));
        assert_eq!(config.rules().session_span, Duration::minutes(30));
        assert_eq!(config.rules().calm_pain, 1);
        assert_eq!(config.keys["find"], ["f", "/"]);
    }

    #[test]
    fn every_theme_is_read_and_default_still_means_the_same() {
        for (text, want) in [
            ("auto", ThemeName::Auto),
            ("default", ThemeName::Default),
            ("dark", ThemeName::Dark),
            ("light", ThemeName::Light),
            ("high-contrast", ThemeName::HighContrast),
            ("mono", ThemeName::Mono),
        ] {
            let config = Config::parse(&format!("theme = \"{text}\"\n"), "c.toml").unwrap();
            assert_eq!(config.theme, want, "{text}");
        }
        assert_eq!(Config::default().theme, ThemeName::Auto);
    }

    #[test]
    fn a_bad_value_is_reported_with_its_line_on_one_line() {
        let text = "# settings\n\ntheme = \"purple\"\n";
        let error = Config::parse(text, "config.toml").unwrap_err().to_string();
        assert!(
            error.starts_with("config.toml line 3: unknown variant `purple`"),
            "{error}"
        );
        assert!(!error.contains('\n'));
    }

    #[test]
    fn an_unknown_setting_is_reported_with_its_line() {
        let text = "theme = \"mono\"\n[session]\njoin-within = 5\n";
        let error = Config::parse(text, "config.toml").unwrap_err().to_string();
        assert!(
            error.starts_with("config.toml line 3: unknown field `join-within`"),
            "{error}"
        );
    }

    #[test]
    fn out_of_range_thresholds_are_refused() {
        let error = Config::parse("[analysis]\ncalm-pain = 11\n", "c.toml").unwrap_err();
        assert_eq!(
            error.to_string(),
            "c.toml: analysis.calm-pain must be from 0 to 10, not 11"
        );
    }

    #[test]
    fn the_course_guidance_and_due_settings_are_read() {
        let text = "[analysis]\nwindow-first-session = 2\nexpected-band = [2, 3]\n\
                    [guidance]\nsevere-pain = 9\nmax-minutes = 15\nmax-pressure = 6\n\
                    no-progress-days = 10\nmaintenance-gap-days = 3\n\
                    [due]\nmaintenance-every-days = 4\nmaintenance-for-days = 0\n";
        let rules = Config::parse(text, "config.toml").unwrap().rules();
        let expected = Rules {
            window_first_session: 2,
            expected_band: (2, 3),
            severe_pain: 9,
            max_minutes: 15,
            max_pressure: 6,
            no_progress_days: 10,
            maintenance_gap_days: 3,
            maintenance_every_days: 4,
            maintenance_for_days: 0,
            ..Rules::default()
        };
        assert_eq!(rules, expected);
        assert_eq!(Config::default().rules(), Rules::default());
    }

    #[test]
    fn a_newer_setting_out_of_range_names_its_line() {
        let table = [
            (
                "[guidance]\n\nsevere-pain = 11\n",
                "c.toml line 3: guidance.severe-pain must be from 1 to 10, not 11",
            ),
            (
                "[due]\nmaintenance-every-days = 0\n",
                "c.toml line 2: due.maintenance-every-days must be from 1 to 365, not 0",
            ),
            (
                "theme = \"mono\"\n[analysis]\nwindow-first-session = 0\n",
                "c.toml line 3: analysis.window-first-session must be from 1 to 50, not 0",
            ),
            (
                "[analysis]\nexpected-band = [5, 3]\n",
                "c.toml line 2: analysis.expected-band must be two scores from 0 to 10, \
                 the lower first, not [5, 3]",
            ),
        ];
        for (text, expected) in table {
            let error = Config::parse(text, "c.toml").unwrap_err().to_string();
            assert_eq!(error, expected, "{text}");
        }
        let error = Config::parse("[analysis]\nexpected-band = [3]\n", "c.toml")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("c.toml line 2: "), "{error}");
        assert!(!error.contains('\n'), "{error}");
    }

    #[test]
    fn broken_toml_names_the_line() {
        let error = Config::parse("theme = \"mono\"\nkeys = [\n", "c.toml").unwrap_err();
        assert!(error.to_string().starts_with("c.toml line "), "{error}");
    }
}
