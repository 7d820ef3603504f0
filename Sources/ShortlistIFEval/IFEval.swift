/// The IFEval data files embedded in the binary (prompts, Punkt parameters, langdetect profiles).
package enum IFEvalData {
    /// The embedded file at a repository-relative path such as `data/punkt-english/abbrev_types.txt`.
    package static func file(_ path: String) -> String? {
        BundledIFEvalData.files.first { $0.path == path }?.contents
    }
}
