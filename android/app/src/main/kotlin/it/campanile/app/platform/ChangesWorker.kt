// The changes feed polled in the background with WorkManager (no Google services): a sync
// with the hub, then the core says what to notify (through the logic's ChangesPoller); the
// cursor is committed once the notifications are posted.
package it.campanile.app.platform

import android.Manifest
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.ContextCompat
import androidx.work.Constraints
import androidx.work.CoroutineWorker
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.NetworkType
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.WorkerParameters
import it.campanile.app.CampanileApp
import it.campanile.app.R
import it.campanile.app.logic.ChangesPoller
import it.campanile.app.logic.CoreFailure
import it.campanile.app.logic.CursorStore
import it.campanile.app.ui.MainActivity
import java.util.concurrent.TimeUnit

class PrefsCursorStore(context: Context) : CursorStore {
    private val prefs = context.getSharedPreferences("campanile-feed", Context.MODE_PRIVATE)
    override fun get(person: String): String? = prefs.getString(person, null)
    override fun set(person: String, cursor: String) { prefs.edit().putString(person, cursor).apply() }
}

class ChangesWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val app = applicationContext as CampanileApp
        val session = app.hub.session() ?: return Result.success()
        return try {
            app.hub.sync()
            val poller = ChangesPoller(app.practices, PrefsCursorStore(applicationContext))
            val poll = poller.poll(session.subject)
            poll.notifications.forEach { post(it) }
            poller.commit(session.subject, poll)
            Result.success()
        } catch (e: CoreFailure) {
            Result.retry()
        }
    }

    @android.annotation.SuppressLint("MissingPermission") // checked above for API 33+
    private fun post(n: it.campanile.app.logic.Notification) {
        val ctx = applicationContext
        if (ContextCompat.checkSelfPermission(ctx, Manifest.permission.POST_NOTIFICATIONS) != PackageManager.PERMISSION_GRANTED &&
            android.os.Build.VERSION.SDK_INT >= 33
        ) return
        val channel = if (n.urgent) CHANNEL_URGENT else CHANNEL_PRACTICES
        val open = PendingIntent.getActivity(
            ctx, n.key.hashCode(),
            Intent(ctx, MainActivity::class.java).putExtra(MainActivity.EXTRA_PRACTICE, n.subjectId),
            PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )
        val notification = NotificationCompat.Builder(ctx, channel)
            .setSmallIcon(R.drawable.ic_notification)
            .setContentTitle(ctx.getString(R.string.app_name))
            .setContentText(n.text)
            .setContentIntent(open)
            .setAutoCancel(true)
            .setPriority(if (n.urgent) NotificationCompat.PRIORITY_HIGH else NotificationCompat.PRIORITY_DEFAULT)
            .build()
        NotificationManagerCompat.from(ctx).notify(n.key, 0, notification)
    }

    companion object {
        const val CHANNEL_PRACTICES = "practices"
        const val CHANNEL_URGENT = "deadlines"

        fun channels(context: Context) {
            val nm = context.getSystemService(NotificationManager::class.java)
            nm.createNotificationChannel(
                NotificationChannel(CHANNEL_PRACTICES, context.getString(R.string.channel_practices), NotificationManager.IMPORTANCE_DEFAULT),
            )
            nm.createNotificationChannel(
                NotificationChannel(CHANNEL_URGENT, context.getString(R.string.channel_deadlines), NotificationManager.IMPORTANCE_HIGH),
            )
        }

        fun schedule(context: Context) {
            val request = PeriodicWorkRequestBuilder<ChangesWorker>(30, TimeUnit.MINUTES)
                .setConstraints(Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build())
                .build()
            WorkManager.getInstance(context)
                .enqueueUniquePeriodicWork("campanile-changes", ExistingPeriodicWorkPolicy.KEEP, request)
        }
    }
}
