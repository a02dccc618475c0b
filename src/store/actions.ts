import type { DiskUsage, EngineCapabilities, EngineVersion, HistoryEntry, ImageDetails } from '../domain/images/details.js';
import type { ImageRow } from '../domain/images/image.js';
import type { SortKey } from '../domain/images/sort.js';
import type { BuildAction } from './build.js';
import type { LayersAction } from './layers.js';
import type { PromptAction } from './prompt.js';
import type { JobProgress, Message, Overlay, Pane } from './state.js';

export type Action =
  | { type: 'connection/connecting' }
  | { type: 'connection/connected'; version: EngineVersion }
  | { type: 'connection/capabilities'; capabilities: EngineCapabilities }
  | { type: 'connection/lost'; error: string }
  /** Another engine (context) is in use now: what belonged to the old one goes. */
  | { type: 'connection/switched'; context: string; endpoint: string }
  | { type: 'images/loaded'; rows: ImageRow[] }
  | { type: 'disk/loaded'; disk: DiskUsage }
  | { type: 'pane/set'; pane: Pane }
  | { type: 'pane/cycle'; delta: 1 | -1 }
  | { type: 'overlay/open'; overlay: Exclude<Overlay, null> }
  | { type: 'overlay/close' }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'page/size'; pageSize: number }
  | { type: 'cursor/move'; delta: number }
  | { type: 'cursor/edge'; edge: 'top' | 'bottom' }
  | { type: 'cursor/page'; delta: 1 | -1 }
  | { type: 'mark/toggle' }
  | { type: 'mark/clear' }
  | { type: 'sort/cycle' }
  | { type: 'sort/reverse' }
  | { type: 'sort/set'; sort: SortKey }
  | { type: 'toggle/all' }
  | { type: 'toggle/dangling' }
  | { type: 'toggle/inUse' }
  | { type: 'search/start' }
  /** cursor: where the line editor's cursor is (absent: at the end) */
  | { type: 'search/set'; query: string; cursor?: number }
  | { type: 'search/accept' }
  | { type: 'search/clear' }
  | { type: 'cmdline/open'; text?: string; back?: number }
  | { type: 'cmdline/set'; text: string; cursor?: number }
  | { type: 'cmdline/close' }
  | { type: 'cmdline/submit' }
  | { type: 'message/set'; message: Message | null }
  | { type: 'details/open'; ref: string }
  | { type: 'details/loaded'; ref: string; data: ImageDetails; history: HistoryEntry[] }
  | { type: 'details/failed'; ref: string; error: string }
  | { type: 'output/show'; title: string; text: string }
  | { type: 'job/start'; id: number; line: string }
  | { type: 'job/progress'; id: number; progress: JobProgress }
  | { type: 'job/cancelling'; id: number }
  /** The job ended; `error`: what failed (absent or null: it succeeded). */
  | { type: 'job/end'; id: number; cancelled?: boolean; error?: string | null }
  /** `line` was not run: another job was running. */
  | { type: 'job/refused'; line: string }
  | { type: 'confirm/open'; id: number; question: string; details: string[] }
  | { type: 'confirm/close'; id: number }
  | { type: 'theme/set'; theme: string }
  | { type: 'quit' }
  | { type: 'handover'; active: boolean }
  | LayersAction
  | PromptAction
  | BuildAction;
