//! FatturaPA documents for tests: invoice XML in every shape a reader must take (FPA12 and
//! FPR12, any namespace prefix or none, one or several bodies, optional total and payment
//! terms) and SdI notifications.

pub const NS: &str = "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2";
/// The FatturaPA 1.1 namespace (the format until 2016–2017).
pub const NS_1_1: &str = "http://www.fatturapa.gov.it/sdi/fatturapa/v1.1";

/// An FPA12 file's XML (from [`Spec::xml`]) rewritten as FatturaPA 1.1 writes it: namespace
/// v1.1, `versione="1.1"`, `FormatoTrasmissione` `SDI11`.
pub fn as_version_1_1(fpa12_xml: &str) -> String {
    fpa12_xml
        .replace(NS, NS_1_1)
        .replace("versione=\"FPA12\"", "versione=\"1.1\"")
        .replace(
            "<FormatoTrasmissione>FPA12</FormatoTrasmissione>",
            "<FormatoTrasmissione>SDI11</FormatoTrasmissione>",
        )
}

// ---------------------------------------------------------------------------------------------
// FatturaPA XML
// ---------------------------------------------------------------------------------------------

/// One invoice body to write.
#[derive(Clone)]
pub struct BodySpec {
    pub number: String,
    pub date: String,
    pub document_type: String,
    /// `ImportoTotaleDocumento`; `None` leaves it out (the total is then the summary's sum).
    pub total: Option<String>,
    /// `DatiRiepilogo` lines: (ImponibileImporto, Imposta).
    pub summary: Vec<(String, String)>,
    pub causale: Option<String>,
    /// `DettaglioPagamento` fields, written in schema order when present.
    pub payment: Option<PaySpec>,
}

#[derive(Clone)]
pub struct PaySpec {
    pub conditions: String,
    pub modality: String,
    pub terms_from: Option<String>,
    pub term_days: Option<String>,
    pub due: Option<String>,
    pub amount: String,
    pub iban: Option<String>,
}

impl BodySpec {
    pub fn new(number: &str, date: &str, taxable: &str, tax: &str) -> BodySpec {
        BodySpec {
            number: number.into(),
            date: date.into(),
            document_type: "TD01".into(),
            total: None,
            summary: vec![(taxable.into(), tax.into())],
            causale: None,
            payment: None,
        }
    }
}

/// How to write the file.
#[derive(Clone)]
pub struct Spec {
    pub format: String,
    /// The root's namespace prefix: `Some("p")` → `<p:FatturaElettronica xmlns:p=…>`;
    /// `None` → `<FatturaElettronica xmlns=…>` (a default namespace, so every element is in it).
    pub prefix: Option<String>,
    pub recipient: String,
    pub supplier_vat: (String, String),
    pub supplier_name: String,
    pub customer_name: String,
    pub bodies: Vec<BodySpec>,
    /// The XML declaration's encoding, or no declaration.
    pub declared_encoding: Option<String>,
}

impl Spec {
    pub fn fpa12() -> Spec {
        Spec {
            format: "FPA12".into(),
            prefix: Some("p".into()),
            recipient: "UF1234".into(),
            supplier_vat: ("IT".into(), "01234567890".into()),
            supplier_name: "Tipografia Picena Srl".into(),
            customer_name: "Comune di Fermo".into(),
            bodies: vec![BodySpec::new(
                "FT-2024/17",
                "2024-03-05",
                "1000.00",
                "220.00",
            )],
            declared_encoding: Some("UTF-8".into()),
        }
    }

    pub fn fpr12() -> Spec {
        Spec {
            format: "FPR12".into(),
            recipient: "ABC1234".into(),
            ..Spec::fpa12()
        }
    }

