// Practices: the list with each one's legal deadline as "due in N days", "due today",
// "overdue by N days" or "suspended"; overdue first, then the nearest deadline.
package it.campanile.app.logic

import java.time.LocalDate
import java.time.temporal.ChronoUnit
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

enum class Urgency { OVERDUE, TODAY, SOON, LATER, NONE }

data class PracticeRow(
    val id: String,
    val subject: String,
    val state: String,
    val due: String?,
    val deadline: UiText,
    val urgency: Urgency,
)

data class PracticesState(
    val loading: Boolean = false,
    val rows: List<PracticeRow> = emptyList(),
    val error: UiText? = null,
)

object Deadlines {
    /** Days within which a deadline is "soon". */
    const val SOON_DAYS = 7L

    fun describe(deadline: DeadlineInfo?, today: LocalDate): Pair<UiText, Urgency> {
        if (deadline == null) return Msg.DEADLINE_NONE.text() to Urgency.NONE
        if (deadline.suspended) return Msg.DEADLINE_SUSPENDED.text(deadline.due) to Urgency.LATER
        val due = LocalDate.parse(deadline.due)
        val days = ChronoUnit.DAYS.between(today, due)
        return when {
            days < 0 -> Msg.DEADLINE_OVERDUE_DAYS.text(-days, deadline.due) to Urgency.OVERDUE
            days == 0L -> Msg.DEADLINE_DUE_TODAY.text(deadline.due) to Urgency.TODAY
            days <= SOON_DAYS -> Msg.DEADLINE_DUE_IN_DAYS.text(days, deadline.due) to Urgency.SOON
            else -> Msg.DEADLINE_DUE_IN_DAYS.text(days, deadline.due) to Urgency.LATER
        }
    }
}

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
                val rows = withContext(io) {
                    val today = LocalDate.parse(practices.today())
                    practices.list(applicant).map { p ->
                        val d = practices.deadline(p.id)
                        val (text, urgency) = Deadlines.describe(d, today)
                        PracticeRow(p.id, p.subject, p.state, d?.due, text, urgency)
                    }
                }
                PracticesState(rows = rows.sortedWith(compareBy<PracticeRow>({ it.urgency.ordinal }, { it.due ?: "9999" })))
            } catch (e: CoreFailure) {
                PracticesState(error = UiText.Core(e.text))
            }
        }
    }
}
