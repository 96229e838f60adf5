// Practices: a person's list as the core gives it (`Practices.worklist`): already in order
// (overdue first, then the nearest deadline, those without a clock last), each deadline in
// words and with its urgency. Loaded off the main thread; the order is kept.
package it.campanile.app.logic

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

data class PracticesState(
    val loading: Boolean = false,
    val rows: List<PracticeRowInfo> = emptyList(),
    val error: UiText? = null,
)

class PracticesViewModel(
    private val scope: CoroutineScope,
    private val practices: PracticesPort,
    private val io: CoroutineDispatcher = Dispatchers.IO,
) {
    private val _state = MutableStateFlow(PracticesState())
    val state: StateFlow<PracticesState> = _state

    fun load(applicant: String?): Job {
        _state.value = _state.value.copy(loading = true, error = null)
        return scope.launch {
            _state.value = try {
                PracticesState(rows = withContext(io) { practices.worklist(applicant) })
            } catch (e: CoreFailure) {
                PracticesState(error = UiText.Core(e.text))
            }
        }
    }
}
