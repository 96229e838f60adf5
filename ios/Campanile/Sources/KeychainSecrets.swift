// The host's secret store on iOS: the Keychain (generic passwords of this app, this device
// only, available after the first unlock so the background refresh can sync).
import CampanileCore
import Foundation
import Security

final class KeychainSecrets: HostSecrets, @unchecked Sendable {
    private let service = "it.campanile.app.secrets"

    private func query(_ name: String? = nil) -> [String: Any] {
        var q: [String: Any] = [kSecClass as String: kSecClassGenericPassword, kSecAttrService as String: service]
        if let name { q[kSecAttrAccount as String] = name }
        return q
    }

    private func failed(_ status: OSStatus) -> CampanileError {
        let text = (SecCopyErrorMessageString(status, nil) as String?) ?? "OSStatus \(status)"
        return .Core(errorClass: .`internal`, code: "host.keychain", text: text, details: [:])
    }

    func get(name: String) throws -> String? {
        var q = query(name)
        q[kSecReturnData as String] = true
        q[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        let status = SecItemCopyMatching(q as CFDictionary, &item)
        if status == errSecItemNotFound { return nil }
        guard status == errSecSuccess, let data = item as? Data else { throw failed(status) }
        return String(data: data, encoding: .utf8)
    }

    func set(name: String, value: String) throws {
        let data = Data(value.utf8)
        let update = SecItemUpdate(query(name) as CFDictionary, [kSecValueData as String: data] as CFDictionary)
        if update == errSecSuccess { return }
        guard update == errSecItemNotFound else { throw failed(update) }
        var add = query(name)
        add[kSecValueData as String] = data
        add[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        let status = SecItemAdd(add as CFDictionary, nil)
        guard status == errSecSuccess else { throw failed(status) }
    }

    func unset(name: String) throws -> Bool {
        let status = SecItemDelete(query(name) as CFDictionary)
        if status == errSecItemNotFound { return false }
        guard status == errSecSuccess else { throw failed(status) }
        return true
    }

    func list() throws -> [String] {
        var q = query()
        q[kSecReturnAttributes as String] = true
        q[kSecMatchLimit as String] = kSecMatchLimitAll
        var items: CFTypeRef?
        let status = SecItemCopyMatching(q as CFDictionary, &items)
        if status == errSecItemNotFound { return [] }
        guard status == errSecSuccess, let rows = items as? [[String: Any]] else { throw failed(status) }
        return rows.compactMap { $0[kSecAttrAccount as String] as? String }.sorted()
    }

    func describe() -> String { "the iOS Keychain" }
}
