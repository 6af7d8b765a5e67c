/**
 * Progress of a batch job on stderr: a bar with items done, rate and ETA on a terminal
 * (cli-progress); a plain line every 10 % (at most one per 5 s, at least one per minute) otherwise,
 * so that logs of cluster jobs stay short.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function createProgress(label: string, opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { update() {}, stop() {} };
  const t0 = Date.now();
  let first: number | undefined;
  const rate = (done: number) => {
    const dt = (Date.now() - t0) / 1000;
    const newDone = done - (first ?? 0);
    return dt > 0 ? newDone / dt : 0;
  };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} items | {rate} items/s | ETA {etaText}`,
        stream,
        hideCursor: true,
        clearOnComplete: false,
        barsize: 30,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        first ??= done;
        const r = rate(done);
        const payload = { rate: r.toFixed(1), etaText: done >= total ? '0s' : r > 0 ? formatDuration((total - done) / r) : '?' };
        if (!started) {
          bar.start(total, done, payload);
          started = true;
        } else bar.update(done, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastPct = -1;
  let lastT = 0;
  let lastDone = -1;
  return {
    update(done, total) {
      first ??= done;
      const now = Date.now();
      const pct = total ? Math.floor((done / total) * 10) * 10 : 100;
      const due = (pct > lastPct && now - lastT >= 5000) || now - lastT >= 60_000 || (done === total && lastDone !== done);
      if (!due) return;
      lastPct = pct;
      lastT = now;
      lastDone = done;
      const r = rate(done);
      stream.write(`${label}: ${done}/${total} items (${total ? Math.floor((done / total) * 100) : 100}%), ${r.toFixed(1)} items/s, ETA ${done >= total ? '0s' : r > 0 ? formatDuration((total - done) / r) : '?'}\n`);
    },
    stop() {},
  };
}
