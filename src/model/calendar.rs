//! Calendar days for the schedule: a date is a day number, so adding the
//! computed durations to `sg:startDate` is integer arithmetic.

use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar day (proleptic Gregorian), counted from 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

impl Day {
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Self {
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Self(era * 146_097 + doe - 719_468)
    }

    pub fn ymd(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        (year, month, day)
    }

    pub fn from_date(date: &oxsdatatypes::Date) -> Self {
        Self::from_ymd(date.year(), u32::from(date.month()), u32::from(date.day()))
    }

    /// Today, in UTC.
    pub fn today() -> Self {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Self(seconds.div_euclid(86_400))
    }

    /// The day `days` after this one; a fraction of a day counts as a whole one.
    pub fn plus(self, days: f64) -> Self {
        Self(self.0 + days.ceil() as i64)
    }

    /// Days from `earlier` to `self`.
    pub fn since(self, earlier: Day) -> i64 {
        self.0 - earlier.0
    }
}

impl Day {
    /// Appends `YYYY-MM-DD` to `out`. Written digit by digit for years
    /// 0–9999: the formatting machinery made dates a sixth of building a
    /// spec's template view (every scheduled task has three; callgrind).
    pub fn push_to(self, out: &mut String) {
        let (y, m, d) = self.ymd();
        match u32::try_from(y) {
            Ok(y) if y <= 9999 => {
                push_digits(out, y, 4);
                out.push('-');
                push_digits(out, m, 2);
                out.push('-');
                push_digits(out, d, 2);
            }
            _ => {
                use fmt::Write;
                let _ = write!(out, "{y:04}-{m:02}-{d:02}");
            }
        }
    }
}

/// Appends the last `width` decimal digits of `n`, zero-padded.
pub fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::with_capacity(10);
        self.push_to(&mut text);
        f.write_str(&text)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_dates_of_every_width() {
        assert_eq!(Day::from_ymd(2026, 1, 5).to_string(), "2026-01-05");
        assert_eq!(Day::from_ymd(987, 12, 31).to_string(), "0987-12-31");
        assert_eq!(Day::from_ymd(0, 3, 1).to_string(), "0000-03-01");
        assert_eq!(Day::from_ymd(-1, 3, 1).to_string(), "-001-03-01");
        assert_eq!(Day::from_ymd(12345, 6, 7).to_string(), "12345-06-07");
        let mut out = String::from("x ");
        push_digits(&mut out, 7, 2);
        push_digits(&mut out, 123, 2);
        assert_eq!(out, "x 0723");
    }

    #[test]
    fn round_trips_dates() {
        for (y, m, d) in [(1970, 1, 1), (2026, 1, 25), (2024, 2, 29), (2000, 12, 31)] {
            assert_eq!(Day::from_ymd(y, m, d).ymd(), (y, m, d));
        }
        assert_eq!(Day::from_ymd(1970, 1, 1), Day(0));
        assert_eq!(
            Day::from_ymd(2026, 1, 25).plus(6.0).to_string(),
            "2026-01-31"
        );
        assert_eq!(
            Day::from_ymd(2026, 2, 27).plus(2.5).to_string(),
            "2026-03-02"
        );
    }
}
