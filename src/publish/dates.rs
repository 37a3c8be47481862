//! The dates of a release, decided in one place with one precedence: `--now`'s today, then the
//! publisher's configured dates, then `SOURCE_DATE_EPOCH`, then the latest date in the data (so
//! that the same inputs give the same bundle). The caller reads the clock and the environment;
//! this module only decides.

use super::config::Config;
use chrono::NaiveDate;

/// The dates a release is written with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReleaseDates {
    /// The date of the release: the identity table's `retired_on`, the charts' captions.
    pub release: Option<NaiveDate>,
    /// The date standing for the data where the configuration gives none (the catalogue's
    /// `dct:issued` and `dct:modified` then): the same precedence without the configuration.
    pub data: Option<NaiveDate>,
}

/// Decides the dates from `today` (`--now`), `config`, `source_date` (`SOURCE_DATE_EPOCH`) and
/// the latest date in the data.
pub fn decide(
    today: Option<NaiveDate>,
    config: &Config,
    source_date: Option<NaiveDate>,
    latest_in_data: Option<NaiveDate>,
) -> ReleaseDates {
    let data = today.or(source_date).or(latest_in_data);
    let release = today
        .or(config.dataset.modified)
        .or(config.dataset.issued)
        .or(data);
    ReleaseDates { release, data }
}

impl ReleaseDates {
    /// The release date as `YYYY-MM-DD`, or `unknown` when nothing dates it.
    pub fn release_text(&self, unknown: &str) -> String {
        self.release
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| unknown.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2024, 1, d)
    }

    #[test]
    fn one_precedence_today_config_epoch_data() {
        let mut config = Config::default();
        assert_eq!(decide(None, &config, None, None).release, None);
        assert_eq!(decide(None, &config, None, day(4)).release, day(4));
        assert_eq!(decide(None, &config, day(3), day(4)).release, day(3));
        config.dataset.issued = day(2);
        assert_eq!(decide(None, &config, day(3), day(4)).release, day(2));
        config.dataset.modified = day(5);
        let d = decide(None, &config, day(3), day(4));
        assert_eq!((d.release, d.data), (day(5), day(3)));
        let d = decide(day(9), &config, day(3), day(4));
        assert_eq!((d.release, d.data), (day(9), day(9)));
        assert_eq!(d.release_text("?"), "2024-01-09");
        assert_eq!(ReleaseDates::default().release_text("?"), "?");
    }
}
