package it.campanile.app.logic

import java.util.concurrent.CountDownLatch
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test

class PaymentViewModelTest {
    private fun vm(scope: kotlinx.coroutines.CoroutineScope, p: FakePayments) =
        PaymentViewModel(scope, p, io = Dispatchers.IO)

    private suspend fun paying(scope: kotlinx.coroutines.CoroutineScope, p: FakePayments): PaymentViewModel {
        val vm = vm(scope, p)
        vm.onTyped(NOTICE.rptId)
        vm.verify()!!.join()
        vm.pay()!!.join()
        assertIs<PaymentState.Paying>(vm.state.value)
        return vm
    }

    @Test
    fun scannedVerifiedPayingPaid() = runBlocking {
        val p = FakePayments()
        p.scanResult = listOf(ScannedInfo("PAGOPA|002|…", NOTICE, null))
        p.settlements += FakePayments.PAID
        val vm = vm(this, p)
        vm.onFrame(byteArrayOf(1))!!.join()
        assertEquals(PaymentState.Scanned(NOTICE), vm.state.value)
        vm.verify()!!.join()
        val verified = assertIs<PaymentState.Verified>(vm.state.value)
        assertEquals("€ 123,45", verified.amountText)
        vm.pay()!!.join()
        val paying = assertIs<PaymentState.Paying>(vm.state.value)
        assertEquals("https://checkout.example/c/1", paying.checkoutUrl)
        vm.onReturn("it.campanile.app:/pay/ok?x=1")!!.join()
        assertEquals(
            PaymentState.Settled(NOTICE, 2, Outcome.PAID, UiText.Core("Paid (the core's words)"), canAskAgain = false),
            vm.state.value,
        )
        // The returned URL, as it came, and the attempt go to the core with the app's addresses.
        assertEquals(
            listOf("verify", "start it.campanile.app:/pay/ok", "settle ${NOTICE.rptId} 2 it.campanile.app:/pay/ok?x=1"),
            p.calls.toList(),
        )
        assertEquals(listOf(ReturnUrls.APP), p.settleUrls.toList())
        assertNull(vm.askAgain())
    }

    @Test
    fun askingAgainSettlesWithNoUrlWhileTheCoreOffersIt() = runBlocking {
        val p = FakePayments()
        p.settlements += FakePayments.UNKNOWN
        val vm = paying(this, p)
        vm.onReturn(null)!!.join() // came back without a return address
        val first = assertIs<PaymentState.Settled>(vm.state.value)
        assertEquals(Outcome.UNKNOWN, first.outcome)
        assertEquals(UiText.Core("Not known yet (the core's words)"), first.message)
        assertTrue(first.canAskAgain)
        p.settlements += FakePayments.UNKNOWN
        vm.askAgain()!!.join()
        assertEquals(Outcome.UNKNOWN, assertIs<PaymentState.Settled>(vm.state.value).outcome)
        p.settlements += FakePayments.PAID
        vm.askAgain()!!.join()
        assertEquals(Outcome.PAID, assertIs<PaymentState.Settled>(vm.state.value).outcome)
        assertEquals(
            listOf("settle ${NOTICE.rptId} 2 null", "settle ${NOTICE.rptId} 2 null", "settle ${NOTICE.rptId} 2 null"),
            p.calls.filter { it.startsWith("settle") },
        )
    }

    @Test
    fun askAgainIsOfferedOnlyWhenTheCoreSaysSo() = runBlocking {
        val p = FakePayments()
        // Whatever the outcome, the button follows the core's answer.
        p.settlements += SettlementInfo(Outcome.UNKNOWN, "Wait", canAskAgain = false)
        val vm = paying(this, p)
        vm.onReturn("it.campanile.app:/pay/cancel")!!.join()
        val s = assertIs<PaymentState.Settled>(vm.state.value)
        assertEquals(Outcome.UNKNOWN, s.outcome)
        assertFalse(s.canAskAgain)
        assertNull(vm.askAgain())

        val q = FakePayments()
        q.settlements += FakePayments.NOT_PAID
        val other = paying(this, q)
        other.onReturn("it.campanile.app:/pay/error")!!.join()
        assertEquals(Outcome.NOT_PAID, assertIs<PaymentState.Settled>(other.state.value).outcome)
        assertNull(other.askAgain())
        assertEquals(1, q.calls.count { it.startsWith("settle") })
    }

    @Test
    fun aReturnOutsideAPaymentIsIgnored() = runBlocking {
        val p = FakePayments()
        val vm = vm(this, p)
        assertNull(vm.onReturn("it.campanile.app:/pay/ok"))
        assertNull(vm.askAgain())
        assertEquals(PaymentState.Scanning(), vm.state.value)
        assertTrue(p.calls.isEmpty())
    }

    @Test
    fun aRefusedSettlementIsUnknownNeverPaidAndCanBeAskedAgain() = runBlocking {
        val p = FakePayments()
        val vm = paying(this, p)
        p.settleFailure = CoreFailure(FailureKind.BAD_INPUT, "pay.bad-return-url", "Bad return address")
        vm.onReturn("it.campanile.app:/pay/ok")!!.join()
        assertEquals(
            PaymentState.Settled(NOTICE, 2, Outcome.UNKNOWN, UiText.Core("Bad return address"), canAskAgain = true),
            vm.state.value,
        )
        p.settleFailure = null
        p.settlements += FakePayments.PAID
        vm.askAgain()!!.join()
        assertEquals(Outcome.PAID, assertIs<PaymentState.Settled>(vm.state.value).outcome)
    }

    @Test
    fun aStartWithAnUnknownOutcomeIsSettledNotOfferedAgain() = runBlocking {
        val p = FakePayments()
        p.startFailure = CoreFailure(FailureKind.OUTCOME_UNKNOWN, "pay.outcome-unknown", "No answer from Checkout")
        val vm = vm(this, p)
        vm.onTyped(NOTICE.rptId)
        vm.verify()!!.join()
        vm.pay()!!.join()
        // No attempt id and no return address: the core asks pagoPA about the notice.
        val s = assertIs<PaymentState.Settled>(vm.state.value)
        assertEquals(PaymentState.Settled(NOTICE, null, Outcome.UNKNOWN, UiText.Core("Not known yet (the core's words)"), true), s)
        assertEquals("settle ${NOTICE.rptId} null null", p.calls.last())
        p.settlements += FakePayments.PAID
        vm.askAgain()!!.join()
        assertEquals(Outcome.PAID, assertIs<PaymentState.Settled>(vm.state.value).outcome)
        assertEquals("settle ${NOTICE.rptId} null null", p.calls.last())
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
}
