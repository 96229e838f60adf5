// The app's adapter (CorePorts.kt) over the real core, on the JVM: the bindings generated from
// the built library, loaded through JNA. Run by scripts/android-logic-test.sh (not a Gradle
// source set: on Android the library is built for the device's ABIs).
package it.campanile.app.core

import it.campanile.app.logic.AdvertIn
import it.campanile.app.logic.BeaconViewModel
import it.campanile.app.logic.ChangesPoller
import it.campanile.app.logic.CoreFailure
import it.campanile.app.logic.CursorStore
import it.campanile.app.logic.FailureKind
import it.campanile.app.logic.Outcome
import it.campanile.app.logic.PracticesViewModel
import it.campanile.app.logic.ReturnUrls
import it.campanile.app.logic.SearchViewModel
import it.campanile.app.logic.SignIn
import java.io.File
import java.nio.file.Files
import java.util.concurrent.ConcurrentHashMap
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import uniffi.campanile_ffi.Core
import uniffi.campanile_ffi.CoreConfig
import uniffi.campanile_ffi.HostSecrets

class MapSecrets : HostSecrets {
    val values = ConcurrentHashMap<String, String>()
    override fun get(name: String): String? = values[name]
    override fun set(name: String, value: String) { values[name] = value }
    override fun unset(name: String): Boolean = values.remove(name) != null
    override fun list(): List<String> = values.keys.sorted()
    override fun describe(): String = "the test's memory"
}

class CorePortsTest {
    private fun open(): Core {
        val dir = Files.createTempDirectory("campanile-android").toFile()
        // Removed with what it holds when the JVM exits, by java.io.File alone: at exit JUnit's
        // class loader is closed, and a Kotlin class not loaded yet no longer loads.
        Runtime.getRuntime().addShutdownHook(
            Thread {
                dir.listFiles()?.forEach { it.delete() }
                dir.delete()
            },
        )
        val db = File(dir, "c.db")
        return Core.open(CoreConfig(db.path, "en", null, null, null, null, emptyList()), MapSecrets())
    }

    private val csv = (
        "id;denominazione;tipologia;indirizzo;comune;codice_istat;latitudine;longitudine\n" +
            "p1;Pinacoteca Civica;museo;Piazza Arringo 7;Ascoli Piceno;044007;42,853300;13,575900\n" +
            "p2;Duomo di Fermo;chiesa;Piazzale del Girfalco;Fermo;109006;43,162200;13,722300\n"
        ).toByteArray()

    @Test
    fun searchAndPlaceThroughTheViewModel() = runBlocking {
        val core = open()
        core.places().importBytes("luoghi.csv", csv, null)
        val places = CorePlaces(core)
        assertEquals(2L, places.count())
        val vm = SearchViewModel(this, places, debounceMs = 1, io = Dispatchers.IO)
        vm.onQuery("duomo fer")
        while (vm.state.value.searching) delay(5)
        val hit = vm.state.value.results.single()
        assertEquals("Duomo di Fermo", hit.name)
        assertEquals("Fermo", places.place(hit.id).comune)
        val missing = assertFailsWith<CoreFailure> { places.place("nope") }
        assertEquals(FailureKind.NOT_FOUND, missing.kind)
    }

    @Test
    fun beaconsAdvertsInBatchesOfferThePlace() {
        val core = open()
        val registry = "beacon,poi_id,name\nibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:1,p2,Duomo di Fermo\n"
        core.beacons().importRegistry("registry.csv", registry.toByteArray(), false)
        val vm = BeaconViewModel(CoreBeacons(core), batchSize = 10)
        assertTrue(vm.worthScanning())
        vm.start()
        val hex = "0201061aff4c000215f7826da64fa24e988024bc5b71e0893e00010001c5"
        val bytes = ByteArray(hex.length / 2) { hex.substring(it * 2, it * 2 + 2).toInt(16).toByte() }
        repeat(30) { vm.onAdvert(AdvertIn(bytes, -60, 1_700_000_000_000L + it * 100L)) }
        vm.flush()
        assertEquals("p2", vm.state.value.offer?.poiId)
        assertTrue(vm.state.value.offer!!.text.contains("Duomo di Fermo"))
        repeat(40) { vm.onCycle(1_700_000_010_000L + it * 1_000L) }
        assertEquals(null, vm.state.value.here)
    }

