// Beacons on iOS: Core Bluetooth never shows iBeacon frames, so CoreLocation ranges the
// registry's proximity UUIDs (the core's `ibeaconUuids`; Info.plist CampanileBeaconUUIDs when
// the registry is empty) and each ranged beacon is
// turned back into the advert the core reads (an iBeacon AD structure with its RSSI), fed to
// the core's session in one batch per ranging callback; an Enter offers the place.
import CampanileCore
import CoreLocation
import SwiftUI

final class BeaconRanger: NSObject, CLLocationManagerDelegate, ProximityListener, @unchecked Sendable {
    private let manager = CLLocationManager()
    private var session: BeaconSession?
    private var constraints: [CLBeaconIdentityConstraint] = []
    private let deliver: (ProximityEvent) -> Void

    init(deliver: @escaping (ProximityEvent) -> Void) {
        self.deliver = deliver
        super.init()
        manager.delegate = self
    }

    func onEvent(event: ProximityEvent) {
        DispatchQueue.main.async { self.deliver(event) }
    }

    func start(core: Core) {
        guard session == nil else { return }
        session = try? core.beacons().session(listener: self)
        // The registry's proximity UUIDs (synced with the places), else the build's own list.
        let registered = (try? core.beacons().ibeaconUuids()) ?? []
        let fallback = Bundle.main.object(forInfoDictionaryKey: "CampanileBeaconUUIDs") as? [String] ?? []
        let uuids = (registered.isEmpty ? fallback : registered).compactMap(UUID.init(uuidString:))
        constraints = uuids.map { CLBeaconIdentityConstraint(uuid: $0) }
        manager.requestWhenInUseAuthorization()
        constraints.forEach { manager.startRangingBeacons(satisfying: $0) }
    }

    func stop() {
        constraints.forEach { manager.stopRangingBeacons(satisfying: $0) }
        session = nil
    }

    /// The iBeacon advert a scanner would have received: flags, then Apple's manufacturer data
    /// (type 0x02, length 0x15, UUID, major, minor, measured power at 1 m — unknown here, the
    /// usual -59 dBm).
    static func advert(uuid: UUID, major: UInt16, minor: UInt16) -> Data {
        var d = Data([0x02, 0x01, 0x06, 0x1a, 0xff, 0x4c, 0x00, 0x02, 0x15])
        withUnsafeBytes(of: uuid.uuid) { d.append(contentsOf: $0) }
        d.append(contentsOf: [UInt8(major >> 8), UInt8(major & 0xff), UInt8(minor >> 8), UInt8(minor & 0xff), 0xc5])
        return d
    }

    func locationManager(_ manager: CLLocationManager, didRange beacons: [CLBeacon], satisfying constraint: CLBeaconIdentityConstraint) {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        // RSSI 0: the beacon was not heard in this second.
        let adverts = beacons.filter { $0.rssi != 0 }.map {
            Advert(bytes: Self.advert(uuid: $0.uuid, major: $0.major.uint16Value, minor: $0.minor.uint16Value),
                   rssi: Int16(clamping: $0.rssi), atMs: now)
        }
        if adverts.isEmpty { _ = session?.tick(nowMs: now) } else { _ = session?.onAdverts(adverts: adverts) }
    }
}

struct BeaconsScreen: View {
    @EnvironmentObject var model: AppModel
    @State private var ranger: BeaconRanger?
    @State private var explain = false

    var body: some View {
        NavigationStack {
            VStack(alignment: .leading, spacing: 16) {
                Text(L("beacons_intro"))
                if ranger == nil {
                    Button(L("beacons_start")) { explain = true }.buttonStyle(.borderedProminent)
                } else {
                    Button(L("beacons_stop")) { ranger?.stop(); ranger = nil }.buttonStyle(.bordered)
                }
                if let offer = model.offer {
                    VStack(alignment: .leading) {
                        Text(offer.text)
                        HStack {
                            NavigationLink(L("beacons_open"), value: offer.poiId)
                            Button(L("beacons_dismiss")) { model.dismissOffer() }
                        }
                    }
                    .padding().background(.thinMaterial, in: RoundedRectangle(cornerRadius: 12))
                }
                Spacer()
            }
            .padding()
            .navigationTitle(L("tab_beacons"))
            .navigationDestination(for: String.self) { PlaceScreen(placeId: $0) }
            // The reason first, then the system's location prompt.
            .alert(L("permission_title"), isPresented: $explain) {
                Button(L("permission_continue")) {
                    let r = BeaconRanger(deliver: { model.onProximity($0) })
                    r.start(core: model.core)
                    ranger = r
                }
                Button(L("permission_not_now"), role: .cancel) {}
            } message: { Text(L("rationale_bluetooth")) }
        }
    }
}
