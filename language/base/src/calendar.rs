//! Dates and timestamps as weft writes `date` and `timestamp` constants:
//! RFC 3339's `full-date` and `date-time` (section 5.6), the form of JSON
//! Schema's `date` and `date-time` formats. The resolver (E306) and the
//! Avro target (days and counts since the epoch) both read them here, so
//! that one text is accepted or refused by both for the same reason.
//!
//! The accepted set: `YYYY-MM-DD`; `YYYY-MM-DDTHH:MM:SS`, an optional `.`
//! and digits, then `Z` (or `z`) or an offset `+hh:mm` / `-hh:mm`. The
//! separator is `T` only (RFC 3339 also allows `t` and a space; weft never
//! did). Second 60, a leap second, is refused: a count since the epoch, as
//! Avro and most readers hold an instant, has no place for it.
//!
//! Our own reader rather than a date crate's: the findings say which part
//! is wrong (month 13, the length of February, `+0100` for `+01:00`), and
//! the accepted set is narrower than RFC 3339's (no `t`, no space, no
//! leap second), which a general parser would have to be re-checked for.

use std::fmt;

/// A date of the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    /// 0000 to 9999.
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
    /// 1 to the month's length.
    pub day: u8,
}

/// A timestamp as written: the date, the time of day, the digits of the
/// fraction of a second and the offset from UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp<'a> {
    /// The date (in the offset's local time).
    pub date: Date,
    /// 0 to 23.
    pub hour: u8,
    /// 0 to 59.
    pub minute: u8,
    /// 0 to 59.
    pub second: u8,
    /// The digits after the `.`, as written (trailing zeros kept); empty
    /// without a fraction.
    pub fraction: &'a str,
    /// Minutes east of UTC: `+01:00` is 60, `Z` 0.
    pub offset_minutes: i16,
}

/// Why a text is not a date or timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// Not laid out as `YYYY-MM-DD` (for a timestamp: followed by
    /// `THH:MM:SS`).
    Layout,
    /// A month other than 01 to 12.
    Month(u8),
    /// A day the month does not have.
    Day {
        /// The year, which decides February's length.
        year: u16,
        /// The month (valid).
        month: u8,
        /// The day written.
        day: u8,
    },
    /// An hour past 23.
    Hour(u8),
    /// A minute past 59.
    Minute(u8),
    /// A second past 59 (60 is a leap second).
    Second(u8),
    /// A `.` after the seconds with no digit after it.
    EmptyFraction,
    /// Nothing after the time: neither `Z` nor an offset.
    NoOffset,
    /// An offset written `+hhmm`, without the colon RFC 3339 requires.
    OffsetWithoutColon {
        /// `+` or `-`.
        sign: char,
        /// The hours written.
        hours: u8,
        /// The minutes written.
        minutes: u8,
    },
    /// Anything else after the time than `Z` or `±hh:mm`.
    OffsetLayout,
    /// An offset of more than 23 hours.
    OffsetHour(u8),
    /// An offset's minutes past 59.
    OffsetMinute(u8),
}

