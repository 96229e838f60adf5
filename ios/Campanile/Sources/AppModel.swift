// The app's state over the one core: search as you type (debounced), a place, beacons'
// "open this place", the payment (scanned → verified → paying → the core's settlement, with
// "ask again" when the core offers it), receipts, practices as the core lists them, the hub's
// sign-in finished by the core. Screens only draw it. Blocking core calls run off the main actor.
import CampanileCore
import Foundation
import SwiftUI

struct Hit: Identifiable, Equatable { let id: String; let name: String; let comune: String?; let distance: String?; let lat: Double; let lon: Double }

enum PayState: Equatable {
    case scanning(hint: String?)
    case scanned(Notice)
    case busy(Notice, String)
    case verified(Notice, Attempt, amount: String?)
    case paying(Notice, attemptId: Int64, url: URL)
    case settled(Notice, attemptId: Int64?, Settlement)
    case failed(Notice?, String)
}

@MainActor
final class AppModel: ObservableObject {
    let core: Core
    let hubURL: String
    @Published var query = "" { didSet { scheduleSearch() } }
    @Published var hits: [Hit] = []
    @Published var searchMessage: String? = L("search_empty")
    @Published var place: Place?
    @Published var offer: ProximityEvent?
    @Published var pay: PayState = .scanning(hint: nil)
    @Published var receipts: [Receipt] = []
    @Published var session: HubSession?
    @Published var practices: [PracticeRow] = []
    @Published var signInError: String?
    private var searchTask: Task<Void, Never>?
    private var near: (Double, Double)?
    private var dismissed: [String: Date] = [:]

    static let returnURLs = (ok: "it.campanile.app:/pay/ok", cancel: "it.campanile.app:/pay/cancel", error: "it.campanile.app:/pay/error")

    init() {
        let docs = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        try? FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let config = CoreConfig(
            databasePath: docs.appendingPathComponent("campanile.db").path,
            language: Locale.current.language.languageCode?.identifier ?? "it",
            pagopaEnvironment: nil, pagopaPaymentRequestsUrl: nil, pagopaCheckoutUrl: nil, pagopaGpdUrl: nil,
            ownComuni: []
        )
        // Without its database the app cannot work at all: fail loudly at start.
        core = try! Core.open(config: config, secrets: KeychainSecrets())
        hubURL = Bundle.main.object(forInfoDictionaryKey: "CampanileHubURL") as? String ?? ""
        session = try? core.hub().status(limit: 0).session
        Task.detached { [core] in
            if (try? core.places().count()) == 0,
               let url = Bundle.main.url(forResource: "pois-piceno-fermano", withExtension: "csv"),
               let data = try? Data(contentsOf: url) {
                _ = try? await core.places().importBytes(name: "pois-piceno-fermano.csv", bytes: data, datasetId: nil)
            }
            _ = try? await core.payments().reconcile()
        }
    }

    // MARK: search

