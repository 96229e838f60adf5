// A citizen's practices: signed in to the hub (SPID/CIE in a Custom Tab coming back to the
// app's address), the list in the core's order with each deadline in the core's words (the
// app's own "no deadline" when there is no clock); notifications are asked for here, where
// they make sense.
package it.campanile.app.ui

import android.net.Uri
import androidx.browser.customtabs.CustomTabsIntent
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import it.campanile.app.R
import it.campanile.app.logic.Feature
import it.campanile.app.logic.Urgency

@Composable
fun PracticesScreen(model: PracticesModel) {
    val context = LocalContext.current
    LaunchedEffect(Unit) { model.refresh() }
    val session by model.session.collectAsStateWithLifecycle()
    val error by model.signInError.collectAsStateWithLifecycle()
    val state by model.practices.state.collectAsStateWithLifecycle()
    val notifications = rememberPermissionGate(Feature.NOTIFICATIONS) { }
    Column(Modifier.fillMaxSize().padding(16.dp)) {
        val s = session
        if (s == null) {
            Text(stringResource(R.string.practices_sign_in_intro))
            Button(onClick = {
                CustomTabsIntent.Builder().build().launchUrl(context, Uri.parse(model.signInUrl()))
            }) { Text(stringResource(R.string.practices_sign_in)) }
            error?.let { Text(it.text(), color = MaterialTheme.colorScheme.error) }
            return@Column
        }
        Text(stringResource(R.string.practices_signed_in_as, s.subject))
        TextButton(onClick = notifications) { Text(stringResource(R.string.practices_notify_me)) }
        TextButton(onClick = model::signOut) { Text(stringResource(R.string.practices_sign_out)) }
        state.error?.let { Text(it.text(), color = MaterialTheme.colorScheme.error) }
        if (state.rows.isEmpty() && !state.loading) Text(stringResource(R.string.practices_none))
        LazyColumn {
            items(state.rows, key = { it.id }) { row ->
                ListItem(
                    headlineContent = { Text(row.subject) },
                    supportingContent = {
                        Text(
                            row.deadlineText ?: stringResource(R.string.deadline_none),
                            color = if (row.urgency == Urgency.OVERDUE) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.onSurface,
                        )
                    },
                    overlineContent = { Text(row.state) },
                )
            }
        }
    }
}
