//! The bundled sample of the Piceno and Fermano: real landmarks of 17 comuni, plus places to
//! sleep and eat whose names are made up (the sample is for trying Campanile offline, not a
//! guide). Deterministic: the same file comes out every time.

use std::fmt::Write as _;

/// (ISTAT code, comune, province, centre latitude, centre longitude).
pub const COMUNI: &[(&str, &str, &str, f64, f64)] = &[
    ("044007", "Ascoli Piceno", "AP", 42.8536, 13.5749),
    ("044066", "San Benedetto del Tronto", "AP", 42.9544, 13.8819),
    ("044023", "Grottammare", "AP", 42.9893, 13.8660),
    ("044017", "Cupra Marittima", "AP", 43.0253, 13.8578),
    ("044063", "Ripatransone", "AP", 42.9999, 13.7616),
    ("044054", "Offida", "AP", 42.9350, 13.6934),
    ("044001", "Acquasanta Terme", "AP", 42.7700, 13.4098),
    ("044006", "Arquata del Tronto", "AP", 42.7728, 13.2959),
    ("044044", "Montemonaco", "AP", 42.8989, 13.3244),
    ("109006", "Fermo", "FM", 43.1605, 13.7181),
    ("109033", "Porto San Giorgio", "FM", 43.1846, 13.7963),
    ("109037", "Sant'Elpidio a Mare", "FM", 43.2300, 13.6869),
    ("109034", "Porto Sant'Elpidio", "FM", 43.2566, 13.7587),
    ("109002", "Amandola", "FM", 42.9801, 13.3557),
    ("109015", "Montefortino", "FM", 42.9422, 13.3441),
    ("109017", "Montegiorgio", "FM", 43.1306, 13.5381),
    ("109030", "Pedaso", "FM", 43.0984, 13.8408),
];

