//! Header (CSV) and key (JSON) recognition: which POI field a column holds.
//!
//! Matching is case-, accent-, space- and underscore-insensitive (`Città`, `CITTA`, `citta_`),
//! and tolerant of reference-system tokens inside the name (`x_utm33`, `EST_GB`,
//! `coord_x_3003`, `Latitudine WGS84`), which are kept as a per-column CRS hint.
//! Each match has a priority (0 = best): when several columns hold the same field, the best
//! non-empty one in each row wins (e.g. `denominazione` over `nome` over `titolo`).

use super::crs::Crs;
use super::text::{fold_char, fold_key};

/// A POI field a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Name,
    Category,
    /// Description in a language (`it` when the header names none).
    Description(&'static str),
    Address,
    HouseNumber,
    Comune,
    Istat,
    /// Latitude, or northing / y for projected coordinates.
    Lat,
    /// Longitude, or easting / x for projected coordinates.
    Lon,
    /// A whole point in one value: WKT `POINT(x y)`, `lat, lon`.
    Geometry,
    /// A per-row reference system (`epsg`, `srid`, `crs`).
    Crs,
    Hours,
    Phone,
    Email,
    Website,
    Accessibility,
}

/// What a column holds, how good a match it is, and any CRS its name declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub field: Field,
    pub prio: u8,
    pub crs: Option<Crs>,
}

/// Language codes recognised in header suffixes and JSON keys.
pub fn lang_code(key: &str) -> Option<&'static str> {
    Some(match key {
        "it" | "ita" | "italiano" | "italian" => "it",
        "en" | "eng" | "inglese" | "english" => "en",
        "de" | "deu" | "ger" | "tedesco" | "german" | "deutsch" => "de",
        "fr" | "fra" | "fre" | "francese" | "french" => "fr",
        "es" | "spa" | "spagnolo" | "spanish" => "es",
        "sl" | "slo" | "sloveno" => "sl",
        "lld" | "ladino" => "lld",
        "fur" | "friulano" => "fur",
        "nl" | "olandese" => "nl",
        "zh" | "cinese" => "zh",
        "ru" | "russo" => "ru",
        "ja" | "giapponese" => "ja",
        _ => return None,
    })
}

/// Splits a header or key into folded words: case and accents folded, split on anything not a
/// letter or digit and on camelCase boundaries (`posizione - Latitudine` → `posizione`,
/// `latitudine`; `objectName` → `object`, `name`).
pub(crate) fn words(header: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in header.chars() {
        // camelCase boundary: objectName → object, name
        let boundary = c.is_uppercase() && prev_lower;
        prev_lower = c.is_lowercase();
        let f = fold_char(c);
        if !f.is_ascii_alphanumeric() || boundary {
            if !cur.is_empty() {
                tokens.push(std::mem::take(&mut cur));
            }
            if !f.is_ascii_alphanumeric() {
                continue;
            }
        }
        cur.push(f.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }
    tokens
}

/// Splits a header into folded words, pulling out reference-system tokens.
/// Returns the remaining words and the CRS they declared.
fn split_crs(header: &str) -> (Vec<String>, Option<Crs>) {
    let tokens = words(header);
    let mut crs = None;
    let mut rest = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        let next = tokens.get(i + 1).map(String::as_str);
        let found = match t {
            "utm" => {
                let zone = match next {
                    Some("32" | "32n") => Some(Crs::Utm32),
                    Some("33" | "33n") => Some(Crs::Utm33),
                    _ => None,
                };
                if zone.is_some() {
                    i += 1;
                    if tokens.get(i + 1).map(String::as_str) == Some("n") {
                        i += 1;
                    }
                }
                Some(zone.unwrap_or(Crs::UtmUnknownZone))
            }
            "utm32" | "utm32n" | "32632" | "25832" | "6707" => Some(Crs::Utm32),
            "utm33" | "utm33n" | "32633" | "25833" | "6708" => Some(Crs::Utm33),
            "23032" => Some(Crs::Ed50Utm32),
            "23033" => Some(Crs::Ed50Utm33),
            "3003" | "gbo" | "gbovest" => Some(Crs::MonteMario1),
            "3004" | "gbe" | "gbest" => Some(Crs::MonteMario2),
            "gb" | "gaussboaga" | "montemario" => Some(Crs::GaussBoagaUnknownZone),
            "gauss" if next == Some("boaga") => {
                i += 1;
                Some(Crs::GaussBoagaUnknownZone)
            }
            "monte" if next == Some("mario") => {
                i += 1;
                Some(Crs::GaussBoagaUnknownZone)
            }
            "3857" | "webmercator" => Some(Crs::WebMercator),
            "wgs84" | "4326" | "wgs" | "etrs89" => Some(Crs::Wgs84),
            "84" if crs == Some(Crs::Wgs84) => Some(Crs::Wgs84),
            _ => None,
        };
        match found {
            Some(c) => {
                // The most specific declaration wins (UTM 33 over WGS84 in `x_wgs84_utm33`).
                if crs.is_none() || crs == Some(Crs::Wgs84) {
                    crs = Some(c);
                }
            }
            None => rest.push(tokens[i].clone()),
        }
        i += 1;
    }
    (rest, crs)
}

