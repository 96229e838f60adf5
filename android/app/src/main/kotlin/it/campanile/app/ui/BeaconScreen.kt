// Beacons: scanning starts when the visitor asks (the reason shown first); an Enter becomes a
// card "you are at … — open", which the visitor opens or dismisses.
package it.campanile.app.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import it.campanile.app.R
import it.campanile.app.logic.Feature
import it.campanile.app.platform.BeaconScanner

@Composable
fun BeaconScreen(model: BeaconModel, onPlace: (String) -> Unit) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val state by model.beacons.state.collectAsStateWithLifecycle()
    val scanner = remember { BeaconScanner(context, model.beacons) }
    DisposableEffect(Unit) { onDispose { scanner.stop() } }
    val start = rememberPermissionGate(Feature.BEACONS) { scanner.start(scope) }
    Column(Modifier.fillMaxSize().padding(16.dp)) {
        Text(stringResource(R.string.beacons_intro))
        when {
            !model.beacons.worthScanning() -> Text(stringResource(R.string.beacons_none_registered), Modifier.padding(top = 12.dp))
            !scanner.available -> Text(stringResource(R.string.beacons_bluetooth_off), Modifier.padding(top = 12.dp))
            state.scanning -> OutlinedButton(onClick = scanner::stop) { Text(stringResource(R.string.beacons_stop)) }
            else -> Button(onClick = start) { Text(stringResource(R.string.beacons_start)) }
        }
        state.offer?.let { offer ->
            Card(Modifier.fillMaxWidth().padding(top = 16.dp)) {
                Column(Modifier.padding(16.dp)) {
                    Text(offer.text)
                    Row {
                        Button(onClick = { model.beacons.opened(); onPlace(offer.poiId) }) { Text(stringResource(R.string.beacons_open)) }
                        TextButton(onClick = model.beacons::dismiss) { Text(stringResource(R.string.beacons_dismiss)) }
                    }
                }
            }
        }
    }
}
