extension Duration {
    /// The duration in seconds, for APIs that take a `TimeInterval` (`Thread.sleep`, `Date`).
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
