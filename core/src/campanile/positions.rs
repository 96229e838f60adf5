//! The comune's debt positions on pagoPA's GPD, for counter staff: create, publish, read,
//! invalidate, print the notice. The key comes from the host's secret store only. When the
//! platform does not answer a change, the outcome is unknown: the error says to read the
//! position's status before repeating it (a second create could make a second position).

use std::time::Duration;

use serde::Serialize;

use crate::error::{Classify, Error, ErrorClass};
use crate::i18n::Localize;
use crate::pagopa::CreditorFiscalCode;
use crate::pagopa::platform::{
    CreditorDetails, DebtPosition, GpdClient, NoticePart, PlatformConfig, PlatformError,
    PositionFile, PositionNoticeError, PositionStatus,
};
use crate::pagopa::print::{self, PrintableNotice, RenderStop};
use crate::secrets::SecretName;
use crate::work::{self, Cancel, Progress, WorkStep};

use super::Campanile;

/// A debt position as the counter sees it, reached through the hub or with this device's key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionView {
    /// The position as GPD answered (through the hub, the hub's view of it: its `iupd`,
    /// options, receipts).
    pub position: serde_json::Value,
    /// Its state's code (`unknown` when GPD does not say).
    pub status: String,
    /// Its state in words.
    pub status_text: String,
    /// Paid, on GPD's word.
    pub paid: bool,
    /// It can be paid now.
    pub payable: bool,
    /// Reached through the hub.
    pub through_hub: bool,
}

/// The debt-positions part of the handle.
#[derive(Debug, Clone, Copy)]
pub struct Positions<'a> {
    pub(super) core: &'a Campanile,
}

