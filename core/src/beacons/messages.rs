//! The Fluent messages of beacon errors ([`Localize`] implementations), kept in one place so
//! that each id is easy to find in `locales/*/beacons.ftl`.

use crate::i18n::{Arg, Localize};

use super::frames::FrameError;
use super::registry::RegistryError;
use super::trace::TraceError;

type Message = (String, Vec<(&'static str, Arg)>);

fn msg(id: &str, args: Vec<(&'static str, Arg)>) -> Message {
    (id.to_string(), args)
}

fn hex_byte(b: u8) -> Arg {
    Arg::Str(format!("0x{b:02X}"))
}

impl Localize for FrameError {
    fn message(&self) -> Message {
        match self {
            FrameError::Empty => msg("beacons-error-empty", vec![]),
            FrameError::TruncatedAd {
                offset,
                declared,
                available,
            } => msg(
                "beacons-error-truncated-ad",
                vec![
                    ("offset", (*offset).into()),
                    ("declared", (*declared).into()),
                    ("available", (*available).into()),
                ],
            ),
            FrameError::NoBeacon => msg("beacons-error-no-beacon", vec![]),
            FrameError::Length {
                kind,
                offset,
                found,
                expected,
            } => msg(
                "beacons-error-length",
                vec![
                    ("kind", kind.as_str().into()),
                    ("offset", (*offset).into()),
                    ("found", (*found).into()),
                    ("expected", (*expected).into()),
                ],
            ),
            FrameError::DeclaredLength {
                kind,
                offset,
                declared,
                expected,
            } => msg(
                "beacons-error-declared-length",
                vec![
                    ("kind", kind.as_str().into()),
                    ("offset", (*offset).into()),
                    ("declared", hex_byte(*declared)),
                    ("expected", hex_byte(*expected)),
                ],
            ),
            FrameError::UnknownEddystoneType { frame_type, offset } => msg(
                "beacons-error-eddystone-type",
                vec![
                    ("value", hex_byte(*frame_type)),
                    ("offset", (*offset).into()),
                ],
            ),
            FrameError::UnknownTlmVersion { version, offset } => msg(
                "beacons-error-tlm-version",
                vec![("value", hex_byte(*version)), ("offset", (*offset).into())],
            ),
            FrameError::UrlScheme { byte, offset } => msg(
                "beacons-error-url-scheme",
                vec![("value", hex_byte(*byte)), ("offset", (*offset).into())],
            ),
            FrameError::UrlReservedByte { byte, offset } => msg(
                "beacons-error-url-byte",
                vec![("value", hex_byte(*byte)), ("offset", (*offset).into())],
            ),
            FrameError::ShortManufacturerData { offset, found } => msg(
                "beacons-error-short-manufacturer",
                vec![("offset", (*offset).into()), ("found", (*found).into())],
            ),
        }
    }
}

fn path_arg(p: &std::path::Path) -> Arg {
    Arg::Str(p.display().to_string())
}

/// A field error's reason travels as its code; the Fluent messages select their words by it.
fn reason_arg(reason: super::registry::RegistryFieldReason) -> Arg {
    Arg::Str(reason.code().to_string())
}

impl Localize for RegistryError {
    fn message(&self) -> Message {
        match self {
            RegistryError::Read { path, source } => msg(
                "beacons-error-registry-read",
                vec![
                    ("path", path_arg(path)),
                    ("detail", source.to_string().into()),
                ],
            ),
            RegistryError::UnknownFormat { path } => msg(
                "beacons-error-registry-format",
                vec![("path", path_arg(path))],
            ),
            RegistryError::Json {
                path,
                line,
                column,
                detail,
            } => msg(
                "beacons-error-registry-json",
                vec![
                    ("path", path_arg(path)),
                    ("line", (*line).into()),
                    ("column", (*column).into()),
                    ("detail", detail.into()),
                ],
            ),
            RegistryError::Csv {
                path,
                record,
                detail,
            } => msg(
                "beacons-error-registry-csv",
                vec![
                    ("path", path_arg(path)),
                    ("record", (*record).into()),
                    ("detail", detail.into()),
                ],
            ),
            RegistryError::MissingColumn { path, column } => msg(
                "beacons-error-registry-column",
                vec![("path", path_arg(path)), ("column", (*column).into())],
            ),
            RegistryError::Field {
                path,
                record,
                field,
                value,
                reason,
            } => msg(
                "beacons-error-registry-field",
                vec![
                    ("path", path_arg(path)),
                    ("record", (*record).into()),
                    ("field", (*field).into()),
                    ("value", value.into()),
                    ("reason", reason_arg(*reason)),
                ],
            ),
            RegistryError::Duplicate {
                path,
                record,
                first,
                beacon,
            } => msg(
                "beacons-error-registry-duplicate",
                vec![
                    ("path", path_arg(path)),
                    ("record", (*record).into()),
                    ("first", (*first).into()),
                    ("beacon", beacon.into()),
                ],
            ),
            RegistryError::Db(e) => msg(
                "beacons-error-registry-db",
                vec![("detail", e.to_string().into())],
            ),
        }
    }
}

impl Localize for TraceError {
    fn message(&self) -> Message {
        match self {
            TraceError::Read { path, source } => msg(
                "beacons-error-trace-read",
                vec![
                    ("path", path_arg(path)),
                    ("detail", source.to_string().into()),
                ],
            ),
            TraceError::Syntax { line, detail } => msg(
                "beacons-error-trace-syntax",
                vec![("line", (*line).into()), ("detail", detail.into())],
            ),
            TraceError::Field {
                line,
                field,
                value,
                reason,
            } => msg(
                "beacons-error-trace-field",
                vec![
                    ("line", (*line).into()),
                    ("field", (*field).into()),
                    ("value", value.into()),
                    ("reason", reason_arg(*reason)),
                ],
            ),
        }
    }
}

#[cfg(feature = "ble")]
impl Localize for super::scanner_btleplug::BleScanError {
    fn message(&self) -> Message {
        use super::scanner_btleplug::BleScanError;
        match self {
            BleScanError::NoAdapter => msg("beacons-error-no-adapter", vec![]),
            BleScanError::Unavailable(d) => msg(
                "beacons-error-bluetooth-unavailable",
                vec![("detail", d.into())],
            ),
            BleScanError::Scan(d) => msg("beacons-error-scan", vec![("detail", d.into())]),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::beacons::frames::parse_advertisement;
    use crate::i18n::I18n;

    #[test]
    fn errors_read_well_in_italian_and_english() {
        let e = parse_advertisement(&[0x04, 0x16, 0xAA, 0xFE, 0x40]).unwrap_err();
        for (lang, word) in [("en", "not defined"), ("it", "non è definito")] {
            let text = I18n::new(lang).localize(&e);
            assert!(
                text.contains("0x40") && text.contains(word),
                "{lang}: {text}"
            );
        }
        let e = crate::beacons::registry::parse_csv(
            "beacon,poi_id,name,enter_m\nibeacon:zz:1:1,x,X,\n",
            std::path::Path::new("r.csv"),
        )
        .unwrap_err();
        let it = I18n::new("it").localize(&e);
        assert!(it.contains("non è un identificativo di beacon"), "{it}");
        let en = I18n::new("en").localize(&e);
        assert!(
            en.contains("record 1") && en.contains("not a beacon id"),
            "{en}"
        );
    }
}
