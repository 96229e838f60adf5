package it.campanile.app.logic

import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Test

class SearchViewModelTest {
    private suspend fun SearchViewModel.settled(): SearchState = withTimeout(5_000) {
        while (state.value.searching) delay(5)
        state.value
    }

    @Test
    fun typingFastSearchesOnceForTheLastText() = runBlocking {
        val places = FakePlaces()
        val vm = SearchViewModel(this, places, debounceMs = 80, io = Dispatchers.IO)
        for (prefix in listOf("d", "du", "duo", "duom", "duomo")) { vm.onQuery(prefix); delay(10) }
        val s = vm.settled()
        assertEquals(listOf("duomo"), places.queries.toList())
        assertEquals(listOf("p2"), s.results.map { it.id })
        assertEquals(null, s.message)
    }

    @Test
    fun aStaleAnswerNeverReplacesANewerQuery() = runBlocking {
        val places = FakePlaces(delayMs = mapOf("pina" to 300L))
        val vm = SearchViewModel(this, places, debounceMs = 10, io = Dispatchers.IO)
        vm.onQuery("pina")
        delay(60) // "pina" is being searched (slowly)
        vm.onQuery("duomo")
        val s = vm.settled()
        delay(400) // the slow answer arrives late
        assertEquals("duomo", vm.state.value.query)
        assertEquals(listOf("p2"), vm.state.value.results.map { it.id })
        assertEquals(s, vm.state.value)
    }

    @Test
    fun blankNothingFoundAndFailuresSayWhy() = runBlocking {
        val vm = SearchViewModel(this, FakePlaces(), debounceMs = 1, io = Dispatchers.IO)
        vm.onQuery("   ")
        assertEquals(Msg.SEARCH_EMPTY.text(), vm.state.value.message)
        vm.onQuery("zzz")
        assertEquals(Msg.SEARCH_NO_RESULTS.text("zzz"), vm.settled().message)
        vm.onQuery("!")
        assertEquals(UiText.Core("Bad query"), vm.settled().message)
        vm.onQuery("boom")
        assertEquals(Msg.SEARCH_FAILED.text(), vm.settled().message)
        assertTrue(vm.state.value.results.isEmpty())
    }

    @Test
    fun aPositionRanksNearAndSearchesAgain() = runBlocking {
        val places = FakePlaces()
        val vm = SearchViewModel(this, places, debounceMs = 1, io = Dispatchers.IO)
        vm.onQuery("duomo")
        vm.settled()
        vm.onPosition(LatLon(43.16, 13.72))
        delay(20)
        assertEquals("1 km", vm.settled().results.single().distanceText)
        assertEquals(2, places.queries.size)
    }
}
