// The ports of the logic module implemented over the generated UniFFI bindings
// (uniffi.campanile_ffi, generated at build time by scripts/android-build.sh, never committed).
// No Android import here: scripts/android-logic-test.sh compiles this file against the
// bindings generated from the real core and runs it on the JVM, which proves it matches the
// bindings' API.
package it.campanile.app.core

import it.campanile.app.logic.AdvertIn
import it.campanile.app.logic.AttemptInfo
import it.campanile.app.logic.BeaconFeed
import it.campanile.app.logic.BeaconsPort
import it.campanile.app.logic.CoreFailure
import it.campanile.app.logic.FailureKind
import it.campanile.app.logic.HubPort
import it.campanile.app.logic.LatLon
import it.campanile.app.logic.NoticeInfo
import it.campanile.app.logic.Notification
import it.campanile.app.logic.Outcome
import it.campanile.app.logic.PaymentsPort
import it.campanile.app.logic.PlaceDetail
import it.campanile.app.logic.PlaceSummary
import it.campanile.app.logic.PlacesPort
import it.campanile.app.logic.PollInfo
import it.campanile.app.logic.PracticeRowInfo
import it.campanile.app.logic.PracticesPort
import it.campanile.app.logic.ProximityIn
import it.campanile.app.logic.ReceiptInfo
import it.campanile.app.logic.ReturnUrls
import it.campanile.app.logic.ScannedInfo
import it.campanile.app.logic.SessionInfo
import it.campanile.app.logic.SettlementInfo
import it.campanile.app.logic.Urgency
import uniffi.campanile_ffi.Advert
import uniffi.campanile_ffi.Attempt
import uniffi.campanile_ffi.CampanileException
import uniffi.campanile_ffi.Core
import uniffi.campanile_ffi.ErrorClass
import uniffi.campanile_ffi.HubSession
import uniffi.campanile_ffi.Notice
import uniffi.campanile_ffi.PaymentOutcome
import uniffi.campanile_ffi.ProximityEvent
import uniffi.campanile_ffi.ProximityListener
import uniffi.campanile_ffi.SearchRequest

/** Runs a core call, turning the core's one error into the logic's. */
internal inline fun <T> core(block: () -> T): T = try {
    block()
} catch (e: CampanileException.Core) {
    throw e.toFailure()
}

fun CampanileException.Core.toFailure(): CoreFailure = CoreFailure(
    when (errorClass) {
        ErrorClass.BAD_INPUT -> FailureKind.BAD_INPUT
        ErrorClass.UNAVAILABLE -> FailureKind.UNAVAILABLE
        ErrorClass.OUTCOME_UNKNOWN -> FailureKind.OUTCOME_UNKNOWN
        ErrorClass.NOT_FOUND -> FailureKind.NOT_FOUND
        ErrorClass.CONFLICT -> FailureKind.CONFLICT
        ErrorClass.INTERNAL -> FailureKind.INTERNAL
    },
    code,
    text,
)

class CorePlaces(private val handle: Core) : PlacesPort {
    private val places = handle.places()

    override fun search(text: String, near: LatLon?, limit: Int): List<PlaceSummary> = core {
        places.search(SearchRequest(text, near?.lat, near?.lon, null, null, limit.toUInt())).map {
            PlaceSummary(it.id, it.name, it.category, it.comune, it.lat, it.lon, it.distanceText)
        }
    }

    override fun place(id: String): PlaceDetail = core {
        val p = places.place(id)
        PlaceDetail(p.id, p.name, p.category, p.description, p.address, p.comune, p.lat, p.lon, p.openingHours, p.phone, p.website)
    }

    override fun count(): Long = core { places.count().toLong() }
}

class CoreBeacons(private val handle: Core) : BeaconsPort {
    private val beacons = handle.beacons()

    override fun registered(): Long = core { beacons.registered().toLong() }

