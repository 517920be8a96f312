import SluiceCluster
import Testing

@Suite struct DriverSchedulerTests {
    @Test func registrationSendsTheQuery() {
        var scheduler = DriverScheduler(query: testQuery, configuration: testConfiguration, now: 0)
        let actions = scheduler.handle(.executorRegistered(id: "e1", cores: 2), now: 0)
        #expect(actions == [.send(executorId: "e1", .startQuery(testQuery))])
        #expect(scheduler.executorIds == ["e1"])
    }

    @Test func tasksSpreadOverExecutorsByCores() {
        var scheduler = makeScheduler([("e2", 4), ("e1", 2)])
        let sent = launches(scheduler.handle(.startEpoch(epoch: 1, tasks: specs(7)), now: 10))
        #expect(sent.map { $0.executor } == ["e1", "e2", "e2", "e1", "e2", "e2"])
        #expect(sent.map { $0.launch } == (0..<6).map { launch(key(Int32($0))) })
        #expect(scheduler.tasks(runningOn: "e1") == [key(0), key(3)])
        #expect(scheduler.tasks(runningOn: "e2") == [key(1), key(2), key(4), key(5)])
        // Task 6 waits for a slot; e1's frees first.
        let next = scheduler.handle(.taskResult(result(key(3))), now: 20)
        #expect(next == [.keepPayload(key(3)), .send(executorId: "e1", .launchTask(launch(key(6))))])
    }

    @Test func fewTasksGoToTheLeastLoadedShareOfSlots() {
        var scheduler = makeScheduler([("a", 2), ("b", 4)])
        let sent = launches(scheduler.handle(.startEpoch(epoch: 1, tasks: specs(3)), now: 0))
        #expect(sent.map { $0.executor } == ["a", "b", "b"])
    }

    @Test func heartbeatTimeoutRelaunchesElsewhereAndDropsTheLateResult() {
        var scheduler = makeScheduler([("e1", 1), ("e2", 2)])
        let first = launches(scheduler.handle(.startEpoch(epoch: 1, tasks: specs(2)), now: 0))
        #expect(first.map { $0.executor } == ["e1", "e2"])
        _ = scheduler.handle(.heartbeat(id: "e2"), now: 4_000)
        let beats = scheduler.handle(.tick, now: 5_000)
        let removed = beats.contains { action in
            if case .executorRemoved = action { return true }
            return false
        }
        #expect(!removed)

        let reason = "no heartbeat for 5001 ms (timeout 5000 ms)"
        let actions = scheduler.handle(.tick, now: 5_001)
        #expect(
            actions == [
                .send(executorId: "e1", .shutdown(reason: "removed by the driver: \(reason)")),
                .executorRemoved(executorId: "e1", reason: reason),
                .send(executorId: "e2", .launchTask(launch(key(0, attempt: 1)))),
            ])
        #expect(scheduler.executorIds == ["e2"])

