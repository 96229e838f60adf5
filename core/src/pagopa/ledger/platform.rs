//! What the ledger needs from the pagoPA platform, and from the clock.
//!
//! The ledger is written against [`Platform`] so that it does not care how the platform is
//! reached; [`PagoPaPlatform`] is the implementation over the real clients.

use std::future::Future;

use url::Url;

use crate::pagopa::RptId;
use crate::pagopa::platform::{
    CheckoutCart, CheckoutClient, NoticeInfo, PaymentRequestsClient, PlatformConfig, PlatformError,
};

/// The two platform operations a payment needs.
pub trait Platform: Send + Sync {
    /// Verifies a notice (`GET /payment-requests/{rpt_id}`): it can be paid now, for this
    /// amount, or a [`PlatformError`] that says why not (or that the outcome is unknown).
    fn verify(
        &self,
        rpt_id: &RptId,
    ) -> impl Future<Output = Result<NoticeInfo, PlatformError>> + Send;

    /// Hands a cart of 1–5 notices to pagoPA Checkout (`POST /carts`), answered with the URL
    /// the payer opens.
    fn start_cart(
        &self,
        cart: &CheckoutCart,
    ) -> impl Future<Output = Result<Url, PlatformError>> + Send;

    /// Whether [`verify`](Self::verify) tells a payment under way for `rpt_id` (pagoPA's
    /// notice verification answers PAYMENT_ONGOING). A creditor's debt positions (GPD) know
    /// only what was paid: while a checkout session of such a notice may still be used, an
    /// answer that it cannot be paid (revoked, expired, unknown) does not close the attempt,
    /// as a payment may be under way where that route cannot see it.
    fn sees_payments_under_way(&self, _rpt_id: &RptId) -> bool {
        true
    }
}

pub use crate::host::{Clock, SystemClock};

/// The platform over the real clients: notice verification and Checkout carts.
#[derive(Debug, Clone)]
pub struct PagoPaPlatform {
    /// The client of notice verification (`payment-requests`).
    pub requests: PaymentRequestsClient,
    /// The client of Checkout carts.
    pub checkout: CheckoutClient,
}

impl PagoPaPlatform {
    /// Clients of the two interfaces (each with its own base URL and key).
    pub fn new(
        payment_requests: PlatformConfig,
        checkout: PlatformConfig,
    ) -> Result<PagoPaPlatform, PlatformError> {
        Ok(PagoPaPlatform {
            requests: PaymentRequestsClient::new(payment_requests)?,
            checkout: CheckoutClient::new(checkout)?,
        })
    }
}

impl Platform for PagoPaPlatform {
    fn verify(
        &self,
        rpt_id: &RptId,
    ) -> impl Future<Output = Result<NoticeInfo, PlatformError>> + Send {
        self.requests.verify(rpt_id)
    }

    fn start_cart(
        &self,
        cart: &CheckoutCart,
    ) -> impl Future<Output = Result<Url, PlatformError>> + Send {
        self.checkout.start_cart(cart)
    }
}
