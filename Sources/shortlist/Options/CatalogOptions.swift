import ArgumentParser
import ShortlistCatalog

/// `--catalog FILE`, shared by every command that reads the catalog.
struct CatalogOptions: ParsableArguments {
    @Option(
        name: .customLong("catalog"),
        help: ArgumentHelp(
            "A catalog file that adds or overrides models and GPUs (repeatable). Later files win.",
            discussion: "Files in SHORTLIST_CATALOG (separated by ':') load first, then these.",
            valueName: "file"
        )
    )
    var files: [String] = []

    func load() throws -> Catalog {
        try CatalogLoader.load(userFiles: files)
    }
}

/// `--json`, shared by every command with output.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON for machines instead of tables for people.")
    var json = false
}
