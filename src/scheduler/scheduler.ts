/**
 * Scheduled official syncs inside `serve`. Every minute each instance looks for accounts whose
 * next run is due; a database lease per account makes sure that when several instances share
 * one database exactly one of them runs a given account's sync. Accounts paused by an auth
 * error are skipped until their credentials change.
 */
import { randomUUID } from "node:crypto";
import { Cron } from "croner";
import type { Logger } from "../logging/logger.ts";
import { officialAdapterFor } from "../providers/official.ts";
import { DEFAULT_SYNC_SCHEDULE } from "../services/accounts.ts";
import { materializeRecurring } from "../services/manual/index.ts";
import type { ServiceContext } from "../services/context.ts";
import { classifySyncError, syncAccount } from "../services/sync/sync-account.ts";
import type { Account } from "../storage/accounts-repository.ts";

/** Long enough for a big sync; a crashed holder's lease runs out after it. */
const LEASE_MS = 30 * 60_000;

export interface SchedulerOptions {
  logger: Logger;
  /** Identifies this instance in leases. */
  instanceId?: string;
  /** How often to look for due accounts (cron, seconds allowed). */
  tickPattern?: string;
}

export interface TickResult {
  ran: string[];
  skipped: string[];
  failed: string[];
}

export interface Scheduler {
  readonly instanceId: string;
  /** Runs every due account once; what the timer calls, exposed for tests. */
  tick(): Promise<TickResult>;
  start(): void;
  stop(): Promise<void>;
}

export function createScheduler(ctx: ServiceContext, options: SchedulerOptions): Scheduler {
  const instanceId = options.instanceId ?? `instance_${randomUUID()}`;
  const logger = options.logger.child({ component: "scheduler", instance: instanceId });
  let timer: Cron | undefined;
  let running: Promise<TickResult> | undefined;

  async function tick(): Promise<TickResult> {
    const result: TickResult = { ran: [], skipped: [], failed: [] };
    await materializeRecurringOnce();
    const accounts = (await ctx.accounts.list()).filter((a) => officialAdapterFor(a.provider));
    for (const account of accounts) {
      const outcome = await runIfDue(account);
      result[outcome].push(account.id);
    }
    return result;
  }

  /** Recurring seat plans get each month's record; idempotent, under a lease so one instance does it. */
  async function materializeRecurringOnce(): Promise<void> {
    const now = ctx.now();
    const until = new Date(now.getTime() + 5 * 60_000).toISOString();
    if (!(await ctx.leases.acquire("recurring", instanceId, now.toISOString(), until))) return;
    try {
      await materializeRecurring(ctx, now);
    } catch (error) {
      logger.warn({ err: error }, "recurring entries could not be recorded");
    } finally {
      await ctx.leases.release("recurring", instanceId);
    }
  }

  async function runIfDue(account: Account): Promise<keyof TickResult> {
    if (!(await isDue(account))) return "skipped";
    const lease = `sync:${account.id}`;
    const now = ctx.now();
    if (
      !(await ctx.leases.acquire(
        lease,
        instanceId,
        now.toISOString(),
        new Date(now.getTime() + LEASE_MS).toISOString(),
      ))
    ) {
      return "skipped";
    }
    try {
      // Another instance may have finished this account between our check and our lease.
      if (!(await isDue(account))) return "skipped";
      await ctx.sync.updateStatus(
        account.id,
        { next_run_at: nextRun(account, ctx.now()) },
        ctx.now().toISOString(),
      );
      const summary = await syncAccount(ctx, { account_id: account.id, trigger: "schedule" });
      logger.info(
        {
          account: account.id,
          records: summary.records,
          inserted: summary.inserted,
          updated: summary.updated,
        },
        "sync done",
      );
      return "ran";
    } catch (error) {
      logger.warn(
        {
          account: account.id,
          error_class: classifySyncError(error),
          message: error instanceof Error ? error.message : String(error),
        },
        "sync failed",
      );
      return "failed";
    } finally {
      await ctx.leases.release(lease, instanceId);
    }
  }

  async function isDue(account: Account): Promise<boolean> {
    if (!(await ctx.credentials.get(account.id))) return false;
    const status = await ctx.sync.getStatus(account.id);
    if (status?.paused_reason) return false;
    return !status?.next_run_at || status.next_run_at <= ctx.now().toISOString();
  }

  return {
    instanceId,
    tick,
    start() {
      timer ??= new Cron(options.tickPattern ?? "0 * * * * *", { protect: true }, async () => {
        running = tick();
        await running.catch((error: unknown) =>
          logger.error({ err: error }, "scheduler tick failed"),
        );
      });
    },
    async stop() {
      timer?.stop();
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}

/** The next time an account's schedule fires after `after`. */
export function nextRun(account: Pick<Account, "sync_schedule">, after: Date): string {
  const next = new Cron(account.sync_schedule ?? DEFAULT_SYNC_SCHEDULE, {
    paused: true,
    timezone: "UTC",
  }).nextRun(after);
  return (next ?? new Date(after.getTime() + 3_600_000)).toISOString();
}
