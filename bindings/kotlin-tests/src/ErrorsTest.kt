// The core's one error as one typed Kotlin exception, and the languages.
package campanile.ffi.tests

import kotlin.test.assertEquals
import kotlin.test.assertNotEquals
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import uniffi.campanile_ffi.CampanileException
import uniffi.campanile_ffi.ErrorClass

class ErrorsTest {
    @Test
    fun aMalformedNoticeIsABadInputException() {
        val core = openCore()
        val ok = core.payments().parse("PAGOPA|002|300715700000000032|00085240950|12345", null)
        assertEquals("00085240950300715700000000032", ok.rptId)
        assertEquals(12345uL, ok.amountCents)
        // The check digits are wrong (…31 instead of …32).
        val e = expectCoreError { core.payments().parse("PAGOPA|002|300715700000000031|00085240950|12345", null) }
        assertEquals(ErrorClass.BAD_INPUT, e.errorClass)
        assertTrue(e.code.isNotBlank())
        assertTrue(e.text.contains("300715700000000031"), e.text)
        assertEquals("PAGOPA|002|300715700000000031|00085240950|12345", e.details["notice"])
        // It is a Kotlin exception like any other.
        assertTrue((e as Throwable) is CampanileException)
    }

    @Test
    fun anUnreadablePhotoAndAnUnknownPlaceAreTyped() = runBlocking {
        val core = openCore()
        val photo = expectCoreError { runBlocking { core.payments().scanPhoto(byteArrayOf(1, 2, 3), null, null) } }
        assertEquals(ErrorClass.BAD_INPUT, photo.errorClass)
        val missing = expectCoreError { core.places().place("nowhere") }
        assertEquals(ErrorClass.NOT_FOUND, missing.errorClass)
        assertEquals("places.not-found", missing.code)
    }

    @Test
    fun messagesFollowTheLanguage() {
        val core = openCore(language = "en")
        assertTrue(core.languages().containsAll(listOf("it", "en")))
        assertEquals("en", core.language())
        val english = expectCoreError { core.places().place("nowhere") }.text
        assertEquals("it", core.setLanguage("it"))
        val italian = expectCoreError { core.places().place("nowhere") }.text
        assertNotEquals(english, italian)
        assertTrue(core.today().matches(Regex("\\d{4}-\\d{2}-\\d{2}")))
    }
}
