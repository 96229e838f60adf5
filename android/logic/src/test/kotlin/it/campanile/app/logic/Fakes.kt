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
    var returnState = "paid"
    var returnFailure: CoreFailure? = null
    val statuses = ArrayDeque<String>()
    var checkFailure: CoreFailure? = null
    val calls = CopyOnWriteArrayList<String>()

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

    override suspend fun recordReturn(attemptId: Long, hint: String): AttemptInfo {
        calls += "return $attemptId $hint"
        returnFailure?.let { throw it }
        return AttemptInfo(attemptId, returnState, listOf(NOTICE.rptId), 12345, null)
    }

    override suspend fun check(rptId: String): String {
        calls += "check"
        checkFailure?.let { throw it }
        return statuses.removeFirstOrNull() ?: "in-progress"
    }

    override fun formatAmount(cents: Long): String = "€ %d,%02d".format(cents / 100, cents % 100)
    override fun receipts(): List<ReceiptInfo> = emptyList()
    override fun receiptPdf(rptId: String): ByteArray = ByteArray(0)
}

class FakePractices(private val today: String = "2026-12-05") : PracticesPort {
    var practices = listOf(
        PracticeInfo("a", "Occupazione di suolo pubblico", "under-review", "109006"),
        PracticeInfo("b", "SCIA bar", "received", "109006"),
        PracticeInfo("c", "Permesso di costruire", "suspended", "109006"),
        PracticeInfo("d", "Passo carrabile", "concluded", "109006"),
    )
    var deadlines = mapOf(
        "a" to DeadlineInfo("2026-12-20", false, listOf("30 days")),
        "b" to DeadlineInfo("2026-12-01", false, listOf("60 days")),
        "c" to DeadlineInfo("2027-01-10", true, listOf("suspended")),
    )
    /** The feed: changes by seq; the cursor is the last seq read. */
    val feed = ArrayList<ChangeInfo>()
    val pagesAsked = CopyOnWriteArrayList<String?>()

    override fun list(applicant: String?): List<PracticeInfo> = practices
    override fun deadline(id: String): DeadlineInfo? = deadlines[id]
    override fun today(): String = today

    override fun changes(person: String, cursor: String?, limit: Int): ChangesPageInfo {
        pagesAsked += cursor
        val after = cursor?.toLong() ?: 0
        val rest = feed.filter { it.seq > after }.sortedBy { it.seq }
        val page = rest.take(limit)
        val next = page.lastOrNull()?.seq?.toString() ?: cursor ?: "0"
        return ChangesPageInfo(page, next, rest.size > page.size)
    }
}

class MemoryCursors : CursorStore {
    val cursors = HashMap<String, String>()
    override fun get(person: String): String? = cursors[person]
    override fun set(person: String, cursor: String) { cursors[person] = cursor }
}