/// Name suffixes after `nome` / `denominazione` that are not the POI's name.
const NOT_A_NAME: &[&str] = &[
    "comune",
    "provincia",
    "regione",
    "tipologia",
    "categoria",
    "via",
    "strada",
    "file",
    "immagine",
    "foto",
    "responsabile",
    "titolare",
    "referente",
    "presidente",
    "gestore",
    "proprietario",
    "legale",
    "rappresentante",
    "contatto",
    "localita",
    "frazione",
    "quartiere",
    "municipio",
    "circoscrizione",
    "ente",
    "sezione",
];

/// Recognises one header / key. `None` for columns the POI model has no use for.
pub fn classify(header: &str) -> Option<Column> {
    let (words, crs) = split_crs(header);
    let stem = words.concat();
    let col = |field, prio| {
        Some(Column {
            field,
            prio,
            crs: None,
        })
    };
    let mut found = match stem.as_str() {
        // Identifier for the stable id.
        "id" | "identificativo" | "idpoi" | "codiceidentificativo" | "identifier" => {
            col(Field::Id, 0)
        }
        "codice" | "uuid" | "objectremoteid" | "remoteid" | "recordid" | "codicestruttura"
        | "codpoi" | "idstruttura" | "idluogo" => col(Field::Id, 1),
        "objectid" | "cod" | "idrecord" => col(Field::Id, 2),
        "fid" | "gid" | "nodeid" | "ogcfid" => col(Field::Id, 3),
        // Name.
        "denominazione" | "denominazionestruttura" | "nomestruttura" | "nomeassociazione" => {
            col(Field::Name, 0)
        }
        "nome" | "name" | "objectname" | "nomeufficiale" | "label" => col(Field::Name, 2),
        "titolo" | "title" | "insegna" | "nomecommerciale" => col(Field::Name, 3),
        "ragionesociale" | "nominativo" => col(Field::Name, 4),
        // Category.
        "categoria" | "tipologia" | "category" | "macrocategoria" | "tipologiastruttura"
        | "categoriastruttura" => col(Field::Category, 0),
        "tipo" | "nometipologia" | "classificazione" | "tipologiaattivita" | "genere" => {
            col(Field::Category, 1)
        }
        "type" | "classidentifier" | "sottocategoria" | "nomecategoria" | "categorie"
        | "categories" | "tipostruttura" | "amenity" | "tourism" => col(Field::Category, 2),
        "classe"
        | "descrizionetipologia"
        | "tags"
        | "classifications"
        | "classification"
        | "kind"
        | "tipologie"
        | "tipi" => col(Field::Category, 3),
        // Address.
        "indirizzo" | "address" | "ubicazione" | "streetaddress" | "indirizzocompleto"
        | "recapito" | "localizzazione" => col(Field::Address, 0),
        "via" | "street" | "sede" | "indirizzosede" | "viaepiazza" | "toponimo" => {
            col(Field::Address, 1)
        }
        "numerocivico" | "civico" | "ncivico" | "nciv" | "numciv" | "housenumber" => {
            col(Field::HouseNumber, 0)
        }
        // Comune.
        "comune" | "municipality" | "nomecomune" | "denominazionecomune" | "addresslocality" => {
            col(Field::Comune, 0)
        }
        "citta" | "city" | "localita" | "town" | "descrizionecomune" | "comunesede"
        | "comuneubicazione" | "locality" => col(Field::Comune, 1),
        // ISTAT code.
        "codiceistat" | "istat" | "codistat" | "istatcomune" | "codiceistatcomune" | "procom"
        | "procomt" | "codistatcomune" | "comuneistat" => col(Field::Istat, 0),
        "codicecomune" | "codcomune" => col(Field::Istat, 1),
        // Coordinates.
        "latitudine" | "lat" | "latitude" | "latitudinen" | "geolat" | "coordlat" | "latwgs" => {
            col(Field::Lat, 0)
        }
        "longitudine" | "lon" | "lng" | "long" | "longitude" | "longitudinee" | "geolon"
        | "geolng" | "coordlon" | "coordlong" => col(Field::Lon, 0),
        "y" | "coordy" | "ycoord" | "coordinatay" | "northing" | "nord" | "north" | "coordnord" => {
            col(Field::Lat, 1)
        }
        "x" | "coordx" | "xcoord" | "coordinatax" | "easting" | "est" | "east" | "coordest" => {
            col(Field::Lon, 1)
        }
        "geometry"
        | "geom"
        | "thegeom"
        | "wkt"
        | "geometria"
        | "coordinate"
        | "coordinates"
        | "geolocalizzazione"
        | "geolocation"
        | "geopoint"
        | "geopoint2d"
        | "latlon"
        | "latlng"
        | "latlong"
        | "point"
        | "punto"
        | "georeferenziazione"
        | "geocoordinate"
        | "coordinategeografiche" => col(Field::Geometry, 0),
        "geoshape" | "shape" | "geojson" => col(Field::Geometry, 1),
        "epsg"
        | "srid"
        | "crs"
        | "sistemadiriferimento"
        | "sistemariferimento"
        | "sistemacoordinate"
        | "srs"
        | "datum" => col(Field::Crs, 0),
        // Opening hours.
        "orari"
        | "orario"
        | "openinghours"
        | "orariodiapertura"
        | "orariapertura"
        | "orariodiaperturaalpubblico"
        | "orariovisita"
        | "orarivisita"
        | "orariapubblico"
        | "orarioapertura" => col(Field::Hours, 0),
        "aperture" | "apertura" | "hours" | "opening" | "giornieorari" => col(Field::Hours, 1),
        // Contacts.
        "telefono" | "tel" | "phone" | "telephone" | "numeroditelefono" | "recapitotelefonico"
        | "numerotelefono" | "telefonofisso" => col(Field::Phone, 0),
        "cellulare" | "mobile" | "cell" | "telefono2" => col(Field::Phone, 2),
        "email" | "mail" | "posta" | "indirizzoemail" | "postaelettronica" | "emailaddress" => {
            col(Field::Email, 0)
        }
        "pec" | "emailpec" | "indirizzopec" => col(Field::Email, 3),
        "sito" | "sitoweb" | "website" | "url" | "web" | "sitointernet" | "homepage"
        | "fullurl" => col(Field::Website, 0),
        "link" | "uri" => col(Field::Website, 4),
        "accessibilita"
        | "accessibility"
        | "accessibile"
        | "accessodisabili"
        | "disabili"
        | "accessibilitadisabili"
        | "wheelchair"
        | "barrierearchitettoniche" => col(Field::Accessibility, 0),
        _ => None,
    };
    if found.is_none() {
        found = classify_by_shape(&stem);
    }
    if found.is_none() {
        found = classify_by_words(&words);
    }
    found.map(|c| Column {
        crs: crs.or(c.crs),
        ..c
    })
}

