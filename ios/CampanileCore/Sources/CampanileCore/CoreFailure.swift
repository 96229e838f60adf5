// Beside the generated bindings (Generated/campanile_ffi.swift, written by
// scripts/ios-build.sh): the core's one error as the app shows it.
import Foundation

public extension CampanileError {
    /// The message in the person's language (the core wrote it).
    var text: String {
        switch self {
        case let .Core(_, _, text, _): return text
        }
    }

    /// The core's stable code (`pay.already-paid`, `tiles.absent`, …).
    var code: String {
        switch self {
        case let .Core(_, code, _, _): return code
        }
    }

    /// What kind of failure: a program branches on this.
    var errorClass: ErrorClass {
        switch self {
        case let .Core(errorClass, _, _, _): return errorClass
        }
    }
}
