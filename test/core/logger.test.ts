import { Writable } from "node:stream";
import { expect, test } from "vitest";
import { createLogger } from "../../src/logging/logger.ts";

test("secrets in logged objects are redacted", () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger("info", sink);
  logger.info(
    { headers: { authorization: "Bearer tl_admin_secret" }, token: "tl_admin_secret2" },
    "request",
  );
  logger.info(
    { account: { admin_key: "sk-ant-admin01-secret3", api_key: "gsk_secret4" } },
    "account",
  );
  const output = lines.join("");
  expect(output).not.toMatch(/secret/);
  expect(output.match(/\[redacted\]/g)).toHaveLength(4);
});
