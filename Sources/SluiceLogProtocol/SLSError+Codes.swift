/// Factories for the SLS error codes a compatible server answers with (`sls-api.md` §1).
extension SLSError {
    // MARK: - Resources

    /// 404 `ProjectNotExist`.
    ///
    /// - Parameter project: The project named by the Host header.
    public static func projectNotExist(_ project: String) -> SLSError {
        SLSError(code: "ProjectNotExist", message: "Project \(project) does not exist", status: 404)
    }

    /// 400 `ProjectAlreadyExist`, for CreateProject on an existing name.
    ///
    /// - Parameter project: The project name.
    public static func projectAlreadyExist(_ project: String) -> SLSError {
        SLSError(code: "ProjectAlreadyExist", message: "Project \(project) already exists", status: 400)
    }

    /// 404 `LogStoreNotExist`.
    ///
    /// - Parameter logstore: The logstore name.
    public static func logStoreNotExist(_ logstore: String) -> SLSError {
        SLSError(code: "LogStoreNotExist", message: "logstore \(logstore) does not exist", status: 404)
    }

    /// 400 `LogStoreAlreadyExist`, for CreateLogStore on an existing name.
    ///
    /// - Parameter logstore: The logstore name.
    public static func logStoreAlreadyExist(_ logstore: String) -> SLSError {
        SLSError(code: "LogStoreAlreadyExist", message: "logstore \(logstore) already exists", status: 400)
    }

    /// 400 `LogStoreInfoInvalid`, for a CreateLogStore body the server cannot accept.
    ///
    /// - Parameter message: What is wrong with the body.
    public static func logStoreInfoInvalid(_ message: String) -> SLSError {
        SLSError(code: "LogStoreInfoInvalid", message: message, status: 400)
    }

    /// 400 `ShardNotExist`.
    ///
    /// - Parameter shardID: The shard id from the path.
    public static func shardNotExist(_ shardID: Int) -> SLSError {
        SLSError(code: "ShardNotExist", message: "shard \(shardID) does not exist", status: 400)
    }

    /// 400 `InvalidCursor`.
    ///
    /// - Parameter cursor: The cursor as received.
    public static func invalidCursor(_ cursor: String) -> SLSError {
        SLSError(code: "InvalidCursor", message: "cursor \(cursor) is invalid", status: 400)
    }

    /// 400 `ParameterInvalid`, the catch-all for bad query parameters and bodies.
    ///
    /// - Parameter message: Which parameter is wrong and why.
    public static func parameterInvalid(_ message: String) -> SLSError {
        SLSError(code: "ParameterInvalid", message: message, status: 400)
    }

    /// 404 `ParameterInvalid` for a path outside the API. SLS has no dedicated code; the SDKs
    /// only read `errorCode`, and any status below 500 stops their retries.
    ///
    /// - Parameters:
    ///   - method: The request method.
    ///   - path: The request path.
    public static func unknownRoute(method: String, path: String) -> SLSError {
        SLSError(code: "ParameterInvalid", message: "no such API: \(method) \(path)", status: 404)
    }

    /// 405 `ParameterInvalid` for a known path with an unsupported method (see `unknownRoute`).
    ///
    /// - Parameters:
    ///   - method: The request method.
    ///   - path: The request path.
    public static func methodNotAllowed(method: String, path: String) -> SLSError {
        SLSError(code: "ParameterInvalid", message: "method \(method) is not allowed on \(path)", status: 405)
    }

    // MARK: - Authentication and common headers

    /// 401 `Unauthorized`, e.g. for an unknown AccessKeyId.
    ///
    /// - Parameter message: Why the request is not authorized.
    public static func unauthorized(_ message: String = "the AccessKeyId is not authorized") -> SLSError {
        SLSError(code: "Unauthorized", message: message, status: 401)
    }

    /// 401 `SignatureNotMatch`.
    ///
    /// - Parameter message: Detail, e.g. the expected string to sign (never the secret).
    public static func signatureNotMatch(_ message: String = "the request signature does not match") -> SLSError {
        SLSError(code: "SignatureNotMatch", message: message, status: 401)
    }

    /// 400 `MissAccessKeyId`: no (parsable) Authorization header.
    public static func missAccessKeyId() -> SLSError {
        SLSError(code: "MissAccessKeyId", message: "the AccessKeyId is missing", status: 400)
    }

    /// 400 `RequestTimeExpired`: the request date is more than 15 minutes off.
    ///
    /// - Parameter date: The date as received.
    public static func requestTimeExpired(_ date: String) -> SLSError {
        SLSError(code: "RequestTimeExpired", message: "request time \(date) has expired", status: 400)
    }

    /// 400 `InvalidRequestTime`.
    ///
    /// - Parameter date: The date as received.
    public static func invalidRequestTime(_ date: String) -> SLSError {
        SLSError(code: "InvalidRequestTime", message: "request time \(date) is invalid", status: 400)
    }

