import Foundation
import SluiceCore
import SluiceFormats

/// `sluice-bench values [N]`: the readers' value parsers on their own — N JSON lines of a double
/// and a timestamp text into column batches, and the sample LIBSVM records cycled to N through
/// the LIBSVM reader, 4 MiB at a time.
enum ValueBench {
    static func run(records: Int, libsvmLines: [String]) {
        let json = jsonRecords(records)
        let schema = [Column(name: "d", type: .double), Column(name: "ts", type: .timestamp)]
        report("JSON double + timestamp", bytes: json) { chunk in
            JSONLinesFormat.scan(chunk, schema: schema).batch.rowCount
        }
        var libsvm = ""
        libsvm.reserveCapacity(records * 1000)
        for index in 0..<records { libsvm += libsvmLines[index % libsvmLines.count] + "\n" }
        report("LIBSVM scan", bytes: Array(libsvm.utf8)) { chunk in LibSVMTextFormat.scan(chunk).batch.rowCount }
    }

    /// `{"d": …, "ts": "…"}` with doubles and timestamps in the spellings files use.
    static func jsonRecords(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var text = ""
        text.reserveCapacity(count * 64)
        for index in 0..<count {
            let random = next()
            let double: String
            switch index % 4 {
            case 0: double = String(Double(random % 1_000_000) / 1000)
            case 1: double = String(Double(bitPattern: 0x3FF0_0000_0000_0000 | random >> 12) - 1)
            case 2: double = "\(Int64(random % 10_000) - 5000).5e\(random % 20)"
            default: double = String(random % 100_000)
            }
            let seconds = 1_554_260_000 + Int64(index)
            var time = CivilTime.format(timestamp: seconds * 1_000_000 + Int64(random % 1_000_000), utcOffsetSeconds: 0)
            if index % 3 == 1 { time = time.replacingOccurrences(of: " ", with: "T") + "Z" }
            text += "{\"d\": \(double), \"ts\": \"\(time)\"}\n"
        }
        return Array(text.utf8)
    }

    static func report(_ name: String, bytes: [UInt8], _ scan: (UnsafeRawBufferPointer) -> Int) {
        var rows = 0
        let started = DispatchTime.now()
        var offset = 0
        while offset < bytes.count {
            var end = min(bytes.count, offset + 4 * 1024 * 1024)
            while end < bytes.count, bytes[end - 1] != UInt8(ascii: "\n") { end += 1 }
            rows += bytes[offset..<end].withUnsafeBytes(scan)
            offset = end
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let rate = Int(Double(rows) / seconds)
        print("\(name): \(rows) records in \(String(format: "%.3f", seconds)) s = \(rate) records/s")
    }
}
