// What a server tells its clients besides data, on a server configured to say it (JsClientsIT starts one with
// backoff and end-of-service settings): Backoff, Alert. kinto.js must honour them.
import "fake-indexeddb/auto";
import { EventEmitter } from "node:events";
import { test } from "node:test";
import assert from "node:assert/strict";
import KintoModule, { KintoClient } from "kinto";
import { required, uid, user } from "./support.mjs";

const Kinto = KintoModule.default ?? KintoModule;

const SIGNALS_SERVER = required("KINTO_SIGNALS_SERVER");
const owner = user();

test("Backoff: the client backs off and sync refuses to run until told to ignore it", async () => {
  const kinto = new Kinto({ remote: SIGNALS_SERVER, headers: owner.headers, events: new EventEmitter(),
    adapterOptions: { dbName: uid("signals") } });
  assert.equal(kinto.api.backoff, 0);
  await kinto.api.fetchServerInfo();
  assert.ok(kinto.api.backoff > 0 && kinto.api.backoff <= 60000, String(kinto.api.backoff));
  const notes = kinto.collection(uid("c"));
  await notes.create({ title: "waits" });
  await assert.rejects(notes.sync(), /back off/);
  const result = await notes.sync({ ignoreBackoff: true });
  assert.equal(result.ok, true);
  assert.equal(result.published.length, 1);
});

test("Alert: an end-of-service notice reaches the application as a 'deprecated' event", async () => {
  const api = new KintoClient(SIGNALS_SERVER, { headers: owner.headers, events: new EventEmitter() });
  const alerts = [];
  api.events.on("deprecated", (alert) => alerts.push(alert));
  await api.fetchServerInfo();
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].code, "soft-eol");
  assert.equal(alerts[0].message, "This service will soon be decommissioned");
  assert.equal(alerts[0].url, "https://example.com/eol");
});
