package it.campanile.app.logic

import kotlin.test.assertEquals
import org.junit.jupiter.api.Test

class PermissionsTest {
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
}
