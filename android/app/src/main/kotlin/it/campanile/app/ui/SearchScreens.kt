// Search as you type, and a place's page.
package it.campanile.app.ui

import android.content.Intent
import android.net.Uri
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
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
import it.campanile.app.logic.LatLon

@Composable
fun SearchScreen(model: SearchModel, onPlace: (String) -> Unit) {
    val state by model.search.state.collectAsStateWithLifecycle()
    val nearMe = rememberPermissionGate(Feature.NEAR_ME) { LocationOnce.request(model) }
    Column(Modifier.fillMaxSize().padding(12.dp)) {
        OutlinedTextField(
            value = state.query,
            onValueChange = model.search::onQuery,
            label = { Text(stringResource(R.string.search_hint)) },
            singleLine = true,
            modifier = Modifier.fillMaxWidth(),
        )
        TextButton(onClick = nearMe) { Text(stringResource(R.string.search_near_me)) }
        if (state.searching) LinearProgressIndicator(Modifier.fillMaxWidth())
        state.message?.let { Text(it.text(), Modifier.padding(vertical = 16.dp)) }
        LazyColumn {
            items(state.results, key = { it.id }) { hit ->
                ListItem(
                    headlineContent = { Text(hit.name) },
                    supportingContent = { Text(listOfNotNull(hit.comune, hit.distanceText).joinToString(" · ")) },
                    modifier = Modifier.clickable { onPlace(hit.id) },
                )
            }
        }
    }
}

/** One position fix for "near me" (the platform's LocationManager; no Google services). */
object LocationOnce {
    @android.annotation.SuppressLint("MissingPermission") // asked by the gate first
    fun request(model: SearchModel) {
        val app = model.getApplication<android.app.Application>()
        val lm = app.getSystemService(android.location.LocationManager::class.java) ?: return
        val providers = buildList {
            if (android.os.Build.VERSION.SDK_INT >= 31) add(android.location.LocationManager.FUSED_PROVIDER)
            add(android.location.LocationManager.GPS_PROVIDER)
            add(android.location.LocationManager.NETWORK_PROVIDER)
        }
        val last = providers.firstNotNullOfOrNull { runCatching { lm.getLastKnownLocation(it) }.getOrNull() }
        last?.let { fix -> model.search.onPosition(LatLon(fix.latitude, fix.longitude)) }
    }
}

@Composable
fun PlaceScreen(model: SearchModel, id: String) {
    val context = LocalContext.current
    LaunchedEffect(id) { model.open(id) }
    val place by model.place.collectAsStateWithLifecycle()
    val p = place?.takeIf { it.id == id } ?: return
    Column(Modifier.fillMaxSize().padding(16.dp)) {
        Text(p.name, style = MaterialTheme.typography.headlineSmall)
        Text(listOfNotNull(p.address, p.comune).joinToString(", "), style = MaterialTheme.typography.bodyMedium)
        p.description?.let { Text(it, Modifier.padding(vertical = 12.dp)) }
        p.openingHours?.let { Text(stringResource(R.string.place_hours, it)) }
        p.phone?.let { phone ->
            TextButton(onClick = { context.startActivity(Intent(Intent.ACTION_DIAL, Uri.parse("tel:$phone"))) }) {
                Text(stringResource(R.string.place_call, phone))
            }
        }
        p.website?.let { site ->
            TextButton(onClick = { context.startActivity(Intent(Intent.ACTION_VIEW, Uri.parse(site))) }) {
                Text(stringResource(R.string.place_website))
            }
        }
        TextButton(onClick = {
            context.startActivity(Intent(Intent.ACTION_VIEW, Uri.parse("geo:${p.lat},${p.lon}?q=${p.lat},${p.lon}(${Uri.encode(p.name)})")))
        }) { Text(stringResource(R.string.place_directions)) }
    }
}
