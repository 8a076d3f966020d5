//! Dates and timestamps as Avro writes their defaults: a `date` is an
//! `int` of days since 1970-01-01, a `timestamp-*` a `long` of
//! milliseconds, microseconds or nanoseconds since 1970-01-01T00:00:00Z
//! (the specification's logical types; a default is written in the
//! underlying type's JSON form).

use weft_model::TimeUnit;

/// Days since 1970-01-01 of `YYYY-MM-DD`; `None` for any other text or an
/// impossible date (`2026-02-30`).
pub(super) fn epoch_days(text: &str) -> Option<i64> {
    let (year, month, day) = date(text)?;
    Some(days_from_civil(year, month, day))
}

/// Why a timestamp has no count of its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unreadable {
    /// Not `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, or not a time of the
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
    use Unreadable::Malformed;
    let (year, month, day) = text.get(..10).and_then(date).ok_or(Malformed)?;
    let rest = text
        .get(10..)
        .and_then(|rest| rest.strip_prefix('T'))
        .ok_or(Malformed)?;
    let clock = rest.get(..8).ok_or(Malformed)?.as_bytes();
    if clock[2] != b':' || clock[5] != b':' {
        return Err(Malformed);
    }
    let hour = two_digits(&clock[0..2]).ok_or(Malformed)?;
    let minute = two_digits(&clock[3..5]).ok_or(Malformed)?;
    let second = two_digits(&clock[6..8]).ok_or(Malformed)?;
    if hour > 23 || minute > 59 || second > 59 {
        return Err(Malformed);
    }
    let mut rest = &rest[8..];
    let digits_per_second: u32 = match unit {
        TimeUnit::Millis => 3,
        TimeUnit::Micros => 6,
        TimeUnit::Nanos => 9,
    };
    let mut fraction: i64 = 0;
    if let Some(after) = rest.strip_prefix('.') {
        let length = after.bytes().take_while(u8::is_ascii_digit).count();
        if length == 0 {
            return Err(Malformed);
        }
        let written = &after[..length];
        // A fraction the unit cannot hold exactly would change the value.
        let (kept, dropped) = written.split_at(length.min(digits_per_second as usize));
        if dropped.bytes().any(|digit| digit != b'0') {
            return Err(Unreadable::Finer);
        }
        fraction = kept.parse::<i64>().map_err(|_| Malformed)?
            * 10_i64.pow(digits_per_second - kept.len() as u32);
        rest = &after[length..];
    }
    let offset_seconds = match rest.as_bytes() {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = two_digits(&[*h1, *h2]).ok_or(Malformed)?;
            let minutes = two_digits(&[*m1, *m2]).ok_or(Malformed)?;
            if hours > 23 || minutes > 59 {
                return Err(Malformed);
            }
            let seconds = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'+' {
                seconds
            } else {
                -seconds
            }
        }
        _ => return Err(Malformed),
    };
    let seconds = days_from_civil(year, month, day) * 86_400
        + i64::from(hour * 3600 + minute * 60 + second)
        - offset_seconds;
    seconds
        .checked_mul(10_i64.pow(digits_per_second))
        .and_then(|count| count.checked_add(fraction))
        .ok_or(Unreadable::Overflow)
}

/// Year, month and day of `YYYY-MM-DD`, checked against the calendar.
fn date(text: &str) -> Option<(i64, u32, u32)> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = bytes[..4].iter().try_fold(0_i64, |year, byte| {
        byte.is_ascii_digit()
            .then(|| year * 10 + i64::from(byte - b'0'))
    })?;
    let month = two_digits(&bytes[5..7])?;
    let day = two_digits(&bytes[8..10])?;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let length = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=length).contains(&day).then_some((year, month, day))
}

fn two_digits(bytes: &[u8]) -> Option<u32> {
    match bytes {
        [tens, ones] if tens.is_ascii_digit() && ones.is_ascii_digit() => {
            Some(u32::from(tens - b'0') * 10 + u32::from(ones - b'0'))
        }
        _ => None,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar,
/// counting whole 400-year eras (146,097 days each) from 0000-03-01, so
/// that the leap day ends each counted year.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
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
        ] {
            assert_eq!(
                epoch_count(malformed, TimeUnit::Millis),
                Err(Unreadable::Malformed),
                "{malformed}"
            );
        }
    }
}
