/// An open-addressing hash map from n-gram keys (see ``NGramKey``) to n-gram indices.
///
/// It replaces `Dictionary` on the hot path: text extraction looks up three keys per character, and
/// a multiplicative hash with linear probing costs a fraction of `Hasher`'s SipHash.
struct NGramTable: Sendable {
    /// Slot keys; 0 marks an empty slot (no n-gram key is 0).
    private var keys: [UInt64]
    private var values: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    init(minimumCapacity: Int = 1024) {
        var bits: UInt64 = 4
        while (1 << bits) < minimumCapacity * 2 { bits += 1 }
        keys = [UInt64](repeating: 0, count: 1 << bits)
        values = [Int32](repeating: -1, count: 1 << bits)
        shift = 64 - bits
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The index stored for `key`, or nil.
    @inline(__always)
    subscript(key: UInt64) -> Int32? {
        keys.withUnsafeBufferPointer { keys in
            let mask = keys.count - 1
            var i = slot(key)
            while true {
                let found = keys[i]
                if found == key { return values[i] }
                if found == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    /// The index stored for `key`, storing `makeValue()` first if there is none.
    mutating func value(for key: UInt64, orInsert makeValue: () -> Int32) -> Int32 {
        precondition(key != 0, "0 marks empty slots")
        if let existing = self[key] { return existing }
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = slot(key)
        while keys[i] != 0 { i = (i + 1) & mask }
        let value = makeValue()
        keys[i] = key
        values[i] = value
        count += 1
        return value
    }

    private mutating func grow() {
        var bigger = NGramTable(minimumCapacity: keys.count)
        for (key, value) in zip(keys, values) where key != 0 {
            _ = bigger.value(for: key) { value }
        }
        self = bigger
    }
}
