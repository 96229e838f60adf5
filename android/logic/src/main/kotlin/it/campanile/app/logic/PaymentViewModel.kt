// Paying a notice: scanned (camera frame or typed) → verified with pagoPA → paying in Checkout
// → settled. The outcome, its words and whether "ask again" is offered are the core's
// (`Payments.settle`): this only carries the return address and the attempt to it and shows
// what it says.
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
    /** The core's outcome and words; "ask again" is offered when the core says so. */
    data class Settled(
        val notice: NoticeInfo,
        val attemptId: Long?,
        val outcome: Outcome,
        val message: UiText,
        val canAskAgain: Boolean,
    ) : PaymentState
    /** A failure before any payment was opened: safe to try again. */
    data class Failed(val notice: NoticeInfo?, val message: UiText) : PaymentState
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
            val started = try {
                withContext(io) { payments.start(listOf(s.notice.rptId), urls.ok, urls.cancel, urls.error) }
            } catch (e: CoreFailure) {
                if (e.kind == FailureKind.OUTCOME_UNKNOWN) {
                    // The cart may exist: settle with pagoPA rather than offering to pay again.
                    _state.value = PaymentState.Settling(s.notice, null)
                    settle(s.notice, null, null)
                } else {
                    _state.value = PaymentState.Failed(s.notice, UiText.Core(e.text))
                }
                return@launch
            }
            _state.value = PaymentState.Paying(s.notice, started.first.id, started.second)
        }
    }

    /** The app was opened by a return URL (or the person came back without one: `url` null). */
    fun onReturn(url: String?): Job? {
        val s = _state.value as? PaymentState.Paying ?: return null
        _state.value = PaymentState.Settling(s.notice, s.attemptId)
        return scope.launch { settle(s.notice, s.attemptId, url) }
    }

    /** "Ask again": asks pagoPA once more, when the core offered it. */
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

    private suspend fun settle(notice: NoticeInfo, attemptId: Long?, returnedUrl: String?) {
        _state.value = try {
            val r = withContext(io) { payments.settle(notice.rptId, attemptId, returnedUrl, urls) }
            PaymentState.Settled(notice, attemptId, r.outcome, UiText.Core(r.text), r.canAskAgain)
        } catch (e: CoreFailure) {
            // The core refused the question itself (it never fails for pagoPA's silence):
            // nothing is known of the payment, so never offer to pay again — only to ask again.
            PaymentState.Settled(notice, attemptId, Outcome.UNKNOWN, UiText.Core(e.text), canAskAgain = true)
        }
    }
}