/// Prefix / suffix rules for the headers no list can enumerate.
fn classify_by_shape(stem: &str) -> Option<Column> {
    let col = |field, prio| {
        Some(Column {
            field,
            prio,
            crs: None,
        })
    };
    // Descriptions, with an optional language before or after.
    for base in [
        "descrizione",
        "description",
        "desc",
        "abstract",
        "testo",
        "text",
    ] {
        let prio = match base {
            "descrizione" | "description" => 0,
            "desc" => 1,
            "abstract" => 2,
            _ => 3,
        };
        if stem == base {
            return col(Field::Description("it"), prio);
        }
        if let Some(rest) = stem.strip_prefix(base) {
            if let Some(lang) = lang_code(rest) {
                return col(Field::Description(lang), prio);
            }
            if matches!(
                rest,
                "breve" | "estesa" | "lunga" | "completa" | "sintetica"
            ) {
                return col(Field::Description("it"), prio + 1);
            }
        }
        if let Some(lang) = stem.strip_suffix(base).and_then(lang_code) {
            return col(Field::Description(lang), prio);
        }
    }
    for email in ["email", "mail", "pec"] {
        if stem.starts_with(email) || stem.ends_with(email) {
            return col(Field::Email, if email == "pec" { 3 } else { 1 });
        }
    }
    if stem.starts_with("telefono") || stem.starts_with("tel") && stem.len() <= 6 {
        return col(Field::Phone, 1);
    }
    if stem.starts_with("sitoweb") || stem.starts_with("sitointernet") {
        return col(Field::Website, 1);
    }
    if stem.starts_with("orari") {
        return col(Field::Hours, 1);
    }
    if stem.starts_with("accessibilit") {
        return col(Field::Accessibility, 1);
    }
    // `tipologia_ricettiva`, `Tipo impianto`, `categoria_struttura`: a record's own type.
    for base in ["tipologia", "categoria", "classificazione", "tipo"] {
        if stem.len() > base.len() && stem.starts_with(base) {
            return col(Field::Category, 3);
        }
    }
    if stem.starts_with("latitud") {
        return col(Field::Lat, 0);
    }
    if stem.starts_with("longitud") {
        return col(Field::Lon, 0);
    }
    for base in ["denominazione", "nome"] {
        if let Some(rest) = stem.strip_prefix(base)
            && !rest.is_empty()
            && !NOT_A_NAME.iter().any(|n| rest.starts_with(n))
            && lang_code(rest).is_none_or(|l| l == "it")
        {
            return col(Field::Name, 1);
        }
    }
    None
}

