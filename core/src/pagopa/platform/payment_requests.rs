//! Notice verification: `GET /payment-requests/{rpt_id}` of `payment-requests-v1.yaml` (the
//! pagoPA eCommerce "payment requests" service), which asks the creditor, through the pagoPA
//! node, whether a notice can be paid now and for how much.

use reqwest::Method;
use serde::Deserialize;

use super::http::Http;
use super::types::{NoticeInfo, PlatformConfig, PlatformError};
use crate::pagopa::{Amount, RptId};
use crate::time::rome_day;

/// The client of the notice-verification interface.
///
/// Every answer the specification lists maps to a [`PlatformError`]: 404 with
/// `PAYMENT_UNKNOWN` → [`UnknownNotice`](PlatformError::UnknownNotice), with
/// `PAYMENT_DATA_ERROR` → [`NoticeDataError`](PlatformError::NoticeDataError); 409 with
/// `PAYMENT_ONGOING` / `PAYMENT_EXPIRED` / `PAYMENT_CANCELED` / `PAYMENT_DUPLICATED` →
/// [`InProgress`](PlatformError::InProgress) / [`Expired`](PlatformError::Expired) /
/// [`Revoked`](PlatformError::Revoked) / [`AlreadyPaid`](PlatformError::AlreadyPaid); 502 with
/// `PAYMENT_UNAVAILABLE` and 503 (`DOMAIN_UNKNOWN`) →
/// [`CreditorUnavailable`](PlatformError::CreditorUnavailable); 502 with `GENERIC_ERROR` and 500
/// → [`Server`](PlatformError::Server); 504 → [`Timeout`](PlatformError::Timeout); 400 →
/// [`BadRequest`](PlatformError::BadRequest); 401 → [`Unauthorized`](PlatformError::Unauthorized).
/// A fault that comes with another status than the specification's, or a 409 without a known
/// fault, is a [`Protocol`](PlatformError::Protocol) error: it is never read as evidence about
/// the notice.
#[derive(Debug, Clone)]
pub struct PaymentRequestsClient {
    http: Http,
}

impl PaymentRequestsClient {
    /// The header of the specification's security scheme (`ApiKeyAuth`).
    pub const KEY_HEADER: &'static str = "x-api-key";

    /// A client of the interface at `cfg.base_url` (e.g.
    /// `https://api.platform.pagopa.it/ecommerce/payment-requests-service/v1`).
    pub fn new(cfg: PlatformConfig) -> Result<PaymentRequestsClient, PlatformError> {
        Ok(PaymentRequestsClient {
            http: Http::new(&cfg, PaymentRequestsClient::KEY_HEADER)?,
        })
    }

    /// Sends `name: value` with every request (a tracing id, or a mock server's `Prefer`).
    pub fn with_header(
        mut self,
        name: &str,
        value: &str,
    ) -> Result<PaymentRequestsClient, PlatformError> {
        self.http.add_header(name, value)?;
        Ok(self)
    }

    /// Verifies a notice: its amount, description, due date and payee, when it can be paid now.
    pub async fn verify(&self, rpt_id: &RptId) -> Result<NoticeInfo, PlatformError> {
        let id = rpt_id.to_string();
        let url = self.http.url(&["payment-requests", &id], &[]);
        let reply = self.http.send(Method::GET, url, None).await?;
        if reply.status.as_u16() == 200 {
            return self.notice_info(rpt_id, &reply.body);
        }
        if reply.status.is_success() {
            return Err(PlatformError::Protocol {
                detail: format!(
                    "HTTP {} to a verification: expected 200 with the notice",
                    reply.status.as_u16()
                ),
            });
        }
        // A 409 without a known fault says neither paid nor payable.
        Err(self
            .http
            .error_for(&reply, |detail| PlatformError::Protocol {
                detail: format!("{detail}: a conflict without a known fault code"),
            }))
    }

    fn notice_info(&self, rpt_id: &RptId, body: &[u8]) -> Result<NoticeInfo, PlatformError> {
        let answer: VerifyAnswer =
            serde_json::from_slice(body).map_err(|e| PlatformError::Protocol {
                detail: self.http.scrub(&format!("the verification answer: {e}")),
            })?;
        let Some(cents) = answer.amount else {
            return Err(PlatformError::Protocol {
                detail: "the verification answer has no amount".into(),
            });
        };
        let amount = u64::try_from(cents)
            .ok()
            .and_then(|c| Amount::from_cents(c).ok())
            .ok_or_else(|| PlatformError::Protocol {
                detail: format!(
                    "the verification answer's amount ({cents} cents) cannot be paid: it must be \
                     from 1 to {} cents",
                    Amount::MAX_CENTS
                ),
            })?;
        // The answer is about the notice addressed by the URL; an RptId of ours (29 digits)
        // that is another notice's means the answer must not be used.
        if let Some(echo) = answer.rpt_id.as_deref().map(str::trim)
            && echo.len() == 29
            && echo.bytes().all(|b| b.is_ascii_digit())
            && echo != rpt_id.to_string()
        {
            return Err(PlatformError::Protocol {
                detail: format!("the verification answer is about notice {echo}, not {rpt_id}"),
            });
        }
        let due_date = match non_empty(answer.due_date) {
            Some(d) => match rome_day(&d) {
                Some(day) => Some(day),
                None => {
                    tracing::warn!(due_date = %d, "verification: a due date that is not YYYY-MM-DD");
                    None
                }
            },
            None => None,
        };
        Ok(NoticeInfo {
            rpt_id: *rpt_id,
            amount,
            description: non_empty(answer.description),
            due_date,
            payee_name: non_empty(answer.pa_name),
            payee_fiscal_code: non_empty(answer.pa_fiscal_code),
        })
    }
}

/// `PaymentRequestsGetResponse`: only `amount` is needed (the deprecated
/// `paymentContextCode`, required by the specification, is not used).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VerifyAnswer {
    rpt_id: Option<String>,
    pa_fiscal_code: Option<String>,
    pa_name: Option<String>,
    description: Option<String>,
    amount: Option<i64>,
    due_date: Option<String>,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}
