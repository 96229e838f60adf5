// Search as you type: the query is debounced, the stale answer of an older query never
// replaces a newer one, a blank query shows nothing.
package it.campanile.app.logic

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

data class SearchState(
    val query: String = "",
    val searching: Boolean = false,
    val results: List<PlaceSummary> = emptyList(),
    /** What to say instead of results (nothing typed, nothing found, a failure). */
    val message: UiText? = Msg.SEARCH_EMPTY.text(),
)

class SearchViewModel(
    private val scope: CoroutineScope,
    private val places: PlacesPort,
    private val debounceMs: Long = 250,
    private val limit: Int = 20,
    private val io: CoroutineDispatcher = Dispatchers.IO,
) {
    private val _state = MutableStateFlow(SearchState())
    val state: StateFlow<SearchState> = _state
    private var pending: Job? = null
    private var near: LatLon? = null

    /** The person typed: searched once they pause for `debounceMs`. */
    fun onQuery(text: String) {
        pending?.cancel()
        if (text.isBlank()) {
            _state.value = SearchState(query = text)
            return
        }
        _state.value = _state.value.copy(query = text, searching = true)
        pending = scope.launch {
            delay(debounceMs)
            run(text)
        }
    }

    /** The device's position, when the person allowed it: ranks nearer places first. */
    fun onPosition(position: LatLon?) {
        near = position
        val q = _state.value.query
        if (q.isNotBlank()) onQuery(q)
    }

    private suspend fun run(text: String) {
        val outcome = withContext(io) {
            try {
                Result.success(places.search(text, near, limit))
            } catch (e: CoreFailure) {
                Result.failure(e)
            }
        }
        // Typed on meanwhile: this answer is stale.
        if (_state.value.query != text) return
        _state.value = outcome.fold(
            onSuccess = { hits ->
                SearchState(text, false, hits, if (hits.isEmpty()) Msg.SEARCH_NO_RESULTS.text(text) else null)
            },
            onFailure = { e ->
                val f = e as CoreFailure
                SearchState(text, false, emptyList(), if (f.kind == FailureKind.BAD_INPUT) UiText.Core(f.text) else Msg.SEARCH_FAILED.text())
            },
        )
    }
}
