//! A beacon → place entry: the beacon's Eddystone-UID, its iBeacon id or both, the place it
//! stands at and its tuning. Checked by the core (its beacon ids, and its registry reader's
//! rules for names, distances and calibration) and published as the core's registry rows.

use std::path::Path;

use campanile_core::beacons::BeaconId;
use campanile_core::beacons::registry::{self, RegistryEntry, RegistryError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ApiError;

/// An Eddystone-UID: a 10-byte namespace and a 6-byte instance, in hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EddystoneUid {
    /// 20 hex digits.
    #[schema(example = "00112233445566778899")]
    pub namespace: String,
    /// 12 hex digits.
    #[schema(example = "aabbccddeeff")]
    pub instance: String,
}

/// An iBeacon id: the proximity UUID, major and minor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IBeacon {
    /// The proximity UUID.
    #[schema(example = "f7826da6-4fa2-4e98-8024-bc5b71e0893e")]
    pub uuid: String,
    /// 0 to 65535.
    pub major: i64,
    /// 0 to 65535.
    pub minor: i64,
}

/// A beacon entry to create, or the whole new content of one to update.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BeaconIn {
    /// The place it stands at (a place of the same comune).
    pub place_id: String,
    /// What to show the visitor (default: the place's name).
    pub name: Option<String>,
    /// Its Eddystone-UID, if it sends one.
    pub eddystone_uid: Option<EddystoneUid>,
    /// Its iBeacon id, if it sends one (at least one of the two).
    pub ibeacon: Option<IBeacon>,
    /// Enter within this distance, metres (above 0, at most 100).
    pub enter_m: Option<f64>,
    /// Leave beyond this distance, metres (larger than `enter_m`).
    pub exit_m: Option<f64>,
    /// Measured RSSI at 1 m, dBm (-120 to 0), overriding what the beacon sends.
    pub power_at_1m: Option<i64>,
}

/// A beacon entry as stored and published (without its id, comune and version).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BeaconEntry {
    /// The place it stands at.
    pub place_id: String,
    /// What to show the visitor.
    pub name: String,
    /// Its Eddystone-UID (lower-case hex).
    pub eddystone_uid: Option<EddystoneUid>,
    /// Its iBeacon id (lower-case UUID).
    pub ibeacon: Option<IBeacon>,
    /// Enter within this distance, metres.
    pub enter_m: Option<f32>,
    /// Leave beyond this distance, metres.
    pub exit_m: Option<f32>,
    /// Measured RSSI at 1 m, dBm.
    pub power_at_1m: Option<i8>,
}

/// A beacon entry as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BeaconOut {
    /// The entry's id.
    pub id: String,
    /// The comune's ISTAT code.
    pub comune: String,
    /// The entry.
    #[serde(flatten)]
    pub entry: BeaconEntry,
    /// The write that last changed it.
    pub version: i64,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

/// A checked entry: its beacon ids in the core's canonical text, and its registry rows.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The entry, canonical.
    pub entry: BeaconEntry,
    /// `eddystone-uid:NAMESPACE:INSTANCE`, when it has one.
    pub eddystone_key: Option<String>,
    /// `ibeacon:UUID:MAJOR:MINOR`, when it has one.
    pub ibeacon_key: Option<String>,
}

fn bad_id(field: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::unprocessable("beacon.bad-id", format!("{field}: {e}"))
}

impl BeaconIn {
    /// Checks the entry; `place_name` names it when it has no name of its own.
    pub fn check(&self, place_name: &str) -> Result<Checked, ApiError> {
        if self.eddystone_uid.is_none() && self.ibeacon.is_none() {
            return Err(ApiError::unprocessable(
                "beacon.no-id",
                "give the beacon's eddystone_uid (namespace, instance), its ibeacon (uuid, major, minor) or both",
            ));
        }
        let eddystone = self
            .eddystone_uid
            .as_ref()
            .map(|e| {
                format!("eddystone-uid:{}:{}", e.namespace.trim(), e.instance.trim())
                    .parse::<BeaconId>()
                    .map_err(|err| bad_id("eddystone_uid", err.reason))
            })
            .transpose()?;
        let ibeacon = self
            .ibeacon
            .as_ref()
            .map(|i| {
                format!("ibeacon:{}:{}:{}", i.uuid.trim(), i.major, i.minor)
                    .parse::<BeaconId>()
                    .map_err(|err| bad_id("ibeacon", err.reason))
            })
            .transpose()?;
        let name = self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(place_name);
        if name.chars().count() > 200 {
            return Err(ApiError::unprocessable(
                "beacon.bad-field",
                "name: longer than 200 characters",
            ));
        }
        // The core's registry reader checks the rest, as it does a registry file.
        let rows: Vec<serde_json::Value> = eddystone
            .iter()
            .chain(ibeacon.iter())
            .map(|id| {
                serde_json::json!({
                    "beacon": id.to_string(),
                    "poi_id": self.place_id,
                    "name": name,
                    "enter_m": self.enter_m,
                    "exit_m": self.exit_m,
                    "power_at_1m": self.power_at_1m,
                })
            })
            .collect();
        let entries = registry::parse_json(
            &serde_json::Value::Array(rows).to_string(),
            Path::new("beacon"),
        )
        .map_err(|e| match e {
            RegistryError::Field {
                field,
                value,
                reason,
                ..
            } => ApiError::unprocessable(
                "beacon.bad-field",
                format!("{field}: \"{value}\" is not allowed: {reason}"),
            ),
            other => ApiError::unprocessable("beacon.bad-field", other.to_string()),
        })?;
        let first = entries
            .first()
            .ok_or_else(|| ApiError::internal(&"the registry reader gave no entry"))?;
        let entry = BeaconEntry {
            place_id: first.poi_id.clone(),
            name: first.name.clone(),
            eddystone_uid: eddystone.as_ref().and_then(eddystone_of),
            ibeacon: ibeacon.as_ref().and_then(ibeacon_of),
            enter_m: first.enter_m,
            exit_m: first.exit_m,
            power_at_1m: first.power_at_1m,
        };
        Ok(Checked {
            entry,
            eddystone_key: eddystone.map(|b| b.to_string()),
            ibeacon_key: ibeacon.map(|b| b.to_string()),
        })
    }
}

