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

/** Where Checkout sends the payer back: the app's own addresses (an Android app link, an iOS URL type). */
data class ReturnUrls(val ok: String, val cancel: String, val error: String) {
    companion object {
        val APP = ReturnUrls("it.campanile.app:/pay/ok", "it.campanile.app:/pay/cancel", "it.campanile.app:/pay/error")
    }
}

enum class Outcome { PAID, NOT_PAID, UNKNOWN }

/** What the core decided once the payer came back (or asked again). */
data class SettlementInfo(
    val outcome: Outcome,
    /** The outcome in words, in the person's language. */
    val text: String,
    /** Whether "ask again" is offered. */
    val canAskAgain: Boolean,
)

interface PaymentsPort {
    /** Reads a notice from typed or scanned text; checked offline. */
    fun parse(text: String): NoticeInfo
    /** Finds the notices in a camera frame (PNG or JPEG bytes). */
    suspend fun scan(image: ByteArray): List<ScannedInfo>
    suspend fun verify(rptIds: List<String>): AttemptInfo
    suspend fun start(rptIds: List<String>, okUrl: String, cancelUrl: String, errorUrl: String): Pair<AttemptInfo, String>
    /**
     * Settles a payment: `returnedUrl` is the address that opened the app (null when the payer
     * came back without one, or asks again). The core records the return, asks pagoPA and
     * decides; it fails only for bad input, never because pagoPA did not answer.
     */
    suspend fun settle(rptId: String, attemptId: Long?, returnedUrl: String?, urls: ReturnUrls): SettlementInfo
    fun formatAmount(cents: Long): String
    fun receipts(): List<ReceiptInfo>
    fun receiptPdf(rptId: String): ByteArray
}

/** How pressing a practice's deadline is, from the core's code; NONE without a clock. */
enum class Urgency {
    OVERDUE, TODAY, SOON, LATER, SUSPENDED, CONCLUDED, NONE;

    companion object {
        /** The core's code (`overdue`, `today`, `soon`, `later`, `suspended`, `concluded`). */
        fun of(code: String?): Urgency = entries.firstOrNull { it.name.lowercase() == code } ?: NONE
    }
}

/** A row of a person's practices, as the core orders and words it. */
data class PracticeRowInfo(
    val id: String,
    val subject: String,
    val state: String,
    /** The due date (`YYYY-MM-DD`), null without a clock. */
    val due: String?,
    /** The deadline today in words ("3 days left"); null without a clock. */
    val deadlineText: String?,
    val urgency: Urgency,
)

data class Notification(
    /** Stable per subject, so a newer change replaces the older notification (`more`: the summary). */
    val key: String,
    val subjectId: String,
    /** In the person's language. */
    val text: String,
    val urgent: Boolean,
)

/** What to post, and the cursor to keep once posted. */
data class PollInfo(val notifications: List<Notification>, val cursor: String, val first: Boolean)

interface PracticesPort {
    /** A person's practices, already in the order to show (the most pressing first). */
    fun worklist(applicant: String?): List<PracticeRowInfo>
    /** What to notify since `cursor` (null on the first poll: nothing, only the feed's end). */
    fun notifications(person: String, cursor: String?, max: Int): PollInfo
}

data class SessionInfo(val url: String, val subject: String, val role: String)

interface HubPort {
    fun signInUrl(hubUrl: String, returnTo: String): String
    /**
     * The app was opened by `returnedUrl`: null when it is not the sign-in's return; the hub's
     * refusal as a [CoreFailure]; otherwise signed in.
     */
    suspend fun finishSignIn(hubUrl: String, returnedUrl: String, returnTo: String): SessionInfo?
    fun session(): SessionInfo?
    suspend fun sync()
    fun logout()
}
