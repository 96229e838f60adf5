package it.campanile.app.logic

import kotlin.test.assertEquals
import org.junit.jupiter.api.Test

class PermissionsAndSignInTest {
    private val scan = Permissions.BLUETOOTH_SCAN
    private val fine = Permissions.FINE_LOCATION

    @Test
    fun whatEachFeatureNeedsByApiLevel() {
        assertEquals(listOf(scan, fine), Permissions.needed(Feature.BEACONS, 34))
        assertEquals(listOf(fine), Permissions.needed(Feature.BEACONS, 30))
        assertEquals(listOf(Permissions.POST_NOTIFICATIONS), Permissions.needed(Feature.NOTIFICATIONS, 33))
        assertEquals(emptyList(), Permissions.needed(Feature.NOTIFICATIONS, 32))
        assertEquals(listOf(Permissions.CAMERA), Permissions.needed(Feature.CAMERA, 26))
    }

    @Test
    fun theReasonIsShownBeforeAskingAndSettingsAfterDontAskAgain() {
        val none = emptySet<String>()
        assertEquals(
            PermissionStep.ExplainThenRequest(Msg.RATIONALE_BLUETOOTH.text(), listOf(scan, fine)),
            Permissions.decide(Feature.BEACONS, 34, none, none, none),
        )
        assertEquals(
            PermissionStep.ExplainThenRequest(Msg.RATIONALE_BLUETOOTH.text(), listOf(fine)),
            Permissions.decide(Feature.BEACONS, 34, setOf(scan), setOf(fine), setOf(scan, fine)),
        )
        assertEquals(
            PermissionStep.ExplainThenSettings(Msg.RATIONALE_CAMERA.text()),
            Permissions.decide(Feature.CAMERA, 34, none, none, setOf(Permissions.CAMERA)),
        )
        assertEquals(PermissionStep.Proceed, Permissions.decide(Feature.NOTIFICATIONS, 32, none, none, none))
        assertEquals(PermissionStep.Proceed, Permissions.decide(Feature.NEAR_ME, 34, setOf(fine), none, none))
    }

    @Test
    fun theSignInReturnCarriesTheTokenOrTheHubsError() {
        assertEquals(SignInReturn.Token("abc.def+1"), SignIn.parse("it.campanile.app:/login#token=abc.def%2B1&expires_at=2026"))
        assertEquals(
            SignInReturn.Failed("auth.oidc-denied", "Accesso negato"),
            SignIn.parse("it.campanile.app:/login#error=auth.oidc-denied&error_description=Accesso+negato"),
        )
        assertEquals(SignInReturn.Failed("auth.no-token", null), SignIn.parse("it.campanile.app:/login"))
        assertEquals(SignInReturn.NotOurs, SignIn.parse("it.campanile.app:/pay/ok#token=x"))
        assertEquals(SignInReturn.NotOurs, SignIn.parse("https://evil.example/login#token=x"))
    }
}
