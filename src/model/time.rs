use chrono::{DateTime, Datelike, NaiveDateTime, TimeZone, Timelike, Utc};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// A timestamp as the input wrote it, with its parsed instant when it could be parsed.
///
/// AWS writes times in at least six encodings (aws-config-formats.md §3.2); the raw text
/// is kept so output can quote the input faithfully.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    pub raw: Box<str>,
    pub instant: Option<DateTime<Utc>>,
}

impl Timestamp {
    pub fn from_value(value: &Value) -> Option<Self> {
        let raw: Box<str> = match value {
            Value::Null => return None,
            Value::String(s) => s.as_str().into(),
            other => other.to_string().into(),
        };
        Some(Self {
            instant: parse_timestamp_value(value),
            raw,
        })
    }

    /// A timestamp written as a JSON string (the same as [`Self::from_value`] on it).
    pub fn from_text(s: &str) -> Self {
        Self {
            instant: parse_timestamp(s),
            raw: s.into(),
        }
    }

    /// ISO-8601 in UTC with milliseconds, or the raw text when it could not be parsed.
    pub fn display(&self) -> String {
        self.instant
            .map_or_else(|| self.raw.to_string(), format_instant)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.display())
    }
}

/// `2026-02-13T06:04:50.123Z`, as chrono's RFC 3339 with milliseconds writes it. Every
/// evaluation's ordering timestamp goes through here, so the usual case (years 0–9999, no
/// leap second) is written digit by digit instead of through chrono's format machinery.
pub(crate) fn format_instant(t: DateTime<Utc>) -> String {
    let (year, millis) = (t.year(), t.timestamp_subsec_millis());
    let (Ok(year @ 0..=9999), 0..=999) = (u32::try_from(year), millis) else {
        return t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    };
    let mut out = String::with_capacity(24);
    let mut digits = |n: u32, width: u32, after: char| {
        for place in (0..width).rev() {
            out.push(char::from(
                b'0' + u8::try_from(n / 10u32.pow(place) % 10).unwrap_or(0),
            ));
        }
        out.push(after);
    };
    digits(year, 4, '-');
    digits(t.month(), 2, '-');
    digits(t.day(), 2, 'T');
    digits(t.hour(), 2, ':');
    digits(t.minute(), 2, ':');
    digits(t.second(), 2, '.');
    digits(millis, 3, 'Z');
    out
}

/// Epoch values above this are milliseconds; below, seconds (year 2286 in seconds).
const EPOCH_MS_THRESHOLD: f64 = 1e10;

/// Parses every timestamp encoding AWS Config data uses:
/// ISO-8601 with `Z`, `+00:00` or `+0000` offsets and any fraction; epoch seconds or
/// milliseconds as numbers or numeric strings; Java's `"Feb 13, 2026 6:04:50 AM"`;
/// and the `{"__class__":"datetime", …}` objects of recorded boto3 responses.
pub fn parse_timestamp_value(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::String(s) => parse_timestamp(s),
        Value::Number(n) => n.as_f64().and_then(from_epoch),
        Value::Object(map) if map.get("__class__").and_then(Value::as_str) == Some("datetime") => {
            let part = |k: &str| map.get(k).and_then(Value::as_u64).unwrap_or(0);
            let micros = u32::try_from(part("microsecond")).ok()?;
            Utc.with_ymd_and_hms(
                i32::try_from(part("year")).ok()?,
                u32::try_from(part("month")).ok()?,
                u32::try_from(part("day")).ok()?,
                u32::try_from(part("hour")).ok()?,
                u32::try_from(part("minute")).ok()?,
                u32::try_from(part("second")).ok()?,
            )
            .single()
            .map(|t| t + chrono::Duration::microseconds(i64::from(micros)))
        }
        _ => None,
    }
}

#[allow(
    clippy::cast_possible_truncation,
    reason = "epoch values are range-checked first"
)]
fn from_epoch(n: f64) -> Option<DateTime<Utc>> {
    if !(0.0..=1e14).contains(&n) {
        return None;
    }
    let ms = if n >= EPOCH_MS_THRESHOLD {
        n
    } else {
        n * 1000.0
    };
    DateTime::from_timestamp_millis(ms.round() as i64)
}