    /// The XML text.
    pub fn xml(&self) -> String {
        let (root, ns_decl) = match &self.prefix {
            Some(p) => (
                format!("{p}:FatturaElettronica"),
                format!("xmlns:{p}=\"{NS}\""),
            ),
            None => ("FatturaElettronica".to_string(), format!("xmlns=\"{NS}\"")),
        };
        let mut x = String::new();
        if let Some(enc) = &self.declared_encoding {
            x.push_str(&format!("<?xml version=\"1.0\" encoding=\"{enc}\"?>\n"));
        }
        x.push_str(&format!(
            "<{root} versione=\"{}\" {ns_decl} xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n",
            self.format
        ));
        x.push_str(&format!(
            "  <FatturaElettronicaHeader>
    <DatiTrasmissione>
      <IdTrasmittente><IdPaese>IT</IdPaese><IdCodice>01234567890</IdCodice></IdTrasmittente>
      <ProgressivoInvio>00017</ProgressivoInvio>
      <FormatoTrasmissione>{}</FormatoTrasmissione>
      <CodiceDestinatario>{}</CodiceDestinatario>
    </DatiTrasmissione>
    <CedentePrestatore>
      <DatiAnagrafici>
        <IdFiscaleIVA><IdPaese>{}</IdPaese><IdCodice>{}</IdCodice></IdFiscaleIVA>
        <Anagrafica><Denominazione>{}</Denominazione></Anagrafica>
        <RegimeFiscale>RF01</RegimeFiscale>
      </DatiAnagrafici>
      <Sede><Indirizzo>Via Roma 1</Indirizzo><CAP>63900</CAP><Comune>Fermo</Comune><Nazione>IT</Nazione></Sede>
    </CedentePrestatore>
    <CessionarioCommittente>
      <DatiAnagrafici>
        <CodiceFiscale>00334990447</CodiceFiscale>
        <Anagrafica><Denominazione>{}</Denominazione></Anagrafica>
      </DatiAnagrafici>
      <Sede><Indirizzo>Via Mazzini 4</Indirizzo><CAP>63900</CAP><Comune>Fermo</Comune><Nazione>IT</Nazione></Sede>
    </CessionarioCommittente>
  </FatturaElettronicaHeader>\n",
            self.format,
            self.recipient,
            self.supplier_vat.0,
            self.supplier_vat.1,
            escape(&self.supplier_name),
            escape(&self.customer_name),
        ));
        for b in &self.bodies {
            x.push_str(&body_xml(b));
        }
        x.push_str(&format!("</{root}>\n"));
        x
    }

    /// The XML as UTF-8 bytes.
    pub fn bytes(&self) -> Vec<u8> {
        self.xml().into_bytes()
    }
}

fn body_xml(b: &BodySpec) -> String {
    let mut x = String::from(
        "  <FatturaElettronicaBody>\n    <DatiGenerali>\n      <DatiGeneraliDocumento>\n",
    );
    x.push_str(&format!(
        "        <TipoDocumento>{}</TipoDocumento>\n        <Divisa>EUR</Divisa>\n        <Data>{}</Data>\n        <Numero>{}</Numero>\n",
        b.document_type,
        b.date,
        escape(&b.number)
    ));
    if let Some(t) = &b.total {
        x.push_str(&format!(
            "        <ImportoTotaleDocumento>{t}</ImportoTotaleDocumento>\n"
        ));
    }
    if let Some(c) = &b.causale {
        x.push_str(&format!("        <Causale>{}</Causale>\n", escape(c)));
    }
    x.push_str("      </DatiGeneraliDocumento>\n    </DatiGenerali>\n    <DatiBeniServizi>\n");
    x.push_str("      <DettaglioLinee><NumeroLinea>1</NumeroLinea><Descrizione>Stampa manifesti</Descrizione><PrezzoUnitario>1.00</PrezzoUnitario><PrezzoTotale>1.00</PrezzoTotale><AliquotaIVA>22.00</AliquotaIVA></DettaglioLinee>\n");
    for (taxable, tax) in &b.summary {
        x.push_str(&format!(
            "      <DatiRiepilogo><AliquotaIVA>22.00</AliquotaIVA><ImponibileImporto>{taxable}</ImponibileImporto><Imposta>{tax}</Imposta><EsigibilitaIVA>S</EsigibilitaIVA></DatiRiepilogo>\n"
        ));
    }
    x.push_str("    </DatiBeniServizi>\n");
    if let Some(p) = &b.payment {
        x.push_str(&format!(
            "    <DatiPagamento>\n      <CondizioniPagamento>{}</CondizioniPagamento>\n      <DettaglioPagamento>\n        <ModalitaPagamento>{}</ModalitaPagamento>\n",
            p.conditions, p.modality
        ));
        if let Some(v) = &p.terms_from {
            x.push_str(&format!(
                "        <DataRiferimentoTerminiPagamento>{v}</DataRiferimentoTerminiPagamento>\n"
            ));
        }
        if let Some(v) = &p.term_days {
            x.push_str(&format!(
                "        <GiorniTerminiPagamento>{v}</GiorniTerminiPagamento>\n"
            ));
        }
        if let Some(v) = &p.due {
            x.push_str(&format!(
                "        <DataScadenzaPagamento>{v}</DataScadenzaPagamento>\n"
            ));
        }
        x.push_str(&format!(
            "        <ImportoPagamento>{}</ImportoPagamento>\n",
            p.amount
        ));
        if let Some(v) = &p.iban {
            x.push_str(&format!("        <IBAN>{v}</IBAN>\n"));
        }
        x.push_str("      </DettaglioPagamento>\n    </DatiPagamento>\n");
    }
    x.push_str("  </FatturaElettronicaBody>\n");
    x
}