fn eddystone_of(id: &BeaconId) -> Option<EddystoneUid> {
    match id {
        BeaconId::EddystoneUid {
            namespace,
            instance,
        } => Some(EddystoneUid {
            namespace: hex::encode(namespace),
            instance: hex::encode(instance),
        }),
        _ => None,
    }
}

fn ibeacon_of(id: &BeaconId) -> Option<IBeacon> {
    match id {
        BeaconId::IBeacon { uuid, major, minor } => Some(IBeacon {
            uuid: campanile_core::beacons::frames::format_uuid(uuid),
            major: i64::from(*major),
            minor: i64::from(*minor),
        }),
        _ => None,
    }
}

impl BeaconEntry {
    /// The core's registry rows of the entry (one per beacon id it sends).
    pub fn registry_rows(&self) -> Vec<RegistryEntry> {
        let mut ids = Vec::new();
        if let Some(e) = &self.eddystone_uid
            && let Ok(id) = format!("eddystone-uid:{}:{}", e.namespace, e.instance).parse()
        {
            ids.push(id);
        }
        if let Some(i) = &self.ibeacon
            && let Ok(id) = format!("ibeacon:{}:{}:{}", i.uuid, i.major, i.minor).parse()
        {
            ids.push(id);
        }
        ids.into_iter()
            .map(|beacon| RegistryEntry {
                beacon,
                poi_id: self.place_id.clone(),
                name: self.name.clone(),
                enter_m: self.enter_m,
                exit_m: self.exit_m,
                power_at_1m: self.power_at_1m,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(v: serde_json::Value) -> BeaconIn {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn both_ids_give_two_registry_rows() {
        let c = entry(serde_json::json!({"place_id": "p1",
            "eddystone_uid": {"namespace": "00112233445566778899", "instance": "AABBCCDDEEFF"},
            "ibeacon": {"uuid": "F7826DA6-4FA2-4E98-8024-BC5B71E0893E", "major": 1, "minor": 2},
            "enter_m": 3, "exit_m": 6.5, "power_at_1m": -60}))
        .check("Duomo")
        .unwrap();
        assert_eq!(c.entry.name, "Duomo");
        assert_eq!(
            c.eddystone_key.as_deref(),
            Some("eddystone-uid:00112233445566778899:aabbccddeeff")
        );
        assert_eq!(
            c.ibeacon_key.as_deref(),
            Some("ibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:2")
        );
        let rows = c.entry.registry_rows();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].enter_m, Some(3.0));
        assert_eq!(rows[1].power_at_1m, Some(-60));
    }

    #[test]
    fn the_cores_rules_refuse_bad_entries() {
        let base = serde_json::json!({"place_id": "p1",
            "ibeacon": {"uuid": "f7826da6-4fa2-4e98-8024-bc5b71e0893e", "major": 1, "minor": 2}});
        let cases = [
            (serde_json::json!({"ibeacon": null}), "beacon.no-id"),
            (
                serde_json::json!({"ibeacon": {"uuid": "f7826da6", "major": 1, "minor": 2}}),
                "beacon.bad-id",
            ),
            (
                serde_json::json!({"ibeacon": {"uuid": "f7826da6-4fa2-4e98-8024-bc5b71e0893e", "major": 70000, "minor": 2}}),
                "beacon.bad-id",
            ),
            (
                serde_json::json!({"eddystone_uid": {"namespace": "zz", "instance": "aabbccddeeff"}}),
                "beacon.bad-id",
            ),
            (
                serde_json::json!({"enter_m": 5, "exit_m": 4}),
                "beacon.bad-field",
            ),
            (serde_json::json!({"enter_m": 500}), "beacon.bad-field"),
            (serde_json::json!({"power_at_1m": 10}), "beacon.bad-field"),
        ];
        for (patch, code) in cases {
            let mut v = base.clone();
            for (k, x) in patch.as_object().unwrap() {
                v[k] = x.clone();
            }
            let e = entry(v).check("P").unwrap_err();
            assert_eq!(e.code, code, "{patch}: {}", e.message);
        }
    }
}
