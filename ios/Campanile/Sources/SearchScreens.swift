// Search as you type, and a place's page.
import CampanileCore
import CoreLocation
import SwiftUI

struct SearchScreen: View {
    @EnvironmentObject var model: AppModel
    @StateObject private var location = OneFix()

    var body: some View {
        NavigationStack {
            List {
                Button(L("search_near_me")) { location.request { model.setPosition(lat: $0, lon: $1) } }
                if let message = model.searchMessage { Text(message).foregroundStyle(.secondary) }
                ForEach(model.hits) { hit in
                    NavigationLink(value: hit.id) {
                        VStack(alignment: .leading) {
                            Text(hit.name)
                            Text([hit.comune, hit.distance].compactMap { $0 }.joined(separator: " · "))
                                .font(.caption).foregroundStyle(.secondary)
                        }
                    }
                }
            }
            .searchable(text: $model.query, prompt: L("search_hint"))
            .navigationTitle(L("tab_search"))
            .navigationDestination(for: String.self) { PlaceScreen(placeId: $0) }
        }
    }
}

/// One position fix for "near me" (asked when used; the reason is in Info.plist).
final class OneFix: NSObject, ObservableObject, CLLocationManagerDelegate {
    private let manager = CLLocationManager()
    private var done: ((Double, Double) -> Void)?

    func request(_ done: @escaping (Double, Double) -> Void) {
        self.done = done
        manager.delegate = self
        manager.requestWhenInUseAuthorization()
        manager.requestLocation()
    }

    func locationManager(_ manager: CLLocationManager, didUpdateLocations locations: [CLLocation]) {
        guard let l = locations.last else { return }
        DispatchQueue.main.async { self.done?(l.coordinate.latitude, l.coordinate.longitude) }
    }

    func locationManager(_ manager: CLLocationManager, didFailWithError error: Error) {}
}

struct PlaceScreen: View {
    @EnvironmentObject var model: AppModel
    let placeId: String

    var body: some View {
        ScrollView {
            if let p = model.place, p.id == placeId {
                VStack(alignment: .leading, spacing: 12) {
                    Text(p.name).font(.title2).bold()
                    Text([p.address, p.comune].compactMap { $0 }.joined(separator: ", ")).foregroundStyle(.secondary)
                    if let d = p.description { Text(d) }
                    if let h = p.openingHours { Text(L("place_hours", h)) }
                    if let phone = p.phone, let url = URL(string: "tel:\(phone.filter { !$0.isWhitespace })") {
                        Link(L("place_call", phone), destination: url)
                    }
                    if let site = p.website, let url = URL(string: site) { Link(L("place_website"), destination: url) }
                    if let maps = URL(string: "maps://?ll=\(p.lat),\(p.lon)&q=\(p.name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")") {
                        Link(L("place_directions"), destination: maps)
                    }
                }
                .padding()
            }
        }
        .onAppear { model.open(placeId: placeId) }
    }
}
