/// A field of a schema to write: a column of a physical type, a group of fields, or a list in
/// the three-level form Spark writes (`<name> (LIST) { repeated group list { <element> } }`).
///
/// The values written are `ParquetValue`s as the reader returns them: `.group` for a group (its
/// fields by name), `.list` for a list (its elements), `.null` (or a missing field) for an absent
/// optional field.
public struct ParquetField: Sendable, Equatable {
    /// What a field holds.
    public indirect enum Content: Sendable, Equatable {
        /// A column of `type`; `signedBits` annotates an INT32 column as a signed integer of 8 or 16
        /// bits (Spark's `tinyint`, `smallint`).
        case primitive(ParquetPhysicalType, signedBits: Int8?)
        /// A group of fields, in order.
        case group([ParquetField])
        /// A LIST-annotated group whose elements are `element` (named `element` in the file).
        case list(ParquetField)
    }

    /// The field's name.
    public let name: String
    /// Whether the field is required, optional, or repeated.
    public let repetition: ParquetRepetition
    /// What it holds.
    public let content: Content

    /// Creates a field.
    public init(_ name: String, _ repetition: ParquetRepetition, _ content: Content) {
        self.name = name
        self.repetition = repetition
        self.content = content
    }

    /// A column of `type` without annotation.
    public static func column(_ name: String, _ repetition: ParquetRepetition, _ type: ParquetPhysicalType)
        -> ParquetField
    {
        ParquetField(name, repetition, .primitive(type, signedBits: nil))
    }

    /// An INT32 column annotated as an 8-bit signed integer (Spark's `tinyint`, `byte`).
    public static func int8(_ name: String, _ repetition: ParquetRepetition) -> ParquetField {
        ParquetField(name, repetition, .primitive(.int32, signedBits: 8))
    }

    /// A group of `fields`.
    public static func group(_ name: String, _ repetition: ParquetRepetition, _ fields: [ParquetField])
        -> ParquetField
    {
        ParquetField(name, repetition, .group(fields))
    }

    /// A list whose elements are required values of `type` (Spark's `array<…>` with `containsNull = false`).
    public static func list(_ name: String, _ repetition: ParquetRepetition, of type: ParquetPhysicalType)
        -> ParquetField
    {
        ParquetField(name, repetition, .list(.column("element", .required, type)))
    }
}
