// Beacons through the bindings: a registry, a replayed trace whose Enter/Exit events reach a
// listener written in Kotlin, and a live session fed raw adverts as a native scanner would.
package campanile.ffi.tests

import java.util.concurrent.CopyOnWriteArrayList
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test
import uniffi.campanile_ffi.Advert
import uniffi.campanile_ffi.ProximityEvent
import uniffi.campanile_ffi.ProximityListener

class Recorder : ProximityListener {
    val events = CopyOnWriteArrayList<ProximityEvent>()
    override fun onEvent(event: ProximityEvent) { events += event }
}

class BeaconsTest {
    @Test
    fun aReplayedTraceTellsTheKotlinListenerEnterAndExit() {
        val core = openCore()
        val beacons = core.beacons()
        assertEquals(2uL, beacons.importRegistry("registry.csv", Fixtures.registryCsv(), false))
        // What iOS ranges: the registry's one proximity UUID, once, in the form UUID(uuidString:) reads.
        assertEquals(listOf("F7826DA6-4FA2-4E98-8024-BC5B71E0893E"), beacons.ibeaconUuids())
        assertEquals(2uL, beacons.registered())
        val recorder = Recorder()
        val replay = beacons.replay("walk.jsonl", Fixtures.traceJsonl(), 1000u, recorder)
        assertEquals(60uL, replay.adverts)
        assertEquals(replay.events, recorder.events.toList())
        val story = recorder.events.map { (if (it.enter) "enter " else "exit ") + it.poiId }
        assertEquals(listOf("enter p2", "exit p2", "enter p3", "exit p3"), story)
        assertTrue(recorder.events.first().text.contains("Duomo di Fermo"))
        assertTrue(recorder.events.first().distanceM != null)
    }

    @Test
    fun aLiveSessionFedRawAdvertsEntersAndLeaves() {
        val core = openCore()
        core.beacons().importRegistry("registry.csv", Fixtures.registryCsv(), false)
        val recorder = Recorder()
        val session = core.beacons().session(recorder)
        val advert = Fixtures.hex(Fixtures.iBeacon(1))
        var t = 1_700_000_000_000L
        repeat(30) { session.onAdvert(advert, -60, t); t += 100 }
        assertEquals("p2", session.currentPoi())
        assertEquals(listOf(true), recorder.events.map { it.enter })
        // Silence: the scanner's cycle ticks on, the place is left.
        repeat(40) { t += 1_000; session.tick(t) }
        assertEquals(listOf(true, false), recorder.events.map { it.enter })
        // Not a beacon, or not registered: nothing.
        assertEquals(0u, session.onAdvert(byteArrayOf(1, 2, 3), -60, t))
        assertEquals(0u, session.onAdvert(Fixtures.hex(Fixtures.iBeacon(9)), -60, t))
        assertTrue(core.beacons().decode(advert).contains("ibeacon"))
        // The same walk as one batch: the same Enter.
        val batched = Recorder()
        val again = core.beacons().session(batched)
        val walk = List(30) { Advert(advert, -60, 1_700_000_000_000L + it * 100L) }
        assertEquals(1u, again.onAdverts(walk))
        assertEquals(listOf("p2"), batched.events.map { it.poiId })
    }
}
