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
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "ShortlistSupport"
        ),
        .target(
            name: "ShortlistCatalog",
            dependencies: ["ShortlistSupport", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "ShortlistFit",
            dependencies: ["ShortlistCatalog"]
        ),
        .target(
            name: "ShortlistEndpoint",
            dependencies: [
                "ShortlistSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ShortlistIFEval",
            dependencies: ["ShortlistSupport"]
        ),
        .target(
            name: "ShortlistStore",
            dependencies: ["ShortlistSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "ShortlistEvaluation",
            dependencies: [
                "ShortlistSupport",
                "ShortlistEndpoint",
                "ShortlistIFEval",
                "ShortlistStore",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "ShortlistSelection",
            dependencies: ["ShortlistSupport", "ShortlistCatalog", "ShortlistFit"]
        ),
        .executableTarget(
            name: "shortlist",
            dependencies: [
                "ShortlistSupport",
                "ShortlistCatalog",
                "ShortlistFit",
                "ShortlistIFEval",
                "ShortlistSelection",
                "ShortlistEndpoint",
                "ShortlistEvaluation",
                "ShortlistStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ShortlistTestSupport",
            dependencies: [
                "ShortlistCatalog",
                "ShortlistSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/ShortlistTestSupport"
        ),
        .executableTarget(
            name: "shortlist-fault-server",
            dependencies: [
                "ShortlistTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/FaultServerMain"
        ),
        .testTarget(
            name: "ShortlistTestSupportTests",
            dependencies: [
                "ShortlistTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/ShortlistTestSupportTests"
        ),
        .testTarget(
            name: "ShortlistSupportTests",
            dependencies: ["ShortlistSupport"]
        ),
        .testTarget(
            name: "ShortlistCatalogTests",
            dependencies: ["ShortlistCatalog", "ShortlistSupport", "ShortlistTestSupport"]
        ),
        .testTarget(
            name: "ShortlistFitTests",
            dependencies: ["ShortlistCatalog", "ShortlistFit", "ShortlistTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ShortlistSelectionTests",
            dependencies: [
                "ShortlistCatalog", "ShortlistFit", "ShortlistSelection", "ShortlistSupport", "ShortlistTestSupport",
            ]
        ),
        .testTarget(
            name: "ShortlistEndpointTests",
            dependencies: ["ShortlistEndpoint", "ShortlistSupport", "ShortlistTestSupport"]
        ),
        .testTarget(
            name: "ShortlistIFEvalTests",
            dependencies: ["ShortlistIFEval", "ShortlistSupport", "ShortlistTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ShortlistStoreTests",
            dependencies: [
                "ShortlistStore", "ShortlistSupport", "ShortlistTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ShortlistEvaluationTests",
            dependencies: [
                "ShortlistEvaluation", "ShortlistEndpoint", "ShortlistIFEval", "ShortlistStore", "ShortlistSupport",
                "ShortlistTestSupport",
            ]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "shortlist", "ShortlistEndpoint", "ShortlistIFEval", "ShortlistStore", "ShortlistSupport",
                "ShortlistTestSupport",
            ]
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
