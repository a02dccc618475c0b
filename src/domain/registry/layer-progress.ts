// Per-layer progress of a pull or push, from the engine's JSON progress lines.

/** One line of the engine's progress stream, as far as we read it. */
export interface ProgressEvent {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: Record<string, unknown>;
}

export interface LayerItem {
  id: string;
  status: string;
  current?: number;
  total?: number;
}

/** The same shape as the shell's ProgressReport. */
export interface LayerReport {
  title: string;
  items: LayerItem[];
  current?: number;
  total?: number;
}

interface Layer {
  item: LayerItem;
  /** Bytes to transfer (download or upload), once known. */
  size?: number;
  done: number;
}

/** Transfer phases whose progressDetail counts the bytes that matter for the total. */
const TRANSFER = new Set(['Downloading', 'Pushing']);
/** The transfer is over: count the whole layer. */
const TRANSFERRED = new Set(['Verifying Checksum', 'Download complete', 'Extracting', 'Pull complete', 'Pushed']);

export class LayerProgress {
  private readonly layers = new Map<string, Layer>();

  constructor(private readonly title: string) {}

  /** Applies one event; false when it is not about a layer (and the report did not change). */
  apply(event: ProgressEvent): boolean {
    const { id, status } = event;
    if (!id || !status || /^Pulling from |^The push refers to /.test(status)) return false;
    let layer = this.layers.get(id);
    if (!layer) {
      layer = { item: { id, status }, done: 0 };
      this.layers.set(id, layer);
    }
    const detail = event.progressDetail ?? {};
    const item: LayerItem = { id, status };
    if (typeof detail.total === 'number' && detail.total > 0 && typeof detail.current === 'number') {
      item.current = Math.min(detail.current, detail.total);
      item.total = detail.total;
    }
    if (TRANSFER.has(status) && item.total !== undefined) {
      layer.size = item.total;
      layer.done = item.current ?? 0;
    } else if (TRANSFERRED.has(status) && layer.size !== undefined) {
      layer.done = layer.size;
    }
    layer.item = item;
    return true;
  }

  report(): LayerReport {
    let current = 0;
    let total = 0;
    for (const l of this.layers.values()) {
      if (l.size === undefined) continue;
      total += l.size;
      current += l.done;
    }
    const items = [...this.layers.values()].map((l) => l.item);
    return total > 0 ? { title: this.title, items, current, total } : { title: this.title, items };
  }
}

/** The error an event carries (`errorDetail` mid-stream), or null. */
export function eventError(event: ProgressEvent): string | null {
  if (event.errorDetail) return event.errorDetail.message || event.error || 'unknown error';
  if (typeof event.error === 'string' && event.error) return event.error;
  return null;
}
