//! What long work (a portal sync, a file import) shares with the front that started it: a
//! [`Cancel`] token the front can trip, and the [`Progress`] it reports through a callback the
//! front gives ([`ProgressFn`]).
//!
//! Invariants:
//! - cancelling is sticky: once [`Cancel::cancel`] is called every clone reports cancelled for
//!   ever, and [`Cancel::cancelled`] completes at once, however late it is awaited;
//! - long work looks at the token only between units that are stored whole (a dataset, a
//!   file), so a cancel — like dropping the work's future — never leaves half a unit stored;
//! - progress callbacks are called on the worker's thread, synchronously, and must be quick
//!   (set a bar, send on a channel): the work waits for them.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use tokio::sync::Notify;

/// A cancellation token: cheap to clone, every clone trips together.
#[derive(Clone, Default)]
pub struct Cancel {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    cancelled: AtomicBool,
    notify: Notify,
}

impl fmt::Debug for Cancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cancel")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl Cancel {
    /// A token nobody has cancelled yet.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Asks the work to stop at its next safe point. Idempotent.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
        self.inner.notify.notify_waiters();
    }

    /// Whether [`Cancel::cancel`] was called on this token or a clone.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// Completes once the token is cancelled (at once if it already is). Meant for
    /// `tokio::select!` against a download, so a cancel does not wait for the network.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.inner.notify.notified();
            tokio::pin!(notified);
            // Registered before the flag is read: a cancel between the two still wakes us.
            notified.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// Which stage of long work a [`Progress`] is about. Each has a Fluent message,
/// [`WorkStep::message_id`], for a front to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkStep {
    /// Listing a portal's catalogue: the total is not known yet.
    Listing,
    /// Harvesting the listed datasets, one after the other.
    Harvesting,
    /// Importing files, one after the other.
    Importing,
    /// Reading a photo: decoding it, then each pass of the code readers.
    Scanning,
    /// Laying out a printed notice: each payment box, then the file.
    Rendering,
}

impl WorkStep {
    /// The Fluent message naming this step (`work-step-…`).
    pub fn message_id(self) -> &'static str {
        match self {
            WorkStep::Listing => "work-step-listing",
            WorkStep::Harvesting => "work-step-harvesting",
            WorkStep::Importing => "work-step-importing",
            WorkStep::Scanning => "work-step-scanning",
            WorkStep::Rendering => "work-step-rendering",
        }
    }
}

/// How far long work got: `done` of `total` units of `step` (`total` is `None` while unknown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// What the work is doing now.
    pub step: WorkStep,
    /// Units done.
    pub done: u64,
    /// Units in all, once known.
    pub total: Option<u64>,
    /// The unit just finished (a dataset's title, a file's name), when there is one.
    pub item: Option<String>,
}

/// The error of long work cancelled by its front: nothing it was making is kept (a scan's
/// codes, a PDF's pages), and nothing stored changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

/// Reports `done` of `total` units of `step`, then says whether the work was cancelled.
#[cfg_attr(not(feature = "payments"), allow(dead_code))]
pub(crate) fn report(
    progress: &(dyn Fn(&Progress) + Send + Sync),
    cancel: &Cancel,
    step: WorkStep,
    done: u64,
    total: u64,
) -> Result<(), Cancelled> {
    progress(&Progress {
        step,
        done,
        total: Some(total),
        item: None,
    });
    if cancel.is_cancelled() {
        Err(Cancelled)
    } else {
        Ok(())
    }
}

/// The callback a front gives to hear [`Progress`]; long work takes it as
/// `&(dyn Fn(&Progress) + Send + Sync)`, which `&*progress_fn` and `&|_| {}` both are.
pub type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_cancel_wakes_a_waiter_and_stays() {
        let token = Cancel::new();
        assert!(!token.is_cancelled());
        let waiter = tokio::spawn({
            let token = token.clone();
            async move { token.cancelled().await }
        });
        tokio::task::yield_now().await;
        token.cancel();
        tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
            .await
            .unwrap()
            .unwrap();
        assert!(token.clone().is_cancelled());
        // Awaited after the cancel: completes at once.
        tokio::time::timeout(std::time::Duration::from_secs(5), token.cancelled())
            .await
            .unwrap();
        token.cancel();
        assert!(token.is_cancelled());
    }

    #[test]
    fn progress_serialises_with_kebab_case_steps() {
        let p = Progress {
            step: WorkStep::Harvesting,
            done: 2,
            total: Some(5),
            item: Some("Musei".into()),
        };
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"step":"harvesting","done":2,"total":5,"item":"Musei"}"#
        );
    }

    #[test]
    fn every_step_has_its_message_in_italian_and_english() {
        for lang in crate::i18n::REQUIRED_LANGUAGES {
            let ids = crate::i18n::message_ids(lang);
            for step in [WorkStep::Listing, WorkStep::Harvesting, WorkStep::Importing] {
                assert!(ids.contains(step.message_id()), "{lang}: {step:?}");
            }
        }
    }
}
