// The core's offline tiles for MapLibre: a tiny HTTP server on 127.0.0.1 (a random port, only
// this device) serving the style (`/style.json`) and the tiles (`/tiles/{z}/{x}/{y}.pbf`) of an
// archive the core keeps open. No Android import: compiled and tested on the JVM by
// scripts/android-logic-test.sh.
package it.campanile.app.core

import java.io.BufferedReader
import java.io.InputStreamReader
import java.io.OutputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import uniffi.campanile_ffi.CampanileException
import uniffi.campanile_ffi.TileArchive

class TileServer(private val archive: TileArchive, threads: Int = 4) : AutoCloseable {
    private val socket = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    private val pool: ExecutorService = Executors.newFixedThreadPool(threads) { r ->
        Thread(r, "campanile-tiles").apply { isDaemon = true }
    }
    private val acceptor = Thread({ accept() }, "campanile-tiles-accept").apply { isDaemon = true }

    val port: Int get() = socket.localPort
    val base: String get() = "http://127.0.0.1:$port"
    val styleUrl: String get() = "$base/style.json"

    /** The archive's layers (from its metadata), for the style. */
    private val layers: Set<String> by lazy {
        val info = runCatching { archive.infoJson() }.getOrDefault("{}")
        Regex("\"id\"\\s*:\\s*\"([^\"]+)\"").findAll(info).map { it.groupValues[1] }.toSet()
    }

    fun start(): TileServer {
        acceptor.start()
        return this
    }

    private fun accept() {
        while (!socket.isClosed) {
            val client = try {
                socket.accept()
            } catch (e: Exception) {
                return
            }
            pool.execute { client.use { serve(it) } }
        }
    }

    private fun serve(client: Socket) {
        val line = BufferedReader(InputStreamReader(client.getInputStream())).readLine() ?: return
        val path = line.split(' ').getOrNull(1)?.substringBefore('?') ?: ""
        val out = client.getOutputStream()
        if (path == "/style.json") {
            respond(out, 200, "application/json", style().toByteArray())
            return
        }
        val m = Regex("^/tiles/(\\d+)/(\\d+)/(\\d+)\\.pbf$").find(path)
        if (m == null) {
            respond(out, 404, "text/plain", "not found".toByteArray())
            return
        }
        val (z, x, y) = m.destructured
        try {
            val tile = archive.tile(z.toUByte(), x.toUInt(), y.toUInt(), true)
            respond(out, 200, "application/x-protobuf", tile.data)
        } catch (e: CampanileException.Core) {
            // An absent tile is an empty one for the map (tiles.absent); others are errors.
            respond(out, if (e.code == "tiles.absent") 204 else 500, "text/plain", ByteArray(0))
        }
    }

    private fun respond(out: OutputStream, status: Int, type: String, body: ByteArray) {
        val reason = when (status) { 200 -> "OK"; 204 -> "No Content"; 404 -> "Not Found"; else -> "Error" }
        val head = "HTTP/1.1 $status $reason\r\nContent-Type: $type\r\nContent-Length: ${body.size}\r\n" +
            "Cache-Control: max-age=86400\r\nConnection: close\r\n\r\n"
        out.write(head.toByteArray())
        out.write(body)
        out.flush()
    }

    /** The same look as the desktop's map (app-tauri/ui/src/map.js), for the layers present. */
    fun style(): String {
        val l = mutableListOf("""{"id":"sea","type":"background","paint":{"background-color":"#b9d6ea"}}""")
        fun has(name: String) = layers.isEmpty() || name in layers
        if (has("countries")) l += """{"id":"countries","type":"fill","source":"basemap","source-layer":"countries","paint":{"fill-color":"#efece4"}}"""
        if (has("land")) l += """{"id":"land","type":"fill","source":"basemap","source-layer":"land","paint":{"fill-color":"#f3f1ea"}}"""
        if (has("coastline")) l += """{"id":"coastline","type":"line","source":"basemap","source-layer":"coastline","paint":{"line-color":"#7fa7c2","line-width":1}}"""
        if (has("boundaries")) l += """{"id":"boundaries","type":"line","source":"basemap","source-layer":"boundaries","paint":{"line-color":"#8a7f9b","line-width":1.2,"line-dasharray":[3,2]}}"""
        if (has("places")) l += """{"id":"comuni","type":"circle","source":"basemap","source-layer":"places","minzoom":7,"paint":{"circle-radius":3,"circle-color":"#ffffff","circle-stroke-color":"#33485c","circle-stroke-width":1.5}}"""
        return """{"version":8,"name":"Campanile offline","sources":{"basemap":{"type":"vector",""" +
            """"tiles":["$base/tiles/{z}/{x}/{y}.pbf"],"minzoom":0,"maxzoom":12}},"layers":[${l.joinToString(",")}]}"""
    }

    override fun close() {
        socket.close()
        pool.shutdownNow()
    }
}
