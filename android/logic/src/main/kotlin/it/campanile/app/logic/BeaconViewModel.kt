// Beacons: the scanner's results go to the core in batches; the core's Enter events become
// "open this place" offers (one at a time, not the same place again right after the visitor
// dismissed it), Exit events withdraw the offer.
package it.campanile.app.logic

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow

data class PlaceOffer(val poiId: String, val name: String, val text: String)

data class BeaconState(
    val scanning: Boolean = false,
    val offer: PlaceOffer? = null,
    val here: String? = null,
)

class BeaconViewModel(
    private val beacons: BeaconsPort,
    /** After a dismissal, the same place is not offered again for this long. */
    private val quietMs: Long = 10 * 60 * 1000L,
    private val batchSize: Int = 32,
) {
    private val _state = MutableStateFlow(BeaconState())
    val state: StateFlow<BeaconState> = _state
    private var feed: BeaconFeed? = null
    private val buffer = ArrayList<AdvertIn>()
    private val dismissed = HashMap<String, Long>()
    private var lastMs = 0L

    /** Whether scanning is worth starting: beacons are registered for this territory. */
    fun worthScanning(): Boolean = beacons.registered() > 0

    @Synchronized
    fun start() {
        if (feed != null) return
        feed = beacons.session { onEvent(it) }
        _state.value = _state.value.copy(scanning = true)
    }

    @Synchronized
    fun stop() {
        flush()
        feed = null
        buffer.clear()
        _state.value = BeaconState()
    }

    /** One scan result: buffered, handed over in batches (one FFI crossing per batch). */
    @Synchronized
    fun onAdvert(advert: AdvertIn) {
        if (feed == null) return
        buffer += advert
        lastMs = maxOf(lastMs, advert.atMs)
        if (buffer.size >= batchSize) flush()
    }

    /** Android's batched results (`onBatchScanResults`): one crossing. */
    @Synchronized
    fun onAdverts(adverts: List<AdvertIn>) {
        if (feed == null) return
        buffer += adverts
        adverts.maxOfOrNull { it.atMs }?.let { lastMs = maxOf(lastMs, it) }
        flush()
    }

    /** Once a scan cycle (also with no advert): places are left when their beacons fall silent. */
    @Synchronized
    fun onCycle(nowMs: Long) {
        flush()
        lastMs = maxOf(lastMs, nowMs)
        feed?.tick(nowMs)
    }

    @Synchronized
    fun flush() {
        val f = feed ?: return
        if (buffer.isEmpty()) return
        val batch = ArrayList(buffer)
        buffer.clear()
        f.onAdverts(batch)
    }

    /** The visitor closed the offer: not offered again for `quietMs`. */
    fun dismiss() {
        val offer = _state.value.offer ?: return
        dismissed[offer.poiId] = lastMs
        _state.value = _state.value.copy(offer = null)
    }

    /** The visitor opened the place: the offer is done. */
    fun opened() {
        _state.value = _state.value.copy(offer = null)
    }

    private fun onEvent(e: ProximityIn) {
        lastMs = maxOf(lastMs, e.atMs)
        val s = _state.value
        if (e.enter) {
            val quietUntil = dismissed[e.poiId]?.let { it + quietMs } ?: Long.MIN_VALUE
            val offer = if (e.atMs < quietUntil) s.offer else PlaceOffer(e.poiId, e.name, e.text)
            _state.value = s.copy(here = e.poiId, offer = offer)
        } else {
            _state.value = s.copy(
                here = if (s.here == e.poiId) null else s.here,
                offer = if (s.offer?.poiId == e.poiId) null else s.offer,
            )
        }
    }
}