/// `text` in Windows-1252 (every character of the test texts has a code there).
pub fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!lossy, "not representable in Windows-1252: {text}");
    bytes.into_owned()
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

// ---------------------------------------------------------------------------------------------
// SdI notifications
// ---------------------------------------------------------------------------------------------

/// A notification document: root `root` with `body` inside, with the `types:` prefix of the
/// SdI schema (or another prefix, or none).
pub fn notification(root: &str, prefix: Option<&str>, body: &str) -> String {
    let ns = "http://www.fatturapa.gov.it/sdi/messaggi/v1.0";
    let (open, close) = match prefix {
        Some(p) => (
            format!(
                "<{p}:{root} xmlns:{p}=\"{ns}\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" versione=\"1.0\">"
            ),
            format!("</{p}:{root}>"),
        ),
        None => (format!("<{root} versione=\"1.0\">"), format!("</{root}>")),
    };
    let unsigned = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{open}\n{body}\n{SIGNATURE_PLACE}\n{close}\n"
    );
    sign_notification(&unsigned, crate::p7m::sdi_signer())
}

/// Where [`notification`] puts SdI's signature.
const SIGNATURE_PLACE: &str = "<!--signature-->";

/// The notification `xml` (with `<!--signature-->` where the signature goes, before the
/// root's end) signed by `signer` as SdI signs: an enveloped `ds:Signature` (exclusive
/// canonicalisation, RSA-SHA256, the whole document with the signature subtracted by an
/// XPath Filter 2.0 transform, the certificate in `ds:KeyInfo`), made by libxmlsec1.
pub fn sign_notification(xml: &str, signer: &crate::p7m::TestSigner) -> String {
    use base64::Engine as _;
    use der::Encode;
    use rsa::pkcs8::EncodePrivateKey;
    let cert = base64::engine::general_purpose::STANDARD.encode(signer.cert.to_der().unwrap());
    let template = format!(
        r#"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="Signature1"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference Id="reference-document" URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2002/06/xmldsig-filter2"><XPath xmlns="http://www.w3.org/2002/06/xmldsig-filter2" Filter="subtract">/descendant::ds:Signature</XPath></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>"#
    );
    let xml = xml.replacen(SIGNATURE_PLACE, &template, 1);
    let doc = libxml::parser::Parser::default()
        .parse_string(&xml)
        .expect("the notification to sign is well-formed XML");
    let pkcs8 = signer.key.to_pkcs8_der().unwrap();
    let key = xmlsec::XmlSecKey::from_memory(pkcs8.as_bytes(), xmlsec::XmlSecKeyFormat::Der, None)
        .unwrap();
    let mut ctx = xmlsec::XmlSecSignatureContext::new();
    ctx.insert_key(key);
    ctx.sign_document(&doc).unwrap();
    doc.to_string()
}
