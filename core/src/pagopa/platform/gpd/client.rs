//! The calls to the GPD debt-positions interface.

use reqwest::Method;

use super::answer::{DebtPosition, PositionReceipt};
use super::answer_body::PositionAnswer;
use super::request::NewDebtPosition;
use super::request_body::PositionBody;
use super::status::PositionStatus;
use super::validate::check_iupd;
use crate::pagopa::CreditorFiscalCode;
use crate::pagopa::platform::http::{Http, Reply};
use crate::pagopa::platform::types::{PlatformConfig, PlatformError};

/// The client of the GPD debt-positions interface, for one creditor's (or an intermediary's)
/// subscription key.
///
/// 400 → [`BadRequest`](PlatformError::BadRequest); 401, 403 →
/// [`Unauthorized`](PlatformError::Unauthorized); 404 → [`NotFound`](PlatformError::NotFound);
/// 409 (a position with that IUPD or IUV exists; not in a state that allows publishing or
/// invalidating) → [`Conflict`](PlatformError::Conflict); 500 and other 5xx, 429 →
/// [`Server`](PlatformError::Server); 504 and no answer in time →
/// [`Timeout`](PlatformError::Timeout). After a create that ended in a timeout, a transport
/// error or a 5xx, read the position (or create it again and take a 409 as "it exists") before
/// telling the debtor anything.
#[derive(Debug, Clone)]
pub struct GpdClient {
    pub(super) http: Http,
}

impl GpdClient {
    /// The header of the specification's security scheme (`ApiKey`).
    pub const KEY_HEADER: &'static str = "ocp-apim-subscription-key";

    /// A client of the interface at `cfg.base_url` (e.g.
    /// `https://api.platform.pagopa.it/gpd/debt-positions-service/v1`).
    pub fn new(cfg: PlatformConfig) -> Result<GpdClient, PlatformError> {
        Ok(GpdClient {
            http: Http::new(&cfg, GpdClient::KEY_HEADER)?,
        })
    }

    /// Sends `name: value` with every request (e.g. `X-Request-Id`, or a mock server's
    /// `Prefer`).
    pub fn with_header(mut self, name: &str, value: &str) -> Result<GpdClient, PlatformError> {
        self.http.add_header(name, value)?;
        Ok(self)
    }

    fn position_url(&self, org: &CreditorFiscalCode, iupd: &str, action: Option<&str>) -> url::Url {
        let mut segments = vec!["organizations", org.as_str(), "debtpositions", iupd];
        segments.extend(action);
        self.http.url(&segments, &[])
    }

    /// Creates a debt position (checked first with [`NewDebtPosition::validate`]); published
    /// at once when `publish`, else left as a draft.
    pub async fn create(
        &self,
        org: &CreditorFiscalCode,
        position: &NewDebtPosition,
        publish: bool,
    ) -> Result<DebtPosition, PlatformError> {
        let body = position_body(position)?;
        let url = self.http.url(
            &["organizations", org.as_str(), "debtpositions"],
            &[("toPublish", if publish { "true" } else { "false" })],
        );
        let reply = self.http.send(Method::POST, url, Some(body)).await?;
        self.position_answer(&reply, &position.iupd)
    }

    /// Replaces a position (`PUT …/debtpositions/{iupd}`, checked first like a new one): what
    /// a draft, or a published position nobody has paid yet, says. Published again at once
    /// when `publish`.
    pub async fn update(
        &self,
        org: &CreditorFiscalCode,
        position: &NewDebtPosition,
        publish: bool,
    ) -> Result<DebtPosition, PlatformError> {
        let body = position_body(position)?;
        let url = self.http.url(
            &[
                "organizations",
                org.as_str(),
                "debtpositions",
                &position.iupd,
            ],
            &[("toPublish", if publish { "true" } else { "false" })],
        );
        let reply = self.http.send(Method::PUT, url, Some(body)).await?;
        self.position_answer(&reply, &position.iupd)
    }

    /// Deletes a position that nobody can have paid (GPD refuses, 409, once it is not a draft
    /// or published one).
    pub async fn delete(&self, org: &CreditorFiscalCode, iupd: &str) -> Result<(), PlatformError> {
        check_iupd(iupd)?;
        let url = self.position_url(org, iupd, None);
        let reply = self.http.send(Method::DELETE, url, None).await?;
        self.done(&reply)
    }

