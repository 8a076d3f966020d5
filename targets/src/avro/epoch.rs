//! Dates and timestamps as Avro writes their defaults: a `date` is an
//! `int` of days since 1970-01-01, a `timestamp-*` a `long` of
//! milliseconds, microseconds or nanoseconds since 1970-01-01T00:00:00Z
//! (the specification's logical types; a default is written in the
//! underlying type's JSON form).

use weft_base::calendar::{self, Date};
use weft_model::TimeUnit;

/// Days since 1970-01-01 of `YYYY-MM-DD`; `None` for any other text or an
/// impossible date (`2026-02-30`).
pub(super) fn epoch_days(text: &str) -> Option<i64> {
    calendar::date(text).ok().map(days_from_civil)
}

/// Why a timestamp has no count of its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unreadable {
    /// Not a timestamp `weft_base::calendar` accepts: not laid out as
    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, or not a time of the
    /// calendar.
    Malformed,
    /// A fraction finer than the unit: cutting it would change the value.
    Finer,
    /// A count beyond a `long`.
    Overflow,
}

/// `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or an offset
/// (`+01:00`), as a count of `unit` since the epoch.
pub(super) fn epoch_count(text: &str, unit: TimeUnit) -> Result<i64, Unreadable> {
    let stamp = calendar::timestamp(text).map_err(|_| Unreadable::Malformed)?;
    let digits_per_second: u32 = match unit {
        TimeUnit::Millis => 3,
        TimeUnit::Micros => 6,
        TimeUnit::Nanos => 9,
    };
    // A fraction the unit cannot hold exactly would change the value.
    let written = stamp.fraction;
    let (kept, dropped) = written.split_at(written.len().min(digits_per_second as usize));
    if dropped.bytes().any(|digit| digit != b'0') {
        return Err(Unreadable::Finer);
    }
    // At most 9 digits: no overflow.
    let fraction = kept
        .bytes()
        .fold(0_i64, |sum, digit| sum * 10 + i64::from(digit - b'0'))
        * 10_i64.pow(digits_per_second - kept.len() as u32);
    let seconds = days_from_civil(stamp.date) * 86_400
        + i64::from(stamp.hour) * 3600
        + i64::from(stamp.minute) * 60
        + i64::from(stamp.second)
        - i64::from(stamp.offset_minutes) * 60;
    seconds
        .checked_mul(10_i64.pow(digits_per_second))
        .and_then(|count| count.checked_add(fraction))
        .ok_or(Unreadable::Overflow)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar,
/// counting whole 400-year eras (146,097 days each) from 0000-03-01, so
/// that the leap day ends each counted year.
fn days_from_civil(date: Date) -> i64 {
    let (year, month, day) = (
        i64::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    );
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_the_epoch() {
        assert_eq!(epoch_days("1970-01-01"), Some(0));
        assert_eq!(epoch_days("1970-01-02"), Some(1));
        assert_eq!(epoch_days("1969-12-31"), Some(-1));
        assert_eq!(epoch_days("2000-03-01"), Some(11_017));
        assert_eq!(epoch_days("2026-01-31"), Some(20_484));
        assert_eq!(epoch_days("2024-02-29"), Some(19_782));
        assert_eq!(epoch_days("2026-02-29"), None);
        assert_eq!(epoch_days("2026-13-01"), None);
        assert_eq!(epoch_days("26-01-31"), None);
    }

    #[test]
    fn counts_since_the_epoch() {
        assert_eq!(epoch_count("1970-01-01T00:00:00Z", TimeUnit::Millis), Ok(0));
        assert_eq!(
            epoch_count("2026-01-31T08:00:00Z", TimeUnit::Millis),
            Ok(20_484 * 86_400_000 + 8 * 3_600_000)
        );
        assert_eq!(
            epoch_count("2026-01-31T09:00:00+01:00", TimeUnit::Millis),
            epoch_count("2026-01-31T08:00:00Z", TimeUnit::Millis)
        );
        assert_eq!(
            epoch_count("2026-01-31T08:00:00z", TimeUnit::Millis),
            epoch_count("2026-01-31T08:00:00Z", TimeUnit::Millis)
        );
        assert_eq!(
            epoch_count("1970-01-01T23:59:00-23:59", TimeUnit::Millis),
            Ok(86_400_000 + 23 * 3_600_000 + 58 * 60_000)
        );
        assert_eq!(
            epoch_count("1970-01-01T00:00:01.5Z", TimeUnit::Micros),
            Ok(1_500_000)
        );
        assert_eq!(
            epoch_count("1970-01-01T00:00:00.000000001Z", TimeUnit::Nanos),
            Ok(1)
        );
        // A fraction finer than the unit would be cut: refused instead.
        assert_eq!(
            epoch_count("1970-01-01T00:00:00.0001Z", TimeUnit::Millis),
            Err(Unreadable::Finer)
        );
        assert_eq!(
            epoch_count("1970-01-01T00:00:00.1000Z", TimeUnit::Millis),
            Ok(100)
        );
        // A long of nanoseconds ends in 2262.
        assert_eq!(
            epoch_count("2262-04-11T23:47:16Z", TimeUnit::Nanos),
            Ok(9_223_372_036_000_000_000)
        );
        assert_eq!(
            epoch_count("2300-01-01T00:00:00Z", TimeUnit::Nanos),
            Err(Unreadable::Overflow)
        );
        for malformed in [
            "2026-01-31T24:00:00Z",
            "2026-01-31T08:00:00",
            "2026-01-31 08:00:00Z",
            "2026-02-30T08:00:00Z",
            "2026-01-31T08:00:00.Z",
            "2026-01-31T08:00:00+0100",
            "2026-01-31T23:60:00Z",
            "2026-12-31T23:59:60Z",
            "2026-01-31T08:00:00+24:00",
        ] {
            assert_eq!(
                epoch_count(malformed, TimeUnit::Millis),
                Err(Unreadable::Malformed),
                "{malformed}"
            );
        }
    }
}