    private func scheduleSearch() {
        searchTask?.cancel()
        let text = query
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            hits = []; searchMessage = L("search_empty"); return
        }
        searchTask = Task { [core, near] in
            try? await Task.sleep(nanoseconds: 250_000_000)
            if Task.isCancelled { return }
            let request = SearchRequest(text: text, nearLat: near?.0, nearLon: near?.1, category: nil, comune: nil, limit: 20)
            let result = await Task.detached { Result { try core.places().search(request: request) } }.value
            guard !Task.isCancelled, self.query == text else { return }
            switch result {
            case let .success(found):
                self.hits = found.map { Hit(id: $0.id, name: $0.name, comune: $0.comune, distance: $0.distanceText, lat: $0.lat, lon: $0.lon) }
                self.searchMessage = found.isEmpty ? L("search_no_results", text) : nil
            case let .failure(e):
                self.hits = []
                self.searchMessage = (e as? CampanileError).map { $0.errorClass == .badInput ? $0.text : L("search_failed") } ?? L("search_failed")
            }
        }
    }

    func setPosition(lat: Double, lon: Double) {
        near = (lat, lon)
        scheduleSearch()
    }

    func open(placeId: String) {
        place = try? core.places().place(id: placeId)
    }

    // MARK: beacons

    /// An Enter offers the place (not again for ten minutes after a dismissal); an Exit withdraws it.
    func onProximity(_ e: ProximityEvent) {
        if e.enter {
            if let when = dismissed[e.poiId], Date().timeIntervalSince(when) < 600 { return }
            offer = e
        } else if offer?.poiId == e.poiId {
            offer = nil
        }
    }

    func dismissOffer() {
        if let o = offer { dismissed[o.poiId] = Date() }
        offer = nil
    }

    // MARK: payments

    /// A code's text read by the camera (QR, Data Matrix) or typed: read by the core, offline.
    func onCode(_ text: String) {
        guard case .scanning = pay else { return }
        do { pay = .scanned(try core.payments().parse(text: text, creditor: nil)) }
        catch let e as CampanileError { pay = .scanning(hint: e.text) }
        catch { pay = .scanning(hint: error.localizedDescription) }
    }

    func verify() {
        guard case let .scanned(n) = pay else { return }
        pay = .busy(n, L("pay_verifying"))
        Task {
            do {
                let a = try await core.payments().verify(rptIds: [n.rptId])
                pay = .verified(n, a, amount: a.amountCents.map { core.payments().formatAmount(cents: $0) } ?? n.amountText)
            } catch {
                pay = .failed(n, (error as? CampanileError)?.text ?? error.localizedDescription)
            }
        }
    }

    func startPayment() {
        guard case let .verified(n, _, _) = pay else { return }
        pay = .busy(n, L("pay_starting"))
        Task {
            do {
                let s = try await core.payments().start(
                    rptIds: [n.rptId], okUrl: Self.returnURLs.ok, cancelUrl: Self.returnURLs.cancel,
                    errorUrl: Self.returnURLs.error, email: nil)
                if let url = URL(string: s.checkoutUrl) { pay = .paying(n, attemptId: s.attempt.id, url: url) }
            } catch let e as CampanileError where e.errorClass == .outcomeUnknown {
                // The cart may exist: settle with pagoPA rather than offering to pay again.
                settle(n, nil, returnedURL: nil)
            } catch {
                pay = .failed(n, (error as? CampanileError)?.text ?? error.localizedDescription)
            }
        }
    }

    /// Back from Checkout: with the return address, or none (the sheet was closed).
    func onPaymentReturn(_ url: URL?) {
        guard case let .paying(n, id, _) = pay else { return }
        settle(n, id, returnedURL: url?.absoluteString)
    }

    func askAgain() {
        guard case let .settled(n, id, s) = pay, s.canAskAgain else { return }
        settle(n, id, returnedURL: nil)
    }

    /// The core records the return, asks pagoPA and says what to show.
    private func settle(_ n: Notice, _ id: Int64?, returnedURL: String?) {
        pay = .busy(n, L("pay_checking"))
        Task {
            do {
                let s = try await core.payments().settle(
                    rptId: n.rptId, attemptId: id, returnedUrl: returnedURL, okUrl: Self.returnURLs.ok,
                    cancelUrl: Self.returnURLs.cancel, errorUrl: Self.returnURLs.error)
                pay = .settled(n, attemptId: id, s)
            } catch {
                // The core refused the question itself (never for pagoPA's silence): nothing is
                // known of the payment, so never offer to pay again, only to ask again.
                let text = (error as? CampanileError)?.text ?? error.localizedDescription
                pay = .settled(n, attemptId: id, Settlement(outcome: .unknown, text: text, canAskAgain: true, attempt: nil, status: nil))
            }
        }
    }

    func resetPayment() { pay = .scanning(hint: nil) }

    func loadReceipts() { receipts = (try? core.payments().receipts()) ?? [] }

    // MARK: practices and the hub

    func signInURL() -> URL? { URL(string: core.hub().signInUrl(hubUrl: hubURL, returnTo: SignIn.returnTo)) }

    /// The sign-in came back: the core reads the address (token or the hub's refusal) and signs in.
    func onSignIn(callback url: URL) {
        Task {
            do {
                guard let s = try await core.hub().finishSignIn(
                    hubUrl: hubURL, returnedUrl: url.absoluteString, returnTo: SignIn.returnTo) else { return }
                session = s
                signInError = nil
                await refreshPractices()
            } catch {
                signInError = (error as? CampanileError)?.text ?? error.localizedDescription
            }
        }
    }

    func signOut() {
        try? core.hub().logout()
        session = nil
        practices = []
    }

    /// The person's practices as the core lists them: already in order, deadlines in words.
    func refreshPractices() async {
        guard let s = session else { return }
        _ = try? await core.hub().sync()
        practices = (try? core.practices().worklist(applicant: s.subject, openOnly: false)) ?? []
    }
}
