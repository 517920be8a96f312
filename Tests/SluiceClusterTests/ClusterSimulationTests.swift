import SluiceCluster
import SluiceTestSupport
import Testing

/// The driver's scheduler and gate and three executors exchanging encoded frames, with
/// deliveries, task completions and failures in random order, task results delivered twice, and
/// one executor dying. Each side keeps task results' partials beside its state machine, as the
/// shells do: the machines see headers only.
struct ClusterSimulation {
    var random: SplitMix64
    let gate: RegistrationGate
    var driver = DriverScheduler(query: testQuery, configuration: testConfiguration, now: 0)
    var executors: [String: ExecutorStateMachine] = [:]
    var alive: Set<String> = []
    var toDriver: [(from: String, frames: [[UInt8]])] = []
    var toExecutors: [(to: String, frame: [UInt8])] = []
    var work: [(executor: String, key: TaskKey)] = []
    var completed: [Int64: [TaskResult]] = [:]
    /// The partials of completed epochs, in task order.
    var partials: [Int64: [[UInt8]]] = [:]
    /// The partials the driver keeps for the running epoch, by attempt.
    var kept: [TaskKey: [UInt8]] = [:]
    /// Task result frames delivered a second time.
    var duplicated = 0
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

    /// Feeds an event to a live executor and carries out its actions; a task result's frames
    /// are its header and `partial`.
    mutating func executorHandles(_ id: String, _ event: ExecutorEvent, partial: [UInt8] = []) {
        guard alive.contains(id), var machine = executors[id] else { return }
        let actions = machine.handle(event, now: now)
        executors[id] = machine
        for action in actions {
            switch action {
            case .sendToDriver(let message):
                var frames = [MessageCodec.encode(message)]
                if case .taskResult = message { frames.append(partial) }
                toDriver.append((id, frames))
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

    /// Feeds an event to the driver and carries out its actions; `partial` came with a task result.
    mutating func driverHandles(_ event: DriverEvent, partial: [UInt8] = []) {
        for action in driver.handle(event, now: now) {
            switch action {
            case .send(let id, let message):
                toExecutors.append((id, MessageCodec.encode(message)))
            case .keepPayload(let key):
                #expect(kept[key] == nil, "\(key) kept twice")
                kept[key] = partial
            case .epochComplete(let epoch, let results):
                completed[epoch] = results
                partials[epoch] = results.map { kept.removeValue(forKey: $0.key) ?? [] }
                #expect(kept.isEmpty, "partials left after epoch \(epoch): \(kept.keys)")
                startEpoch()
            case .queryFailed(let reason):
                failures.append(reason)
                kept = [:]
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

    /// Decodes frames from an executor the way the driver shell would: the message's frame; a
    /// task result's partial is counted, not read.
    mutating func driverReceives(_ frames: [[UInt8]], from id: String) throws {
        switch try MessageCodec.decode(frames[0], payloadFrameBytes: frames.dropFirst().map(\.count)) {
        case .register(let register):
            let answer = gate.answer(register, routingId: Array(id.utf8))
            toExecutors.append((id, MessageCodec.encode(answer)))
            if case .registered = answer {
                driverHandles(.executorRegistered(id: register.executorId, cores: register.cores))
            }
        case .heartbeat:
            driverHandles(.heartbeat(id: id))
        case .taskResult(let result):
            driverHandles(.taskResult(result), partial: frames[1])
            if Int.random(in: 0..<8, using: &random) == 0 {
                duplicated += 1
                toDriver.append((id, frames))  // delivered again, later
            }
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
            let (from, frames) = toDriver.removeFirst()
            try driverReceives(frames, from: from)
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
                executorHandles(id, .taskFinished(TaskResult(key: key, seconds: 0, partialBytes: partial.count)), partial: partial)
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
            #expect(simulation.partials[epoch] == results.map { [UInt8($0.key.task), UInt8($0.key.attempt)] })
            for result in results {
                #expect(result.key.epoch == epoch && result.key.queryId == testQuery.queryId)
                #expect(result.partialBytes == 2)
            }
        }
        // Results delivered twice were dropped, and no partial of one was kept.
        #expect(simulation.duplicated > 0)
        #expect(simulation.driver.droppedResults > 0)
        #expect(simulation.kept.isEmpty)
        #expect(simulation.removed == ["e2"])
        #expect(simulation.driver.executorIds == ["e1", "e3"])
    }
}
