// Change feed clients for bench/feed.sh (Node 20+, no dependencies).
//   node bench/feed-clients.mjs deliver BASE AUTH SUBSCRIBERS RECORDS
//     opens SUBSCRIBERS streams on /v1/buckets/bench/collections/feed/changes, creates RECORDS records (POST
//     /v1/batch, 25 per request, 4 at a time), waits until every stream has every event; prints one JSON line.
//   node bench/feed-clients.mjs hold BASE AUTH SUBSCRIBERS MARKER SECONDS
//     opens SUBSCRIBERS streams, writes MARKER (a file) once they are all open, holds them SECONDS, exits.
import http from 'node:http';
import fs from 'node:fs';

const [mode, base, auth, subscribersArg, ...rest] = process.argv.slice(2);
const subscribers = Number(subscribersArg);
const path = '/v1/buckets/bench/collections/feed/changes';

function open(onEvent) {
  return new Promise((resolve, reject) => {
    const request = http.get(base + path, { headers: { Authorization: auth }, agent: false }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`stream answered ${response.statusCode}`));
        return;
      }
      let pending = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        pending += chunk;
        let end;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          if (block.includes('\ndata: ') || block.startsWith('id: ')) {
            onEvent(block);
          }
        }
      });
      resolve(request);
    });
    request.on('error', reject);
  });
}

async function post(body) {
  const response = await fetch(base + '/v1/batch', {
    method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`batch answered ${response.status}`);
  await response.arrayBuffer();
}

if (mode === 'deliver') {
  const records = Number(rest[0]);
  let expected = subscribers * records;
  let received = 0;
  let done;
  let finished = new Promise((resolve) => { done = resolve; });
  const streams = [];
  for (let i = 0; i < subscribers; i++) {
    streams.push(await open(() => { if (++received === expected) done(); }));
  }
  const started = process.hrtime.bigint();
  const batches = [];
  for (let n = 0; n < records; n += 25) {
    const requests = [];
    for (let i = n; i < Math.min(records, n + 25); i++) requests.push({ body: { data: { n: i, title: 'feed bench' } } });
    batches.push({ defaults: { method: 'POST', path: '/buckets/bench/collections/feed/records' }, requests });
  }
  let next = 0;
  await Promise.all([0, 1, 2, 3].map(async () => { while (next < batches.length) await post(batches[next++]); }));
  const written = process.hrtime.bigint();
  await Promise.race([finished, new Promise((r) => setTimeout(r, 120_000))]);
  const ended = process.hrtime.bigint();
  const seconds = Number(ended - started) / 1e9;
  const live = { received, seconds: +seconds.toFixed(2), writeSeconds: +(Number(written - started) / 1e9).toFixed(2),
    eventsPerSecond: Math.round(received / seconds) };
  const complete = received === expected;
  // A burst: one DELETE of the whole list, RECORDS events at once, fanned out to every subscriber.
  received = 0;
  finished = new Promise((resolve) => { done = resolve; });
  const burstStarted = process.hrtime.bigint();
  const deleted = await fetch(base + '/v1/buckets/bench/collections/feed/records', { method: 'DELETE', headers: { Authorization: auth } });
  await deleted.arrayBuffer();
  await Promise.race([finished, new Promise((r) => setTimeout(r, 120_000))]);
  const burstSeconds = Number(process.hrtime.bigint() - burstStarted) / 1e9;
  const burst = { received, seconds: +burstSeconds.toFixed(2), eventsPerSecond: Math.round(received / burstSeconds) };
  console.log(JSON.stringify({ subscribers, records, expected, live, burst }));
  streams.forEach((s) => s.destroy());
  process.exit(complete && received === expected ? 0 : 1);
} else if (mode === 'hold') {
  const [marker, seconds] = rest;
  const streams = [];
  for (let i = 0; i < subscribers; i++) streams.push(await open(() => {}));
  fs.writeFileSync(marker, String(streams.length));
  await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
  streams.forEach((s) => s.destroy());
  process.exit(0);
} else {
  console.error('usage: see the head of this file');
  process.exit(2);
}
