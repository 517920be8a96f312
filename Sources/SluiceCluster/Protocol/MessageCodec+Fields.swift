import SluiceCore

/// The fields of each message, written in declaration order.
extension ByteWriter {
    /// Writes the fields of `message` (after the frame header).
    mutating func fields(of message: ClusterMessage) {
        switch message {
        case .register(let value):
            u16(value.protocolVersion)
            string(value.executorId)
            string(value.host)
            i32(value.pid)
            i64(Int64(value.cores))
            i64(value.memoryLimitBytes)
            blob(value.secretProof)
        case .registered(let value):
            string(value.executorId)
            i64(value.heartbeatIntervalMillis)
            i64(value.heartbeatTimeoutMillis)
        case .refused(let reason), .shutdown(let reason):
            string(reason)
        case .startQuery(let value):
            string(value.queryId)
            blob(value.plan)
            dictionary(value.settings)
        case .heartbeat(let value):
            string(value.executorId)
            varint(UInt64(value.runningTasks.count))
            for key in value.runningTasks { taskKey(key) }
            i64(value.residentBytes)
        case .launchTask(let value):
            taskKey(value.key)
            shardRange(value.range)
            bool(value.watermarkMicros != nil)
            i64(value.watermarkMicros ?? 0)
        case .taskResult(let value):
            taskKey(value.key)
            f64(value.seconds)
            i64(Int64(value.partialBytes))
        case .taskFailed(let value):
            taskKey(value.key)
            string(value.error)
            bool(value.retryable)
        case .cancelTask(let value):
            taskKey(value.key)
        }
    }

    /// Writes a task key: query id, epoch, task, attempt.
    private mutating func taskKey(_ key: TaskKey) {
        string(key.queryId)
        i64(key.epoch)
        i32(key.task)
        i32(key.attempt)
    }

    /// Writes a shard range: `i32` shard, `i64` start, `i64` end. The shard must be in
    /// `ShardRange.wireShardIds` (the driver checks before it plans a task).
    private mutating func shardRange(_ range: ShardRange) {
        i32(Int32(range.shard))
        i64(range.start)
        i64(range.end)
    }
}

/// The fields of each message, read in declaration order.
extension ByteReader {
    /// Reads the fields of a message of `type` (after the frame header).
    mutating func message(of type: MessageType) throws(ByteFormatError) -> ClusterMessage {
        switch type {
        case .register:
            return try .register(
                Register(
                    protocolVersion: u16("Register.protocolVersion"),
                    executorId: string("Register.executorId"),
                    host: string("Register.host"),
                    pid: i32("Register.pid"),
                    cores: int("Register.cores"),
                    memoryLimitBytes: i64("Register.memoryLimitBytes"),
                    secretProof: blob("Register.secretProof")))
        case .registered:
            return try .registered(
                Registered(
                    executorId: string("Registered.executorId"),
                    heartbeatIntervalMillis: i64("Registered.heartbeatIntervalMillis"),
                    heartbeatTimeoutMillis: i64("Registered.heartbeatTimeoutMillis")))
        case .refused:
            return try .refused(reason: string("Refused.reason"))
        case .startQuery:
            return try .startQuery(
                StartQuery(
                    queryId: string("StartQuery.queryId"),
                    plan: blob("StartQuery.plan"),
                    settings: dictionary("StartQuery.settings")))
        case .heartbeat:
            let executorId = try string("Heartbeat.executorId")
            let entries = try count("Heartbeat.runningTasks")
            var keys: [TaskKey] = []
            for _ in 0..<entries {
                keys.append(try taskKey("Heartbeat.runningTasks"))
            }
            return try .heartbeat(
                Heartbeat(executorId: executorId, runningTasks: keys, residentBytes: i64("Heartbeat.residentBytes")))
        case .launchTask:
            let key = try taskKey("LaunchTask.key")
            let range = try shardRange("LaunchTask")
            let hasWatermark = try bool("LaunchTask.hasWatermark")
            let watermark = try i64("LaunchTask.watermarkMicros")
            guard hasWatermark || watermark == 0 else {
                throw ByteFormatError("LaunchTask.watermarkMicros must be 0 when hasWatermark is false")
            }
            return .launchTask(
                LaunchTask(
                    key: key, range: range,
                    watermarkMicros: hasWatermark ? watermark : nil))
        case .taskResult:
            let key = try taskKey("TaskResult.key")
            let seconds = try f64("TaskResult.seconds")
            let partialBytes = try i64("TaskResult.partialBytes")
            guard let size = Int(exactly: partialBytes), size >= 0 else {
                throw ByteFormatError("TaskResult.partialBytes is \(partialBytes), not a size")
            }
            return .taskResult(TaskResult(key: key, seconds: seconds, partialBytes: size))
        case .taskFailed:
            return try .taskFailed(
                TaskFailed(
                    key: taskKey("TaskFailed.key"),
                    error: string("TaskFailed.error"),
                    retryable: bool("TaskFailed.retryable")))
        case .cancelTask:
            return try .cancelTask(CancelTask(key: taskKey("CancelTask.key")))
        case .shutdown:
            return try .shutdown(reason: string("Shutdown.reason"))
        }
    }

    /// Reads a task key: query id, epoch, task, attempt.
    private mutating func taskKey(_ field: String) throws(ByteFormatError) -> TaskKey {
        try TaskKey(
            queryId: string("\(field).queryId"),
            epoch: i64("\(field).epoch"),
            task: i32("\(field).task"),
            attempt: i32("\(field).attempt"))
    }

    /// Reads a shard range: `i32` shard, `i64` start cursor, `i64` end cursor.
    private mutating func shardRange(_ message: String) throws(ByteFormatError) -> ShardRange {
        try ShardRange(
            shard: Int(i32("\(message).shard")),
            start: i64("\(message).startCursor"),
            end: i64("\(message).endCursor"))
    }
}
