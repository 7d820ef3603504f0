/// Orders strings as people expect: digit runs compare by their value, so `q2` comes before `q10` and `102`
/// before `1000`.
///
/// Letters compare by Unicode scalar value; equal numbers with different leading zeros fall back to the text,
/// so the order is total and stable.
package enum NaturalOrder {
    /// Whether `a` sorts before `b`.
    package static func less(_ a: String, _ b: String) -> Bool {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        var i = 0
        var j = 0
        while i < x.count, j < y.count {
            if isDigit(x[i]), isDigit(y[j]) {
                let startI = i
                let startJ = j
                while i < x.count, isDigit(x[i]) { i += 1 }
                while j < y.count, isDigit(y[j]) { j += 1 }
                let left = trimmedDigits(x[startI..<i])
                let right = trimmedDigits(y[startJ..<j])
                if left.count != right.count { return left.count < right.count }
                for (l, r) in zip(left, right) where l != r { return l.value < r.value }
                continue
            }
            if x[i] != y[j] { return x[i].value < y[j].value }
            i += 1
            j += 1
        }
        if x.count - i != y.count - j { return x.count - i < y.count - j }
        return a < b
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func trimmedDigits(_ digits: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var slice = digits
        while slice.count > 1, slice.first == "0" { slice = slice.dropFirst() }
        return slice
    }
}

extension Sequence {
    /// The elements sorted naturally by a string key (see ``NaturalOrder``).
    package func sortedNaturally(by key: (Element) -> String) -> [Element] {
        sorted { NaturalOrder.less(key($0), key($1)) }
    }
}
