// The logic's view models held by androidx ViewModels (their scope ends with the screen's).
package it.campanile.app.ui

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import it.campanile.app.CampanileApp
import it.campanile.app.logic.BeaconViewModel
import it.campanile.app.logic.CoreFailure
import it.campanile.app.logic.PaymentViewModel
import it.campanile.app.logic.PlaceDetail
import it.campanile.app.logic.PracticesViewModel
import it.campanile.app.logic.ReceiptInfo
import it.campanile.app.logic.SearchViewModel
import it.campanile.app.logic.SessionInfo
import it.campanile.app.logic.SignIn
import it.campanile.app.logic.UiText
import it.campanile.app.BuildConfig
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

private val Application.campanile get() = this as CampanileApp

class SearchModel(app: Application) : AndroidViewModel(app) {
    val search = SearchViewModel(viewModelScope, app.campanile.places)
    private val _place = MutableStateFlow<PlaceDetail?>(null)
    val place: StateFlow<PlaceDetail?> = _place

    fun open(id: String) {
        viewModelScope.launch {
            _place.value = withContext(Dispatchers.IO) {
                runCatching { getApplication<CampanileApp>().places.place(id) }.getOrNull()
            }
        }
    }
}

class BeaconModel(app: Application) : AndroidViewModel(app) {
    val beacons = BeaconViewModel(app.campanile.beacons)
}

class PaymentModel(app: Application) : AndroidViewModel(app) {
    val payment = PaymentViewModel(viewModelScope, app.campanile.payments)
    private val _receipts = MutableStateFlow<List<ReceiptInfo>>(emptyList())
    val receipts: StateFlow<List<ReceiptInfo>> = _receipts

    fun loadReceipts() {
        viewModelScope.launch(Dispatchers.IO) {
            _receipts.value = runCatching { getApplication<CampanileApp>().payments.receipts() }.getOrDefault(emptyList())
        }
    }

    suspend fun receiptPdf(rptId: String): ByteArray =
        withContext(Dispatchers.IO) { getApplication<CampanileApp>().payments.receiptPdf(rptId) }
}

class PracticesModel(app: Application) : AndroidViewModel(app) {
    val practices = PracticesViewModel(viewModelScope, app.campanile.practices)
    private val _session = MutableStateFlow<SessionInfo?>(null)
    val session: StateFlow<SessionInfo?> = _session
    private val _signInError = MutableStateFlow<UiText?>(null)
    val signInError: StateFlow<UiText?> = _signInError

    private val hub get() = getApplication<CampanileApp>().hub

    fun refresh() {
        viewModelScope.launch(Dispatchers.IO) {
            val s = runCatching { hub.session() }.getOrNull()
            _session.value = s
            if (s != null) {
                runCatching { hub.sync() }
                practices.load(s.subject)
            }
        }
    }

    /** The address to open in a Custom Tab. */
    fun signInUrl(): String = hub.signInUrl(BuildConfig.HUB_URL, SignIn.RETURN_TO)

    /** The app was opened by the sign-in's return address: the core reads it and signs in. */
    fun onSignInReturn(url: String) {
        viewModelScope.launch(Dispatchers.IO) {
            try {
                val s = hub.finishSignIn(BuildConfig.HUB_URL, url, SignIn.RETURN_TO) ?: return@launch
                _session.value = s
                _signInError.value = null
                refresh()
            } catch (e: CoreFailure) {
                _signInError.value = UiText.Core(e.text)
            }
        }
    }

    fun signOut() {
        runCatching { hub.logout() }
        _session.value = null
    }
}
