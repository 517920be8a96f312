#!/usr/bin/env python3
"""Drives a Sluice log store with the official aliyun-log-python-sdk (`import aliyun.log`).

Run by SDKTests.swift against a server it started:

    python3 sdk_roundtrip.py --port PORT --ak ID --sk SECRET --project P --store S [--expect FILE]

Creates project P and store S (2 shards), lists and describes them, puts log groups (lz4, uncompressed,
to a hash key; and through a v4-signed client when the installed SDK supports it), reads cursors and
cursor times, pulls with and without an end cursor, and checks that exactly what was written comes
back. With --expect FILE (JSON written by the caller: {"project", "store", "groups": [{"shard",
"topic", "source", "tags", "logs": [{"time", "contents"}]}]}) it also reads that store and checks
it holds exactly those groups, in order per shard.

Prints one JSON line with what it wrote on success; on any failure prints the reason to stderr and
exits non-zero (1: a check failed, 2: bad arguments, 3: the SDK is not installed).
"""

import argparse
import base64
import inspect
import json
import sys
import time
import traceback

RECEIVE_TIME_TAG = "__receive_time__"


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value


def group_dict(group):
    """A pulled LogGroup as plain data, the receive-time tag split off."""
    tags = [[text(tag.Key), text(tag.Value)] for tag in group.LogTags]
    check(tags and tags[-1][0] == RECEIVE_TIME_TAG,
          "pulled group (topic %r) has no %s tag last: %r" % (group.Topic, RECEIVE_TIME_TAG, tags))
    receive_time = int(tags[-1][1])
    logs = [{"time": log.Time, "contents": [[text(c.Key), text(c.Value)] for c in log.Contents]}
            for log in group.Logs]
    return {"topic": text(group.Topic), "source": text(group.Source), "tags": tags[:-1], "logs": logs}, receive_time


def same_group(actual, expected):
    return all(actual[key] == expected[key] for key in ("topic", "source", "tags", "logs"))


