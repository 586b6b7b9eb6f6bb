// kinto.js offline-first: two devices of one user, each with its own local store (IndexedDB from fake-indexeddb),
// syncing the same collection of the personal (default) bucket through the server.
import "fake-indexeddb/auto";
import { test } from "node:test";
import assert from "node:assert/strict";
import KintoModule from "kinto";
import { SERVER, uid, user } from "./support.mjs";

// The package's CommonJS build is what Node loads: its default export is a property.
const Kinto = KintoModule.default ?? KintoModule;

const owner = user();

/** A device: a Kinto instance with its own IndexedDB database, on the owner's default bucket. */
function device(name) {
  return new Kinto({ remote: SERVER, headers: owner.headers, bucket: "default", adapterOptions: { dbName: `${name}-${uid()}` } });
}

/** The same collection on two fresh devices, both synced once with the given records created on the first. */
async function twoDevices(records = []) {
  const name = uid("c");
  const a = device("a").collection(name);
  const b = device("b").collection(name);
  const created = [];
  for (const record of records) {
    created.push((await a.create(record)).data);
  }
  assert.equal((await a.sync()).ok, true);
  assert.equal((await b.sync()).ok, true);
  return { a, b, created };
}

async function local(collection) {
  return (await collection.list({ order: "title" })).data.map((r) => r.title);
}

test("records created offline reach the other device; deletions propagate", async () => {
  const { a, b, created } = await twoDevices([{ title: "milk" }, { title: "bread" }]);
  assert.deepEqual(await local(b), ["bread", "milk"]);
  const { data: eggs } = await b.create({ title: "eggs" });
  await b.delete(created[0].id);
  const pushed = await b.sync();
  assert.equal(pushed.ok, true);
  assert.equal(pushed.published.length, 2);
  const pulled = await a.sync();
  assert.deepEqual(pulled.created.map((r) => r.id), [eggs.id]);
  assert.deepEqual(pulled.deleted.map((r) => r.id), [created[0].id]);
  assert.deepEqual(await local(a), ["bread", "eggs"]);
  // The server agrees: the tombstone is there for other clients polling with _since.
  const remote = await a.api.bucket("default").collection(a.name).listRecords({ since: "0" });
  assert.ok(remote.data.some((r) => r.id === created[0].id && r.deleted === true));
});

/** Both devices change the same record; the second one to sync meets the conflict. */
async function conflicting() {
  const devices = await twoDevices([{ title: "note", text: "original" }]);
  const id = devices.created[0].id;
  await devices.a.update({ ...(await devices.a.get(id)).data, text: "from a" });
  assert.equal((await devices.a.sync()).ok, true);
  await devices.b.update({ ...(await devices.b.get(id)).data, text: "from b" });
  return { ...devices, id };
}

test("conflict, MANUAL strategy: reported, then resolved by the application", async () => {
  const { a, b, id } = await conflicting();
  const result = await b.sync({ strategy: Kinto.syncStrategy.MANUAL });
  assert.equal(result.ok, false);
  assert.equal(result.conflicts.length, 1);
  const [conflict] = result.conflicts;
  assert.equal(conflict.type, "incoming");
  assert.equal(conflict.local.text, "from b");
  assert.equal(conflict.remote.text, "from a");
  await b.resolve(conflict, { ...conflict.local, text: "merged" });
  assert.equal((await b.sync()).ok, true);
  await a.sync();
  assert.equal((await a.get(id)).data.text, "merged");
});

test("conflict, SERVER_WINS strategy: the server's version replaces the local one", async () => {
  const { b, id } = await conflicting();
  const result = await b.sync({ strategy: Kinto.syncStrategy.SERVER_WINS });
  assert.equal(result.ok, true);
  assert.equal(result.resolved.length, 1);
  assert.equal((await b.get(id)).data.text, "from a");
  assert.equal((await b.get(id)).data._status, "synced");
});

test("conflict, CLIENT_WINS strategy: the local version is published", async () => {
  const { a, b, id } = await conflicting();
  const result = await b.sync({ strategy: Kinto.syncStrategy.CLIENT_WINS });
  assert.equal(result.ok, true);
  assert.equal(result.resolved.length, 1);
  assert.equal((await b.api.bucket("default").collection(b.name).getRecord(id)).data.text, "from b");
  await a.sync();
  assert.equal((await a.get(id)).data.text, "from b");
});

test("PULL_ONLY strategy: remote changes come in, local ones stay local", async () => {
  const { a, b, id } = await conflicting();
  const { data: draft } = await b.create({ title: "draft" });
  const result = await b.sync({ strategy: Kinto.syncStrategy.PULL_ONLY });
  assert.equal(result.ok, true);
  assert.equal((await b.get(id)).data.text, "from a");
  await assert.rejects(a.api.bucket("default").collection(a.name).getRecord(draft.id));
});

test("a record deleted on one device while edited on the other: the server's deletion wins", async () => {
  const { a, b, created } = await twoDevices([{ title: "gone" }]);
  const id = created[0].id;
  await a.delete(id);
  assert.equal((await a.sync()).ok, true);
  await b.update({ ...(await b.get(id)).data, text: "edited" });
  const result = await b.sync({ strategy: Kinto.syncStrategy.SERVER_WINS });
  assert.equal(result.ok, true);
  // The tombstone the server sent replaced the local edit.
  assert.equal(result.resolved.length, 1);
  const kept = (await b.list()).data.filter((r) => r.id === id);
  assert.ok(kept.every((r) => r.deleted === true && r.text === undefined), JSON.stringify(kept));
  await assert.rejects(b.api.bucket("default").collection(b.name).getRecord(id));
});

// Last: the flush empties the whole server.
test("a flushed server is detected by the next sync", async () => {
  const { a } = await twoDevices([{ title: "kept locally" }]);
  const response = await fetch(`${SERVER}/__flush__`, { method: "POST" });
  assert.equal(response.status, 202);
  await assert.rejects(a.sync(), (e) => e.name === "ServerWasFlushedError" || /flushed/.test(e.message));
  // The application's way out: mark everything as new and publish it again.
  await a.resetSyncStatus();
  const republished = await a.sync();
  assert.equal(republished.ok, true);
  assert.equal(republished.published.length, 1);
});
