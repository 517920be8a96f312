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
}
