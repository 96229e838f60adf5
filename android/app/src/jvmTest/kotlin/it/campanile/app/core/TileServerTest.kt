// The map's tile server over the bundled basemap (assets/basemap), as MapLibre asks it.
package it.campanile.app.core

import java.io.File
import java.net.HttpURLConnection
import java.net.URI
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test
import uniffi.campanile_ffi.Core
import uniffi.campanile_ffi.CoreConfig

class TileServerTest {
    private fun get(url: String): Pair<Int, ByteArray> {
        val c = URI(url).toURL().openConnection() as HttpURLConnection
        val status = c.responseCode
        val body = if (status == 200) c.inputStream.readBytes() else ByteArray(0)
        return status to body
    }

    @Test
    fun theStyleAndTheTilesOfTheBundledBasemap() {
        val repo = File(System.getProperty("campanile.repo") ?: ".").absoluteFile
        val basemap = File(repo, "assets/basemap/piceno-fermano.pmtiles")
        val core = Core.open(CoreConfig(null, "it", null, null, null, null, emptyList()), MapSecrets())
        val archive = core.tiles().openBytes("piceno-fermano.pmtiles", basemap.readBytes())
        TileServer(archive).start().use { server ->
            val (status, style) = get(server.styleUrl)
            assertEquals(200, status)
            val text = style.decodeToString()
            assertTrue(text.contains("\"${server.base}/tiles/{z}/{x}/{y}.pbf\""), text)
            assertTrue(text.contains("\"source-layer\":\"land\"") || text.contains("\"source-layer\":\"countries\""), text)
            val (z0, tile) = get("${server.base}/tiles/0/0/0.pbf")
            assertEquals(200, z0)
            assertTrue(tile.isNotEmpty())
            assertTrue(tile[0] != 0x1f.toByte(), "served decompressed")
            // Far from the Marche at zoom 12: not in the archive, an empty answer.
            assertEquals(204, get("${server.base}/tiles/12/0/0.pbf").first)
            assertEquals(404, get("${server.base}/nope").first)
        }
    }
}
