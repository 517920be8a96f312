import CMallocTuning

/// Process-wide settings that the engine's allocation pattern needs.
public enum ProcessTuning {
    /// Allocations up to this size come from the heap and are reused, rather than mapped fresh
    /// (and zeroed by the kernel) for every batch: column buffers and log-store answers are a few
    /// MiB each. 32 MiB is the most glibc accepts on 64-bit (`HEAP_MAX_SIZE / 2`); above it
    /// `mallopt` refuses and nothing changes.
    public static let heapAllocationBytesMax: Int32 = 32 * 1024 * 1024
    /// Free heap kept before memory is returned to the system.
    public static let heapTrimBytes: Int32 = 512 * 1024 * 1024

    /// Applies the settings; call once at start.
    /// - Returns: whether the C library took them (glibc does; other C libraries ignore them).
    @discardableResult
    public static func apply() -> Bool {
        sluice_tune_malloc(heapAllocationBytesMax, heapTrimBytes) == 3
    }

    /// Heap arenas of an executor: one, shared by its threads. glibc gives each thread that
    /// allocates at once its own arena (up to 8 per core), and `malloc_trim` returns only the free
    /// chunks inside a thread's arena, never its top, so each task thread's arena would keep the
    /// largest task's heap resident (about 17 MiB each at 20,000 logs/s); the main arena's top is
    /// returned. Small allocations come from each thread's cache without the arena's lock.
    public static let executorHeapArenas: Int32 = 1

    /// Applies an executor's settings (`executorHeapArenas`); call at its start, before it starts
    /// threads.
    /// - Returns: whether the C library took them.
    @discardableResult
    public static func applyExecutor() -> Bool {
        sluice_limit_heap_arenas(executorHeapArenas) == 1
    }

    /// Returns the heap's free pages to the system at once, whatever `heapTrimBytes` keeps: for a
    /// process that goes idle between bursts of work (an executor between epochs), so that what the
    /// last burst freed does not stay resident until the next. The next burst maps and zeroes its
    /// pages anew, so call it only when idle.
    /// - Returns: whether any memory was returned.
    @discardableResult
    public static func releaseFreeHeap() -> Bool {
        sluice_release_free_heap() == 1
    }
}
