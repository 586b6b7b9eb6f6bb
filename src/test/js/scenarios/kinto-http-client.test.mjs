// kinto.js' bundled HTTP client (the current client generation) against the server: the API as applications use it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KintoClient } from "kinto";
import { SERVER, statusOf, uid, user } from "./support.mjs";

const alice = user();
const bob = user();
const api = new KintoClient(SERVER, { headers: alice.headers });
const bobApi = new KintoClient(SERVER, { headers: bob.headers });

test("server info, settings and the authenticated user", async () => {
  const info = await api.fetchServerInfo();
  assert.equal(info.project_name, "kinto");
  assert.match(await api.fetchHTTPApiVersion(), /^1\.\d+$/);
  const settings = await api.fetchServerSettings();
  assert.equal(settings.batch_max_requests, 25);
  assert.equal(settings.readonly, false);
  const capabilities = await api.fetchServerCapabilities();
  assert.ok(capabilities.default_bucket && capabilities.history, JSON.stringify(capabilities));
  const me = await api.fetchUser();
  assert.match(me.id, /^basicauth:/);
});

test("buckets, collections and records: create, read, update, patch, delete", async () => {
  const bid = uid("b");
  const { data: bucket } = await api.createBucket(bid, { data: { title: "shop" } });
  assert.equal(bucket.id, bid);
  assert.equal(bucket.title, "shop");
  assert.ok((await api.listBuckets()).data.some((b) => b.id === bid));
  const b = api.bucket(bid);
  await b.createCollection("items", { data: { kind: "list" } });
  assert.deepEqual((await b.listCollections()).data.map((c) => c.id), ["items"]);
  const items = b.collection("items");
  const { data: created } = await items.createRecord({ title: "milk", qty: 1 });
  assert.match(created.id, /^[0-9a-f-]{36}$/);
  assert.equal((await items.getRecord(created.id)).data.title, "milk");
  const { data: updated } = await items.updateRecord({ ...created, qty: 2 });
  assert.equal(updated.qty, 2);
  assert.ok(updated.last_modified > created.last_modified);
  const { data: patched } = await items.updateRecord({ id: created.id, done: true }, { patch: true });
  assert.deepEqual([patched.title, patched.qty, patched.done], ["milk", 2, true]);
  assert.equal(await items.getTotalRecords(), 1);
  const { data: deleted } = await items.deleteRecord(created.id);
  assert.equal(deleted.deleted, true);
  await assert.rejects(items.getRecord(created.id), (e) => statusOf(e) === 404);
  await b.deleteCollection("items");
  await api.deleteBucket(bid);
  await assert.rejects(api.bucket(bid).getData(), (e) => [403, 404].includes(statusOf(e)));
});

test("safe options: If-Match and If-None-Match on writes", async () => {
  const bid = uid("b");
  await api.createBucket(bid);
  const items = api.bucket(bid).collection("items");
  await api.bucket(bid).createCollection("items");
  const { data: record } = await items.createRecord({ id: "r1", v: 1 });
  await assert.rejects(items.createRecord({ id: "r1", v: 9 }, { safe: true }), (e) => statusOf(e) === 412);
  const { data: v2 } = await items.updateRecord({ ...record, v: 2 }, { safe: true });
  assert.equal(v2.v, 2);
  // A write based on the stale version is refused with 412.
  await assert.rejects(items.updateRecord({ ...record, v: 3 }, { safe: true }), (e) => statusOf(e) === 412);
  await assert.rejects(items.deleteRecord(record, { safe: true }), (e) => statusOf(e) === 412);
  await items.deleteRecord(v2, { safe: true });
  assert.equal(await items.getTotalRecords(), 0);
});

