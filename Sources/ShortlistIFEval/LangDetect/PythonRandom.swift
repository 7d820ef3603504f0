internal import Foundation

/// CPython 3.11's `random.Random`, bit for bit: MT19937 seeded from an integer, `random()`, `gauss()` and `choice()`.
///
/// langdetect draws its smoothing noise and its n-gram samples from this generator, so a port must
/// consume the same 32-bit words in the same order to reach the same verdicts. The algorithms follow
/// CPython's `Modules/_randommodule.c` (`init_by_array`, `genrand_uint32`, `random_random`,
/// `getrandbits`) and `Lib/random.py` (`seed`, `gauss`, `choice`, `_randbelow_with_getrandbits`).
struct PythonRandom {
    private static let stateSize = 624
    private static let shift = 397
    private static let matrixA: UInt32 = 0x9908_b0df
    private static let upperMask: UInt32 = 0x8000_0000
    private static let lowerMask: UInt32 = 0x7fff_ffff

    private var state: [UInt32]
    private var index: Int
    /// The second value of the last Box–Muller pair, which `gauss()` returns next (`gauss_next`).
    private var gaussNext: Double?

    /// The generator right after `random.seed(0)`, the seed every IFEval detection uses.
    private static let seededWithZero = PythonRandom(seeding: 0)

    /// `random.seed(seed)` for a non-negative integer: `init_by_array` over its 32-bit words, least significant first.
    init(seed: UInt64) {
        // Seeding runs 1,871 state updates; seed 0's result is computed once and copied.
        self = seed == 0 ? Self.seededWithZero : PythonRandom(seeding: seed)
    }

    private init(seeding seed: UInt64) {
        var key: [UInt32] = []
        var rest = seed
        repeat {
            key.append(UInt32(truncatingIfNeeded: rest))
            rest >>= 32
        } while rest != 0
        state = [UInt32](repeating: 0, count: Self.stateSize)
        index = Self.stateSize
        gaussNext = nil
        initByArray(key)
    }

    private mutating func initGenrand(_ seed: UInt32) {
        state[0] = seed
        for i in 1..<Self.stateSize {
            let previous = state[i - 1]
            state[i] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
        }
        index = Self.stateSize
    }

    private mutating func initByArray(_ key: [UInt32]) {
        let n = Self.stateSize
        initGenrand(19_650_218)
        var i = 1
        var j = 0
        for _ in 0..<max(n, key.count) {
            let previous = state[i - 1]
            state[i] = (state[i] ^ ((previous ^ (previous >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= n {
                state[0] = state[n - 1]
                i = 1
            }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<(n - 1) {
            let previous = state[i - 1]
            state[i] = (state[i] ^ ((previous ^ (previous >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= n {
                state[0] = state[n - 1]
                i = 1
            }
        }
        state[0] = 0x8000_0000
    }

    /// `genrand_uint32`: the next tempered 32-bit output.
    mutating func nextWord() -> UInt32 {
        let n = Self.stateSize
        let m = Self.shift
        if index >= n {
            state.withUnsafeMutableBufferPointer { mt in
                func twist(_ k: Int, _ next: Int, _ far: Int) {
                    let y = (mt[k] & Self.upperMask) | (mt[next] & Self.lowerMask)
                    mt[k] = mt[far] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : Self.matrixA)
                }
                for k in 0..<(n - m) { twist(k, k + 1, k + m) }
                for k in (n - m)..<(n - 1) { twist(k, k + 1, k + m - n) }
                twist(n - 1, 0, m - 1)
            }
            index = 0
        }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// `random.random()`: a double in [0, 1) built from 53 random bits.
    mutating func random() -> Double {
        let a = Double(nextWord() >> 5)
        let b = Double(nextWord() >> 6)
        return (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `random.getrandbits(k)` for 1 ≤ k ≤ 32.
    mutating func randomBits(_ count: Int) -> UInt32 {
        precondition((1...32).contains(count), "getrandbits is only ported for 1...32 bits")
        return nextWord() >> UInt32(32 - count)
    }

    /// `random._randbelow(n)` (the getrandbits variant): rejection sampling on `n.bit_length()` bits.
    mutating func randomBelow(_ upperBound: Int) -> Int {
        precondition(upperBound > 0 && upperBound <= Int(UInt32.max), "randbelow needs 0 < n < 2^32 here")
        let bitCount = Int.bitWidth - upperBound.leadingZeroBitCount
        var value = Int(randomBits(bitCount))
        while value >= upperBound {
            value = Int(randomBits(bitCount))
        }
        return value
    }

    /// `random.choice(seq)`'s index: `_randbelow(len(seq))`.
    mutating func choiceIndex(count: Int) -> Int {
        randomBelow(count)
    }

    /// `random.gauss(mu, sigma)`: Box–Muller with the second value of each pair cached.
    mutating func gauss(mu: Double = 0.0, sigma: Double = 1.0) -> Double {
        var z: Double
        if let cached = gaussNext {
            z = cached
            gaussNext = nil
        } else {
            let twoPi = 2.0 * Double.pi
            let x2pi = random() * twoPi
            let g2rad = (-2.0 * log(1.0 - random())).squareRoot()
            z = cos(x2pi) * g2rad
            gaussNext = sin(x2pi) * g2rad
        }
        return mu + z * sigma
    }
}