    @Test
    fun paymentsOfflineSettleAsUnknownInTheCoresWords() = runBlocking {
        val core = open()
        val payments = CorePayments(core)
        val notice = payments.parse("PAGOPA|002|300715700000000032|00085240950|12345")
        assertEquals("00085240950300715700000000032", notice.rptId)
        assertEquals(12345L, notice.amountCents)
        assertEquals(FailureKind.BAD_INPUT, assertFailsWith<CoreFailure> { payments.parse("PAGOPA|002|300715700000000033|00085240950|12345") }.kind)
        assertTrue(payments.formatAmount(12345).contains("123"))
        assertTrue(payments.receipts().isEmpty())

        // No pagoPA configured: pagoPA cannot be asked, so the core says "unknown, ask again".
        val s = payments.settle(notice.rptId, null, "it.campanile.app:/pay/ok?outcome=0", ReturnUrls.APP)
        assertEquals(Outcome.UNKNOWN, s.outcome)
        assertTrue(s.canAskAgain)
        assertTrue(s.text.isNotBlank())
        val bad = assertFailsWith<CoreFailure> { payments.settle(notice.rptId, null, null, ReturnUrls("not an address", "x", "y")) }
        assertEquals(FailureKind.BAD_INPUT, bad.kind)
    }

    @Test
    fun practicesAndTheirNotificationsFromTheCore() = runBlocking {
        val core = open()
        val practices = CorePractices(core)
        val vm = PracticesViewModel(this, practices, io = Dispatchers.IO)
        vm.load(null).join()
        assertEquals(emptyList(), vm.state.value.rows)
        assertEquals(null, vm.state.value.error)
        assertEquals(emptyList(), practices.worklist("RSSMRA80A01H501U"))

        val cursors = object : CursorStore {
            val kept = HashMap<String, String>()
            override fun get(person: String): String? = kept[person]
            override fun set(person: String, cursor: String) { kept[person] = cursor }
        }
        val poller = ChangesPoller(practices, cursors)
        val first = poller.poll("RSSMRA80A01H501U")
        assertTrue(first.first)
        assertTrue(first.notifications.isEmpty())
        assertNull(cursors.get("RSSMRA80A01H501U"))
        poller.commit("RSSMRA80A01H501U", first)
        assertEquals(first.cursor, cursors.get("RSSMRA80A01H501U"))
        val next = poller.poll("RSSMRA80A01H501U")
        assertEquals(false, next.first)
        assertTrue(next.notifications.isEmpty())
        assertEquals(first.cursor, next.cursor)
    }

    @Test
    fun theSignInsReturnIsReadByTheCore() = runBlocking {
        val hub = CoreHub(open())
        assertEquals(null, hub.session())
        val url = hub.signInUrl("https://hub.example.it", SignIn.RETURN_TO)
        assertTrue(url.endsWith("/api/v1/auth/oidc/start?return_to=it.campanile.app%3A%2Flogin"), url)
        // Another address opened the app: not the sign-in's business.
        assertNull(hub.finishSignIn("https://hub.example.it", "it.campanile.app:/pay/ok#token=x", SignIn.RETURN_TO))
        // The hub refused: the core's error, in its words.
        val refused = assertFailsWith<CoreFailure> {
            hub.finishSignIn(
                "https://hub.example.it",
                "it.campanile.app:/login#error=auth.oidc-denied&error_description=Accesso+negato",
                SignIn.RETURN_TO,
            )
        }
        assertEquals("hub.sign-in-failed", refused.code)
        assertTrue(refused.text.isNotBlank())
        assertEquals(null, hub.session())
    }
}
