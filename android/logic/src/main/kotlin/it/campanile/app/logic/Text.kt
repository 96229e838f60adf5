// Text the logic decides and the app draws: a message key (mapped to a string resource by the
// app) with its arguments, or text the core already wrote in the person's language (payment
// outcomes, deadlines, notifications and the core's errors are all the core's words).
package it.campanile.app.logic

/** The messages the logic may ask the app to show; each is a string resource in the app. */
enum class Msg {
    SEARCH_EMPTY, SEARCH_NO_RESULTS, SEARCH_FAILED,
    PAY_VERIFYING, PAY_STARTING, PAY_CHECKING, PAY_NO_NOTICE_IN_FRAME, PAY_FAILED,
    RATIONALE_BLUETOOTH, RATIONALE_LOCATION, RATIONALE_CAMERA, RATIONALE_NOTIFICATIONS,
}

sealed interface UiText {
    /** A string resource with its arguments (`%1$s`, `%1$d`). */
    data class Res(val msg: Msg, val args: List<Any> = emptyList()) : UiText
    /** Text the core wrote (already localised). */
    data class Core(val text: String) : UiText
}

fun Msg.text(vararg args: Any): UiText = UiText.Res(this, args.toList())
