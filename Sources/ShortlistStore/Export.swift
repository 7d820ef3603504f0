internal import Foundation
internal import ShortlistSupport

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// One response joined with its grades, as exported.
struct ExportRow: Encodable {
    var response: ResponseRecord
    var grades: [GradeRecord]

    /// The response's overall verdict: nil when ungraded, `error` if any check errored, `fail` if any check
    /// failed, else `pass`.
    var verdict: Verdict? {
        if grades.isEmpty { return nil }
        if grades.contains(where: { $0.verdict == .error }) { return .error }
        if grades.contains(where: { $0.verdict == .fail }) { return .fail }
        return .pass
    }

    /// Pairs each response with its grades; both arrays ordered by item and repeat.
    static func join(responses: [ResponseRecord], grades: [GradeRecord]) -> [ExportRow] {
        let byKey = Dictionary(grouping: grades, by: \.key)
        return responses.map { ExportRow(response: $0, grades: byKey[$0.key] ?? []) }
    }

    private enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case itemID = "item_id"
        case repeatIndex = "repeat_index"
        case fingerprint
        case createdAt = "created_at"
        case attempts
        case error
        case finishReason = "finish_reason"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case latencyMs = "latency_ms"
        case ttftMs = "ttft_ms"
        case verdict
        case grades
        case text
        case request
        case timings
        case category
        case tags
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(response.runID, forKey: .runID)
        try container.encode(response.itemID, forKey: .itemID)
        try container.encode(response.repeatIndex, forKey: .repeatIndex)
        try container.encode(response.fingerprint, forKey: .fingerprint)
        try container.encode(ExportWriter.timestamp(response.createdAt), forKey: .createdAt)
        try container.encode(response.attempts, forKey: .attempts)
        try container.encode(response.error, forKey: .error)
        try container.encode(response.finishReason, forKey: .finishReason)
        try container.encode(response.promptTokens, forKey: .promptTokens)
        try container.encode(response.completionTokens, forKey: .completionTokens)
        try container.encode(response.latencyMs, forKey: .latencyMs)
        try container.encode(response.ttftMs, forKey: .ttftMs)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(grades.map(ExportGrade.init), forKey: .grades)
        try container.encode(response.text, forKey: .text)
        try container.encode(JSONValue(parsing: response.request), forKey: .request)
        try container.encode(JSONValue(parsing: response.timings), forKey: .timings)
        try container.encode(response.category, forKey: .category)
        try container.encode(response.tags, forKey: .tags)
    }
}

/// One grade as exported (the response's key is on the enclosing row).
struct ExportGrade: Encodable {
    var grade: GradeRecord

    init(_ grade: GradeRecord) { self.grade = grade }

    private enum CodingKeys: String, CodingKey {
        case check, kind, index, subject, locality, verdict, score, detail, data
        case gradedAt = "graded_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(grade.check, forKey: .check)
        try container.encode(grade.checkID.kind, forKey: .kind)
        try container.encode(grade.checkID.index, forKey: .index)
        try container.encode(grade.subject, forKey: .subject)
        try container.encode(grade.locality, forKey: .locality)
        try container.encode(grade.verdict, forKey: .verdict)
        try container.encode(grade.score, forKey: .score)
        try container.encode(grade.detail, forKey: .detail)
        try container.encode(grade.data, forKey: .data)
        try container.encode(ExportWriter.timestamp(grade.gradedAt), forKey: .gradedAt)
    }
}

/// Renders export rows as JSONL or CSV and writes files atomically.
enum ExportWriter {
    /// The CSV header, in column order (see docs/store.md).
    static let csvColumns = [
        "run_id", "item_id", "repeat_index", "fingerprint", "created_at", "attempts", "error", "finish_reason",
        "prompt_tokens", "completion_tokens", "latency_ms", "ttft_ms", "verdict", "checks", "checks_passed",
        "checks_failed", "check_errors", "grades", "text", "request", "timings",
    ]

    /// One JSON object per row, keys sorted, each line ended by `\n`.
    static func jsonl(_ rows: [ExportRow]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for row in rows {
            // Encoding strings, numbers and JSONValue cannot fail except for non-finite doubles.
            data.append((try? encoder.encode(row)) ?? Data(#"{"error":"unencodable row"}"#.utf8))
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }

    /// A header row and one row per response, RFC 4180 quoting, CRLF line ends.
    static func csv(_ rows: [ExportRow]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines = [csvColumns.map(csvField).joined(separator: ",")]
        for row in rows {
            let response = row.response
            let grades = (try? encoder.encode(row.grades.map(ExportGrade.init))).map {
                String(decoding: $0, as: UTF8.self)
            }
            let fields: [String?] = [
                response.runID,
                response.itemID,
                String(response.repeatIndex),
                response.fingerprint,
                timestamp(response.createdAt),
                String(response.attempts),
                response.error,
                response.finishReason,
                response.promptTokens.map { String($0) },
                response.completionTokens.map { String($0) },
                response.latencyMs.map { String($0) },
                response.ttftMs.map { String($0) },
                row.verdict?.rawValue,
                String(row.grades.count),
                String(row.grades.count(where: { $0.verdict == .pass })),
                String(row.grades.count(where: { $0.verdict == .fail })),
                String(row.grades.count(where: { $0.verdict == .error })),
                grades,
                response.text,
                response.request,
                response.timings,
            ]
            lines.append(fields.map { csvField($0 ?? "") }.joined(separator: ","))
        }
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// Quotes a CSV field when it holds a comma, a quote, CR or LF, doubling inner quotes (RFC 4180).
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// An ISO 8601 UTC timestamp with milliseconds, such as `2026-11-28T22:18:00.123Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Writes `data` to a temporary file beside `url`, then renames it over `url`.
    static func replace(_ url: URL, with data: Data) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        try data.write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw ExportRenameError(code: code)
        }
    }
}

/// `rename(2)` failed while putting an export in place.
struct ExportRenameError: Error, CustomStringConvertible {
    var code: Int32

    var description: String { "rename failed: \(String(cString: strerror(code)))" }
}
