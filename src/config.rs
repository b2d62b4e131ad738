//! The user's configuration: an optional TOML file in the config directory, every key optional.

use std::path::{Path, PathBuf};

use chrono::Weekday;
use serde::{Deserialize, Serialize};

use crate::domain::Currency;

/// Everything the config file may set. Unknown keys are an error, never ignored silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Currency of amounts typed without one (ISO code), default "EUR".
    pub currency: String,
    /// First day of the week ("monday" or "sunday"), default monday.
    pub week_start: String,
    /// How dates are shown (chrono strftime), default "%a %-d %b".
    pub date_format: String,
    /// Who you are (owner of new customers), optional.
    pub owner: Option<String>,
    /// Default contact cadence by value tier, in days.
    pub cadence: Cadence,
    /// Flag needs/preferences older than this many days for re-checking.
    pub needs_fresh_days: u32,
}

/// Default cadences by tier, used when a customer has none of their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Cadence {
    /// Tier A, default 14.
    pub a: u32,
    /// Tier B, default 30.
    pub b: u32,
    /// Tier C, default 90.
    pub c: u32,
}

impl Default for Cadence {
    fn default() -> Self {
        Cadence {
            a: 14,
            b: 30,
            c: 90,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            currency: "EUR".into(),
            week_start: "monday".into(),
            date_format: "%a %-d %b".into(),
            owner: None,
            cadence: Cadence::default(),
            needs_fresh_days: 365,
        }
    }
}

/// A config file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Not readable.
    #[error("cannot read config `{path}`: {why}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why (in the message, so not a `source` too: a chain would say it twice).
        why: std::io::Error,
    },
    /// Not valid TOML or an unknown key / wrong type.
    #[error(
        "config `{path}`, line {line}: {message}\n(every key is optional; see README \"Configuration\")"
    )]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What was wrong.
        message: String,
    },
    /// A value with the right type but a wrong meaning.
    #[error("config `{path}`: `{key}` = {value}: {message}")]
    Value {
        /// The file.
        path: PathBuf,
        /// The key.
        key: String,
        /// The value.
        value: String,
        /// What was wrong.
        message: String,
    },
}

impl Config {
    /// Reads the file if it exists; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(why) => {
                return Err(ConfigError::Io {
                    path: path.to_path_buf(),
                    why,
                });
            }
        };
        Config::parse(&text, path)
    }

    /// Parses config text; `path` is only for messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let start = e.span().map_or(0, |s| s.start.min(text.len()));
            let line = text.get(..start).map_or(0, |t| t.matches('\n').count()) + 1;
            ConfigError::Syntax {
                path: path.to_path_buf(),
                line,
                message: with_key(text.lines().nth(line - 1), e.message()),
            }
        })?;
        let bad = |key: &str, value: &str, message: &str| ConfigError::Value {
            path: path.to_path_buf(),
            key: key.into(),
            value: format!("\"{value}\""),
            message: message.into(),
        };
        Currency::parse(&config.currency)
            .map_err(|e| bad("currency", &config.currency, &e.to_string()))?;
        config.week_start_day().ok_or_else(|| {
            bad(
                "week_start",
                &config.week_start,
                "use \"monday\" or \"sunday\"",
            )
        })?;
        if config.date_format.is_empty()
            || chrono::format::StrftimeItems::new(&config.date_format)
                .any(|i| matches!(i, chrono::format::Item::Error))
        {
            return Err(bad(
                "date_format",
                &config.date_format,
                "not a valid strftime format (e.g. \"%a %-d %b\" or \"%Y-%m-%d\")",
            ));
        }
        for (key, v) in [
            ("cadence.a", config.cadence.a),
            ("cadence.b", config.cadence.b),
            ("cadence.c", config.cadence.c),
        ] {
            if crate::domain::customer::check_cadence_days(i64::from(v)).is_err() {
                return Err(bad(
                    key,
                    &v.to_string(),
                    &format!(
                        "days must be 1 to {}",
                        crate::domain::customer::MAX_CADENCE_DAYS
                    ),
                ));
            }
        }
        Ok(config)
    }

    /// The week start as a weekday.
    pub fn week_start_day(&self) -> Option<Weekday> {
        match self.week_start.to_lowercase().as_str() {
            "monday" | "mon" => Some(Weekday::Mon),
            "sunday" | "sun" => Some(Weekday::Sun),
            "saturday" | "sat" => Some(Weekday::Sat),
            _ => None,
        }
    }

    /// The default currency (validated at load).
    pub fn currency(&self) -> Currency {
        Currency::parse(&self.currency).unwrap_or(Currency::EUR)
    }
}

/// Prefixes a TOML error with the key written on the offending line, when there is one.
fn with_key(line: Option<&str>, message: &str) -> String {
    let key = line
        .and_then(|l| l.split_once('='))
        .map(|(k, _)| k.trim().trim_matches('"'))
        .filter(|k| !k.is_empty() && !k.starts_with('#') && !k.starts_with('['));
    match key {
        Some(k) if !message.contains(&format!("`{k}`")) => format!("key `{k}`: {message}"),
        _ => message.to_string(),
    }
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "rolo")
}

/// The config file: `$ROLO_CONFIG`, else `<config dir>/rolo/config.toml`.
pub fn config_path() -> PathBuf {
    if let Ok(p) = std::env::var("ROLO_CONFIG")
        && !p.is_empty()
    {
        return PathBuf::from(p);
    }
    project_dirs().map_or_else(
        || PathBuf::from("rolo-config.toml"),
        |d| d.config_dir().join("config.toml"),
    )
}

/// The default database: `<data dir>/rolo/rolo.db`.
pub fn default_db_path() -> PathBuf {
    project_dirs().map_or_else(
        || PathBuf::from("rolo.db"),
        |d| d.data_dir().join("rolo.db"),
    )
}

/// A user keymap override next to the config file.
pub fn keymap_path() -> PathBuf {
    config_path().with_file_name("keymap.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_defaults_when_empty() {
        let c = Config::parse("", Path::new("c.toml")).unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn config_reads_keys() {
        let c = Config::parse(
            "currency = \"pln\"\nweek_start = \"sunday\"\n[cadence]\na = 7\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.currency().as_str(), "PLN");
        assert_eq!(c.week_start_day(), Some(Weekday::Sun));
        assert_eq!(c.cadence.a, 7);
        assert_eq!(c.cadence.b, 30);
    }

    #[test]
    fn config_unknown_key_names_line() {
        let e = Config::parse("currency = \"PLN\"\ncolour = 3\n", Path::new("c.toml")).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("line 2"), "{msg}");
        assert!(msg.contains("colour"), "{msg}");
    }

    #[test]
    fn config_syntax_error_names_line_and_key() {
        let e = Config::parse(
            "# mine\ncurrency = \"PLN\"\nweek_start = monday\n",
            Path::new("c.toml"),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("line 3"), "{msg}");
        assert!(msg.contains("key `week_start`"), "{msg}");
        let e = Config::parse("[cadence]\na = \"x\"\n", Path::new("c.toml")).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("line 2") && msg.contains("`a`"), "{msg}");
    }

    #[test]
    fn config_bad_values_are_refused() {
        assert!(Config::parse("currency = \"EURO\"", Path::new("c")).is_err());
        assert!(Config::parse("week_start = \"friday\"", Path::new("c")).is_err());
        assert!(Config::parse("[cadence]\na = 0", Path::new("c")).is_err());
        assert!(Config::parse("currency = 5", Path::new("c")).is_err());
    }
}
