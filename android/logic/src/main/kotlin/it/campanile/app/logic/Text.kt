// Text the logic decides and the app draws: a message key (mapped to a string resource by the
// app) with its arguments, or text the core already wrote in the person's language.
package it.campanile.app.logic

/** The messages the logic may ask the app to show; each is a string resource in the app. */
enum class Msg {
    SEARCH_EMPTY, SEARCH_NO_RESULTS, SEARCH_FAILED,
    PAY_VERIFYING, PAY_STARTING, PAY_CHECKING, PAY_PAID, PAY_NOT_PAID, PAY_UNKNOWN_ASK_AGAIN,
    PAY_NO_NOTICE_IN_FRAME, PAY_FAILED,
    DEADLINE_DUE_IN_DAYS, DEADLINE_DUE_TODAY, DEADLINE_OVERDUE_DAYS, DEADLINE_SUSPENDED, DEADLINE_NONE,
    NOTIFY_PRACTICE_CHANGED, NOTIFY_DEADLINE_NEAR, NOTIFY_OVERDUE, NOTIFY_MORE,
    RATIONALE_BLUETOOTH, RATIONALE_LOCATION, RATIONALE_CAMERA, RATIONALE_NOTIFICATIONS,
    SIGN_IN_FAILED,
}

sealed interface UiText {
    /** A string resource with its arguments (`%1$s`, `%1$d`). */
    data class Res(val msg: Msg, val args: List<Any> = emptyList()) : UiText
    /** Text the core wrote (already localised). */
    data class Core(val text: String) : UiText
}

fun Msg.text(vararg args: Any): UiText = UiText.Res(this, args.toList())
