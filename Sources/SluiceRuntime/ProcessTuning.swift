import CMallocTuning

/// Process-wide settings that the engine's allocation pattern needs.
public enum ProcessTuning {
    /// Allocations up to this size come from the heap and are reused, rather than mapped fresh
    /// (and zeroed by the kernel) for every batch: column buffers are a few MiB each.
    public static let heapAllocationBytesMax: Int32 = 256 * 1024 * 1024
    /// Free heap kept before memory is returned to the system.
    public static let heapTrimBytes: Int32 = 512 * 1024 * 1024

    /// Applies the settings; call once at start.
    public static func apply() {
        _ = sluice_tune_malloc(heapAllocationBytesMax, heapTrimBytes)
    }
}
