// The host's secret store on Android: values encrypted with an AES-GCM key that lives in the
// Android Keystore (never exported), the ciphertexts in private SharedPreferences. The core
// keeps its pagoPA keys and the hub's token here (HostSecrets, a UniFFI foreign trait).
package it.campanile.app.platform

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import android.util.Base64
import java.security.KeyStore
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import uniffi.campanile_ffi.CampanileException
import uniffi.campanile_ffi.ErrorClass
import uniffi.campanile_ffi.HostSecrets

class KeystoreSecrets(context: Context) : HostSecrets {
    private val prefs = context.getSharedPreferences("campanile-secrets", Context.MODE_PRIVATE)
    private val alias = "campanile-secrets-key"

    private fun key(): SecretKey {
        val ks = KeyStore.getInstance("AndroidKeyStore").apply { load(null) }
        (ks.getEntry(alias, null) as? KeyStore.SecretKeyEntry)?.let { return it.secretKey }
        val gen = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, "AndroidKeyStore")
        gen.init(
            KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(256)
                .build(),
        )
        return gen.generateKey()
    }

    private fun failed(e: Exception): CampanileException = CampanileException.Core(
        ErrorClass.INTERNAL, "host.keystore", e.message ?: e.toString(), emptyMap(),
    )

    @Synchronized
    override fun get(name: String): String? {
        val stored = prefs.getString(name, null) ?: return null
        return try {
            val bytes = Base64.decode(stored, Base64.NO_WRAP)
            val cipher = Cipher.getInstance("AES/GCM/NoPadding")
            cipher.init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(128, bytes, 0, 12))
            String(cipher.doFinal(bytes, 12, bytes.size - 12), Charsets.UTF_8)
        } catch (e: Exception) {
            throw failed(e)
        }
    }

    @Synchronized
    override fun set(name: String, value: String) {
        try {
            val cipher = Cipher.getInstance("AES/GCM/NoPadding")
            cipher.init(Cipher.ENCRYPT_MODE, key())
            val sealed = cipher.iv + cipher.doFinal(value.toByteArray(Charsets.UTF_8))
            if (!prefs.edit().putString(name, Base64.encodeToString(sealed, Base64.NO_WRAP)).commit()) {
                throw IllegalStateException("the preferences were not written")
            }
        } catch (e: CampanileException) {
            throw e
        } catch (e: Exception) {
            throw failed(e)
        }
    }

    @Synchronized
    override fun unset(name: String): Boolean {
        val had = prefs.contains(name)
        prefs.edit().remove(name).commit()
        return had
    }

    override fun list(): List<String> = prefs.all.keys.sorted()

    override fun describe(): String = "the Android Keystore"
}
