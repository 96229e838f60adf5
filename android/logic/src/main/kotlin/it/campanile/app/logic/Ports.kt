// The ports: the only way the app's logic reaches the core. The app module implements them
// over the generated UniFFI bindings (it.campanile.app.core.CorePorts); the tests implement
// them with fakes. Types here are the logic's own, so that this module compiles and is tested
// on a plain JVM with no Android and no native library.
package it.campanile.app.logic

/** What kind of failure the core reported (its `ErrorClass`). */
enum class FailureKind { BAD_INPUT, UNAVAILABLE, OUTCOME_UNKNOWN, NOT_FOUND, CONFLICT, INTERNAL }

/** The core's one error, as the logic sees it: `text` is already in the person's language. */
class CoreFailure(val kind: FailureKind, val code: String, val text: String) : Exception("$code: $text")

data class LatLon(val lat: Double, val lon: Double)

data class PlaceSummary(
    val id: String,
    val name: String,
    val category: String,
    val comune: String?,
    val lat: Double,
    val lon: Double,
    val distanceText: String?,
)

data class PlaceDetail(
    val id: String,
    val name: String,
    val category: String,
    val description: String?,
    val address: String?,
    val comune: String?,
    val lat: Double,
    val lon: Double,
    val openingHours: String?,
    val phone: String?,
    val website: String?,
)

interface PlacesPort {
    /** Search as you type: every word a prefix; nearer places first when `near` is given. */
    fun search(text: String, near: LatLon?, limit: Int): List<PlaceSummary>
    fun place(id: String): PlaceDetail
    fun count(): Long
}

/** An advert as the native scanner hands it over. */
class AdvertIn(val bytes: ByteArray, val rssi: Int, val atMs: Long)

data class ProximityIn(
    val enter: Boolean,
    val atMs: Long,
    val poiId: String,
    val name: String,
    val zone: String,
    val text: String,
)

/** A live proximity session of the core: fed adverts in batches, ticked once a scan cycle. */
interface BeaconFeed {
    fun onAdverts(adverts: List<AdvertIn>): Int
    fun tick(nowMs: Long): Int
}

interface BeaconsPort {
    fun registered(): Long
    /** Opens a session whose events go to `listener` (on the scanner's thread). */
    fun session(listener: (ProximityIn) -> Unit): BeaconFeed
}

data class NoticeInfo(
    val rptId: String,
    val creditor: String,
    val noticeNumber: String,
    val amountCents: Long?,
    val amountText: String?,
)

data class ScannedInfo(val text: String, val notice: NoticeInfo?, val error: String?)

data class AttemptInfo(
    val id: Long,
    /** `verified`, `checkout-started`, `paid`, `unknown`, `failed`, `cancelled`, `expired`. */
    val state: String,
    val notices: List<String>,
    val amountCents: Long?,
    val checkoutUrl: String?,
)

data class ReceiptInfo(
    val rptId: String,
    val amountText: String?,
    val description: String?,
    val payeeName: String?,
)

interface PaymentsPort {
    /** Reads a notice from typed or scanned text; checked offline. */
    fun parse(text: String): NoticeInfo
    /** Finds the notices in a camera frame (PNG or JPEG bytes). */
    suspend fun scan(image: ByteArray): List<ScannedInfo>
    suspend fun verify(rptIds: List<String>): AttemptInfo
    suspend fun start(rptIds: List<String>, okUrl: String, cancelUrl: String, errorUrl: String): Pair<AttemptInfo, String>
    suspend fun recordReturn(attemptId: Long, hint: String): AttemptInfo
    /** What pagoPA says of the notice now: `paid`, `in-progress`, `not-paid`, … */
    suspend fun check(rptId: String): String
    fun formatAmount(cents: Long): String
    fun receipts(): List<ReceiptInfo>
    fun receiptPdf(rptId: String): ByteArray
}

data class PracticeInfo(val id: String, val subject: String, val state: String, val comune: String?)

data class DeadlineInfo(val due: String, val suspended: Boolean, val chain: List<String>)

data class ChangeInfo(val seq: Long, val kind: String, val subjectId: String, val event: String, val at: String)

data class ChangesPageInfo(val changes: List<ChangeInfo>, val cursor: String, val more: Boolean)

interface PracticesPort {
    fun list(applicant: String?): List<PracticeInfo>
    fun deadline(id: String): DeadlineInfo?
    /** Today in Rome (`YYYY-MM-DD`), by the core's clock. */
    fun today(): String
    fun changes(person: String, cursor: String?, limit: Int): ChangesPageInfo
}

data class SessionInfo(val url: String, val subject: String, val role: String)

interface HubPort {
    fun signInUrl(hubUrl: String, returnTo: String): String
    suspend fun loginToken(hubUrl: String, token: String): SessionInfo
    fun session(): SessionInfo?
    suspend fun sync()
    fun logout()
}
