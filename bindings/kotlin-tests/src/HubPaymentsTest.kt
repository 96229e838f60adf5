// A device signed in to the hub (on 127.0.0.1, with its development login) pays a notice on
// the project's fake pagoPA platform through it, with no pagoPA key of its own; then the
// practices the hub holds for the citizen come down with a sync.
package campanile.ffi.tests

import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import uniffi.campanile_ffi.ErrorClass
import uniffi.campanile_ffi.PaymentOutcome

const val CITIZEN = "RSSMRA80A01H501U"
const val STAFF = "NREPLA66D03D542W"
const val FERMO = "109006"

class HubPaymentsTest {
    @Test
    fun aSignedInDevicePaysThroughTheHub() = runBlocking {
        val secrets = MemorySecrets()
        val core = openCore(secrets)
        val (rptId, cents) = FakeStack.notices.first()
        // Neither signed in nor holding keys: the device cannot ask pagoPA.
        val noKey = expectCoreError { runBlocking { core.payments().verify(listOf(rptId)) } }
        assertTrue(noKey.errorClass != ErrorClass.OUTCOME_UNKNOWN)

        val session = core.hub().loginDev(FakeStack.hub, CITIZEN, "citizen", null)
        assertEquals(CITIZEN, session.subject)
        assertTrue(secrets.values.containsKey("hub-token"), secrets.values.keys.toString())
        assertEquals(CITIZEN, core.hub().status(10u).session?.subject)

        val verified = core.payments().verify(listOf(rptId))
        assertEquals("verified", verified.state)
        assertEquals(cents.toULong(), verified.amountCents)

        val back = "https://app.example/pay"
        val started = core.payments().start(listOf(rptId), "$back/ok", "$back/cancel", "$back/error", null)
        assertEquals("checkout-started", started.attempt.state)
        // The payer pays on the (fake) Checkout page and is sent back to the ok URL.
        val page = http("GET", started.checkoutUrl, headers = mapOf("x-fake-payer" to "pay"))
        assertEquals(302, page.status, page.body)
        assertEquals("$back/ok", page.location?.substringBefore('?'))
        assertEquals("ok", core.payments().returnHint(page.location!!, "$back/ok", "$back/cancel", "$back/error"))
        assertNull(core.payments().returnHint("it.campanile.app:/login#token=x", "$back/ok", "$back/cancel", "$back/error"))

        // The app was opened by the return address: the core records it and asks pagoPA.
        val settled = core.payments().settle(rptId, started.attempt.id, page.location, "$back/ok", "$back/cancel", "$back/error")
        assertEquals(PaymentOutcome.PAID, settled.outcome, settled.toString())
        assertEquals("paid", settled.status)
        assertEquals(false, settled.canAskAgain)
        assertEquals("paid", settled.attempt?.state)
        assertTrue(settled.text.isNotBlank() && !settled.text.startsWith("pay-"), settled.text)
        val receipts = core.payments().receipts()
        assertEquals(listOf(rptId), receipts.map { it.rptId })
        assertNotNull(receipts.first().amountText)
        assertTrue(core.payments().receiptPdf(rptId).copyOfRange(0, 5).decodeToString() == "%PDF-")
        val ledger = core.payments().attempts(10u)
        assertTrue(ledger.any { it.id == started.attempt.id && it.state == "paid" }, ledger.toString())
        assertEquals(ledger.map { it.id }, core.payments().attemptsOffline(10u).map { it.id })

        core.hub().logout()
        assertNull(core.hub().status(10u).session)
        assertEquals("paid", core.payments().status(rptId).status)
    }

    @Test
    fun aPayerWhoCancelsIsNeverShownPaid() = runBlocking {
        val core = openCore()
        core.hub().loginDev(FakeStack.hub, CITIZEN, "citizen", null)
        val (rptId, _) = FakeStack.notices[1]
        val back = "https://app.example/pay"
        val started = core.payments().start(listOf(rptId), "$back/ok", "$back/cancel", "$back/error", null)
        val page = http("GET", started.checkoutUrl, headers = mapOf("x-fake-payer" to "cancel"))
        assertEquals("$back/cancel", page.location?.substringBefore('?'), page.body)
        val settled = core.payments().settle(rptId, started.attempt.id, page.location, "$back/ok", "$back/cancel", "$back/error")
        assertTrue(settled.outcome != PaymentOutcome.PAID, settled.toString())
        assertEquals(settled.outcome == PaymentOutcome.UNKNOWN, settled.canAskAgain)
        // pagoPA cannot be asked (nothing listens there): the outcome is unknown, to be asked
        // again — not an error, and never paid.
        val dead = "http://127.0.0.1:9"
        val cut = openCore(platform = dead)
        val unknown = cut.payments().settle(rptId, null, null, "$back/ok", "$back/cancel", "$back/error")
        assertEquals(PaymentOutcome.UNKNOWN, unknown.outcome, unknown.toString())
        assertTrue(unknown.canAskAgain)
        assertNull(unknown.status)
        val bad = expectCoreError { runBlocking { core.payments().settle(rptId, null, null, "not a url", dead, dead) } }
        assertEquals(ErrorClass.BAD_INPUT, bad.errorClass)
    }

