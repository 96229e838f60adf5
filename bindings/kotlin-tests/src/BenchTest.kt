// The cost of crossing the FFI from Kotlin: a search and an advert, calls per second. Printed
// as `bench:` lines; scripts/kotlin-test.sh prints the same calls made from Rust beside them.
package campanile.ffi.tests

import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import uniffi.campanile_ffi.Advert
import uniffi.campanile_ffi.SearchRequest

class BenchTest {
    private fun rate(name: String, seconds: Double, call: () -> Unit): Double {
        repeat(200) { call() } // warm-up (JIT, caches)
        var n = 0
        val t0 = System.nanoTime()
        val end = t0 + (seconds * 1e9).toLong()
        while (System.nanoTime() < end) { call(); n++ }
        val perSecond = n / ((System.nanoTime() - t0) / 1e9)
        println("bench: kotlin %-10s %10.0f calls/s".format(name, perSecond))
        return perSecond
    }

    @Test
    fun searchAndAdvertRoundTrips() = runBlocking {
        val core = openCore()
        core.places().importBytes(Fixtures.CSV_NAME, Fixtures.placesCsv(), null)
        core.beacons().importRegistry("registry.csv", Fixtures.registryCsv(), false)
        val places = core.places()
        val request = SearchRequest(text = "duomo fer", nearLat = null, nearLon = null, category = null, comune = null, limit = 10u)
        val search = rate("search", 2.0) { check(places.search(request).isNotEmpty()) }
        val session = core.beacons().session(Recorder())
        val advert = Fixtures.hex(Fixtures.iBeacon(1))
        var t = 1_700_000_000_000L
        val advertRate = rate("on_advert", 2.0) { session.onAdvert(advert, -60, t); t += 100 }
        // Android hands scan results over in batches: 100 adverts a crossing.
        val batch = session
        var tb = 1_800_000_000_000L
        val batchRate = rate("on_adverts", 2.0) {
            batch.onAdverts(List(100) { Advert(advert, -60, tb + it * 100L) })
            tb += 10_000
        }
        println("bench: kotlin %-10s %10.0f adverts/s (100 a call)".format("on_adverts", batchRate * 100))
        assertTrue(search > 100 && advertRate > 1_000 && batchRate * 100 > advertRate)
    }
}
