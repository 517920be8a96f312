import Foundation
import SluiceLogProtocol
import Testing

@Suite struct SLSErrorTests {
    @Test func jsonBodyEscapes() throws {
        let error = SLSError(code: "ParameterInvalid", message: "a \"b\" \\ c\nd\t\u{01}é", status: 400)
        let expected = #"{"errorCode":"ParameterInvalid","errorMessage":"a \"b\" \\ c\nd\t\u0001é"}"#
        #expect(error.jsonBody == Array(expected.utf8))
        // And a real JSON parser reads the message back unchanged.
        let object = try JSONSerialization.jsonObject(with: Data(error.jsonBody)) as? [String: String]
        #expect(object == ["errorCode": "ParameterInvalid", "errorMessage": error.message])
    }

    @Test func factoriesUseTheDocumentedCodesAndStatuses() {
        let project = SLSError.projectNotExist("p1")
        #expect(project.code == "ProjectNotExist")
        #expect(project.status == 404)
        #expect(project.message == "Project p1 does not exist")

        let cases: [(SLSError, String, Int)] = [
            (.projectAlreadyExist("p"), "ProjectAlreadyExist", 400),
            (.logStoreNotExist("s"), "LogStoreNotExist", 404),
            (.logStoreAlreadyExist("s"), "LogStoreAlreadyExist", 400),
            (.logStoreInfoInvalid("m"), "LogStoreInfoInvalid", 400),
            (.shardNotExist(3), "ShardNotExist", 400),
            (.invalidCursor("x"), "InvalidCursor", 400),
            (.parameterInvalid("m"), "ParameterInvalid", 400),
            (.unknownRoute(method: "GET", path: "/x"), "ParameterInvalid", 404),
            (.methodNotAllowed(method: "PUT", path: "/"), "ParameterInvalid", 405),
            (.unauthorized(), "Unauthorized", 401),
            (.signatureNotMatch(), "SignatureNotMatch", 401),
            (.missAccessKeyId(), "MissAccessKeyId", 400),
            (.requestTimeExpired("d"), "RequestTimeExpired", 400),
            (.invalidRequestTime("d"), "InvalidRequestTime", 400),
            (.invalidDateFormat("d"), "InvalidDateFormat", 400),
            (.missingDate(), "MissingDate", 400),
            (.missingHost(), "MissingHost", 400),
            (.missingAPIVersion(), "MissingAPIVersion", 400),
            (.invalidAPIVersion("9"), "InvalidAPIVersion", 400),
            (.missingContentType(), "MissingContentType", 400),
            (.invalidContentType("t"), "InvalidContentType", 415),
            (.missingContentLength(), "MissingContentLength", 411),
            (.missingBodyRawSize(), "MissingBodyRawSize", 400),
            (.invalidBodyRawSize("m"), "InvalidBodyRawSize", 400),
            (.invalidCompressType("gzip2"), "InvalidCompressType", 400),
            (.postBodyTooLarge("m"), "PostBodyTooLarge", 413),
            (.postBodyInvalid("m"), "PostBodyInvalid", 400),
            (.postBodyUncompressError("m"), "PostBodyUncompressError", 400),
            (.writeQuotaExceed("m"), "WriteQuotaExceed", 403),
            (.shardWriteQuotaExceed("m"), "ShardWriteQuotaExceed", 403),
            (.storageFull("disk"), "WriteQuotaExceed", 403),
            (.internalServerError("m"), "InternalServerError", 500),
        ]
        for (error, code, status) in cases {
            #expect(error.code == code)
            #expect(error.status == status, "\(code)")
        }
    }
}
