package it.campanile.app.logic

import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

class BeaconViewModelTest {
    private fun advert(kind: Int, at: Long) = AdvertIn(byteArrayOf(kind.toByte()), -60, at)

    @Test
    fun advertsGoToTheCoreInBatchesAndAnEnterOffersThePlace() {
        val beacons = FakeBeacons()
        val vm = BeaconViewModel(beacons, batchSize = 4)
        assertTrue(vm.worthScanning())
        vm.onAdvert(advert(0, 1)) // before start: ignored
        vm.start()
        repeat(3) { vm.onAdvert(advert(0, 10L + it)) }
        assertEquals(emptyList(), beacons.feed!!.batches.toList())
        vm.onAdvert(advert(1, 20))
        assertEquals(listOf(4), beacons.feed!!.batches.toList())
        val offer = assertNotNull(vm.state.value.offer)
        assertEquals("p2", offer.poiId)
        assertEquals("You are at Duomo di Fermo", offer.text)
        assertEquals("p2", vm.state.value.here)
        vm.onAdverts(listOf(advert(0, 30), advert(2, 31)))
        assertNull(vm.state.value.offer)
        assertNull(vm.state.value.here)
        vm.onCycle(40)
        assertEquals(1, beacons.feed!!.ticks)
    }

    @Test
    fun aDismissedPlaceIsNotOfferedAgainForAWhile() {
        val beacons = FakeBeacons()
        val vm = BeaconViewModel(beacons, quietMs = 1_000, batchSize = 1)
        vm.start()
        vm.onAdvert(advert(1, 100))
        vm.dismiss()
        assertNull(vm.state.value.offer)
        vm.onAdvert(advert(2, 200))
        vm.onAdvert(advert(1, 500)) // back within the quiet time
        assertNull(vm.state.value.offer)
        assertEquals("p2", vm.state.value.here)
        vm.onAdvert(advert(2, 600))
        vm.onAdvert(advert(1, 1_200)) // after it
        assertEquals("p2", vm.state.value.offer?.poiId)
        vm.opened()
        assertNull(vm.state.value.offer)
    }

    @Test
    fun stoppingFlushesAndForgets() {
        val beacons = FakeBeacons()
        val vm = BeaconViewModel(beacons, batchSize = 100)
        vm.start()
        vm.onAdvert(advert(0, 1))
        vm.stop()
        assertEquals(listOf(1), beacons.feed!!.batches.toList())
        assertFalse(vm.state.value.scanning)
        assertFalse(BeaconViewModel(FakeBeacons(count = 0)).worthScanning())
    }
}
