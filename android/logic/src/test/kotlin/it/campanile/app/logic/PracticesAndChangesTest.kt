package it.campanile.app.logic

import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test

class PracticesAndChangesTest {
    @Test
    fun theListKeepsTheCoresOrderAndWords() = runBlocking {
        val practices = FakePractices()
        val vm = PracticesViewModel(this, practices, io = Dispatchers.IO)
        vm.load("RSSMRA80A01H501U").join()
        val s = vm.state.value
        assertEquals(practices.rows, s.rows)
        assertEquals(listOf("b", "a", "c", "d"), s.rows.map { it.id })
        assertEquals(listOf<String?>("RSSMRA80A01H501U"), practices.worklistAsked.toList())
        assertFalse(s.loading)
        assertEquals(null, s.error)
    }

    @Test
    fun aFailedLoadSaysWhyInTheCoresWords() = runBlocking {
        val practices = FakePractices()
        practices.worklistFailure = CoreFailure(FailureKind.INTERNAL, "db.broken", "The database is broken")
        val vm = PracticesViewModel(this, practices, io = Dispatchers.IO)
        vm.load(null).join()
        assertEquals(PracticesState(error = UiText.Core("The database is broken")), vm.state.value)
    }

    @Test
    fun theCoresUrgencyCodesAreRead() {
        assertEquals(Urgency.OVERDUE, Urgency.of("overdue"))
        assertEquals(Urgency.TODAY, Urgency.of("today"))
        assertEquals(Urgency.SOON, Urgency.of("soon"))
        assertEquals(Urgency.LATER, Urgency.of("later"))
        assertEquals(Urgency.SUSPENDED, Urgency.of("suspended"))
        assertEquals(Urgency.CONCLUDED, Urgency.of("concluded"))
        assertEquals(Urgency.NONE, Urgency.of(null))
        assertEquals(Urgency.NONE, Urgency.of("none"))
        assertEquals(Urgency.NONE, Urgency.of("a-code-of-a-newer-core"))
    }

    @Test
    fun theFirstPollPostsNothingBecauseTheCoreSaysSo() {
        val practices = FakePractices()
        practices.polls += PollInfo(emptyList(), "120", first = true)
        val cursors = MemoryCursors()
        val poller = ChangesPoller(practices, cursors, max = 3)
        val first = poller.poll("X")
        assertTrue(first.notifications.isEmpty())
        assertEquals(Triple<String, String?, Int>("X", null, 3), practices.pollsAsked.single())
        // Not committed: the next poll starts over.
        assertEquals(null, cursors.get("X"))
        poller.commit("X", first)
        assertEquals("120", cursors.get("X"))
    }

    @Test
    fun laterPollsGiveTheStoredCursorAndKeepTheNewOneOnlyOnCommit() {
        val practices = FakePractices()
        val cursors = MemoryCursors()
        cursors.set("X", "6")
        val notes = listOf(
            Notification("practice:c", "c", "The deadline of practice c is near", urgent = true),
            Notification("practice:a", "a", "Practice a changed", urgent = false),
            Notification("more", "", "And 2 more changes", urgent = false),
        )
        practices.polls += PollInfo(notes, "9", first = false)
        practices.polls += PollInfo(notes, "9", first = false)
        val poller = ChangesPoller(practices, cursors)
        val poll = poller.poll("X")
        // What the core said, as it said it, in its order.
        assertEquals(notes, poll.notifications)
        assertEquals(Triple<String, String?, Int>("X", "6", 5), practices.pollsAsked.single())
        // Killed before posting: the same cursor is asked again.
        assertEquals("6", cursors.get("X"))
        poller.poll("X")
        assertEquals("6", practices.pollsAsked.last().second)
        poller.commit("X", poll)
        assertEquals("9", cursors.get("X"))
        assertEquals(null, cursors.get("Y"))
    }
}
