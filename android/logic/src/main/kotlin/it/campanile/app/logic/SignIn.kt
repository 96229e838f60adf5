// The hub's sign-in for phones: the hub's start address opened in a Custom Tab (Android) or an
// ASWebAuthenticationSession (iOS) comes back to the app's address with the token, or the
// hub's error, in the fragment (`it.campanile.app:/login#token=…`).
package it.campanile.app.logic

import java.net.URLDecoder

sealed interface SignInReturn {
    data class Token(val token: String) : SignInReturn
    data class Failed(val code: String, val description: String?) : SignInReturn
    /** Not the sign-in's return address. */
    data object NotOurs : SignInReturn
}

object SignIn {
    const val RETURN_TO = "it.campanile.app:/login"

    fun parse(url: String, returnTo: String = RETURN_TO): SignInReturn {
        if (url.substringBefore('#').substringBefore('?') != returnTo) return SignInReturn.NotOurs
        val fragment = url.substringAfter('#', "")
        val pairs = fragment.split('&').filter { it.contains('=') }.associate {
            URLDecoder.decode(it.substringBefore('='), "UTF-8") to URLDecoder.decode(it.substringAfter('='), "UTF-8")
        }
        pairs["token"]?.takeIf { it.isNotBlank() }?.let { return SignInReturn.Token(it) }
        return SignInReturn.Failed(pairs["error"] ?: "auth.no-token", pairs["error_description"])
    }
}
