// Permissions asked at the moment of use, with the reason shown first when the system says a
// rationale is due, and a way to the settings when the person said "don't ask again".
package it.campanile.app.logic

enum class Feature { BEACONS, NEAR_ME, CAMERA, NOTIFICATIONS }

/** What the app does next. */
sealed interface PermissionStep {
    data object Proceed : PermissionStep
    data class Request(val permissions: List<String>) : PermissionStep
    data class ExplainThenRequest(val reason: UiText, val permissions: List<String>) : PermissionStep
    data class ExplainThenSettings(val reason: UiText) : PermissionStep
}

object Permissions {
    const val BLUETOOTH_SCAN = "android.permission.BLUETOOTH_SCAN"
    const val FINE_LOCATION = "android.permission.ACCESS_FINE_LOCATION"
    const val CAMERA = "android.permission.CAMERA"
    const val POST_NOTIFICATIONS = "android.permission.POST_NOTIFICATIONS"

    /**
     * The runtime permissions a feature needs on API level `sdk`. Beacon scanning needs the
     * location too: iBeacon and Eddystone frames are filtered out of scans made with
     * `neverForLocation`.
     */
    fun needed(feature: Feature, sdk: Int): List<String> = when (feature) {
        Feature.BEACONS -> if (sdk >= 31) listOf(BLUETOOTH_SCAN, FINE_LOCATION) else listOf(FINE_LOCATION)
        Feature.NEAR_ME -> listOf(FINE_LOCATION)
        Feature.CAMERA -> listOf(CAMERA)
        Feature.NOTIFICATIONS -> if (sdk >= 33) listOf(POST_NOTIFICATIONS) else emptyList()
    }

    fun reason(feature: Feature): UiText = when (feature) {
        Feature.BEACONS -> Msg.RATIONALE_BLUETOOTH.text()
        Feature.NEAR_ME -> Msg.RATIONALE_LOCATION.text()
        Feature.CAMERA -> Msg.RATIONALE_CAMERA.text()
        Feature.NOTIFICATIONS -> Msg.RATIONALE_NOTIFICATIONS.text()
    }

    /**
     * The next step for `feature`: `granted` says which permissions are held, `rationale` which
     * ones the system says deserve an explanation (`shouldShowRequestPermissionRationale`),
     * `askedBefore` which ones were already requested once.
     */
    fun decide(
        feature: Feature,
        sdk: Int,
        granted: Set<String>,
        rationale: Set<String>,
        askedBefore: Set<String>,
    ): PermissionStep {
        val missing = needed(feature, sdk).filter { it !in granted }
        if (missing.isEmpty()) return PermissionStep.Proceed
        // Asked before, denied, and no rationale due: "don't ask again"; only the settings help.
        if (missing.all { it in askedBefore && it !in rationale }) {
            return PermissionStep.ExplainThenSettings(reason(feature))
        }
        // Always say why before the system dialog: the first time too.
        return PermissionStep.ExplainThenRequest(reason(feature), missing)
    }
}