/// Words that name a coordinate axis inside a longer header.
fn axis_of(word: &str) -> Option<Field> {
    match word {
        "lat" | "latitudine" | "latitude" | "latitud" | "ycoord" => Some(Field::Lat),
        "lon" | "lng" | "longitudine" | "longitude" | "longitud" | "xcoord" => Some(Field::Lon),
        _ => None,
    }
}

/// Words that say a header is about a position (so that a bare `x`, `y` or `long` next to
/// them is an axis).
fn is_position_word(word: &str) -> bool {
    matches!(
        word,
        "coord"
            | "coords"
            | "coordinata"
            | "coordinate"
            | "coordinates"
            | "posizione"
            | "position"
            | "geo"
            | "geografica"
            | "geografiche"
            | "punto"
            | "point"
            | "location"
            | "localizzazione"
            | "gps"
            | "decimale"
            | "decimali"
            | "gradi"
    )
}

/// Headers that name a coordinate among other words, matched on words rather than on the
/// whole string: `posizione - latitudine`, `Coordinate_Lat`, `geo.lon`, `Punto X`. A header
/// naming both axes (`posizione (lat, lon)`) is a whole point.
fn classify_by_words(words: &[String]) -> Option<Column> {
    if words.len() < 2 || words.len() > 6 {
        return None;
    }
    let positional = words.iter().any(|w| is_position_word(w));
    let mut lat = false;
    let mut lon = false;
    for w in words {
        match axis_of(w) {
            Some(Field::Lat) => lat = true,
            Some(_) => lon = true,
            None if positional => match w.as_str() {
                "y" | "nord" | "north" => lat = true,
                "x" | "est" | "east" | "long" => lon = true,
                _ => {}
            },
            None => {}
        }
    }
    let field = match (lat, lon) {
        (true, true) => Field::Geometry,
        (true, false) => Field::Lat,
        (false, true) => Field::Lon,
        (false, false) => return None,
    };
    Some(Column {
        field,
        prio: 1,
        crs: None,
    })
}

