//! pagoPA, the online half: clients of the platform's official interfaces.
//!
//! - notice verification (`GET /payment-requests/{rpt_id}`, `payment-requests-v1.yaml`);
//! - Checkout carts (`POST /carts`, `checkout-ec-carts-v1.json`), answered with the URL the
//!   fronts open in the system browser;
//! - the creditor's debt positions (GPD, `gpd-debt-positions-external-v1.json`).
//!
//! Every answer the platform can give is mapped to a [`PlatformError`] a person can act on;
//! nothing here guesses that a notice is paid.

mod types;

pub use types::{CartNotice, CheckoutCart, NoticeInfo, PlatformConfig, PlatformError, ReturnUrls};