impl Invalid {
    /// Whether the text is not even laid out as a date or timestamp (rather
    /// than laid out as one with a part out of range).
    pub fn is_layout(self) -> bool {
        self == Invalid::Layout
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl fmt::Display for Invalid {
    /// What is wrong, as a clause to follow "… is not a date: ".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Invalid::Layout => f.write_str(
                "it is not written `YYYY-MM-DD` (a date) or `YYYY-MM-DDTHH:MM:SS` and an offset (a timestamp)",
            ),
            Invalid::Month(month) => write!(f, "there is no month {month:02} (01 to 12)"),
            Invalid::Day { year, month, day } => {
                let name = usize::from(month)
                    .checked_sub(1)
                    .and_then(|index| MONTHS.get(index))
                    .copied()
                    .unwrap_or("the month");
                let length = days_in_month(year, month);
                match (day, month) {
                    (0, _) => f.write_str("there is no day 00"),
                    (_, 2) => write!(f, "{name} {year:04} has {length} days"),
                    _ => write!(f, "{name} has {length} days"),
                }
            }
            Invalid::Hour(24) => {
                f.write_str("there is no hour 24 (00 to 23): midnight is 00:00:00 of the next day")
            }
            Invalid::Hour(hour) => write!(f, "there is no hour {hour:02} (00 to 23)"),
            Invalid::Minute(minute) => write!(f, "there is no minute {minute:02} (00 to 59)"),
            Invalid::Second(60) => f.write_str(
                "second 60 is a leap second, which weft refuses: Avro and most readers count time since 1970 without leap seconds and cannot hold it",
            ),
            Invalid::Second(second) => write!(f, "there is no second {second:02} (00 to 59)"),
            Invalid::EmptyFraction => f.write_str("the `.` after the seconds has no digits"),
            Invalid::NoOffset => {
                f.write_str("it has no offset: end it with `Z` (UTC) or an offset such as `+01:00`")
            }
            Invalid::OffsetWithoutColon {
                sign,
                hours,
                minutes,
            } => write!(f, "the offset must be written {sign}{hours:02}:{minutes:02}"),
            Invalid::OffsetLayout => f.write_str(
                "after the time comes `Z` or an offset written `+hh:mm` or `-hh:mm`, and nothing else",
            ),
            Invalid::OffsetHour(hours) => {
                write!(f, "an offset's hours are 00 to 23, not {hours:02}")
            }
            Invalid::OffsetMinute(minutes) => {
                write!(f, "an offset's minutes are 00 to 59, not {minutes:02}")
            }
        }
    }
}

/// Whether `year` has a 29 February: divisible by 4, and not by 100
/// unless by 400 (the Gregorian rule).
// `is_multiple_of` is Rust 1.87; the workspace's rust-version is 1.80.
#[allow(unknown_lints, clippy::manual_is_multiple_of)]
pub fn is_leap(year: u16) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days of `month` (1 to 12) in `year`.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DD`, checked against the calendar.
pub fn date(text: &str) -> Result<Date, Invalid> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 {
        return Err(Invalid::Layout);
    }
    date_of(bytes)
}

/// `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or `±hh:mm`,
/// checked against the calendar and the clock. Problems are reported from
/// left to right, after the layout of the date and time.
pub fn timestamp(text: &str) -> Result<Timestamp<'_>, Invalid> {
    let bytes = text.as_bytes();
    let clock = match bytes.get(10..19) {
        Some([b'T', clock @ ..]) => clock,
        _ => return Err(Invalid::Layout),
    };
    let [h1, h2, b':', m1, m2, b':', s1, s2] = *clock else {
        return Err(Invalid::Layout);
    };
    let (hour, minute, second) = (
        two_digits(h1, h2).ok_or(Invalid::Layout)?,
        two_digits(m1, m2).ok_or(Invalid::Layout)?,
        two_digits(s1, s2).ok_or(Invalid::Layout)?,
    );
    let date = date_of(&bytes[..10])?;
    if hour > 23 {
        return Err(Invalid::Hour(hour));
    }
    if minute > 59 {
        return Err(Invalid::Minute(minute));
    }
    if second > 59 {
        return Err(Invalid::Second(second));
    }
    let mut rest = &text[19..];
    let mut fraction = "";
    if let Some(after) = rest.strip_prefix('.') {
        let length = after.bytes().take_while(u8::is_ascii_digit).count();
        if length == 0 {
            return Err(Invalid::EmptyFraction);
        }
        (fraction, rest) = after.split_at(length);
    }
    let offset_minutes = match *rest.as_bytes() {
        [] => return Err(Invalid::NoOffset),
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = two_digits(h1, h2).ok_or(Invalid::OffsetLayout)?;
            let minutes = two_digits(m1, m2).ok_or(Invalid::OffsetLayout)?;
            if hours > 23 {
                return Err(Invalid::OffsetHour(hours));
            }
            if minutes > 59 {
                return Err(Invalid::OffsetMinute(minutes));
            }
            let east = i16::from(hours) * 60 + i16::from(minutes);
            if sign == b'+' {
                east
            } else {
                -east
            }
        }
        [sign @ (b'+' | b'-'), h1, h2, m1, m2] => match (two_digits(h1, h2), two_digits(m1, m2)) {
            (Some(hours), Some(minutes)) => {
                return Err(Invalid::OffsetWithoutColon {
                    sign: char::from(sign),
                    hours,
                    minutes,
                })
            }
            _ => return Err(Invalid::OffsetLayout),
        },
        _ => return Err(Invalid::OffsetLayout),
    };
    Ok(Timestamp {
        date,
        hour,
        minute,
        second,
        fraction,
        offset_minutes,
    })
}