/// (comune ISTAT, name, category label as Italian portals write it, Italian description,
/// English description).
#[rustfmt::skip] // a data table: one entry a line reads best
const LANDMARKS: &[(&str, &str, &str, &str, &str)] = &[
    ("044007", "Piazza del Popolo", "attrazione", "Il salotto della città, lastricato in travertino.", "The town's drawing room, paved in travertine."),
    ("044007", "Palazzo dei Capitani del Popolo", "monumento", "Palazzo comunale del Duecento affacciato su Piazza del Popolo.", "Thirteenth-century town hall on Piazza del Popolo."),
    ("044007", "Chiesa di San Francesco", "chiesa", "Chiesa gotica con la Loggia dei Mercanti.", "Gothic church with the Merchants' Loggia."),
    ("044007", "Cattedrale di Sant'Emidio", "chiesa", "Il duomo della città, con il polittico di Carlo Crivelli.", "The cathedral, with Carlo Crivelli's polyptych."),
    ("044007", "Pinacoteca Civica", "museo", "Perché visitarla: Tiziano, Crivelli e la scuola ascolana.", "Why visit: Titian, Crivelli and the Ascoli school."),
    ("044007", "Museo Archeologico Statale", "museo", "Reperti piceni e romani in Palazzo Panichi.", "Picene and Roman finds in Palazzo Panichi."),
    ("044007", "Forte Malatesta", "monumento", "Fortezza sul Castellano, oggi museo dell'alto medioevo.", "Fortress on the Castellano, now an early-medieval museum."),
    ("044007", "Ponte di Cecco", "monumento", "Ponte romano a due arcate sul torrente Castellano.", "Two-arched Roman bridge over the Castellano."),
    ("044007", "Teatro Ventidio Basso", "attrazione", "Teatro dell'Ottocento con facciata neoclassica.", "Nineteenth-century theatre with a neoclassical front."),
    ("044007", "Battistero di San Giovanni", "chiesa", "Battistero romanico a pianta quadrata accanto al duomo.", "Square Romanesque baptistery beside the cathedral."),
    ("044007", "Galleria d'Arte Contemporanea Osvaldo Licini", "museo", "Opere del Novecento e di Osvaldo Licini.", "Twentieth-century art and works by Osvaldo Licini."),
    ("044007", "Stadio Cino e Lillo Del Duca", "impianto sportivo", "Lo stadio comunale.", "The town's football stadium."),
    ("044007", "Ospedale Mazzoni", "ospedale", "Presidio ospedaliero, pronto soccorso.", "Hospital with emergency department."),
    ("044007", "Stazione di Ascoli Piceno", "stazione", "Capolinea della ferrovia per San Benedetto del Tronto.", "Terminus of the line to San Benedetto del Tronto."),
    ("044007", "Palazzo Arengo - Municipio", "municipio", "Sede del Comune e della Pinacoteca.", "Town hall and home of the art gallery."),
    ("044066", "Museo Ittico Augusto Capriotti", "museo", "Fauna del mare Adriatico e storia della pesca.", "Adriatic sea life and the history of fishing."),
    ("044066", "Torre dei Gualtieri", "monumento", "Torre medievale simbolo del paese alto.", "Medieval tower, symbol of the old town."),
    ("044066", "Lungomare di San Benedetto", "attrazione", "Passeggiata tra palme e oleandri.", "Seafront promenade among palms and oleanders."),
    ("044066", "Stadio Riviera delle Palme", "impianto sportivo", "Stadio comunale.", "Municipal stadium."),
    ("044066", "Cattedrale di Santa Maria della Marina", "chiesa", "Cattedrale della diocesi di San Benedetto.", "Cathedral of the diocese."),
    ("044066", "Museo della Civiltà Marinara delle Marche", "museo", "La città e il mare: barche, reti e mestieri.", "The town and the sea: boats, nets and trades."),
    ("044066", "Stazione di San Benedetto del Tronto", "stazione", "Linea adriatica.", "Adriatic railway line."),
    ("044023", "Teatro dell'Arancio", "attrazione", "Piccolo teatro nel vecchio incasato.", "Small theatre in the old town."),
    ("044023", "Chiesa di San Giovanni Battista", "chiesa", "Chiesa del vecchio incasato di Grottammare.", "Church of Grottammare's old town."),
    ("044017", "Museo Malacologico Piceno", "museo", "Conchiglie da tutti i mari del mondo.", "Shells from every sea of the world."),
    ("044017", "Parco Archeologico di Cupra Maritima", "attrazione", "Resti della città romana.", "Remains of the Roman town."),
    ("044063", "Vicolo più stretto d'Italia", "attrazione", "Largo appena 43 centimetri.", "Just 43 centimetres wide."),
    ("044063", "Cattedrale dei Santi Gregorio Magno e Margherita", "chiesa", "Duomo di Ripatransone.", "Ripatransone's cathedral."),
    ("044054", "Chiesa di Santa Maria della Rocca", "chiesa", "Chiesa romanico-gotica su uno sperone di roccia.", "Romanesque-Gothic church on a rocky spur."),
    ("044054", "Museo del Merletto a Tombolo", "museo", "La tradizione offidana del pizzo a tombolo.", "Offida's bobbin-lace tradition."),
    ("044054", "Teatro Serpente Aureo", "attrazione", "Teatro dell'Ottocento con palchi dorati.", "Nineteenth-century theatre with gilded boxes."),
    ("044001", "Terme di Acquasanta", "attrazione", "Acque sulfuree note fin dall'epoca romana.", "Sulphur springs known since Roman times."),
    ("044001", "Ponte romano di Acquasanta", "monumento", "Ponte sulla via Salaria.", "Bridge on the Via Salaria."),
    ("044006", "Rocca di Arquata del Tronto", "monumento", "Fortezza medievale sulla valle del Tronto.", "Medieval fortress over the Tronto valley."),
    ("044044", "Grotta della Sibilla", "attrazione", "La grotta della leggenda, sul Monte Sibilla.", "The cave of the legend, on Monte Sibilla."),
    ("044044", "Lago di Pilato", "attrazione", "Lago glaciale dei Monti Sibillini.", "Glacial lake of the Sibillini mountains."),
    ("109006", "Piazza del Popolo di Fermo", "attrazione", "Piazza rinascimentale porticata.", "Arcaded Renaissance square."),
    ("109006", "Cattedrale di Santa Maria Assunta", "chiesa", "Il duomo di Fermo sul colle Sàbulo.", "Fermo's cathedral on the Girfalco hill."),
    ("109006", "Cisterne romane", "monumento", "Trenta sale sotterranee del I secolo.", "Thirty underground chambers of the first century."),
    ("109006", "Teatro dell'Aquila", "attrazione", "Uno dei più grandi teatri storici delle Marche.", "One of the largest historic theatres of the Marche."),
    ("109006", "Palazzo dei Priori - Pinacoteca civica", "museo", "L'Adorazione dei pastori di Rubens e la Sala del Mappamondo.", "Rubens's Adoration of the Shepherds and the Globe Room."),
    ("109006", "Biblioteca civica Romolo Spezioli", "biblioteca", "Biblioteca storica nel Palazzo dei Priori.", "Historic library in the Palazzo dei Priori."),
    ("109006", "Museo di Scienze Naturali Tommaso Salvadori", "museo", "Collezioni ornitologiche e naturalistiche.", "Bird and natural history collections."),
    ("109006", "Villa Vitali", "attrazione", "Parco pubblico e sede di mostre.", "Public park and exhibition venue."),
    ("109033", "Rocca Tiepolo", "monumento", "Fortezza del Duecento nel centro storico.", "Thirteenth-century fortress in the old town."),
    ("109033", "Teatro comunale di Porto San Giorgio", "attrazione", "Teatro neoclassico.", "Neoclassical theatre."),
    ("109033", "Porto turistico", "attrazione", "Approdo e passeggiata sul mare.", "Marina and seaside walk."),
    ("109037", "Basilica della Misericordia", "chiesa", "Santuario nel cuore del borgo.", "Sanctuary in the heart of the village."),
    ("109037", "Museo della Calzatura", "museo", "Storia della scarpa, dalla bottega al distretto.", "The story of the shoe, from workshop to district."),
    ("109037", "Torre Gerosolimitana", "monumento", "Torre dei Cavalieri di Malta.", "Tower of the Knights of Malta."),
    ("109037", "Pinacoteca Vittore Crivelli", "museo", "Il polittico di Vittore Crivelli.", "Vittore Crivelli's polyptych."),
    ("109034", "Villa Baruchello", "attrazione", "Villa ottocentesca con parco.", "Nineteenth-century villa with park."),
    ("109002", "Abbazia dei Santi Ruffino e Vitale", "chiesa", "Abbazia benedettina con cripta romanica.", "Benedictine abbey with a Romanesque crypt."),
    ("109002", "Museo Antropogeografico", "museo", "La vita in montagna nei Sibillini.", "Mountain life in the Sibillini."),
    ("109015", "Pinacoteca Fortunato Duranti", "museo", "Dipinti della collezione Duranti.", "Paintings of the Duranti collection."),
    ("109015", "Gola dell'Infernaccio", "attrazione", "Forra tra pareti di roccia alte cento metri.", "Gorge between hundred-metre rock walls."),
    ("109017", "Teatro Domenico Alaleona", "attrazione", "Teatro storico di Montegiorgio.", "Montegiorgio's historic theatre."),
    ("109017", "Chiesa di San Francesco di Montegiorgio", "chiesa", "Cappella Farfense con affreschi del Trecento.", "Farfa chapel with fourteenth-century frescoes."),
    ("109030", "Spiaggia di Pedaso", "attrazione", "Spiaggia di ciottoli e scogliera.", "Pebble beach and cliffs."),
    ("044007", "Quintana di Ascoli Piceno", "evento", "Giostra cavalleresca in costume, a luglio e agosto.", "Costumed jousting tournament in July and August."),
    ("109006", "Cavalcata dell'Assunta", "evento", "Palio delle contrade di Fermo, il 15 agosto.", "Fermo's district horse race on 15 August."),
    ("044054", "Carnevale di Offida", "evento", "Il Bove Finto e i Vlurd del martedì grasso.", "The Bove Finto and the Vlurd fires of Shrove Tuesday."),
    ("044066", "Mercato ittico all'ingrosso", "attrazione", "Asta del pesce all'alba.", "Dawn fish auction."),
];

