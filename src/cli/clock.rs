//! The clock and `SOURCE_DATE_EPOCH`, read here and nowhere else: the library is handed dates,
//! so that what it writes depends on its options only.

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};

/// The variable that pins the date of reproducible output.
const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// The time `SOURCE_DATE_EPOCH` gives, if it is set. One rule for every command: a value that
/// is not a number of seconds, or out of range, is an error naming the variable.
pub fn source_date_epoch() -> Result<Option<DateTime<Utc>>> {
    let Some(value) = std::env::var_os(SOURCE_DATE_EPOCH) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    let seconds: i64 = text
        .trim()
        .parse()
        .with_context(|| format!("{SOURCE_DATE_EPOCH}={text:?} is not a number of seconds"))?;
    let time = DateTime::from_timestamp(seconds, 0)
        .with_context(|| format!("{SOURCE_DATE_EPOCH}={text:?} is out of range"))?;
    Ok(Some(time))
}

/// The day `SOURCE_DATE_EPOCH` gives (UTC), if it is set.
pub fn source_date() -> Result<Option<NaiveDate>> {
    Ok(source_date_epoch()?.map(|t| t.date_naive()))
}

/// Today, in local time.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
