// What to notify from a person's changes feed, polled in the background (WorkManager on
// Android, a background refresh on iOS). The first poll only takes the feed's end (no flood of
// old news on a fresh install); later polls notify each practice once with its newest change,
// reminders (deadline near, overdue) as urgent, at most `max` notifications and one "more"
// summary. The cursor is committed only after the notifications were posted, so a poll killed
// half-way notifies again rather than never.
package it.campanile.app.logic

/** Where the cursor is kept between polls (SharedPreferences, UserDefaults). */
interface CursorStore {
    fun get(person: String): String?
    fun set(person: String, cursor: String)
}

data class Notification(
    /** Stable per subject, so a newer change replaces the older notification. */
    val key: String,
    val subjectId: String,
    val text: UiText,
    val urgent: Boolean,
)

data class PollOutcome(val notifications: List<Notification>, val cursor: String?)

class ChangesPoller(
    private val practices: PracticesPort,
    private val store: CursorStore,
    private val pageSize: Int = 50,
    private val maxPages: Int = 20,
    private val max: Int = 5,
) {
    /** Reads the feed after the stored cursor and decides what to notify; nothing is committed. */
    fun poll(person: String): PollOutcome {
        val start = store.get(person)
        var cursor = start
        val changes = ArrayList<ChangeInfo>()
        for (i in 0 until maxPages) {
            val page = practices.changes(person, cursor, pageSize)
            changes += page.changes
            cursor = page.cursor
            if (!page.more) break
        }
        if (start == null) return PollOutcome(emptyList(), cursor)
        return PollOutcome(decide(changes, max), cursor)
    }

    /** After the notifications were posted. */
    fun commit(person: String, outcome: PollOutcome) {
        outcome.cursor?.let { store.set(person, it) }
    }

    companion object {
        /** Events that are the office's own business, not news for the person. */
        val QUIET = setOf("assigned")

        fun decide(changes: List<ChangeInfo>, max: Int): List<Notification> {
            val newest = LinkedHashMap<String, ChangeInfo>()
            for (c in changes.sortedBy { it.seq }) {
                if (c.event in QUIET) continue
                val key = "${c.kind}:${c.subjectId}"
                val kept = newest[key]
                // A reminder is not hidden by a later ordinary change of the same subject.
                if (kept != null && urgent(kept) && !urgent(c)) continue
                newest.remove(key)
                newest[key] = c
            }
            val ordered = newest.entries.sortedWith(compareBy({ !urgent(it.value) }, { -it.value.seq }))
            val shown = ordered.take(max).map { (key, c) -> Notification(key, c.subjectId, text(c), urgent(c)) }
            val rest = ordered.size - shown.size
            return if (rest > 0) shown + Notification("more", "", Msg.NOTIFY_MORE.text(rest), false) else shown
        }

        private fun urgent(c: ChangeInfo) = c.event == "deadline-near" || c.event == "overdue"

        private fun text(c: ChangeInfo): UiText = when (c.event) {
            "deadline-near" -> Msg.NOTIFY_DEADLINE_NEAR.text(c.subjectId)
            "overdue" -> Msg.NOTIFY_OVERDUE.text(c.subjectId)
            else -> Msg.NOTIFY_PRACTICE_CHANGED.text(c.subjectId, c.event)
        }
    }
}
