import Foundation
import Testing

/// `sluice submit --properties-file`, run as a user runs it: the file's settings and variables
/// reach the script, the command line wins, and what is wrong in the file is named with its line.
@Suite struct SubmitPropertiesCLITests {
    func files(_ properties: String, script: String) throws -> (URL, String, String) {
        let directory = try SluiceBinary.temporaryDirectory()
        let propertiesPath = directory.appendingPathComponent("job.properties").path
        let scriptPath = directory.appendingPathComponent("job.sql").path
        try properties.write(toFile: propertiesPath, atomically: true, encoding: .utf8)
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        return (directory, propertiesPath, scriptPath)
    }

    @Test func settingsAndVariablesReachTheScriptAndTheCommandLineWins() throws {
        let (_, properties, script) = try files(
            """
            spark.master=local[1]
            spark.sql.shuffle.partitions=7
            sluice.var.who=file
            sluice.var.what=kept
            other.key=1
            """,
            script: "SET spark.sql.shuffle.partitions;\nSET who=${who};\nSET what=${what};\n")
        let fromFile = try SluiceBinary.run(["submit", "--properties-file", properties, script])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == "spark.sql.shuffle.partitions\t7\nwho\tfile\nwhat\tkept\n", "\(fromFile.stdout)")
        #expect(fromFile.stderr.contains("\(properties):5: ignoring non-Spark property 'other.key'"), "\(fromFile.stderr)")

        let overridden = try SluiceBinary.run(
            ["submit", "--properties-file", properties, "--conf", "spark.sql.shuffle.partitions=9", "-d", "who=cli", script])
        #expect(overridden.status == 0, "\(overridden.stderr)")
        #expect(overridden.stdout == "spark.sql.shuffle.partitions\t9\nwho\tcli\nwhat\tkept\n", "\(overridden.stdout)")
    }

    @Test func aScriptErrorKeepsItsOwnLineWithSettingsBefore() throws {
        let (_, properties, script) = try files("spark.master=local[1]\nspark.a=1\nspark.b=2\n", script: "SET x=1;\nSELEC 1;\n")
        let result = try SluiceBinary.run(["submit", "--properties-file", properties, "--conf", "spark.c=3", script])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(script):2:1: error:"), "\(result.stderr)")
    }

    @Test func whatIsWrongInTheFileIsNamedWithItsLine() throws {
        let (_, properties, script) = try files("spark.master=local[1]\nsluice.trigers=once\n", script: "SET x=1;\n")
        let unknown = try SluiceBinary.run(["submit", "--properties-file", properties, script])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("\(properties):2: unknown property 'sluice.trigers'"), "\(unknown.stderr)")

        let (_, mismatch, _) = try files("spark.master=local[1]\nspark.executor.instances=3\n", script: "")
        let usage = try SluiceBinary.run(["submit", "--properties-file", mismatch, script])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("--num-executors 3 differs from --master local[1]"), "\(usage.stderr)")

        let missing = try SluiceBinary.run(["submit", "--properties-file", "/nonexistent/job.properties", script])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read /nonexistent/job.properties: No such file or directory"), "\(missing.stderr)")
    }

    @Test func aSecretWrittenInAFileOthersMayReadIsWarnedAbout() throws {
        let (_, properties, script) = try files(
            "spark.master=local[1]\nsluice.var.password=hunter2\n", script: "SET x=1;\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: properties)
        let shared = try SluiceBinary.run(["submit", "--properties-file", properties, script])
        #expect(shared.status == 0, "\(shared.stderr)")
        #expect(shared.stderr.contains("may be read by other users"), "\(shared.stderr)")
        #expect(!shared.stderr.contains("hunter2"))
        // A secret read from a file of its own is not in the properties file: no warning.
        let secrets = try SluiceBinary.temporaryDirectory().appendingPathComponent("pw").path
        try "hunter2\n".write(toFile: secrets, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secrets)
        let (_, byFile, _) = try files("spark.master=local[1]\nsluice.var.password=@\(secrets)\n", script: "")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: byFile)
        let quiet = try SluiceBinary.run(["submit", "--properties-file", byFile, script])
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(!quiet.stderr.contains("may be read by other users"), "\(quiet.stderr)")
    }

    @Test func aDataSourceDefaultIsCheckedWhenSet() throws {
        let (_, properties, script) = try files(
            "spark.master=local[1]\nspark.datasource.loghub.startingoffset=earliest\n", script: "SET x=1;\n")
        let result = try SluiceBinary.run(["submit", "--properties-file", properties, script])
        #expect(result.status == 1)
        #expect(result.stderr.contains("unknown option 'startingoffset' for data source 'loghub'"), "\(result.stderr)")
    }
}
