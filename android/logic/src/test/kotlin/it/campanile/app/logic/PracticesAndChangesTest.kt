package it.campanile.app.logic

import java.time.LocalDate
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test

class PracticesAndChangesTest {
    private val today = LocalDate.parse("2026-12-05")

    @Test
    fun deadlinesInWords() {
        fun d(due: String, suspended: Boolean = false) = Deadlines.describe(DeadlineInfo(due, suspended, emptyList()), today)
        assertEquals(Msg.DEADLINE_OVERDUE_DAYS.text(4L, "2026-12-01") to Urgency.OVERDUE, d("2026-12-01"))
        assertEquals(Msg.DEADLINE_DUE_TODAY.text("2026-12-05") to Urgency.TODAY, d("2026-12-05"))
        assertEquals(Msg.DEADLINE_DUE_IN_DAYS.text(1L, "2026-12-06") to Urgency.SOON, d("2026-12-06"))
        assertEquals(Urgency.LATER, d("2026-12-20").second)
        assertEquals(Msg.DEADLINE_SUSPENDED.text("2026-12-01") to Urgency.LATER, d("2026-12-01", suspended = true))
        assertEquals(Msg.DEADLINE_NONE.text() to Urgency.NONE, Deadlines.describe(null, today))
        // Across a year's end (and a leap day's absence).
        assertEquals(Msg.DEADLINE_DUE_IN_DAYS.text(31L, "2027-01-05"), d("2027-01-05").first)
    }

    @Test
    fun overdueFirstThenNearest() = runBlocking {
        val vm = PracticesViewModel(this, FakePractices(), io = Dispatchers.IO)
        vm.load("RSSMRA80A01H501U").join()
        val rows = vm.state.value.rows
        assertEquals(listOf("b", "a", "c", "d"), rows.map { it.id })
        assertEquals(Urgency.OVERDUE, rows.first().urgency)
        assertEquals(Msg.DEADLINE_NONE.text(), rows.last().deadline)
    }

    @Test
    fun theFirstPollTakesTheEndWithoutNotifying() {
        val practices = FakePractices()
        (1L..120L).forEach { practices.feed += ChangeInfo(it, "practice", "p$it", "note", "2026-12-01T10:00:00Z") }
        val cursors = MemoryCursors()
        val poller = ChangesPoller(practices, cursors, pageSize = 50)
        val first = poller.poll("X")
        assertTrue(first.notifications.isEmpty())
        assertEquals("120", first.cursor)
        assertEquals(listOf(null, "50", "100"), practices.pagesAsked.toList())
        // Not committed: the next poll starts over.
        assertEquals(null, cursors.get("X"))
        poller.commit("X", first)
        assertEquals("120", cursors.get("X"))
        assertTrue(poller.poll("X").notifications.isEmpty())
    }

    @Test
    fun laterPollsNotifyEachSubjectOnceRemindersFirst() {
        val practices = FakePractices()
        practices.feed += ChangeInfo(1, "practice", "a", "received", "t")
        val cursors = MemoryCursors()
        val poller = ChangesPoller(practices, cursors, max = 3)
        poller.commit("X", poller.poll("X"))
        practices.feed += ChangeInfo(2, "practice", "a", "under-review", "t")
        practices.feed += ChangeInfo(3, "practice", "a", "integration-requested", "t")
        practices.feed += ChangeInfo(4, "practice", "b", "assigned", "t")
        practices.feed += ChangeInfo(5, "reminder", "c", "deadline-near", "t")
        practices.feed += ChangeInfo(6, "reminder", "c", "note", "t")
        val out = poller.poll("X")
        assertEquals(
            listOf(
                Notification("reminder:c", "c", Msg.NOTIFY_DEADLINE_NEAR.text("c"), true),
                Notification("practice:a", "a", Msg.NOTIFY_PRACTICE_CHANGED.text("a", "integration-requested"), false),
            ),
            out.notifications,
        )
        assertEquals("6", out.cursor)
    }

    @Test
    fun tooManyChangesEndInASummary() {
        val changes = (1L..8L).map { ChangeInfo(it, "practice", "p$it", "concluded", "t") }
        val out = ChangesPoller.decide(changes, max = 5)
        assertEquals(6, out.size)
        assertEquals(Notification("more", "", Msg.NOTIFY_MORE.text(3), false), out.last())
        assertEquals("p8", out.first().subjectId) // newest first
    }
}
