/// Shared test support: deterministic random inputs for fuzz tests.
/// A deterministic generator (SplitMix64), so a failing input can be reproduced from its seed.
public struct SplitMix64: RandomNumberGenerator {
    /// The generator's state; the seed.
    public var state: UInt64

    /// Creates a generator from `state`.
    public init(state: UInt64) {
        self.state = state
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Inputs for the fuzz tests: random bytes, and valid statements mutated.
public enum FuzzInputs {
    /// Valid statements that mutations start from.
    public static let corpus: [String] = [
        "CREATE DATABASE IF NOT EXISTS default",
        "CREATE TABLE IF NOT EXISTS sls_dataset USING loghub OPTIONS (sls.project = \"p\", sls.store = \"s\", "
            + "access.key.id = \"i\", access.key.secret = \"k\", endpoint = \"e\")",
        "CREATE TABLE t (a int, b string COMMENT 'x', c decimal(10,2), d array<map<string,int>>) USING json OPTIONS (path='/x')",
        "DESC sls_dataset",
        "CREATE FUNCTION Logistic_Regression AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF' USING JAR 'a.jar'",
        "SET streaming.query.lr_prediction.sql=insert into `t`(`time`, `label`, `acc`) values(?, ?, ?)",
        "INSERT INTO rds_result SELECT window.start, label, sum(if(tb.predict = tb.label, 1, 0)) / count(tb.label) as acc "
            + "FROM(SELECT default.Logistic_Regression(\"m\", concat_ws(\" \", label, features)) as predict, label, "
            + "__time__ as time FROM sls_dataset) tb GROUP BY TUMBLING(tb.time, interval 10 second), tb.label",
        "SELECT DISTINCT a, -b * 2 + c DIV 3 % 4 || 'x' FROM t WHERE a IN (1, 2) AND b BETWEEN 1 AND 2 OR NOT c LIKE 'a%' "
            + "AND d IS NOT NULL GROUP BY window(ts, '10 seconds', '5 seconds') HAVING count(DISTINCT a) > 1 "
            + "ORDER BY 1 DESC NULLS LAST LIMIT 10",
        "SELECT CASE WHEN a THEN 1 WHEN b THEN 2.5 ELSE NULL END, CASE x WHEN 1 THEN 'a' END, CAST(a AS bigint), "
            + "interval '1' MINUTE, INTERVAL 1 hour 30 minutes, 1.5D, 10L, 1e-3, .5, `weird name`, /* c */ x -- d\n FROM t",
        "SELECT * FROM t WHERE delay(ts) < '2 minutes'",
        "EXPLAIN SELECT count(*) FROM (SELECT a FROM (SELECT a FROM t) x) y",
        "SHOW TABLES IN default LIKE 's*'", "DROP TABLE IF EXISTS t", "RESET", "SET", "USE default",
    ]

    /// Pieces inserted by mutations.
    public static let fragments = [
        "(", ")", ",", ".", ";", "'", "\"", "`", "*", "-", "--", "/*", "*/", "${", "}", "=", "<=>", "||", "SELECT",
        "FROM", "WHERE", "GROUP", "BY", "CASE", "WHEN", "END", "CAST", "AS", "interval", "NOT", "IN", "BETWEEN", "AND",
        "NULL", "1e", "1.", "99999999999999999999999", "x", " ", "\n", "\u{00e9}", "\u{1F600}", "\\", "[", "]", "DESC",
        "TUMBLING(", "count(", "DISTINCT", "OPTIONS (", "USING", "delay(",
    ]

    /// The `index`-th input of a run seeded with `seed`.
    public static func input(_ index: Int, random: inout SplitMix64) -> String {
        if index % 5 == 0 {
            let count = Int.random(in: 0...80, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            return String(decoding: bytes, as: UTF8.self)
        }
        var text = Array(corpus.randomElement(using: &random)!.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &random) where !text.isEmpty {
            let at = Int.random(in: 0..<text.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                let length = Int.random(in: 1...min(20, text.count - at), using: &random)
                text.removeSubrange(at..<(at + length))
            case 1:
                text.insert(contentsOf: fragments.randomElement(using: &random)!.unicodeScalars, at: at)
            case 2:
                let length = Int.random(in: 1...min(20, text.count - at), using: &random)
                text.insert(contentsOf: text[at..<(at + length)], at: at)
            default:
                text[at] = Unicode.Scalar(UInt8.random(in: 32...126, using: &random))
            }
        }
        return String(String.UnicodeScalarView(text))
    }
}

