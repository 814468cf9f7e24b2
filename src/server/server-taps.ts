import { configRelativePath, configTapFallbackPath, createTap, loadCaptureRules, tapPrinterAddress, type AppContext, type OpenedJournal } from '../app.js';
import { readerThreadEntry, readerUnavailable, spoolerHandOver, threadCaptureReader, type HostPort, type SpoolerHandOver, type Tap, type TapEvent, type TapStatus } from '../capture/index.js';
import type { ReissueConfig } from '../config/index.js';
import type { Spooler, SpoolerEvent } from '../printer/index.js';
import type { ServerLog } from './log.js';

/** A tap of the configuration file, running beside the server. */
export interface RunningTap {
  source: string;
  /** Where it listens (port 0 in the file: the port picked). */
  tcp: HostPort | undefined;
  lpd: HostPort | undefined;
  /** Its printer and backup as the configuration names them: a configured printer's name, or an address. */
  named: { printer: string; backup: string | undefined };
  status(): TapStatus;
}

export interface ServerTaps {
  taps: RunningTap[];
  /** The spooler's events, for the taps' view of their printers. */
  observe(event: SpoolerEvent): void;
  /** Stops every tap (open jobs end, hand-overs to the spooler finish); before the spooler stops. */
  stop(): Promise<void>;
}

const LEVEL: Partial<Record<TapEvent['type'], 'warn'>> = { warning: 'warn', 'printer-lost': 'warn' };

/**
 * Starts the taps `config.taps` declares, each journaling into the server's journal and
 * handing the jobs its printer did not take to the server's spooler. Their events go to the
 * server log as tap.* lines. If one cannot start (its port is taken), those already started
 * are stopped and the error is thrown.
 */
export async function startServerTaps(opened: OpenedJournal, config: ReissueConfig, spooler: Spooler, target: string, context: AppContext, log: ServerLog): Promise<ServerTaps> {
  const bridges: SpoolerHandOver[] = [];
  const started: { tap: Tap; running: RunningTap }[] = [];
  // One thread reads the jobs of every tap (~25 MB a thread): a job waits for another tap's only for its capture, never for its bytes.
  const reader = threadCaptureReader(readerThreadEntry(), undefined, {
    onBroken: (cause) => {
      const { type, ...fields } = readerUnavailable(cause);
      log.write('warn', `tap.${type}`, fields);
    },
  });
  const stopAll = async () => {
    for (const { tap, running } of started.splice(0).reverse()) {
      const { unsaved } = await tap.stop();
      const end = tap.status();
      log.write(unsaved > 0 ? 'error' : 'info', 'tap.stopped', { source: running.source, captured: end.captured, backlog: end.backlog, unsaved });
    }
    await reader.close();
  };
  try {
    for (const entry of config.taps) {
      const bridge = spoolerHandOver(spooler, { printer: entry.printer, ...(entry.backup !== undefined ? { backup: entry.backup } : {}) });
      bridges.push(bridge);
      const backup = entry.backup === undefined ? undefined : tapPrinterAddress(config, entry.backup);
      const rules = entry.rules === undefined ? undefined : loadCaptureRules(configRelativePath(config, entry.rules, context), context, `taps[${config.taps.indexOf(entry)}].rules in ${config.source ?? 'the configuration'}`);
      const tap = createTap(
        opened,
        {
          source: entry.source,
          target,
          reader,
          printer: tapPrinterAddress(config, entry.printer),
          fallbackPath: configTapFallbackPath(config, entry, target, context),
          paper: entry.paper,
          kanji: entry.kanji,
          idleGapMs: entry.idleGapMs,
          ...(entry.listen ? { listen: entry.listen } : {}),
          ...(entry.lpd ? { lpd: entry.lpd } : {}),
          ...(backup ? { backup } : {}),
          ...(rules ? { rules } : {}),
          handOver: (job) => bridge.handOver(job),
          offlineStatus: () => bridge.offlineStatus(),
          onEvent: (event) => {
            const { type, ...fields } = event;
            log.write(LEVEL[type] ?? 'info', `tap.${type}`, { source: entry.source, ...fields });
          },
        },
        context,
      );
      const at = await tap.start().catch(async (error: unknown) => {
        await tap.stop();
        throw error;
      });
      started.push({ tap, running: { source: entry.source, tcp: at.tcp, lpd: at.lpd, named: { printer: entry.printer, backup: entry.backup }, status: () => tap.status() } });
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    taps: started.map((s) => s.running),
    observe: (event) => {
      for (const bridge of bridges) bridge.observe(event);
    },
    stop: stopAll,
  };
}
