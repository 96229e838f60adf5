//! Long work from the page: the sample import streams its id then progress through a
//! channel, and a cancel by that id stops it (`data.import-cancelled`), nothing half stored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::{Arc, Mutex};

use campanile_desktop::work_cmd::{self, WorkEvent};
use serde_json::{Value, json};
use tauri::ipc::{Channel, InvokeResponseBody};

fn channel() -> (Channel<WorkEvent>, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let ch = Channel::new(move |body: InvokeResponseBody| {
        if let InvokeResponseBody::Json(s) = body {
            sink.lock().unwrap().push(serde_json::from_str(&s).unwrap());
        }
        Ok(())
    });
    (ch, seen)
}

#[test]
fn the_sample_import_reports_its_id_then_progress_then_a_summary() {
    let t = support::app();
    let (ch, seen) = channel();
    let summary =
        tauri::async_runtime::block_on(work_cmd::work_import_sample(t.state(), ch)).unwrap();
    assert_eq!(summary.pois, 268);
    assert_eq!(summary.lines.len(), 1);
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0]["event"], "started");
    let id = seen[0]["id"].as_u64().unwrap();
    assert!(id >= 1);
    assert!(
        seen.iter()
            .any(|e| e["event"] == "progress" && e["step"] == "importing")
    );
    assert!(
        seen.iter()
            .filter(|e| e["event"] == "progress")
            .all(|e| e["message"].is_string())
    );
    assert_eq!(t.ok("places_count", json!({})), 268);
    // Finished work is forgotten: cancelling it now is a no-op.
    assert_eq!(t.ok("work_cancel", json!({"id": id})), false);
}

#[test]
fn a_cancel_from_the_progress_stops_the_import_before_anything_is_stored() {
    let t = support::app();
    let state = t.state();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let handle = t.app.handle().clone();
    // The page cancels as soon as it hears the id, as a person pressing "Cancel" at once.
    let ch = Channel::new(move |body: InvokeResponseBody| {
        if let InvokeResponseBody::Json(s) = body {
            let v: Value = serde_json::from_str(&s).unwrap();
            if v["event"] == "started" {
                use tauri::Manager;
                let app = handle.state::<campanile_desktop::AppState>();
                assert!(app.cancel_work(v["id"].as_u64().unwrap()));
            }
            sink.lock().unwrap().push(v);
        }
        Ok(())
    });
    let err = tauri::async_runtime::block_on(work_cmd::work_import_sample(state.clone(), ch))
        .unwrap_err();
    assert_eq!(err.code, "data.import-cancelled", "{err:?}");
    assert_eq!(t.ok("places_count", json!({})), 0);
}
