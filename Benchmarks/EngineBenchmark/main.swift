// Measures the outage-suite engine on a synthetic estate of 10,000 components over 2,000
// failure domains: the blast-radius evaluation against the naive one that re-evaluates every
// component in every scenario, in the same run. See docs/benchmarks.md.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Model
import Simulation

/// A small deterministic generator, so every run builds the same estate.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// The synthetic estate: three providers, 20 regions each with 3 zones and 8 regional
/// services, 5 global services each, 40 SaaS and 1,222 single hosts — 2,000 domains — and
/// 10,000 components wired the way a platform team's repositories wire them.
struct Estate {
    var components: [Component] = []
    var catalog = Catalog()
    var domainCount = 0

    static let providers = ["aws", "gcp", "azure"]
    static let regionalServices = ["storage", "db", "kv", "cache", "lb", "registry", "queue", "kms"]
    static let globalServices = ["cdn", "dns", "iam", "waf", "monitoring"]

    init(seed: UInt64, componentCount: Int = 10_000) {
        var rng = SplitMix64(state: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        func chance(_ percent: Int) -> Bool { Int(rng.next() % 100) < percent }

        var regions: [(provider: String, region: String)] = []
        for p in Self.providers {
            for r in 0..<20 { regions.append((p, "\(p)-region-\(r)")) }
        }
        func zones(_ r: (provider: String, region: String)) -> [FailureDomain] {
            ["a", "b", "c"].map { .zone(provider: r.provider, region: r.region, zone: "\(r.region)\($0)") }
        }
        func service(_ r: (provider: String, region: String), _ s: String) -> FailureDomain {
            .regionalService(provider: r.provider, region: r.region, service: s)
        }
        let saas = (0..<40).map { "saas-\($0)" }
        // The first SaaS run in one AWS region and its storage, as Docker Hub and CircleCI do;
        // the later ones are built on earlier ones, so hosting chains.
        for (i, name) in saas.enumerated() {
            if i < 20 {
                let home = regions[i % 5]
                catalog.saasHosting[name] = [.region(provider: home.provider, region: home.region), service(home, "storage")]
            } else {
                catalog.saasHosting[name] = [.saas(saas[i - 20]), .saas(saas[(i * 7) % 20])]
            }
        }
        let hosts = (0..<1222).map { "host-\($0)" }
        domainCount = Self.providers.count + regions.count * (1 + 3 + Self.regionalServices.count)
            + Self.providers.count * Self.globalServices.count + saas.count + hosts.count

        func add(_ c: Component) { components.append(c) }
        func sites(_ domains: [FailureDomain]) -> [Site] { domains.map { Site([$0]) } }

        // Clusters over three zones, and a node group per zone.
        for (i, r) in regions.enumerated() {
            add(Component(id: "tf:cluster.\(i)", kind: .cluster, sites: sites(zones(r))))
            for (z, zone) in zones(r).enumerated() {
                add(Component(id: "tf:nodegroup.\(i)-\(z)", kind: .nodeGroup, sites: [Site([zone])], requirements: [Requirement("tf:cluster.\(i)")]))
            }
        }
        // One API endpoint per regional service, so every service has a consumer-visible face.
        var endpointsByRegion: [[String]] = Array(repeating: [], count: regions.count)
        for (i, r) in regions.enumerated() {
            for s in Self.regionalServices {
                let id = "url:\(s).\(r.region).example"
                add(Component(id: id, kind: .externalEndpoint, sites: [Site([service(r, s)])]))
                endpointsByRegion[i].append(id)
            }
        }
        var globalEndpoints: [String] = []
        for p in Self.providers {
            for s in Self.globalServices {
                let id = "url:\(s).\(p).example"
                add(Component(id: id, kind: .externalEndpoint, sites: [Site([.globalService(provider: p, service: s)])]))
                globalEndpoints.append(id)
            }
        }
        for name in saas {
            let id = "url:\(name).example"
            add(Component(id: id, kind: .externalEndpoint, sites: [Site([.saas(name)])]))
            globalEndpoints.append(id)
        }
        // Single hosts: Compose machines and lone VMs, each leaning on a regional endpoint.
        for (i, h) in hosts.enumerated() {
            let region = i % regions.count
            add(Component(
                id: "compose:\(h)", kind: .vmGroup, sites: [Site([.host(h)])],
                requirements: [Requirement(pick(endpointsByRegion[region]))], isEntrypoint: chance(30)))
        }
        // Buckets, half of them with a replica in another region behind automatic failover.
        var buckets: [(id: String, region: Int)] = []
        for i in 0..<1200 {
            let region = Int(rng.next() % UInt64(regions.count))
            let id = "tf:bucket.\(i)"
            add(Component(id: id, kind: .bucket, sites: [Site([service(regions[region], "storage")])]))
            buckets.append((id, region))
        }
        // Databases: most regional, a quarter a 2-of-3 quorum across zones.
        var databases: [(id: String, region: Int)] = []
        for i in 0..<800 {
            let region = Int(rng.next() % UInt64(regions.count))
            let id = "tf:db.\(i)"
            if chance(25) {
                add(Component(id: id, kind: .database, sites: sites(zones(regions[region])), needed: 2))
            } else {
                add(Component(id: id, kind: .database, sites: [Site([service(regions[region], pick(["db", "kv"]))])]))
            }
            databases.append((id, region))
        }
        var caches: [(id: String, region: Int)] = []
        for i in 0..<300 {
            let region = Int(rng.next() % UInt64(regions.count))
            let id = "tf:cache.\(i)"
            add(Component(id: id, kind: .cache, sites: [Site([pick(zones(regions[region]))])]))
            caches.append((id, region))
        }
        // Registries: SaaS ones (the first few SaaS) and regional ones.
        var registries: [String] = []
        for i in 0..<100 {
            let id = "registry:\(i)"
            let site: FailureDomain = i % 3 == 0 ? .saas(saas[i % 6]) : service(regions[i % regions.count], "registry")
            add(Component(id: id, kind: .registry, sites: [Site([site])]))
            registries.append(id)
        }
        var images: [String] = []
        for i in 0..<600 {
            let id = "image:\(i)"
            add(Component(id: id, kind: .image, requirements: [Requirement(pick(registries))]))
            images.append(id)
        }
        var ciSystems: [String] = []
        for i in 0..<10 {
            let id = "ci:\(i)"
            add(Component(id: id, kind: .ciSystem, sites: [Site([.saas(saas[10 + i])])]))
            ciSystems.append(id)
        }
        // Entry points and the workloads behind them fill the rest.
        let fixed = components.count
        let entrypointBudget = 1900
        let workloadCount = componentCount - fixed - entrypointBudget
        var workloads: [(id: String, region: Int)] = []
        for i in 0..<workloadCount {
            let region = Int(rng.next() % UInt64(regions.count))
            let r = regions[region]
            let id = "k8s:Deployment/app/w\(i)"
            let placement = chance(10) ? [Site([pick(zones(r))])] : sites(zones(r))
            var requirements = [
                Requirement("tf:cluster.\(region)"),
                Requirement(pick(images)),
                Requirement(pick(ciSystems), phase: .deliver),
                Requirement(pick(registries), phase: .deliver),
            ]
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                switch rng.next() % 5 {
                case 0:
                    let primary = pick(buckets)
                    if chance(50) {
                        requirements.append(Requirement(anyOf: [primary.id, pick(buckets).id]))
                    } else {
                        requirements.append(Requirement(primary.id))
                    }
                case 1: requirements.append(Requirement(pick(databases).id))
                case 2: requirements.append(Requirement(pick(caches).id))
                case 3: requirements.append(Requirement(pick(endpointsByRegion[region])))
                default: requirements.append(Requirement(pick(globalEndpoints)))
                }
            }
            // Some services call others, which makes chains deeper and, now and then, cycles.
            if i > 0 && chance(20) { requirements.append(Requirement(workloads[Int(rng.next() % UInt64(workloads.count))].id)) }
            add(Component(id: id, kind: .workload, sites: placement, requirements: requirements))
            workloads.append((id, region))
        }
        var ingresses: [String] = []
        for i in 0..<1200 {
            let w = workloads[i % workloads.count]
            let id = "k8s:Ingress/app/i\(i)"
            add(Component(id: id, kind: .ingress, requirements: [Requirement(w.id)], isEntrypoint: true))
            ingresses.append(id)
        }
        for i in 0..<300 {
            let primary = pick(buckets).id
            let origins = chance(60) ? [primary, pick(buckets).id] : [primary]
            add(Component(
                id: "tf:cdn.\(i)", kind: .cdn, sites: [Site([.globalService(provider: pick(Self.providers), service: "cdn")])],
                requirements: [Requirement(anyOf: origins)], isEntrypoint: true))
        }
        for i in 0..<200 {
            let region = regions[i % regions.count]
            let backends = (0..<(1 + Int(rng.next() % 3))).map { _ in pick(workloads).id }
            add(Component(
                id: "tf:lb.\(i)", kind: .loadBalancer, sites: [Site([service(region, "lb")])],
                requirements: [Requirement(anyOf: backends)], isEntrypoint: true))
        }
        for i in 0..<200 {
            add(Component(
                id: "tf:dns.\(i)", kind: .dnsRecord, sites: [Site([.globalService(provider: pick(Self.providers), service: "dns")])],
                requirements: [Requirement(anyOf: [pick(ingresses), "tf:lb.\(i % 200)"])], isEntrypoint: true))
        }
    }
}

