import Foundation
import ShortlistSupport
import Testing

@testable import ShortlistCatalog

/// The GPU table: sourced numbers, user overrides and bad entries.
struct GPUCatalogTests {
    static let userGPUs = """
        sources:
          MY_DS: {cite: "Our procurement sheet", url: "https://example.com/ds"}
        gpus:
          - id: a100-80gb
            name: A100 80GB at our negotiated price
            memory_gib: {value: 80, source: MY_DS}
            bandwidth_gbps: {value: 2039, source: MY_DS}
            bf16_tflops: {value: 312, source: MY_DS}
            usd_per_hour: {value: 0.95, source: MY_DS}
          - id: mi300x
            name: AMD Instinct MI300X
            vendor: amd
            memory_gib: {value: 192, source: MY_DS}
            bandwidth_gbps: {value: 5300, source: MY_DS}

        """

    func load(_ text: String) throws(CatalogError) -> Catalog {
        try CatalogLoader.load(BundledCatalogData.files.map { ($0.path, $0.contents) } + [("gpus.yaml", text)])
    }

    @Test func everyBundledGPUHasSourcedMemoryAndBandwidth() throws {
        let catalog = try CatalogLoader.bundled()
        for gpu in catalog.gpus {
            #expect((gpu.memoryGiB.value ?? 0) > 0, "\(gpu.id)")
            #expect((gpu.bandwidthGBps.value ?? 0) > 0, "\(gpu.id)")
            #expect(catalog.citations[gpu.memoryGiB.source] != nil, "\(gpu.id) cites \(gpu.memoryGiB.source)")
        }
        // Ampere has no FP8: the catalog says "not published", never zero.
        #expect(try catalog.gpu(named: "a100-80gb").fp8TFLOPS?.value == nil)
        #expect(try catalog.gpu(named: "h100").memoryGiB.value == 80)
    }

    @Test func aUserGPUOverridesTheBundledOneAndNewOnesAreAdded() throws {
        let catalog = try load(Self.userGPUs)
        #expect(try catalog.gpu(named: "a100-80gb").usdPerHour?.value == 0.95)
        #expect(try catalog.gpu(named: "mi300x").memoryGiB.value == 192)
    }

    @Test func aNegativeMemoryIsRejectedWithItsLine() {
        let bad = Self.userGPUs.replacingOccurrences(of: "memory_gib: {value: 192", with: "memory_gib: {value: -192")
        #expect(
            throws: CatalogError.invalidField(
                SourceLocation(file: "gpus.yaml", line: 13),
                field: "gpus[1].memory_gib",
                value: "-192.0",
                expected: "a positive number"
            )
        ) {
            try load(bad)
        }
    }

    @Test func aGPUWithoutMemoryIsRejected() {
        let bad = Self.userGPUs.replacingOccurrences(of: "    memory_gib: {value: 192, source: MY_DS}\n", with: "")
        #expect(
            throws: CatalogError.missingField(SourceLocation(file: "gpus.yaml", line: 10), field: "gpus[1].memory_gib")
        ) {
            try load(bad)
        }
    }
}