    @Test
    fun thePracticesOfTheHubComeDownWithASync() = runBlocking {
        // Staff open a practice for the citizen at the hub.
        val login = http("POST", "${FakeStack.hub}/api/v1/dev/login",
            """{"subject": "$STAFF", "role": "staff", "comune": "$FERMO"}""")
        assertEquals(200, login.status, login.body)
        val token = jsonString(login.body, "token")!!
        val opened = http("POST", "${FakeStack.hub}/api/v1/practices",
            """{"procedure": "SUAP-OSP", "applicant": "$CITIZEN", "subject": "Occupazione di suolo pubblico",
               "comune": "$FERMO", "received": "2026-11-02"}""",
            mapOf("Authorization" to "Bearer $token", "Idempotency-Key" to "kt-${System.nanoTime()}"))
        assertEquals(201, opened.status, opened.body)
        val id = jsonString(opened.body, "id")!!

        val core = openCore()
        core.hub().loginDev(FakeStack.hub, CITIZEN, "citizen", null)
        val summary = core.hub().sync()
        assertTrue(summary.practices >= 1uL, summary.json)
        assertEquals(0uL, core.hub().status(10u).pending)

        val mine = core.practices().list(CITIZEN, false)
        assertTrue(mine.any { it.id == id }, mine.toString())
        val practice = core.practices().get(id)
        assertEquals("Occupazione di suolo pubblico", practice.subject)
        val timeline = core.practices().timeline(id)
        assertTrue(timeline.isNotEmpty())
        core.practices().practiceDeadline(id)?.let { assertTrue(it.due.startsWith("20")) }

        val deadline = core.practices().deadline("ordinary", "2026-11-02", 30u, FERMO)
        assertTrue(deadline.due > "2026-12-01", deadline.due)
        assertTrue(deadline.chain.isNotEmpty())
        val bad = expectCoreError { core.practices().deadline("ordinary", "2 November", null, null) }
        assertEquals(ErrorClass.BAD_INPUT, bad.errorClass)

        val page = core.practices().changes(CITIZEN, null, 50u)
        assertTrue(page.cursor.isNotEmpty())
        val next = core.practices().changes(CITIZEN, page.cursor, 50u)
        assertTrue(next.changes.isEmpty())

        // The list as the person sees it: the core puts the deadline in words and the order.
        val rows = core.practices().worklist(CITIZEN, false)
        val row = rows.first { it.practice.id == id }
        val clock = assertNotNull(row.deadline)
        assertTrue(clock.urgency in setOf("overdue", "today", "soon", "later", "suspended"), clock.toString())
        assertTrue(!clock.statusText.isNullOrBlank() && !clock.statusText!!.startsWith("practices-"), clock.toString())

        // Background polls: the first takes the feed's end and notifies nothing; after the
        // office asks for documents, the next one notifies that practice once.
        val first = core.practices().notifications(CITIZEN, null, 5u)
        assertTrue(first.first && first.notifications.isEmpty(), first.toString())
        val event = http("POST", "${FakeStack.hub}/api/v1/practices/$id/events",
            """{"kind": "integration_requested", "note": "Manca la planimetria"}""",
            mapOf("Authorization" to "Bearer $token", "Idempotency-Key" to "kt-ev-${System.nanoTime()}"))
        assertEquals(201, event.status, event.body)
        core.hub().sync()
        val poll = core.practices().notifications(CITIZEN, first.cursor, 5u)
        assertTrue(!poll.first, poll.toString())
        val note = poll.notifications.single { it.subjectId == id }
        assertEquals("practice:$id", note.key)
        assertTrue(note.text.contains(id), note.text)
        assertTrue(poll.cursor != first.cursor)
        assertTrue(core.practices().notifications(CITIZEN, poll.cursor, 5u).notifications.isEmpty())
    }
}
