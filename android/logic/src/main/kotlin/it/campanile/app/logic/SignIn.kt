// The hub's sign-in for phones: the hub's start address opened in a Custom Tab (Android) or an
// ASWebAuthenticationSession (iOS) comes back to the app's address below. Reading that return
// (the token or the hub's refusal) is the core's (`Hub.finishSignIn`, through HubPort).
package it.campanile.app.logic

object SignIn {
    /** The app's address the hub sends the person back to (the hub must allow it). */
    const val RETURN_TO = "it.campanile.app:/login"
}