    /// 400 `InvalidDateFormat`.
    ///
    /// - Parameter date: The date as received.
    public static func invalidDateFormat(_ date: String) -> SLSError {
        SLSError(code: "InvalidDateFormat", message: "date \(date) is not in RFC 1123 format", status: 400)
    }

    /// 400 `MissingDate`.
    public static func missingDate() -> SLSError {
        SLSError(code: "MissingDate", message: "the Date header is missing", status: 400)
    }

    /// 400 `MissingHost`.
    public static func missingHost() -> SLSError {
        SLSError(code: "MissingHost", message: "the Host header is missing", status: 400)
    }

    /// 400 `MissingAPIVersion`.
    public static func missingAPIVersion() -> SLSError {
        SLSError(code: "MissingAPIVersion", message: "the x-log-apiversion header is missing", status: 400)
    }

    /// 400 `InvalidAPIVersion`.
    ///
    /// - Parameter version: The version as received.
    public static func invalidAPIVersion(_ version: String) -> SLSError {
        SLSError(code: "InvalidAPIVersion", message: "API version \(version) is not supported", status: 400)
    }

    // MARK: - Bodies

    /// 400 `MissingContentType`.
    public static func missingContentType() -> SLSError {
        SLSError(code: "MissingContentType", message: "the Content-Type header is missing", status: 400)
    }

    /// 415 `InvalidContentType`.
    ///
    /// - Parameter contentType: The content type as received.
    public static func invalidContentType(_ contentType: String) -> SLSError {
        SLSError(code: "InvalidContentType", message: "content type \(contentType) is not supported", status: 415)
    }

    /// 411 `MissingContentLength`.
    public static func missingContentLength() -> SLSError {
        SLSError(code: "MissingContentLength", message: "the Content-Length header is missing", status: 411)
    }

    /// 400 `MissingBodyRawSize`.
    public static func missingBodyRawSize() -> SLSError {
        SLSError(code: "MissingBodyRawSize", message: "the x-log-bodyrawsize header is missing", status: 400)
    }

    /// 400 `InvalidBodyRawSize`.
    ///
    /// - Parameter message: Why the size is wrong.
    public static func invalidBodyRawSize(_ message: String) -> SLSError {
        SLSError(code: "InvalidBodyRawSize", message: message, status: 400)
    }

    /// 400 `InvalidCompressType`.
    ///
    /// - Parameter compressType: The `x-log-compresstype` or `Accept-Encoding` value as received.
    public static func invalidCompressType(_ compressType: String) -> SLSError {
        SLSError(code: "InvalidCompressType", message: "compress type \(compressType) is not supported", status: 400)
    }

    /// 413 `PostBodyTooLarge`.
    ///
    /// - Parameter message: Which limit the body exceeds.
    public static func postBodyTooLarge(_ message: String) -> SLSError {
        SLSError(code: "PostBodyTooLarge", message: message, status: 413)
    }

    /// 400 `PostBodyInvalid`, e.g. a LogGroup that does not decode.
    ///
    /// - Parameter message: What is wrong with the body.
    public static func postBodyInvalid(_ message: String) -> SLSError {
        SLSError(code: "PostBodyInvalid", message: message, status: 400)
    }

    /// 400 `PostBodyUncompressError`.
    ///
    /// - Parameter message: Why decompression failed.
    public static func postBodyUncompressError(_ message: String) -> SLSError {
        SLSError(code: "PostBodyUncompressError", message: message, status: 400)
    }

    // MARK: - Capacity and faults

    /// 403 `WriteQuotaExceed`.
    ///
    /// - Parameter message: Which quota is exceeded.
    public static func writeQuotaExceed(_ message: String) -> SLSError {
        SLSError(code: "WriteQuotaExceed", message: message, status: 403)
    }

    /// 403 `ShardWriteQuotaExceed`.
    ///
    /// - Parameter message: Which quota is exceeded.
    public static func shardWriteQuotaExceed(_ message: String) -> SLSError {
        SLSError(code: "ShardWriteQuotaExceed", message: message, status: 403)
    }

    /// 403 `WriteQuotaExceed` for a full disk. SLS has no storage-full code; a quota error is
    /// the closest documented one. It tells producers "not now" (producer libraries back off
    /// on it) without the python SDK's ten blind retries that a 5xx would trigger.
    ///
    /// - Parameter message: What is full.
    public static func storageFull(_ message: String) -> SLSError {
        SLSError(code: "WriteQuotaExceed", message: "storage full: \(message)", status: 403)
    }

    /// 500 `InternalServerError`, for server faults only (clients retry it).
    ///
    /// - Parameter message: What failed.
    public static func internalServerError(_ message: String) -> SLSError {
        SLSError(code: "InternalServerError", message: message, status: 500)
    }
}
