// Notice scanning: CameraX frames, a few a second, as JPEG bytes to the payment view model,
// which drops frames while the core reads one (payments().scan_photo).
package it.campanile.app.platform

import android.graphics.Bitmap
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import it.campanile.app.logic.PaymentViewModel
import java.io.ByteArrayOutputStream

class NoticeAnalyzer(private val vm: PaymentViewModel, private val everyMs: Long = 600) : ImageAnalysis.Analyzer {
    private var last = 0L

    override fun analyze(image: ImageProxy) {
        image.use {
            val now = System.currentTimeMillis()
            if (now - last < everyMs) return
            last = now
            val bitmap = it.toBitmap()
            val jpeg = ByteArrayOutputStream().use { out ->
                bitmap.compress(Bitmap.CompressFormat.JPEG, 90, out)
                out.toByteArray()
            }
            vm.onFrame(jpeg)
        }
    }
}
