// A citizen's practices: the hub's sign-in (SPID, CIE) in an ASWebAuthenticationSession that
// comes back to it.campanile.app:/login, an address the core reads (`finishSignIn`); the list
// in the core's order with each deadline in the core's words; notifications asked for here.
import AuthenticationServices
import CampanileCore
import SwiftUI
import UserNotifications

struct PracticesScreen: View {
    @EnvironmentObject var model: AppModel
    @Environment(\.webAuthenticationSession) private var webAuth

    var body: some View {
        NavigationStack {
            List {
                if let s = model.session {
                    Text(L("practices_signed_in_as", s.subject))
                    Button(L("practices_notify_me")) {
                        UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .sound, .badge]) { _, _ in }
                    }
                    Button(L("practices_sign_out"), role: .destructive) { model.signOut() }
                    if model.practices.isEmpty { Text(L("practices_none")) }
                    ForEach(model.practices, id: \.practice.id) { row in
                        VStack(alignment: .leading) {
                            Text(row.practice.state).font(.caption).foregroundStyle(.secondary)
                            Text(row.practice.subject)
                            Text(row.deadline?.statusText ?? L("deadline_none"))
                                .foregroundStyle(row.deadline?.urgency == "overdue" ? .red : .primary)
                        }
                    }
                } else {
                    Text(L("practices_sign_in_intro"))
                    Button(L("practices_sign_in")) {
                        Task {
                            guard let url = model.signInURL() else { return }
                            do {
                                let back = try await webAuth.authenticate(using: url, callbackURLScheme: "it.campanile.app")
                                model.onSignIn(callback: back)
                            } catch {
                                model.signInError = L("sign_in_failed")
                            }
                        }
                    }
                    if let e = model.signInError { Text(e).foregroundStyle(.red) }
                }
            }
            .navigationTitle(L("tab_practices"))
            .task { await model.refreshPractices() }
            .refreshable { await model.refreshPractices() }
        }
    }
}
