import SluicePlan

extension Session {
    /// A session over `store` whose `DESC` reads sink tables' database columns and samples
    /// log-store tables' keys through `connectors`.
    public convenience init(store: CatalogStore, connectors: ConnectorRegistry) {
        self.init(store: store, sinkCatalog: connectors, sourceCatalog: connectors)
    }
}