class RoundTrip:
    def __init__(self, args, sdk):
        self.args = args
        self.sdk = sdk
        self.endpoint = "http://127.0.0.1:%d" % args.port
        self.project = args.project
        self.store = args.store
        self.client = self.make_client(args.ak, args.sk)
        self.written = []
        self.steps = []

    def make_client(self, ak, sk, **options):
        client = self.sdk.LogClient(self.endpoint, ak, sk, **options)
        # sls-api.md §0: talk to 127.0.0.1:PORT directly, the project travelling in the Host header only.
        client._isRowIp = True
        # Loopback only: never through a proxy named in the environment.
        session = getattr(client, "_session", None)
        if session is not None:
            session.trust_env = False
        return client

    def step(self, name):
        self.steps.append(name)

    def expect_error(self, code, call, what):
        try:
            call()
        except self.sdk.LogException as error:
            check(error.get_error_code() == code,
                  "%s: expected %s, got %s (%s)" % (what, code, error.get_error_code(), error.get_error_message()))
            return
        raise CheckFailed("%s: expected %s, but the call succeeded" % (what, code))

    # --- setup -------------------------------------------------------------------------------

    def create(self):
        client = self.client
        client.create_project(self.project, "created by sdk_roundtrip.py")
        project = client.get_project(self.project)
        check(project.projectName == self.project, "get_project names %r" % project.projectName)
        self.step("create_project/get_project")

        client.create_logstore(self.project, self.store, ttl=7, shard_count=2)
        self.expect_error("LogStoreAlreadyExist",
                          lambda: client.create_logstore(self.project, self.store, ttl=7, shard_count=2),
                          "create_logstore twice")
        names = client.list_logstore(self.project).get_logstores()
        check(self.store in names, "list_logstore gave %r" % (names,))
        store = client.get_logstore(self.project, self.store)
        check(store.get_shard_count() == 2, "get_logstore shardCount %r" % store.get_shard_count())
        check(store.get_ttl() == 7, "get_logstore ttl %r" % store.get_ttl())
        self.step("create_logstore/list_logstore/get_logstore")

        shards = client.list_shards(self.project, self.store).get_shards_info()
        check([s["shardID"] for s in shards] == [0, 1], "list_shards ids %r" % (shards,))
        check(shards[0]["inclusiveBeginKey"] == "0" * 32 and shards[1]["inclusiveBeginKey"] == "8" + "0" * 31,
              "list_shards begin keys %r" % (shards,))
        check(all(s["status"] == "readwrite" for s in shards), "list_shards status %r" % (shards,))
        self.shards = shards
        self.step("list_shards")

    # --- writing -----------------------------------------------------------------------------

    def put(self, client, topic, compress=None, hash_key=None, shard=None, via="v1"):
        now = int(time.time())
        logs = [
            {"time": now - 10, "contents": [["k", topic], ["n", "1"], ["utf8", u"h\u00e9llo \u2713"]]},
            {"time": now - 5, "contents": [["k", topic], ["n", "2"], ["empty", ""]]},
        ]
        tags = [["tag-a", topic + "-a"], ["__hostname__", "sdk-host"]]
        source = "10.1.2.3"
        items = []
        for log in logs:
            item = self.sdk.LogItem()
            item.set_time(log["time"])
            item.set_contents([(k, v) for k, v in log["contents"]])
            items.append(item)
        options = {"logtags": [(k, v) for k, v in tags]}
        if hash_key is not None:
            options["hashKey"] = hash_key
        if compress is not None:
            options["compress"] = compress
        request = self.sdk.PutLogsRequest(self.project, self.store, topic, source, items, **options)
        client.put_logs(request)
        self.written.append({"topic": topic, "source": source, "tags": tags, "logs": logs, "shard": shard,
                             "via": via})

    def put_all(self):
        self.put(self.client, "sdk-lz4")
        self.put(self.client, "sdk-raw", compress=False)
        self.put(self.client, "sdk-hash-0", hash_key=self.shards[0]["inclusiveBeginKey"], shard=0)
        self.put(self.client, "sdk-hash-1", hash_key=self.shards[1]["inclusiveBeginKey"], shard=1)
        self.put(self.client, "sdk-hash-1-raw", compress=False, hash_key="f" * 32, shard=1)
        self.step("put_logs lz4/uncompressed/hash key")

    # --- reading -----------------------------------------------------------------------------

    def read_shard(self, client, project, store, shard, compress=None):
        """Every group of a shard, one pull per group so each group's cursor is known; then the
        same groups again in one pull without an end cursor."""
        begin = client.get_cursor(project, store, shard, "begin").get_cursor()
        end = client.get_cursor(project, store, shard, "end").get_cursor()
        check(int(base64.b64decode(begin)) <= int(base64.b64decode(end)),
              "shard %d: begin %s after end %s" % (shard, begin, end))
        groups = []
        cursor = begin
        while cursor != end:
            response = client.pull_logs(project, store, shard, cursor, count=1, end_cursor=end, compress=compress)
            check(response.get_loggroup_count() == 1,
                  "shard %d: pull at %s with an end cursor gave %d groups" % (shard, cursor,
                                                                             response.get_loggroup_count()))
            group, receive_time = group_dict(response.get_loggroup_list().LogGroups[0])
            cursor_time = client.get_cursor_time(project, store, shard, cursor).get_cursor_time()
            check(int(cursor_time) == receive_time,
                  "shard %d: cursor time %r != receive time tag %r" % (shard, cursor_time, receive_time))
            groups.append(group)
            next_cursor = response.get_next_cursor()
            check(int(base64.b64decode(next_cursor)) == int(base64.b64decode(cursor)) + 1,
                  "shard %d: next cursor %s after %s" % (shard, next_cursor, cursor))
            cursor = next_cursor
        # At the end: nothing more, the same cursor back.
        response = client.pull_logs(project, store, shard, end, count=10, compress=compress)
        check(response.get_loggroup_count() == 0 and response.get_next_cursor() == end,
              "shard %d: pull at the end gave %d groups, next %s" % (shard, response.get_loggroup_count(),
                                                                     response.get_next_cursor()))
        # All at once, without an end cursor.
        response = client.pull_logs(project, store, shard, begin, count=100, compress=compress)
        check(response.get_next_cursor() == end, "shard %d: bulk pull ended at %s, not %s" % (
            shard, response.get_next_cursor(), end))
        bulk = [group_dict(g)[0] for g in response.get_loggroup_list().LogGroups]
        check(bulk == groups, "shard %d: the bulk pull differs from the group-by-group pulls" % shard)
        return groups, begin, end

    def check_cursors(self):
        client = self.client
        now = int(time.time())
        for shard in (0, 1):
            begin = client.get_cursor(self.project, self.store, shard, "begin").get_cursor()
            end = client.get_cursor(self.project, self.store, shard, "end").get_cursor()
            check(begin == base64.b64encode(b"0").decode(), "shard %d begin cursor %r" % (shard, begin))
            old = client.get_cursor(self.project, self.store, shard, now - 3600).get_cursor()
            check(old == begin, "shard %d: cursor for an hour ago %r != begin %r" % (shard, old, begin))
            future = client.get_cursor(self.project, self.store, shard, now + 3600).get_cursor()
            check(future == end, "shard %d: cursor for an hour ahead %r != end %r" % (shard, future, end))
            begin_time = client.get_cursor_time(self.project, self.store, shard, begin).get_cursor_time()
            check(abs(int(begin_time) - now) < 600, "shard %d: cursor time %r far from now" % (shard, begin_time))
        self.step("get_cursor begin/end/time, get_cursor_time")

    def check_written(self, readers):
        """Each reader (name, client, compress) reads both shards; every one must see exactly
        what was written, hash-keyed groups in their shard."""
        seen = None
        for name, client, compress in readers:
            by_shard = [self.read_shard(client, self.project, self.store, shard, compress)[0] for shard in (0, 1)]
            if seen is None:
                seen = by_shard
            check(by_shard == seen, "%s reads differently from the first reader" % name)
        total = sum(len(groups) for groups in seen)
        check(total == len(self.written), "read %d groups, wrote %d" % (total, len(self.written)))
        for wrote in self.written:
            places = [shard for shard in (0, 1) for group in seen[shard] if same_group(group, wrote)]
            check(len(places) == 1, "group %r found %d times" % (wrote["topic"], len(places)))
            if wrote["shard"] is not None:
                check(places[0] == wrote["shard"],
                      "group %r is in shard %d, not %d" % (wrote["topic"], places[0], wrote["shard"]))
            wrote["found_shard"] = places[0]
        # Groups keep their write order within a shard.
        for shard in (0, 1):
            order = [g["topic"] for g in seen[shard]]
            written = [w["topic"] for w in self.written if w["found_shard"] == shard]
            check(order == written, "shard %d order %r, written %r" % (shard, order, written))
        self.step("pull_logs with/without end cursor, lz4/uncompressed: %s" % ", ".join(r[0] for r in readers))

    # --- errors ------------------------------------------------------------------------------

    def check_errors(self):
        wrong = self.make_client(self.args.ak, self.args.sk + "-wrong")
        self.expect_error("SignatureNotMatch", lambda: wrong.list_shards(self.project, self.store), "wrong secret")
        stranger = self.make_client(self.args.ak + "-unknown", self.args.sk)
        self.expect_error("Unauthorized", lambda: stranger.list_shards(self.project, self.store), "unknown key id")
        self.expect_error("ProjectNotExist", lambda: self.client.get_project("no-such-project"), "unknown project")
        self.expect_error("LogStoreNotExist", lambda: self.client.get_logstore(self.project, "no_such_store"),
                          "unknown store")
        self.expect_error("ShardNotExist", lambda: self.client.get_cursor(self.project, self.store, 9, "begin"),
                          "unknown shard")
        beyond = base64.b64encode(b"1000").decode()
        self.expect_error("InvalidCursor",
                          lambda: self.client.pull_logs(self.project, self.store, 0, beyond, count=10),
                          "cursor beyond the end")
        self.step("errors")

    # --- v4 ----------------------------------------------------------------------------------

    def v4_client(self):
        """A v4-signed client, or None when the installed SDK cannot make one."""
        try:
            from aliyun.log.auth import AUTH_VERSION_4
        except ImportError:
            return None
        parameters = inspect.signature(self.sdk.LogClient.__init__).parameters
        if "auth_version" not in parameters or "region" not in parameters:
            return None
        return self.make_client(self.args.ak, self.args.sk, auth_version=AUTH_VERSION_4, region="cn-hangzhou")

    # --- a store written by the caller -------------------------------------------------------

    def check_expected(self, path):
        with open(path) as handle:
            expected = json.load(handle)
        project, store = expected["project"], expected["store"]
        shards = self.client.list_shards(project, store).get_shards_info()
        count = 0
        for info in shards:
            shard = info["shardID"]
            want = [g for g in expected["groups"] if g["shard"] == shard]
            for compress in (None, False):
                got, _, _ = self.read_shard(self.client, project, store, shard, compress)
                check(len(got) == len(want), "%s/%s shard %d: read %d groups, expected %d" % (
                    project, store, shard, len(got), len(want)))
                for index, (actual, wanted) in enumerate(zip(got, want)):
                    check(same_group(actual, wanted), "%s/%s shard %d group %d:\n  read     %r\n  expected %r" % (
                        project, store, shard, index, actual, wanted))
            count += len(want)
        check(count == len(expected["groups"]), "the expectation names shards the store does not have")
        self.step("read %d groups written by the caller" % count)
        return count

    def run(self):
        self.create()
        self.put_all()
        v4 = self.v4_client()
        if v4 is not None:
            shards = v4.list_shards(self.project, self.store).get_shards_info()
            check(len(shards) == 2, "v4 list_shards gave %r" % (shards,))
            self.put(v4, "sdk-v4", via="v4")
            self.put(v4, "sdk-v4-hash", hash_key=self.shards[1]["inclusiveBeginKey"], shard=1, via="v4")
            wrong = self.make_client(self.args.ak, self.args.sk + "-wrong", auth_version="v4", region="cn-hangzhou")
            self.expect_error("SignatureNotMatch", lambda: wrong.list_shards(self.project, self.store),
                              "v4 with a wrong secret")
            self.step("v4 list_shards/put_logs")
        self.check_cursors()
        readers = [("v1 lz4", self.client, None), ("v1 uncompressed", self.client, False)]
        if v4 is not None:
            readers.append(("v4 lz4", v4, None))
        self.check_written(readers)
        self.check_errors()
        expected = self.check_expected(self.args.expect) if self.args.expect else 0
        return {"ok": True, "v4": v4 is not None, "written": self.written, "expected_groups_read": expected,
                "steps": self.steps}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ak", required=True)
    parser.add_argument("--sk", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--store", required=True)
    parser.add_argument("--expect", help="JSON file describing a store the caller wrote, to read back")
    args = parser.parse_args()
    try:
        import aliyun.log as sdk
    except ImportError as error:
        print("the aliyun-log-python-sdk is not installed (pip install aliyun-log-python-sdk): %s" % error,
              file=sys.stderr)
        return 3
    trip = RoundTrip(args, sdk)
    try:
        result = trip.run()
    except CheckFailed as failure:
        print("sdk_roundtrip: check failed after steps %s: %s" % (trip.steps, failure), file=sys.stderr)
        return 1
    except Exception:
        print("sdk_roundtrip: error after steps %s:" % (trip.steps,), file=sys.stderr)
        traceback.print_exc()
        return 1
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
