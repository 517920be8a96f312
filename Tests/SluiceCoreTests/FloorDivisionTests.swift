import Testing

@testable import SluiceCore

@Suite struct FloorDivisionTests {
    @Test func roundsTowardNegativeInfinity() {
        #expect(Int64(7).floorDivided(by: 2) == 3)
        #expect(Int64(-7).floorDivided(by: 2) == -4)
        #expect(Int64(-1).floorDivided(by: 86_400) == -1)
        #expect(Int64(-86_400).floorDivided(by: 86_400) == -1)
        #expect(Int64(-86_401).floorDivided(by: 86_400) == -2)
        #expect(Int64(0).floorDivided(by: 5) == 0)
        // A negative divisor: the quotient still rounds down (the old LogProtocol copy rounded
        // 7 / -2 to -3, toward zero, because it tested only the remainder's sign).
        #expect(Int64(7).floorDivided(by: -2) == -4)
        #expect(Int64(-7).floorDivided(by: -2) == 3)
    }

    @Test func moduloTakesTheDivisorsSign() {
        #expect(Int64(7).floorModulo(3) == 1)
        #expect(Int64(-7).floorModulo(3) == 2)
        #expect(Int64(-3).floorModulo(3) == 0)
        // The old window copy gave 7 mod -3 as 1 (it only fixed negative remainders).
        #expect(Int64(7).floorModulo(-3) == -2)
        #expect(Int64(-7).floorModulo(-3) == -1)
    }

    @Test func quotientAndModuloRecomposeTheValue() {
        for value in Int64(-50)...50 {
            for divisor in [Int64(-7), -3, -1, 1, 2, 7, 12] {
                let quotient = value.floorDivided(by: divisor)
                #expect(quotient * divisor + value.floorModulo(divisor) == value, "\(value) / \(divisor)")
                #expect(value.floorModulo(divisor) == 0 || (value.floorModulo(divisor) < 0) == (divisor < 0))
            }
        }
    }
}
