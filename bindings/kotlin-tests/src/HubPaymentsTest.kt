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
        core.payments().recordReturn(started.attempt.id, "ok")

        val status = core.payments().check(rptId)
        assertEquals("paid", status.status, status.json)
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
    }
}