#[rustfmt::skip] // a data table: one entry a line reads best
const STAY: &[&str] = &[
    "Hotel Miramonti", "B&B La Collina", "Agriturismo Il Frantoio", "Affittacamere Le Rondini",
    "Albergo Centrale", "Casa vacanze Borgo Antico", "Campeggio Le Querce",
];
#[rustfmt::skip] // a data table: one entry a line reads best
const EAT: &[&str] = &[
    "Ristorante Da Peppe", "Trattoria La Fonte", "Osteria Perché No", "Pizzeria Il Forno",
    "Enoteca del Borgo", "Bar Centrale",
];
const CIVIC: &[(&str, &str)] = &[
    ("Municipio", "municipio"),
    ("Farmacia comunale", "farmacia"),
    ("Scuola primaria", "scuola"),
    ("Palestra comunale", "palestra"),
    ("Fermata autobus piazza", "fermata"),
];

/// A tiny deterministic generator (xorshift), so the sample is the same on every machine.
struct Rng(u64);
impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % 1_000_000) as f64 / 1_000_000.0
    }
    fn jitter(&mut self, spread: f64) -> f64 {
        (self.unit() - 0.5) * 2.0 * spread
    }
}

fn comune(istat: &str) -> (&'static str, f64, f64) {
    COMUNI
        .iter()
        .find(|c| c.0 == istat)
        .map_or(("", 0.0, 0.0), |c| (c.1, c.3, c.4))
}

