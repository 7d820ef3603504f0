/// The suites that ship inside Shortlist, by name (`--suite smoke`).
package enum BuiltInSuites {
    /// Names of the built-in suites.
    package static var names: [String] {
        (BundledSuitesData.files.map { String($0.path.dropFirst("suites/".count).dropLast(".yaml".count)) } + ["ifeval"])
            .sorted()
    }

    /// The built-in suite called `name`, or `nil`.
    package static func named(_ name: String, loader: SuiteLoader = SuiteLoader()) throws(SuiteError) -> Suite? {
        if name == "ifeval" { return ifeval() }
        guard let file = BundledSuitesData.files.first(where: { $0.path == "suites/\(name).yaml" }) else { return nil }
        return try loader.loadYAML(file.contents, file: file.path, defaultName: name, source: "built-in")
    }
}
