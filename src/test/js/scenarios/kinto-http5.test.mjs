// kinto-http 5.x, the previous client generation still embedded in many applications (on Node with its peer
// dependencies node-fetch 2, atob and form-data): the same CRUD and polling sync scenario.
import { test } from "node:test";
import assert from "node:assert/strict";
import KintoHttp from "kinto-http";
import { SERVER, statusOf, uid, user } from "./support.mjs";

const KintoClient = KintoHttp.default ?? KintoHttp;
const alice = user();
const api = new KintoClient(SERVER, { headers: alice.headers });

test("kinto-http 5: server info and the authenticated user", async () => {
  assert.equal((await api.fetchServerSettings()).batch_max_requests, 25);
  assert.match((await api.fetchUser()).id, /^basicauth:/);
});

test("kinto-http 5: buckets, collections, records, safe writes", async () => {
  const bid = uid("b");
  await api.createBucket(bid, { data: { title: "legacy" } });
  const b = api.bucket(bid);
  await b.createCollection("items");
  const items = b.collection("items");
  const { data: record } = await items.createRecord({ id: "r1", title: "first" });
  assert.equal((await items.getRecord("r1")).data.title, "first");
  const { data: updated } = await items.updateRecord({ ...record, title: "second" }, { safe: true });
  await assert.rejects(items.updateRecord({ ...record, title: "stale" }, { safe: true }), (e) => statusOf(e) === 412);
  const { data: patched } = await items.updateRecord({ id: "r1", extra: 1 }, { patch: true });
  assert.deepEqual([patched.title, patched.extra], ["second", 1]);
  assert.ok(patched.last_modified > updated.last_modified);
  await items.deleteRecord("r1");
  await assert.rejects(items.getRecord("r1"), (e) => statusOf(e) === 404);
  assert.deepEqual((await b.listCollections()).data.map((c) => c.id), ["items"]);
  await api.deleteBucket(bid);
});

test("kinto-http 5: batch, pagination and polling with since", async () => {
  const bid = uid("b");
  const responses = await api.batch((batch) => {
    batch.createBucket(bid);
    batch.bucket(bid).createCollection("feed");
    for (let i = 0; i < 27; i++) {
      batch.bucket(bid).collection("feed").createRecord({ id: `r${String(i).padStart(2, "0")}`, i });
    }
  });
  assert.equal(responses.length, 29);
  assert.deepEqual([...new Set(responses.map((r) => r.status))], [201]);
  const feed = api.bucket(bid).collection("feed");
  const page = await feed.listRecords({ limit: 10, sort: "i" });
  assert.equal(page.hasNextPage, true);
  assert.deepEqual((await page.next()).data.map((r) => r.i), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  const all = await feed.listRecords({ limit: 10, pages: Infinity });
  assert.equal(all.data.length, 27);
  const since = all.last_modified;
  await feed.updateRecord({ id: "r00", i: 100 });
  await feed.deleteRecord("r01");
  const changes = await feed.listRecords({ since, sort: "last_modified" });
  assert.deepEqual(changes.data.map((r) => [r.id, r.deleted === true]), [["r00", false], ["r01", true]]);
});

test("kinto-http 5: permissions and groups", async () => {
  const bob = user();
  const bobApi = new KintoClient(SERVER, { headers: bob.headers });
  const bobId = (await bobApi.fetchUser()).id;
  const bid = uid("b");
  await api.createBucket(bid);
  const b = api.bucket(bid);
  await b.createGroup("team", [bobId]);
  await b.createCollection("board", { permissions: { "record:create": [`/buckets/${bid}/groups/team`] } });
  const { data: note } = await bobApi.bucket(bid).collection("board").createRecord({ text: "from bob" });
  assert.equal((await b.collection("board").getRecord(note.id)).data.text, "from bob");
  await assert.rejects(bobApi.bucket(bid).collection("board").deleteRecord("missing"), (e) => [403, 404].includes(statusOf(e)));
});

test("kinto-http 5: the default bucket and listRecords({at}) from the history", async () => {
  const notes = api.bucket("default").collection(uid("c"));
  await api.bucket("default").createCollection(notes.name);
  const { data: first } = await notes.createRecord({ id: "n1", v: 1 });
  await notes.updateRecord({ id: "n1", v: 2 });
  await notes.createRecord({ id: "n2", v: 1 });
  const snapshot = await notes.listRecords({ at: first.last_modified });
  assert.deepEqual(snapshot.data.map((r) => [r.id, r.v]), [["n1", 1]]);
});