    override fun session(listener: (ProximityIn) -> Unit): BeaconFeed = core {
        val session = beacons.session(object : ProximityListener {
            override fun onEvent(event: ProximityEvent) {
                listener(ProximityIn(event.enter, event.atMs, event.poiId, event.name, event.zone, event.text))
            }
        })
        object : BeaconFeed {
            override fun onAdverts(adverts: List<AdvertIn>): Int =
                session.onAdverts(adverts.map { Advert(it.bytes, it.rssi.coerceIn(-128, 127).toShort(), it.atMs) }).toInt()

            override fun tick(nowMs: Long): Int = session.tick(nowMs).toInt()
        }
    }
}

private fun Notice.info() = NoticeInfo(rptId, creditor, noticeNumber, amountCents?.toLong(), amountText)

private fun Attempt.info() = AttemptInfo(id, state, notices, amountCents?.toLong(), checkoutUrl)

private fun HubSession.info() = SessionInfo(url, subject, role)

class CorePayments(private val handle: Core) : PaymentsPort {
    private val payments = handle.payments()

    override fun parse(text: String): NoticeInfo = core { payments.parse(text, null).info() }

    override suspend fun scan(image: ByteArray): List<ScannedInfo> = core {
        payments.scanPhoto(image, null, null).map { ScannedInfo(it.text, it.notice?.info(), it.error) }
    }

    override suspend fun verify(rptIds: List<String>): AttemptInfo = core { payments.verify(rptIds).info() }

    override suspend fun start(rptIds: List<String>, okUrl: String, cancelUrl: String, errorUrl: String): Pair<AttemptInfo, String> = core {
        val s = payments.start(rptIds, okUrl, cancelUrl, errorUrl, null)
        s.attempt.info() to s.checkoutUrl
    }

    override suspend fun settle(rptId: String, attemptId: Long?, returnedUrl: String?, urls: ReturnUrls): SettlementInfo = core {
        val s = payments.settle(rptId, attemptId, returnedUrl, urls.ok, urls.cancel, urls.error)
        val outcome = when (s.outcome) {
            PaymentOutcome.PAID -> Outcome.PAID
            PaymentOutcome.NOT_PAID -> Outcome.NOT_PAID
            PaymentOutcome.UNKNOWN -> Outcome.UNKNOWN
        }
        SettlementInfo(outcome, s.text, s.canAskAgain)
    }

    override fun formatAmount(cents: Long): String = payments.formatAmount(cents.toULong())

    override fun receipts(): List<ReceiptInfo> = core {
        payments.receipts().map { ReceiptInfo(it.rptId, it.amountText, it.description, it.payeeName) }
    }

    override fun receiptPdf(rptId: String): ByteArray = core { payments.receiptPdf(rptId) }
}

class CorePractices(private val handle: Core) : PracticesPort {
    private val practices = handle.practices()

    override fun worklist(applicant: String?): List<PracticeRowInfo> = core {
        practices.worklist(applicant, false).map { r ->
            val d = r.deadline
            PracticeRowInfo(r.practice.id, r.practice.subject, r.practice.state, d?.due, d?.statusText, Urgency.of(d?.urgency))
        }
    }

    override fun notifications(person: String, cursor: String?, max: Int): PollInfo = core {
        val poll = practices.notifications(person, cursor, max.coerceAtLeast(0).toUInt())
        PollInfo(poll.notifications.map { Notification(it.key, it.subjectId, it.text, it.urgent) }, poll.cursor, poll.first)
    }
}

class CoreHub(private val handle: Core) : HubPort {
    private val hub = handle.hub()

    override fun signInUrl(hubUrl: String, returnTo: String): String = hub.signInUrl(hubUrl, returnTo)

    override suspend fun finishSignIn(hubUrl: String, returnedUrl: String, returnTo: String): SessionInfo? = core {
        hub.finishSignIn(hubUrl, returnedUrl, returnTo)?.info()
    }

    override fun session(): SessionInfo? = core { hub.status(0u).session?.info() }

    override suspend fun sync() {
        core { hub.sync() }
    }

    override fun logout() = core { hub.logout() }
}
