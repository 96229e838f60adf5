//! Handing a cart over to pagoPA Checkout: `POST /carts` of `checkout-ec-carts-v1.json`, answered
//! with a 302 whose `Location` is the Checkout page the payer opens in the system browser.

use std::collections::BTreeSet;

use reqwest::Method;
use serde::Serialize;
use url::Url;

use super::http::Http;
use super::types::{CheckoutCart, PlatformConfig, PlatformError};

/// The client of the Checkout carts interface.
///
/// The 302 is not followed: [`start_cart`](Self::start_cart) returns its `Location`. A cart the
/// specification would refuse is refused here, before any network call, as
/// [`BadRequest`](PlatformError::BadRequest) with a detail that says what is wrong.
#[derive(Debug, Clone)]
pub struct CheckoutClient {
    http: Http,
}

/// The most notices one cart may hold (`paymentNotices.maxItems`).
pub const MAX_CART_NOTICES: usize = 5;
/// The longest `companyName` and `description` of a notice in a cart, in characters.
pub const MAX_CART_TEXT: usize = 140;

impl CheckoutClient {
    /// The header of the specification's security scheme (`apiKeyHeader`).
    pub const KEY_HEADER: &'static str = "ocp-apim-subscription-key";

    /// A client of the interface at `cfg.base_url` (e.g.
    /// `https://api.platform.pagopa.it/checkout/ec/v1`).
    pub fn new(cfg: PlatformConfig) -> Result<CheckoutClient, PlatformError> {
        Ok(CheckoutClient {
            http: Http::new(&cfg, CheckoutClient::KEY_HEADER)?,
        })
    }

    /// Sends `name: value` with every request (a tracing id, or a mock server's `Prefer`).
    pub fn with_header(mut self, name: &str, value: &str) -> Result<CheckoutClient, PlatformError> {
        self.http.add_header(name, value)?;
        Ok(self)
    }

    /// Checks a cart against the specification (and refuses the same notice twice in one cart,
    /// which would charge it twice), without any network call.
    pub fn validate(cart: &CheckoutCart) -> Result<(), PlatformError> {
        let bad = |detail: String| Err(PlatformError::BadRequest { detail });
        let n = cart.notices.len();
        if n == 0 {
            return bad("the cart is empty: it must hold 1 to 5 notices".into());
        }
        if n > MAX_CART_NOTICES {
            return bad(format!(
                "the cart holds {n} notices: it may hold at most {MAX_CART_NOTICES}"
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, notice) in cart.notices.iter().enumerate() {
            let place = i + 1;
            if !seen.insert(notice.rpt_id) {
                return bad(format!(
                    "notice {place} ({}) is already in the cart: a notice may be paid only once",
                    notice.rpt_id
                ));
            }
            for (field, text) in [
                ("company name", &notice.company_name),
                ("description", &notice.description),
            ] {
                let len = text.chars().count();
                if len > MAX_CART_TEXT {
                    return bad(format!(
                        "the {field} of notice {place} has {len} characters: at most \
                         {MAX_CART_TEXT} are allowed"
                    ));
                }
            }
        }
        if let Some(email) = &cart.email
            && !is_email(email)
        {
            return bad(format!("“{email}” is not an e-mail address"));
        }
        Ok(())
    }

    /// Creates the cart at Checkout and returns the URL of its payment page (the 302's
    /// `Location`, resolved against the request's URL).
    pub async fn start_cart(&self, cart: &CheckoutCart) -> Result<Url, PlatformError> {
        CheckoutClient::validate(cart)?;
        let body = serde_json::to_vec(&CartRequest::from(cart)).map_err(|e| {
            PlatformError::BadRequest {
                detail: format!("the cart cannot be written as JSON: {e}"),
            }
        })?;
        let url = self.http.url(&["carts"], &[]);
        let reply = self.http.send(Method::POST, url, Some(body)).await?;
        let status = reply.status.as_u16();
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            let Some(location) = reply.location().map(str::trim).filter(|l| !l.is_empty()) else {
                return Err(PlatformError::Protocol {
                    detail: format!("HTTP {status} without a Location header"),
                });
            };
            let target = reply
                .url
                .join(location)
                .map_err(|e| PlatformError::Protocol {
                    detail: self
                        .http
                        .scrub(&format!("the checkout Location “{location}”: {e}")),
                })?;
            if !matches!(target.scheme(), "https" | "http") {
                return Err(PlatformError::Protocol {
                    detail: self.http.scrub(&format!(
                        "the checkout Location “{target}” is not a web address"
                    )),
                });
            }
            return Ok(target);
        }
        if reply.status.is_success() {
            return Err(PlatformError::Protocol {
                detail: format!("HTTP {status} to a new cart: expected a 302 to Checkout"),
            });
        }
        Err(self
            .http
            .error_for(&reply, |detail| PlatformError::Conflict { detail }))
    }
}

/// `CartRequest` of the specification.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CartRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    email_notice: Option<&'a str>,
    payment_notices: Vec<PaymentNotice<'a>>,
    return_urls: ReturnUrls<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_cart: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PaymentNotice<'a> {
    notice_number: &'a str,
    fiscal_code: &'a str,
    amount: u64,
    company_name: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReturnUrls<'a> {
    return_ok_url: &'a str,
    return_cancel_url: &'a str,
    return_error_url: &'a str,
}

impl<'a> From<&'a CheckoutCart> for CartRequest<'a> {
    fn from(cart: &'a CheckoutCart) -> CartRequest<'a> {
        CartRequest {
            email_notice: cart.email.as_deref(),
            payment_notices: cart
                .notices
                .iter()
                .map(|n| PaymentNotice {
                    notice_number: n.rpt_id.notice_number.as_str(),
                    fiscal_code: n.rpt_id.creditor.as_str(),
                    amount: n.amount.cents(),
                    company_name: &n.company_name,
                    description: &n.description,
                })
                .collect(),
            return_urls: ReturnUrls {
                return_ok_url: cart.return_urls.ok.as_str(),
                return_cancel_url: cart.return_urls.cancel.as_str(),
                return_error_url: cart.return_urls.error.as_str(),
            },
            id_cart: cart.id_cart.as_deref(),
        }
    }
}

/// An address the `email` format accepts (the validators' usual rule: a dot-atom local part,
/// `@`, dot-separated host labels of letters, digits and inner hyphens).
pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, host)) = s.rsplit_once('@') else {
        return false;
    };
    const LOCAL_SPECIALS: &str = "!#$%&'*+/=?^_`{|}~-";
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.split('.').all(|atom| {
            !atom.is_empty()
                && atom
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || LOCAL_SPECIALS.contains(c))
        });
    let labels: Vec<&str> = host.split('.').collect();
    let host_ok = labels.len() >= 2
        && host.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        });
    local_ok && host_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for good in [
            "a@b.it",
            "mario.rossi+pagopa@comune.esempio.it",
            "x_y@a-b.eu",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.it",
            "a@b",
            "a@@b.it",
            "a b@c.it",
            "a@-b.it",
            "a..b@c.it",
            "a@b..it",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