/// String form of [`parse_timestamp_value`].
pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return s.parse::<f64>().ok().and_then(from_epoch);
    }
    if let Some(t) = parse_iso_millis_utc(s) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    // `+0000` offsets without a colon (Lambda `lastModified`), with or without fraction.
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Some(t.with_timezone(&Utc));
        }
    }
    // Naive forms are taken as UTC: AWS never writes local times without an offset.
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%b %d, %Y %I:%M:%S %p",
        "%b %e, %Y %l:%M:%S %p",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t.and_utc());
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    }
    None
}

/// The form of every capture time in S3 deliveries, `2026-02-13T06:00:24.236Z`, read
/// directly (a quarter of the cost of the general RFC 3339 parser, on every item). Any
/// other text, including leap seconds, goes to the general parsers.
fn parse_iso_millis_utc(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    let shape = b.len() == 24
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'.'
        && b[23] == b'Z';
    if !shape {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(num(0, 4)?).ok()?;
    let date = chrono::NaiveDate::from_ymd_opt(year, num(5, 7)?, num(8, 10)?)?;
    let time = date.and_hms_milli_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 23)?)?;
    Some(time.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    proptest! {
        #[test]
        fn instants_format_as_chrono_formats_them(ms in -70_000_000_000_000i64..300_000_000_000_000) {
            let t = DateTime::from_timestamp_millis(ms).expect("in range");
            prop_assert_eq!(
                format_instant(t),
                t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            );
        }
    }

    fn iso(v: &Value) -> String {
        format_instant(parse_timestamp_value(v).unwrap())
    }

    #[test]
    fn the_capture_time_fast_path_agrees_with_rfc_3339() {
        for s in [
            "2026-02-13T06:04:50.491Z",
            "2000-02-29T23:59:59.999Z",
            "1999-12-31T00:00:00.000Z",
            "2026-02-30T06:04:50.491Z",
            "2026-13-01T06:04:50.491Z",
            "2026-02-13T24:00:00.000Z",
            "2016-12-31T23:59:60.500Z",
            "2026-02-13t06:04:50.491z",
            "2026-02-13T06:04:5x.491Z",
            "+026-02-13T06:04:50.491Z",
        ] {
            let general = DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|t| t.with_timezone(&Utc));
            if let Some(fast) = parse_iso_millis_utc(s) {
                assert_eq!(Some(fast), general, "{s}");
            }
            assert_eq!(
                parse_timestamp(s),
                general.or_else(|| parse_timestamp(s)),
                "{s}"
            );
        }
        assert!(parse_iso_millis_utc("2016-12-31T23:59:60.500Z").is_none());
    }

    #[test]
    fn parses_every_documented_encoding() {
        assert_eq!(
            iso(&json!("2026-02-13T06:04:50.491Z")),
            "2026-02-13T06:04:50.491Z"
        );
        assert_eq!(
            iso(&json!("2026-02-13T06:04:50.491+0000")),
            "2026-02-13T06:04:50.491Z"
        );
        assert_eq!(
            iso(&json!("2017-02-04T06:10:33.880000-05:00")),
            "2017-02-04T11:10:33.880Z"
        );
        assert_eq!(
            iso(&json!(1_770_962_690_491_u64)),
            "2026-02-13T06:04:50.491Z"
        );
        assert_eq!(iso(&json!(1_414_708_529.922)), "2014-10-30T22:35:29.922Z");
        assert_eq!(iso(&json!("1621534363")), "2021-05-20T18:12:43.000Z");
        assert_eq!(
            iso(&json!("Feb 13, 2026 6:04:50 AM")),
            "2026-02-13T06:04:50.000Z"
        );
        assert_eq!(
            iso(&json!("Feb 13, 2026 6:04:50 PM")),
            "2026-02-13T18:04:50.000Z"
        );
        assert_eq!(
            iso(
                &json!({"__class__":"datetime","year":2016,"month":12,"day":11,"hour":6,"minute":4,"second":3,"microsecond":800_000})
            ),
            "2016-12-11T06:04:03.800Z"
        );
    }

    #[test]
    fn rejects_garbage_without_panicking() {
        for v in [
            json!("not a time"),
            json!(-5),
            json!(true),
            json!("Feb 31, 2026 1:00:00 AM"),
            json!(1e300),
        ] {
            assert_eq!(parse_timestamp_value(&v), None, "{v}");
        }
    }
}
