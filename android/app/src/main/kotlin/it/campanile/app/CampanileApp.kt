// The application: opens the one core (database in the app's files, messages in the device's
// language, keys in the Android Keystore), gives the screens its ports, imports the bundled
// sample places on the first start and schedules the changes feed's polling.
package it.campanile.app

import android.app.Application
import it.campanile.app.core.CoreBeacons
import it.campanile.app.core.CoreHub
import it.campanile.app.core.CorePayments
import it.campanile.app.core.CorePlaces
import it.campanile.app.core.CorePractices
import it.campanile.app.core.TileServer
import it.campanile.app.platform.ChangesWorker
import it.campanile.app.platform.KeystoreSecrets
import java.io.File
import java.util.Locale
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch
import uniffi.campanile_ffi.Core
import uniffi.campanile_ffi.CoreConfig

class CampanileApp : Application() {
    val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    val core: Core by lazy {
        Core.open(
            CoreConfig(
                databasePath = File(filesDir, "campanile.db").path,
                language = Locale.getDefault().language,
                pagopaEnvironment = null,
                pagopaPaymentRequestsUrl = null,
                pagopaCheckoutUrl = null,
                pagopaGpdUrl = null,
                ownComuni = emptyList(),
            ),
            KeystoreSecrets(this),
        )
    }
    val places by lazy { CorePlaces(core) }
    val beacons by lazy { CoreBeacons(core) }
    val payments by lazy { CorePayments(core) }
    val practices by lazy { CorePractices(core) }
    val hub by lazy { CoreHub(core) }

    /** The bundled basemap, served to MapLibre from 127.0.0.1. */
    val tiles: TileServer by lazy {
        val bytes = assets.open(BASEMAP).use { it.readBytes() }
        TileServer(core.tiles().openBytes(BASEMAP, bytes)).start()
    }

    override fun onCreate() {
        super.onCreate()
        ChangesWorker.channels(this)
        ChangesWorker.schedule(this)
        scope.launch(Dispatchers.IO) {
            if (places.count() == 0L) {
                val csv = assets.open(SAMPLE).use { it.readBytes() }
                core.places().importBytes(SAMPLE, csv, null)
            }
            // Payments left open (the app was killed during Checkout) are settled at start.
            runCatching { core.payments().reconcile() }
        }
    }

    companion object {
        const val BASEMAP = "piceno-fermano.pmtiles"
        const val SAMPLE = "pois-piceno-fermano.csv"
    }
}
