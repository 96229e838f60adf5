// The offline map: MapLibre Native for iOS drawing the core's tiles through a URL protocol
// (http://campanile.tiles/…, answered from the archive the core keeps open; no network), with
// the search's places on top.
import CampanileCore
import MapLibre
import SwiftUI

/// Serves `http://campanile.tiles/style.json` and `/{z}/{x}/{y}.pbf` from the bundled basemap.
final class TileURLProtocol: URLProtocol {
    static let host = "campanile.tiles"
    static var archive: TileArchive?  // set once, on the main thread, before the map asks

    override class func canInit(with request: URLRequest) -> Bool { request.url?.host == host }
    override class func canonicalRequest(for request: URLRequest) -> URLRequest { request }

    override func startLoading() {
        guard let url = request.url else { return }
        let parts = url.path.split(separator: "/").map(String.init)
        var status = 404
        var body = Data()
        var type = "text/plain"
        if parts == ["style.json"] {
            status = 200; type = "application/json"; body = Data(Self.style.utf8)
        } else if parts.count == 3, let z = UInt8(parts[0]), let x = UInt32(parts[1]),
                  let y = UInt32(parts[2].replacingOccurrences(of: ".pbf", with: "")), let archive = Self.archive {
            do {
                body = try archive.tile(z: z, x: x, y: y, decompress: true).data
                status = 200; type = "application/x-protobuf"
            } catch let e as CampanileError where e.code == "tiles.absent" {
                status = 204
            } catch {
                status = 500
            }
        }
        let response = HTTPURLResponse(url: url, statusCode: status, httpVersion: "HTTP/1.1", headerFields: ["Content-Type": type])!
        client?.urlProtocol(self, didReceive: response, cacheStoragePolicy: .allowed)
        client?.urlProtocol(self, didLoad: body)
        client?.urlProtocolDidFinishLoading(self)
    }

    override func stopLoading() {}

    /// The desktop's look (app-tauri/ui/src/map.js).
    static let style = """
    {"version":8,"sources":{"basemap":{"type":"vector","tiles":["http://\(host)/{z}/{x}/{y}.pbf"],"minzoom":0,"maxzoom":12}},
     "layers":[{"id":"sea","type":"background","paint":{"background-color":"#b9d6ea"}},
      {"id":"countries","type":"fill","source":"basemap","source-layer":"countries","paint":{"fill-color":"#efece4"}},
      {"id":"land","type":"fill","source":"basemap","source-layer":"land","paint":{"fill-color":"#f3f1ea"}},
      {"id":"coastline","type":"line","source":"basemap","source-layer":"coastline","paint":{"line-color":"#7fa7c2","line-width":1}},
      {"id":"boundaries","type":"line","source":"basemap","source-layer":"boundaries","paint":{"line-color":"#8a7f9b","line-width":1.2,"line-dasharray":[3,2]}},
      {"id":"comuni","type":"circle","source":"basemap","source-layer":"places","minzoom":7,"paint":{"circle-radius":3,"circle-color":"#ffffff","circle-stroke-color":"#33485c","circle-stroke-width":1.5}}]}
    """

    /// Opens the bundled archive and routes MapLibre's requests through this protocol.
    static func install(core: Core) {
        guard archive == nil, let url = Bundle.main.url(forResource: "piceno-fermano", withExtension: "pmtiles"),
              let data = try? Data(contentsOf: url) else { return }
        archive = try? core.tiles().openBytes(name: "piceno-fermano.pmtiles", bytes: data)
        let config = URLSessionConfiguration.default
        config.protocolClasses = [TileURLProtocol.self] + (config.protocolClasses ?? [])
        MLNNetworkConfiguration.sharedManager.sessionConfiguration = config
    }
}

struct MapView: UIViewRepresentable {
    let hits: [Hit]
    let onPlace: (String) -> Void

    func makeCoordinator() -> Coordinator { Coordinator(onPlace: onPlace) }

    func makeUIView(context: Context) -> MLNMapView {
        let map = MLNMapView(frame: .zero, styleURL: URL(string: "http://\(TileURLProtocol.host)/style.json"))
        map.setCenter(CLLocationCoordinate2D(latitude: 43.0, longitude: 13.6), zoomLevel: 8.5, animated: false)
        map.delegate = context.coordinator
        return map
    }

    func updateUIView(_ map: MLNMapView, context: Context) {
        context.coordinator.onPlace = onPlace
        map.removeAnnotations(map.annotations ?? [])
        map.addAnnotations(hits.map { hit in
            let a = MLNPointAnnotation()
            a.coordinate = CLLocationCoordinate2D(latitude: hit.lat, longitude: hit.lon)
            a.title = hit.name
            a.subtitle = hit.id
            return a
        })
    }

    final class Coordinator: NSObject, MLNMapViewDelegate {
        var onPlace: (String) -> Void
        init(onPlace: @escaping (String) -> Void) { self.onPlace = onPlace }
        func mapView(_ mapView: MLNMapView, annotationCanShowCallout annotation: MLNAnnotation) -> Bool { true }
        func mapView(_ mapView: MLNMapView, tapOnCalloutFor annotation: MLNAnnotation) {
            if let id = annotation.subtitle ?? nil { onPlace(id) }
        }
    }
}

struct MapScreen: View {
    @EnvironmentObject var model: AppModel
    @State private var placeId: String?

    var body: some View {
        NavigationStack {
            MapView(hits: model.hits) { placeId = $0 }
                .ignoresSafeArea(edges: .top)
                .searchable(text: $model.query, prompt: L("search_hint"))
                .navigationDestination(item: $placeId) { PlaceScreen(placeId: $0) }
        }
        .onAppear { TileURLProtocol.install(core: model.core) }
    }
}
