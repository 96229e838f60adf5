// Fakes of the ports: what the core would answer, scripted by each test.
package it.campanile.app.logic

import java.util.concurrent.CopyOnWriteArrayList

class FakePlaces(private val delayMs: Map<String, Long> = emptyMap()) : PlacesPort {
    val queries = CopyOnWriteArrayList<String>()
    val places = listOf(
        PlaceSummary("p1", "Pinacoteca Civica", "museum", "Ascoli Piceno", 42.85, 13.57, null),
        PlaceSummary("p2", "Duomo di Fermo", "church", "Fermo", 43.16, 13.72, null),
    )

    override fun search(text: String, near: LatLon?, limit: Int): List<PlaceSummary> {
        queries += text
        delayMs[text]?.let { Thread.sleep(it) }
        if (text == "!") throw CoreFailure(FailureKind.BAD_INPUT, "search.bad-query", "Bad query")
        if (text == "boom") throw CoreFailure(FailureKind.INTERNAL, "db.broken", "Broken")
        return places.filter { p -> text.split(' ').all { w -> p.name.lowercase().split(' ').any { it.startsWith(w.lowercase()) } } }
            .map { if (near != null) it.copy(distanceText = "1 km") else it }
    }

    override fun place(id: String): PlaceDetail = throw CoreFailure(FailureKind.NOT_FOUND, "places.not-found", id)
    override fun count(): Long = places.size.toLong()
}

class FakeFeed(private val onEvent: (ProximityIn) -> Unit) : BeaconFeed {
    val batches = CopyOnWriteArrayList<Int>()
    var ticks = 0
    /** Adverts whose first byte is 1 enter p2; 2 leaves it. */
    override fun onAdverts(adverts: List<AdvertIn>): Int {
        batches += adverts.size
        var n = 0
        for (a in adverts) {
            when (a.bytes.firstOrNull()?.toInt()) {
                1 -> { onEvent(ProximityIn(true, a.atMs, "p2", "Duomo di Fermo", "near", "You are at Duomo di Fermo")); n++ }
                2 -> { onEvent(ProximityIn(false, a.atMs, "p2", "Duomo di Fermo", "near", "You left Duomo di Fermo")); n++ }
            }
        }
        return n
    }
    override fun tick(nowMs: Long): Int { ticks++; return 0 }
}

class FakeBeacons(private val count: Long = 2) : BeaconsPort {
    var feed: FakeFeed? = null
    override fun registered(): Long = count
    override fun session(listener: (ProximityIn) -> Unit): BeaconFeed = FakeFeed(listener).also { feed = it }
}

val NOTICE = NoticeInfo("00085240950300715700000000032", "00085240950", "300715700000000032", 12345, "€ 123,45")

class FakePayments : PaymentsPort {
    var scanResult: List<ScannedInfo> = emptyList()
    var scanCalls = 0
    var scanGate: java.util.concurrent.CountDownLatch? = null
    var verifyFailure: CoreFailure? = null
    var startFailure: CoreFailure? = null
    /** The core's answers to `settle`, in turn; unknown (ask again) when none is left. */
    val settlements = ArrayDeque<SettlementInfo>()
    var settleFailure: CoreFailure? = null
    val calls = CopyOnWriteArrayList<String>()
    val settleUrls = CopyOnWriteArrayList<ReturnUrls>()

    override fun parse(text: String): NoticeInfo =
        if (text == NOTICE.rptId) NOTICE else throw CoreFailure(FailureKind.BAD_INPUT, "notice.bad-check-digit", "Wrong check digit")

    override suspend fun scan(image: ByteArray): List<ScannedInfo> {
        scanCalls++
        scanGate?.await()
        return scanResult
    }

    override suspend fun verify(rptIds: List<String>): AttemptInfo {
        calls += "verify"
        verifyFailure?.let { throw it }
        return AttemptInfo(1, "verified", rptIds, 12345, null)
    }

    override suspend fun start(rptIds: List<String>, okUrl: String, cancelUrl: String, errorUrl: String): Pair<AttemptInfo, String> {
        calls += "start $okUrl"
        startFailure?.let { throw it }
        return AttemptInfo(2, "checkout-started", rptIds, 12345, "https://checkout.example/c/1") to "https://checkout.example/c/1"
    }

    override suspend fun settle(rptId: String, attemptId: Long?, returnedUrl: String?, urls: ReturnUrls): SettlementInfo {
        calls += "settle $rptId $attemptId $returnedUrl"
        settleUrls += urls
        settleFailure?.let { throw it }
        return settlements.removeFirstOrNull() ?: UNKNOWN
    }

    override fun formatAmount(cents: Long): String = "€ %d,%02d".format(cents / 100, cents % 100)
    override fun receipts(): List<ReceiptInfo> = emptyList()
    override fun receiptPdf(rptId: String): ByteArray = ByteArray(0)

    companion object {
        val PAID = SettlementInfo(Outcome.PAID, "Paid (the core's words)", false)
        val NOT_PAID = SettlementInfo(Outcome.NOT_PAID, "Not paid (the core's words)", false)
        val UNKNOWN = SettlementInfo(Outcome.UNKNOWN, "Not known yet (the core's words)", true)
    }
}

/** The core's answers, scripted: rows in the core's order, polls in turn. */
class FakePractices : PracticesPort {
    var rows = listOf(
        PracticeRowInfo("b", "SCIA bar", "received", "2026-12-01", "Overdue by 4 days", Urgency.OVERDUE),
        PracticeRowInfo("a", "Occupazione di suolo pubblico", "under-review", "2026-12-20", "15 days left", Urgency.LATER),
        PracticeRowInfo("c", "Permesso di costruire", "suspended", "2027-01-10", "Clock stopped", Urgency.SUSPENDED),
        PracticeRowInfo("d", "Passo carrabile", "concluded", null, null, Urgency.NONE),
    )
    var worklistFailure: CoreFailure? = null
    val worklistAsked = CopyOnWriteArrayList<String?>()
    /** The core's answers to `notifications`, in turn. */
    val polls = ArrayDeque<PollInfo>()
    /** Each poll as asked: person, cursor, max. */
    val pollsAsked = CopyOnWriteArrayList<Triple<String, String?, Int>>()

    override fun worklist(applicant: String?): List<PracticeRowInfo> {
        worklistAsked += applicant
        worklistFailure?.let { throw it }
        return rows
    }

    override fun notifications(person: String, cursor: String?, max: Int): PollInfo {
        pollsAsked += Triple(person, cursor, max)
        return polls.removeFirst()
    }
}

class MemoryCursors : CursorStore {
    val cursors = HashMap<String, String>()
    override fun get(person: String): String? = cursors[person]
    override fun set(person: String, cursor: String) { cursors[person] = cursor }
}
