// The look of Italian public services (the desktop's Bootstrap Italia blue).
package it.campanile.app.ui

import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color

private val colors = lightColorScheme(
    primary = Color(0xFF0066CC),
    onPrimary = Color.White,
    secondary = Color(0xFF17324D),
    surface = Color.White,
    background = Color(0xFFF5F7FA),
    error = Color(0xFFCC334D),
)

@Composable
fun CampanileTheme(content: @Composable () -> Unit) {
    MaterialTheme(colorScheme = colors, content = content)
}
