import SluiceRuntime
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct ProcessTuningTests {
    /// glibc refuses a mmap threshold above 32 MiB; the settings must be ones it takes.
    @Test func theCLibraryTakesTheMallocSettings() {
        #expect(ProcessTuning.apply())
        #expect(ProcessTuning.applyExecutor())
    }

    /// A freed block that is not the heap's top is held by the heap until released: releasing
    /// returns its pages.
    @Test func freedHeapIsReturnedToTheSystem() throws {
        #expect(ProcessTuning.apply())
        let bytes = 4 << 20
        let freed = try #require(malloc(bytes))
        memset(freed, 1, bytes)
        // Keeps the freed block from merging into the top of the heap.
        let kept = try #require(malloc(64))
        free(freed)
        #expect(ProcessTuning.releaseFreeHeap())
        free(kept)
    }
}
