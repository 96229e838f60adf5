// The app: one core for every screen, tabs, the return addresses (the hub's sign-in is caught
// by ASWebAuthenticationSession; pagoPA Checkout's return comes through onOpenURL), and the
// changes feed polled by a background refresh.
import BackgroundTasks
import CampanileCore
import SwiftUI
import UserNotifications

@main
struct CampanileApp: App {
    @StateObject private var model = AppModel()
    @Environment(\.scenePhase) private var phase

    var body: some Scene {
        WindowGroup {
            TabView {
                MapScreen().tabItem { Label(L("tab_map"), systemImage: "map") }
                SearchScreen().tabItem { Label(L("tab_search"), systemImage: "magnifyingglass") }
                BeaconsScreen().tabItem { Label(L("tab_beacons"), systemImage: "dot.radiowaves.left.and.right") }
                PayScreen().tabItem { Label(L("tab_pay"), systemImage: "eurosign.circle") }
                PracticesScreen().tabItem { Label(L("tab_practices"), systemImage: "doc.text") }
            }
            .tint(Color(red: 0, green: 0.4, blue: 0.8))
            .environmentObject(model)
            .onOpenURL { url in
                if url.absoluteString.hasPrefix("it.campanile.app:/pay/") { model.onPaymentReturn(url) }
            }
        }
        .onChange(of: phase) { _, newPhase in
            if newPhase == .background { ChangesRefresh.schedule() }
        }
        .backgroundTask(.appRefresh(ChangesRefresh.identifier)) {
            await ChangesRefresh.run()
            ChangesRefresh.schedule()
        }
    }
}

/// The changes feed in the background: sync with the hub, ask the core what to notify since
/// the stored cursor (nothing on the first poll, which only takes the feed's end), post it,
/// then keep the cursor the core returned — only after posting, so a killed run notifies again.
enum ChangesRefresh {
    static let identifier = "it.campanile.app.changes"

    static func schedule() {
        let request = BGAppRefreshTaskRequest(identifier: identifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 30 * 60)
        try? BGTaskScheduler.shared.submit(request)
    }

    static func run() async {
        let docs = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        let config = CoreConfig(
            databasePath: docs.appendingPathComponent("campanile.db").path,
            language: Locale.current.language.languageCode?.identifier ?? "it",
            pagopaEnvironment: nil, pagopaPaymentRequestsUrl: nil, pagopaCheckoutUrl: nil, pagopaGpdUrl: nil, ownComuni: [])
        guard let core = try? Core.open(config: config, secrets: KeychainSecrets()),
              let person = (try? core.hub().status(limit: 0))?.session?.subject else { return }
        _ = try? await core.hub().sync()
        let key = "feed-cursor-\(person)"
        let cursor = UserDefaults.standard.string(forKey: key)
        guard let poll = try? core.practices().notifications(person: person, cursor: cursor, max: 5) else { return }
        let center = UNUserNotificationCenter.current()
        for n in poll.notifications {
            let content = UNMutableNotificationContent()
            content.title = L("app_name")
            content.body = n.text
            content.interruptionLevel = n.urgent ? .timeSensitive : .active
            try? await center.add(UNNotificationRequest(identifier: n.key, content: content, trigger: nil))
        }
        UserDefaults.standard.set(poll.cursor, forKey: key)
    }
}
