import SluiceCluster
import Testing

@Suite struct ExecutorStateMachineTests {
    let secret = Array("s3cret".utf8)
    let registered = Registered(executorId: "e1", heartbeatIntervalMillis: 1_000, heartbeatTimeoutMillis: 5_000)

    /// A disconnected executor `e1` with `cores` slots.
    func executor(cores: Int = 2) -> ExecutorStateMachine {
        ExecutorStateMachine(
            configuration: .init(
                executorId: "e1", host: "h1", pid: 7, cores: cores, memoryLimitBytes: 1 << 30, secret: secret,
                registrationTimeoutMillis: 10_000))
    }

    /// An executor connected at 0, registered at 100 and running `testQuery`.
    func started(cores: Int = 2) -> ExecutorStateMachine {
        var machine = executor(cores: cores)
        _ = machine.handle(.connected, now: 0)
        _ = machine.handle(.received(.registered(registered)), now: 100)
        _ = machine.handle(.received(.startQuery(testQuery)), now: 100)
        return machine
    }

    /// The action that runs `key`'s launch with `testQuery`.
    func run(_ key: TaskKey) -> ExecutorAction {
        .runTask(launch(key), plan: testQuery.plan, settings: testQuery.settings)
    }

    @Test func registersOnConnectWithAProofTheGateAccepts() {
        var machine = executor()
        let actions = machine.handle(.connected, now: 0)
        guard case .sendToDriver(.register(let register))? = actions.first, actions.count == 1 else {
            Issue.record("expected one Register, got \(actions)")
            return
        }
        #expect(
            register.executorId == "e1" && register.cores == 2 && register.protocolVersion == ClusterProtocol.version)
        #expect(!register.secretProof.isEmpty && register.secretProof != secret)
        let gate = RegistrationGate(secret: secret, heartbeatIntervalMillis: 1_000, heartbeatTimeoutMillis: 5_000)
        let answer = gate.answer(register, routingId: Array("e1".utf8))
        #expect(answer == .registered(registered))
        #expect(machine.handle(.received(answer), now: 10) == [])
        #expect(machine.phase == .registered)
    }

    @Test func sendsHeartbeatsOnceRegisteredAndExitsWhenTheDriverFallsSilent() {
        var machine = started()
        #expect(machine.handle(.tick, now: 1_099) == [])
        machine.residentBytes = 4096
        let beat = Heartbeat(executorId: "e1", runningTasks: [], residentBytes: 4096)
        #expect(machine.handle(.tick, now: 1_100) == [.sendToDriver(.heartbeat(beat))])
        #expect(machine.handle(.tick, now: 1_500) == [])
        #expect(machine.handle(.tick, now: 5_100) == [.sendToDriver(.heartbeat(beat))])
        let reason = "driver gone: nothing heard for 5001 ms (timeout 5000 ms)"
        #expect(machine.handle(.tick, now: 5_101) == [.exit(reason: reason)])
        #expect(machine.phase == .exited(reason: reason))
        #expect(machine.handle(.tick, now: 9_000) == [])
        #expect(machine.handle(.received(.launchTask(launch(key(0)))), now: 9_000) == [])
    }

    @Test func driverMessagesKeepItAlive() {
        var machine = started()
        _ = machine.handle(
            .received(.heartbeat(Heartbeat(executorId: "e1", runningTasks: [], residentBytes: 0))), now: 5_000)
        let heartbeat = Heartbeat(executorId: "e1", runningTasks: [], residentBytes: 0)
        #expect(machine.handle(.tick, now: 9_000) == [.sendToDriver(.heartbeat(heartbeat))])
        #expect(machine.phase == .registered)
    }

    @Test func exitsWhenTheDriverNeverAnswers() {
        var machine = executor()
        #expect(machine.handle(.tick, now: 50_000) == [])  // not connected yet
        _ = machine.handle(.connected, now: 100)
        #expect(machine.handle(.tick, now: 10_100) == [])
        #expect(
            machine.handle(.tick, now: 10_101) == [
                .exit(reason: "driver gone: nothing heard for 10001 ms (timeout 10000 ms)")
            ])
    }

    @Test func exitsAtOnceWhenTheConnectionClosesOnceRegistered() {
        var connecting = executor()
        _ = connecting.handle(.connected, now: 0)
        #expect(connecting.handle(.driverDisconnected, now: 10) == [], "before Registered: a refusal or a retry")
        #expect(connecting.phase != .registered)
        var running = started()
        _ = running.handle(.received(.launchTask(launch(key(0)))), now: 200)
        let reason = "driver gone: the connection to the driver closed"
        #expect(running.handle(.driverDisconnected, now: 201) == [.cancel(key(0)), .exit(reason: reason)])
        #expect(running.phase == .exited(reason: reason))
        #expect(running.handle(.driverDisconnected, now: 202) == [])
    }

    @Test func exitsWhenRefusedOrShutDown() {
        var refused = executor()
        _ = refused.handle(.connected, now: 0)
        #expect(
            refused.handle(.received(.refused(reason: "wrong secret proof")), now: 5) == [
                .exit(reason: "registration refused: wrong secret proof")
            ])
        var running = started()
        _ = running.handle(.received(.launchTask(launch(key(0)))), now: 200)
        #expect(
            running.handle(.received(.shutdown(reason: "query stopped")), now: 300) == [
                .cancel(key(0)), .exit(reason: "shut down by the driver: query stopped"),
            ])
    }

    @Test func refusesTasksBeforeRegisteredAndStartQuery() {
        var machine = executor()
        _ = machine.handle(.connected, now: 0)
        let early = machine.handle(.received(.launchTask(launch(key(0)))), now: 1)
        #expect(
            early == [
                .sendToDriver(
                    .taskFailed(TaskFailed(key: key(0), error: "executor e1 is not registered yet", retryable: true)))
            ])
        _ = machine.handle(.received(.registered(registered)), now: 2)
        let noQuery = machine.handle(.received(.launchTask(launch(key(0)))), now: 3)
        #expect(
            noQuery == [
                .sendToDriver(
                    .taskFailed(
                        TaskFailed(
                            key: key(0), error: "executor e1 has not received the query (StartQuery)", retryable: true))
                )
            ])
        _ = machine.handle(.received(.startQuery(testQuery)), now: 4)
        let other = TaskKey(queryId: "q2", epoch: 1, task: 0, attempt: 0)
        let foreign = machine.handle(.received(.launchTask(launch(other))), now: 5)
        #expect(
            foreign == [
                .sendToDriver(
                    .taskFailed(TaskFailed(key: other, error: "executor e1 runs query q1, not q2", retryable: true)))
            ])
        #expect(machine.handle(.received(.launchTask(launch(key(0)))), now: 6) == [run(key(0))])
    }

    @Test func runsAtMostCoresTasksAndQueuesTheRest() {
        var machine = started(cores: 2)
        #expect(machine.handle(.received(.launchTask(launch(key(0)))), now: 200) == [run(key(0))])
        #expect(machine.handle(.received(.launchTask(launch(key(1)))), now: 200) == [run(key(1))])
        #expect(machine.handle(.received(.launchTask(launch(key(2)))), now: 200) == [])
        #expect(machine.handle(.received(.launchTask(launch(key(2)))), now: 200) == [])  // a duplicate
        #expect(machine.runningTasks == [key(0), key(1)])
        #expect(machine.queuedTasks == [key(2)])
        let finished = machine.handle(.taskFinished(result(key(1))), now: 300)
        #expect(finished == [.sendToDriver(.taskResult(result(key(1)))), run(key(2))])
        let errored = machine.handle(.taskErrored(key(0), error: "pull failed", retryable: true), now: 400)
        #expect(errored == [.sendToDriver(.taskFailed(TaskFailed(key: key(0), error: "pull failed", retryable: true)))])
        #expect(machine.runningTasks == [key(2)])
        #expect(machine.handle(.taskFinished(result(key(9))), now: 500) == [])  // never launched
    }

    /// The machine sees a result's size, never its partial: a result the driver would refuse
    /// (both frames over `maxToDriverMessageBytes`) fails its task for good, and the slot frees.
    @Test func aResultOverTheDriversLimitFailsItsTaskForGood() {
        var machine = started(cores: 1)
        _ = machine.handle(.received(.launchTask(launch(key(0)))), now: 200)
        _ = machine.handle(.received(.launchTask(launch(key(1)))), now: 200)
        let fits = MessageCodec.maxToDriverMessageBytes - MessageCodec.taskResultOverheadBytesMax - 2  // "q1"
        let within = TaskResult(key: key(0), seconds: 1, partialBytes: fits)
        #expect(machine.handle(.taskFinished(within), now: 300) == [.sendToDriver(.taskResult(within)), run(key(1))])
        let over = TaskResult(key: key(1), seconds: 1, partialBytes: fits + 1)
        let error =
            "executor e1: the task's result of about \(MessageCodec.maxToDriverMessageBytes + 1) bytes exceeds the "
            + "driver's limit of \(MessageCodec.maxToDriverMessageBytes) bytes"
        #expect(
            machine.handle(.taskFinished(over), now: 400) == [
                .sendToDriver(.taskFailed(TaskFailed(key: key(1), error: error, retryable: false)))
            ])
        #expect(machine.runningTasks == [])
    }

    @Test func cancelledResultsAreDroppedAndKeepTheirSlotUntilReported() {
        var machine = started(cores: 1)
        _ = machine.handle(.received(.launchTask(launch(key(0)))), now: 200)
        _ = machine.handle(.received(.launchTask(launch(key(1)))), now: 200)
        _ = machine.handle(.received(.launchTask(launch(key(2)))), now: 200)
        #expect(machine.handle(.received(.cancelTask(CancelTask(key: key(0)))), now: 300) == [.cancel(key(0))])
        #expect(machine.handle(.received(.cancelTask(CancelTask(key: key(0)))), now: 300) == [])
        #expect(machine.handle(.received(.cancelTask(CancelTask(key: key(1)))), now: 300) == [])  // queued
        #expect(machine.queuedTasks == [key(2)])
        #expect(machine.runningTasks == [])
        #expect(machine.handle(.taskFinished(result(key(0))), now: 400) == [run(key(2))])
    }

    @Test func aNewQueryCancelsTheOldOnesTasks() {
        var machine = started(cores: 1)
        _ = machine.handle(.received(.launchTask(launch(key(0)))), now: 200)
        _ = machine.handle(.received(.launchTask(launch(key(1)))), now: 200)
        let next = StartQuery(queryId: "q2", plan: [9], settings: [:])
        #expect(machine.handle(.received(.startQuery(next)), now: 300) == [.cancel(key(0))])
        #expect(machine.queuedTasks == [])
        #expect(machine.query == next)
    }
}
