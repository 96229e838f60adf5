// The phones' hub sign-in: the hub's browser sign-in address for the app's own address, and
// the token that comes back in its fragment handed to login_token (here a token from the fake
// hub's development login, as the browser sign-in would have given it).
package campanile.ffi.tests

import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import uniffi.campanile_ffi.ErrorClass

const val RETURN_TO = "it.campanile.app:/login"

class HubSignInTest {
    @Test
    fun theSignInAddressCarriesTheAppsReturnAddress() {
        val core = openCore()
        val url = core.hub().signInUrl("https://hub.example.it/", "it.campanile.app:/login")
        assertEquals(
            "https://hub.example.it/api/v1/auth/oidc/start?return_to=it.campanile.app%3A%2Flogin",
            url,
        )
    }

    @Test
    fun aTokenFromTheHubSignsTheDeviceIn() = runBlocking {
        val login = http("POST", "${FakeStack.hub}/api/v1/dev/login",
            """{"subject": "$CITIZEN", "role": "citizen"}""")
        assertEquals(200, login.status, login.body)
        val token = jsonString(login.body, "token")!!

        val secrets = MemorySecrets()
        val core = openCore(secrets)
        val session = core.hub().loginToken(FakeStack.hub, token)
        assertEquals(CITIZEN, session.subject)
        assertEquals("citizen", session.role)
        assertEquals(token, secrets.values["hub-token"])
        assertEquals(CITIZEN, core.hub().status(10u).session?.subject)
        core.hub().sync()

        // The phone's way: the app is opened by its own address with the token in the fragment;
        // the core reads it and signs in. Another link is not the sign-in's return.
        val phone = MemorySecrets()
        val app = openCore(phone)
        assertNull(app.hub().finishSignIn(FakeStack.hub, "it.campanile.app:/pay/ok#token=$token", RETURN_TO))
        assertTrue(!phone.values.containsKey("hub-token"))
        val back = app.hub().finishSignIn(FakeStack.hub, "$RETURN_TO#token=$token", RETURN_TO)
        assertEquals(CITIZEN, back?.subject)
        assertEquals(token, phone.values["hub-token"])
        // The hub refused (the person cancelled at the identity provider): its error, in words.
        val denied = expectCoreError {
            runBlocking {
                openCore().hub().finishSignIn(FakeStack.hub, "$RETURN_TO#error=auth.oidc-denied&error_description=Cancelled", RETURN_TO)
            }
        }
        assertEquals("hub.sign-in-failed", denied.code, denied.toString())

        // A token the hub does not know signs no one in, and keeps nothing.
        val other = MemorySecrets()
        val refused = expectCoreError { runBlocking { openCore(other).hub().loginToken(FakeStack.hub, "not-a-token") } }
        assertTrue(refused.errorClass != ErrorClass.INTERNAL, refused.toString())
        assertTrue(!other.values.containsKey("hub-token"), other.values.keys.toString())
    }
}