        #expect(scheduler.handle(.taskResult(result(key(0))), now: 5_100) == [])
        #expect(scheduler.droppedResults == 1)
        #expect(scheduler.handle(.taskResult(result(key(1))), now: 5_200) == [.keepPayload(key(1))])
        let done = scheduler.handle(.taskResult(result(key(0, attempt: 1))), now: 5_300)
        #expect(
            done == [
                .keepPayload(key(0, attempt: 1)),
                .epochComplete(epoch: 1, results: [result(key(0, attempt: 1)), result(key(1))]),
            ])
    }

    @Test func aLostTaskWaitsForAFreeSlot() {
        var scheduler = makeScheduler([("e1", 1), ("e2", 1)])
        _ = scheduler.handle(.startEpoch(epoch: 1, tasks: specs(2)), now: 0)
        let gone = scheduler.handle(.executorGone(id: "e1"), now: 100)
        #expect(gone == [.executorRemoved(executorId: "e1", reason: "disconnected")])
        let next = scheduler.handle(.taskResult(result(key(1))), now: 200)
        #expect(next == [.keepPayload(key(1)), .send(executorId: "e2", .launchTask(launch(key(0, attempt: 1))))])
    }

    @Test func fourFailuresFailTheQueryWithTheTasksError() {
        var scheduler = makeScheduler([("e1", 2)])
        let tasks = [
            TaskSpec(task: 3, range: ShardRange(shard: 1, start: 0, end: 9)),
            TaskSpec(task: 4, range: ShardRange(shard: 0, start: 0, end: 9)),
        ]
        var actions = scheduler.handle(.startEpoch(epoch: 7, tasks: tasks), now: 0)
        for attempt: Int32 in 0..<4 {
            let failing = TaskKey(queryId: "q1", epoch: 7, task: 3, attempt: attempt)
            #expect(launches(actions).map { $0.launch.key }.contains(failing), "attempt \(attempt) launched")
            let failure = TaskFailed(key: failing, error: "shard 1 read failed: boom \(attempt)", retryable: true)
            actions = scheduler.handle(.taskFailed(failure), now: Int64(attempt) * 10 + 10)
        }
        let reason = "task 3 of epoch 7 failed 4 times: shard 1 read failed: boom 3"
        #expect(
            actions == [
                .send(
                    executorId: "e1",
                    .cancelTask(CancelTask(key: TaskKey(queryId: "q1", epoch: 7, task: 4, attempt: 0)))),
                .queryFailed(reason: reason),
            ])
        #expect(scheduler.failure == reason)
        #expect(scheduler.handle(.tick, now: 100_000) == [])
        let cancelled = TaskKey(queryId: "q1", epoch: 7, task: 4, attempt: 0)
        #expect(scheduler.handle(.taskResult(result(cancelled)), now: 100_000) == [])  // no payload kept
        #expect(scheduler.handle(.executorRegistered(id: "e2", cores: 1), now: 100_000) == [])
    }

    @Test func aRetryableFailureThenSuccessCompletesTheEpoch() {
        var scheduler = makeScheduler([("e1", 1)])
        _ = scheduler.handle(.startEpoch(epoch: 1, tasks: specs(1)), now: 0)
        let retry = scheduler.handle(.taskFailed(TaskFailed(key: key(0), error: "timeout", retryable: true)), now: 10)
        #expect(retry == [.send(executorId: "e1", .launchTask(launch(key(0, attempt: 1))))])
        let done = scheduler.handle(.taskResult(result(key(0, attempt: 1))), now: 20)
        #expect(done == [.keepPayload(key(0, attempt: 1)), .epochComplete(epoch: 1, results: [result(key(0, attempt: 1))])])
        #expect(scheduler.currentEpoch == nil)
    }

    @Test func aFailureThatIsNotRetryableFailsAtOnce() {
        var scheduler = makeScheduler([("e1", 1)])
        _ = scheduler.handle(.startEpoch(epoch: 2, tasks: specs(1)), now: 0)
        let failed = TaskFailed(key: key(0, epoch: 2), error: "model file missing", retryable: false)
        #expect(
            scheduler.handle(.taskFailed(failed), now: 10) == [
                .queryFailed(reason: "task 0 of epoch 2 failed: model file missing")
            ])
    }

    /// The shell keeps a payload only when told to: once per task, never for a duplicate, another
    /// epoch's or another query's result.
    @Test func epochResultsAreOrderedByTaskAndAcceptedOnce() {
        var scheduler = makeScheduler([("e1", 5)])
        _ = scheduler.handle(.startEpoch(epoch: 1, tasks: specs(5)), now: 0)
        for task: Int32 in [4, 2, 0, 3] {
            #expect(scheduler.handle(.taskResult(result(key(task))), now: 10) == [.keepPayload(key(task))])
        }
        #expect(scheduler.handle(.taskResult(result(key(4))), now: 11) == [])  // a duplicate
        #expect(scheduler.handle(.taskResult(result(key(1, epoch: 0))), now: 11) == [])  // another epoch
        let foreign = TaskKey(queryId: "other", epoch: 1, task: 1, attempt: 0)
        #expect(scheduler.handle(.taskResult(result(foreign)), now: 11) == [])
        #expect(scheduler.droppedResults == 3)
        let done = scheduler.handle(.taskResult(result(key(1))), now: 12)
        #expect(done == [.keepPayload(key(1)), .epochComplete(epoch: 1, results: (0..<5).map { result(key(Int32($0))) })])
    }

    @Test func anExecutorJoiningMidEpochGetsTheQueryThenTasks() {
        var scheduler = makeScheduler([("e1", 1)])
        _ = scheduler.handle(.startEpoch(epoch: 1, tasks: specs(3)), now: 0)
        let actions = scheduler.handle(.executorRegistered(id: "e2", cores: 2), now: 100)
        #expect(
            actions == [
                .send(executorId: "e2", .startQuery(testQuery)),
                .send(executorId: "e2", .launchTask(launch(key(1)))),
                .send(executorId: "e2", .launchTask(launch(key(2)))),
            ])
    }

    @Test func aRestartedExecutorLosesItsTasks() {
        var scheduler = makeScheduler([("e1", 1)])
        _ = scheduler.handle(.startEpoch(epoch: 1, tasks: specs(1)), now: 0)
        let actions = scheduler.handle(.executorRegistered(id: "e1", cores: 1), now: 50)
        #expect(
            actions == [
                .executorRemoved(executorId: "e1", reason: "registered again (restarted)"),
                .send(executorId: "e1", .startQuery(testQuery)),
                .send(executorId: "e1", .launchTask(launch(key(0, attempt: 1)))),
            ])
    }

    @Test func noExecutorsPastTheTimeoutFailsTheQuery() {
        var scheduler = DriverScheduler(query: testQuery, configuration: testConfiguration, now: 0)
        _ = scheduler.handle(.executorRegistered(id: "e1", cores: 1), now: 1_000)
        _ = scheduler.handle(.startEpoch(epoch: 1, tasks: specs(1)), now: 1_000)
        _ = scheduler.handle(.executorGone(id: "e1"), now: 2_000)
        #expect(scheduler.handle(.tick, now: 22_000) == [])
        #expect(
            scheduler.handle(.tick, now: 22_001) == [
                .queryFailed(reason: "no executors for 20001 ms (timeout 20000 ms)")
            ])
    }

    @Test func heartbeatsGoOutAndStrangersAreToldToLeave() {
        var scheduler = makeScheduler([("e1", 2)])
        _ = scheduler.handle(.startEpoch(epoch: 1, tasks: specs(1)), now: 0)
        #expect(scheduler.handle(.tick, now: 999) == [])
        let beat = Heartbeat(executorId: "e1", runningTasks: [key(0)], residentBytes: 0)
        #expect(scheduler.handle(.tick, now: 1_000) == [.send(executorId: "e1", .heartbeat(beat))])
        #expect(scheduler.handle(.tick, now: 1_500) == [])
        #expect(
            scheduler.handle(.heartbeat(id: "ghost"), now: 1_600) == [
                .send(executorId: "ghost", .shutdown(reason: "executor ghost is not registered with this driver"))
            ])
    }

    @Test func epochsRunOneAtATime() {
        var scheduler = makeScheduler([("e1", 1)])
        #expect(scheduler.handle(.startEpoch(epoch: 1, tasks: []), now: 0) == [.epochComplete(epoch: 1, results: [])])
        _ = scheduler.handle(.startEpoch(epoch: 2, tasks: specs(1)), now: 0)
        let actions = scheduler.handle(.startEpoch(epoch: 3, tasks: specs(1)), now: 0)
        #expect(
            actions == [
                .send(executorId: "e1", .cancelTask(CancelTask(key: key(0, epoch: 2)))),
                .queryFailed(reason: "epoch 3 started while epoch 2 is still running"),
            ])
    }

    @Test func shutdownTellsEveryExecutor() {
        var scheduler = makeScheduler([("b", 1), ("a", 1)])
        #expect(
            scheduler.handle(.shutdown(reason: "query stopped"), now: 0) == [
                .send(executorId: "a", .shutdown(reason: "query stopped")),
                .send(executorId: "b", .shutdown(reason: "query stopped")),
            ])
        #expect(scheduler.isStopped)
        #expect(scheduler.handle(.tick, now: 10) == [])
    }
}
