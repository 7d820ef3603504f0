/// Fast fixed-point formatting for explanations built for thousands of models (`String(format:)` is slow on Linux).
enum FixedPoint {
    /// `value` with `digits` decimals, rounded half away from zero: `format(8.19, 2)` → "8.19".
    static func format(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        let integer = Int(scaled)
        let sign = value < 0 && integer != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(integer) }
        let whole = integer / Int(scale)
        var fraction = String(integer % Int(scale))
        while fraction.count < digits { fraction = "0" + fraction }
        return sign + String(whole) + "." + fraction
    }

    /// Like `%g` for published scores: no trailing zeros ("83", "79.5", "74.82").
    static func compact(_ value: Double) -> String {
        var text = format(value, 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