    /// Records that the option with notice number `nav` was paid outside pagoPA (at the
    /// counter, by bank transfer) on `paid_at` (`POST …/paymentoptions/paids/{nav}`): GPD marks
    /// it paid and it can no longer be paid through pagoPA.
    pub async fn mark_paid(
        &self,
        org: &CreditorFiscalCode,
        nav: &crate::pagopa::NoticeNumber,
        paid_at: crate::time::Instant,
    ) -> Result<(), PlatformError> {
        let body = serde_json::to_vec(&serde_json::json!({
            "paymentDate": paid_at.to_rfc3339_seconds()
        }))
        .map_err(|e| PlatformError::BadRequest {
            detail: format!("the payment date cannot be written as JSON: {e}"),
        })?;
        let url = self.http.url(
            &[
                "organizations",
                org.as_str(),
                "paymentoptions",
                "paids",
                nav.as_str(),
            ],
            &[],
        );
        let reply = self.http.send(Method::POST, url, Some(body)).await?;
        self.done(&reply)
    }

    /// A change that answers nothing the app needs: done, or the platform's refusal.
    fn done(&self, reply: &Reply) -> Result<(), PlatformError> {
        if reply.status.is_success() {
            return Ok(());
        }
        Err(self
            .http
            .error_for(reply, |detail| PlatformError::Conflict { detail }))
    }

    /// Publishes a draft position: it becomes payable from its validity date.
    pub async fn publish(
        &self,
        org: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<DebtPosition, PlatformError> {
        check_iupd(iupd)?;
        let url = self.position_url(org, iupd, Some("publish"));
        let reply = self.http.send(Method::POST, url, None).await?;
        self.position_answer(&reply, iupd)
    }

    /// Reads a position, with its status and the state of each option.
    pub async fn position(
        &self,
        org: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<DebtPosition, PlatformError> {
        check_iupd(iupd)?;
        let url = self.position_url(org, iupd, None);
        let reply = self.http.send(Method::GET, url, None).await?;
        self.position_answer(&reply, iupd)
    }

    /// A position's status; an answer without one is a [`Protocol`](PlatformError::Protocol)
    /// error.
    pub async fn status(
        &self,
        org: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<PositionStatus, PlatformError> {
        self.position(org, iupd)
            .await?
            .status
            .ok_or_else(|| PlatformError::Protocol {
                detail: format!("the debt position {iupd} was returned without a status"),
            })
    }

    /// Invalidates a position: it can no longer be paid.
    pub async fn invalidate(
        &self,
        org: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<DebtPosition, PlatformError> {
        check_iupd(iupd)?;
        let url = self.position_url(org, iupd, Some("invalidate"));
        let reply = self.http.send(Method::POST, url, None).await?;
        self.position_answer(&reply, iupd)
    }

    /// The receipt of the option with IUV (or notice number) `option` of a position: `None`
    /// while the platform does not say it is paid;
    /// [`NotFound`](PlatformError::NotFound) when the position has no such option.
    pub async fn receipt(
        &self,
        org: &CreditorFiscalCode,
        iupd: &str,
        option: &str,
    ) -> Result<Option<PositionReceipt>, PlatformError> {
        let position = self.position(org, iupd).await?;
        let Some(found) = position.options.iter().find(|o| o.is(option)) else {
            return Err(PlatformError::NotFound {
                detail: format!("the debt position {iupd} has no payment option {option}"),
            });
        };
        let org_code = position
            .organization_fiscal_code
            .clone()
            .unwrap_or_else(|| org.to_string());
        Ok(found.receipt(&org_code, iupd))
    }

    /// The receipts of every paid option of a position (none while nothing is paid).
    pub async fn receipts(
        &self,
        org: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<Vec<PositionReceipt>, PlatformError> {
        let mut position = self.position(org, iupd).await?;
        if position.organization_fiscal_code.is_none() {
            position.organization_fiscal_code = Some(org.to_string());
        }
        Ok(position.receipts())
    }

    fn position_answer(&self, reply: &Reply, iupd: &str) -> Result<DebtPosition, PlatformError> {
        let status = reply.status.as_u16();
        if reply.status.is_success() {
            let answer: PositionAnswer =
                serde_json::from_slice(&reply.body).map_err(|e| PlatformError::Protocol {
                    detail: self
                        .http
                        .scrub(&format!("HTTP {status}: the debt position answer: {e}")),
                })?;
            return Ok(answer.into_position(iupd));
        }
        Err(self
            .http
            .error_for(reply, |detail| PlatformError::Conflict { detail }))
    }
}

/// A new or replacing position as the request body, checked first ([`NewDebtPosition::validate`]).
fn position_body(position: &NewDebtPosition) -> Result<Vec<u8>, PlatformError> {
    position.validate()?;
    serde_json::to_vec(&PositionBody::from(position)).map_err(|e| PlatformError::BadRequest {
        detail: format!("the debt position cannot be written as JSON: {e}"),
    })
}
