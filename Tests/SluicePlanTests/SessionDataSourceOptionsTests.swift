import SluicePlan
import Testing

/// `spark.datasource.<provider>.<option>` settings are defaults for the options of that
/// provider's tables; a table's own option wins.
@Suite struct SessionDataSourceOptionsTests {
    let table = TableDefinition(
        database: "default", name: "t", provider: "loghub",
        options: [TableOptionValue(key: "maxOffsetsPerTrigger", value: "10")], declaredColumns: [])

    @Test func settingsOfTheTablesProviderAreAddedUnlessTheTableHasTheOption() {
        let conf = [
            "spark.datasource.loghub.startingoffsets": "earliest",
            "spark.datasource.loghub.maxoffsetspertrigger": "99",
            "spark.datasource.jdbc2.batchsize": "5",
            "spark.sql.shuffle.partitions": "3",
        ]
        let applied = SessionDataSourceOptions.apply(conf, to: table)
        #expect(applied.option("startingoffsets") == "earliest")
        #expect(applied.option("maxOffsetsPerTrigger") == "10")
        #expect(applied.option("batchsize") == nil)
        #expect(applied.options.count == 2)
    }

    @Test func onlyWellFormedKeysNameAProviderAndAnOption() {
        #expect(SessionDataSourceOptions.split("spark.datasource.loghub.startingoffsets")! == ("loghub", "startingoffsets"))
        #expect(SessionDataSourceOptions.split("SPARK.DATASOURCE.LogHub.a.b")! == ("loghub", "a.b"))
        #expect(SessionDataSourceOptions.split("spark.datasource.loghub") == nil)
        #expect(SessionDataSourceOptions.split("spark.datasource.loghub.") == nil)
        #expect(SessionDataSourceOptions.split("spark.datasource..x") == nil)
        #expect(SessionDataSourceOptions.split("spark.sql.x") == nil)
    }
}
