/// Did-you-mean suggestions for mistyped run ids.
enum Suggestions {
    /// Returns up to `limit` candidates closest to `input`: those at the smallest edit distance, if close enough.
    ///
    /// Close enough means at most a third of the candidate's length (at least 2), so unrelated ids are not
    /// suggested; candidates that contain the input count as distance 0.
    static func closest(to input: String, among candidates: [String], limit: Int = 3) -> [String] {
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            if !input.isEmpty && candidate.contains(input) { return (candidate, 0) }
            let distance = editDistance(input, candidate)
            return distance <= Swift.max(2, candidate.count / 3) ? (candidate, distance) : nil
        }
        guard let best = scored.map(\.1).min() else { return [] }
        return scored.filter { $0.1 == best }.map(\.0).sorted().prefix(limit).map { $0 }
    }

    /// Levenshtein distance between two strings, by characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
