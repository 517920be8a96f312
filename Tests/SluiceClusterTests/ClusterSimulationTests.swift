import SluiceCluster
import SluiceTestSupport
import Testing

/// The driver's scheduler and gate and three executors exchanging encoded frames, with
/// deliveries, task completions and failures in random order, and one executor dying.
struct ClusterSimulation {
    var random: SplitMix64
    let gate: RegistrationGate
    var driver = DriverScheduler(query: testQuery, configuration: testConfiguration, now: 0)
    var executors: [String: ExecutorStateMachine] = [:]
    var alive: Set<String> = []
    var toDriver: [(from: String, frame: [UInt8])] = []
    var toExecutors: [(to: String, frame: [UInt8])] = []
    var work: [(executor: String, key: TaskKey)] = []
    var completed: [Int64: [TaskResult]] = [:]
    var removed: [String] = []
    var failures: [String] = []
    var nextEpoch: Int64 = 1
    let epochs: Int64
    var now: Int64 = 0

    init(seed: UInt64, epochs: Int64) {
        random = SplitMix64(state: seed)
        self.epochs = epochs
        let secret = Array("cluster-secret".utf8)
        gate = RegistrationGate(secret: secret, heartbeatIntervalMillis: 1_000, heartbeatTimeoutMillis: 5_000)
        for (id, cores) in [("e1", 2), ("e2", 3), ("e3", 1)] {
            executors[id] = ExecutorStateMachine(
                configuration: .init(
                    executorId: id, host: "sim", pid: 1, cores: cores, memoryLimitBytes: 0, secret: secret))
            alive.insert(id)
        }
    }

    /// Feeds an event to a live executor and carries out its actions.
    mutating func executorHandles(_ id: String, _ event: ExecutorEvent) {
        guard alive.contains(id), var machine = executors[id] else { return }
        let actions = machine.handle(event, now: now)
        executors[id] = machine
        for action in actions {
            switch action {
            case .sendToDriver(let message):
                toDriver.append((id, MessageCodec.encode(message)))
            case .runTask(let launch, let plan, let settings):
                #expect(plan == testQuery.plan && settings == testQuery.settings)
                work.append((id, launch.key))
            case .cancel(let key):
                work.removeAll { $0.executor == id && $0.key == key }
                executorHandles(id, .taskErrored(key, error: "cancelled", retryable: true))
            case .exit:
                alive.remove(id)
                work.removeAll { $0.executor == id }
            }
        }
    }

    /// Feeds an event to the driver and carries out its actions.
    mutating func driverHandles(_ event: DriverEvent) {
        for action in driver.handle(event, now: now) {
            switch action {
            case .send(let id, let message):
                toExecutors.append((id, MessageCodec.encode(message)))
            case .epochComplete(let epoch, let results):
                completed[epoch] = results
                startEpoch()
            case .queryFailed(let reason):
                failures.append(reason)
            case .executorRemoved(let id, _):
                removed.append(id)
            }
        }
    }

    /// Starts the next epoch of seven tasks, until `epochs` have run.
    mutating func startEpoch() {
        guard nextEpoch <= epochs else { return }
        nextEpoch += 1
        driverHandles(.startEpoch(epoch: nextEpoch - 1, tasks: specs(7)))
    }

    /// Decodes a frame from an executor the way the driver shell would.
    mutating func driverReceives(_ frame: [UInt8], from id: String) throws {
        switch try MessageCodec.decode(frame) {
        case .register(let register):
            let answer = gate.answer(register, routingId: Array(id.utf8))
            toExecutors.append((id, MessageCodec.encode(answer)))
            if case .registered = answer {
                driverHandles(.executorRegistered(id: register.executorId, cores: register.cores))
            }
        case .heartbeat:
            driverHandles(.heartbeat(id: id))
        case .taskResult(let result):
            driverHandles(.taskResult(result))
        case .taskFailed(let failed):
            driverHandles(.taskFailed(failed))
        case let other:
            Issue.record("the driver received \(other)")
        }
    }

    /// 100 ms pass: everyone ticks, a few frames are delivered each way, a task may finish.
    mutating func step() throws {
        now += 100
        driverHandles(.tick)
        for id in alive.sorted() {
            executorHandles(id, .tick)
        }
        for _ in 0..<Int.random(in: 0...3, using: &random) where !toDriver.isEmpty {
            let (from, frame) = toDriver.removeFirst()
            try driverReceives(frame, from: from)
        }
        for _ in 0..<Int.random(in: 0...3, using: &random) where !toExecutors.isEmpty {
            let (to, frame) = toExecutors.removeFirst()
            let message = try MessageCodec.decode(frame)
            executorHandles(to, .received(message))
        }
        if !work.isEmpty, Bool.random(using: &random) {
            let (id, key) = work.remove(at: Int.random(in: 0..<work.count, using: &random))
            if Int.random(in: 0..<10, using: &random) == 0 {
                executorHandles(id, .taskErrored(key, error: "flaky read", retryable: true))
            } else {
                let partial = [UInt8(truncatingIfNeeded: key.task), UInt8(truncatingIfNeeded: key.attempt)]
                executorHandles(
                    id,
                    .taskFinished(TaskResult(key: key, partial: partial, seconds: 0))
                )
            }
        }
    }
}

@Suite struct ClusterSimulationTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func everyEpochCompletesDespiteALostExecutor(seed: UInt64) throws {
        var simulation = ClusterSimulation(seed: seed, epochs: 6)
        simulation.startEpoch()
        for id in simulation.alive.sorted() {
            simulation.executorHandles(id, .connected)
        }
        var steps = 0
        while simulation.completed.count < 6 && simulation.failures.isEmpty && steps < 5_000 {
            if steps == 40 {
                simulation.alive.remove("e2")  // killed: no more ticks, frames or results
                simulation.work.removeAll { $0.executor == "e2" }
            }
            try simulation.step()
            steps += 1
        }
        #expect(simulation.failures == [])
        #expect(simulation.completed.count == 6)
        for (epoch, results) in simulation.completed {
            #expect(results.map(\.key.task) == Array(0..<7), "epoch \(epoch)")
            for result in results {
                #expect(result.key.epoch == epoch && result.key.queryId == testQuery.queryId)
                #expect(result.partial == [UInt8(result.key.task), UInt8(result.key.attempt)])
            }
        }
        #expect(simulation.removed == ["e2"])
        #expect(simulation.driver.executorIds == ["e1", "e3"])
    }
}
