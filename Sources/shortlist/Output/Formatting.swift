import Foundation
import ShortlistCatalog

/// Number formats shared by every table, so the same quantity reads the same everywhere.
enum Formatting {
    static let gib = 1_073_741_824.0

    /// Bytes as GiB with two decimals: "14.96".
    static func gib(_ bytes: Double) -> String {
        String(format: "%.2f", bytes / gib)
    }

    /// An integer with thousands separators: "8,030,261,248".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }

    /// A parameter count in billions or millions: "8.03B", "135M".
    static func parameters(_ count: Int) -> String {
        let value = Double(count)
        if value >= 999.5e6 { return String(format: "%.2fB", value / 1e9) }
        return String(format: "%.0fM", value / 1e6)
    }

    /// A token count the way people write contexts: "8k", "128k", "40,960".
    static func tokens(_ count: Int) -> String {
        if count >= 1024 && count % 1024 == 0 { return "\(count / 1024)k" }
        return grouped(count)
    }

    /// A rate with no more precision than an estimate deserves.
    static func rate(_ value: Double) -> String {
        if value >= 100 { return grouped(Int(value.rounded())) }
        if value >= 10 { return String(format: "%.0f", value) }
        return String(format: "%.1f", value)
    }

    static func seconds(_ value: Double) -> String {
        if value < 1 { return String(format: "%.0f ms", value * 1000) }
        return String(format: "%.2f s", value)
    }
}

/// Writes `--json` output: pretty, sorted, snake_case keys.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

/// Input files named on the command line.
enum InputFile {
    /// The file's text; an unreadable file is a one-line error naming it and why.
    static func text(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CatalogError.unreadable(
                path: path,
                reason: FileManager.default.fileExists(atPath: path) ? "not UTF-8 text" : "no such file"
            )
        }
    }
}
