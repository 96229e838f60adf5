// The changes feed polled in the background (WorkManager on Android, a background refresh on
// iOS). What to notify is the core's (`Practices.notifications`: nothing on the first poll,
// one per practice, reminders first, a "more" summary); this only hands it the stored cursor
// and keeps the returned one once the notifications were posted, so a poll killed half-way
// notifies again rather than never.
package it.campanile.app.logic

/** Where the cursor is kept between polls (SharedPreferences, UserDefaults). */
interface CursorStore {
    fun get(person: String): String?
    fun set(person: String, cursor: String)
}

class ChangesPoller(
    private val practices: PracticesPort,
    private val store: CursorStore,
    private val max: Int = 5,
) {
    /** What to post since the stored cursor; nothing is committed. */
    fun poll(person: String): PollInfo = practices.notifications(person, store.get(person), max)

    /** After the notifications were posted. */
    fun commit(person: String, poll: PollInfo) {
        store.set(person, poll.cursor)
    }
}
