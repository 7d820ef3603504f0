// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Shortlist",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "shortlist", targets: ["shortlist"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(
            name: "ShortlistCatalog",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "ShortlistFit",
            dependencies: ["ShortlistCatalog"]
        ),
        .target(
            name: "ShortlistEndpoint"
        ),
        .target(
            name: "ShortlistIFEval"
        ),
        .target(
            name: "ShortlistSelection",
            dependencies: ["ShortlistCatalog", "ShortlistFit"]
        ),
        .executableTarget(
            name: "shortlist",
            dependencies: [
                "ShortlistCatalog",
                "ShortlistFit",
                "ShortlistIFEval",
                "ShortlistSelection",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "ShortlistTestSupport",
            dependencies: ["ShortlistCatalog"],
            path: "Tests/ShortlistTestSupport"
        ),
        .testTarget(
            name: "ShortlistCatalogTests",
            dependencies: ["ShortlistCatalog", "ShortlistTestSupport"]
        ),
        .testTarget(
            name: "ShortlistFitTests",
            dependencies: ["ShortlistCatalog", "ShortlistFit", "ShortlistTestSupport"]
        ),
        .testTarget(
            name: "ShortlistSelectionTests",
            dependencies: ["ShortlistCatalog", "ShortlistFit", "ShortlistSelection", "ShortlistTestSupport"]
        ),
        .testTarget(
            name: "ShortlistEndpointTests",
            dependencies: ["ShortlistEndpoint", "ShortlistCatalog"]
        ),
        .testTarget(
            name: "ShortlistIFEvalTests",
            dependencies: ["ShortlistIFEval", "ShortlistTestSupport"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["shortlist", "ShortlistTestSupport"]
        ),
    ]
)

// Settings shared by every target, as in swift-openapi-generator's "standard cross-repo settings".
for target in package.targets where target.type != .plugin {
    var settings = target.swiftSettings ?? []
    settings += [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
    if Context.environment["CI"] != nil {
        settings.append(.treatAllWarnings(as: .error))  // our targets only; dependencies are unaffected
    }
    target.swiftSettings = settings
}
