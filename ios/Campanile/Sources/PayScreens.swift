// Paying a notice: AVFoundation reads the notice's QR or Data Matrix code and hands its text
// to the core (which checks it offline), or the code is typed; then the amount from pagoPA,
// Checkout in the system browser sheet, and the outcome in the core's words, with "ask again"
// when the core offers it.
import AVFoundation
import CampanileCore
import SafariServices
import SwiftUI

final class NoticeScannerView: UIView, AVCaptureMetadataOutputObjectsDelegate {
    private let session = AVCaptureSession()
    var onCode: ((String) -> Void)?

    override class var layerClass: AnyClass { AVCaptureVideoPreviewLayer.self }

    func start() {
        guard session.inputs.isEmpty, let camera = AVCaptureDevice.default(for: .video),
              let input = try? AVCaptureDeviceInput(device: camera), session.canAddInput(input) else { return }
        session.addInput(input)
        let output = AVCaptureMetadataOutput()
        guard session.canAddOutput(output) else { return }
        session.addOutput(output)
        output.setMetadataObjectsDelegate(self, queue: .main)
        output.metadataObjectTypes = [.qr, .dataMatrix].filter { output.availableMetadataObjectTypes.contains($0) }
        (layer as? AVCaptureVideoPreviewLayer)?.session = session
        (layer as? AVCaptureVideoPreviewLayer)?.videoGravity = .resizeAspectFill
        DispatchQueue.global(qos: .userInitiated).async { self.session.startRunning() }
    }

    func stop() { session.stopRunning() }

    func metadataOutput(_ output: AVCaptureMetadataOutput, didOutput objects: [AVMetadataObject], from connection: AVCaptureConnection) {
        for case let code as AVMetadataMachineReadableCodeObject in objects {
            if let text = code.stringValue { onCode?(text) }
        }
    }
}

struct NoticeCamera: UIViewRepresentable {
    let onCode: (String) -> Void
    func makeUIView(context: Context) -> NoticeScannerView {
        let v = NoticeScannerView()
        v.onCode = onCode
        v.start()
        return v
    }
    func updateUIView(_ view: NoticeScannerView, context: Context) { view.onCode = onCode }
    static func dismantleUIView(_ view: NoticeScannerView, coordinator: ()) { view.stop() }
}

struct Checkout: UIViewControllerRepresentable {
    let url: URL
    func makeUIViewController(context: Context) -> SFSafariViewController { SFSafariViewController(url: url) }
    func updateUIViewController(_ vc: SFSafariViewController, context: Context) {}
}

struct PayScreen: View {
    @EnvironmentObject var model: AppModel
    @State private var camera = false
    @State private var explain = false
    @State private var typed = ""

    private var checkoutURL: Binding<CheckoutPage?> {
        Binding(
            get: { if case let .paying(_, _, url) = model.pay { return CheckoutPage(url: url) } else { return nil } },
            // The sheet closed without a return address: settle with pagoPA all the same.
            set: { if $0 == nil { model.onPaymentReturn(nil) } }
        )
    }

    var body: some View {
        NavigationStack {
            VStack(alignment: .leading, spacing: 16) {
                switch model.pay {
                case let .scanning(hint):
                    if camera {
                        NoticeCamera { model.onCode($0) }.frame(height: 320).clipShape(RoundedRectangle(cornerRadius: 12))
                    } else {
                        Button(L("pay_scan")) { explain = true }.buttonStyle(.borderedProminent)
                    }
                    if let hint { Text(hint).foregroundStyle(.red) }
                    TextField(L("pay_type_notice"), text: $typed).textFieldStyle(.roundedBorder)
                    Button(L("pay_read")) { model.onCode(typed) }
                    NavigationLink(L("pay_receipts")) { ReceiptsScreen() }
                case let .scanned(n):
                    Text(L("pay_notice", n.noticeNumber, n.creditor))
                    if let a = n.amountText { Text(L("pay_printed_amount", a)) }
                    Button(L("pay_verify")) { model.verify() }.buttonStyle(.borderedProminent)
                    Button(L("pay_another")) { model.resetPayment() }
                case let .busy(_, what):
                    ProgressView(what)
                case let .verified(_, _, amount):
                    Text(L("pay_amount_due", amount ?? "—")).font(.title2)
                    Button(L("pay_pay")) { model.startPayment() }.buttonStyle(.borderedProminent)
                    Button(L("pay_another")) { model.resetPayment() }
                case .paying:
                    Text(L("pay_in_checkout"))
                case let .settled(_, _, s):
                    Text(s.text).font(.headline)
                        .foregroundStyle(s.outcome == .paid ? Color.accentColor : s.outcome == .notPaid ? Color.red : Color.primary)
                    if s.canAskAgain { Button(L("pay_ask_again")) { model.askAgain() }.buttonStyle(.borderedProminent) }
                    if s.outcome == .paid { NavigationLink(L("pay_receipts")) { ReceiptsScreen() } }
                    Button(L("pay_another")) { model.resetPayment() }
                case let .failed(_, text):
                    Text(text).foregroundStyle(.red)
                    Button(L("pay_another")) { model.resetPayment() }
                }
                Spacer()
            }
            .padding()
            .navigationTitle(L("tab_pay"))
            .sheet(item: checkoutURL) { Checkout(url: $0.url) }
            .alert(L("permission_title"), isPresented: $explain) {
                Button(L("permission_continue")) {
                    AVCaptureDevice.requestAccess(for: .video) { ok in DispatchQueue.main.async { camera = ok } }
                }
                Button(L("permission_not_now"), role: .cancel) {}
            } message: { Text(L("rationale_camera")) }
        }
    }
}

struct CheckoutPage: Identifiable {
    let url: URL
    var id: String { url.absoluteString }
}

struct ReceiptsScreen: View {
    @EnvironmentObject var model: AppModel

    var body: some View {
        List {
            if model.receipts.isEmpty { Text(L("receipts_none")) }
            ForEach(model.receipts, id: \.rptId) { r in
                if let pdf = try? model.core.payments().receiptPdf(rptId: r.rptId) {
                    ShareLink(item: ReceiptPDF(data: pdf, name: r.rptId), preview: SharePreview(r.description ?? r.rptId)) {
                        VStack(alignment: .leading) {
                            Text(r.description ?? r.rptId)
                            Text([r.payeeName, r.amountText].compactMap { $0 }.joined(separator: " · ")).font(.caption)
                        }
                    }
                }
            }
        }
        .navigationTitle(L("pay_receipts"))
        .onAppear { model.loadReceipts() }
    }
}

struct ReceiptPDF: Transferable {
    let data: Data
    let name: String
    static var transferRepresentation: some TransferRepresentation {
        DataRepresentation(exportedContentType: .pdf) { $0.data }.suggestedFileName { "\($0.name).pdf" }
    }
}