test("pagination, sorting and filters", async () => {
  const bid = uid("b");
  await api.createBucket(bid);
  await api.bucket(bid).createCollection("numbers");
  const numbers = api.bucket(bid).collection("numbers");
  await numbers.batch((batch) => {
    for (let n = 0; n < 12; n++) {
      batch.createRecord({ id: `n${String(n).padStart(2, "0")}`, n, even: n % 2 === 0 });
    }
  });
  const firstPage = await numbers.listRecords({ limit: 5, sort: "n" });
  assert.deepEqual(firstPage.data.map((r) => r.n), [0, 1, 2, 3, 4]);
  assert.equal(firstPage.hasNextPage, true);
  const secondPage = await firstPage.next();
  assert.deepEqual(secondPage.data.map((r) => r.n), [5, 6, 7, 8, 9]);
  const all = await numbers.listRecords({ limit: 5, sort: "-n", pages: Infinity });
  assert.deepEqual(all.data.map((r) => r.n), [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  const evens = await numbers.listRecords({ filters: { even: true, gt_n: 5 }, sort: "n" });
  assert.deepEqual(evens.data.map((r) => r.n), [6, 8, 10]);
});

test("batch: operations beyond batch_max_requests are split, results in order", async () => {
  const bid = uid("b");
  const responses = await api.batch((batch) => {
    batch.createBucket(bid);
    batch.bucket(bid).createCollection("many");
    for (let i = 0; i < 30; i++) {
      batch.bucket(bid).collection("many").createRecord({ id: `r${i}`, i });
    }
  });
  assert.equal(responses.length, 32);
  assert.deepEqual([...new Set(responses.map((r) => r.status))], [201]);
  assert.equal(await api.bucket(bid).collection("many").getTotalRecords(), 30);
  const aggregated = await api.bucket(bid).collection("many").batch((batch) => {
    batch.updateRecord({ id: "r0", i: 100 });
    batch.deleteRecord("r1");
    batch.createRecord({ id: "r0" }, { safe: true });
  }, { aggregate: true });
  assert.equal(aggregated.published.length, 2);
  assert.equal(aggregated.conflicts.length, 1);
  assert.equal(aggregated.conflicts[0].type, "outgoing");
});

test("permissions and groups: sharing a collection with a group", async () => {
  const bid = uid("b");
  await api.createBucket(bid);
  const b = api.bucket(bid);
  await b.createCollection("shared");
  const shared = b.collection("shared");
  await shared.createRecord({ id: "note", text: "hello" });
  await assert.rejects(bobApi.bucket(bid).collection("shared").getRecord("note"), (e) => statusOf(e) === 403);
  const bobId = (await bobApi.fetchUser()).id;
  const { data: group } = await b.createGroup("readers", [bobId]);
  assert.deepEqual(group.members, [bobId]);
  // setPermissions: a group URI cannot be added by JSON Patch (its slashes split the patch path, in Kinto too).
  await shared.setPermissions({ read: [`/buckets/${bid}/groups/readers`] });
  const permissions = await shared.getPermissions();
  assert.deepEqual(permissions.read, [`/buckets/${bid}/groups/readers`]);
  assert.equal((await bobApi.bucket(bid).collection("shared").getRecord("note")).data.text, "hello");
  await assert.rejects(bobApi.bucket(bid).collection("shared").createRecord({ text: "no" }), (e) => statusOf(e) === 403);
  // addPermissions: a JSON Patch of the permissions (read and write only, as Kinto fills in their values).
  await shared.addPermissions({ write: [bobId] });
  assert.ok((await shared.getPermissions()).write.includes(bobId));
  await bobApi.bucket(bid).collection("shared").createRecord({ id: "from-bob", text: "yes" });
  const listed = await bobApi.listPermissions({ pages: Infinity });
  assert.ok(listed.data.some((p) => p.uri === `/buckets/${bid}/collections/shared` && p.permissions.includes("read")),
    JSON.stringify(listed.data));
  await shared.removePermissions({ write: [bobId] });
  await b.updateGroup({ id: "readers", members: [] });
  await assert.rejects(bobApi.bucket(bid).collection("shared").getRecord("note"), (e) => statusOf(e) === 403);
});

test("listRecords({since}) returns changes and tombstones", async () => {
  const bid = uid("b");
  await api.createBucket(bid);
  await api.bucket(bid).createCollection("feed");
  const feed = api.bucket(bid).collection("feed");
  await feed.createRecord({ id: "a" });
  await feed.createRecord({ id: "b" });
  const since = await feed.getRecordsTimestamp();
  await feed.updateRecord({ id: "a", changed: true });
  await feed.deleteRecord("b");
  await feed.createRecord({ id: "c" });
  const changes = await feed.listRecords({ since, sort: "last_modified" });
  assert.deepEqual(changes.data.map((r) => [r.id, r.deleted === true]), [["a", false], ["b", true], ["c", false]]);
  // The client keeps the list's ETag as sent, quoted.
  assert.equal(`"${changes.last_modified}"`, await feed.getRecordsTimestamp());
});

test("listRecords({at}) snapshots, in a bucket and in the default bucket", async () => {
  for (const bid of [uid("b"), "default"]) {
    if (bid !== "default") {
      await api.createBucket(bid);
    }
    await api.bucket(bid).createCollection("versions");
    const versions = api.bucket(bid).collection("versions");
    await versions.createRecord({ id: "x", v: 1 });
    const { data: y } = await versions.createRecord({ id: "y", v: 1 });
    const at = y.last_modified;
    await versions.updateRecord({ id: "x", v: 2 });
    await versions.deleteRecord("y");
    await versions.createRecord({ id: "z", v: 1 });
    const snapshot = await versions.listRecords({ at });
    assert.deepEqual(snapshot.data.map((r) => [r.id, r.v]).sort(), [["x", 1], ["y", 1]], bid);
    // The client falls back to the history when the snapshot endpoint fails: ask the endpoint itself too.
    const raw = await api.execute({ path: `/buckets/${bid}/snapshot/collections/versions@${at}`, method: "GET",
      headers: alice.headers });
    assert.deepEqual(raw.data.map((r) => r.id).sort(), ["x", "y"], bid);
  }
});

test("the default bucket is the user's personal bucket", async () => {
  const carol = new KintoClient(SERVER, { headers: user().headers });
  const { data: record } = await carol.bucket("default").collection("notes").createRecord({ text: "mine" });
  const bucketId = (await carol.fetchUser()).bucket;
  assert.match(bucketId, /^[0-9a-f]{8}-[0-9a-f]{4}-/);
  assert.equal((await carol.bucket(bucketId).collection("notes").getRecord(record.id)).data.text, "mine");
  await assert.rejects(bobApi.bucket(bucketId).getData(), (e) => statusOf(e) === 403);
});
