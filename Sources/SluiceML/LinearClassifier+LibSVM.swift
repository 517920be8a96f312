extension LinearClassifier {
    /// The prediction (or with `output` the probability of class 1) for one LIBSVM record, as
    /// `result(LibSVM.parse(line, numFeatures:).features, output)`, with the same errors (an index
    /// above `numFeatures` is a malformed record).
    public func predict(libsvmLine: UnsafeBufferPointer<UInt8>, output: Output = .prediction) throws(MLError)
        -> Double
    {
        var labelEnd = 0
        while labelEnd < libsvmLine.count, libsvmLine[labelEnd] != 0x20 { labelEnd += 1 }
        if intercepts.count == 1, FastLibSVM.isPlainLabel(libsvmLine, 0, labelEnd),
            let dot = fastDot(libsvmLine, from: labelEnd)
        {
            return result(margins: [dot + intercepts[0]], output)
        }
        var scanner = try LibSVMScanner(head: libsvmLine, tail: LibSVM.noBytes, numFeatures: numFeatures)
        return try predict(scanning: &scanner, output)
    }

    /// The prediction (or with `output` the probability of class 1) for the record
    /// `label + " " + features`, without building it (the UDF's `concat_ws(" ", label, features)`).
    public func predict(
        label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>, output: Output = .prediction
    ) throws(MLError) -> Double {
        if intercepts.count == 1, FastLibSVM.isPlainLabel(label, 0, label.count), let dot = fastDot(features, from: 0) {
            return result(margins: [dot + intercepts[0]], output)
        }
        var scanner = try LibSVMScanner(head: label, tail: features, numFeatures: numFeatures)
        return try predict(scanning: &scanner, output)
    }

    /// `predict(libsvmLine:)` on a `String`.
    public func predict(libsvmLine: String) throws(MLError) -> Double {
        var line = libsvmLine
        let result = line.withUTF8 { buffer in
            Result { () throws(MLError) -> Double in try predict(libsvmLine: buffer) }
        }
        return try result.get()
    }

    /// The dot product of the one coefficient row with the common-form features, or `nil` when
    /// they are not in the common form (the exact path then decides).
    private func fastDot(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Double? {
        var previous = 0
        var dot = 0.0
        let accepted = coefficients.withUnsafeBufferPointer {
            FastLibSVM.accumulate(bytes, from: start, coefficients: $0, previous: &previous, dot: &dot)
        }
        return accepted ? dot : nil
    }

    private func predict(scanning scanner: inout LibSVMScanner, _ output: Output) throws(MLError) -> Double {
        var indices: [Int32] = []
        var values: [Double] = []
        while let feature = try scanner.next() {
            indices.append(Int32(feature.index))
            values.append(feature.value)
        }
        return result(SparseVector(size: numFeatures, indices: indices, values: values), output)
    }
}
