// What every scenario shares: the server under test (given by JsClientsIT) and fresh names, so that scenarios never
// see each other's data although they run against one server.
import { randomUUID } from "node:crypto";

/** The packaged service, e.g. http://127.0.0.1:8193/v1 */
export const SERVER = required("KINTO_SERVER");

export function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the scenarios are run by JsClientsIT against the packaged service`);
  }
  return value;
}

/** A unique id accepted for buckets, collections, groups and records. */
export function uid(prefix = "t") {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A fresh basicauth user: its Authorization header (any user:password is a user). */
export function user(name = uid("user")) {
  return { name, headers: { Authorization: "Basic " + Buffer.from(`${name}:secret`).toString("base64") } };
}

/** The HTTP status of a client error, wherever this client generation keeps it. */
export function statusOf(error) {
  return error?.response?.status ?? error?.data?.code;
}
