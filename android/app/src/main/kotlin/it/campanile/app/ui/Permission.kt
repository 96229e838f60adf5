// Asking a permission at the moment of use: the reason first (a dialog with the logic's
// rationale), then the system's request; after "don't ask again", the way to the settings.
package it.campanile.app.ui

import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Build
import android.provider.Settings
import androidx.activity.ComponentActivity
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.core.content.ContextCompat
import it.campanile.app.R
import it.campanile.app.logic.Feature
import it.campanile.app.logic.PermissionStep
import it.campanile.app.logic.Permissions

private fun Context.asked(): MutableSet<String> =
    getSharedPreferences("campanile-permissions", Context.MODE_PRIVATE).getStringSet("asked", emptySet())!!.toMutableSet()

private fun Context.markAsked(permissions: List<String>) {
    val all = asked().apply { addAll(permissions) }
    getSharedPreferences("campanile-permissions", Context.MODE_PRIVATE).edit().putStringSet("asked", all).apply()
}

/** Returns a function that runs `onGranted` once `feature`'s permissions are held. */
@Composable
fun rememberPermissionGate(feature: Feature, onGranted: () -> Unit): () -> Unit {
    val context = LocalContext.current
    var step by remember { mutableStateOf<PermissionStep?>(null) }
    val launcher = rememberLauncherForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) { result ->
        if (result.values.all { it }) onGranted()
    }
    when (val s = step) {
        is PermissionStep.ExplainThenRequest -> AlertDialog(
            onDismissRequest = { step = null },
            title = { Text(stringResource(R.string.permission_title)) },
            text = { Text(s.reason.text()) },
            confirmButton = {
                TextButton(onClick = {
                    step = null
                    context.markAsked(s.permissions)
                    launcher.launch(s.permissions.toTypedArray())
                }) { Text(stringResource(R.string.permission_continue)) }
            },
            dismissButton = { TextButton(onClick = { step = null }) { Text(stringResource(R.string.permission_not_now)) } },
        )
        is PermissionStep.ExplainThenSettings -> AlertDialog(
            onDismissRequest = { step = null },
            title = { Text(stringResource(R.string.permission_title)) },
            text = { Text(s.reason.text() + "\n\n" + stringResource(R.string.permission_in_settings)) },
            confirmButton = {
                TextButton(onClick = {
                    step = null
                    context.startActivity(
                        Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", context.packageName, null)),
                    )
                }) { Text(stringResource(R.string.permission_open_settings)) }
            },
            dismissButton = { TextButton(onClick = { step = null }) { Text(stringResource(R.string.permission_not_now)) } },
        )
        else -> Unit
    }
    return {
        val needed = Permissions.needed(feature, Build.VERSION.SDK_INT)
        val granted = needed.filter { ContextCompat.checkSelfPermission(context, it) == PackageManager.PERMISSION_GRANTED }.toSet()
        val activity = context as? ComponentActivity
        val rationale = needed.filter { activity?.shouldShowRequestPermissionRationale(it) == true }.toSet()
        when (val next = Permissions.decide(feature, Build.VERSION.SDK_INT, granted, rationale, context.asked())) {
            PermissionStep.Proceed -> onGranted()
            is PermissionStep.Request -> launcher.launch(next.permissions.toTypedArray())
            else -> step = next
        }
        Unit
    }
}