fn csv_field(s: &str) -> String {
    if s.contains([';', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The sample as a `;`-separated UTF-8 CSV with Italian headers and comma decimals, the way
/// many Italian portals publish.
pub fn sample_csv() -> String {
    let mut rng = Rng(0x5eed_cafe_f00d);
    let mut out = String::from(
        "id;denominazione;tipologia;indirizzo;comune;codice_istat;latitudine;longitudine;descrizione;descrizione_en;orari;telefono;sito_web;accessibilita\n",
    );
    let mut n = 0;
    let mut row = |out: &mut String,
                   name: &str,
                   kind: &str,
                   istat: &str,
                   lat: f64,
                   lon: f64,
                   it: &str,
                   en: &str,
                   extra: (&str, &str, &str, &str)| {
        n += 1;
        let (comune_name, _, _) = comune(istat);
        let fields = [
            format!("CMP-{n:04}"),
            name.to_string(),
            kind.to_string(),
            extra.0.to_string(),
            comune_name.to_string(),
            istat.to_string(),
            format!("{lat:.6}").replace('.', ","),
            format!("{lon:.6}").replace('.', ","),
            it.to_string(),
            en.to_string(),
            extra.1.to_string(),
            extra.2.to_string(),
            String::new(), // sito_web
            extra.3.to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        let _ = writeln!(out, "{}", line.join(";"));
    };
    for (istat, name, kind, it, en) in LANDMARKS {
        let (_, lat, lon) = comune(istat);
        let (lat, lon) = (lat + rng.jitter(0.006), lon + rng.jitter(0.008));
        row(
            &mut out,
            name,
            kind,
            istat,
            lat,
            lon,
            it,
            en,
            ("", "", "", ""),
        );
    }
    for (i, (istat, cname, _, lat, lon)) in COMUNI.iter().enumerate() {
        for (j, stay) in STAY.iter().enumerate().filter(|(j, _)| (i + j) % 2 == 0) {
            let kind = if stay.starts_with("Agriturismo") {
                "agriturismo"
            } else if stay.starts_with("Campeggio") {
                "campeggio"
            } else if stay.starts_with("B&B") {
                "b&b"
            } else {
                "struttura ricettiva"
            };
            let addr = format!("Via Roma {}", 3 + j * 7 + i);
            let phone = format!("0736 {:06}", 100_000 + i * 1000 + j);
            row(
                &mut out,
                &format!("{stay} {cname}"),
                kind,
                istat,
                lat + rng.jitter(0.02),
                lon + rng.jitter(0.025),
                "",
                "",
                (&addr, "Aperto tutto l'anno", &phone, ""),
            );
        }
        for (j, eat) in EAT
            .iter()
            .enumerate()
            .filter(|(j, _)| (i + j) % 2 == 1 || *j == 0)
        {
            let addr = format!("Corso Mazzini {}", 1 + j * 5 + i);
            row(
                &mut out,
                &format!("{eat} - {cname}"),
                "ristorazione",
                istat,
                lat + rng.jitter(0.01),
                lon + rng.jitter(0.012),
                "",
                "",
                (&addr, "12:00-15:00, 19:00-23:00; chiuso il lunedì", "", ""),
            );
        }
        for (j, (civic, kind)) in CIVIC.iter().enumerate() {
            let addr = format!("Piazza della Città {}", 1 + j);
            row(
                &mut out,
                &format!("{civic} di {cname}"),
                kind,
                istat,
                lat + rng.jitter(0.004),
                lon + rng.jitter(0.005),
                "",
                "",
                (&addr, "", "", "Ingresso accessibile in sedia a ruote"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fields of one `;` line, quotes honoured.
    fn fields(line: &str) -> usize {
        let mut n = 1;
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ';' if !quoted => n += 1,
                _ => {}
            }
        }
        n
    }

    #[test]
    fn every_row_has_as_many_fields_as_the_header() {
        let csv = sample_csv();
        let mut lines = csv.lines();
        let header = fields(lines.next().unwrap());
        assert_eq!(header, 14);
        for (i, line) in lines.enumerate() {
            assert_eq!(fields(line), header, "row {}: {line}", i + 1);
        }
    }
}

#[cfg(test)]
mod committed {
    /// The bundled file is exactly what the generator writes: regenerate it with
    /// `cargo run -p campanile-testkit --example make_sample > assets/sample/pois-piceno-fermano.csv`.
    #[test]
    fn the_bundled_sample_is_the_generators_output() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/sample/pois-piceno-fermano.csv"
        );
        let committed = std::fs::read_to_string(path).unwrap();
        assert!(
            committed == super::sample_csv(),
            "{path} is stale: regenerate it"
        );
    }
}
