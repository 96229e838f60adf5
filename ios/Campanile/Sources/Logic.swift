// What is left of the app's own logic: presentation only. The decisions every front shares —
// the payment's outcome (`payments().settle`), deadlines in words and the list's order
// (`practices().worklist`), what to notify from the changes feed (`practices().notifications`),
// the sign-in's return (`hub().finishSignIn`) — are the core's.
import Foundation

enum SignIn {
    /// The app's address the hub sends the person back to (the hub must allow it).
    static let returnTo = "it.campanile.app:/login"
}

/// A localized string with arguments; keys missing in a language (German, French and Spanish
/// cover the visitors' screens) fall back to Italian.
func L(_ key: String, _ args: CVarArg...) -> String {
    var format = NSLocalizedString(key, comment: "")
    if format == key, let path = Bundle.main.path(forResource: "it", ofType: "lproj"), let it = Bundle(path: path) {
        format = it.localizedString(forKey: key, value: key, table: nil)
    }
    return args.isEmpty ? format : String(format: format, arguments: args)
}
