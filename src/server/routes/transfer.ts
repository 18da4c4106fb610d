/**
 * CSV import and record/report export. Import answers 200 with its result; a real (not dry-run)
 * import with any bad row answers 400, every bad row in the envelope's details with its CSV line
 * as `index`, and stores nothing. Record exports stream as text/csv or application/json.
 */
import { Hono } from "hono";
import type { ServiceContext } from "../../services/context.ts";
import { exportRecords, exportReport } from "../../services/transfer/export.ts";
import { type ImportInput, importCsv, importError } from "../../services/transfer/import.ts";
import { readJson } from "../read-json.ts";

export function transferRoutes(ctx: ServiceContext) {
  return new Hono()
    .post("/import", async (c) => {
      const result = await importCsv(ctx, (await readJson(c)) as ImportInput);
      if (!result.dry_run && result.errors.length > 0) throw importError(result);
      return c.json(result);
    })
    .get("/export/records", (c) => {
      // Filters are checked here, so a bad one is a 400 before the first byte.
      const exported = exportRecords(ctx, c.req.query());
      const extension = exported.contentType.startsWith("text/csv") ? "csv" : "json";
      return c.body(readable(exported.chunks), 200, {
        "content-type": exported.contentType,
        "content-disposition": `attachment; filename="usage-records.${extension}"`,
      });
    })
    .get("/export/report", async (c) => {
      const { group_by: _ignored, ...query } = c.req.query();
      // group_by may be repeated (?group_by=a&group_by=b) or comma-separated, as in /reports/summary.
      const report = await exportReport(ctx, {
        ...query,
        group_by: c.req.queries("group_by") ?? [],
      });
      return c.body(report.body, 200, { "content-type": report.contentType });
    });
}

/**
 * A body that pulls one page at a time (the client's pace sets the database's). A failure
 * mid-export errors the stream, so the client sees a broken transfer, never a short file that
 * looks complete.
 */
function readable(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
