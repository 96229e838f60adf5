// The offline map: MapLibre Native drawing the core's tiles (served on 127.0.0.1 by the
// app's TileServer) with the search's places on top; a tap on a place opens its page.
package it.campanile.app.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.LifecycleEventObserver
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import it.campanile.app.CampanileApp
import it.campanile.app.R
import it.campanile.app.logic.PlaceSummary
import org.maplibre.android.MapLibre
import org.maplibre.android.camera.CameraPosition
import org.maplibre.android.geometry.LatLng
import org.maplibre.android.maps.MapView
import org.maplibre.android.maps.Style
import org.maplibre.android.style.layers.CircleLayer
import org.maplibre.android.style.layers.PropertyFactory
import org.maplibre.android.style.sources.GeoJsonSource

private fun geoJson(places: List<PlaceSummary>): String = places.joinToString(",", """{"type":"FeatureCollection","features":[""", "]}") {
    val name = it.name.replace("\\", "\\\\").replace("\"", "\\\"")
    """{"type":"Feature","geometry":{"type":"Point","coordinates":[${it.lon},${it.lat}]},"properties":{"id":"${it.id}","name":"$name"}}"""
}

@Composable
fun MapScreen(model: SearchModel, onPlace: (String) -> Unit) {
    val context = LocalContext.current
    val app = context.applicationContext as CampanileApp
    val state by model.search.state.collectAsStateWithLifecycle()
    val mapView = remember {
        MapLibre.getInstance(context)
        MapView(context).also { it.onCreate(null) }
    }
    val lifecycle = LocalLifecycleOwner.current.lifecycle
    DisposableEffect(lifecycle) {
        val observer = LifecycleEventObserver { _, event ->
            when (event) {
                Lifecycle.Event.ON_START -> mapView.onStart()
                Lifecycle.Event.ON_RESUME -> mapView.onResume()
                Lifecycle.Event.ON_PAUSE -> mapView.onPause()
                Lifecycle.Event.ON_STOP -> mapView.onStop()
                Lifecycle.Event.ON_DESTROY -> mapView.onDestroy()
                else -> Unit
            }
        }
        lifecycle.addObserver(observer)
        onDispose { lifecycle.removeObserver(observer) }
    }
    LaunchedEffect(Unit) {
        mapView.getMapAsync { m ->
            m.cameraPosition = CameraPosition.Builder().target(LatLng(43.0, 13.6)).zoom(8.5).build()
            m.setStyle(Style.Builder().fromUri(app.tiles.styleUrl)) { style ->
                style.addSource(GeoJsonSource("pois", geoJson(emptyList())))
                style.addLayer(
                    CircleLayer("poi", "pois").withProperties(
                        PropertyFactory.circleColor("#0066cc"),
                        PropertyFactory.circleRadius(6f),
                        PropertyFactory.circleStrokeColor("#ffffff"),
                        PropertyFactory.circleStrokeWidth(1.5f),
                    ),
                )
            }
            m.addOnMapClickListener { point ->
                val hit = m.queryRenderedFeatures(m.projection.toScreenLocation(point), "poi").firstOrNull()
                hit?.getStringProperty("id")?.let(onPlace)
                hit != null
            }
        }
    }
    LaunchedEffect(state.results) {
        mapView.getMapAsync { m ->
            m.style?.getSourceAs<GeoJsonSource>("pois")?.setGeoJson(geoJson(state.results))
        }
    }
    Box(Modifier.fillMaxSize()) {
        AndroidView({ mapView }, Modifier.fillMaxSize())
        OutlinedTextField(
            value = state.query,
            onValueChange = model.search::onQuery,
            placeholder = { Text(stringResource(R.string.search_hint)) },
            singleLine = true,
            modifier = Modifier.align(Alignment.TopCenter).fillMaxWidth().padding(12.dp),
        )
    }
}
