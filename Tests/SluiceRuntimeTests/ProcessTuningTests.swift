import SluiceRuntime
import Testing

@Suite struct ProcessTuningTests {
    /// glibc refuses a mmap threshold above 32 MiB; the settings must be ones it takes.
    @Test func theCLibraryTakesTheMallocSettings() {
        #expect(ProcessTuning.apply())
    }
}
