//! Writes the bundled sample (`assets/sample/pois-piceno-fermano.csv`) to standard output:
//! `cargo run -p campanile-testkit --example make_sample > assets/sample/pois-piceno-fermano.csv`

fn main() {
    print!("{}", campanile_testkit::sample::sample_csv());
}
