// Paying a notice: scanned (camera frame or typed) → verified with pagoPA → paying in Checkout
// → the outcome, settled with pagoPA. Only pagoPA's "paid" is shown as paid; a payment whose
// outcome is not known is shown as "unknown, ask again" with a button to ask again — never as
// paid, never as failed.
package it.campanile.app.logic

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.util.concurrent.atomic.AtomicBoolean

enum class Outcome { PAID, NOT_PAID, UNKNOWN }

sealed interface PaymentState {
    /** The camera is open (or the person types the notice). */
    data class Scanning(val hint: UiText? = null) : PaymentState
    data class Scanned(val notice: NoticeInfo) : PaymentState
    data class Verifying(val notice: NoticeInfo) : PaymentState
    data class Verified(val notice: NoticeInfo, val attempt: AttemptInfo, val amountText: String?) : PaymentState
    data class Starting(val notice: NoticeInfo) : PaymentState
    /** Open `checkoutUrl` in a Custom Tab / the system browser; the return URL comes back. */
    data class Paying(val notice: NoticeInfo, val attemptId: Long, val checkoutUrl: String) : PaymentState
    data class Settling(val notice: NoticeInfo, val attemptId: Long?) : PaymentState
    data class Settled(val notice: NoticeInfo, val attemptId: Long?, val outcome: Outcome, val message: UiText) : PaymentState {
        /** "Ask again" is offered only when the outcome is not known. */
        val canAskAgain: Boolean get() = outcome == Outcome.UNKNOWN
    }
    /** A failure before any payment was opened: safe to try again. */
    data class Failed(val notice: NoticeInfo?, val message: UiText) : PaymentState
}

/** Where Checkout sends the payer back: the app's own address (an Android app link, an iOS URL type). */
data class ReturnUrls(val ok: String, val cancel: String, val error: String) {
    /** `ok`, `cancel` or `error` for a URL the app was opened with; null when not a return. */
    fun hintFor(url: String): String? {
        val base = url.substringBefore('?').substringBefore('#')
        return when (base) {
            ok -> "ok"
            cancel -> "cancel"
            error -> "error"
            else -> null
        }
    }

    companion object {
        val APP = ReturnUrls("it.campanile.app:/pay/ok", "it.campanile.app:/pay/cancel", "it.campanile.app:/pay/error")
    }
}

