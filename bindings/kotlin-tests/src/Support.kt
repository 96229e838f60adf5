// What the tests share: the host's secret store in memory, a handle on a fresh database, the
// fake stack (portal, pagoPA platform, hub) as a child process, fixtures written by the tests,
// and a little HTTP.
package campanile.ffi.tests

import java.io.BufferedReader
import java.io.File
import java.io.InputStreamReader
import java.net.HttpURLConnection
import java.net.URI
import java.nio.file.Files
import java.util.concurrent.ConcurrentHashMap
import uniffi.campanile_ffi.CampanileException
import uniffi.campanile_ffi.Core
import uniffi.campanile_ffi.CoreConfig
import uniffi.campanile_ffi.ErrorClass
import uniffi.campanile_ffi.HostSecrets

/** The Keystore/Keychain stand-in: a map, as a test's host gives it. */
class MemorySecrets : HostSecrets {
    val values = ConcurrentHashMap<String, String>()
    override fun get(name: String): String? = values[name]
    override fun set(name: String, value: String) { values[name] = value }
    override fun unset(name: String): Boolean = values.remove(name) != null
    override fun list(): List<String> = values.keys.sorted()
    override fun describe(): String = "the test's memory"
}

object Env {
    /** The repository's root (for the bundled basemap). */
    val repo: File = File(System.getProperty("campanile.repo") ?: "../..").absoluteFile
    /** The fake stack's binary (cargo's example). */
    val fakeStack: String = System.getProperty("campanile.fakeStack") ?: "target/debug/examples/fake_stack"
}

/**
 * A fresh folder, removed with what it holds when the JVM exits (`deleteOnExit` leaves a folder
 * that is not empty). The hook uses `java.io.File` alone: at exit JUnit's class loader is closed,
 * and a Kotlin class not loaded yet (`kotlin.io.FilesKt`) no longer loads.
 */
fun tempDir(prefix: String): File = Files.createTempDirectory(prefix).toFile().also { dir ->
    Runtime.getRuntime().addShutdownHook(Thread { removeTree(dir) })
}

private fun removeTree(f: File) {
    f.listFiles()?.forEach(::removeTree)
    f.delete()
}

/** A handle on a fresh database file; pagoPA on the fake platform when `platform` is given. */
fun openCore(
    secrets: MemorySecrets = MemorySecrets(),
    language: String = "en",
    platform: String? = null,
): Core = openCoreWith(secrets, language, platform)

fun openCoreWith(
    secrets: HostSecrets,
    language: String = "en",
    platform: String? = null,
): Core {
    val db = File(tempDir("campanile-kt"), "campanile.db")
    val config = CoreConfig(
        databasePath = db.path,
        language = language,
        pagopaEnvironment = if (platform != null) "custom" else null,
        pagopaPaymentRequestsUrl = platform?.let { "$it/ecommerce/payment-requests-service/v1" },
        pagopaCheckoutUrl = platform?.let { "$it/checkout/ec/v1" },
        pagopaGpdUrl = null,
        ownComuni = emptyList(),
    )
    return Core.open(config, secrets)
}

/** Runs `block`, which must throw the core's error; returns it. */
inline fun expectCoreError(block: () -> Unit): CampanileException.Core {
    try {
        block()
    } catch (e: CampanileException.Core) {
        return e
    }
    throw AssertionError("expected CampanileException.Core")
}

fun CampanileException.Core.isBadInput() = errorClass == ErrorClass.BAD_INPUT

/** Places as the Italian open-data CSVs publish them (`;`, comma decimals). */
object Fixtures {
    const val CSV_NAME = "luoghi-di-prova.csv"

    fun placesCsv(): ByteArray {
        val rows = listOf(
            listOf("p1", "Pinacoteca Civica", "museo", "Piazza Arringo 7", "Ascoli Piceno", "044007", "42,853300", "13,575900"),
            listOf("p2", "Duomo di Fermo", "chiesa", "Piazzale del Girfalco", "Fermo", "109006", "43,162200", "13,722300"),
            listOf("p3", "Teatro dell'Aquila", "teatro", "Via Mazzini 4", "Fermo", "109006", "43,160600", "13,718700"),
            listOf("p4", "Museo Archeologico", "museo", "Via dei Bagni 1", "Fermo", "109006", "43,161000", "13,720000"),
            listOf("p5", "Farmacia Centrale", "farmacia", "Corso Cefalonia 10", "Fermo", "109006", "43,159000", "13,717000"),
        )
        val header = "id;denominazione;tipologia;indirizzo;comune;codice_istat;latitudine;longitudine"
        return (listOf(header) + rows.map { it.joinToString(";") }).joinToString("\n").toByteArray()
    }

