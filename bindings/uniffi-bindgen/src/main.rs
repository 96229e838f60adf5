//! `uniffi-bindgen`: UniFFI's command line at the workspace's UniFFI version, so that the
//! generated Kotlin and Swift always match the scaffolding of `campanile-ffi`. Run it in
//! library mode: `uniffi-bindgen generate --library target/debug/libcampanile_ffi.so
//! --language kotlin --out-dir target/bindings/kotlin`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
