//! Finding a notice among a creditor's debt positions.
//!
//! The interface has no lookup by notice number: only the paged list
//! (`GET /organizations/{org}/debtpositions`, `PaymentPositionsInfo`). [`GpdClient::find_notice`]
//! walks it, newest first, for a bounded number of pages and stops at the first option whose
//! notice number (`nav`) or IUV is the notice's.

use reqwest::Method;
use serde::Deserialize;

use super::answer::{DebtPosition, PositionOption};
use super::answer_body::PositionAnswer;
use super::client::GpdClient;
use crate::pagopa::platform::types::PlatformError;
use crate::pagopa::{CreditorFiscalCode, NoticeNumber};

/// How far [`GpdClient::find_notice_with`] looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindLimits {
    /// Positions per page: 1–50 (the specification's maximum).
    pub page_size: u32,
    /// Pages read at most; a notice not found within them is neither found nor unknown.
    pub max_pages: u32,
}

impl Default for FindLimits {
    /// 50 positions a page, 20 pages: the 1,000 newest positions.
    fn default() -> FindLimits {
        FindLimits {
            page_size: 50,
            max_pages: 20,
        }
    }
}

// `PaymentPositionsInfo`.
#[derive(Deserialize)]
struct PositionsPage {
    payment_position_list: Option<Vec<PositionAnswer>>,
    page_info: Option<PageInfo>,
}

#[derive(Deserialize)]
struct PageInfo {
    total_pages: Option<i64>,
}

impl GpdClient {
    /// The position and option of notice `notice_number` of creditor `org`, within
    /// [`FindLimits::default`]; `None` when the creditor's whole list was read and no option has
    /// that notice number or IUV.
    pub async fn find_notice(
        &self,
        org: &CreditorFiscalCode,
        notice_number: &NoticeNumber,
    ) -> Result<Option<(DebtPosition, PositionOption)>, PlatformError> {
        self.find_notice_with(org, notice_number, FindLimits::default())
            .await
    }

    /// As [`find_notice`](Self::find_notice), within `limits`. When the list has more pages
    /// than `limits.max_pages` and the notice is not in those read, the answer is
    /// [`NotFound`](PlatformError::NotFound) — not `None`: the notice may be further on, so
    /// nothing is said about it.
    pub async fn find_notice_with(
        &self,
        org: &CreditorFiscalCode,
        notice_number: &NoticeNumber,
        limits: FindLimits,
    ) -> Result<Option<(DebtPosition, PositionOption)>, PlatformError> {
        let page_size = limits.page_size.clamp(1, 50).to_string();
        let mut page: u32 = 0;
        loop {
            if page >= limits.max_pages {
                return Err(PlatformError::NotFound {
                    detail: format!(
                        "notice {notice_number} is not among the {} newest debt positions of \
                         {org}: the search stopped there",
                        u64::from(limits.max_pages) * u64::from(limits.page_size.clamp(1, 50))
                    ),
                });
            }
            let page_text = page.to_string();
            let url = self.http.url(
                &["organizations", org.as_str(), "debtpositions"],
                &[
                    ("limit", page_size.as_str()),
                    ("page", page_text.as_str()),
                    ("orderby", "INSERTED_DATE"),
                    ("ordering", "DESC"),
                ],
            );
            let reply = self.http.send(Method::GET, url, None).await?;
            let status = reply.status.as_u16();
            if !reply.status.is_success() {
                return Err(self
                    .http
                    .error_for(&reply, |detail| PlatformError::Conflict { detail }));
            }
            let answer: PositionsPage =
                serde_json::from_slice(&reply.body).map_err(|e| PlatformError::Protocol {
                    detail: self
                        .http
                        .scrub(&format!("HTTP {status}: the debt positions list: {e}")),
                })?;
            let list = answer.payment_position_list.unwrap_or_default();
            let total_pages = answer
                .page_info
                .and_then(|i| i.total_pages)
                .ok_or_else(|| PlatformError::Protocol {
                    detail: "the debt positions list has no page_info.total_pages".into(),
                })?;
            let listed = list.len();
            for answer in list {
                let iupd = answer.iupd().unwrap_or_default().to_string();
                let mut position = answer.into_position(&iupd);
                let found = position
                    .options
                    .iter()
                    .find(|o| {
                        o.is(notice_number.as_str())
                            || o.iuv.as_deref() == Some(notice_number.iuv())
                    })
                    .cloned();
                if let Some(option) = found {
                    if position.organization_fiscal_code.is_none() {
                        position.organization_fiscal_code = Some(org.to_string());
                    }
                    return Ok(Some((position, option)));
                }
            }
            page += 1;
            if listed == 0 || i64::from(page) >= total_pages {
                return Ok(None);
            }
        }
    }
}
