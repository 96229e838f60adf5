// Campanile for Android: the visitors' and citizens' app over the Rust core (bindings/,
// crate campanile-ffi). `:logic` is plain Kotlin/JVM (view models, state, decisions; tested on
// any JVM); `:app` draws with Jetpack Compose and implements the logic's ports over the
// generated UniFFI bindings.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "campanile-android"
include(":logic", ":app")
