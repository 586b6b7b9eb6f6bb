// kinto-http's attachment calls (the client bundled in kinto.js) against the kinto-attachment API: the upload
// creates the record with the file's metadata, the service serves the file, removal clears both. (kinto-http 5 is
// left out: on Node it sends the platform's FormData through node-fetch 2, which keeps its JSON Content-Type; a
// Kinto server refuses that request the same way.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { KintoClient } from "kinto";
import { SERVER, statusOf, uid, user } from "./support.mjs";

const alice = user();
const content = "Hello, attachments!";
const dataURL = "data:text/plain;name=hello.txt;base64," + Buffer.from(content).toString("base64");

for (const [name, Client] of [["kinto.js client", KintoClient]]) {
  test(`${name}: addAttachment and removeAttachment`, async () => {
    const api = new Client(SERVER, { headers: alice.headers });
    const capabilities = await api.fetchServerCapabilities();
    assert.ok(capabilities.attachments, JSON.stringify(capabilities));
    const bid = uid("b");
    await api.createBucket(bid);
    await api.bucket(bid).createCollection("files");
    const files = api.bucket(bid).collection("files");

    await files.addAttachment(dataURL, { id: "r1", title: "greeting" }, { permissions: { read: ["system.Everyone"] } });
    const { data: record } = await files.getRecord("r1");
    assert.equal(record.title, "greeting");
    assert.equal(record.attachment.filename, "hello.txt");
    assert.equal(record.attachment.mimetype, "text/plain");
    assert.equal(record.attachment.size, content.length);
    assert.equal(record.attachment.hash, createHash("sha256").update(content).digest("hex"));

    const served = await fetch(new URL(record.attachment.location, SERVER));
    assert.equal(served.status, 200);
    assert.equal(await served.text(), content);

    await assert.rejects(files.updateRecord({ ...record, attachment: { location: "elsewhere" } }),
      (e) => statusOf(e) === 400);

    await files.removeAttachment("r1");
    const { data: cleared } = await files.getRecord("r1");
    assert.equal(cleared.attachment ?? null, null);
    assert.equal((await fetch(new URL(record.attachment.location, SERVER))).status, 404);
  });
}
