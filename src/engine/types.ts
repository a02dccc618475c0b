import type { DiskUsage, EngineVersion, HistoryEntry, ImageDetails } from '../domain/details.js';
import type { Endpoint } from '../domain/endpoint.js';
import type { ImageSummary } from '../domain/image.js';

export interface ListImagesOptions {
  all?: boolean;
  /** Engine filters, as `filtersToQuery` makes them. */
  filters?: Record<string, string[]>;
}

/** A change the engine reported; the store reloads on these. */
export interface EngineEvent {
  type: string;
  action: string;
  id: string;
  /** Unix seconds. */
  time: number;
  /** The actor's `name` attribute: the image ref for tag/untag/pull, the container name. */
  name?: string;
}

/** An async stream that can be cancelled; iteration ends when it is closed or the link drops. */
export interface Cancellable<T> extends AsyncIterable<T> {
  close(): void;
}

export interface Engine {
  readonly endpoint: Endpoint;
  version(): Promise<EngineVersion>;
  listImages(opts?: ListImagesOptions): Promise<ImageSummary[]>;
  /** Number of containers (running or not) per image id. */
  containerCounts(): Promise<Map<string, number>>;
  inspectImage(ref: string): Promise<ImageDetails>;
  history(ref: string): Promise<HistoryEntry[]>;
  diskUsage(): Promise<DiskUsage>;
  /** Image and container events from now on. */
  events(): Cancellable<EngineEvent>;
  close(): void;
}
