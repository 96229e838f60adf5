// Paying a notice: the camera (CameraX) reads it, or it is typed; then the amount from pagoPA,
// Checkout in a Custom Tab, and the outcome in the core's words, with "ask again" when the core
// offers it.
// Receipts are kept offline, each as a PDF.
package it.campanile.app.ui

import android.content.Intent
import android.net.Uri
import androidx.browser.customtabs.CustomTabsIntent
import androidx.camera.core.CameraSelector
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.Preview
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.view.PreviewView
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.core.content.ContextCompat
import androidx.core.content.FileProvider
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import it.campanile.app.R
import it.campanile.app.logic.Feature
import it.campanile.app.logic.Outcome
import it.campanile.app.logic.PaymentState
import it.campanile.app.platform.NoticeAnalyzer
import java.io.File
import java.util.concurrent.Executors
import kotlinx.coroutines.launch

@Composable
private fun NoticeCamera(model: PaymentModel) {
    val context = LocalContext.current
    val owner = LocalLifecycleOwner.current
    val analysisThread = remember { Executors.newSingleThreadExecutor() }
    AndroidView(
        factory = { ctx ->
            PreviewView(ctx).also { view ->
                val future = ProcessCameraProvider.getInstance(ctx)
                future.addListener({
                    val provider = future.get()
                    val preview = Preview.Builder().build().also { it.setSurfaceProvider(view.surfaceProvider) }
                    val analysis = ImageAnalysis.Builder()
                        .setBackpressureStrategy(ImageAnalysis.STRATEGY_KEEP_ONLY_LATEST)
                        .build()
                        .also { it.setAnalyzer(analysisThread, NoticeAnalyzer(model.payment)) }
                    provider.unbindAll()
                    provider.bindToLifecycle(owner, CameraSelector.DEFAULT_BACK_CAMERA, preview, analysis)
                }, ContextCompat.getMainExecutor(context))
            }
        },
        modifier = Modifier.fillMaxWidth().height(320.dp),
    )
}

@Composable
fun PayScreen(model: PaymentModel, onReceipts: () -> Unit) {
    val context = LocalContext.current
    val state by model.payment.state.collectAsStateWithLifecycle()
    var cameraOn by rememberSaveable { mutableStateOf(false) }
    var typed by rememberSaveable { mutableStateOf("") }
    val openCamera = rememberPermissionGate(Feature.CAMERA) { cameraOn = true }
    Column(Modifier.fillMaxSize().padding(16.dp)) {
        when (val s = state) {
            is PaymentState.Scanning -> {
                if (cameraOn) NoticeCamera(model) else Button(onClick = openCamera) { Text(stringResource(R.string.pay_scan)) }
                s.hint?.let { Text(it.text(), color = MaterialTheme.colorScheme.error) }
                OutlinedTextField(typed, { typed = it }, label = { Text(stringResource(R.string.pay_type_notice)) }, singleLine = true)
                Button(onClick = { model.payment.onTyped(typed) }) { Text(stringResource(R.string.pay_read)) }
                TextButton(onClick = onReceipts) { Text(stringResource(R.string.pay_receipts)) }
            }
            is PaymentState.Scanned -> {
                LaunchedEffect(s.notice.rptId) { cameraOn = false }
                Text(stringResource(R.string.pay_notice, s.notice.noticeNumber, s.notice.creditor))
                s.notice.amountText?.let { Text(stringResource(R.string.pay_printed_amount, it)) }
                Button(onClick = { model.payment.verify() }) { Text(stringResource(R.string.pay_verify)) }
                TextButton(onClick = model.payment::reset) { Text(stringResource(R.string.pay_another)) }
            }
            is PaymentState.Verifying, is PaymentState.Starting, is PaymentState.Settling -> {
                CircularProgressIndicator()
                Text(stringResource(if (s is PaymentState.Settling) R.string.pay_checking else R.string.pay_verifying))
            }
            is PaymentState.Verified -> {
                Text(stringResource(R.string.pay_amount_due, s.amountText ?: "—"), style = MaterialTheme.typography.headlineSmall)
                Button(onClick = { model.payment.pay() }) { Text(stringResource(R.string.pay_pay)) }
                TextButton(onClick = model.payment::reset) { Text(stringResource(R.string.pay_another)) }
            }
            is PaymentState.Paying -> {
                LaunchedEffect(s.checkoutUrl) {
                    CustomTabsIntent.Builder().build().launchUrl(context, Uri.parse(s.checkoutUrl))
                }
                Text(stringResource(R.string.pay_in_checkout))
            }
            is PaymentState.Settled -> {
                val color = when (s.outcome) {
                    Outcome.PAID -> MaterialTheme.colorScheme.primary
                    Outcome.NOT_PAID -> MaterialTheme.colorScheme.error
                    Outcome.UNKNOWN -> MaterialTheme.colorScheme.secondary
                }
                Text(s.message.text(), color = color, style = MaterialTheme.typography.titleMedium)
                if (s.canAskAgain) Button(onClick = { model.payment.askAgain() }) { Text(stringResource(R.string.pay_ask_again)) }
                if (s.outcome == Outcome.PAID) TextButton(onClick = onReceipts) { Text(stringResource(R.string.pay_receipts)) }
                TextButton(onClick = model.payment::reset) { Text(stringResource(R.string.pay_another)) }
            }
            is PaymentState.Failed -> {
                Text(s.message.text(), color = MaterialTheme.colorScheme.error)
                TextButton(onClick = model.payment::reset) { Text(stringResource(R.string.pay_another)) }
            }
        }
    }
}

@Composable
fun ReceiptsScreen(model: PaymentModel) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    LaunchedEffect(Unit) { model.loadReceipts() }
    val receipts by model.receipts.collectAsStateWithLifecycle()
    if (receipts.isEmpty()) {
        Text(stringResource(R.string.receipts_none), Modifier.padding(16.dp))
        return
    }
    LazyColumn {
        items(receipts, key = { it.rptId }) { r ->
            ListItem(
                headlineContent = { Text(r.description ?: r.rptId) },
                supportingContent = { Text(listOfNotNull(r.payeeName, r.amountText).joinToString(" · ")) },
                modifier = Modifier.clickable {
                    scope.launch {
                        val file = File(context.cacheDir, "receipts/${r.rptId}.pdf").apply { parentFile?.mkdirs() }
                        file.writeBytes(model.receiptPdf(r.rptId))
                        val uri = FileProvider.getUriForFile(context, "${context.packageName}.files", file)
                        context.startActivity(
                            Intent(Intent.ACTION_VIEW).setDataAndType(uri, "application/pdf")
                                .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION),
                        )
                    }
                },
            )
        }
    }
}