/// Peak resident memory as getrusage reports it. On Linux `ru_maxrss` survives `exec`, so
/// under `swift run` it includes the `swift-run` process that execs this one.
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / (1024 * 1024)  // bytes on Darwin
    #endif
}

/// Peak resident memory of this program alone (`VmHWM`, reset by `exec`); Linux only.
func highWaterMegabytes() -> Double? {
    #if os(Linux)
    guard let file = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard text.hasPrefix("VmHWM:") else { continue }
        let digits = text.filter(\.isNumber)
        return Double(digits).map { $0 / 1024 }
    }
    return nil
    #else
    return nil
    #endif
}

func memory() -> String {
    let rss = "ru_maxrss \(format(peakResidentMegabytes(), 1)) MB"
    guard let hwm = highWaterMegabytes() else { return rss }
    return "\(rss), VmHWM \(format(hwm, 1)) MB"
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func format(_ value: Double, _ digits: Int = 3) -> String {
    let scale = pow(10, Double(digits))
    let rounded = (value * scale).rounded() / scale
    return "\(rounded)"
}

/// CPU time of the calling thread in seconds: unlike wall time, it does not count the time
/// other processes on a shared machine take the core away.
func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Wall and CPU durations of the runs of one evaluator, each sorted.
struct Timings {
    var wall: [Double] = []
    var cpu: [Double] = []

    var summary: String {
        "wall best \(format(wall[0])) s, median \(format(wall[wall.count / 2])) s; CPU best \(format(cpu[0])) s, median \(format(cpu[cpu.count / 2])) s"
    }
}

/// Runs `body` `times` times; returns the last result and the timings.
func measure(_ label: String, times: Int, _ body: () -> Assessment) -> (Assessment, Timings) {
    let clock = ContinuousClock()
    var result: Assessment?
    var timings = Timings()
    for run in 1...times {
        let start = clock.now
        let cpuStart = threadCPUSeconds()
        result = body()
        let cpu = threadCPUSeconds() - cpuStart
        let elapsed = seconds(clock.now - start)
        timings.wall.append(elapsed)
        timings.cpu.append(cpu)
        print("\(label), run \(run): wall \(format(elapsed)) s, CPU \(format(cpu)) s")
    }
    guard let result else { preconditionFailure("times must be at least 1") }
    timings.wall.sort()
    timings.cpu.sort()
    return (result, timings)
}

let clock = ContinuousClock()
let generationStart = clock.now
let estate = Estate(seed: 2017)
let topology = Topology(components: estate.components)
let generation = clock.now - generationStart
let suite = OutageSuite.covering([topology], catalog: estate.catalog)
let edges = topology.sortedComponents.reduce(0) { $0 + $1.requirements.reduce(0) { $0 + $1.alternatives.count } }
print("estate: \(topology.ids.count) components, \(estate.domainCount) domains generated, \(edges) requirement edges, \(topology.entrypoints.count) entrypoints, \(topology.diagnostics.count) diagnostics")
print("suite: \(suite.scenarios.count) single-domain scenarios")
print("generation + topology: \(format(seconds(generation))) s")

let indexStart = clock.now
let engine = OutageEngine(topology: topology, catalog: estate.catalog)
print("engine index + baseline: \(format(seconds(clock.now - indexStart))) s")

let (assessment, fast) = measure("blast-radius suite", times: 5) { engine.assess(suite, strategy: .blastRadius) }
let downTotal = assessment.outcomes.reduce(0) { $0 + $1.down.count + $1.undeliverable.count }
print("blast-radius: \(fast.summary); \(downTotal) component-downs, \(assessment.exposures.count) exposures; \(memory())")

var byKind: [String: (scenarios: Int, downs: Int, largest: Int)] = [:]
for outcome in assessment.outcomes {
    let downs = outcome.down.count + outcome.undeliverable.count
    let current = byKind[outcome.scenario.kindName] ?? (0, 0, 0)
    byKind[outcome.scenario.kindName] = (current.scenarios + 1, current.downs + downs, max(current.largest, downs))
}
for (kind, stats) in byKind.sorted(by: { $0.key < $1.key }) {
    print("  \(kind): \(stats.scenarios) scenarios, mean \(stats.downs / max(stats.scenarios, 1)) and largest \(stats.largest) component-downs")
}

// `--engine-only` skips the naive run, for profiling the engine alone.
if CommandLine.arguments.contains("--engine-only") { exit(0) }

let (naive, slow) = measure("naive suite", times: 3) { engine.assess(suite, strategy: .naive) }
print("naive: \(slow.summary); \(memory())")
print("same assessment: \(naive == assessment)")
func ratio(_ slow: [Double], _ fast: [Double]) -> String {
    "best/best \(format(slow[0] / fast[0], 1))x, median/median \(format(slow[slow.count / 2] / fast[fast.count / 2], 1))x"
}
print("speed-up, wall: \(ratio(slow.wall, fast.wall)); CPU: \(ratio(slow.cpu, fast.cpu))")
if naive != assessment { exit(1) }
