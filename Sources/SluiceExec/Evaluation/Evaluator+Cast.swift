import SluiceCore

extension Evaluator {
    /// `column` cast to `target`, with column loops for numeric widening.
    func castColumn(_ column: ColumnVector, to target: DataType) -> ColumnVector {
        if column.type == target { return column }
        let sourceKind = ColumnVector.storageKind(of: column.type)
        let targetKind = ColumnVector.storageKind(of: target)
        switch (column.storage, sourceKind, targetKind) {
        case (.int64(let values), _, .int64) where column.type.isIntegral && target == .bigint:
            return ColumnVector(type: target, storage: .int64(values), nulls: column.nulls)
        case (.int64(let values), _, .double) where column.type.isIntegral:
            return ColumnVector(type: target, storage: .double(values.map { Double($0) }), nulls: column.nulls)
        case (.double(let values), _, .double):
            return ColumnVector(type: target, storage: .double(values), nulls: column.nulls)
        case (.boolean(let values), _, .int64) where target.isIntegral:
            return ColumnVector(type: target, storage: .int64(values.map { $0 ? 1 : 0 }), nulls: column.nulls)
        case (.string(let strings), _, .double):
            return stringsToDouble(strings, nulls: column.nulls, type: target)
        default:
            let offset = context.utcOffsetSeconds
            let source = column.type
            return rowwise([column], count: column.count, type: target) {
                Cast.value($0[0], from: source, to: target, utcOffsetSeconds: offset)
            }
        }
    }

    private func stringsToDouble(_ strings: StringStorage, nulls: [Bool]?, type: DataType) -> ColumnVector {
        var values = [Double](repeating: 0, count: strings.count)
        var resultNulls = nulls ?? [Bool](repeating: false, count: strings.count)
        var anyNull = nulls != nil
        strings.bytes.withUnsafeBufferPointer { buffer in
            for row in 0..<strings.count where !resultNulls[row] {
                let range = strings.range(row)
                if let value = NumberText.double(UnsafeBufferPointer(rebasing: buffer[range])) {
                    values[row] = value
                } else {
                    resultNulls[row] = true
                    anyNull = true
                }
            }
        }
        return ColumnVector(type: type, storage: .double(values), nulls: anyNull ? resultNulls : nil)
    }
}

/// Number parsing from bytes for casts.
enum NumberText {
    /// The double `bytes` spell (spaces around allowed), or `nil`.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        guard start < end else { return nil }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
        // Words (`Infinity`, `nan`, …) and other spellings `Double(String)` reads.
        return FastDouble.parse(text) ?? Double(String(decoding: text, as: UTF8.self))
    }

}
