import SluiceCore

/// The subset of Java's `DateTimeFormatter` patterns Spark users write: `yyyy yy MM M dd d
/// HH H mm m ss s SSS…` and quoted or other literal text.
enum DateFormat {
    private enum Piece: Equatable {
        case field(Character, Int)
        case literal(String)
    }

    private static func pieces(_ pattern: String) -> [Piece] {
        var result: [Piece] = []
        var characters = Array(pattern)[...]
        while let first = characters.first {
            if first == "'" {
                characters = characters.dropFirst()
                let literal = characters.prefix { $0 != "'" }
                result.append(.literal(String(literal)))
                characters = characters.dropFirst(literal.count + 1)
            } else if "yMdHmsSE".contains(first) {
                let run = characters.prefix { $0 == first }
                result.append(.field(first, run.count))
                characters = characters.dropFirst(run.count)
            } else {
                result.append(.literal(String(first)))
                characters = characters.dropFirst()
            }
        }
        return result
    }

    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// `micros` rendered with `pattern` in the zone `utcOffsetSeconds` east of UTC.
    static func format(_ micros: Int64, pattern: String, utcOffsetSeconds: Int) -> String {
        let local = micros + Int64(utcOffsetSeconds) * 1_000_000
        let days = local.floorDivided(by: CivilTime.microsecondsPerDay)
        let rest = local - days * CivilTime.microsecondsPerDay
        let (year, month, day) = CivilTime.civil(days: Int(days))
        let seconds = Int(rest / 1_000_000)
        var text = ""
        for piece in pieces(pattern) {
            switch piece {
            case .literal(let literal): text += literal
            case .field("E", let width):
                let weekday = Int((days + 3).floorModulo(7))  // 1970-01-01 was a Thursday
                text += width >= 4 ? weekdayNames[weekday] : String(weekdayNames[weekday].prefix(3))
            case .field("M", let width) where width >= 3:
                text += width >= 4 ? monthNames[month - 1] : String(monthNames[month - 1].prefix(3))
            case .field(let letter, let width):
                let value: Int
                switch letter {
                case "y": value = width == 2 ? year % 100 : year
                case "M": value = month
                case "d": value = day
                case "H": value = seconds / 3600
                case "m": value = seconds / 60 % 60
                case "s": value = seconds % 60
                default:
                    var fraction = Int(rest % 1_000_000)
                    for _ in 0..<max(0, 6 - width) { fraction /= 10 }
                    value = fraction
                }
                let digits = String(value)
                text += String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
        }
        return text
    }

    /// `text` read with `pattern`, or `nil` when it does not match.
    static func parse(_ text: String, pattern: String, utcOffsetSeconds: Int) -> Int64? {
        var characters = Array(text)[...]
        var fields: [Character: Int] = ["y": 1970, "M": 1, "d": 1, "H": 0, "m": 0, "s": 0, "S": 0]
        var fractionWidth = 0
        for piece in pieces(pattern) {
            switch piece {
            case .literal(let literal):
                guard characters.starts(with: literal) else { return nil }
                characters = characters.dropFirst(literal.count)
            case .field(let letter, let width):
                // Fields take as many digits as their pattern letters (a year four), so adjacent
                // fields like `yyyyMMdd` split; a single letter takes up to two digits.
                let limit = letter == "y" ? (width == 2 ? 2 : 4) : (width == 1 ? 2 : width)
                let digits = characters.prefix { $0.isASCII && $0.isNumber }.prefix(limit)
                guard !digits.isEmpty, let value = Int(String(digits)) else { return nil }
                fields[letter] = value
                if letter == "S" { fractionWidth = digits.count }
                characters = characters.dropFirst(digits.count)
            }
        }
        guard characters.isEmpty, let year = fields["y"], let month = fields["M"], let day = fields["d"],
            (1...12).contains(month), (1...CivilTime.daysIn(month: month, year: year)).contains(day),
            let hour = fields["H"], hour < 24, let minute = fields["m"], minute < 60, let second = fields["s"], second < 60
        else { return nil }
        var fraction = Int64(fields["S"] ?? 0)
        for _ in 0..<max(0, 6 - fractionWidth) where fractionWidth > 0 { fraction *= 10 }
        let days = Int64(CivilTime.days(year: year, month: month, day: day))
        let local = days * CivilTime.microsecondsPerDay + Int64(hour * 3600 + minute * 60 + second) * 1_000_000 + fraction
        return local - Int64(utcOffsetSeconds) * 1_000_000
    }
}
