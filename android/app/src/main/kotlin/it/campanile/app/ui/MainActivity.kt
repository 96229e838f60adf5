// The one activity: bottom navigation over the screens; app links coming back from the hub's
// sign-in (it.campanile.app:/login#token=…) and from pagoPA Checkout (it.campanile.app:/pay/…).
package it.campanile.app.ui

import android.content.Intent
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.viewModels
import androidx.compose.foundation.layout.padding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Bluetooth
import androidx.compose.material.icons.filled.Description
import androidx.compose.material.icons.filled.Map
import androidx.compose.material.icons.filled.Payments
import androidx.compose.material.icons.filled.Search
import androidx.compose.material3.Icon
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.res.stringResource
import androidx.navigation.NavHostController
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.currentBackStackEntryAsState
import androidx.navigation.compose.rememberNavController
import it.campanile.app.R
import it.campanile.app.logic.SignIn

private data class Tab(val route: String, val label: Int, val icon: ImageVector)

private val tabs = listOf(
    Tab("map", R.string.tab_map, Icons.Filled.Map),
    Tab("search", R.string.tab_search, Icons.Filled.Search),
    Tab("beacons", R.string.tab_beacons, Icons.Filled.Bluetooth),
    Tab("pay", R.string.tab_pay, Icons.Filled.Payments),
    Tab("practices", R.string.tab_practices, Icons.Filled.Description),
)

class MainActivity : ComponentActivity() {
    private val searchModel: SearchModel by viewModels()
    private val beaconModel: BeaconModel by viewModels()
    private val paymentModel: PaymentModel by viewModels()
    private val practicesModel: PracticesModel by viewModels()
    private var nav: NavHostController? = null

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContent {
            CampanileTheme {
                val controller = rememberNavController().also { nav = it }
                val entry by controller.currentBackStackEntryAsState()
                Scaffold(
                    bottomBar = {
                        NavigationBar {
                            tabs.forEach { tab ->
                                NavigationBarItem(
                                    selected = entry?.destination?.route == tab.route,
                                    onClick = { controller.navigate(tab.route) { launchSingleTop = true; popUpTo("map") } },
                                    icon = { Icon(tab.icon, contentDescription = null) },
                                    label = { Text(stringResource(tab.label)) },
                                )
                            }
                        }
                    },
                ) { padding ->
                    NavHost(controller, startDestination = "map", modifier = Modifier.padding(padding)) {
                        composable("map") { MapScreen(searchModel) { controller.navigate("place/$it") } }
                        composable("search") { SearchScreen(searchModel) { controller.navigate("place/$it") } }
                        composable("place/{id}") { back ->
                            PlaceScreen(searchModel, back.arguments?.getString("id").orEmpty())
                        }
                        composable("beacons") { BeaconScreen(beaconModel) { controller.navigate("place/$it") } }
                        composable("pay") { PayScreen(paymentModel) { controller.navigate("receipts") } }
                        composable("receipts") { ReceiptsScreen(paymentModel) }
                        composable("practices") { PracticesScreen(practicesModel) }
                    }
                }
            }
        }
        handle(intent)
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        handle(intent)
    }

    override fun onResume() {
        super.onResume()
        // Back from Checkout without a return URL (the tab closed): settle all the same.
        paymentModel.payment.onReturn(null)
    }

    private fun handle(intent: Intent?) {
        val url = intent?.data?.toString() ?: run {
            intent?.getStringExtra(EXTRA_PRACTICE)?.let { nav?.navigate("practices") }
            return
        }
        when {
            url.startsWith(SignIn.RETURN_TO) -> {
                practicesModel.onSignInReturn(url)
                nav?.navigate("practices")
            }
            url.startsWith("it.campanile.app:/pay/") -> {
                paymentModel.payment.onReturn(url)
                nav?.navigate("pay")
            }
        }
    }

    companion object {
        const val EXTRA_PRACTICE = "it.campanile.app.PRACTICE"
    }
}
