import SluicePlan
import SluiceRuntime
import SluiceTestSupport
import Testing

@Suite struct SessionFuzzTests {
    /// Mutated scripts run through parse, bind and execute on a catalog that has tables and a
    /// function: every input ends in output or one rendered error, never a crash.
    @Test func bindingNeverCrashes() throws {
        let setup = """
            CREATE TABLE sls_dataset USING loghub OPTIONS (sls.project='p', sls.store='s', access.key.id='i',
              access.key.secret='k', endpoint='e');
            CREATE TABLE rds_result USING jdbc2 OPTIONS (url='jdbc:sqlite:/tmp/x', dbtable='r');
            CREATE TABLE t (a int, b string, c decimal(10,2), ts timestamp, d double) USING json OPTIONS (path='/x');
            CREATE FUNCTION Logistic_Regression AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF';
            """
        var random = SplitMix64(state: 7)
        var succeeded = 0
        var failed = 0
        for index in 0..<20_000 {
            let session = Session(store: InMemoryCatalogStore())
            let runner = ScriptRunner(session: session)
            #expect(runner.run(text: setup, name: "setup", variables: [:]) { _ in })
            var errors = 0
            let ok = runner.run(text: FuzzInputs.input(index, random: &random), name: "fuzz", variables: [:]) { event in
                if case .error = event { errors += 1 }
            }
            #expect(errors == (ok ? 0 : 1))
            if ok { succeeded += 1 } else { failed += 1 }
        }
        #expect(succeeded > 100 && failed > 100, "succeeded \(succeeded), failed \(failed)")
    }
}
