// The logic's messages as string resources.
package it.campanile.app.ui

import android.content.Context
import androidx.compose.runtime.Composable
import androidx.compose.ui.platform.LocalContext
import it.campanile.app.R
import it.campanile.app.logic.Msg
import it.campanile.app.logic.UiText

fun Msg.resource(): Int = when (this) {
    Msg.SEARCH_EMPTY -> R.string.search_empty
    Msg.SEARCH_NO_RESULTS -> R.string.search_no_results
    Msg.SEARCH_FAILED -> R.string.search_failed
    Msg.PAY_VERIFYING -> R.string.pay_verifying
    Msg.PAY_STARTING -> R.string.pay_starting
    Msg.PAY_CHECKING -> R.string.pay_checking
    Msg.PAY_NO_NOTICE_IN_FRAME -> R.string.pay_no_notice_in_frame
    Msg.PAY_FAILED -> R.string.pay_failed
    Msg.RATIONALE_BLUETOOTH -> R.string.rationale_bluetooth
    Msg.RATIONALE_LOCATION -> R.string.rationale_location
    Msg.RATIONALE_CAMERA -> R.string.rationale_camera
    Msg.RATIONALE_NOTIFICATIONS -> R.string.rationale_notifications
}

fun UiText.resolve(context: Context): String = when (this) {
    is UiText.Core -> text
    is UiText.Res -> context.getString(msg.resource(), *args.toTypedArray())
}

@Composable
fun UiText.text(): String = resolve(LocalContext.current)
