package it.campanile.app.logic

import java.util.concurrent.CountDownLatch
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test

class PaymentViewModelTest {
    private fun vm(scope: kotlinx.coroutines.CoroutineScope, p: FakePayments) =
        PaymentViewModel(scope, p, io = Dispatchers.IO)

    @Test
    fun scannedVerifiedPayingPaid() = runBlocking {
        val p = FakePayments()
        p.scanResult = listOf(ScannedInfo("PAGOPA|002|…", NOTICE, null))
        p.statuses += "paid"
        val vm = vm(this, p)
        vm.onFrame(byteArrayOf(1))!!.join()
        assertEquals(PaymentState.Scanned(NOTICE), vm.state.value)
        vm.verify()!!.join()
        val verified = assertIs<PaymentState.Verified>(vm.state.value)
        assertEquals("€ 123,45", verified.amountText)
        vm.pay()!!.join()
        val paying = assertIs<PaymentState.Paying>(vm.state.value)
        assertEquals("https://checkout.example/c/1", paying.checkoutUrl)
        assertTrue(p.calls.contains("start it.campanile.app:/pay/ok"))
        vm.onReturn("it.campanile.app:/pay/ok?x=1")!!.join()
        val done = assertIs<PaymentState.Settled>(vm.state.value)
        assertEquals(Outcome.PAID, done.outcome)
        assertEquals(listOf("verify", "start it.campanile.app:/pay/ok", "return 2 ok", "check"), p.calls.toList())
        assertNull(vm.askAgain())
    }

    @Test
    fun anUnknownOutcomeIsNeverShownAsPaidAndCanBeAskedAgain() = runBlocking {
        val p = FakePayments()
        // The ledger says paid after the return, but pagoPA's check does not answer: unknown.
        p.returnState = "paid"
        p.checkFailure = CoreFailure(FailureKind.UNAVAILABLE, "pay.unavailable", "No answer")
        val vm = vm(this, p)
        vm.onTyped(NOTICE.rptId)
        vm.verify()!!.join()
        vm.pay()!!.join()
        vm.onReturn("it.campanile.app:/pay/ok")!!.join()
        val first = assertIs<PaymentState.Settled>(vm.state.value)
        assertEquals(Outcome.UNKNOWN, first.outcome)
        assertEquals(Msg.PAY_UNKNOWN_ASK_AGAIN.text(), first.message)
        assertTrue(first.canAskAgain)
        // Asked again: still in progress → still unknown; then paid.
        p.checkFailure = null
        p.statuses += "in-progress"
        vm.askAgain()!!.join()
        assertEquals(Outcome.UNKNOWN, assertIs<PaymentState.Settled>(vm.state.value).outcome)
        p.statuses += "paid"
        vm.askAgain()!!.join()
        assertEquals(Outcome.PAID, assertIs<PaymentState.Settled>(vm.state.value).outcome)
    }

    @Test
    fun theOutcomeRules() {
        fun d(attempt: String?, status: String?) = PaymentViewModel.decide(NOTICE, 1, attempt, status).outcome
        assertEquals(Outcome.PAID, d(null, "paid"))
        assertEquals(Outcome.PAID, d("cancelled", "paid")) // pagoPA's word wins
        assertEquals(Outcome.UNKNOWN, d("paid", null)) // the ledger alone never says paid here
        assertEquals(Outcome.UNKNOWN, d("paid", "in-progress"))
        assertEquals(Outcome.UNKNOWN, d("unknown", "not-paid"))
        assertEquals(Outcome.UNKNOWN, d(null, "not-paid")) // came back with no return URL
        assertEquals(Outcome.NOT_PAID, d("cancelled", "not-paid"))
        assertEquals(Outcome.NOT_PAID, d("failed", "payable"))
        assertEquals(Outcome.UNKNOWN, d("cancelled", null))
    }

    @Test
    fun aStartWithAnUnknownOutcomeIsSettledNotOfferedAgain() = runBlocking {
        val p = FakePayments()
        p.startFailure = CoreFailure(FailureKind.OUTCOME_UNKNOWN, "pay.outcome-unknown", "No answer from Checkout")
        val vm = vm(this, p)
        vm.onTyped(NOTICE.rptId)
        vm.verify()!!.join()
        vm.pay()!!.join()
        val s = assertIs<PaymentState.Settled>(vm.state.value)
        assertEquals(Outcome.UNKNOWN, s.outcome)
        p.statuses += "paid"
        vm.askAgain()!!.join()
        assertEquals(Outcome.PAID, assertIs<PaymentState.Settled>(vm.state.value).outcome)
    }

    @Test
    fun failuresBeforePayingAreSafeToRetryAndBadTextIsExplained() = runBlocking {
        val p = FakePayments()
        val vm = vm(this, p)
        vm.onTyped("123")
        assertEquals(PaymentState.Scanning(UiText.Core("Wrong check digit")), vm.state.value)
        vm.onTyped(NOTICE.rptId)
        p.verifyFailure = CoreFailure(FailureKind.CONFLICT, "pay.already-paid", "Already paid")
        vm.verify()!!.join()
        assertEquals(PaymentState.Failed(NOTICE, UiText.Core("Already paid")), vm.state.value)
        assertNull(vm.pay()) // nothing to pay from a failure
        vm.reset()
        assertEquals(PaymentState.Scanning(), vm.state.value)
    }

    @Test
    fun framesArrivingDuringAScanAreDroppedAndNoiseKeepsScanning() = runBlocking {
        val p = FakePayments()
        val gate = CountDownLatch(1)
        p.scanGate = gate
        val vm = vm(this, p)
        val first = vm.onFrame(byteArrayOf(1))!!
        Thread.sleep(50)
        assertNull(vm.onFrame(byteArrayOf(2)))
        gate.countDown()
        first.join()
        assertEquals(1, p.scanCalls)
        assertEquals(PaymentState.Scanning(), vm.state.value)
        p.scanGate = null
        p.scanResult = listOf(ScannedInfo("PAGOPA|002|bad", null, "Wrong check digit"))
        vm.onFrame(byteArrayOf(3))!!.join()
        assertEquals(PaymentState.Scanning(UiText.Core("Wrong check digit")), vm.state.value)
    }

    @Test
    fun returnUrlsAreRecognised() {
        val u = ReturnUrls.APP
        assertEquals("ok", u.hintFor("it.campanile.app:/pay/ok?outcome=0"))
        assertEquals("cancel", u.hintFor("it.campanile.app:/pay/cancel"))
        assertEquals("error", u.hintFor("it.campanile.app:/pay/error#x"))
        assertNull(u.hintFor("it.campanile.app:/login#token=1"))
    }
}
