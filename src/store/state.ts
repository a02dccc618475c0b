import type { DiskUsage, EngineCapabilities, EngineVersion, HistoryEntry, ImageDetails } from '../domain/images/details.js';
import { NO_FILTERS, type RowFilters } from '../domain/images/filter.js';
import type { ImageRow } from '../domain/images/image.js';
import type { SortKey } from '../domain/images/sort.js';
import { EMPTY_BUILD, type BuildView } from './build.js';
import { INITIAL_LAYERS, type LayersState } from './layers.js';
import { INITIAL_PROMPT, type PromptState } from './prompt.js';

export const PANES = ['images', 'layers', 'build'] as const;
export type Pane = (typeof PANES)[number];
export type Overlay = 'help' | 'details' | 'output' | 'contexts' | null;

/** One line of a job's progress: a layer being pulled, a file being written (the shape of ProgressItem). */
export interface JobItem {
  id: string;
  status: string;
  current?: number;
  total?: number;
}

/** A long command's whole progress, replaced on every report (the shape of ProgressReport). */
export interface JobProgress {
  title: string;
  items: JobItem[];
  current?: number;
  total?: number;
}

/** The command running as a job; one at a time. */
export interface Job {
  id: number;
  /** The `:` line it runs. */
  line: string;
  progress: JobProgress | null;
  cancelling: boolean;
}

/**
 * How the last job asked for ended, for whoever asked (the Layers pane's `layers REF`): never
 * read from the status message. `refused`: another job was running, this one never ran.
 */
export interface JobEnd {
  line: string;
  ok: boolean;
  cancelled: boolean;
  refused: boolean;
  /** What failed, as the app says it; null when it succeeded (or was refused). */
  error: string | null;
}

/** A question a command asked (`confirm(question, details)`), waiting for y or n. */
export interface PendingConfirm {
  id: number;
  question: string;
  details: string[];
}

export interface Message {
  text: string;
  kind: 'info' | 'error';
}

export interface AppState {
  connection: {
    status: 'connecting' | 'connected' | 'disconnected';
    /** The docker context in use (`default` when DOCKER_HOST, --host or the default socket). */
    context: string;
    endpoint: string;
    version: EngineVersion | null;
    /** Found after the first frame; null until then (and after a switch, until found again). */
    capabilities?: EngineCapabilities | null;
    error: string | null;
  };
  rows: ImageRow[];
  loaded: boolean;
  disk: DiskUsage | null;
  pane: Pane;
  overlay: Overlay;
  size: { columns: number; rows: number };
  /** The selected row's key, so live reloads keep the selection on the same image. */
  cursorKey: string | null;
  /** How many rows PgUp/PgDn move; set by the view from its height. */
  pageSize: number;
  marked: string[];
  sort: SortKey;
  /** The sort's order turned round (O). */
  sortReverse?: boolean;
  showAll: boolean;
  filters: RowFilters;
  /** `cursor`: the line editor's, a UTF-16 index into the text (absent: at the end); the Layers filter shares it. */
  search: { editing: boolean; query: string; cursor?: number };
  commandLine: { editing: boolean; text: string; cursor?: number };
  prompt: PromptState;
  message: Message | null;
  details: {
    ref: string;
    data: ImageDetails | null;
    history: HistoryEntry[] | null;
    error: string | null;
  } | null;
  output: { title: string; text: string } | null;
  job: Job | null;
  lastJob: JobEnd | null;
  confirm: PendingConfirm | null;
  layers: LayersState;
  /** The Build pane: the last build, or the debug session. */
  build: BuildView;
  theme: string;
  quitting: boolean;
  /** A shell or the editor is taking the terminal: the app reads no keys until it is back. */
  handover: boolean;
}

export function initialState(endpoint: string, theme = 'dark', size = { columns: 120, rows: 40 }, context = 'default'): AppState {
  return {
    connection: { status: 'connecting', context, endpoint, version: null, error: null },
    rows: [],
    loaded: false,
    disk: null,
    pane: 'images',
    overlay: null,
    size,
    cursorKey: null,
    pageSize: 10,
    marked: [],
    sort: 'created',
    showAll: false,
    filters: NO_FILTERS,
    search: { editing: false, query: '' },
    commandLine: { editing: false, text: '' },
    prompt: INITIAL_PROMPT,
    message: null,
    details: null,
    output: null,
    job: null,
    lastJob: null,
    confirm: null,
    layers: INITIAL_LAYERS,
    build: EMPTY_BUILD,
    theme,
    quitting: false,
    handover: false,
  };
}
