/// Close matches for a mistyped name, for "did you mean" messages.
package enum Suggestions {
    /// The candidates closest to `name`, best first, within an edit distance that scales with length.
    ///
    /// With `bestOnly`, only the candidates at the smallest distance are returned.
    package static func closest(
        to name: String,
        in candidates: some Sequence<String>,
        limit: Int = 2,
        bestOnly: Bool = false
    ) -> [String] {
        closest(to: name, among: candidates.map { ($0, [$0]) }, limit: limit, bestOnly: bestOnly)
    }

    /// The entries closest to `name`, each matched by any of its names and reported by its id; ties keep input order.
    ///
    /// With `bestOnly`, only the entries at the smallest distance are returned.
    package static func closest(
        to name: String,
        among entries: [(id: String, names: [String])],
        limit: Int = 2,
        bestOnly: Bool = false
    ) -> [String] {
        let needle = Array(name.lowercased())
        let threshold = Swift.max(2, needle.count / 3)
        let needleTokens = tokens(name)
        var scored: [(distance: Int, order: Int, id: String)] = []
        for (order, entry) in entries.enumerated() {
            var best: Int?
            for candidate in entry.names {
                let hay = Array(candidate.lowercased())
                let distance = editDistance(needle, hay)
                let close =
                    distance <= threshold
                    || (needle.count >= 4 && hay.count > needle.count && containsSubsequence(hay, needle))
                    || (needleTokens.count >= 2 && needleTokens.isSubset(of: tokens(candidate)))
                if close { best = Swift.min(best ?? distance, distance) }
            }
            if let best { scored.append((best, order, entry.id)) }
        }
        scored.sort { ($0.distance, $0.order) < ($1.distance, $1.order) }
        if bestOnly, let best = scored.first?.distance { scored.removeAll { $0.distance > best } }
        var seen: Set<String> = []
        return scored.map(\.id).filter { seen.insert($0.lowercased()).inserted }.prefix(limit).map { $0 }
    }

    /// ` Did you mean 'x'?` for the closest candidates (up to two), or an empty string when none is close.
    package static func didYouMean(_ name: String, in candidates: some Sequence<String>) -> String {
        phrase(closest(to: name, in: candidates))
    }

    /// ` Did you mean 'x'?` or ` Did you mean 'x' or 'y'?` for `suggestions`; empty for none.
    package static func phrase(_ suggestions: [String]) -> String {
        suggestions.isEmpty ? "" : " Did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?"
    }

    /// Levenshtein distance between two character arrays.
    package static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Lowercased alphanumeric words: "Gemma 3 4B-it" → gemma, 3, 4b, it.
    private static func tokens(_ text: String) -> Set<String> {
        Set(text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
    }

    private static func containsSubsequence(_ hay: [Character], _ needle: [Character]) -> Bool {
        guard needle.count <= hay.count else { return false }
        for start in 0...(hay.count - needle.count) where Array(hay[start..<start + needle.count]) == needle {
            return true
        }
        return false
    }
}
