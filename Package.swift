// swift-tools-version:6.2
import PackageDescription

/// Our own targets build in the Swift 6 language mode with every warning an error;
/// dependencies keep their own settings.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "sluice",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sluice", targets: ["sluice"]),
        .library(name: "SluiceSQL", targets: ["SluiceSQL"]),
        .library(name: "SluicePlan", targets: ["SluicePlan"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        // Pure layers: no I/O, no C modules.
        .target(name: "SluiceCore", swiftSettings: strict),
        .target(name: "SluiceSQL", dependencies: ["SluiceCore"], swiftSettings: strict),
        .target(name: "SluicePlan", dependencies: ["SluiceCore", "SluiceSQL"], swiftSettings: strict),
        .target(name: "SluiceML", dependencies: ["SluiceCore", "SluiceParquet"], swiftSettings: strict),
        // A Parquet reader for small files such as Spark's saved models; decompressors handed in.
        .target(name: "SluiceParquet", dependencies: ["SluiceCore"], swiftSettings: strict),
        .target(name: "SluiceFormats", dependencies: ["SluiceCore"], swiftSettings: strict),
        .target(name: "SluiceLogProtocol", dependencies: ["SluiceCore"], swiftSettings: strict),
        .target(name: "SluiceExec", dependencies: ["SluiceCore", "SluicePlan", "SluiceML"], swiftSettings: strict),
        .target(name: "SluiceCluster", dependencies: ["SluiceCore", "SluiceCrypto"], swiftSettings: strict),
        // I/O layers.
        .target(name: "CMallocTuning"),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "SluiceCheckpoint", dependencies: ["SluiceCore", "SluiceFiles", "SluiceCluster"], swiftSettings: strict),
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "SluiceSinks", dependencies: ["SluiceCore", "CSQLite", "CMariaDB", "CPostgres"], swiftSettings: strict),
        // Checked system calls (EINTR retried, errno named): sockets, segments, files, locks.
        .target(name: "SluiceSystem", swiftSettings: strict),
        .target(name: "SluiceFiles", dependencies: ["SluiceSystem"], swiftSettings: strict),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Parquet's SNAPPY and GZIP decompressors over libsnappy and zlib.
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        .target(name: "SluiceParquetCodecs", dependencies: ["SluiceParquet", "CSnappy", "CZlib"], swiftSettings: strict),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // The one wrapper of libcrypto: digests and HMACs, no I/O.
        .target(name: "SluiceCrypto", dependencies: ["CCrypto"], swiftSettings: strict),
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "SluiceHTTP", dependencies: ["SluiceSystem"], swiftSettings: strict),
        .target(name: "SluiceZMQ", dependencies: ["CZeroMQ"], swiftSettings: strict),
        // The client side of the log store: SLSClient, its codec and error type, the generator.
        .target(
            name: "SluiceLogClient",
            dependencies: ["SluiceCore", "SluiceLogProtocol", "SluiceHTTP", "SluiceCrypto", "CLZ4", "CZlib"],
            swiftSettings: strict),
        // The server and its storage.
        .target(
            name: "SluiceLogStore",
            dependencies: [
                "SluiceLogClient", "SluiceCore", "SluiceLogProtocol", "SluiceHTTP", "SluiceCrypto", "SluiceSystem", "CZlib",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .target(name: "SluiceMetastore", dependencies: ["SluiceCore", "SluicePlan", "SluiceFiles", "SluiceSystem"], swiftSettings: strict),
        // Sources and sinks: files, the log store, the console, databases.
        .target(
            name: "SluiceConnectors",
            dependencies: [
                "SluiceCore", "SluicePlan", "SluiceExec", "SluiceFormats", "SluiceSinks", "SluiceLogClient", "SluiceLogProtocol",
                "SluiceCluster", "SluiceSystem",
            ],
            swiftSettings: strict),
        .target(
            name: "SluiceRuntime",
            dependencies: [
                "SluiceCore", "SluiceSQL", "SluicePlan", "SluiceMetastore", "SluiceExec", "SluiceConnectors", "SluiceCheckpoint",
                "SluiceML", "CMallocTuning", "SluiceCluster", "SluiceZMQ",
                // Spark's saved models: Parquet files.
                "SluiceParquet", "SluiceParquetCodecs",
                // The demo's log store client, generator and SQLite results.
                "SluiceLogClient", "SluiceSinks",
            ],
            swiftSettings: strict
        ),
        // The command line, thin.
        .executableTarget(
            name: "sluice",
            dependencies: [
                "SluiceRuntime", "SluiceConnectors", "SluiceLogClient", "SluiceLogStore", "SluiceCluster", "SluicePlan", "SluiceSQL", "SluiceML",
                "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Shared by test targets: deterministic generators and inputs.
        .target(name: "SluiceTestSupport", swiftSettings: strict),
        // Benchmarks: `swift run -c release sluice-bench <name>`.
        .executableTarget(
            name: "sluice-bench",
            dependencies: [
                "SluiceRuntime", "SluiceExec", "SluiceFormats", "SluicePlan", "SluiceSQL", "SluiceCore", "SluiceMetastore",
                "SluiceML", "SluiceLogClient", "SluiceLogStore", "SluiceLogProtocol",
            ],
            swiftSettings: strict),
        .testTarget(name: "SluiceCoreTests", dependencies: ["SluiceCore", "SluiceTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SluiceLogProtocolTests", dependencies: ["SluiceLogProtocol", "SluiceCore", "SluiceTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "SluiceHTTPTests",
            dependencies: [
                "SluiceHTTP", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "SluiceClusterTests", dependencies: ["SluiceCluster", "SluiceCheckpoint", "SluiceTestSupport"], swiftSettings: strict),
        .testTarget(name: "SluiceZMQTests", dependencies: ["SluiceZMQ"], swiftSettings: strict),
        .testTarget(name: "SluiceCryptoTests", dependencies: ["SluiceCrypto"], swiftSettings: strict),
        .testTarget(name: "SluiceCheckpointTests", dependencies: ["SluiceCheckpoint", "SluiceCluster", "SluiceCore"], swiftSettings: strict),
        .testTarget(name: "SluiceSystemTests", dependencies: ["SluiceSystem"], swiftSettings: strict),
        .testTarget(name: "SluiceFilesTests", dependencies: ["SluiceFiles"], swiftSettings: strict),
        .testTarget(name: "SluiceMetastoreTests", dependencies: ["SluiceMetastore", "SluicePlan"], swiftSettings: strict),
        .testTarget(name: "SluiceSinksTests", dependencies: ["SluiceSinks", "SluiceCore"], swiftSettings: strict),
        .testTarget(
            name: "SluiceLogStoreTests",
            dependencies: [
                "SluiceLogStore", "SluiceLogClient", "SluiceLogProtocol", "SluiceHTTP", "SluiceCrypto", "SluiceTestSupport",
            ],
            exclude: ["Python"],
            swiftSettings: strict),
        .testTarget(
            name: "SluiceLogClientTests", dependencies: ["SluiceLogClient", "SluiceLogProtocol"], swiftSettings: strict),
        .testTarget(name: "SluiceSQLTests", dependencies: ["SluiceSQL", "SluiceTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SluiceFormatsTests", dependencies: ["SluiceFormats", "SluiceCore", "SluiceTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "SluiceMLTests", dependencies: ["SluiceML", "SluiceTestSupport", "SluiceParquet", "SluiceParquetCodecs"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "SluiceParquetTests", dependencies: ["SluiceParquet", "SluiceParquetCodecs", "SluiceTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "SluiceExecTests", dependencies: ["SluiceExec", "SluiceML", "SluicePlan", "SluiceSQL", "SluiceCore", "SluiceTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "SluicePlanTests",
            dependencies: ["SluicePlan", "SluiceSQL", "SluiceCore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SluiceConnectorsTests",
            dependencies: ["SluiceConnectors", "SluicePlan", "SluiceExec", "SluiceCluster", "SluiceCore"],
            swiftSettings: strict),
        .testTarget(
            name: "SluiceRuntimeTests",
            dependencies: [
                "SluiceRuntime", "SluiceConnectors", "SluiceMetastore", "SluicePlan", "SluiceSQL", "SluiceCore", "SluiceTestSupport", "CSQLite",
                "SluiceLogClient", "SluiceLogStore", "SluiceSinks", "SluiceZMQ", "SluiceCluster", "SluiceML",
            ],
            exclude: ["Cases", "Fixtures"],
            swiftSettings: strict
        ),
    ]
)