class PaymentViewModel(
    private val scope: CoroutineScope,
    private val payments: PaymentsPort,
    private val urls: ReturnUrls = ReturnUrls.APP,
    private val io: CoroutineDispatcher = Dispatchers.IO,
) {
    private val _state = MutableStateFlow<PaymentState>(PaymentState.Scanning())
    val state: StateFlow<PaymentState> = _state
    private val scanBusy = AtomicBoolean(false)

    /**
     * A camera frame (JPEG or PNG bytes). Frames arriving while one is being read are dropped,
     * so the camera never queues work; the first valid notice ends scanning.
     */
    fun onFrame(image: ByteArray): Job? {
        if (_state.value !is PaymentState.Scanning) return null
        if (!scanBusy.compareAndSet(false, true)) return null
        return scope.launch {
            try {
                val found = withContext(io) { payments.scan(image) }
                if (_state.value !is PaymentState.Scanning) return@launch
                val notice = found.firstNotNullOfOrNull { it.notice }
                _state.value = when {
                    notice != null -> PaymentState.Scanned(notice)
                    found.isNotEmpty() -> PaymentState.Scanning(found.first().error?.let { UiText.Core(it) })
                    else -> PaymentState.Scanning()
                }
            } catch (e: CoreFailure) {
                // A frame that cannot be read is not the person's problem: keep scanning.
                if (_state.value is PaymentState.Scanning) _state.value = PaymentState.Scanning()
            } finally {
                scanBusy.set(false)
            }
        }
    }

    /** The notice typed (QR text, RptId): read offline. */
    fun onTyped(text: String) {
        _state.value = try {
            PaymentState.Scanned(payments.parse(text.trim()))
        } catch (e: CoreFailure) {
            PaymentState.Scanning(UiText.Core(e.text))
        }
    }

    /** Asks pagoPA for the amount and the creditor: no payment is opened. */
    fun verify(): Job? {
        val s = _state.value as? PaymentState.Scanned ?: return null
        _state.value = PaymentState.Verifying(s.notice)
        return scope.launch {
            _state.value = try {
                val attempt = withContext(io) { payments.verify(listOf(s.notice.rptId)) }
                val amount = attempt.amountCents?.let { payments.formatAmount(it) } ?: s.notice.amountText
                PaymentState.Verified(s.notice, attempt, amount)
            } catch (e: CoreFailure) {
                PaymentState.Failed(s.notice, UiText.Core(e.text))
            }
        }
    }

    /** Hands the notice to Checkout: the state becomes Paying with the URL to open. */
    fun pay(): Job? {
        val s = _state.value as? PaymentState.Verified ?: return null
        _state.value = PaymentState.Starting(s.notice)
        return scope.launch {
            _state.value = try {
                val (attempt, url) = withContext(io) {
                    payments.start(listOf(s.notice.rptId), urls.ok, urls.cancel, urls.error)
                }
                PaymentState.Paying(s.notice, attempt.id, url)
            } catch (e: CoreFailure) {
                if (e.kind == FailureKind.OUTCOME_UNKNOWN) {
                    // The cart may exist: settle with pagoPA rather than offering to pay again.
                    PaymentState.Settled(s.notice, null, Outcome.UNKNOWN, Msg.PAY_UNKNOWN_ASK_AGAIN.text())
                } else {
                    PaymentState.Failed(s.notice, UiText.Core(e.text))
                }
            }
        }
    }

    /** The app was opened by a return URL (or the person came back without one: `hint` null). */
    fun onReturn(url: String?): Job? {
        val s = _state.value as? PaymentState.Paying ?: return null
        val hint = url?.let { urls.hintFor(it) }
        _state.value = PaymentState.Settling(s.notice, s.attemptId)
        return scope.launch { settle(s.notice, s.attemptId, hint) }
    }

    /** "Unknown, ask again": asks pagoPA once more. */
    fun askAgain(): Job? {
        val s = _state.value as? PaymentState.Settled ?: return null
        if (!s.canAskAgain) return null
        _state.value = PaymentState.Settling(s.notice, s.attemptId)
        return scope.launch { settle(s.notice, s.attemptId, null) }
    }

    /** Back to the camera for another notice. */
    fun reset() {
        _state.value = PaymentState.Scanning()
    }

    private suspend fun settle(notice: NoticeInfo, attemptId: Long?, hint: String?) {
        val attemptState = if (attemptId != null && hint != null) {
            try {
                withContext(io) { payments.recordReturn(attemptId, hint) }.state
            } catch (e: CoreFailure) {
                null
            }
        } else {
            null
        }
        val status = try {
            withContext(io) { payments.check(notice.rptId) }
        } catch (e: CoreFailure) {
            null
        }
        _state.value = decide(notice, attemptId, attemptState, status)
    }

    companion object {
        /**
         * The outcome from what the ledger and pagoPA say. Paid only on pagoPA's "paid"; not paid
         * only when the attempt is closed without a payment and pagoPA does not say otherwise;
         * anything else (no answer, in progress, a contradiction) is unknown.
         */
        fun decide(notice: NoticeInfo, attemptId: Long?, attemptState: String?, status: String?): PaymentState.Settled {
            val closedUnpaid = attemptState in setOf("cancelled", "failed", "expired")
            return when {
                status == "paid" -> PaymentState.Settled(notice, attemptId, Outcome.PAID, Msg.PAY_PAID.text())
                closedUnpaid && status in setOf("not-paid", "payable", "unseen") ->
                    PaymentState.Settled(notice, attemptId, Outcome.NOT_PAID, Msg.PAY_NOT_PAID.text())
                else -> PaymentState.Settled(notice, attemptId, Outcome.UNKNOWN, Msg.PAY_UNKNOWN_ASK_AGAIN.text())
            }
        }
    }
}
