//! Long work seen from the shell: progress through a callback interface, and a cancel token
//! (a coroutine or a Swift task cancelled drops the call's future, which stops the work too).

use std::sync::Arc;

/// How far long work is.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Progress {
    /// The step (`listing`, `harvesting`, `importing`, `scanning`, `rendering`).
    pub step: String,
    /// Units done.
    pub done: u64,
    /// Units in all, when known.
    pub total: Option<u64>,
    /// What is being worked on (a dataset's title, a file).
    pub item: Option<String>,
    /// The step in the handle's language.
    pub text: String,
}

/// What the shell implements to hear progress (called on a worker thread; the work waits
/// until it returns, so a cancel from here stops it at its next check).
#[uniffi::export(with_foreign)]
pub trait ProgressListener: Send + Sync {
    /// One step further.
    fn on_progress(&self, progress: Progress);
}

/// A token to stop long work (sync, import, photo scan) from the shell: trip it and the work
/// stops at its next check, leaving the store whole.
#[derive(Debug, Default, uniffi::Object)]
pub struct CancelToken {
    pub(crate) inner: campanile_core::work::Cancel,
}

#[uniffi::export]
impl CancelToken {
    /// A token not tripped.
    #[uniffi::constructor]
    pub fn new() -> Arc<CancelToken> {
        Arc::new(CancelToken::default())
    }

    /// Trips it.
    pub fn cancel(&self) {
        self.inner.cancel();
    }

    /// Whether it was tripped.
    pub fn is_cancelled(&self) -> bool {
        self.inner.is_cancelled()
    }
}

/// The core's progress callback over the shell's listener (or nothing).
#[cfg_attr(not(feature = "opendata"), allow(dead_code))]
pub(crate) fn callback(
    core: &campanile_core::Campanile,
    listener: Option<Arc<dyn ProgressListener>>,
) -> impl Fn(&campanile_core::work::Progress) + Send + Sync {
    let i18n = core.i18n();
    move |p: &campanile_core::work::Progress| {
        if let Some(l) = &listener {
            l.on_progress(Progress {
                step: crate::views::tag(&p.step),
                done: p.done,
                total: p.total,
                item: p.item.clone(),
                text: i18n.tr(p.step.message_id()),
            });
        }
    }
}
