// A camera frame's bytes read into a notice, with progress and cancel; the host's secret store
// as the core sees it, failures included.
package campanile.ffi.tests

import java.util.concurrent.CopyOnWriteArrayList
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import uniffi.campanile_ffi.CampanileException
import uniffi.campanile_ffi.CancelToken
import uniffi.campanile_ffi.ErrorClass
import uniffi.campanile_ffi.HostSecrets
import uniffi.campanile_ffi.Progress
import uniffi.campanile_ffi.ProgressListener

/** A Keystore that is locked: every read and write fails. */
class LockedSecrets : HostSecrets {
    private fun locked(): Nothing = throw CampanileException.Core(ErrorClass.INTERNAL, "keystore.locked", "the keystore is locked", emptyMap())
    override fun get(name: String): String? = locked()
    override fun set(name: String, value: String) = locked()
    override fun unset(name: String): Boolean = locked()
    override fun list(): List<String> = locked()
    override fun describe(): String = "a locked keystore"
}

class PhotosAndSecretsTest {
    @Test
    fun aCameraFrameIsReadIntoANotice() = runBlocking {
        val core = openCore()
        val seen = CopyOnWriteArrayList<Progress>()
        val listener = object : ProgressListener {
            override fun onProgress(progress: Progress) { seen += progress }
        }
        val found = core.payments().scanPhoto(FakeStack.noticePhoto.readBytes(), listener, null)
        val notice = found.mapNotNull { it.notice }.single()
        assertEquals("00085240950300715700000000032", notice.rptId)
        assertEquals(12000uL, notice.amountCents)
        assertEquals("qr", notice.source)
        assertTrue(seen.isNotEmpty() && seen.all { it.step == "scanning" }, seen.toString())
    }

    @Test
    fun aScanCancelledFromItsProgressEndsWithWorkCancelled() {
        val core = openCore()
        val token = CancelToken()
        val listener = object : ProgressListener {
            override fun onProgress(progress: Progress) { token.cancel() }
        }
        val e = expectCoreError {
            runBlocking { core.payments().scanPhoto(FakeStack.noisePhoto.readBytes(), listener, token) }
        }
        assertEquals("work.cancelled", e.code)
    }

    @Test
    fun theCoreKeepsTheHubTokenInTheHostStoreAndSaysWhenItFails() = runBlocking {
        val secrets = MemorySecrets()
        val core = openCore(secrets)
        core.hub().loginDev(FakeStack.hub, CITIZEN, "citizen", null)
        assertEquals(listOf("hub-token"), secrets.list())
        core.hub().logout()
        assertTrue(secrets.values.isEmpty())

        val locked = openCoreWith(LockedSecrets(), platform = FakeStack.platform)
        val e = expectCoreError { runBlocking { locked.hub().loginDev(FakeStack.hub, CITIZEN, "citizen", null) } }
        assertTrue(e.text.contains("a locked keystore") || e.text.contains("locked"), e.text)
        val pay = expectCoreError { runBlocking { locked.payments().verify(listOf(FakeStack.notices.first().first)) } }
        assertTrue(pay.errorClass != ErrorClass.OUTCOME_UNKNOWN)
    }
}
