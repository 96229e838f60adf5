// The app's decisions, as the Android app's :logic module makes them (android/logic; tested on
// the JVM by scripts/android-logic-test.sh): the payment outcome, deadlines in words, what to
// notify from the changes feed, the sign-in's return. Kept small and the same on both phones.
import Foundation

enum PaymentOutcome { case paid, notPaid, unknown }

enum Decisions {
    /// Paid only on pagoPA's "paid"; not paid only when the attempt closed without a payment and
    /// pagoPA agrees; anything else is "unknown, ask again" — never shown as paid.
    static func outcome(attemptState: String?, status: String?) -> PaymentOutcome {
        if status == "paid" { return .paid }
        let closedUnpaid = ["cancelled", "failed", "expired"].contains(attemptState ?? "")
        if closedUnpaid, ["not-paid", "payable", "unseen"].contains(status ?? "") { return .notPaid }
        return .unknown
    }

    enum Urgency: Int, Comparable {
        case overdue, today, soon, later, none
        static func < (a: Urgency, b: Urgency) -> Bool { a.rawValue < b.rawValue }
    }

    /// "Due in N days", "due today", "overdue by N days", "suspended", or no deadline.
    static func deadline(due: String?, suspended: Bool, today: String) -> (String, Urgency) {
        guard let due else { return (L("deadline_none"), .none) }
        if suspended { return (L("deadline_suspended", due), .later) }
        let f = DateFormatter()
        f.calendar = Calendar(identifier: .gregorian)
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        guard let d = f.date(from: due), let t = f.date(from: today) else { return (due, .later) }
        let days = Calendar(identifier: .gregorian).dateComponents([.day], from: t, to: d).day ?? 0
        if days < 0 { return (L("deadline_overdue_days", -days, due), .overdue) }
        if days == 0 { return (L("deadline_due_today", due), .today) }
        return (L("deadline_due_in_days", days, due), days <= 7 ? .soon : .later)
    }

    struct Note: Equatable { let key: String; let subject: String; let text: String; let urgent: Bool }

    /// One notification per subject with its newest change (reminders first, never hidden by a
    /// later ordinary change), at most `max` and a "more" summary. `assigned` is not news.
    static func notifications(_ changes: [(seq: Int64, kind: String, subject: String, event: String)], max: Int = 5) -> [Note] {
        func urgent(_ e: String) -> Bool { e == "deadline-near" || e == "overdue" }
        var newest: [String: (seq: Int64, kind: String, subject: String, event: String)] = [:]
        for c in changes.sorted(by: { $0.seq < $1.seq }) where c.event != "assigned" {
            let key = "\(c.kind):\(c.subject)"
            if let kept = newest[key], urgent(kept.event), !urgent(c.event) { continue }
            newest[key] = c
        }
        let ordered = newest.sorted { a, b in
            urgent(a.value.event) != urgent(b.value.event) ? urgent(a.value.event) : a.value.seq > b.value.seq
        }
        var notes = ordered.prefix(max).map { key, c -> Note in
            let text: String
            switch c.event {
            case "deadline-near": text = L("notify_deadline_near", c.subject)
            case "overdue": text = L("notify_overdue", c.subject)
            default: text = L("notify_practice_changed", c.subject, c.event)
            }
            return Note(key: key, subject: c.subject, text: text, urgent: urgent(c.event))
        }
        if ordered.count > max { notes.append(Note(key: "more", subject: "", text: L("notify_more", ordered.count - max), urgent: false)) }
        return notes
    }

    enum SignInReturn: Equatable { case token(String), failed(code: String, description: String?), notOurs }

    static let returnTo = "it.campanile.app:/login"

    /// The hub sends the token (or its error) in the fragment of the app's address.
    static func signInReturn(_ url: URL) -> SignInReturn {
        let s = url.absoluteString
        let base = s.split(separator: "#", maxSplits: 1).first.map(String.init) ?? s
        guard base.split(separator: "?").first.map(String.init) == returnTo else { return .notOurs }
        var c = URLComponents()
        c.query = url.fragment
        let items = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        if let t = items["token"], !t.isEmpty { return .token(t) }
        return .failed(code: items["error"] ?? "auth.no-token", description: items["error_description"])
    }
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
