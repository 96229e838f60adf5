//! What can go wrong talking to the hub or applying what it says.

/// An error of the hub sync.
#[derive(Debug, thiserror::Error)]
pub enum HubSyncError {
    /// No hub session on this device: `hub login` first.
    #[error("not signed in to a hub")]
    NotSignedIn,
    /// The hub's address is not an http(s) URL.
    #[error("{url}: not a hub address ({detail})")]
    BadUrl {
        /// What was given.
        url: String,
        /// Why it is refused.
        detail: String,
    },
    /// The hub could not be reached, or did not answer in time: nothing is known of the
    /// request's effect; it is sent again, with the same key, at the next sync.
    #[error("the hub at {url} did not answer: {detail}")]
    Unreachable {
        /// The hub's address.
        url: String,
        /// What the network said.
        detail: String,
    },
    /// The hub answered with an error (its one error shape).
    #[error("the hub refused {what}: {status} {code}: {message}")]
    Refused {
        /// What was asked.
        what: String,
        /// The HTTP status.
        status: u16,
        /// The hub's error code.
        code: String,
        /// The hub's message.
        message: String,
    },
    /// The hub answered something this version cannot read.
    #[error("the hub's answer to {what} cannot be read: {detail}")]
    Protocol {
        /// What was asked.
        what: String,
        /// What is wrong with the answer.
        detail: String,
    },
    /// A practice on the device is not a prefix of the hub's (a local write outside the sync):
    /// it is left as it is.
    #[error("practice {id} on this device differs from the hub's at event {seq}")]
    Diverged {
        /// The practice.
        id: String,
        /// The first event that differs.
        seq: i64,
    },
    /// A sign-in through the browser (SPID, CIE) did not finish: the identity provider or
    /// the hub said no, or the person gave up.
    #[error("the sign-in did not finish: {code}: {detail}")]
    SignInFailed {
        /// The hub's error code (`auth.oidc-denied`, …).
        code: String,
        /// Its words.
        detail: String,
    },
    /// Nobody came back from the browser in time.
    #[error("the sign-in was not finished within {seconds} seconds")]
    SignInTimedOut {
        /// How long it waited.
        seconds: u64,
    },
    /// Storing what the hub said failed.
    #[error(transparent)]
    Practice(#[from] crate::practices::practice::PracticeError),
    /// The database failed.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

impl HubSyncError {
    /// No usable answer: the write may or may not have happened (send it again, same key).
    pub fn is_indeterminate(&self) -> bool {
        match self {
            HubSyncError::Unreachable { .. } => true,
            HubSyncError::Refused { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}
