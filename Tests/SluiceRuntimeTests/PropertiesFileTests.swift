import Foundation
import SluiceRuntime
import Testing

/// `--properties-file`: the Java properties format as spark-submit reads it, and what its keys mean.
@Suite struct PropertiesFileTests {
    func parse(_ text: String) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try PropertiesFile.parse(text, name: "f").map { ($0.key, $0.value) })
    }

    @Test func separatorsCommentsAndBlanks() throws {
        let text = """
            # a comment
              ! another
            a=1
            b: 2
            c 3
              d  =  4  \t
            e
            f=
            g==5
            """
        #expect(try parse(text) == ["a": "1", "b": "2", "c": "3", "d": "4", "e": "", "f": "", "g": "=5"])
    }

    @Test func continuationsEscapesAndTheLastValueOfARepeatedKey() throws {
        let text = "long = one, \\\n    two, \\\n  three\nkey\\ with\\=sep = v\\tw\\u00e9\\\\\nx=1\nx=2\ntrail=a\\\\\nnext=b\r\nwin=c"
        let entries = try PropertiesFile.parse(text, name: "f")
        let values = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) })
        #expect(values["long"] == "one, two, three")
        #expect(values["key with=sep"] == "v\twé\\")
        #expect(values["x"] == "2")
        // An even number of trailing backslashes does not continue the line.
        #expect(values["trail"] == "a\\" && values["next"] == "b" && values["win"] == "c")
        #expect(entries.first { $0.key == "next" }?.line == 8)
        #expect(entries.map(\.key) == ["long", "key with=sep", "x", "trail", "next", "win"])
    }

    @Test func aMalformedUnicodeEscapeNamesTheLine() {
        #expect(throws: RuntimeError("f:2: malformed \\uXXXX escape '\\u12g4'")) {
            try PropertiesFile.parse("a=1\nb=\\u12g4\n", name: "f")
        }
    }

    @Test func keysMapToSubmitsOptionsSettingsAndVariables() throws {
        let text = """
            spark.master=local[1]
            spark.executor.instances=1
            spark.executor.cores=2
            spark.executor.memory=3g
            spark.driver.memory=512m
            spark.app.name=app
            sluice.trigger=once
            spark.sql.session.timeZone=UTC
            spark.datasource.loghub.startingoffsets=earliest
            sluice.var.user=bob
            sluice.var.password=@pw.txt
            hive.exec.mode=x
            """
        let properties = try SubmitProperties(entries: try PropertiesFile.parse(text, name: "f"), file: "f")
        #expect(properties.master == "local[1]" && properties.numExecutors == 1 && properties.executorCores == 2)
        #expect(properties.executorMemory == "3g" && properties.driverMemory == "512m" && properties.name == "app")
        #expect(properties.trigger == "once")
        #expect(properties.settings.map { "\($0.key)=\($0.value)" }
            == ["spark.sql.session.timeZone=UTC", "spark.datasource.loghub.startingoffsets=earliest"])
        #expect(properties.definitions == ["user=bob", "password=@pw.txt"])
        #expect(properties.warnings == ["f:12: ignoring non-Spark property 'hive.exec.mode' (keys start with spark. or sluice.)"])
    }

    @Test func unknownSluiceKeysAndBadCountsFailNamingTheLine() throws {
        #expect(throws: RuntimeError(
            "f:2: unknown property 'sluice.trigers'; Sluice knows sluice.trigger, sluice.var.NAME and spark.* keys")) {
            try SubmitProperties(entries: try PropertiesFile.parse("a=1\nsluice.trigers=once\n", name: "f"), file: "f")
        }
        #expect(throws: RuntimeError("f:1: spark.executor.cores must be a positive integer, not 'two'")) {
            try SubmitProperties(entries: try PropertiesFile.parse("spark.executor.cores=two", name: "f"), file: "f")
        }
        #expect(throws: RuntimeError("f:1: sluice.var. needs a variable name after the dot")) {
            try SubmitProperties(entries: try PropertiesFile.parse("sluice.var.=x", name: "f"), file: "f")
        }
    }
}