    /** An iBeacon advert (AD structures): UUID f7826da6-…, major 1, minor `minor`. */
    fun iBeacon(minor: Int): String =
        "0201061aff4c000215f7826da64fa24e988024bc5b71e0893e0001" + "%04x".format(minor) + "c5"

    fun registryCsv(): ByteArray = (
        "beacon,poi_id,name\n" +
            "ibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:1,p2,Duomo di Fermo\n" +
            "ibeacon:f7826da6-4fa2-4e98-8024-bc5b71e0893e:1:2,p3,Teatro dell'Aquila\n"
        ).toByteArray()

    /** A visitor walking up to the Duomo's beacon, staying 3 s, then walking to the theatre. */
    fun traceJsonl(): ByteArray {
        val lines = mutableListOf<String>()
        var t = 1_700_000_000_000L
        repeat(30) { lines += """{"t": $t, "rssi": -60, "adv": "${iBeacon(1)}"}"""; t += 100 }
        t += 15_000
        repeat(30) { lines += """{"t": $t, "rssi": -58, "adv": "${iBeacon(2)}"}"""; t += 100 }
        return lines.joinToString("\n").toByteArray()
    }

    fun hex(s: String): ByteArray = ByteArray(s.length / 2) { s.substring(it * 2, it * 2 + 2).toInt(16).toByte() }
}

/** The fake stack (cargo example `fake_stack`), started once for the whole run. */
object FakeStack {
    private val process: Process by lazy {
        val p = ProcessBuilder(Env.fakeStack).redirectError(ProcessBuilder.Redirect.INHERIT).start()
        Runtime.getRuntime().addShutdownHook(Thread { p.outputStream.close(); p.waitFor() })
        p
    }
    private val line: String by lazy {
        BufferedReader(InputStreamReader(process.inputStream)).readLine()
            ?: error("the fake stack said nothing")
    }

    private fun field(name: String): String =
        Regex("\"$name\":\"([^\"]*)\"").find(line)?.groupValues?.get(1) ?: error("no $name in $line")

    val portal get() = field("portal")
    val slowPortal get() = field("slow_portal")
    val platform get() = field("platform")
    val hub get() = field("hub")
    val noticePhoto get() = File(field("notice_photo"))
    val noisePhoto get() = File(field("noise_photo"))
    val notices: List<Pair<String, Long>>
        get() = Regex("\\{[^{}]*\"rpt_id\"[^{}]*\\}").findAll(line).map { m ->
            val o = m.value
            val rpt = Regex("\"rpt_id\":\"(\\d+)\"").find(o)!!.groupValues[1]
            val cents = Regex("\"amount_cents\":(\\d+)").find(o)!!.groupValues[1].toLong()
            rpt to cents
        }.toList()
}

/** A little HTTP: the status, the `Location` header and the body. */
data class Answer(val status: Int, val location: String?, val body: String)

fun http(method: String, url: String, body: String? = null, headers: Map<String, String> = emptyMap()): Answer {
    val c = URI(url).toURL().openConnection() as HttpURLConnection
    c.requestMethod = method
    c.instanceFollowRedirects = false
    headers.forEach { (k, v) -> c.setRequestProperty(k, v) }
    if (body != null) {
        c.doOutput = true
        c.setRequestProperty("Content-Type", "application/json")
        c.outputStream.use { it.write(body.toByteArray()) }
    }
    val status = c.responseCode
    val stream = if (status >= 400) c.errorStream else c.inputStream
    val text = stream?.bufferedReader()?.readText() ?: ""
    return Answer(status, c.getHeaderField("Location"), text)
}

fun jsonString(json: String, name: String): String? =
    Regex("\"$name\"\\s*:\\s*\"([^\"]*)\"").find(json)?.groupValues?.get(1)