impl Positions<'_> {
    /// Reads and checks a position file (the project's JSON shape: `assets/positions/`);
    /// `name` is how the file is called in messages.
    pub fn read_file(&self, name: &str, bytes: &[u8]) -> Result<PositionFile, Error> {
        let text = String::from_utf8_lossy(bytes);
        PositionFile::parse(&text).map_err(|e| {
            self.core
                .error(&e)
                .in_context(name)
                .with_detail("file", name)
        })
    }

    /// A creditor's fiscal code, checked.
    pub fn creditor(&self, text: &str) -> Result<CreditorFiscalCode, Error> {
        CreditorFiscalCode::parse(text.trim()).map_err(|e| {
            self.core
                .fail(
                    ErrorClass::BadInput,
                    "positions.bad-creditor",
                    "positions-error-creditor",
                    &[
                        ("value", text.into()),
                        ("detail", self.core.i18n().localize(&e).into()),
                    ],
                )
                .with_detail("creditor", text)
        })
    }

    /// Whether positions go through the aggregation's hub: this handle is signed in to one,
    /// which holds the creditor's GPD key. Otherwise this device's own key is used (a comune
    /// with no hub).
    pub fn through_hub(&self) -> bool {
        #[cfg(feature = "hub")]
        {
            self.core.hub().status(0).is_ok_and(|s| s.session.is_some())
        }
        #[cfg(not(feature = "hub"))]
        {
            false
        }
    }

    fn view(
        &self,
        status: &PositionStatus,
        paid: bool,
        position: serde_json::Value,
        through_hub: bool,
    ) -> PositionView {
        let code = status.code().to_string();
        PositionView {
            status_text: self.core.tr(
                "pagopa-position-status",
                &[("status", code.as_str().into())],
            ),
            paid,
            payable: status.is_payable(),
            status: code,
            position,
            through_hub,
        }
    }

    fn local_view(&self, p: &DebtPosition) -> PositionView {
        let status = p
            .status
            .clone()
            .unwrap_or_else(|| PositionStatus::Unknown(String::new()));
        let paid = status.is_paid();
        self.view(
            &status,
            paid,
            serde_json::to_value(p).unwrap_or_default(),
            false,
        )
    }

    #[cfg(feature = "hub")]
    fn hub_view(&self, p: &crate::hubsync::HubPosition) -> PositionView {
        self.view(
            &p.status(),
            p.paid,
            serde_json::to_value(p).unwrap_or_default(),
            true,
        )
    }

    /// Creates the position the position file `bytes` (called `name` in messages) describes,
    /// for `creditor`: through the hub for the practice `practice` when
    /// [`Positions::through_hub`], else at GPD with this device's key.
    pub async fn create_at_desk(
        &self,
        practice: Option<&str>,
        creditor: &str,
        name: &str,
        bytes: &[u8],
        publish: bool,
    ) -> Result<PositionView, Error> {
        #[cfg(feature = "hub")]
        if self.through_hub() {
            let p = self
                .core
                .hub()
                .create_position(practice.unwrap_or_default(), creditor, bytes, publish)
                .await?;
            return Ok(self.hub_view(&p));
        }
        let _ = practice;
        let org = self.creditor(creditor)?;
        let file = self.read_file(name, bytes)?;
        let created = self.create(&org, &file, publish).await?;
        Ok(self.local_view(&created))
    }

    /// A position as GPD has it now (whether it was paid), the same way as
    /// [`Positions::create_at_desk`].
    pub async fn look_up(&self, creditor: &str, iupd: &str) -> Result<PositionView, Error> {
        #[cfg(feature = "hub")]
        if self.through_hub() {
            let p = self.core.hub().position(iupd).await?;
            return Ok(self.hub_view(&p));
        }
        let org = self.creditor(creditor)?;
        let p = self.get(&org, iupd.trim()).await?;
        Ok(self.local_view(&p))
    }

    /// A position's printed notice (A4 PDF, the handle's language), the same way as
    /// [`Positions::create_at_desk`]; `file`, the position file it was created from, gives the
    /// debtor when printing here (the hub prints from what it keeps).
    pub async fn notice_pdf(
        &self,
        creditor: &str,
        iupd: &str,
        file: Option<&[u8]>,
    ) -> Result<Vec<u8>, Error> {
        #[cfg(feature = "hub")]
        if self.through_hub() {
            return self.core.hub().position_notice(iupd).await;
        }
        let org = self.creditor(creditor)?;
        let file = file
            .filter(|b| !String::from_utf8_lossy(b).trim().is_empty())
            .map(|b| self.read_file("position.json", b))
            .transpose()?;
        Ok(self.print(&org, iupd.trim(), file.as_ref()).await?.1)
    }

    /// Creates a position (published at once with `publish`).
    pub async fn create(
        &self,
        creditor: &CreditorFiscalCode,
        file: &PositionFile,
        publish: bool,
    ) -> Result<DebtPosition, Error> {
        self.check_dates(file)?;
        let client = self.client()?;
        let iupd = file.position.iupd.clone();
        let answer = client.create(creditor, &file.position, publish).await;
        answer.map_err(|e| self.platform_error(&e, Some((&iupd, creditor))))
    }

    /// Replaces a position nobody has paid with what `file` says (checked first, dates
    /// against today in Rome); published at once with `publish`.
    pub async fn update(
        &self,
        creditor: &CreditorFiscalCode,
        file: &PositionFile,
        publish: bool,
    ) -> Result<DebtPosition, Error> {
        self.check_dates(file)?;
        let iupd = file.position.iupd.clone();
        let answer = self
            .client()?
            .update(creditor, &file.position, publish)
            .await;
        answer.map_err(|e| self.platform_error(&e, Some((&iupd, creditor))))
    }

    /// Deletes a position nobody can have paid (a draft, or one not paid yet).
    pub async fn delete(&self, creditor: &CreditorFiscalCode, iupd: &str) -> Result<(), Error> {
        let answer = self.client()?.delete(creditor, iupd).await;
        answer.map_err(|e| self.platform_error(&e, Some((iupd, creditor))))
    }

    /// Records that the option with notice number `notice` (typed with or without spaces)
    /// was paid outside pagoPA — at the counter, by bank transfer — on `paid_at` (default
    /// now): GPD marks it paid, and pagoPA will no longer take a payment of it.
    pub async fn mark_paid(
        &self,
        creditor: &CreditorFiscalCode,
        notice: &str,
        paid_at: Option<crate::time::Instant>,
    ) -> Result<(), Error> {
        let nav = crate::pagopa::manual::notice_number(notice).map_err(|e| {
            self.core
                .error(&e)
                .in_context(notice)
                .with_detail("notice", notice)
        })?;
        let at = paid_at.unwrap_or_else(|| self.core.now());
        if at > self.core.now() {
            return Err(self
                .core
                .fail(
                    ErrorClass::BadInput,
                    "positions.paid-in-future",
                    "positions-error-paid-in-future",
                    &[("date", at.to_rfc3339().into())],
                )
                .with_detail("date", at));
        }
        let answer = self.client()?.mark_paid(creditor, &nav, at).await;
        answer.map_err(|e| self.platform_error(&e, Some((nav.as_str(), creditor))))
    }

    /// The file's position checked as GPD will check it, its dates against today in Rome.
    fn check_dates(&self, file: &PositionFile) -> Result<(), Error> {
        file.position
            .validate_on(self.core.today())
            .map_err(|e| self.core.error(&e).with_detail("iupd", &file.position.iupd))
    }

    /// Publishes a draft: it becomes payable.
    pub async fn publish(
        &self,
        creditor: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<DebtPosition, Error> {
        let answer = self.client()?.publish(creditor, iupd).await;
        answer.map_err(|e| self.platform_error(&e, Some((iupd, creditor))))
    }

    /// Invalidates a position: it can no longer be paid.
    pub async fn invalidate(
        &self,
        creditor: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<DebtPosition, Error> {
        let answer = self.client()?.invalidate(creditor, iupd).await;
        answer.map_err(|e| self.platform_error(&e, Some((iupd, creditor))))
    }

    /// A position with its options' statuses, as GPD has it now.
    pub async fn get(
        &self,
        creditor: &CreditorFiscalCode,
        iupd: &str,
    ) -> Result<DebtPosition, Error> {
        let answer = self.client()?.position(creditor, iupd).await;
        answer.map_err(|e| self.platform_error(&e, None))
    }

    /// The printed notice of a position read from GPD, as an A4 PDF in the handle's language.
    /// `file` (the file it was created from) gives the debtor, whom GPD does not give back,
    /// and the creditor's contacts.
    pub async fn print(
        &self,
        creditor: &CreditorFiscalCode,
        iupd: &str,
        file: Option<&PositionFile>,
    ) -> Result<(PrintableNotice, Vec<u8>), Error> {
        self.print_with(creditor, iupd, file, &Cancel::new(), &|_| {})
            .await
    }

    /// [`Positions::print`], reporting progress (step `rendering`: each payment box, then the
    /// file) and stopping once `cancel` trips (error `work.cancelled`; no PDF).
    pub async fn print_with(
        &self,
        creditor: &CreditorFiscalCode,
        iupd: &str,
        file: Option<&PositionFile>,
        cancel: &Cancel,
        progress: &(dyn Fn(&Progress) + Send + Sync),
    ) -> Result<(PrintableNotice, Vec<u8>), Error> {
        if let Some(f) = file
            && f.position.iupd != iupd
        {
            return Err(self.core.fail(
                ErrorClass::BadInput,
                "positions.file-iupd",
                "positions-error-file-iupd",
                &[
                    ("path", "".into()),
                    ("file", f.position.iupd.as_str().into()),
                    ("iupd", iupd.into()),
                ],
            ));
        }
        let position = self.get(creditor, iupd).await?;
        let details = match file {
            Some(f) => f.creditor_details(*creditor),
            None => CreditorDetails {
                fiscal_code: *creditor,
                name: None,
                sector: None,
                info: None,
                cbill: None,
                poste_authorization: None,
            },
        };
        let debtor = file.map(|f| &f.position.debtor);
        let lang = self.core.language();
        let notice = position
            .printable_notice(&details, debtor, &lang)
            .map_err(|e| {
                let no_debtor = matches!(
                    e,
                    PositionNoticeError::Missing {
                        part: NoticePart::DebtorName | NoticePart::DebtorFiscalCode,
                        option: None
                    }
                );
                let mut err = self.core.error(&e);
                if no_debtor && file.is_none() {
                    err.message.push(' ');
                    err.message
                        .push_str(&self.core.tr("positions-hint-from", &[]));
                }
                err
            })?;
        let cancel = cancel.clone();
        let pdf = self
            .core
            .blocking_with_progress(progress, {
                let notice = notice.clone();
                move |_, progress| {
                    print::render_pdf_with(&notice, &mut |done, total| {
                        work::report(progress, &cancel, WorkStep::Rendering, done, total)
                    })
                }
            })
            .await?
            .map_err(|stop| match stop {
                RenderStop::Print(e) => self.core.error(&e),
                RenderStop::Stopped(c) => self.core.error(&c),
            })?;
        Ok((notice, pdf))
    }

    /// The GPD client, its key from the host's secret store.
    fn client(&self) -> Result<GpdClient, Error> {
        let pagopa = &self.core.config().pagopa;
        let base_url = pagopa.gpd().ok_or_else(|| self.missing_url("gpd"))?;
        let config = PlatformConfig {
            base_url,
            api_key: Some(self.core.key(SecretName::PagopaGpdKey)?),
            timeout: clamp_timeout(pagopa.timeout),
        };
        tracing::info!(?config, "GPD client");
        GpdClient::new(config).map_err(|e| self.core.error(&e))
    }

    pub(super) fn missing_url(&self, which: &str) -> Error {
        self.core
            .fail(
                ErrorClass::BadInput,
                "config.missing-url",
                "core-error-no-url",
                &[("service", which.into())],
            )
            .with_detail("service", which)
    }

    /// A platform answer as the edge error; for a change whose outcome is unknown, the message
    /// says to check the position before repeating it.
    fn platform_error(
        &self,
        e: &PlatformError,
        change: Option<(&str, &CreditorFiscalCode)>,
    ) -> Error {
        let mut err = self.core.error(e);
        let (id, _) = e.message();
        err = err.with_detail("outcome", id.trim_start_matches("pagopa-platform-"));
        match change {
            Some((iupd, org)) if e.class() == ErrorClass::OutcomeUnknown => {
                err.message.push(' ');
                err.message.push_str(&self.core.tr(
                    "positions-check-status",
                    &[("iupd", iupd.into()), ("creditor", org.as_str().into())],
                ));
                err.with_detail("position", iupd)
            }
            // Nothing was changed: a read that got no answer can simply be asked again.
            None if e.class() == ErrorClass::OutcomeUnknown => Error {
                class: ErrorClass::Unavailable,
                ..err
            },
            _ => err,
        }
    }
}

/// One request may take 1 to 600 seconds.
pub(super) fn clamp_timeout(t: Duration) -> Duration {
    t.clamp(Duration::from_secs(1), Duration::from_secs(600))
}
