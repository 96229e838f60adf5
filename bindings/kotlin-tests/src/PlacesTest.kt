// Places through the bindings: import of a file the test writes, search, near, detail;
// tiles by z/x/y; a sync from the fake portal with progress; a sync cancelled mid-way, by the
// coroutine and by the token.
package campanile.ffi.tests

import java.io.File
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Test
import uniffi.campanile_ffi.CancelToken
import uniffi.campanile_ffi.Progress
import uniffi.campanile_ffi.ProgressListener
import uniffi.campanile_ffi.SearchRequest

class PlacesTest {
    private fun search(text: String, lat: Double? = null, lon: Double? = null, category: String? = null) =
        SearchRequest(text = text, nearLat = lat, nearLon = lon, category = category, comune = null, limit = 10u)

    @Test
    fun importedPlacesAreSearchedNearAndShown() = runBlocking {
        val core = openCore()
        val places = core.places()
        val imported = places.importBytes(Fixtures.CSV_NAME, Fixtures.placesCsv(), null)
        assertEquals(5uL, imported.rows)
        assertEquals(5uL, places.count())

        val hits = places.search(search("pinacoteca asc"))
        assertEquals(listOf("Pinacoteca Civica"), hits.map { it.name })
        // Accents, case and apostrophes ignored; every word a prefix.
        assertEquals("Teatro dell'Aquila", places.search(search("DELL AQUI")).first().name)

        val museums = places.search(search("museo", category = "museum"))
        assertTrue(museums.isNotEmpty())
        assertTrue(museums.all { it.category == "museum" }, museums.toString())

        val near = places.near(43.1622, 13.7223, 2u, null)
        assertEquals("Duomo di Fermo", near.first().name)
        assertNotNull(near.first().distanceM)
        assertNotNull(near.first().distanceText)

        val duomo = places.place(near.first().id)
        assertEquals("Duomo di Fermo", duomo.name)
        assertEquals("Fermo", duomo.comune)
        assertTrue(duomo.json.contains("\"lat\""))
    }

    @Test
    fun tilesAreReadByZxyFromAPathAndFromBytes() {
        val core = openCore()
        val file = File(Env.repo, "assets/basemap/piceno-fermano.pmtiles")
        val fromPath = core.tiles().open(file.path)
        val fromBytes = core.tiles().openBytes("basemap.pmtiles", file.readBytes())
        val a = fromPath.tile(0u, 0u, 0u, true)
        val b = fromBytes.tile(0u, 0u, 0u, true)
        assertTrue(a.data.isNotEmpty())
        assertTrue(a.data.contentEquals(b.data))
        assertEquals("none", a.encoding)
        assertTrue(fromPath.infoJson().contains("max_zoom"))
        val absent = expectCoreError { fromPath.tile(12u, 0u, 0u, false) }
        assertEquals("tiles.absent", absent.code)
    }

    @Test
    fun aSyncFromThePortalReportsProgress() = runBlocking {
        val core = openCore()
        val seen = CopyOnWriteArrayList<Progress>()
        val listener = object : ProgressListener {
            override fun onProgress(progress: Progress) { seen += progress }
        }
        val summary = core.places().sync(FakeStack.portal, null, listener, null)
        assertEquals(2uL, summary.datasets)
        assertEquals(80uL, summary.placesInserted)
        assertTrue(seen.isNotEmpty(), "progress reached Kotlin")
        assertTrue(seen.all { it.text.isNotBlank() })
        assertEquals(80uL, core.places().count())
    }

    @Test
    fun aCancelledCoroutineStopsTheSyncCleanly() = runBlocking {
        val core = openCore()
        core.places().importBytes(Fixtures.CSV_NAME, Fixtures.placesCsv(), null)
        val started = CompletableDeferred<Unit>()
        val calls = AtomicInteger()
        val listener = object : ProgressListener {
            override fun onProgress(progress: Progress) { calls.incrementAndGet(); started.complete(Unit) }
        }
        // Every file of the slow portal stalls 3 s: six of them would take many seconds.
        val job = async(Dispatchers.IO) { core.places().sync(FakeStack.slowPortal, null, listener, null) }
        withTimeout(10_000) { started.await() }
        val t0 = System.nanoTime()
        job.cancel()
        withTimeout(5_000) { job.join() }
        val ms = (System.nanoTime() - t0) / 1_000_000
        assertTrue(job.isCancelled)
        assertTrue(ms < 3_000, "stopped in $ms ms")
        // The Rust future was dropped, not just abandoned: past the next file's stall (3 s),
        // no more progress arrives.
        val after = calls.get()
        delay(4_000)
        assertEquals(after, calls.get(), "progress after the cancel")
        // The store is whole and answers: the imported places are there, and each dataset of
        // the portal (40 places) is all there or not at all.
        assertEquals("Pinacoteca Civica", core.places().search(search("pinacoteca")).first().name)
        assertEquals(5uL, core.places().count() % 40uL)
    }

    @Test
    fun aTrippedTokenEndsTheSyncWithWorkCancelled() = runBlocking {
        val core = openCore()
        val token = CancelToken()
        val listener = object : ProgressListener {
            override fun onProgress(progress: Progress) { token.cancel() }
        }
        val e = expectCoreError {
            runBlocking { core.places().sync(FakeStack.slowPortal, null, listener, token) }
        }
        assertTrue(token.isCancelled())
        assertTrue(e.code.contains("cancel"), e.code)
        assertFalse(e.text.isBlank())
    }
}
