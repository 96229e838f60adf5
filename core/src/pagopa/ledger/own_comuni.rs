//! The platform of an aggregation of comuni: notices of its own comuni verified through their
//! debt positions (GPD), every other notice through notice verification; carts always go to
//! Checkout.

use std::collections::BTreeSet;
use std::future::Future;

use url::Url;

use super::platform::{PagoPaPlatform, Platform};
use crate::i18n::{Arg, Localize};
use crate::pagopa::platform::{CheckoutCart, GpdVerifier, NoticeInfo, PlatformError};
use crate::pagopa::{CreditorFiscalCode, RptId};

/// Where a notice is verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyRoute {
    /// Through the debt positions of one of the aggregation's comuni.
    OwnDebtPositions,
    /// Through pagoPA's notice verification (`GET /payment-requests/{rpt_id}`).
    PaymentRequests,
}

impl Localize for VerifyRoute {
    fn message(&self) -> (String, Vec<(&'static str, Arg)>) {
        let id = match self {
            VerifyRoute::OwnDebtPositions => "pagopa-gpd-verify-route-own",
            VerifyRoute::PaymentRequests => "pagopa-gpd-verify-route-payment-requests",
        };
        (id.to_string(), vec![])
    }
}

/// [`PagoPaPlatform`] with the aggregation's own comuni verified through GPD.
#[derive(Debug, Clone)]
pub struct OwnComuniPlatform {
    /// The platform for the other comuni' notices and for Checkout.
    pub pagopa: PagoPaPlatform,
    /// The verifier of the aggregation's own debt positions (GPD).
    pub gpd: GpdVerifier,
    /// The creditor fiscal codes of the aggregation's comuni.
    pub comuni: BTreeSet<CreditorFiscalCode>,
}

impl OwnComuniPlatform {
    /// The platform verifying the notices of `comuni` through their GPD debt positions and every
    /// other notice through pagoPA.
    pub fn new(
        pagopa: PagoPaPlatform,
        gpd: GpdVerifier,
        comuni: impl IntoIterator<Item = CreditorFiscalCode>,
    ) -> OwnComuniPlatform {
        OwnComuniPlatform {
            pagopa,
            gpd,
            comuni: comuni.into_iter().collect(),
        }
    }

    /// Where `rpt_id` is verified.
    pub fn route(&self, rpt_id: &RptId) -> VerifyRoute {
        if self.comuni.contains(&rpt_id.creditor) {
            VerifyRoute::OwnDebtPositions
        } else {
            VerifyRoute::PaymentRequests
        }
    }
}

impl Platform for OwnComuniPlatform {
    fn verify(
        &self,
        rpt_id: &RptId,
    ) -> impl Future<Output = Result<NoticeInfo, PlatformError>> + Send {
        let rpt_id = *rpt_id;
        async move {
            match self.route(&rpt_id) {
                VerifyRoute::OwnDebtPositions => self.gpd.verify(&rpt_id).await,
                VerifyRoute::PaymentRequests => self.pagopa.verify(&rpt_id).await,
            }
        }
    }

    fn start_cart(
        &self,
        cart: &CheckoutCart,
    ) -> impl Future<Output = Result<Url, PlatformError>> + Send {
        self.pagopa.start_cart(cart)
    }

    /// GPD does not know a payment under way; notice verification does.
    fn sees_payments_under_way(&self, rpt_id: &RptId) -> bool {
        self.route(rpt_id) == VerifyRoute::PaymentRequests
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;

    #[test]
    fn routes_have_words_in_every_language() {
        for lang in ["it", "en"] {
            let i18n = I18n::new(lang);
            for route in [VerifyRoute::OwnDebtPositions, VerifyRoute::PaymentRequests] {
                let (id, _) = route.message();
                assert!(i18n.has(&id), "{lang}: {id}");
                assert!(!route.render(&i18n).is_empty(), "{lang}: {id}");
            }
        }
    }
}