/// Resolves a CSV header row once. Besides [`classify`], a bare `nome` next to a `cognome`
/// column is a person's first name, not the place's.
pub fn classify_header_row<'h>(headers: impl Iterator<Item = &'h str>) -> Vec<Option<Column>> {
    let headers: Vec<&str> = headers.collect();
    let has_surname = headers
        .iter()
        .any(|h| matches!(fold_key(h).as_str(), "cognome" | "surname" | "lastname"));
    headers
        .iter()
        .map(|h| {
            let c = classify(h)?;
            if has_surname
                && c.field == Field::Name
                && matches!(fold_key(h).as_str(), "nome" | "name")
            {
                return None;
            }
            Some(c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(h: &str) -> Option<Field> {
        classify(h).map(|c| c.field)
    }

    #[test]
    fn italian_and_english_synonyms() {
        let cases = [
            ("Denominazione", Field::Name),
            ("NOME", Field::Name),
            ("Nome_Struttura", Field::Name),
            ("Nome Associazione", Field::Name),
            ("titolo", Field::Name),
            ("objectName", Field::Name),
            ("Indirizzo", Field::Address),
            ("UBICAZIONE", Field::Address),
            ("numero_civico", Field::HouseNumber),
            ("Comune", Field::Comune),
            ("Città", Field::Comune),
            ("Località", Field::Comune),
            ("nome_comune", Field::Comune),
            ("Codice ISTAT", Field::Istat),
            ("cod_istat", Field::Istat),
            ("istat_comune", Field::Istat),
            ("LATITUDINE", Field::Lat),
            ("lat", Field::Lat),
            ("Y", Field::Lat),
            ("lng", Field::Lon),
            ("Long", Field::Lon),
            ("x", Field::Lon),
            ("descrizione", Field::Description("it")),
            ("Descrizione_EN", Field::Description("en")),
            ("description_de", Field::Description("de")),
            ("descrizione inglese", Field::Description("en")),
            ("en_description", Field::Description("en")),
            ("Orari", Field::Hours),
            ("opening_hours", Field::Hours),
            ("Telefono", Field::Phone),
            ("tel.", Field::Phone),
            ("E-mail", Field::Email),
            ("PEC", Field::Email),
            ("Email_Ordinaria_Associazione", Field::Email),
            ("Sito_Web", Field::Website),
            ("URL", Field::Website),
            ("Accessibilità", Field::Accessibility),
            ("Tipologia", Field::Category),
            ("categoria", Field::Category),
            ("ID", Field::Id),
            ("identificativo", Field::Id),
            ("WKT", Field::Geometry),
            ("EPSG", Field::Crs),
        ];
        for (h, want) in cases {
            assert_eq!(field(h), Some(want), "{h}");
        }
        for h in [
            "id_comune",
            "nome_provincia",
            "descrizione_tipologia_x",
            "sottotitolo",
            "CAP",
            "Prov",
            "MUNICIPALI",
        ] {
            assert_eq!(field(h), None, "{h}");
        }
    }

    #[test]
    fn crs_hints_in_headers() {
        let c = classify("x_utm33").unwrap_or_else(|| panic!("x_utm33"));
        assert_eq!((c.field, c.crs), (Field::Lon, Some(Crs::Utm33)));
        let c = classify("EST_GB").unwrap_or_else(|| panic!("EST_GB"));
        assert_eq!(
            (c.field, c.crs),
            (Field::Lon, Some(Crs::GaussBoagaUnknownZone))
        );
        let c = classify("coord_y_3003").unwrap_or_else(|| panic!("coord_y_3003"));
        assert_eq!((c.field, c.crs), (Field::Lat, Some(Crs::MonteMario1)));
        let c = classify("Latitudine WGS84").unwrap_or_else(|| panic!("lat"));
        assert_eq!((c.field, c.crs), (Field::Lat, Some(Crs::Wgs84)));
        let c = classify("UTM 33 N Nord").unwrap_or_else(|| panic!("utm"));
        assert_eq!((c.field, c.crs), (Field::Lat, Some(Crs::Utm33)));
        let c = classify("Est_Monte_Mario").unwrap_or_else(|| panic!("mm"));
        assert_eq!(
            (c.field, c.crs),
            (Field::Lon, Some(Crs::GaussBoagaUnknownZone))
        );
        let c = classify("LONGITUDINE_WGS_84").unwrap_or_else(|| panic!("wgs"));
        assert_eq!((c.field, c.crs), (Field::Lon, Some(Crs::Wgs84)));
    }

    #[test]
    fn person_first_name_is_not_the_place_name() {
        let cols = classify_header_row(["Nome_Associazione", "Cognome", "Nome"].into_iter());
        assert_eq!(cols[0].map(|c| c.field), Some(Field::Name));
        assert_eq!(cols[1], None);
        assert_eq!(cols[2], None);
        let cols = classify_header_row(["nome", "indirizzo"].into_iter());
        assert_eq!(cols[0].map(|c| c.field), Some(Field::Name));
    }
}