/// The date of the 10 bytes `YYYY-MM-DD`.
fn date_of(bytes: &[u8]) -> Result<Date, Invalid> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *bytes else {
        return Err(Invalid::Layout);
    };
    let (Some(high), Some(low), Some(month), Some(day)) = (
        two_digits(y1, y2),
        two_digits(y3, y4),
        two_digits(m1, m2),
        two_digits(d1, d2),
    ) else {
        return Err(Invalid::Layout);
    };
    let year = u16::from(high) * 100 + u16::from(low);
    if !(1..=12).contains(&month) {
        return Err(Invalid::Month(month));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(Invalid::Day { year, month, day });
    }
    Ok(Date { year, month, day })
}

fn two_digits(tens: u8, ones: u8) -> Option<u8> {
    (tens.is_ascii_digit() && ones.is_ascii_digit()).then(|| (tens - b'0') * 10 + (ones - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(is_leap(2024) && is_leap(2000) && is_leap(0));
        assert!(!is_leap(2026) && !is_leap(1900) && !is_leap(2100));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2026, 4), 30);
        assert_eq!(days_in_month(2026, 12), 31);
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert_eq!(date("2026-01-31"), Ok(day(2026, 1, 31)));
        assert_eq!(date("2024-02-29"), Ok(day(2024, 2, 29)));
        assert_eq!(date("2000-02-29"), Ok(day(2000, 2, 29)));
        assert_eq!(date("0000-01-01"), Ok(day(0, 1, 1)));
        assert_eq!(date("9999-12-31"), Ok(day(9999, 12, 31)));
        let invalid = [
            (
                "2026-02-29",
                Invalid::Day {
                    year: 2026,
                    month: 2,
                    day: 29,
                },
            ),
            (
                "1900-02-29",
                Invalid::Day {
                    year: 1900,
                    month: 2,
                    day: 29,
                },
            ),
            (
                "2026-04-31",
                Invalid::Day {
                    year: 2026,
                    month: 4,
                    day: 31,
                },
            ),
            (
                "2026-01-00",
                Invalid::Day {
                    year: 2026,
                    month: 1,
                    day: 0,
                },
            ),
            (
                "2026-01-32",
                Invalid::Day {
                    year: 2026,
                    month: 1,
                    day: 32,
                },
            ),
            ("2026-13-01", Invalid::Month(13)),
            ("2026-00-10", Invalid::Month(0)),
            ("26-01-31", Invalid::Layout),
            ("2026-1-31", Invalid::Layout),
            ("2026/01/31", Invalid::Layout),
            ("2026-01-31T08:00:00Z", Invalid::Layout),
            ("+026-01-31", Invalid::Layout),
            ("２０２６-01-31", Invalid::Layout),
            ("", Invalid::Layout),
        ];
        for (text, why) in invalid {
            assert_eq!(date(text), Err(why), "{text}");
        }
    }

    #[test]
    fn timestamps_keep_their_parts() {
        assert_eq!(
            timestamp("2026-01-31T08:05:09Z"),
            Ok(Timestamp {
                date: day(2026, 1, 31),
                hour: 8,
                minute: 5,
                second: 9,
                fraction: "",
                offset_minutes: 0,
            })
        );
        let stamp = timestamp("2024-02-29T23:59:59.1200-23:59").expect("valid");
        assert_eq!(
            (stamp.fraction, stamp.offset_minutes),
            ("1200", -(23 * 60 + 59))
        );
        let stamp = timestamp("2000-02-29T00:00:00+14:00").expect("valid");
        assert_eq!(stamp.offset_minutes, 14 * 60);
        assert_eq!(
            timestamp("2026-01-31T08:00:00z").map(|t| t.offset_minutes),
            Ok(0)
        );
    }

    #[test]
    fn timestamps_are_checked_against_the_calendar_and_the_clock() {
        let invalid = [
            (
                "2026-02-30T08:00:00Z",
                Invalid::Day {
                    year: 2026,
                    month: 2,
                    day: 30,
                },
            ),
            ("2026-13-01T08:00:00Z", Invalid::Month(13)),
            ("2026-01-31T24:00:00Z", Invalid::Hour(24)),
            ("2026-01-31T25:00:00Z", Invalid::Hour(25)),
            ("2026-01-31T23:60:00Z", Invalid::Minute(60)),
            ("2026-12-31T23:59:60Z", Invalid::Second(60)),
            ("2026-01-31T08:00:61Z", Invalid::Second(61)),
            ("2026-01-31T08:00:00.Z", Invalid::EmptyFraction),
            ("2026-01-31T08:00:00", Invalid::NoOffset),
            ("2026-01-31T08:00:00.5", Invalid::NoOffset),
            (
                "2026-01-31T08:00:00+0100",
                Invalid::OffsetWithoutColon {
                    sign: '+',
                    hours: 1,
                    minutes: 0,
                },
            ),
            ("2026-01-31T08:00:00+01", Invalid::OffsetLayout),
            ("2026-01-31T08:00:00+1:00", Invalid::OffsetLayout),
            ("2026-01-31T08:00:00ZZ", Invalid::OffsetLayout),
            ("2026-01-31T08:00:00 UTC", Invalid::OffsetLayout),
            ("2026-01-31T08:00:00+24:00", Invalid::OffsetHour(24)),
            ("2026-01-31T08:00:00-01:60", Invalid::OffsetMinute(60)),
            ("2026-01-31 08:00:00Z", Invalid::Layout),
            ("2026-01-31t08:00:00Z", Invalid::Layout),
            ("2026-01-31T8:00:00Z", Invalid::Layout),
            ("2026-01-31T08:00Z", Invalid::Layout),
            ("2026-01-31", Invalid::Layout),
            ("31.01.2026T08:00:00Z", Invalid::Layout),
            ("2026-01-31T08:00:0é", Invalid::Layout),
        ];
        for (text, why) in invalid {
            assert_eq!(timestamp(text), Err(why), "{text}");
        }
    }

    #[test]
    fn reasons_say_what_is_wrong() {
        let reason = |text: &str| match timestamp(text) {
            Err(why) => why.to_string(),
            Ok(_) => String::from("valid"),
        };
        assert_eq!(reason("2026-02-30T08:00:00Z"), "February 2026 has 28 days");
        assert_eq!(reason("2024-02-30T08:00:00Z"), "February 2024 has 29 days");
        assert_eq!(reason("2026-04-31T08:00:00Z"), "April has 30 days");
        assert_eq!(
            reason("2026-13-01T08:00:00Z"),
            "there is no month 13 (01 to 12)"
        );
        assert_eq!(
            reason("2026-01-31T25:00:00Z"),
            "there is no hour 25 (00 to 23)"
        );
        assert_eq!(
            reason("2026-01-31T08:00:00+0100"),
            "the offset must be written +01:00"
        );
        assert_eq!(
            reason("2026-01-31T08:00:00-0530"),
            "the offset must be written -05:30"
        );
        assert!(reason("2026-12-31T23:59:60Z").starts_with("second 60 is a leap second"));
    }
}
