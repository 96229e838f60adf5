// Beacon scanning with Android's BluetoothLeScanner: batched results (reportDelay) go to the
// beacon view model, which hands them to the core's session in one FFI crossing per batch; a
// tick once a second lets the core notice silence.
package it.campanile.app.platform

import android.annotation.SuppressLint
import android.bluetooth.BluetoothManager
import android.bluetooth.le.ScanCallback
import android.bluetooth.le.ScanResult
import android.bluetooth.le.ScanSettings
import android.content.Context
import android.os.SystemClock
import it.campanile.app.logic.AdvertIn
import it.campanile.app.logic.BeaconViewModel
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch

class BeaconScanner(context: Context, private val vm: BeaconViewModel) {
    private val adapter = context.getSystemService(BluetoothManager::class.java)?.adapter
    private var ticker: Job? = null

    val available: Boolean get() = adapter?.isEnabled == true && adapter.bluetoothLeScanner != null

    /** Wall-clock milliseconds of a result (its timestamp is nanoseconds since boot). */
    private fun atMs(r: ScanResult): Long =
        System.currentTimeMillis() - (SystemClock.elapsedRealtimeNanos() - r.timestampNanos) / 1_000_000

    private fun advert(r: ScanResult): AdvertIn? = r.scanRecord?.bytes?.let { AdvertIn(it, r.rssi, atMs(r)) }

    private val callback = object : ScanCallback() {
        override fun onScanResult(callbackType: Int, result: ScanResult) {
            advert(result)?.let { vm.onAdvert(it) }
        }

        override fun onBatchScanResults(results: MutableList<ScanResult>) {
            vm.onAdverts(results.mapNotNull { advert(it) }.sortedBy { it.atMs })
        }

        override fun onScanFailed(errorCode: Int) {
            vm.stop()
        }
    }

    /** Needs BLUETOOTH_SCAN (API 31+) and ACCESS_FINE_LOCATION: asked by the screen first. */
    @SuppressLint("MissingPermission")
    fun start(scope: CoroutineScope) {
        val scanner = adapter?.bluetoothLeScanner ?: return
        vm.start()
        val settings = ScanSettings.Builder()
            .setScanMode(ScanSettings.SCAN_MODE_LOW_LATENCY)
            .setReportDelay(if (adapter.isOffloadedScanBatchingSupported) 1_000 else 0)
            .build()
        scanner.startScan(null, settings, callback)
        ticker = scope.launch(Dispatchers.Default) {
            while (isActive) {
                delay(1_000)
                vm.onCycle(System.currentTimeMillis())
            }
        }
    }

    @SuppressLint("MissingPermission")
    fun stop() {
        ticker?.cancel()
        runCatching { adapter?.bluetoothLeScanner?.stopScan(callback) }
        vm.stop()
    }
}
