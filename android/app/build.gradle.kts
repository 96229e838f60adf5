// The Android app: Compose screens that only draw, over :logic's view models; the ports are
// implemented over the UniFFI bindings of the Rust core, which scripts/android-build.sh
// generates into build/generated/uniffi/kotlin and builds (cargo-ndk) into build/rustJniLibs.
plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

val bindingsDir = layout.buildDirectory.dir(providers.gradleProperty("campanile.bindingsDir").get())
val jniLibsDir = layout.buildDirectory.dir(providers.gradleProperty("campanile.jniLibsDir").get())

android {
    namespace = "it.campanile.app"
    compileSdk = 35

    defaultConfig {
        applicationId = "it.campanile.app"
        minSdk = 26
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        buildConfigField("String", "HUB_URL", "\"${providers.gradleProperty("campanile.hubUrl").get()}\"")
        buildConfigField("String", "PORTAL_URL", "\"${providers.gradleProperty("campanile.portalUrl").get()}\"")
        // The app link the hub's sign-in and pagoPA Checkout come back to (it.campanile.app:/…).
        manifestPlaceholders["appScheme"] = "it.campanile.app"
        ndk {
            abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64")
        }
    }

    buildFeatures {
        compose = true
        buildConfig = true
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    sourceSets {
        getByName("main") {
            // Generated at build time, never committed.
            java.srcDir(bindingsDir)
            jniLibs.srcDir(jniLibsDir)
            // The bundled basemap and sample places, read from the repository (not copied).
            assets.srcDir("../../assets/basemap")
            assets.srcDir("../../assets/sample")
        }
    }

    packaging {
        resources.excludes += "/META-INF/{AL2.0,LGPL2.1}"
    }
}

kotlin {
    jvmToolchain(17)
}

// A clear message instead of unresolved `uniffi.campanile_ffi` imports.
tasks.named("preBuild") {
    doFirst {
        val kt = bindingsDir.get().asFile
        if (!kt.exists() || kt.walkTopDown().none { it.extension == "kt" }) {
            throw GradleException(
                "No UniFFI bindings in $kt: run scripts/android-build.sh from the repository " +
                    "(it builds the core with cargo-ndk and generates them), then build again."
            )
        }
    }
}

dependencies {
    implementation(project(":logic"))
    implementation(libs.kotlinx.coroutines.android)
    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.lifecycle.viewmodel.compose)
    implementation(libs.androidx.lifecycle.runtime.compose)
    implementation(libs.androidx.navigation.compose)
    implementation(libs.androidx.browser)
    implementation(libs.androidx.work.runtime)
    implementation(libs.androidx.camera.core)
    implementation(libs.androidx.camera.camera2)
    implementation(libs.androidx.camera.lifecycle)
    implementation(libs.androidx.camera.view)
    implementation(platform(libs.compose.bom))
    implementation(libs.compose.ui)
    implementation(libs.compose.ui.tooling.preview)
    implementation(libs.compose.material3)
    implementation(libs.compose.material.icons)
    implementation(libs.maplibre.android)
    // UniFFI's Kotlin calls the core through JNA: the Android flavour (with its .so files).
    implementation("${libs.jna.get().module}:${libs.jna.get().version}@aar")
    debugImplementation(libs.compose.ui.tooling)
}
